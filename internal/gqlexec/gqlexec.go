// Package gqlexec holds cheaper stand-ins for four runtime calls of gqlgen's
// generated executor, which cost more than they give on list-heavy queries:
//
//   - graphql.MarshalSliceConcurrently starts a goroutine per list element.
//     Pandac's edges are eager-loaded by entgql's field collection, so an
//     element almost never blocks and the goroutines (start, stack growth,
//     scheduling) are pure overhead. [MarshalSlice] marshals the elements one
//     after another unless the selection needs them concurrent: a field marked
//     @batched in the schema gathers its keys from sibling elements resolving
//     at the same time (a per-request dataloader), and would otherwise wait out
//     its batch window once per element.
//   - graphql.NewDeferredGroup builds a path, a field set and a map for every
//     object, though only an object with a field under @defer uses them.
//     [DeferredGroup] builds them only then.
//   - graphql.FieldSet writes an object through an iterator closure and a map
//     of the keys written so far, allocated per object. [Object] writes the
//     same JSON from the collected fields and their values.
//   - graphql.NewScalarFieldContext allocates, for every scalar field of every
//     object, a closure that only says the field has no children.
//     [ScalarFieldContext] shares one per scalar type.
//
// The generated code calls these because cmd/gqlrewrite rewrites
// graph/generated.go right after gqlgen writes it (see graph/resolver.go);
// generated code is never edited by hand.
package gqlexec

import (
	"context"
	"errors"
	"io"
	"runtime"
	"sync"
	"weak"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// BatchedDirective is the name of the schema directive (declared in
// schema.graphqls) on a field definition whose resolver batches the loads of
// sibling list elements, so a list selecting it must resolve its elements
// concurrently. The schema is the one place that says which fields those are.
const BatchedDirective = "batched"

// MarshalSlice is graphql.MarshalSliceConcurrently with the same arguments
// plus sel, the selection made on each element. When sel selects no @batched
// field, at any depth, the elements are marshalled on the calling goroutine,
// in order; otherwise, and for a selection it cannot read (unvalidated), it
// calls graphql.MarshalSliceConcurrently. Either way the result is the same:
// every element runs under its own FieldContext carrying its Index, and one
// whose marshalElement panics (unless omitPanicHandler) reports the panic as
// an error and holds Null. With a workerLimit, elements not yet started when
// ctx is cancelled hold Null and ctx's error is reported once, as gqlgen does.
func MarshalSlice(
	ctx context.Context,
	sel ast.SelectionSet,
	length int,
	workerLimit int64,
	omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler,
) graphql.Array {
	if length > 1 && needsConcurrency(sel) {
		return graphql.MarshalSliceConcurrently(ctx, length, workerLimit, omitPanicHandler, marshalElement)
	}
	ret := make(graphql.Array, length)
	if length == 0 {
		return ret
	}
	// One allocation each for all the elements' contexts and indices, instead
	// of two per element.
	fcs := make([]graphql.FieldContext, length)
	index := make([]int, length)
	for i := range length {
		index[i] = i
		fcs[i].Index = &index[i]
		childCtx := graphql.WithFieldContext(ctx, &fcs[i])
		// gqlgen's worker pool stops handing out elements once ctx is done;
		// it checks before every element of a list longer than one.
		if workerLimit > 0 && length > 1 && ctx.Err() != nil {
			graphql.AddError(childCtx, ctx.Err())
			for j := i; j < length; j++ {
				ret[j] = graphql.Null
			}
			break
		}
		ret[i] = marshalOne(childCtx, i, omitPanicHandler, marshalElement)
	}
	return ret
}

// marshalOne marshals element i, turning a panic into an error and Null
// unless omitPanicHandler.
func marshalOne(
	ctx context.Context,
	i int,
	omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler,
) (ret graphql.Marshaler) {
	if !omitPanicHandler {
		defer func() {
			if r := recover(); r != nil {
				graphql.AddError(ctx, graphql.Recover(ctx, r))
				ret = graphql.Null
			}
		}()
	}
	return marshalElement(ctx, i)
}

// DeferredGroup is graphql.NewDeferredGroup(ctx) when one of the object's
// collected fields is deferred. Otherwise it returns a group holding only
// ctx, without the path, field set and map that only @defer needs: the
// generated executor reads a group's FieldSet and Defers only through
// FieldSet.ResolveConcurrently for a deferred field, and hands it to
// ProcessDeferredGroup only when Defers is not empty, which a nil map is.
func DeferredGroup(ctx context.Context, fields []graphql.CollectedField) graphql.DeferredGroup {
	for i := range fields {
		if fields[i].IsDeferred() {
			return graphql.NewDeferredGroup(ctx)
		}
	}
	return graphql.DeferredGroup{Context: ctx}
}

// concurrency remembers needsConcurrency's answer per selection set. Parsed
// documents are cached by the server, so the same selection set comes back on
// every request of an operation. The key is a weak pointer to the selection
// set's first element, which stays distinct from any later selection set
// allocated at the same address, and a cleanup drops the entry once the
// document is collected: the map never outgrows the live documents.
var concurrency struct {
	sync.RWMutex
	m map[weak.Pointer[ast.Selection]]bool
}

// needsConcurrency reports whether sel, at any depth, selects a @batched
// field or something it cannot judge.
func needsConcurrency(sel ast.SelectionSet) bool {
	if len(sel) == 0 {
		return false
	}
	key := weak.Make(&sel[0])
	concurrency.RLock()
	v, ok := concurrency.m[key]
	concurrency.RUnlock()
	if ok {
		return v
	}
	v = selectsBatched(sel, map[*ast.FragmentDefinition]bool{})
	concurrency.Lock()
	defer concurrency.Unlock()
	if _, ok := concurrency.m[key]; !ok {
		if concurrency.m == nil {
			concurrency.m = map[weak.Pointer[ast.Selection]]bool{}
		}
		concurrency.m[key] = v
		runtime.AddCleanup(&sel[0], forget, key)
	}
	return v
}

// forget drops the cached answer of a collected selection set.
func forget(key weak.Pointer[ast.Selection]) {
	concurrency.Lock()
	delete(concurrency.m, key)
	concurrency.Unlock()
}

// selectsBatched walks sel through sub-selections, inline fragments and
// fragment spreads. Each fragment is walked once (seen), which keeps the walk
// linear in the document's size however often a fragment is spread.
func selectsBatched(sel ast.SelectionSet, seen map[*ast.FragmentDefinition]bool) bool {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if s.Definition == nil || s.Definition.Directives.ForName(BatchedDirective) != nil {
				return true
			}
			if selectsBatched(s.SelectionSet, seen) {
				return true
			}
		case *ast.InlineFragment:
			if selectsBatched(s.SelectionSet, seen) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition == nil {
				return true
			}
			if seen[s.Definition] {
				continue
			}
			seen[s.Definition] = true
			if selectsBatched(s.Definition.SelectionSet, seen) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// Object is what the generated code returns for an object instead of out,
// the graphql.FieldSet it filled for fields: the same JSON object, each
// response key once, in the order collected, with the values out holds once
// its fields resolved. graphql.FieldSet.MarshalGQL does the same through an
// iterator closure and a map of written keys per object.
func Object(fields []graphql.CollectedField, out *graphql.FieldSet) graphql.Marshaler {
	return &object{fields: fields, values: out.Values}
}

type object struct {
	fields []graphql.CollectedField
	values []graphql.Marshaler
}

var (
	openBrace  = []byte{'{'}
	closeBrace = []byte{'}'}
	comma      = []byte{','}
	quote      = []byte{'"'}
	quoteColon = []byte{'"', ':'}
)

// MarshalGQL writes the object. Response keys are GraphQL names
// (/[_A-Za-z][_0-9A-Za-z]*/, enforced by the parser), so they need no
// escaping. CollectFields already merges fields sharing a key; a repeat is
// still skipped, as graphql.FieldSet does.
func (o *object) MarshalGQL(w io.Writer) {
	w.Write(openBrace)
	first := true
	for i := range o.fields {
		key := o.fields[i].Alias
		if repeated(o.fields[:i], key) {
			continue
		}
		if !first {
			w.Write(comma)
		}
		first = false
		w.Write(quote)
		io.WriteString(w, key)
		w.Write(quoteColon)
		o.values[i].MarshalGQL(w)
	}
	w.Write(closeBrace)
}

// repeated reports whether key is the response key of one of fields. Objects
// have tens of fields at most, so a scan beats a map.
func repeated(fields []graphql.CollectedField, key string) bool {
	for i := range fields {
		if fields[i].Alias == key {
			return true
		}
	}
	return false
}

// noChildren holds, per scalar or enum type name, the FieldContext.Child of
// its fields: an error, as a scalar has no child fields. The schema's type
// names bound it.
var noChildren sync.Map // string -> func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error)

// ScalarFieldContext is graphql.NewScalarFieldContext with the Child
// function shared between all fields of the type instead of allocated per
// field; the FieldContext is otherwise the same.
func ScalarFieldContext(objectName string, field graphql.CollectedField, isMethod, isResolver bool, typeName string) (*graphql.FieldContext, error) {
	child, ok := noChildren.Load(typeName)
	if !ok {
		child, _ = noChildren.LoadOrStore(typeName, func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error) {
			return nil, errors.New("field of type " + typeName + " does not have child fields")
		})
	}
	return &graphql.FieldContext{
		Object:     objectName,
		Field:      field,
		IsMethod:   isMethod,
		IsResolver: isResolver,
		Child:      child.(func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error)),
	}, nil
}
