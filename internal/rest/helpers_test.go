package rest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/rest"
	"github.com/pandac/pandac/internal/store"
)

type permsKey struct{}

// tokenAuth stands in for the auth code in tests that are about the shim
// itself: a token is a comma-separated list of permissions.
type tokenAuth struct{}

func (tokenAuth) Authenticate(ctx context.Context, tok string) (context.Context, error) {
	if tok == "bad" {
		return ctx, errors.New("bad token")
	}
	return context.WithValue(ctx, permsKey{}, strings.Split(tok, ",")), nil
}

func (tokenAuth) Require(ctx context.Context, perms ...string) error {
	have, _ := ctx.Value(permsKey{}).([]string)
	for _, p := range perms {
		if slices.Contains(have, p) || slices.Contains(have, "*") {
			return nil
		}
	}
	return &pos.Error{Code: pos.CodeForbidden, Message: "not permitted"}
}

const allPerms = "*"

type client struct {
	t     testing.TB
	h     http.Handler
	token string
}

func newClient(t testing.TB, db *store.DB) *client {
	h := rest.New(rest.Deps{POS: pos.New(db.Client), Auth: tokenAuth{}})
	mux := http.NewServeMux()
	mux.Handle("/v1/", http.StripPrefix("/v1", h))
	return &client{t: t, h: mux, token: allPerms}
}

type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r resp) json(t testing.TB) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("response is not JSON (%d): %s", r.Status, r.Body)
	}
	return v
}

func (r resp) obj(t testing.TB) map[string]any {
	t.Helper()
	m, ok := r.json(t).(map[string]any)
	if !ok {
		t.Fatalf("response is not an object (%d): %s", r.Status, r.Body)
	}
	return m
}

func (c *client) do(method, path string, body any) resp {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req := httptest.NewRequest(method, path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	return resp{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// must does a request and demands the status.
func (c *client) must(status int, method, path string, body any) resp {
	c.t.Helper()
	r := c.do(method, path, body)
	if r.Status != status {
		c.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, status, r.Body)
	}
	return r
}

func (c *client) as(token string) *client {
	return &client{t: c.t, h: c.h, token: token}
}

// on returns the client reporting to another test (a subtest).
func (c *client) on(t testing.TB) *client { return &client{t: t, h: c.h, token: c.token} }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
