package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
)

// syntheticSamples gives every Node type a few ids and every scalar field of
// every object one value of its type, as the generator's fallback makes them,
// for testing the generator without a database.
func syntheticSamples(s *ast.Schema, g *queryGen) *sampleValues {
	vals := &sampleValues{}
	for _, d := range s.PossibleTypes["Node"] {
		for i := range 3 {
			vals.add(d.Name, map[string]any{"id": fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1)})
		}
	}
	for name, d := range s.Types {
		if d.Kind != ast.Object || strings.HasPrefix(name, "__") {
			continue
		}
		obj := map[string]any{}
		for _, f := range d.Fields {
			if k := s.Types[f.Type.Name()].Kind; (k == ast.Scalar || k == ast.Enum) && f.Type.Elem == nil && f.Name != "id" {
				obj[f.Name] = g.fallback(f.Type.Name())
			}
		}
		vals.add(name, obj)
	}
	vals.sort()
	return vals
}

// TestQueryGenValidates: every generated document parses, validates against
// the schema and has variables of the right types; one seed gives one corpus;
// and the corpus reaches what it is meant to (every root connection, node and
// nodes, cursors, variables, fragments, aliases, depth 4, where operators).
func TestQueryGenValidates(t *testing.T) {
	s := liveSchema()
	g0 := newQueryGen(s, 1, &sampleValues{})
	vals := syntheticSamples(s, g0)
	g, again := newQueryGen(s, 7, vals), newQueryGen(s, 7, vals)
	seen := map[string]int{}
	for i := range 2000 {
		d := g.Doc()
		if d2 := again.Doc(); d2.Query != d.Query || mustJSON(d2.Vars) != mustJSON(d.Vars) {
			t.Fatalf("#%d: the same seed gave\n%s\nand\n%s", i, d.Query, d2.Query)
		}
		if err := validateDoc(s, d); err != nil {
			t.Errorf("#%d: %v\n%s\nvariables: %s", i, err, d.Query, mustJSON(d.Vars))
			if seen["failed"]++; seen["failed"] > 5 {
				t.FailNow()
			}
		}
		q := d.Query
		for _, f := range g.conns {
			if strings.Contains(q, " "+f.Name+"(") || strings.Contains(q, " "+f.Name+" {") {
				seen["root "+f.Name]++
			}
		}
		for _, mark := range []string{" node(", " nodes(", "after: $", "before: $", "$v", "fragment ", "... on ", ": ", "edges {", "totalCount", "pageInfo", "aggregate", "Contains", "HasPrefix", "IsNil", "In:", "GT:", "LT:", "NEQ:", "With:", "not:", "and:", "or:", "orderBy", "last:", "first: 0", "first: 251"} {
			if strings.Contains(q, mark) || strings.Contains(mustJSON(d.Vars), strings.TrimSuffix(mark, ":")+`":`) {
				seen[mark]++
			}
		}
		if depth(q) >= 4+3 {
			seen["depth 4"]++
		}
	}
	for _, f := range g.conns {
		if seen["root "+f.Name] == 0 {
			t.Errorf("no document reads %s", f.Name)
		}
	}
	for _, mark := range []string{" node(", " nodes(", "after: $", "before: $", "$v", "fragment ", "... on ", "totalCount", "pageInfo", "aggregate", "Contains", "HasPrefix", "IsNil", "In:", "GT:", "NEQ:", "With:", "not:", "and:", "or:", "orderBy", "last:", "depth 4"} {
		if seen[mark] == 0 {
			t.Errorf("no document has %q", mark)
		}
	}
	t.Logf("2000 documents: %v", seen)
}

// depth is the deepest nesting of braces in a document.
func depth(q string) int {
	n, most := 0, 0
	for _, c := range q {
		switch c {
		case '{':
			n++
			most = max(most, n)
		case '}':
			n--
		}
	}
	return most
}
