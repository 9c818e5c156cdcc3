// Package gen generates the aggregate field of every Relay connection whose
// type has numeric fields, from the ent schema: the GraphQL types (an entgql
// schema hook, so they land in ent.graphqls with the connections) and the Go
// that answers them (template funcs for ent/template/aggregate.tmpl). It is
// used by ent/entc.go only; both halves pick nodes and fields with the same
// functions, so the schema and the code cannot disagree.
package gen

import (
	"encoding/json"
	"fmt"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc/gen"
	"entgo.io/ent/schema/field"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/pandac/pandac/internal/aggregate"
)

// Field is one aggregated field of a node.
type Field struct {
	*gen.Field
	// GQL is the field's GraphQL name (unitCost).
	GQL string
	// Money marks an integer-cents field exposed as Decimal.
	Money bool
}

// Node is a node whose connection gets an aggregate, with its fields.
type Node struct {
	*gen.Type
	Fields []Field
}

// Nodes lists the nodes with a Relay connection and at least one numeric
// field, in the graph's order.
func Nodes(nodes []*gen.Type) ([]Node, error) {
	var out []Node
	for _, n := range nodes {
		ant, err := entgqlAnnotation(n.Annotations)
		if err != nil {
			return nil, fmt.Errorf("aggregate: %s: %w", n.Name, err)
		}
		if !ant.RelayConnection || ant.Skip.Is(entgql.SkipType) {
			continue
		}
		fields, err := numericFields(n)
		if err != nil {
			return nil, err
		}
		if len(fields) > 0 {
			out = append(out, Node{Type: n, Fields: fields})
		}
	}
	return out, nil
}

// numericFields are the integer fields of n shown in its GraphQL type and not
// annotated aggregate.Skip. Every numeric column of the schema is an integer
// (money is int64 cents), so every sum, min and max is exact.
func numericFields(n *gen.Type) ([]Field, error) {
	camel := gen.Funcs["camel"].(func(string) string)
	var out []Field
	for _, f := range n.Fields {
		if !f.Type.Numeric() {
			continue
		}
		if t := f.Type.Type; t == field.TypeFloat32 || t == field.TypeFloat64 {
			return nil, fmt.Errorf("aggregate: %s.%s: floating-point fields are not aggregated exactly; store an integer (cents) or annotate aggregate.Skip()", n.Name, f.Name)
		}
		ant, err := entgqlAnnotation(f.Annotations)
		if err != nil {
			return nil, fmt.Errorf("aggregate: %s.%s: %w", n.Name, f.Name, err)
		}
		if ant.Skip.Is(entgql.SkipType) || skipped(f.Annotations) {
			continue
		}
		out = append(out, Field{Field: f, GQL: camel(f.Name), Money: ant.Type == "Decimal"})
	}
	return out, nil
}

func entgqlAnnotation(ants gen.Annotations) (*entgql.Annotation, error) {
	ant := &entgql.Annotation{}
	if raw, ok := ants[ant.Name()]; ok {
		if err := ant.Decode(raw); err != nil {
			return nil, err
		}
	}
	return ant, nil
}

func skipped(ants gen.Annotations) bool {
	raw, ok := ants[aggregate.Annotation{}.Name()]
	if !ok {
		return false
	}
	var a aggregate.Annotation
	b, err := json.Marshal(raw)
	if err != nil || json.Unmarshal(b, &a) != nil {
		return false
	}
	return a.Skip
}

// Funcs are the template functions of ent/template/aggregate.tmpl.
var Funcs = map[string]any{
	"aggregateNodes": Nodes,
	"aggregateOpType": func(node string, op string) string {
		return aggregate.OpTypeName(node, op)
	},
	"aggregateType": aggregate.TypeName,
}

// scalarDoc documents BigInt where the generated schema declares it.
const scalarDoc = `A signed 64-bit integer, written as a string ("4294967296"): the sum of an
integer field, which can pass GraphQL's 32-bit Int (and JavaScript's 2^53).
Read as a string or a number.`

// SchemaHook adds, for every node Nodes lists, the aggregate field to its
// connection and the types answering it, and declares the BigInt scalar.
func SchemaHook(g *gen.Graph, s *ast.Schema) error {
	nodes, err := Nodes(g.Nodes)
	if err != nil {
		return err
	}
	if len(nodes) == 0 {
		return nil
	}
	s.AddTypes(&ast.Definition{Kind: ast.Scalar, Name: "BigInt", Description: scalarDoc})
	named := func(name string) *ast.Type { return ast.NamedType(name, nil) }
	nonNull := func(name string) *ast.Type { return ast.NonNullNamedType(name, nil) }
	for _, n := range nodes {
		conn := s.Types[n.Name+"Connection"]
		if conn == nil {
			return fmt.Errorf("aggregate: %s has no connection type in the schema", n.Name)
		}
		agg := aggregate.TypeName(n.Name)
		conn.Fields = append(conn.Fields, &ast.FieldDefinition{
			Name: aggregate.Field,
			// Nullable: a failed statement (an overflowing sum) nulls the
			// aggregate, not the page beside it.
			Type: named(agg),
			Description: fmt.Sprintf("Count, sum, average, minimum and maximum over every %s the connection's\n"+
				"`where` matches (all pages, not this one), computed in one SQL statement.\n"+
				"A field restricted by the permission table is refused here as it is on %s.", n.Name, n.Name),
		})
		def := &ast.Definition{
			Kind:        ast.Object,
			Name:        agg,
			Description: fmt.Sprintf("Aggregates of the %s rows a connection's `where` matches.", n.Name),
			Fields: ast.FieldList{{
				Name:        "count",
				Type:        nonNull("Int"),
				Description: "How many rows match (0 when none).",
			}},
		}
		docs := map[string]string{
			"sum": "Sums: integer fields as BigInt, money as an exact Decimal; 0 when no row matches.",
			"avg": "Averages: money as a Decimal rounded half to even to the cent, integer fields as a Float; null when no row matches.",
			"min": "Smallest values; null when no row matches.",
			"max": "Largest values; null when no row matches.",
		}
		s.AddTypes(def)
		for _, op := range aggregate.Operations {
			opType := aggregate.OpTypeName(n.Name, op)
			def.Fields = append(def.Fields, &ast.FieldDefinition{Name: op, Type: nonNull(opType), Description: docs[op]})
			od := &ast.Definition{Kind: ast.Object, Name: opType, Description: fmt.Sprintf("%s of %s fields. %s", strings.ToUpper(op[:1])+op[1:], n.Name, docs[op])}
			for _, f := range n.Fields {
				od.Fields = append(od.Fields, &ast.FieldDefinition{Name: f.GQL, Type: named(scalarOf(op, f))})
			}
			s.AddTypes(od)
		}
	}
	return nil
}

// scalarOf is the GraphQL type of op over f. The fields are nullable so a
// refused field (FORBIDDEN) does not null its siblings.
func scalarOf(op string, f Field) string {
	switch {
	case f.Money:
		return "Decimal"
	case op == "sum":
		return "BigInt"
	case op == "avg":
		return "Float"
	}
	return "Int"
}
