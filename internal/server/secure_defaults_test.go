package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/config"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// defaultConfig is the configuration `pandac serve` runs with when the
// environment sets nothing, as config.Load reads it.
func defaultConfig(t *testing.T) config.Config {
	t.Helper()
	for _, k := range []string{"PANDAC_ALLOW_SIGNUP", "PANDAC_PUBLIC_INTROSPECTION", "PANDAC_METRICS_TOKEN", "PANDAC_METRICS_ADDR", "PANDAC_JWT_SECRET", "PANDAC_ADMIN_USERNAME", "PANDAC_ADMIN_PASSWORD"} {
		t.Setenv(k, "")
	}
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// configuredServer is the real handler over db with auth built from cfg, as
// `pandac serve` wires it, and an access token of a signed-in user.
func configuredServer(t *testing.T, db *store.DB, cfg config.Config) (h http.Handler, userToken string) {
	t.Helper()
	ctx := context.Background()
	opts := auth.OptionsFromConfig(cfg)
	opts.BcryptCost = 4
	svc, err := auth.New(ctx, db.Client, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ProvisionUser(ctx, auth.NewUser{Username: "reader", Password: "reader-password", Role: "user"}); err != nil {
		t.Fatal(err)
	}
	toks, _, err := svc.Login(ctx, "reader", "reader-password", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	h = server.New(server.Deps{Config: cfg, DB: db, POS: pos.New(db.Client), Auth: svc, Logger: slog.New(slog.DiscardHandler)})
	return h, toks.AccessToken
}

// TestIntrospectionNeedsSignInByDefault: with the default configuration an
// anonymous __schema or __type (also hidden in a fragment) is refused
// UNAUTHENTICATED before execution, __typename still answers, a signed-in
// user introspects (as the playground does after sign-in), validation errors
// suggest no field names, and PANDAC_PUBLIC_INTROSPECTION=true opens it.
func TestIntrospectionNeedsSignInByDefault(t *testing.T) {
	cfg := defaultConfig(t)
	if cfg.PublicIntrospection {
		t.Fatal("PANDAC_PUBLIC_INTROSPECTION defaults to true")
	}
	h, token := configuredServer(t, storetest.Open(t, "sqlite"), cfg)
	for _, q := range []string{
		`{ __schema { queryType { name } } }`,
		`{ __type(name: "Product") { name } }`,
		`{ __typename ...F } fragment F on Query { __schema { types { name } } }`,
		`query { ... on Query { __type(name: "Sale") { fields { name } } } }`,
	} {
		a := postAs(t, h, "", map[string]any{"query": q})
		if a.resp.code() != "UNAUTHENTICATED" || a.status < 400 || a.status >= 500 {
			t.Errorf("anonymous %s: status %d, %+v", q, a.status, a.resp.Errors)
		}
		if a.resp.Data != nil && string(a.resp.Data) != "null" {
			t.Errorf("anonymous %s answered data %s", q, a.resp.Data)
		}
		if a := postAs(t, h, token, map[string]any{"query": q}); len(a.resp.Errors) > 0 {
			t.Errorf("signed in %s: %+v", q, a.resp.Errors)
		}
	}
	// A stale token says why it was refused.
	if a := postAs(t, h, "not-a-token", map[string]any{"query": `{ __schema { queryType { name } } }`}); a.resp.code() != "UNAUTHENTICATED" {
		t.Errorf("bad token: %+v", a.resp.Errors)
	}
	if a := postAs(t, h, "", map[string]any{"query": `{ __typename }`}); len(a.resp.Errors) > 0 || !strings.Contains(string(a.resp.Data), "Query") {
		t.Errorf("anonymous __typename: %s %+v", a.resp.Data, a.resp.Errors)
	}
	// GraphiQL's own introspection query, as the playground sends it with the token.
	intro := readFile(t, "testdata/introspection.graphql")
	if a := postAs(t, h, token, map[string]any{"query": intro}); len(a.resp.Errors) > 0 || !strings.Contains(string(a.resp.Data), `"queryType"`) {
		t.Errorf("signed-in GraphiQL introspection: %+v", a.resp.Errors)
	}
	if a := postAs(t, h, "", map[string]any{"query": intro}); a.resp.code() != "UNAUTHENTICATED" {
		t.Errorf("anonymous GraphiQL introspection: %+v", a.resp.Errors)
	}
	// "Did you mean" would list the schema's names to a stranger.
	a := postAs(t, h, "", map[string]any{"query": `{ product { id } }`})
	if len(a.resp.Errors) == 0 || strings.Contains(a.resp.Errors[0].Message, "Did you mean") {
		t.Errorf("suggestions with introspection off: %+v", a.resp.Errors)
	}

	cfg.PublicIntrospection = true
	open, _ := configuredServer(t, storetest.Open(t, "sqlite"), cfg)
	if a := postAs(t, open, "", map[string]any{"query": `{ __schema { queryType { name } } }`}); len(a.resp.Errors) > 0 {
		t.Errorf("public introspection: %+v", a.resp.Errors)
	}
}

// TestMetricsAreNotOpenToAnonymousCallers: by default /metrics on the main
// listener answers 404; with PANDAC_METRICS_TOKEN it answers 401 without the
// token or with a wrong one and the metrics with it; PANDAC_METRICS_ADDR
// serves them, open, on a listener of their own.
func TestMetricsAreNotOpenToAnonymousCallers(t *testing.T) {
	cfg := defaultConfig(t)
	db := storetest.Open(t, "sqlite")
	get := func(h http.Handler, auth string) (int, string) {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	h, userToken := configuredServer(t, db, cfg)
	if code, _ := get(h, ""); code != http.StatusNotFound {
		t.Errorf("default /metrics: %d, want 404", code)
	}
	// Not even for a signed-in user: metrics are the operator's.
	if code, _ := get(h, "Bearer "+userToken); code != http.StatusNotFound {
		t.Errorf("default /metrics for a user: %d, want 404", code)
	}

	const token = "metrics-token-0123456789"
	cfg.MetricsToken = token
	h, userToken = configuredServer(t, storetest.Open(t, "sqlite"), cfg)
	for _, auth := range []string{"", "Bearer wrong-token-0123456789", "Bearer " + userToken, "Basic " + token, "Bearer " + token + "x"} {
		if code, _ := get(h, auth); code != http.StatusUnauthorized {
			t.Errorf("/metrics with %q: %d, want 401", auth, code)
		}
	}
	code, body := get(h, "Bearer "+token)
	if code != http.StatusOK || !strings.Contains(body, "pandac_checkouts_total") {
		t.Errorf("/metrics with the token: %d %.200s", code, body)
	}

	m := server.NewMetrics(db.SQL)
	addr, stop, err := server.StartMetrics("127.0.0.1:0", m, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = stop(context.Background()) })
	res, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "go_goroutines") {
		t.Errorf("metrics listener: %d %.200s", res.StatusCode, b)
	}
}

// TestSignupIsOffByDefault: with the default configuration GraphQL register
// answers FORBIDDEN and /v1/auth/register 403, on SQLite and PostgreSQL, and
// PANDAC_ALLOW_SIGNUP=true turns both on.
func TestSignupIsOffByDefault(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cfg := defaultConfig(t)
		if cfg.AllowSignup {
			t.Fatal("PANDAC_ALLOW_SIGNUP defaults to true")
		}
		h, _ := configuredServer(t, db, cfg)
		const reg = `mutation { register(input: {username: "walkin", password: "walk-in-password"}) { accessToken } }`
		if a := postAs(t, h, "", map[string]any{"query": reg}); a.resp.code() != "FORBIDDEN" {
			t.Errorf("GraphQL register with sign-up off: %+v", a.resp.Errors)
		}
		rest := func(h http.Handler, path string) int {
			req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(`{"username":"walkin2","password":"walk-in-password"}`))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec.Code
		}
		for _, path := range []string{"/v1/auth/register", "/v1/auth/register/"} {
			if code := rest(h, path); code != http.StatusForbidden {
				t.Errorf("POST %s with sign-up off: %d, want 403", path, code)
			}
		}

		t.Setenv("PANDAC_ALLOW_SIGNUP", "true")
		on, err := config.Load()
		if err != nil {
			t.Fatal(err)
		}
		dialect := "sqlite"
		if db.Dialect == "postgres" {
			dialect = "postgres"
		}
		h, _ = configuredServer(t, storetest.Open(t, dialect), on)
		if a := postAs(t, h, "", map[string]any{"query": reg}); len(a.resp.Errors) > 0 {
			t.Errorf("GraphQL register with sign-up on: %+v", a.resp.Errors)
		}
		if code := rest(h, "/v1/auth/register"); code != http.StatusCreated {
			t.Errorf("POST /v1/auth/register with sign-up on: %d, want 201", code)
		}
	})
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
