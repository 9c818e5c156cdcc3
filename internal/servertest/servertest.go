// Package servertest runs the real Pandac HTTP handler over a test database,
// with signed-in users of each role, for tests of the GraphQL and REST ports.
package servertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/config"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/store"
)

// MetricsToken is the PANDAC_METRICS_TOKEN the test server runs with: send it
// as the bearer token to read /metrics.
const MetricsToken = "servertest-metrics-token"

// Env is a running server over a real database.
type Env struct {
	T      testing.TB
	DB     *store.DB
	Auth   *auth.Service
	POS    *pos.Service
	Server *httptest.Server

	mu     sync.Mutex
	tokens map[string]string
	users  int
}

// New starts the full handler (auth included) over db. Password hashing uses
// bcrypt's minimum cost so tests stay fast.
func New(t testing.TB, db *store.DB) *Env {
	t.Helper()
	return NewWith(t, db, nil)
}

// NewWith is New with adjust given the server's dependencies before the
// handler is built, for a test that needs one set (a tracer provider, say).
func NewWith(t testing.TB, db *store.DB, adjust func(*server.Deps)) *Env {
	t.Helper()
	svc, err := auth.New(context.Background(), db.Client, auth.Options{AllowSignup: true, SignupRole: "user", BcryptCost: 4})
	if err != nil {
		t.Fatalf("servertest: auth.New: %v", err)
	}
	// The principal cache is on, as in production, so every test that logs
	// out, deactivates or changes roles also proves the cache lets go.
	ctx, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	svc.CachePrincipals(ctx, auth.DefaultPrincipalCacheTTL, nil)
	e := &Env{T: t, DB: db, Auth: svc, POS: pos.New(db.Client), tokens: map[string]string{}}
	if db.Replica != nil {
		// As serve does: reports read from the replica.
		e.POS.ReadFrom(db.Replica.Client)
	}
	deps := server.Deps{Config: config.Config{MetricsToken: MetricsToken}, DB: db, POS: e.POS, Auth: svc, Logger: slog.New(slog.DiscardHandler)}
	if adjust != nil {
		adjust(&deps)
	}
	e.Server = httptest.NewServer(server.New(deps))
	t.Cleanup(e.Server.Close)
	return e
}

// Token returns an access token of a user holding the role (admin, manager,
// cashier or user), creating that user on first use.
func (e *Env) Token(role string) string {
	e.T.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if tok, ok := e.tokens[role]; ok {
		return tok
	}
	e.users++
	name := fmt.Sprintf("%s_%d", role, e.users)
	if len(name) > 20 {
		name = name[:20]
	}
	password := "password-" + name
	ctx := context.Background()
	if _, err := e.Auth.ProvisionUser(ctx, auth.NewUser{Username: name, Password: password, Role: role}); err != nil {
		e.T.Fatalf("servertest: creating %s: %v", role, err)
	}
	toks, _, err := e.Auth.Login(ctx, name, password, "127.0.0.1")
	if err != nil {
		e.T.Fatalf("servertest: logging in %s: %v", role, err)
	}
	e.tokens[role] = toks.AccessToken
	return toks.AccessToken
}

// Response is a decoded GraphQL response.
type Response struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// Code is the extensions.code of the first error, "" when there is none.
func (r Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// GraphQL posts a query with the bearer token (none when empty).
func (e *Env) GraphQL(token, query string, vars map[string]any) Response {
	e.T.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	res := e.Do(http.MethodPost, "/graphql", token, bytes.NewReader(body))
	defer res.Body.Close()
	var out Response
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		e.T.Fatalf("servertest: decoding GraphQL response: %v", err)
	}
	return out
}

// Must is GraphQL failing the test on any error.
func (e *Env) Must(token, query string, vars map[string]any) Response {
	e.T.Helper()
	r := e.GraphQL(token, query, vars)
	if len(r.Errors) > 0 {
		e.T.Fatalf("servertest: unexpected GraphQL errors: %+v", r.Errors)
	}
	return r
}

// Do sends a request with a JSON body and the bearer token.
func (e *Env) Do(method, path, token string, body io.Reader) *http.Response {
	e.T.Helper()
	req, err := http.NewRequest(method, e.Server.URL+path, body)
	if err != nil {
		e.T.Fatalf("servertest: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.T.Fatalf("servertest: %s %s: %v", method, path, err)
	}
	return res
}

// Product creates a product with the price and stock on hand, through the
// same core call the ports use.
func (e *Env) Product(name, sku, price string, quantity int64) *ent.Product {
	e.T.Helper()
	p := money.MustParse(price)
	prod, err := e.POS.Catalogue().CreateProduct(context.Background(), pos.CreateProductRequest{Name: name, Sku: sku, Price: &p}, pos.StockInput{Quantity: &quantity})
	if err != nil {
		e.T.Fatalf("servertest: creating product %s: %v", sku, err)
	}
	return prod
}
