package graph

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/uuid"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/pandac/pandac/internal/aggregate"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/loader"
	"github.com/pandac/pandac/internal/pos"
)

// Authorize returns the field middleware that enforces the permission table
// (internal/auth/policy) on every field the executor resolves, at any depth:
// a root field needs its operation's rule; a field needs its own rule when the
// table lists it as sensitive, and the rule of the object type it returns, so
// an edge never widens what the root granted; a where argument may only
// filter on fields and edges the caller may read, and an orderBy only sort by
// them. The rules are resolved once per schema field, so a field without one
// costs a map lookup.
func Authorize(schema *ast.Schema) graphql.FieldMiddleware {
	g := NewGuards(schema)
	return func(ctx context.Context, next graphql.Resolver) (any, error) {
		fc := graphql.GetFieldContext(ctx)
		if gd := g.fields[fc.Field.Definition]; gd != nil {
			if err := gd.check(ctx, g, fc); err != nil {
				return nil, err
			}
			if gd.query {
				// Edges loaded with this field's rows that the caller may
				// not read come back empty; their fields say FORBIDDEN.
				ctx = policy.HideDenied(ctx)
			}
		}
		return next(ctx)
	}
}

// Guards are the permission table resolved against one schema.
type Guards struct {
	schema *ast.Schema
	fields map[*ast.FieldDefinition]*fieldGuard
	// inputs maps a where-input type to what each of its fields reads.
	inputs map[string]map[string]filterTarget
	// orders maps an order-field enum to the object field of each value.
	orders map[string]map[string]string
}

// fieldGuard is what one schema field needs.
type fieldGuard struct {
	rules []namedRule
	// where and orderBy name the argument types to check, when the field
	// takes them.
	where, order string
	object       string
	// nested are where-inputs reached through the fields of an input
	// argument (salesAnalytics' input.filter.sale): checked as where is.
	nested []nestedWhere
	// query marks a root field of Query (see policy.HideDenied).
	query bool
}

// nestedWhere is a where-input at a path of argument and input field names.
type nestedWhere struct {
	path  []string
	input string
}

type namedRule struct {
	rule policy.Rule
	what string
}

// filterTarget is what one where-input field reads: a field of object, or an
// edge to another type (with a where-input of its own when nested is set).
type filterTarget struct {
	object, field string
	// edgeTo is the type an edge predicate reaches; empty for a field.
	edgeTo string
	// nested is the where-input type of has<Edge>With; logical marks and/or/not.
	nested  string
	logical bool
}

// NewGuards resolves the permission table against schema.
func NewGuards(schema *ast.Schema) *Guards {
	g := &Guards{
		schema: schema,
		fields: map[*ast.FieldDefinition]*fieldGuard{},
		inputs: map[string]map[string]filterTarget{},
		orders: map[string]map[string]string{},
	}
	roots := map[string]bool{}
	for _, op := range []*ast.Definition{schema.Query, schema.Mutation, schema.Subscription} {
		if op != nil {
			roots[op.Name] = true
		}
	}
	for _, def := range schema.Types {
		if def.Kind != ast.Object || strings.HasPrefix(def.Name, "__") {
			continue
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if gd := g.guardFor(def, f, roots[def.Name]); gd != nil {
				g.fields[f] = gd
			}
		}
	}
	return g
}

func (g *Guards) guardFor(def *ast.Definition, f *ast.FieldDefinition, root bool) *fieldGuard {
	name := def.Name + "." + f.Name
	gd := &fieldGuard{object: f.Type.Name(), query: root && g.schema.Query != nil && def.Name == g.schema.Query.Name}
	self := false
	if root {
		r := policy.Operation(name)
		gd.rules = append(gd.rules, namedRule{r, name})
		self = r.Self
	} else if r, ok := policy.Field(def.Name, f.Name); ok {
		if base, op, isAgg := aggregate.Base(def.Name); isAgg && op != "" {
			// policy.Field gave the aggregated field's rule; name that field.
			name = op + " of " + base + "." + f.Name
		}
		gd.rules = append(gd.rules, namedRule{r, name})
		self = r.Self || r.Owner
	}
	if ret := g.schema.Types[f.Type.Name()]; !self && ret != nil && ret.Kind == ast.Object {
		if r := policy.Type(ret.Name); !r.Inherit && !r.Public {
			gd.rules = append(gd.rules, namedRule{r, "reading " + ret.Name})
		}
	}
	for _, a := range f.Arguments {
		switch {
		case a.Name == "where" && strings.HasSuffix(a.Type.Name(), "WhereInput"):
			gd.where = a.Type.Name()
			g.buildInput(a.Type.Name())
		case a.Name == "orderBy":
			if in := g.schema.Types[a.Type.Name()]; in != nil {
				if fld := in.Fields.ForName("field"); fld != nil {
					gd.order = fld.Type.Name()
					g.buildOrder(fld.Type.Name(), strings.TrimSuffix(a.Type.Name(), "Order"))
				}
			}
		default:
			for _, nw := range g.findWheres(a.Type.Name(), []string{a.Name}, map[string]bool{}) {
				gd.nested = append(gd.nested, nw)
				g.buildInput(nw.input)
			}
		}
	}
	if len(gd.rules) == 0 && gd.where == "" && gd.order == "" && len(gd.nested) == 0 {
		return nil
	}
	return gd
}

// findWheres lists the where-inputs an input type holds, at any depth, with
// their paths; seen stops recursive input types.
func (g *Guards) findWheres(typ string, path []string, seen map[string]bool) []nestedWhere {
	def := g.schema.Types[typ]
	if def == nil || def.Kind != ast.InputObject || seen[typ] {
		return nil
	}
	if strings.HasSuffix(typ, "WhereInput") {
		return []nestedWhere{{path: path, input: typ}}
	}
	seen[typ] = true
	defer delete(seen, typ)
	var out []nestedWhere
	for _, f := range def.Fields {
		out = append(out, g.findWheres(f.Type.Name(), append(slices.Clone(path), f.Name), seen)...)
	}
	return out
}

// valuesAtPath returns the values found at path in decoded arguments,
// across lists.
func valuesAtPath(v any, path []string) []any {
	if v == nil {
		return nil
	}
	if l, ok := v.([]any); ok {
		var out []any
		for _, e := range l {
			out = append(out, valuesAtPath(e, path)...)
		}
		return out
	}
	if len(path) == 0 {
		return []any{v}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	return valuesAtPath(m[path[0]], path[1:])
}

// buildInput maps each field of a where-input type to what it reads, by
// entgql's naming: <field><Suffix> predicates, has<Edge>[With], and/or/not.
func (g *Guards) buildInput(inputType string) {
	if _, done := g.inputs[inputType]; done {
		return
	}
	targets := map[string]filterTarget{}
	g.inputs[inputType] = targets
	in := g.schema.Types[inputType]
	obj := g.schema.Types[strings.TrimSuffix(inputType, "WhereInput")]
	if in == nil || obj == nil {
		return
	}
	for _, k := range in.Fields {
		switch k.Name {
		case "not", "and", "or":
			targets[k.Name] = filterTarget{logical: true}
			continue
		}
		for _, f := range obj.Fields {
			ret := g.schema.Types[f.Type.Name()]
			isEdge := ret != nil && ret.Kind == ast.Object
			if isEdge {
				has := "has" + upperFirst(f.Name)
				switch k.Name {
				case has:
					targets[k.Name] = filterTarget{object: obj.Name, field: f.Name, edgeTo: ret.Name}
				case has + "With":
					nested := k.Type.Name()
					targets[k.Name] = filterTarget{object: obj.Name, field: f.Name, edgeTo: ret.Name, nested: nested}
					g.buildInput(nested)
				}
				continue
			}
			if suffix, ok := strings.CutPrefix(k.Name, f.Name); ok && predicateSuffixes[suffix] {
				if prev, seen := targets[k.Name]; !seen || len(prev.field) < len(f.Name) {
					targets[k.Name] = filterTarget{object: obj.Name, field: f.Name}
				}
			}
		}
	}
}

// predicateSuffixes are the endings entgql gives a field's where predicates.
var predicateSuffixes = map[string]bool{
	"": true, "NEQ": true, "In": true, "NotIn": true, "GT": true, "GTE": true, "LT": true, "LTE": true,
	"Contains": true, "HasPrefix": true, "HasSuffix": true, "EqualFold": true, "ContainsFold": true,
	"IsNil": true, "NotNil": true,
}

// buildOrder maps each value of an order-field enum (PRICE) to the object
// field it sorts by (price); values naming no field (aggregates) map to "".
func (g *Guards) buildOrder(enum, object string) {
	if _, done := g.orders[enum]; done {
		return
	}
	m := map[string]string{}
	g.orders[enum] = m
	e, obj := g.schema.Types[enum], g.schema.Types[object]
	if e == nil || obj == nil {
		return
	}
	for _, v := range e.EnumValues {
		if f := obj.Fields.ForName(lowerCamel(v.Name)); f != nil {
			m[v.Name] = f.Name
		}
	}
}

func (gd *fieldGuard) check(ctx context.Context, g *Guards, fc *graphql.FieldContext) error {
	for _, r := range gd.rules {
		if r.rule.Owner && policy.CallerFrom(ctx) != nil {
			// The resolver admits the owner; it calls auth.CheckOwned.
			continue
		}
		if err := auth.Check(ctx, r.rule, r.what); err != nil {
			return err
		}
	}
	if gd.where == "" && gd.order == "" && len(gd.nested) == 0 {
		return nil
	}
	args := fc.Field.ArgumentMap(graphql.GetOperationContext(ctx).Variables)
	for _, nw := range gd.nested {
		for _, w := range valuesAtPath(args[nw.path[0]], nw.path[1:]) {
			if err := g.checkFilter(ctx, nw.input, w); err != nil {
				return err
			}
		}
	}
	if w, ok := args["where"]; ok && gd.where != "" {
		if err := g.checkFilter(ctx, gd.where, w); err != nil {
			return err
		}
	}
	if o, ok := args["orderBy"]; ok && gd.order != "" {
		if err := g.checkOrder(ctx, gd.order, gd.object, o); err != nil {
			return err
		}
	}
	return nil
}

// CheckFilter checks that a where value (as decoded from the query and its
// variables) filters only on fields and edges the caller may read.
func (g *Guards) checkFilter(ctx context.Context, inputType string, v any) error {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		for _, e := range v {
			if err := g.checkFilter(ctx, inputType, e); err != nil {
				return err
			}
		}
		return nil
	case map[string]any:
		targets := g.inputs[inputType]
		// In key order, so a filter refused on two fields always names
		// the same one.
		for _, k := range slices.Sorted(maps.Keys(v)) {
			val := v[k]
			t, ok := targets[k]
			switch {
			case !ok:
				return auth.Check(ctx, policy.Deny, "filtering on "+inputType+"."+k)
			case t.logical:
				if err := g.checkFilter(ctx, inputType, val); err != nil {
					return err
				}
				continue
			}
			what := "filtering on " + t.object + "." + t.field
			if r, ok := policy.Field(t.object, t.field); ok {
				if err := auth.Check(ctx, r, what); err != nil {
					return err
				}
			}
			if t.edgeTo != "" {
				if err := auth.Check(ctx, policy.Type(t.edgeTo), what); err != nil {
					return err
				}
				if t.nested != "" {
					if err := g.checkFilter(ctx, t.nested, val); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

func (g *Guards) checkOrder(ctx context.Context, enum, connection string, v any) error {
	object := strings.TrimSuffix(connection, "Connection")
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			if err := g.checkOrder(ctx, enum, connection, e); err != nil {
				return err
			}
		}
	case map[string]any:
		name, _ := v["field"].(string)
		if field := g.orders[enum][name]; field != "" {
			if r, ok := policy.Field(object, field); ok {
				return auth.Check(ctx, r, "ordering by "+object+"."+field)
			}
		}
	}
	return nil
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// lowerCamel turns an enum value (LOYALTY_POINTS) into a field name
// (loyaltyPoints).
func lowerCamel(s string) string {
	parts := strings.Split(strings.ToLower(s), "_")
	for i := 1; i < len(parts); i++ {
		parts[i] = upperFirst(parts[i])
	}
	return strings.Join(parts, "")
}

// ownedField answers a field the table gives its object's owner and the
// permissions of its rule (policy.Rule.Owner); anyone else gets FORBIDDEN.
// owner reads who owns the object; it is called only for a caller the
// permissions alone do not admit, since field collection may not have loaded
// the owner column.
func ownedField[T any](ctx context.Context, typ, field string, owner func() (*uuid.UUID, error), v T) (T, error) {
	var zero T
	rule, _ := policy.Field(typ, field)
	if rule.Allows(policy.CallerFrom(ctx)) {
		return v, nil
	}
	who, err := owner()
	if err != nil {
		return zero, err
	}
	if err := auth.CheckOwned(ctx, rule, typ+"."+field, who); err != nil {
		return zero, err
	}
	return v, nil
}

// staffMember answers a cashier edge with the staff view of the user.
func (r *Resolver) staffMember(ctx context.Context, id *uuid.UUID) (*pos.StaffMember, error) {
	if id == nil {
		return nil, nil
	}
	if l := loader.For(ctx); l != nil {
		m, err := l.Staff.Load(ctx, *id)()
		var nf *loader.NotFoundError
		if errors.As(err, &nf) {
			return nil, nil
		}
		return m, err
	}
	staff, err := r.POS.Staff().StaffMembers(ctx, []uuid.UUID{*id})
	return staff[*id], err
}
