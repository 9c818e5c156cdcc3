package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/store"
)

// introspectionGate is a gqlgen extension deciding who may introspect the
// schema. With public off (the default) __schema and __type need a signed-in
// caller, so a stranger cannot map every type, field and argument of the API
// before finding an account; __typename stays open, as clients and health
// checks send it. The operation is refused before any resolver runs, with
// UNAUTHENTICATED, rather than answered with nulls.
type introspectionGate struct{ public bool }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = introspectionGate{}

// ExtensionName implements graphql.HandlerExtension.
func (introspectionGate) ExtensionName() string { return "PandacIntrospection" }

// Validate implements graphql.HandlerExtension.
func (introspectionGate) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext enables introspection for the callers allowed it and
// refuses an operation that asks for it otherwise.
func (g introspectionGate) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	allowed := g.public || auth.FromContext(ctx) != nil
	oc.DisableIntrospection = !allowed
	if allowed || oc.Operation == nil || !introspects(oc.Operation.SelectionSet, 0) {
		return nil
	}
	msg := "introspection needs a signed-in user: send Authorization: Bearer <accessToken>"
	if err := auth.Require(ctx); err != nil {
		if pe := store.AsFault(err); pe != nil && pe.Message != "authentication required" {
			msg = "introspection needs a signed-in user: " + pe.Message
		}
	}
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": graphQLCode(fault.CodeUnauthenticated)}}
}

// introspects reports whether a root selection set asks for __schema or
// __type, directly or through fragments (which validation has checked for
// cycles; depth guards against a document that was not validated).
func introspects(set ast.SelectionSet, depth int) bool {
	if depth > 100 {
		return true
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" {
				return true
			}
		case *ast.InlineFragment:
			if introspects(s.SelectionSet, depth+1) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition != nil && introspects(s.Definition.SelectionSet, depth+1) {
				return true
			}
		}
	}
	return false
}
