// Package rest is the /v1 shim: the REST API of the documented FastAPI system
// (openapi/pandac-v1-openapi.json), kept for existing clients as a thin layer
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
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/pos"
)

// Deps are the services the shim calls.
type Deps struct {
	POS    *pos.Service
	Auth   *auth.Service
	Logger *slog.Logger
	// OnStockOut, when set, is called each time the shim refuses a request
	// for insufficient stock, so the server can count stock-outs on both
	// ports without the shim knowing about metrics.
	OnStockOut func()
}

// api carries the dependencies into the handlers.
type api struct {
	pos    *pos.Service
	client *ent.Client
	auth   *auth.Service
	log    *slog.Logger

	onStockOut func()
}

// New returns the /v1 handler; mount it at /v1.
func New(d Deps) http.Handler {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	a := &api{pos: d.POS, client: d.POS.Client(), auth: d.Auth, log: d.Logger, onStockOut: d.OnStockOut}
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
		// A request from outside, also when the shim is mounted on its own:
		// without a principal the read guard treats it as anonymous.
		ctx := policy.FromAPI(r.Context())
		if rule := rt.Rule(); !rule.Public {
			if err := a.authorize(&ctx, r, rule, rt.Op); err != nil {
				a.writeError(w, err)
				return
			}
		}
		c := &call{api: a, w: w, r: r.WithContext(ctx), ctx: ctx}
		out, err := rt.Handler(c)
		if err != nil {
			a.writeError(w, err)
			return
		}
		status := rt.Status
		switch v := out.(type) {
		case *export:
			csv, err := wantsCSV(r)
			if err != nil {
				a.writeError(w, err)
				return
			}
			if csv {
				a.writeCSV(w, status, v)
				return
			}
			out = v.view
		case plainText:
			writePlain(w, status, v)
			return
		}
		if status == http.StatusNoContent {
			w.WriteHeader(status)
			return
		}
		writeJSON(w, status, redact(ctx, out))
	})
}

// writeError answers err, first telling the server of a stock-out.
func (a *api) writeError(w http.ResponseWriter, err error) {
	if a.onStockOut != nil && isStockOut(err) {
		a.onStockOut()
	}
	writeError(w, a.log, err)
}

func isStockOut(err error) bool {
	var ise *pos.InsufficientStockError
	if errors.As(err, &ise) {
		return true
	}
	pe := fault.As(err)
	return pe != nil && pe.Code == fault.CodeInsufficientStock
}

// authorize checks the caller passes the route's rule in the permission
// table, with the check graph.Authorize applies to GraphQL fields. The
// server's middleware has usually resolved the token already; mounted on its
// own, the shim resolves it here the same way.
func (a *api) authorize(ctx *context.Context, r *http.Request, rule policy.Rule, op string) error {
	tok, ok := bearer(r)
	if auth.FromContext(*ctx) == nil {
		if !ok {
			return fault.Unauthenticated("Not authenticated")
		}
		if a.auth != nil {
			p, err := a.auth.Authenticate(*ctx, tok)
			if err != nil {
				*ctx = auth.WithFailure(*ctx, err)
			} else {
				*ctx = auth.WithPrincipal(*ctx, p)
			}
		}
	}
	return auth.Check(*ctx, rule, op)
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return "", false
	}
	return strings.TrimSpace(tok), true
}
