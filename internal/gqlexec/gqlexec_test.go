package gqlexec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// testSchema has one @batched field, Sale.receipt, reachable directly, through
// a nested list (Customer.sales) and through an interface (Node).
var testSchema = gqlparser.MustLoadSchema(&ast.Source{Name: "test.graphqls", Input: `
directive @batched on FIELD_DEFINITION
interface Node { id: ID! }
type Query { sales: [Sale!]! customers: [Customer!]! nodes: [Node]! }
type Customer implements Node { id: ID! name: String! sales: [Sale!]! }
type Sale implements Node { id: ID! total: Int! receipt: String! @batched customer: Customer }
`})

// listSelection returns the selection made on the elements of the first root
// field of query, validated against testSchema, as gqlgen hands it to a list
// marshaller.
func listSelection(t *testing.T, query string) ast.SelectionSet {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(testSchema, query)
	if errs != nil {
		t.Fatalf("%s: %v", query, errs)
	}
	return doc.Operations[0].SelectionSet[0].(*ast.Field).SelectionSet
}

func TestNeedsConcurrency(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  bool
	}{
		{`{ sales { id total customer { name } } }`, false},
		{`{ sales { id receipt } }`, true},
		{`{ sales { ...R } } fragment R on Sale { id receipt }`, true},
		{`{ sales { ... on Sale { receipt } } }`, true},
		{`{ sales { ... { ...R } } } fragment R on Sale { receipt }`, true},
		// Deeper: the outer list's elements each resolve a list that batches.
		{`{ customers { name sales { receipt } } }`, true},
		{`{ customers { ...C } } fragment C on Customer { sales { ... on Sale { receipt } } }`, true},
		{`{ sales { customer { sales { customer { sales { receipt } } } } } }`, true},
		{`{ nodes { id ... on Sale { receipt } } }`, true},
		{`{ nodes { id ... on Customer { name } } }`, false},
		// A fragment spread many times is walked once, and selects nothing batched.
		{`{ customers { ...C sales { ...S customer { ...C } } } }
		  fragment C on Customer { name sales { ...S } }
		  fragment S on Sale { id total }`, false},
		// The answer does not depend on variables: a skipped field still counts.
		{`query($no: Boolean!) { sales { id receipt @skip(if: $no) } }`, true},
	} {
		sel := listSelection(t, tc.query)
		if got := needsConcurrency(sel); got != tc.want {
			t.Errorf("%s: needsConcurrency = %v, want %v", tc.query, got, tc.want)
		}
		// The second answer comes from the cache.
		if got := needsConcurrency(sel); got != tc.want {
			t.Errorf("%s: cached needsConcurrency = %v, want %v", tc.query, got, tc.want)
		}
	}
}

// TestNeedsConcurrencyUnvalidated: a selection without the validator's
// definitions cannot be judged, so it keeps gqlgen's concurrent default.
func TestNeedsConcurrencyUnvalidated(t *testing.T) {
	if !needsConcurrency(ast.SelectionSet{&ast.Field{Name: "receipt"}}) {
		t.Error("a field without its definition is marshalled serially")
	}
	if !needsConcurrency(ast.SelectionSet{&ast.FragmentSpread{Name: "F"}}) {
		t.Error("a fragment spread without its definition is marshalled serially")
	}
	if needsConcurrency(nil) {
		t.Error("an empty selection needs concurrency")
	}
}

// TestCacheForgetsCollectedSelections: the cache holds a selection set only as
// long as its document lives, so it cannot outgrow the live documents.
func TestCacheForgetsCollectedSelections(t *testing.T) {
	cached := func() int {
		concurrency.RLock()
		defer concurrency.RUnlock()
		return len(concurrency.m)
	}
	before := cached()
	for i := range 50 {
		needsConcurrency(listSelection(t, fmt.Sprintf(`{ sales { id a%d: total } }`, i)))
	}
	if n := cached(); n < before+50 {
		t.Fatalf("cache grew from %d to %d entries, want 50 more", before, n)
	}
	deadline := time.Now().Add(10 * time.Second)
	for cached() > before {
		if time.Now().After(deadline) {
			t.Fatalf("cache still holds %d entries after the documents were collected, want %d", cached(), before)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}

// elementCtx is a request's context as gqlgen builds it, inside the list
// field "sales".
func elementCtx() context.Context {
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter,
		func(_ context.Context, err any) error { return fmt.Errorf("internal error: %v", err) })
	return graphql.WithFieldContext(ctx, &graphql.FieldContext{
		Field: graphql.CollectedField{Field: &ast.Field{Name: "sales", Alias: "sales"}},
	})
}

// run marshals n elements through marshal, with an element function that
// panics on the indices in panics and records each element's FieldContext.
func run(ctx context.Context, n int, panics map[int]bool, marshal func(ctx context.Context, n int, fn func(context.Context, int) graphql.Marshaler) graphql.Array) (graphql.Array, gqlerror.List) {
	ret := marshal(ctx, n, func(ctx context.Context, i int) graphql.Marshaler {
		if panics[i] {
			panic(fmt.Sprintf("element %d", i))
		}
		fc := graphql.GetFieldContext(ctx)
		return graphql.WriterFunc(func(w io.Writer) {
			_, _ = fmt.Fprintf(w, `{"i":%d,"index":%d,"path":%q,"parent":%q}`, i, *fc.Index, fc.Path().String(), fc.Parent.Field.Alias)
		})
	})
	return ret, graphql.GetErrors(ctx)
}

// TestMarshalSliceSerialMatchesGqlgen: without a batched field the elements
// run one after another on the calling goroutine, each under its own
// FieldContext, and the answer, the errors and their paths are gqlgen's.
func TestMarshalSliceSerialMatchesGqlgen(t *testing.T) {
	sel := listSelection(t, `{ sales { id total } }`)
	for _, n := range []int{0, 1, 2, 7} {
		panics := map[int]bool{1: true, 5: true}
		serial, serialErrs := run(elementCtx(), n, panics, func(ctx context.Context, n int, fn func(context.Context, int) graphql.Marshaler) graphql.Array {
			var done atomic.Int64
			return MarshalSlice(ctx, sel, n, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
				if got := done.Load(); got != int64(i) {
					t.Errorf("element %d started after %d elements finished: not serial", i, got)
				}
				defer done.Add(1)
				return fn(ctx, i)
			})
		})
		want, wantErrs := run(elementCtx(), n, panics, func(ctx context.Context, n int, fn func(context.Context, int) graphql.Marshaler) graphql.Array {
			return graphql.MarshalSliceConcurrently(ctx, n, 0, false, fn)
		})
		if got, want := marshal(serial), marshal(want); got != want {
			t.Errorf("%d elements: serial answer\n%s\nwant gqlgen's\n%s", n, got, want)
		}
		for i := range n {
			if panics[i] && serial[i] != graphql.Null {
				t.Errorf("%d elements: element %d panicked and is %v, want Null", n, i, serial[i])
			}
		}
		if got, want := errorSet(serialErrs), errorSet(wantErrs); !reflect.DeepEqual(got, want) {
			t.Errorf("%d elements: errors %v, want gqlgen's %v", n, got, want)
		}
	}
}

// TestMarshalSliceOmitPanicHandler: without the handler a panic propagates,
// as it does from gqlgen's.
func TestMarshalSliceOmitPanicHandler(t *testing.T) {
	sel := listSelection(t, `{ sales { id } }`)
	defer func() {
		if r := recover(); r != "boom" {
			t.Fatalf("recovered %v, want the element's panic", r)
		}
	}()
	MarshalSlice(elementCtx(), sel, 3, 0, true, func(ctx context.Context, i int) graphql.Marshaler {
		if i == 1 {
			panic("boom")
		}
		return graphql.Null
	})
	t.Fatal("no panic")
}

// TestMarshalSliceCancelledWithWorkerLimit: with a worker limit, a cancelled
// request marks the elements Null and reports the cancellation once, as
// gqlgen's worker pool does.
func TestMarshalSliceCancelledWithWorkerLimit(t *testing.T) {
	sel := listSelection(t, `{ sales { id } }`)
	ctx, cancel := context.WithCancel(elementCtx())
	cancel()
	ran := false
	ret := MarshalSlice(ctx, sel, 3, 2, false, func(context.Context, int) graphql.Marshaler { ran = true; return graphql.Null })
	errs := graphql.GetErrors(ctx)
	wctx, wcancel := context.WithCancel(elementCtx())
	wcancel()
	want := graphql.MarshalSliceConcurrently(wctx, 3, 2, false, func(context.Context, int) graphql.Marshaler { return graphql.Null })
	if ran || marshal(ret) != marshal(want) {
		t.Errorf("ran %v, answer %s; want no element run and %s", ran, marshal(ret), marshal(want))
	}
	if got, want := errorSet(errs), errorSet(graphql.GetErrors(wctx)); !reflect.DeepEqual(got, want) {
		t.Errorf("errors %v, want gqlgen's %v", got, want)
	}
}

// TestMarshalSliceConcurrentForBatched: a selection with a batched field, at
// any depth, gets every element running at once, which is what lets a
// dataloader gather their keys into one batch. Each element here waits until
// all have started; run one after another they would never all start.
func TestMarshalSliceConcurrentForBatched(t *testing.T) {
	for _, q := range []string{
		`{ sales { id receipt } }`,
		`{ sales { ...R } } fragment R on Sale { receipt }`,
		`{ sales { ... on Sale { receipt } } }`,
		`{ customers { sales { customer { sales { receipt } } } } }`,
	} {
		const n = 8
		var started sync.WaitGroup
		started.Add(n)
		all := make(chan struct{})
		go func() { started.Wait(); close(all) }()
		ret := MarshalSlice(elementCtx(), listSelection(t, q), n, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			started.Done()
			select {
			case <-all:
				return graphql.MarshalInt(*graphql.GetFieldContext(ctx).Index)
			case <-time.After(10 * time.Second):
				t.Errorf("%s: element %d waited 10s for its siblings: not concurrent", q, i)
				return graphql.Null
			}
		})
		if got := marshal(ret); got != "[0,1,2,3,4,5,6,7]" {
			t.Errorf("%s: answer %s", q, got)
		}
	}
}

func TestDeferredGroup(t *testing.T) {
	ctx := elementCtx()
	plain := []graphql.CollectedField{{Field: &ast.Field{Name: "id"}}, {Field: &ast.Field{Name: "total"}}}
	if g := DeferredGroup(ctx, plain); g.Context != ctx || g.Path != nil || g.FieldSet != nil || g.Defers != nil {
		t.Errorf("group without deferred fields = %+v, want only the context", g)
	}
	// Selected both inside and outside a deferred fragment: not deferred.
	both := append(plain, graphql.CollectedField{Field: &ast.Field{Name: "receipt"}, Deferrables: []*graphql.Deferrable{{Label: "r"}}, IsNonDeferrable: true})
	if g := DeferredGroup(ctx, both); g.FieldSet != nil {
		t.Errorf("a non-deferrable field built the full group")
	}
	deferred := append(plain, graphql.CollectedField{Field: &ast.Field{Name: "receipt"}, Deferrables: []*graphql.Deferrable{{Label: "r"}}})
	g := DeferredGroup(ctx, deferred)
	want := graphql.NewDeferredGroup(ctx)
	if g.Context != ctx || g.FieldSet == nil || g.Defers == nil || g.Path.String() != want.Path.String() {
		t.Errorf("group with a deferred field = %+v, want gqlgen's %+v", g, want)
	}
}

// marshal renders an answer as JSON.
func marshal(a graphql.Array) string {
	var b stringWriter
	a.MarshalGQL(&b)
	return string(b)
}

type stringWriter []byte

func (w *stringWriter) Write(p []byte) (int, error) { *w = append(*w, p...); return len(p), nil }

// errorSet is errors as "path: message", ignoring the order in which
// concurrent elements reported them.
func errorSet(errs gqlerror.List) map[string]bool {
	out := map[string]bool{}
	for _, e := range errs {
		var gerr *gqlerror.Error
		if errors.As(e, &gerr) {
			out[gerr.Path.String()+": "+gerr.Message] = true
		}
	}
	return out
}

// TestObjectMatchesFieldSet: Object writes byte for byte what gqlgen's
// FieldSet writes, repeated response keys included, with fewer allocations.
func TestObjectMatchesFieldSet(t *testing.T) {
	for _, keys := range [][]string{
		{},
		{"id"},
		{"id", "name", "price", "inventory"},
		{"a", "b", "a", "__typename", "b", "c"},
	} {
		fields := make([]graphql.CollectedField, len(keys))
		for i, k := range keys {
			fields[i] = graphql.CollectedField{Field: &ast.Field{Alias: k, Name: k}}
		}
		out := graphql.NewFieldSet(fields)
		for i := range out.Values {
			out.Values[i] = graphql.MarshalString(fmt.Sprintf("v%d \"q\"", i))
		}
		var want, got bytes.Buffer
		out.MarshalGQL(&want)
		Object(fields, out).MarshalGQL(&got)
		if got.String() != want.String() {
			t.Errorf("keys %v: Object wrote %s, FieldSet %s", keys, got.String(), want.String())
		}
		if len(keys) > 0 {
			var buf bytes.Buffer
			fs := testing.AllocsPerRun(50, func() { buf.Reset(); out.MarshalGQL(&buf) })
			ob := testing.AllocsPerRun(50, func() { buf.Reset(); Object(fields, out).MarshalGQL(&buf) })
			if ob >= fs {
				t.Errorf("keys %v: Object allocates %.0f times, FieldSet %.0f", keys, ob, fs)
			}
		}
	}
}

// TestScalarFieldContext: the same FieldContext as gqlgen's, whose Child
// gives the same error, without a closure per call. The structs are compared
// whole, so a field gqlgen's constructor sets and ScalarFieldContext does not
// fails the test; func fields cannot be compared by value, so each is named
// in funcFields and compared by what it returns, and a func field gqlgen adds
// later fails the test until it is added there.
func TestScalarFieldContext(t *testing.T) {
	funcFields := map[string]func(t *testing.T, got, want *graphql.FieldContext, field graphql.CollectedField){
		"Child": func(t *testing.T, got, want *graphql.FieldContext, field graphql.CollectedField) {
			gotFC, gotErr := got.Child(context.Background(), field)
			wantFC, wantErr := want.Child(context.Background(), field)
			if gotFC != wantFC || gotErr == nil || wantErr == nil || gotErr.Error() != wantErr.Error() {
				t.Errorf("Child = %v, %v; want %v, %v", gotFC, gotErr, wantFC, wantErr)
			}
		},
	}
	typ := reflect.TypeFor[graphql.FieldContext]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if _, ok := funcFields[f.Name]; f.Type.Kind() == reflect.Func && !ok {
			t.Errorf("graphql.FieldContext has a func field %s this test does not compare", f.Name)
		}
	}
	field := graphql.CollectedField{Field: &ast.Field{Alias: "price", Name: "price"}}
	for _, tc := range []struct {
		object, typeName     string
		isMethod, isResolver bool
	}{
		{"Product", "Decimal", true, false},
		{"Product", "Decimal", false, true},
		{"Sale", "ID", false, false},
		{"Sale", "Int", true, true},
	} {
		want, wantErr := graphql.NewScalarFieldContext(tc.object, field, tc.isMethod, tc.isResolver, tc.typeName)
		got, err := ScalarFieldContext(tc.object, field, tc.isMethod, tc.isResolver, tc.typeName)
		if err != nil || wantErr != nil {
			t.Fatalf("%+v: errors %v, %v", tc, err, wantErr)
		}
		for name, compare := range funcFields {
			compare(t, got, want, field)
			// Compared: zero both so DeepEqual sees the other fields.
			reflect.ValueOf(got).Elem().FieldByName(name).SetZero()
			reflect.ValueOf(want).Elem().FieldByName(name).SetZero()
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: got %+v, want %+v", tc, got, want)
		}
	}
	if _, err := (mustScalar(t, "ID")).Child(context.Background(), field); err == nil || err.Error() != "field of type ID does not have child fields" {
		t.Errorf("another type's Child error: %v", err)
	}
	if a := testing.AllocsPerRun(100, func() { _, _ = ScalarFieldContext("Product", field, true, false, "Decimal") }); a > 1 {
		t.Errorf("%.0f allocations per field context, want 1", a)
	}
}

func mustScalar(t *testing.T, typeName string) *graphql.FieldContext {
	t.Helper()
	fc, err := ScalarFieldContext("Product", graphql.CollectedField{Field: &ast.Field{Name: "id"}}, false, false, typeName)
	if err != nil {
		t.Fatal(err)
	}
	return fc
}
