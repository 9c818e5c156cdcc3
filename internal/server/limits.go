package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pandac/pandac/internal/aggregate"
)

// Error codes of queries refused by QueryLimits before they run.
const (
	CodeQueryTooComplex   = "QUERY_TOO_COMPLEX"
	CodeQueryTooDeep      = "QUERY_TOO_DEEP"
	CodeTooManyRootFields = "TOO_MANY_ROOT_FIELDS"
)

// Defaults of QueryLimits. A dashboard page of 250 products with their stock
// and supplier costs 2 + 250*3 = 752, well inside MaxCost; the same page with a
// nested connection of 50 items under each product does not fit.
const (
	DefaultMaxCost        = 1000
	DefaultMaxDepth       = 12
	DefaultMaxRootFields  = 30
	DefaultConnectionSize = 50
	// introspection is answered from memory, so it only needs a depth bound
	// generous enough for GraphiQL's TypeRef fragment (ofType nested 9 deep).
	defaultMaxIntrospectionDepth = 20
	// maxVisits bounds the analysis itself: fragments spread inside fragments
	// can expand a short document into millions of fields.
	maxVisits = 20000
)

// QueryCost is what extensions.cost reports for an operation, as Shopify's
// Admin API does: the cost computed before execution and the ceiling.
type QueryCost struct {
	RequestedQueryCost int `json:"requestedQueryCost"`
	MaximumAvailable   int `json:"maximumAvailable"`
}

// QueryLimits is a gqlgen extension that prices every operation before it runs
// and refuses the ones that are too expensive, too deep or too wide.
//
// Pricing follows Shopify's: scalars and enums cost 0, objects 1, and a
// connection (a field taking first/last) costs 2 plus its selection times the
// page size asked for (DefaultConnectionSize when neither is given); edge and
// PageInfo wrappers are free; a connection's aggregate costs 1, once, since
// it is one statement whatever the page or its selection. Lists that are not
// connections (a sale's items) are priced as one object, since their size is
// bounded by the data model, not by the client; nodes(ids:) costs one object
// per id. Introspection (__schema, __type) is free and only bounded in depth.
type QueryLimits struct {
	MaxCost        int
	MaxDepth       int
	MaxRootFields  int
	ConnectionSize int
}

// DefaultQueryLimits returns the limits the server runs with.
func DefaultQueryLimits() QueryLimits {
	return QueryLimits{
		MaxCost:        DefaultMaxCost,
		MaxDepth:       DefaultMaxDepth,
		MaxRootFields:  DefaultMaxRootFields,
		ConnectionSize: DefaultConnectionSize,
	}
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = QueryLimits{}

const costStatsKey = "PandacQueryCost"

// ExtensionName implements graphql.HandlerExtension.
func (QueryLimits) ExtensionName() string { return "PandacQueryLimits" }

// Validate implements graphql.HandlerExtension.
func (l QueryLimits) Validate(graphql.ExecutableSchema) error {
	if l.MaxCost <= 0 || l.MaxDepth <= 0 || l.MaxRootFields <= 0 || l.ConnectionSize <= 0 {
		return fmt.Errorf("query limits must be positive: %+v", l)
	}
	return nil
}

// MutateOperationContext prices the validated operation and refuses it before
// any resolver runs when it breaks a limit.
func (l QueryLimits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	a := Analyze(oc.Operation, oc.Variables, l.ConnectionSize)
	cost := QueryCost{RequestedQueryCost: a.Cost, MaximumAvailable: l.MaxCost}
	oc.Stats.SetExtension(costStatsKey, cost)
	switch {
	case a.RootFields > l.MaxRootFields:
		return limitError(CodeTooManyRootFields, cost,
			"the operation selects %d root fields (aliases included); at most %d are allowed: split it into several requests", a.RootFields, l.MaxRootFields)
	case a.Depth > l.MaxDepth:
		return limitError(CodeQueryTooDeep, cost,
			"the operation is nested %d levels deep; at most %d are allowed", a.Depth, l.MaxDepth)
	case a.IntrospectionDepth > defaultMaxIntrospectionDepth:
		return limitError(CodeQueryTooDeep, cost,
			"the introspection query is nested %d levels deep; at most %d are allowed", a.IntrospectionDepth, defaultMaxIntrospectionDepth)
	case a.TooBig || a.Cost > l.MaxCost:
		if a.TooBig {
			return limitError(CodeQueryTooComplex, cost,
				"the operation expands to more than %d fields; ask for less or use smaller fragments", maxVisits)
		}
		return limitError(CodeQueryTooComplex, cost,
			"the operation costs %d, above the maximum of %d: ask for smaller pages (first/last) or fewer nested objects", a.Cost, l.MaxCost)
	}
	return nil
}

// InterceptResponse adds extensions.cost to every response, refused or not.
func (QueryLimits) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil || !graphql.HasOperationContext(ctx) {
		return resp
	}
	cost, ok := graphql.GetOperationContext(ctx).Stats.GetExtension(costStatsKey).(QueryCost)
	if !ok {
		return resp
	}
	if resp.Extensions == nil {
		resp.Extensions = map[string]any{}
	}
	resp.Extensions["cost"] = cost
	return resp
}

func limitError(code string, cost QueryCost, format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": code, "cost": cost}
	return err
}

// Analysis is what Analyze learns about an operation.
type Analysis struct {
	// Cost is the price of the operation (see QueryLimits).
	Cost int
	// Depth is the deepest nesting of object fields outside introspection.
	Depth int
	// IntrospectionDepth is the same inside __schema and __type.
	IntrospectionDepth int
	// RootFields counts the operation's top-level fields, each alias apart.
	RootFields int
	// TooBig is set when fragment expansion passed maxVisits fields; the other
	// numbers are then lower bounds.
	TooBig bool
}

// Analyze walks a validated operation, expanding fragments, and prices it.
// Variables supply first/last when they are not literals.
func Analyze(op *ast.OperationDefinition, vars map[string]any, connectionSize int) Analysis {
	var a Analysis
	if op == nil {
		return a
	}
	w := walker{vars: vars, connectionSize: connectionSize, a: &a}
	a.RootFields = w.countRoot(op.SelectionSet)
	a.Cost = w.selection(op.SelectionSet, 0, false)
	return a
}

type walker struct {
	vars           map[string]any
	connectionSize int
	visits         int
	a              *Analysis
}

func (w *walker) countRoot(set ast.SelectionSet) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name != "__typename" {
				n++
			}
		case *ast.InlineFragment:
			n += w.countRoot(s.SelectionSet)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				n += w.countRoot(s.Definition.SelectionSet)
			}
		}
	}
	return n
}

// selection returns the cost of a selection set whose parent is nested depth
// object levels deep. Fragments on different types are summed, an upper bound
// of what any one object can cost.
func (w *walker) selection(set ast.SelectionSet, depth int, introspection bool) int {
	cost := 0
	for _, sel := range set {
		if w.a.TooBig {
			return cost
		}
		switch s := sel.(type) {
		case *ast.Field:
			cost += w.field(s, depth, introspection)
		case *ast.InlineFragment:
			cost += w.selection(s.SelectionSet, depth, introspection)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				cost += w.selection(s.Definition.SelectionSet, depth, introspection)
			}
		}
	}
	return cost
}

func (w *walker) field(f *ast.Field, depth int, introspection bool) int {
	w.visits++
	if w.visits > maxVisits {
		w.a.TooBig = true
		return 0
	}
	if f.Definition == nil || f.Definition.Type == nil {
		return 0
	}
	if strings.HasPrefix(f.Name, "__") {
		if f.Name == "__typename" {
			return 0
		}
		introspection = true
	}
	if len(f.SelectionSet) == 0 {
		return 0 // scalars and enums
	}
	depth++
	if introspection {
		w.a.IntrospectionDepth = max(w.a.IntrospectionDepth, depth)
	} else {
		w.a.Depth = max(w.a.Depth, depth)
	}
	if _, op, ok := aggregate.Base(f.Definition.Type.Name()); ok && op == "" && !introspection {
		// A connection's aggregate is one statement whatever it selects
		// (count, sums, averages...): one object, not multiplied by the
		// page size beside it. Its selection still counts toward depth.
		w.selection(f.SelectionSet, depth, introspection)
		return 1
	}
	children := w.selection(f.SelectionSet, depth, introspection)
	if introspection {
		return 0
	}
	if n, ok := w.pageSize(f); ok {
		return 2 + n*(children-w.aggregates(f.SelectionSet)) + w.aggregates(f.SelectionSet)
	}
	if n, ok := w.idCount(f); ok {
		// nodes(ids:) reads one object per id asked for.
		return n * (1 + children)
	}
	if f.ObjectDefinition != nil && f.ObjectDefinition.Name == "Query" && f.Name == "salesAnalytics" {
		return 1 + children + w.analyticsPrice(f)
	}
	typeName := f.Definition.Type.Name()
	if typeName == "PageInfo" || strings.HasSuffix(typeName, "Edge") {
		return children
	}
	return 1 + children
}

// aggregates is the cost, within a connection's selection, of its aggregate
// fields: paid once, not once per node of the page.
func (w *walker) aggregates(set ast.SelectionSet) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Definition != nil && s.Definition.Type != nil {
				if _, op, ok := aggregate.Base(s.Definition.Type.Name()); ok && op == "" {
					n++
				}
			}
		case *ast.InlineFragment:
			n += w.aggregates(s.SelectionSet)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				n += w.aggregates(s.Definition.SelectionSet)
			}
		}
	}
	return n
}

// analyticsPrice is what salesAnalytics adds to its selection's cost: one
// per 31 days of its range (the sales the statement reads) times one plus
// the number of dimensions (the groups it builds), so a year by DAY x
// CATEGORY costs 36 and ten years by HOUR x PRODUCT would cost 354 (it is
// refused anyway: HOUR spans at most a year). An input the analysis cannot
// read (a variable left out) prices as one month; execution then refuses it.
func (w *walker) analyticsPrice(f *ast.Field) int {
	arg := f.Arguments.ForName("input")
	if arg == nil || arg.Value == nil {
		return 1
	}
	v, err := arg.Value.Value(w.vars)
	in, _ := v.(map[string]any)
	if err != nil || in == nil {
		return 1
	}
	months := 1
	from, _ := in["from"].(string)
	to, _ := in["to"].(string)
	if a, err1 := time.Parse(time.RFC3339Nano, from); err1 == nil {
		if b, err2 := time.Parse(time.RFC3339Nano, to); err2 == nil && b.After(a) {
			months = int((b.Sub(a) + 31*24*time.Hour - 1) / (31 * 24 * time.Hour))
		}
	}
	dims := 0
	if g, ok := in["groupBy"].([]any); ok {
		dims = len(g)
	} else if _, ok := in["groupBy"].(string); ok {
		dims = 1 // a single enum value is coerced into a list of one
	}
	return months * (1 + dims)
}

// pageSize reports whether f is a connection (its definition takes first or
// last) and how many nodes it may return.
func (w *walker) pageSize(f *ast.Field) (int, bool) {
	if f.Definition.Arguments.ForName("first") == nil && f.Definition.Arguments.ForName("last") == nil {
		return 0, false
	}
	n := 0
	for _, name := range []string{"first", "last"} {
		arg := f.Arguments.ForName(name)
		if arg == nil || arg.Value == nil {
			continue
		}
		v, err := arg.Value.Value(w.vars)
		if err != nil {
			continue
		}
		if k, ok := toInt(v); ok && k > n {
			n = k
		}
	}
	if n == 0 && f.Arguments.ForName("first") == nil && f.Arguments.ForName("last") == nil {
		n = w.connectionSize
	}
	return n, true
}

// idCount reports whether f is nodes(ids:) and how many ids it was given.
func (w *walker) idCount(f *ast.Field) (int, bool) {
	arg := f.Arguments.ForName("ids")
	if f.Name != "nodes" || arg == nil || arg.Value == nil {
		return 0, false
	}
	v, err := arg.Value.Value(w.vars)
	if err != nil {
		return 0, false
	}
	ids, ok := v.([]any)
	if !ok {
		return 1, true // a single id is coerced into a list of one
	}
	return len(ids), true
}

func toInt(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case int64:
		return int(x), true
	case int32:
		return int(x), true
	case float64:
		return int(x), true
	case json.Number:
		n, err := strconv.ParseInt(string(x), 10, 64)
		return int(n), err == nil
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		return int(n), err == nil
	}
	return 0, false
}
