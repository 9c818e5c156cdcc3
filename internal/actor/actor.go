// Package actor carries the identity of whoever is acting (the authenticated
// user) through a context, so the data layer can stamp created_by/updated_by and
// audit entries without depending on the auth package.
package actor

import (
	"context"

	"github.com/google/uuid"
)

type key struct{}

// With returns a context that carries the acting user's id.
func With(ctx context.Context, userID uuid.UUID) context.Context {
	return context.WithValue(ctx, key{}, userID)
}

// From returns the acting user's id, if the context carries one.
func From(ctx context.Context) (uuid.UUID, bool) {
	id, ok := ctx.Value(key{}).(uuid.UUID)
	return id, ok && id != uuid.Nil
}
