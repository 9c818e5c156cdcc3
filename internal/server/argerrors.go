package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// argumentError reports an error raised while gqlgen coerced a field's
// arguments, before any resolver ran: a Decimal, UUID or Time scalar (or an
// input object holding one) that could not parse the client's value. gqlgen
// reports those on a path that goes past the field into its arguments
// (["createProduct", "input", "price"]), while resolver errors sit on the
// field's own path; without this, a malformed price would be answered as an
// INTERNAL error.
func argumentError(ctx context.Context, gerr *gqlerror.Error) bool {
	if !graphql.HasOperationContext(ctx) {
		return false
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Args != nil {
		return false
	}
	own := fc.Path()
	if len(gerr.Path) <= len(own) {
		return false
	}
	for i := range own {
		if gerr.Path[i] != own[i] {
			return false
		}
	}
	return true
}
