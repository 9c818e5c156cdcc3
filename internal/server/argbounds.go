package server

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pandac/pandac/internal/fault"
)

// Bounds on arguments, checked before any resolver runs. Each where argument
// becomes one SQL statement: past these sizes SQLite refuses it ("LIKE or
// GLOB pattern too complex", "too many SQL variables", "Expression tree is too
// large") and PostgreSQL spends seconds planning it, while no screen or report
// needs anything close.
const (
	// MaxNodeIDs is the most ids one nodes(ids:) call may ask for.
	MaxNodeIDs = 100
	// MaxFilterStringBytes bounds every string inside a where argument.
	MaxFilterStringBytes = 1024
	// MaxFilterListLen bounds each value list (nameIn, idNotIn, ...).
	MaxFilterListLen = 1000
	// MaxFilterBranches bounds and, or and has...With lists.
	MaxFilterBranches = 100
	// MaxFilterPredicates bounds the predicates (fields set, and/or/not
	// branches) of one where argument, all levels counted together. It also
	// keeps the longest chain of ORs and ANDs SQLite must parse far below its
	// expression depth limit of 1000.
	MaxFilterPredicates = 500
	// MaxFilterValues bounds the values listed in all of one where argument's
	// lists together, far below SQLite's 32,766 and PostgreSQL's 65,535 bind
	// parameters per statement.
	MaxFilterValues = 5000
	// MaxFilterEdges bounds the has...With filters of one where argument in
	// all: each is a subquery, and PostgreSQL's planner takes seconds over a
	// few dozen of them and-ed together, even on a tiny table.
	MaxFilterEdges = 10
	// MaxFilterDepth bounds how deeply where inputs nest (and, or, not and
	// has...With each open a level).
	MaxFilterDepth = 10
)

// argumentBounds is a gqlgen extension refusing, with BAD_USER_INPUT, an
// operation whose nodes(ids:) or where arguments pass the bounds above,
// whether written inline or sent as variables. The error names the argument
// path and the limit, so the client knows what to shrink.
type argumentBounds struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = argumentBounds{}

// ExtensionName implements graphql.HandlerExtension.
func (argumentBounds) ExtensionName() string { return "PandacArgumentBounds" }

// Validate implements graphql.HandlerExtension.
func (argumentBounds) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext checks every field's arguments, fragments included.
func (argumentBounds) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	c := argChecker{vars: oc.Variables, seen: map[string]bool{}}
	return c.selection(oc.Operation.SelectionSet, "")
}

type argChecker struct {
	vars   map[string]any
	seen   map[string]bool // fragments already checked: their arguments do not depend on where they are spread
	visits int
}

func (c *argChecker) selection(set ast.SelectionSet, path string) *gqlerror.Error {
	for _, sel := range set {
		c.visits++
		if c.visits > maxVisits {
			// QueryLimits refuses such a document before this runs.
			return nil
		}
		var err *gqlerror.Error
		switch s := sel.(type) {
		case *ast.Field:
			err = c.field(s, path)
		case *ast.InlineFragment:
			err = c.selection(s.SelectionSet, path)
		case *ast.FragmentSpread:
			if s.Definition != nil && !c.seen[s.Name] {
				c.seen[s.Name] = true
				err = c.selection(s.Definition.SelectionSet, path)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (c *argChecker) field(f *ast.Field, parent string) *gqlerror.Error {
	path := f.Alias
	if path == "" {
		path = f.Name
	}
	if parent != "" {
		path = parent + "." + path
	}
	if f.Definition != nil {
		for _, arg := range f.Arguments {
			def := f.Definition.Arguments.ForName(arg.Name)
			if def == nil || def.Type == nil || arg.Value == nil {
				continue
			}
			if err := c.argument(f, def, arg, path+"("+arg.Name+":)"); err != nil {
				return err
			}
		}
	}
	return c.selection(f.SelectionSet, path)
}

func (c *argChecker) argument(f *ast.Field, def *ast.ArgumentDefinition, arg *ast.Argument, path string) *gqlerror.Error {
	isIDs := f.Name == "nodes" && arg.Name == "ids" && def.Type.Elem != nil
	isWhere := strings.HasSuffix(def.Type.Name(), "WhereInput")
	if !isIDs && !isWhere {
		return nil
	}
	v, err := arg.Value.Value(c.vars)
	if err != nil || v == nil {
		return nil // validation and coercion report malformed values
	}
	if isIDs {
		if ids, ok := v.([]any); ok && len(ids) > MaxNodeIDs {
			return boundError(path, MaxNodeIDs, "asks for %d ids; at most %d are allowed per call: split it into several", len(ids), MaxNodeIDs)
		}
		return nil
	}
	w := whereChecker{}
	return w.value(v, path, 0)
}

// whereChecker walks one where argument's coerced value.
type whereChecker struct {
	predicates int
	values     int
	edges      int
}

func (w *whereChecker) value(v any, path string, depth int) *gqlerror.Error {
	switch x := v.(type) {
	case string:
		if len(x) > MaxFilterStringBytes {
			return boundError(path, MaxFilterStringBytes, "is %d bytes long; at most %d are allowed in a filter", len(x), MaxFilterStringBytes)
		}
	case map[string]any:
		depth++
		if depth > MaxFilterDepth {
			return boundError(path, MaxFilterDepth, "nests filters more than %d levels deep", MaxFilterDepth)
		}
		if len(x) == 0 && depth > 1 {
			// entgql cannot build a predicate from nothing; say so rather
			// than fail inside the query.
			return &gqlerror.Error{
				Message:    "argument " + path + " is an empty filter: give it at least one field, or leave it out",
				Extensions: map[string]any{"code": graphQLCode(fault.CodeBadInput), "argument": path},
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			w.predicates++
			if w.predicates > MaxFilterPredicates {
				return boundError(path, MaxFilterPredicates, "has more than %d predicates in all; simplify the filter", MaxFilterPredicates)
			}
			if err := w.entry(k, x[k], path+"."+k, depth); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *whereChecker) entry(key string, v any, path string, depth int) *gqlerror.Error {
	list, ok := v.([]any)
	if !ok {
		return w.value(v, path, depth)
	}
	branches := key == "and" || key == "or" || (strings.HasPrefix(key, "has") && strings.HasSuffix(key, "With"))
	if branches {
		if len(list) > MaxFilterBranches {
			return boundError(path, MaxFilterBranches, "has %d elements; at most %d are allowed", len(list), MaxFilterBranches)
		}
		w.predicates += len(list)
		if w.predicates > MaxFilterPredicates {
			return boundError(path, MaxFilterPredicates, "brings the filter past %d predicates in all; simplify it", MaxFilterPredicates)
		}
		if key != "and" && key != "or" {
			w.edges += len(list)
			if w.edges > MaxFilterEdges {
				return boundError(path, MaxFilterEdges, "brings the filter past %d has...With filters in all; simplify it", MaxFilterEdges)
			}
		}
	} else {
		if len(list) > MaxFilterListLen {
			return boundError(path, MaxFilterListLen, "lists %d values; at most %d are allowed", len(list), MaxFilterListLen)
		}
		w.values += len(list)
		if w.values > MaxFilterValues {
			return boundError(path, MaxFilterValues, "brings the filter past %d listed values in all", MaxFilterValues)
		}
	}
	for i, e := range list {
		if err := w.value(e, fmt.Sprintf("%s[%d]", path, i), depth); err != nil {
			return err
		}
	}
	return nil
}

func boundError(path string, limit int, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    "argument " + path + " " + fmt.Sprintf(format, args...),
		Extensions: map[string]any{"code": graphQLCode(fault.CodeBadInput), "argument": path, "limit": limit},
	}
}
