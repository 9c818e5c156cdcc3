// Package rest is the /v1 shim: the REST API of the documented FastAPI system
// (testdata/pandac-v1-openapi.json), kept for existing clients as a thin layer
// over internal/pos and the auth code. Handlers parse and validate JSON, call
// the core and shape the answer; no total, stock change, permission rule or
// state transition is decided here.
//
// The routes are one table (routes.go). The router is mounted from it and the
// OpenAPI document at /v1/openapi.json is produced from it, so the two cannot
// drift.
package rest

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/pos"
)

// Authenticator is what the shim needs from the auth code: resolve a bearer
// token to a request context carrying the caller, and check that the caller
// holds one of a set of permissions (the same check the GraphQL
// @hasPermission directive makes).
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (context.Context, error)
	Require(ctx context.Context, perms ...string) error
}

// Deps are the services the shim calls.
type Deps struct {
	POS    *pos.Service
	Auth   Authenticator
	Logger *slog.Logger
}

// api carries the dependencies into the handlers.
type api struct {
	pos    *pos.Service
	client *ent.Client
	auth   Authenticator
	log    *slog.Logger
}

// New returns the /v1 handler; mount it at /v1.
func New(d Deps) http.Handler {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	a := &api{pos: d.POS, client: d.POS.Client(), auth: d.Auth, log: d.Logger}
	r := chi.NewRouter()
	// FastAPI clients call both /v1/products and /v1/products/; answer both
	// without a redirect, which some clients do not follow for POST.
	r.Use(stripSlash)
	r.NotFound(func(w http.ResponseWriter, _ *http.Request) {
		writeDetail(w, http.StatusNotFound, "Not Found")
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, _ *http.Request) {
		writeDetail(w, http.StatusMethodNotAllowed, "Method Not Allowed")
	})
	for _, rt := range Routes() {
		r.Method(rt.Method, routePattern(rt.Path), a.endpoint(rt))
	}
	r.Get("/openapi.json", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, OpenAPI())
	})
	return r
}

// routePattern is a documented path as registered: under the mount point
// and without its trailing slash, which stripSlash makes optional.
func routePattern(path string) string {
	p := strings.TrimSuffix(strings.TrimPrefix(path, Prefix), "/")
	if p == "" {
		return "/"
	}
	return p
}

// Prefix is where the shim is mounted.
const Prefix = "/v1"

// stripSlash routes /x/ as /x inside the sub-router.
func stripSlash(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rctx := chi.RouteContext(r.Context())
		if rctx != nil {
			p := rctx.RoutePath
			if p == "" {
				p = r.URL.Path
			}
			if len(p) > 1 && strings.HasSuffix(p, "/") {
				rctx.RoutePath = strings.TrimRight(p, "/")
				if rctx.RoutePath == "" {
					rctx.RoutePath = "/"
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// endpoint wraps a route's handler with authentication, the permission check
// and the writing of its result or error.
func (a *api) endpoint(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !rt.Public {
			tok, ok := bearer(r)
			if !ok {
				writeError(w, a.log, &pos.Error{Code: pos.CodeUnauthenticated, Message: "Not authenticated"})
				return
			}
			if a.auth == nil {
				writeError(w, a.log, &pos.Error{Code: pos.CodeUnauthenticated, Message: "Could not validate credentials"})
				return
			}
			var err error
			if ctx, err = a.auth.Authenticate(ctx, tok); err != nil {
				writeError(w, a.log, asAuthError(err))
				return
			}
			if err := a.auth.Require(ctx, rt.Perms...); err != nil {
				writeError(w, a.log, err)
				return
			}
		}
		c := &call{api: a, w: w, r: r.WithContext(ctx), ctx: ctx}
		out, err := rt.Handler(c)
		if err != nil {
			writeError(w, a.log, err)
			return
		}
		status := rt.Status
		if status == http.StatusNoContent {
			w.WriteHeader(status)
			return
		}
		writeJSON(w, status, out)
	})
}

// asAuthError keeps a coded error and turns anything else from token
// validation into a plain 401.
func asAuthError(err error) error {
	if pe := pos.AsError(err); pe != nil {
		return pe
	}
	return &pos.Error{Code: pos.CodeUnauthenticated, Message: "Could not validate credentials"}
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return "", false
	}
	return strings.TrimSpace(tok), true
}
