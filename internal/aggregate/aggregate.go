// Package aggregate is the runtime of the aggregate field every Relay
// connection with numeric fields carries (products { aggregate { count sum {
// price } } }): the names of its GraphQL types, the selection it asks for, the
// SQL of each aggregate and the exact arithmetic of the answers. The per-type
// code that uses it is generated from the ent schema by ./gen (the template
// ent/template/aggregate.tmpl and a schema hook of entgql), so a numeric field
// added to a schema is aggregated without writing anything by hand.
//
// gqlgen writes one resolver per aggregated connection into
// graph/ent.resolvers.go; its body is one line,
// r.Client.<Type>.Query().AggregateConnection(ctx), and the generated
// authorization test (internal/server) resolves every aggregate as an
// admin, so a stub left unfilled fails it.
//
// One aggregate field is one SQL statement, built on the connection's own ent
// query so that its where filter and every interceptor (the read guard of
// internal/store) apply to it as they apply to the page.
package aggregate

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/schema"
	"github.com/99designs/gqlgen/graphql"

	"github.com/pandac/pandac/internal/money"
)

// Operations are the sub-fields of an aggregate that take per-field values,
// in the order the schema lists them. The GraphQL type answering each is
// TypeName(node)+OpSuffix(op): ProductAggregateSum.
var Operations = []string{"sum", "avg", "min", "max"}

// TypeName is the GraphQL type answering the aggregate of node's connection.
func TypeName(node string) string { return node + "Aggregate" }

// OpTypeName is the GraphQL type answering one operation (sum) of node's
// aggregate: ProductAggregateSum.
func OpTypeName(node, op string) string {
	return TypeName(node) + strings.ToUpper(op[:1]) + op[1:]
}

// Base reports which node a GraphQL type aggregates and which operation it
// answers ("" for the aggregate itself): ProductAggregateSum is ("Product",
// "sum"). The permission table uses it so an aggregated field needs the rule
// of the field it is computed from.
func Base(typeName string) (node, op string, ok bool) {
	for _, o := range Operations {
		suffix := "Aggregate" + strings.ToUpper(o[:1]) + o[1:]
		if n, found := strings.CutSuffix(typeName, suffix); found && n != "" {
			return n, o, true
		}
	}
	if n, found := strings.CutSuffix(typeName, "Aggregate"); found && n != "" {
		return n, "", true
	}
	return "", "", false
}

// Field is the name of the aggregate field on a connection.
const Field = "aggregate"

// Request is what one aggregate field selects: count, and for each operation
// the GraphQL names of the fields it is asked of.
type Request struct {
	Count              bool
	Sum, Avg, Min, Max map[string]bool
}

// Empty reports whether the request needs no statement (only __typename).
func (r Request) Empty() bool {
	return !r.Count && len(r.Sum) == 0 && len(r.Avg) == 0 && len(r.Min) == 0 && len(r.Max) == 0
}

// Collect reads the Request from the selection of the aggregate field being
// resolved, fragments and aliases included. Outside a GraphQL field it asks
// for nothing.
func Collect(ctx context.Context) Request {
	req := Request{Sum: map[string]bool{}, Avg: map[string]bool{}, Min: map[string]bool{}, Max: map[string]bool{}}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return req
	}
	oc := graphql.GetOperationContext(ctx)
	for _, f := range graphql.CollectFields(oc, fc.Field.Selections, []string{fc.Field.Definition.Type.Name()}) {
		var m map[string]bool
		switch f.Name {
		case "count":
			req.Count = true
			continue
		case "sum":
			m = req.Sum
		case "avg":
			m = req.Avg
		case "min":
			m = req.Min
		case "max":
			m = req.Max
		default:
			continue
		}
		for _, g := range graphql.CollectFields(oc, f.Selections, []string{f.Definition.Type.Name()}) {
			if !strings.HasPrefix(g.Name, "__") {
				m[g.Name] = true
			}
		}
	}
	return req
}

// ConnectionArg returns the argument name (where) of the field that returned
// the connection whose aggregate is being resolved, as gqlgen decoded it (a
// *ent.ProductWhereInput), or nil. The aggregate covers what that where
// matches: the connection's rows, all pages together.
func ConnectionArg(ctx context.Context, name string) any {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Parent == nil {
		return nil
	}
	return fc.Parent.Args[name]
}

// The aggregate SQL functions, for ent's Select.Aggregate. Each names its
// result column (alias), which the generated row type scans by. Sums are cast
// to BIGINT because PostgreSQL sums a bigint column into a numeric; an
// overflow is then an error on both databases (SQLite's "integer overflow",
// PostgreSQL's "bigint out of range"), never a rounded or wrapped value.

// CountAll is COUNT(*).
func CountAll(alias string) func(*sql.Selector) string {
	return func(*sql.Selector) string { return "COUNT(*) AS " + alias }
}

// CountOf is COUNT(column): the rows where column is not null, which an
// average divides by.
func CountOf(column, alias string) func(*sql.Selector) string {
	return func(s *sql.Selector) string { return "COUNT(" + s.C(column) + ") AS " + alias }
}

// Sum is SUM(column) as a 64-bit integer; null over no rows.
func Sum(column, alias string) func(*sql.Selector) string {
	return func(s *sql.Selector) string { return "CAST(SUM(" + s.C(column) + ") AS BIGINT) AS " + alias }
}

// Min is MIN(column); null over no rows.
func Min(column, alias string) func(*sql.Selector) string {
	return func(s *sql.Selector) string { return "MIN(" + s.C(column) + ") AS " + alias }
}

// Max is MAX(column); null over no rows.
func Max(column, alias string) func(*sql.Selector) string {
	return func(s *sql.Selector) string { return "MAX(" + s.C(column) + ") AS " + alias }
}

// Int is a scanned count or sum, 0 when SQL answered null (a sum over no
// rows).
func Int(v *int64) int64 {
	if v == nil {
		return 0
	}
	return *v
}

// MoneyPtr is a scanned min or max of a money column; nil stays nil.
func MoneyPtr(v *int64) *money.Amount {
	if v == nil {
		return nil
	}
	a := money.FromMinor(*v)
	return &a
}

// AvgMoney is the average of a money column from its sum and count in minor
// units, rounded half to even to the cent: computed in integers so both
// databases answer the same, exactly. Nil over no rows.
func AvgMoney(sum, n *int64) *money.Amount {
	if sum == nil || n == nil || *n == 0 {
		return nil
	}
	a := money.FromMinor(DivHalfEven(*sum, *n))
	return &a
}

// AvgFloat is the average of an integer column from its sum and count. Nil
// over no rows.
func AvgFloat(sum, n *int64) *float64 {
	if sum == nil || n == nil || *n == 0 {
		return nil
	}
	f := float64(*sum) / float64(*n)
	return &f
}

// DivHalfEven is a/b (b > 0) rounded to the nearest integer, ties to even.
func DivHalfEven(a, b int64) int64 {
	q, r := a/b, a%b
	if r == 0 {
		return q
	}
	// Compare 2|r| with b without overflowing: |r| < b, so b-|r| > 0.
	ar := r
	if ar < 0 {
		ar = -ar
	}
	step := int64(1)
	if a < 0 {
		step = -1
	}
	switch {
	case ar > b-ar:
		return q + step
	case ar == b-ar && q%2 != 0:
		return q + step
	}
	return q
}

// BigInt is the GraphQL scalar of an integer sum: a signed 64-bit integer
// written as a JSON string ("4294967296"), because GraphQL's Int is 32-bit
// and JavaScript numbers lose integers past 2^53. It reads a string or a
// number.
type BigInt int64

// MarshalGQL writes the integer as a JSON string.
func (b BigInt) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(strconv.FormatInt(int64(b), 10)))
}

// UnmarshalGQL reads a string or an integral number.
func (b *BigInt) UnmarshalGQL(v any) error {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case int64:
		*b = BigInt(x)
		return nil
	case int:
		*b = BigInt(x)
		return nil
	case interface{ String() string }: // json.Number
		s = x.String()
	default:
		return fmt.Errorf("BigInt must be a string or an integer, got %T", v)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return fmt.Errorf("BigInt: %q is not a 64-bit integer", s)
	}
	*b = BigInt(n)
	return nil
}

// Annotation is the ent schema annotation of a numeric field that is not a
// quantity (a concurrency version, say): aggregates leave it out.
type Annotation struct {
	// Skip leaves the field out of its type's aggregate.
	Skip bool `json:"skip,omitempty"`
}

// Name implements schema.Annotation.
func (Annotation) Name() string { return "Aggregate" }

var _ schema.Annotation = Annotation{}

// Skip leaves a numeric field out of its connection's aggregate.
func Skip() Annotation { return Annotation{Skip: true} }
