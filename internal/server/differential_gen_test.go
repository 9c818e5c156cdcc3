package server_test

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

// This file generates random GraphQL read requests from the schema, for the
// differential test (differential_test.go) to send both to the compiled read
// path and to the field-by-field one. Everything it makes is meant to pass
// validation (TestQueryGenValidates holds it to that); what the server then
// answers, data or errors, is not its concern: both paths must answer the
// same bytes either way.

// genDoc is one generated request.
type genDoc struct {
	Query string
	Vars  map[string]any
	// Prev, when set, is a request to send first: the cursor its answer
	// gives goes into Vars[Prev.Var], so the document reads the page before
	// or after the one Prev read.
	Prev *cursorStep
}

// cursorStep is the earlier page a genDoc pages on from.
type cursorStep struct {
	Query string
	Vars  map[string]any
	// Root is the response key of the connection whose pageInfo holds the
	// cursor; Take is "endCursor" or "startCursor"; Var is the variable of
	// the later document that receives it.
	Root, Take, Var string
}

// sampleValues are values found in the fixture, so predicates match rows.
type sampleValues struct {
	// fields holds, per object type and scalar field, the distinct values
	// read (decoded with json.Number), in a fixed order.
	fields map[string]map[string][]any
	// ids holds the ids of each Node type, in a fixed order.
	ids map[string][]string
}

// add records the scalar values of one object of the type, as decoded from
// an answer.
func (s *sampleValues) add(typ string, obj map[string]any) {
	if s.fields == nil {
		s.fields, s.ids = map[string]map[string][]any{}, map[string][]string{}
	}
	m := s.fields[typ]
	if m == nil {
		m = map[string][]any{}
		s.fields[typ] = m
	}
	for k, v := range obj {
		if v == nil {
			continue
		}
		if _, isObj := v.(map[string]any); isObj {
			continue
		}
		if _, isList := v.([]any); isList {
			continue
		}
		if !slices.ContainsFunc(m[k], func(x any) bool { return fmt.Sprint(x) == fmt.Sprint(v) }) {
			m[k] = append(m[k], v)
		}
		if k == "id" {
			s.ids[typ] = append(s.ids[typ], v.(string))
		}
	}
}

// sort puts every list in a fixed order, so one seed makes one corpus
// whatever order the database returned rows in.
func (s *sampleValues) sort() {
	for _, m := range s.fields {
		for _, vs := range m {
			sort.Slice(vs, func(i, j int) bool { return fmt.Sprint(vs[i]) < fmt.Sprint(vs[j]) })
		}
	}
	for _, ids := range s.ids {
		sort.Strings(ids)
	}
}

// queryGen writes random read documents over a schema. One queryGen, one
// seed and one sampleValues always give the same documents.
type queryGen struct {
	s    *ast.Schema
	rng  *rand.Rand
	vals *sampleValues
	// conns are Query's fields returning a connection; nodeTypes the Node
	// types that have ids in vals.
	conns     []*ast.FieldDefinition
	nodeTypes []string
	// MaxDepth bounds the object levels under a root entity (the entity is
	// level 1).
	MaxDepth int

	// The document being written.
	frags   []string
	varDefs []string
	vars    map[string]any
	n       int
}

// newQueryGen returns a generator over the schema, seeded.
func newQueryGen(s *ast.Schema, seed int64, vals *sampleValues) *queryGen {
	g := &queryGen{s: s, rng: rand.New(rand.NewSource(seed)), vals: vals, MaxDepth: 4}
	for _, f := range s.Query.Fields {
		if isConnection(s, f.Type.Name()) {
			g.conns = append(g.conns, f)
		}
	}
	for _, d := range s.PossibleTypes["Node"] {
		if len(vals.ids[d.Name]) > 0 {
			g.nodeTypes = append(g.nodeTypes, d.Name)
		}
	}
	sort.Strings(g.nodeTypes)
	return g
}

// isConnection reports a Relay connection type (edges, pageInfo).
func isConnection(s *ast.Schema, name string) bool {
	d := s.Types[name]
	return d != nil && d.Kind == ast.Object && strings.HasSuffix(name, "Connection") &&
		d.Fields.ForName("edges") != nil && d.Fields.ForName("pageInfo") != nil
}

func (g *queryGen) chance(p float64) bool { return g.rng.Float64() < p }

func (g *queryGen) pick(n int) int { return g.rng.Intn(n) }

func (g *queryGen) next(prefix string) string {
	g.n++
	return fmt.Sprintf("%s%d", prefix, g.n)
}

func (g *queryGen) reset() {
	g.frags, g.varDefs, g.vars, g.n = nil, nil, map[string]any{}, 0
}

// Doc writes one document: most often one root connection, else node or
// nodes, sometimes with a second root field beside it.
func (g *queryGen) Doc() genDoc {
	g.reset()
	var roots []string
	var prev *cursorStep
	switch r := g.rng.Float64(); {
	case r < 0.68:
		root, p := g.connectionRoot(g.conns[g.pick(len(g.conns))], "")
		roots, prev = append(roots, root), p
	case r < 0.84:
		roots = append(roots, g.nodeRoot(""))
	default:
		roots = append(roots, g.nodesRoot(""))
	}
	if g.chance(0.2) {
		alias := g.next("r")
		switch r := g.rng.Float64(); {
		case r < 0.7:
			root, _ := g.connectionRoot(g.conns[g.pick(len(g.conns))], alias)
			roots = append(roots, root)
		case r < 0.9:
			roots = append(roots, g.nodeRoot(alias))
		default:
			roots = append(roots, alias+": me { id username }")
		}
	}
	if g.chance(0.1) {
		roots = append(roots, "__typename")
	}
	var b strings.Builder
	b.WriteString("query")
	if g.chance(0.4) {
		b.WriteString(" " + g.next("Q"))
	}
	if len(g.varDefs) > 0 {
		b.WriteString("(" + strings.Join(g.varDefs, ", ") + ")")
	}
	b.WriteString(" { " + strings.Join(roots, " ") + " }")
	for _, f := range g.frags {
		b.WriteString("\n" + f)
	}
	d := genDoc{Query: b.String(), Vars: g.vars, Prev: prev}
	if len(d.Vars) == 0 {
		d.Vars = nil
	}
	return d
}

// arg renders one argument, as a literal or (sometimes) as a new variable.
func (g *queryGen) arg(name string, t *ast.Type, v any) string {
	if g.chance(0.3) {
		vn := g.next("v")
		g.varDefs = append(g.varDefs, "$"+vn+": "+t.String())
		g.vars[vn] = v
		return name + ": $" + vn
	}
	return name + ": " + g.literal(t, v)
}

// literal renders v as a GraphQL value of type t.
func (g *queryGen) literal(t *ast.Type, v any) string {
	if v == nil {
		return "null"
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			return g.literal(t.Elem, v)
		}
		parts := make([]string, len(list))
		for i, e := range list {
			parts[i] = g.literal(t.Elem, e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	d := g.s.Types[t.NamedType]
	switch d.Kind {
	case ast.Enum:
		return fmt.Sprint(v)
	case ast.InputObject:
		m := v.(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + g.literal(d.Fields.ForName(k).Type, m[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// pageSizes are the first/last values tried: the usual, the edges (0, the
// maximum 250) and the refused (negative, above the maximum).
var pageSizes = []int{0, 1, 1, 2, 2, 3, 3, 5, 5, 10, 10, 25, 250, 251, 1000, -1}

// connectionRoot writes a root connection field with random arguments and
// selection; alias names the response key ("" for none). When it pages on
// from a cursor it returns the request that gives that cursor.
func (g *queryGen) connectionRoot(f *ast.FieldDefinition, alias string) (string, *cursorStep) {
	node := g.s.Types[f.Type.Name()].Fields.ForName("edges").Type.Elem.NamedType
	node = g.s.Types[node].Fields.ForName("node").Type.NamedType
	// where and orderBy first: the cursor's page needs the same ones.
	var filters []string
	var filterVals map[string]any
	if a := f.Arguments.ForName("where"); a != nil && g.chance(0.55) {
		w := g.where(a.Type.NamedType, node, 0)
		filterVals = map[string]any{"where": w}
		filters = append(filters, "where: "+g.literal(a.Type, w))
	}
	if a := f.Arguments.ForName("orderBy"); a != nil && g.chance(0.6) {
		o := g.order(a.Type)
		if filterVals == nil {
			filterVals = map[string]any{}
		}
		filterVals["orderBy"] = o
		filters = append(filters, "orderBy: "+g.literal(a.Type, o))
	}
	var args []string
	var prev *cursorStep
	if alias == "" && g.chance(0.2) {
		// Page on from a cursor of an earlier page read with the same where
		// and orderBy (literals, so both requests share them).
		size := 1 + g.pick(4)
		prevArgs := append([]string{fmt.Sprintf("first: %d", size)}, filters...)
		if g.chance(0.3) {
			prevArgs[0] = fmt.Sprintf("last: %d", size)
		}
		take, dir := "endCursor", "after"
		if g.chance(0.4) {
			take, dir = "startCursor", "before"
		}
		vn := g.next("cur")
		g.varDefs = append(g.varDefs, "$"+vn+": Cursor")
		g.vars[vn] = nil
		prev = &cursorStep{
			Query: fmt.Sprintf("{ %s(%s) { pageInfo { startCursor endCursor } } }", f.Name, strings.Join(prevArgs, ", ")),
			Root:  f.Name, Take: take, Var: vn,
		}
		args = append(args, dir+": $"+vn)
		sizeArg := "first"
		if dir == "before" || g.chance(0.2) {
			sizeArg = "last"
		}
		if g.chance(0.15) {
			// Both, or neither: the odd combinations answer too.
			sizeArg = []string{"first", "last", ""}[g.pick(3)]
		}
		if sizeArg != "" {
			args = append(args, g.arg(sizeArg, &ast.Type{NamedType: "Int"}, pageSizes[1+g.pick(len(pageSizes)-5)]))
		}
	} else {
		switch r := g.rng.Float64(); {
		case r < 0.55:
			args = append(args, g.arg("first", &ast.Type{NamedType: "Int"}, pageSizes[g.pick(len(pageSizes))]))
		case r < 0.8:
			args = append(args, g.arg("last", &ast.Type{NamedType: "Int"}, pageSizes[g.pick(len(pageSizes))]))
		case r < 0.85:
			args = append(args, "first: 2", "last: 1")
		}
	}
	if filterVals != nil {
		// The same where and orderBy, sometimes passed as variables.
		for _, name := range []string{"where", "orderBy"} {
			if v, ok := filterVals[name]; ok {
				args = append(args, g.arg(name, f.Arguments.ForName(name).Type, v))
			}
		}
	}
	g.rng.Shuffle(len(args), func(i, j int) { args[i], args[j] = args[j], args[i] })
	head := f.Name
	if alias != "" {
		head = alias + ": " + f.Name
	}
	if len(args) > 0 {
		head += "(" + strings.Join(args, ", ") + ")"
	}
	return head + " " + g.connectionSel(f.Type.Name(), node, 1), prev
}

// connectionSel selects from a connection: totalCount, pageInfo, edges with
// cursor and node, and the aggregate where there is one.
func (g *queryGen) connectionSel(conn, node string, depth int) string {
	var parts []string
	d := g.s.Types[conn]
	if g.chance(0.35) {
		parts = append(parts, g.alias()+"totalCount")
	}
	if g.chance(0.35) {
		var pi []string
		for _, f := range []string{"hasNextPage", "hasPreviousPage", "startCursor", "endCursor"} {
			if g.chance(0.6) {
				pi = append(pi, g.alias()+f)
			}
		}
		if len(pi) == 0 {
			pi = append(pi, "hasNextPage")
		}
		parts = append(parts, g.alias()+"pageInfo { "+strings.Join(pi, " ")+" }")
	}
	if len(parts) == 0 || g.chance(0.8) {
		var e []string
		if g.chance(0.35) {
			e = append(e, g.alias()+"cursor")
		}
		if len(e) == 0 || g.chance(0.9) {
			e = append(e, g.alias()+"node "+g.objectSel(node, depth))
		}
		parts = append(parts, g.alias()+"edges { "+strings.Join(e, " ")+" }")
	}
	if agg := d.Fields.ForName("aggregate"); agg != nil && g.chance(0.1) {
		parts = append(parts, g.alias()+"aggregate "+g.objectSel(agg.Type.Name(), g.MaxDepth-1))
	}
	if g.chance(0.1) {
		parts = append(parts, "__typename")
	}
	g.rng.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
	return "{ " + strings.Join(parts, " ") + " }"
}

// alias sometimes returns a fresh alias ("a7: "), else "". Aliases are unique
// in a document, so they never clash.
func (g *queryGen) alias() string {
	if g.chance(0.08) {
		return g.next("a") + ": "
	}
	return ""
}

// objectSel selects a random subset of an object's fields: scalars, and
// objects and lists of objects while depth < MaxDepth, sometimes through a
// named or inline fragment. depth is the object's own level.
func (g *queryGen) objectSel(typ string, depth int) string {
	return g.objectSelAs(typ, depth, "")
}

// objectSelAs is objectSel with, when prefix is not "", every field aliased
// prefix+name: inline fragments on different types side by side must not
// give one response key two types.
func (g *queryGen) objectSelAs(typ string, depth int, prefix string) string {
	d := g.s.Types[typ]
	alias := func(name string) string {
		if prefix != "" {
			return prefix + name + ": "
		}
		return g.alias()
	}
	var scalars, objects []*ast.FieldDefinition
	for _, f := range d.Fields {
		if strings.HasPrefix(f.Name, "__") || hasRequiredArg(f) {
			continue
		}
		switch g.s.Types[f.Type.Name()].Kind {
		case ast.Scalar, ast.Enum:
			scalars = append(scalars, f)
		case ast.Object:
			if !isConnection(g.s, f.Type.Name()) {
				objects = append(objects, f)
			}
		}
	}
	var parts []string
	p := 0.2 + 0.5*g.rng.Float64()
	for _, f := range scalars {
		if g.chance(p) {
			parts = append(parts, alias(f.Name)+f.Name)
		}
	}
	if depth < g.MaxDepth {
		q := 0.45 / float64(depth)
		for _, f := range objects {
			if g.chance(q) {
				parts = append(parts, alias(f.Name)+f.Name+" "+g.objectSel(f.Type.Name(), depth+1))
			}
		}
	}
	if g.chance(0.08) {
		parts = append(parts, "__typename")
	}
	if len(parts) == 0 {
		if len(scalars) > 0 {
			f := scalars[g.pick(len(scalars))].Name
			parts = append(parts, alias(f)+f)
		} else {
			parts = append(parts, "__typename")
		}
	}
	g.rng.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
	sel := strings.Join(parts, " ")
	switch r := g.rng.Float64(); {
	case r < 0.07:
		name := g.next("F")
		g.frags = append(g.frags, "fragment "+name+" on "+typ+" { "+sel+" }")
		sel = "..." + name
		if d.Fields.ForName("id") != nil && g.chance(0.4) {
			sel = "id ..." + name
		}
	case r < 0.12:
		sel = "... on " + typ + " { " + sel + " }"
	}
	return "{ " + sel + " }"
}

func hasRequiredArg(f *ast.FieldDefinition) bool {
	for _, a := range f.Arguments {
		if a.Type.NonNull && a.DefaultValue == nil {
			return true
		}
	}
	return false
}

// nodeRoot writes node(id:) with an inline fragment on the id's type (and
// sometimes on another type, which then selects nothing). The id is sometimes
// one no row has, or not an id at all.
func (g *queryGen) nodeRoot(alias string) string {
	typ := g.nodeTypes[g.pick(len(g.nodeTypes))]
	id := g.id(typ)
	head := "node"
	if alias != "" {
		head = alias + ": node"
	}
	return head + "(" + g.arg("id", &ast.Type{NamedType: "ID", NonNull: true}, id) + ") " + g.nodeSel([]string{typ})
}

// nodesRoot writes nodes(ids:) over ids of one to four types.
func (g *queryGen) nodesRoot(alias string) string {
	n := 1 + g.pick(4)
	ids, types := []any{}, []string{}
	for range n {
		typ := g.nodeTypes[g.pick(len(g.nodeTypes))]
		if !slices.Contains(types, typ) {
			types = append(types, typ)
		}
		ids = append(ids, g.id(typ))
	}
	if g.chance(0.15) {
		ids = append(ids, ids[0]) // the same id twice
	}
	head := "nodes"
	if alias != "" {
		head = alias + ": nodes"
	}
	t := &ast.Type{NonNull: true, Elem: &ast.Type{NamedType: "ID", NonNull: true}}
	return head + "(" + g.arg("ids", t, ids) + ") " + g.nodeSel(types)
}

// id returns an id of the type, mostly a real one.
func (g *queryGen) id(typ string) string {
	switch r := g.rng.Float64(); {
	case r < 0.03:
		return "not-an-id"
	case r < 0.07:
		return "00000000-0000-4000-8000-000000000000"
	}
	ids := g.vals.ids[typ]
	return ids[g.pick(len(ids))]
}

// nodeSel selects from a Node: id and __typename sometimes, and an inline
// fragment per type (sometimes one more on a type the ids are not of).
func (g *queryGen) nodeSel(types []string) string {
	var parts []string
	if g.chance(0.4) {
		parts = append(parts, "id")
	}
	if g.chance(0.4) {
		parts = append(parts, "__typename")
	}
	if g.chance(0.15) {
		types = append(types, g.nodeTypes[g.pick(len(g.nodeTypes))])
	}
	seen := map[string]bool{}
	for _, t := range types {
		if seen[t] {
			continue
		}
		prefix := ""
		if len(seen) > 0 {
			prefix = strings.ToLower(t[:1]) + t[1:] + "_"
		}
		seen[t] = true
		parts = append(parts, "... on "+t+" "+g.objectSelAs(t, 1, prefix))
	}
	return "{ " + strings.Join(parts, " ") + " }"
}

// order returns a random order input: a field of its enum, and a direction
// (left to its default sometimes).
func (g *queryGen) order(t *ast.Type) map[string]any {
	d := g.s.Types[t.NamedType]
	fields := g.s.Types[d.Fields.ForName("field").Type.NamedType].EnumValues
	o := map[string]any{"field": fields[g.pick(len(fields))].Name}
	if g.chance(0.8) {
		o["direction"] = []string{"ASC", "DESC"}[g.pick(2)]
	}
	return o
}

// predicateSuffixes are entgql's where-input operators, longest first so
// "NotIn" wins over "In".
var predicateSuffixes = []string{"ContainsFold", "EqualFold", "HasPrefix", "HasSuffix", "Contains", "NotNil", "IsNil", "NotIn", "NEQ", "GTE", "LTE", "GT", "LT", "In"}

// where returns a random where input of the named input type over the
// object type: one or two predicates, sometimes wrapped in not, and or or.
func (g *queryGen) where(input, typ string, depth int) map[string]any {
	d := g.s.Types[input]
	w := map[string]any{}
	if depth < 2 && g.chance(0.2) {
		switch g.pick(3) {
		case 0:
			w["not"] = g.where(input, typ, depth+1)
		case 1:
			w["and"] = []any{g.where(input, typ, depth+1), g.where(input, typ, depth+1)}
		default:
			w["or"] = []any{g.where(input, typ, depth+1), g.where(input, typ, depth+1)}
		}
		return w
	}
	// Column predicates, and edge ones (has<Edge>, has<Edge>With), which
	// are few beside the columns' many operators, so drawn on their own.
	var fields, edges []*ast.FieldDefinition
	for _, f := range d.Fields {
		switch {
		case f.Name == "not" || f.Name == "and" || f.Name == "or":
		case strings.HasPrefix(f.Name, "has") && strings.HasSuffix(f.Name, "With") && f.Type.Elem != nil:
			if depth < 2 {
				edges = append(edges, f)
			}
		case strings.HasPrefix(f.Name, "has") && f.Type.Name() == "Boolean" && g.s.Types[typ].Fields.ForName(f.Name) == nil:
			edges = append(edges, f)
		default:
			fields = append(fields, f)
		}
	}
	n := 1
	if g.chance(0.2) {
		n = 2 // side by side
	}
	for range n {
		f := fields[g.pick(len(fields))]
		if len(edges) > 0 && g.chance(0.3) {
			f = edges[g.pick(len(edges))]
		}
		if v, ok := g.predicate(f, typ, depth); ok {
			w[f.Name] = v
		}
	}
	if len(w) > 1 {
	}
	return w
}

// predicate returns a value for one where-input field: a value from the
// fixture where the field compares a column, true or false for has<Edge>, a
// nested where input for has<Edge>With.
func (g *queryGen) predicate(f *ast.FieldDefinition, typ string, depth int) (any, bool) {
	if strings.HasPrefix(f.Name, "has") && strings.HasSuffix(f.Name, "With") && f.Type.Elem != nil {
		in := f.Type.Elem.NamedType
		target := strings.TrimSuffix(in, "WhereInput")
		return []any{g.where(in, target, depth+1)}, true
	}
	if f.Type.Name() == "Boolean" && strings.HasPrefix(f.Name, "has") && g.s.Types[typ].Fields.ForName(f.Name) == nil {
		return g.chance(0.5), true
	}
	base, op := f.Name, ""
	for _, s := range predicateSuffixes {
		if strings.HasSuffix(f.Name, s) && len(f.Name) > len(s) {
			base, op = strings.TrimSuffix(f.Name, s), s
			break
		}
	}
	if op == "IsNil" || op == "NotNil" {
		return true, true
	}
	samples := g.vals.fields[typ][base]
	one := func() any {
		if len(samples) > 0 && g.chance(0.9) {
			return samples[g.pick(len(samples))]
		}
		return g.fallback(f.Type.Name())
	}
	switch op {
	case "In", "NotIn":
		var list []any
		for range 1 + g.pick(3) {
			list = append(list, one())
		}
		return list, true
	case "Contains", "ContainsFold", "HasPrefix", "HasSuffix", "EqualFold":
		s, ok := one().(string)
		if !ok || s == "" {
			return "a", true
		}
		r := []rune(s)
		n := 1 + g.pick(min(4, len(r)))
		switch op {
		case "HasPrefix":
			return string(r[:n]), true
		case "HasSuffix":
			return string(r[len(r)-n:]), true
		case "EqualFold":
			return strings.ToUpper(s), true
		}
		at := g.pick(len(r) - n + 1)
		return string(r[at : at+n]), true
	}
	return one(), true
}

// fallback is a value of the named input type when the fixture has none.
func (g *queryGen) fallback(named string) any {
	d := g.s.Types[named]
	if d.Kind == ast.Enum {
		return d.EnumValues[g.pick(len(d.EnumValues))].Name
	}
	switch named {
	case "Int":
		return json.Number(fmt.Sprint(g.pick(20)))
	case "Float":
		return json.Number("1.5")
	case "Boolean":
		return g.chance(0.5)
	case "Decimal":
		return []string{"0", "1.00", "10.50", "99.99"}[g.pick(4)]
	case "Time":
		return "2026-04-29T00:00:00Z"
	case "ID", "UUID":
		if len(g.nodeTypes) > 0 && g.chance(0.7) {
			return g.id(g.nodeTypes[g.pick(len(g.nodeTypes))])
		}
		return "00000000-0000-4000-8000-000000000000"
	}
	return "a"
}

// validateDoc checks a generated document as the server would before running
// it: it parses, validates against the schema, and its variables fit their
// types. An error is a generator bug.
func validateDoc(s *ast.Schema, d genDoc) error {
	doc, err := parser.ParseQuery(&ast.Source{Input: d.Query})
	if err != nil {
		return fmt.Errorf("parse: %w", err)
	}
	if errs := validator.Validate(s, doc); len(errs) > 0 {
		return fmt.Errorf("validate: %w", errs)
	}
	// Variables as the server sees them: decoded from JSON.
	vars := map[string]any{}
	if b, err := json.Marshal(d.Vars); err != nil {
		return err
	} else if err := json.Unmarshal(b, &vars); err != nil {
		return err
	}
	if p := d.Prev; p != nil {
		vars[p.Var] = "cursor"
	}
	if _, err := validator.VariableValues(s, doc.Operations[0], vars); err != nil {
		return fmt.Errorf("variables %s: %w", mustJSON(vars), err)
	}
	if p := d.Prev; p != nil {
		if err := validateDoc(s, genDoc{Query: p.Query, Vars: p.Vars}); err != nil {
			return fmt.Errorf("cursor page: %w", err)
		}
	}
	return nil
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
