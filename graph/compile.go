package graph

import (
	"context"
	"io"
	"reflect"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/uuid"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/ids"
)

// ReadCompiler answers the root fields of a query that read rows and
// nothing else (a connection of an ent type, or node(id)) with one SQL
// statement each, the way Hasura and PostGraphile do, instead of gqlgen's
// field-by-field execution over ent structs. The statement selects exactly
// the columns asked for, nests edges as JSON built by the database, applies
// where, orderBy, cursors and page sizes through the same generated pager
// Paginate uses (ent/gql_compile.go), and the answer is written straight from
// its one row.
//
// A root field is compiled only when every field under it is a stored
// column, an ent edge, totalCount, pageInfo or __typename, and the caller's
// role may read all of it by the permission table (checked once, when the
// plan is made); anything else (custom resolvers such as receipt, aggregate,
// directives, a field the role may not read, which must answer FORBIDDEN at
// its path) runs through gqlgen as before, and a document may mix both.
// Plans are cached per document, operation and role. The answer is the same,
// byte for byte, as gqlgen's: the differential test runs both ways.
type ReadCompiler struct {
	es       *executableSchema
	client   *ent.Client
	schema   *ast.Schema
	guards   *Guards
	postgres bool
	// resolved holds "Type.field" for every field with a resolver of its own.
	resolved map[string]bool

	mu    sync.Mutex
	plans map[planKey]*rootPlan

	// OnError, when set, hears of a compiled statement that failed; the
	// field is then answered by the resolvers.
	OnError func(ctx context.Context, err error)
	// OnAnswer, when set, hears how each root field of a query was
	// answered: compiled, or by the resolvers.
	OnAnswer func(compiled bool)
}

var _ interface {
	graphql.HandlerExtension
	graphql.RootFieldInterceptor
} = (*ReadCompiler)(nil)

// maxPlans bounds the plan cache; past it the cache starts over.
const maxPlans = 2000

// planKey is what a plan depends on: the document, the operation, the root
// field (by its position's alias) and the caller's role.
type planKey struct {
	query, operation, alias string
	perms                   policy.Set
	signedIn                bool
}

// NewReadCompiler returns the compiler for es (made by NewExecutableSchema)
// over client.
func NewReadCompiler(es graphql.ExecutableSchema, client *ent.Client) *ReadCompiler {
	return &ReadCompiler{
		es:       es.(*executableSchema),
		client:   client,
		schema:   es.Schema(),
		guards:   NewGuards(es.Schema()),
		postgres: client.Dialect() == "postgres",
		resolved: resolvedFields(),
		plans:    map[planKey]*rootPlan{},
	}
}

// resolvedFields lists the fields gqlgen answers through a resolver method
// (ResolverRoot's per-type interfaces): never a plain column.
func resolvedFields() map[string]bool {
	out := map[string]bool{}
	root := reflect.TypeFor[ResolverRoot]()
	for i := range root.NumMethod() {
		m := root.Method(i)
		if m.Type.NumOut() != 1 || m.Type.Out(0).Kind() != reflect.Interface {
			continue
		}
		iface := m.Type.Out(0)
		for j := range iface.NumMethod() {
			out[strings.ToLower(m.Name+"."+iface.Method(j).Name)] = true
		}
	}
	return out
}

func (c *ReadCompiler) hasResolver(typ, field string) bool {
	return c.resolved[strings.ToLower(typ+"."+field)]
}

// ExtensionName implements graphql.HandlerExtension.
func (*ReadCompiler) ExtensionName() string { return "PandacReadCompiler" }

// Validate implements graphql.HandlerExtension.
func (*ReadCompiler) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptRootField implements graphql.RootFieldInterceptor: a compiled
// root field is answered from its statement; any other, or one whose
// arguments or data need gqlgen's own answer (an error), goes to next.
func (c *ReadCompiler) InterceptRootField(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	op := graphql.GetOperationContext(ctx)
	rf := graphql.GetRootFieldContext(ctx)
	if op == nil || rf == nil || op.Operation == nil || op.Operation.Operation != ast.Query {
		return next(ctx)
	}
	plan := c.plan(ctx, op, rf.Field)
	if plan == nil {
		return c.resolve(ctx, next)
	}
	out, ok, err := plan.run(ctx, c, op, rf.Field)
	if err != nil {
		// The resolvers answer instead, with their own error if the
		// database is the cause, nulls propagating as the schema says.
		if c.OnError != nil && ctx.Err() == nil {
			c.OnError(ctx, err)
		}
		return c.resolve(ctx, next)
	}
	if !ok {
		return c.resolve(ctx, next)
	}
	if c.OnAnswer != nil {
		c.OnAnswer(true)
	}
	return rawJSON(out)
}

// resolve answers a root field through gqlgen's resolvers.
func (c *ReadCompiler) resolve(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	if c.OnAnswer != nil {
		c.OnAnswer(false)
	}
	return next(ctx)
}

// rawJSON is an answer already written.
type rawJSON []byte

// MarshalGQL implements graphql.Marshaler.
func (r rawJSON) MarshalGQL(w io.Writer) { _, _ = w.Write(r) }

// plan returns the cached plan of the root field, making it on first use;
// nil when the field does not compile.
func (c *ReadCompiler) plan(ctx context.Context, op *graphql.OperationContext, field graphql.CollectedField) *rootPlan {
	caller := policy.CallerFrom(ctx)
	key := planKey{query: op.RawQuery, operation: op.OperationName, alias: field.Alias}
	if caller != nil {
		key.perms, key.signedIn = caller.Perms, true
	}
	c.mu.Lock()
	p, ok := c.plans[key]
	c.mu.Unlock()
	if ok {
		return p
	}
	p = c.compileRoot(caller, field)
	c.mu.Lock()
	if len(c.plans) >= maxPlans {
		c.plans = map[planKey]*rootPlan{}
	}
	c.plans[key] = p
	c.mu.Unlock()
	return p
}

// rootPlan is a compiled root field: a connection of one type, or node.
type rootPlan struct {
	// args decodes the field's arguments as gqlgen does.
	args  func(ec *executionContext, ctx context.Context, raw map[string]any) (map[string]any, error)
	guard *fieldGuard
	// conn is set for a connection field.
	conn *connectionPlan
	// node is set for node(id): a plan per type, made when an id of that
	// type first comes.
	node     *nodePlan
	compiler *ReadCompiler
}

// connectionPlan is what a connection selects.
type connectionPlan struct {
	typ    *ent.CompiledType
	name   string // the connection type, for __typename
	fields []connField
	// node is the plan of edges.node; nil when no edge selects a node.
	node *objectPlan
	// count: totalCount or pageInfo is selected; edges: edges is.
	count, edges, cursors bool
}

type connKind int

const (
	connTypename connKind = iota
	connTotal
	connPageInfo
	connEdges
)

// connField is one field selected on the connection.
type connField struct {
	alias string
	kind  connKind
	// sub are pageInfo's or an edge's fields.
	sub []subField
}

// subField is a field of pageInfo or of an edge.
type subField struct {
	alias, name string
	// typename is the object's name when name is __typename.
	typename string
}

// nodePlan compiles node(id) per concrete type.
type nodePlan struct {
	field graphql.CollectedField
	mu    sync.Mutex
	types map[string]*objectPlan
}

// compileRoot makes the plan of a root field for the caller's role, or nil.
func (c *ReadCompiler) compileRoot(caller *policy.Caller, field graphql.CollectedField) *rootPlan {
	if field.Definition == nil || hasDirectives(field.Field) {
		return nil
	}
	gd := c.guards.fields[field.Definition]
	p := &rootPlan{guard: gd, compiler: c}
	if field.Name == "node" {
		p.args = (*executionContext).field_Query_node_args
		p.node = &nodePlan{field: field, types: map[string]*objectPlan{}}
		return p
	}
	args, ok := connectionArgs[field.Name]
	if !ok {
		return nil
	}
	p.args = args
	connType := field.Definition.Type.Name()
	nodeType := strings.TrimSuffix(connType, "Connection")
	typ := ent.CompiledTypes[nodeType]
	if typ == nil || !strings.HasSuffix(connType, "Connection") {
		return nil
	}
	if !rulesAllow(caller, gd, true) {
		return nil
	}
	cp := &connectionPlan{typ: typ, name: connType}
	for _, sel := range field.Selections {
		f, ok := sel.(*ast.Field)
		if !ok || hasDirectives(f) {
			return nil
		}
		cf := connField{alias: f.Alias}
		switch f.Name {
		case "__typename":
			cf.kind = connTypename
		case "totalCount":
			cf.kind = connTotal
			cp.count = true
		case "pageInfo":
			cf.kind = connPageInfo
			cp.count = true
			sub, ok := c.subFields(f, "PageInfo", []string{"hasNextPage", "hasPreviousPage", "startCursor", "endCursor"})
			if !ok {
				return nil
			}
			for _, s := range sub {
				if s.name == "startCursor" || s.name == "endCursor" {
					cp.cursors = true
				}
			}
			cf.sub = sub
		case "edges":
			cf.kind = connEdges
			cp.edges = true
			edgeType := f.Definition.Type.Name()
			for _, s := range f.SelectionSet {
				ef, ok := s.(*ast.Field)
				if !ok || hasDirectives(ef) {
					return nil
				}
				switch ef.Name {
				case "__typename":
					cf.sub = append(cf.sub, subField{alias: ef.Alias, name: ef.Name, typename: edgeType})
				case "cursor":
					cp.cursors = true
					cf.sub = append(cf.sub, subField{alias: ef.Alias, name: ef.Name})
				case "node":
					// One node selection per connection: a second, under
					// another alias, runs through gqlgen.
					node := c.compileObject(caller, typ, ef.SelectionSet)
					if node == nil || cp.node != nil {
						return nil
					}
					cp.node = node
					cf.sub = append(cf.sub, subField{alias: ef.Alias, name: ef.Name})
				default:
					return nil
				}
			}
		default:
			return nil
		}
		cp.fields = append(cp.fields, cf)
	}
	if cp.node == nil {
		// Edges selecting only cursors still read the rows.
		cp.node = &objectPlan{typ: typ}
	}
	p.conn = cp
	return p
}

// subFields reads a selection of plain fields among allowed, plus __typename.
func (c *ReadCompiler) subFields(f *ast.Field, typename string, allowed []string) ([]subField, bool) {
	var out []subField
	for _, s := range f.SelectionSet {
		sf, ok := s.(*ast.Field)
		if !ok || hasDirectives(sf) {
			return nil, false
		}
		if sf.Name == "__typename" {
			out = append(out, subField{alias: sf.Alias, name: sf.Name, typename: typename})
			continue
		}
		found := false
		for _, a := range allowed {
			found = found || a == sf.Name
		}
		if !found {
			return nil, false
		}
		out = append(out, subField{alias: sf.Alias, name: sf.Name})
	}
	return out, true
}

// rulesAllow reports whether the role alone passes every rule of a field
// (ownership, which depends on the row, never counts), so the plan holds for
// every caller of the role. A root field's where and orderBy are checked per
// request.
func rulesAllow(caller *policy.Caller, gd *fieldGuard, root bool) bool {
	if gd == nil {
		return true
	}
	if !root && (gd.where != "" || gd.order != "" || len(gd.nested) > 0) {
		return false
	}
	for _, r := range gd.rules {
		if r.rule.Owner || r.rule.Self || !r.rule.Allows(caller) {
			return false
		}
	}
	return true
}

// hasDirectives reports a selection with directives (@skip, @include,
// @defer): its shape depends on variables or on streaming.
func hasDirectives(f *ast.Field) bool {
	if f == nil {
		return true
	}
	if len(f.Directives) > 0 {
		return true
	}
	for _, s := range f.SelectionSet {
		switch s := s.(type) {
		case *ast.Field:
			if hasDirectives(s) {
				return true
			}
		case *ast.InlineFragment:
			if len(s.Directives) > 0 {
				return true
			}
			for _, inner := range s.SelectionSet {
				if f, ok := inner.(*ast.Field); ok && hasDirectives(f) {
					return true
				}
			}
		case *ast.FragmentSpread:
			if len(s.Directives) > 0 || s.Definition == nil || len(s.Definition.Directives) > 0 {
				return true
			}
		}
	}
	return false
}

// objectPlan is the selection on one object: the row's elements (columns
// and edges, in the order the statement builds them) and the fields
// written, in the order of the query.
type objectPlan struct {
	typ    *ent.CompiledType
	elems  []elem
	fields []objField
}

// elem is one element of a row: a column or an edge.
type elem struct {
	column string
	edge   *ent.CompiledEdge
	child  *objectPlan
}

// objField is one field written for an object.
type objField struct {
	alias string
	// typename is set for __typename.
	typename string
	// elem is the row element the field reads.
	elem int
	// scalar is the GraphQL scalar or enum name of a column.
	scalar string
	// list marks a to-many edge.
	list bool
	// zero is what a NULL in a column that is not nillable reads as: the
	// Go zero value ent scans it to, as JSON.
	zero string
}

// compileObject plans a selection on an object of typ; nil when anything in
// it does not compile or the role may not read it.
func (c *ReadCompiler) compileObject(caller *policy.Caller, typ *ent.CompiledType, sel ast.SelectionSet) *objectPlan {
	def := c.schema.Types[typ.Name]
	if def == nil || !policy.Type(typ.Name).Allows(caller) {
		return nil
	}
	p := &objectPlan{typ: typ}
	fields, ok := c.flatten(sel, def)
	if !ok {
		return nil
	}
	for _, f := range fields {
		if f.Name == "__typename" {
			p.fields = append(p.fields, objField{alias: f.Alias, typename: typ.Name})
			continue
		}
		fd := def.Fields.ForName(f.Name)
		if fd == nil || len(fd.Arguments) > 0 || c.hasResolver(typ.Name, f.Name) || !rulesAllow(caller, c.guards.fields[fd], false) {
			return nil
		}
		if col, ok := typ.Columns[f.Name]; ok && len(f.SelectionSet) == 0 {
			scalar := fd.Type.Name()
			if !compilableScalar(c.schema, scalar, col) {
				return nil
			}
			of := objField{alias: f.Alias, elem: p.column(col.Column), scalar: scalar}
			if !col.Nillable {
				of.zero = zeroJSON(col)
			}
			p.fields = append(p.fields, of)
			continue
		}
		edge, ok := typ.Edges[f.Name]
		if !ok || edge.M2M {
			return nil
		}
		target := ent.CompiledTypes[edge.Type]
		if target == nil {
			return nil
		}
		child := c.compileObject(caller, target, f.SelectionSet)
		if child == nil {
			return nil
		}
		e := edge
		p.elems = append(p.elems, elem{edge: &e, child: child})
		p.fields = append(p.fields, objField{alias: f.Alias, elem: len(p.elems) - 1, list: !edge.Unique})
	}
	return p
}

// column returns the element reading col, adding it once.
func (p *objectPlan) column(col string) int {
	for i, e := range p.elems {
		if e.edge == nil && e.column == col {
			return i
		}
	}
	p.elems = append(p.elems, elem{column: col})
	return len(p.elems) - 1
}

// flatten lists the fields of a selection on def, fragments spread in
// order; false when a fragment is on another type.
func (c *ReadCompiler) flatten(sel ast.SelectionSet, def *ast.Definition) ([]*ast.Field, bool) {
	var out []*ast.Field
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if hasDirectives(s) {
				return nil, false
			}
			out = append(out, s)
		case *ast.InlineFragment:
			if len(s.Directives) > 0 || !c.applies(s.TypeCondition, def) {
				return nil, false
			}
			inner, ok := c.flatten(s.SelectionSet, def)
			if !ok {
				return nil, false
			}
			out = append(out, inner...)
		case *ast.FragmentSpread:
			if len(s.Directives) > 0 || s.Definition == nil || !c.applies(s.Definition.TypeCondition, def) {
				return nil, false
			}
			inner, ok := c.flatten(s.Definition.SelectionSet, def)
			if !ok {
				return nil, false
			}
			out = append(out, inner...)
		}
	}
	// A field selected twice under one alias is merged by GraphQL; keep the
	// simple case only.
	seen := map[string]bool{}
	for _, f := range out {
		if seen[f.Alias] {
			return nil, false
		}
		seen[f.Alias] = true
	}
	return out, true
}

// applies reports whether a fragment on cond applies to def.
func (c *ReadCompiler) applies(cond string, def *ast.Definition) bool {
	if cond == "" || cond == def.Name {
		return true
	}
	for _, i := range def.Interfaces {
		if i == cond {
			return true
		}
	}
	return false
}

// compilableScalar reports whether a column of this kind is written the way
// gqlgen writes the GraphQL type.
func compilableScalar(schema *ast.Schema, scalar string, col ent.CompiledColumn) bool {
	if def := schema.Types[scalar]; def != nil && def.Kind == ast.Enum {
		return col.Kind == "enum" || col.Kind == "string"
	}
	switch scalar {
	case "ID", "UUID":
		return col.GoType == "uuid.UUID"
	case "String":
		return col.Kind == "string"
	case "Int":
		return strings.HasPrefix(col.Kind, "int") && col.GoType == col.Kind
	case "Float":
		return col.Kind == "float64"
	case "Boolean":
		return col.Kind == "bool"
	case "Time":
		return col.Kind == "time.Time"
	case "Decimal":
		return col.GoType == "money.Amount"
	}
	return false
}

// zeroJSON is the zero value of a column's Go type in the JSON the
// database builds, for a NULL stored in a column ent does not read as nil.
func zeroJSON(col ent.CompiledColumn) string {
	switch {
	case col.GoType == "uuid.UUID":
		return `"` + uuid.Nil.String() + `"`
	case col.Kind == "time.Time":
		return "null" // the zero time, which gqlgen writes as null
	case col.Kind == "bool":
		return "false"
	case col.Kind == "string" || col.Kind == "enum":
		return `""`
	default:
		return "0"
	}
}

// forType returns the plan of node(id) for an id of typ, made on first use;
// nil when that type does not compile.
func (n *nodePlan) forType(c *ReadCompiler, caller *policy.Caller, typ *ent.CompiledType) *objectPlan {
	n.mu.Lock()
	defer n.mu.Unlock()
	if p, ok := n.types[typ.Name]; ok {
		return p
	}
	p := c.compileObject(caller, typ, n.field.SelectionSet)
	n.types[typ.Name] = p
	return p
}

// nodeTypeOf is the compiled type an id names, by its table tag.
func nodeTypeOf(id uuid.UUID) *ent.CompiledType {
	table, ok := ids.Table(id)
	if !ok {
		return nil
	}
	return ent.CompiledTypes[auth.NodeTypes[table]]
}
