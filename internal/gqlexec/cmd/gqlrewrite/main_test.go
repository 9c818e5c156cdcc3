package main

import (
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/gqlexec"
)

// executor is the part of a gqlgen executor the rewrite touches, as gqlgen
// v0.17.98 writes it.
const executor = `package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

func (ec *executionContext) _Sale(ctx context.Context, sel ast.SelectionSet, obj *Sale) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, saleImplementors)

	out := graphql.NewFieldSet(fields)
	deferred := graphql.NewDeferredGroup(ctx)
	_ = deferred
	out.Concurrently(0, func(ctx context.Context) graphql.Marshaler {
		out := graphql.Null
		return out
	})
	if out.Invalids > 0 {
		return graphql.Null
	}
	return out
}

func (ec *executionContext) fieldContext_Sale_id(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("Sale", field, false, false, "ID")
}

func (ec *executionContext) marshalNSale2ᚕᚖSaleᚄ(ctx context.Context, sel ast.SelectionSet, v []*Sale) graphql.Marshaler {
	ret := graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		fc := graphql.GetFieldContext(ctx)
		fc.Result = &v[i]
		return ec.marshalNSale2ᚖSale(ctx, sel, v[i])
	})
	return ret
}
`

func TestRewrite(t *testing.T) {
	out, st, err := Rewrite("generated.go", []byte(executor))
	if err != nil {
		t.Fatal(err)
	}
	if st.slices != 1 || st.groups != 1 || st.objects != 1 || st.scalars != 1 {
		t.Errorf("rewrote %d list marshals, %d groups, %d objects and %d scalar contexts, want 1 each", st.slices, st.groups, st.objects, st.scalars)
	}
	for _, want := range []string{
		"\t\"github.com/pandac/pandac/internal/gqlexec\"\n",
		"deferred := gqlexec.DeferredGroup(ctx, fields)\n",
		"ret := gqlexec.MarshalSlice(ctx, sel, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {\n",
		"\treturn gqlexec.Object(fields, out)\n}",
		"\treturn gqlexec.ScalarFieldContext(\"Sale\", field, false, false, \"ID\")\n",
		"\t\tout := graphql.Null\n\t\treturn out\n", // a closure's own out is left alone
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("rewritten file lacks %q:\n%s", want, out)
		}
	}
	again, st, err := Rewrite("generated.go", out)
	if err != nil || string(again) != string(out) || st != (stats{}) {
		t.Errorf("second rewrite changed %+v, err %v:\n%s", st, err, again)
	}
}

// TestRewriteRefusesTheUnknown: a gqlgen whose templates changed must stop
// go generate, not leave the executor silently unoptimised.
func TestRewriteRefusesTheUnknown(t *testing.T) {
	for _, tc := range []struct{ name, old, new, want string }{
		{"no list marshal", "graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func", "marshalAll(ctx, len(v), 0, false, func",
			"no graphql.MarshalSliceConcurrently"},
		{"no deferred group", "deferred := graphql.NewDeferredGroup(ctx)", "deferred := 0", "no deferred := graphql.NewDeferredGroup"},
		{"more arguments", "len(v), 0, false, func", "len(v), 0, false, nil, func", "has 6 arguments"},
		{"no length", "len(v), 0, false", "n, 0, false", "len(...) second"},
		{"no selection set", "ctx context.Context, sel ast.SelectionSet, v []*Sale", "ctx context.Context, v []*Sale", "no parameter sel ast.SelectionSet"},
		{"group elsewhere", "deferred := graphql.NewDeferredGroup(ctx)", "deferred := graphql.NewDeferredGroup(ctx)\n\tg := graphql.NewDeferredGroup(ctx)\n\t_ = g",
			"is not assigned as deferred"},
		{"group before fields", "fields := graphql.CollectFields(ec.OperationContext, sel, saleImplementors)", "fields := sel", "does not collect fields"},
		{"group with more", "graphql.NewDeferredGroup(ctx)", "graphql.NewDeferredGroup(ctx, sel)", "does not take exactly ctx"},
		{"no field set", "out := graphql.NewFieldSet(fields)", "out := newFieldSet(fields)", "no `return out`"},
		{"no scalar context", "graphql.NewScalarFieldContext(\"Sale\", field, false, false, \"ID\")", "newScalar(\"Sale\", field)", "no graphql.NewScalarFieldContext"},
		{"scalar context with more", "field, false, false, \"ID\")", "field, false, false, \"ID\", nil)", "has 6 arguments"},
	} {
		src := strings.Replace(executor, tc.old, tc.new, 1)
		if src == executor {
			t.Fatalf("%s: %q not in the executor", tc.name, tc.old)
		}
		_, _, err := Rewrite("generated.go", []byte(src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
	if _, _, err := Rewrite("x.go", []byte("package x\n")); err == nil || !strings.Contains(err.Error(), "not a gqlgen executor") {
		t.Errorf("a file without gqlgen: error %v", err)
	}
}

// TestGeneratedIsRewritten: the committed executor went through the rewrite,
// for each of the four patterns, and the rewrite's import path is gqlexec's.
func TestGeneratedIsRewritten(t *testing.T) {
	src, err := os.ReadFile("../../../../graph/generated.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ old, new string }{
		{"graphql.MarshalSliceConcurrently(", "gqlexec.MarshalSlice(ctx, sel, "},
		{"graphql.NewDeferredGroup(", "deferred := gqlexec.DeferredGroup(ctx, fields)"},
		{"graphql.NewScalarFieldContext(", "return gqlexec.ScalarFieldContext("},
		{"", "return gqlexec.Object(fields, out)"},
	} {
		if p.old != "" && strings.Contains(string(src), p.old) {
			t.Errorf("graph/generated.go still calls %s...): run go generate ./graph", p.old)
		}
		if !strings.Contains(string(src), p.new) {
			t.Errorf("graph/generated.go has no %s: run go generate ./graph", p.new)
		}
	}
	// An object that still returns its field set itself is only found by
	// parsing; the rewrite would count it.
	out, st, err := Rewrite("generated.go", src)
	if err != nil || string(out) != string(src) || st != (stats{}) {
		t.Errorf("rewriting graph/generated.go again changes it (%+v, err %v)", st, err)
	}
	for _, fn := range []any{gqlexec.MarshalSlice, gqlexec.DeferredGroup, gqlexec.Object, gqlexec.ScalarFieldContext} {
		name := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).Name()
		if !strings.HasPrefix(name, gqlexecPath+".") {
			t.Errorf("%s is not in %s, which the rewrite imports", name, gqlexecPath)
		}
	}
}
