// Package graph is the GraphQL port of Pandac POS: gqlgen resolvers that parse
// input, call internal/pos and map errors. No business rule lives here.
package graph

//go:generate go tool gqlgen
//go:generate go run ../internal/gqlexec/cmd/gqlrewrite generated.go

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/pos"
)

// Resolver is the root of all resolvers; it holds the services they call.
type Resolver struct {
	Client *ent.Client
	POS    *pos.Service
	Auth   *auth.Service
	// Events feeds the subscriptions; without it they fail.
	Events EventSource
}
