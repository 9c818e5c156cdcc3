package server

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// TestErrorCapOrdersErrors: errors come out in path order whatever order
// they were raised in, validation errors (no path) first and in their own
// order, so one request always gets one answer.
func TestErrorCapOrdersErrors(t *testing.T) {
	p := func(els ...any) ast.Path {
		var out ast.Path
		for _, e := range els {
			switch e := e.(type) {
			case string:
				out = append(out, ast.PathName(e))
			case int:
				out = append(out, ast.PathIndex(e))
			}
		}
		return out
	}
	raised := gqlerror.List{
		{Message: "b.1", Path: p("b", 1)},
		{Message: "first"},
		{Message: "a.edges.10", Path: p("a", "edges", 10)},
		{Message: "b", Path: p("b")},
		{Message: "a.edges.2.x", Path: p("a", "edges", 2, "x")},
		{Message: "second"},
		{Message: "a.edges.2", Path: p("a", "edges", 2)},
	}
	want := []string{"first", "second", "a.edges.2", "a.edges.2.x", "a.edges.10", "b", "b.1"}
	resp := errorCap{max: 50}.InterceptResponse(context.Background(), func(context.Context) *graphql.Response {
		return &graphql.Response{Errors: raised}
	})
	for i, e := range resp.Errors {
		if e.Message != want[i] {
			t.Fatalf("error %d is %q, want %q (all: %v)", i, e.Message, want[i], resp.Errors)
		}
	}
}
