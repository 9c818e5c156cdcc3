package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/pandac/pandac/internal/fault"
)

type authUnavailableKey struct{}

// markAuthUnavailable notes that authentication failed for want of the
// database, not because of the token.
func markAuthUnavailable(ctx context.Context) context.Context {
	return context.WithValue(ctx, authUnavailableKey{}, true)
}

func authUnavailable(ctx context.Context) bool {
	v, _ := ctx.Value(authUnavailableKey{}).(bool)
	return v
}

// serviceUnavailable answers 503 with Retry-After, in the shape the caller
// speaks: a GraphQL error with code INTERNAL on /graphql, FastAPI's
// {"detail": ...} elsewhere.
func serviceUnavailable(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", "5")
	if strings.HasPrefix(r.URL.Path, "/graphql") {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{
			"errors": []map[string]any{{"message": unavailableMessage, "extensions": map[string]any{"code": graphQLCode(fault.CodeInternal)}}},
			"data":   nil,
		})
		return
	}
	writeJSON(w, http.StatusServiceUnavailable, map[string]string{"detail": unavailableMessage})
}

// deadlineGuard stops a request whose deadline already passed in the
// middleware before it (authentication waiting on a frozen database): gqlgen
// given a dead context answers 200 with the body "null", which tells the
// client nothing.
func deadlineGuard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Context().Err() != nil {
			serviceUnavailable(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}
