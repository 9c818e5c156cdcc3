package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/pandac/pandac/graph/model"
	"github.com/pandac/pandac/internal/auth"
)

// Directives returns the implementations of the schema's access directives:
// every Query, Mutation and Subscription field carries exactly one of them.
func Directives() DirectiveRoot {
	return DirectiveRoot{
		HasPermission: func(ctx context.Context, _ any, next graphql.Resolver, anyOf []model.Permission) (any, error) {
			if len(anyOf) == 0 {
				// An empty list would silently mean "anyone signed in"; that
				// rule is spelled @authenticated, so refuse the ambiguity.
				return nil, auth.Forbidden("misconfigured access rule")
			}
			if err := auth.Require(ctx, Permissions(anyOf)...); err != nil {
				return nil, err
			}
			return next(ctx)
		},
		Authenticated: func(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
			if err := auth.Require(ctx); err != nil {
				return nil, err
			}
			return next(ctx)
		},
		Public: func(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
			return next(ctx)
		},
	}
}

// Permissions translates the GraphQL enum to auth's permissions.
func Permissions(in []model.Permission) []auth.Permission {
	out := make([]auth.Permission, len(in))
	for i, p := range in {
		out[i] = auth.Permission(strings.ToLower(string(p)))
	}
	return out
}
