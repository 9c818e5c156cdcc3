package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/pandac/pandac/graph/model"
)

// Directives returns the implementations of the schema's access directives.
func Directives() DirectiveRoot {
	return DirectiveRoot{
		HasPermission: func(ctx context.Context, _ any, next graphql.Resolver, _ []model.Permission) (any, error) {
			return next(ctx)
		},
		Public: func(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
			return next(ctx)
		},
	}
}
