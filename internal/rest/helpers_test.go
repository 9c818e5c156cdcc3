package rest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"
	"golang.org/x/crypto/bcrypt"

	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/rest"
	"github.com/pandac/pandac/internal/store"
)

type client struct {
	t     testing.TB
	h     http.Handler
	auth  *auth.Service
	token string
}

// newClient serves the shim over db with the real auth code, signed in as
// an administrator.
func newClient(t testing.TB, db *store.DB) *client {
	t.Helper()
	svc, err := auth.New(context.Background(), db.Client, auth.Options{
		Secret: []byte("0123456789abcdef0123456789abcdef"), BcryptCost: bcrypt.MinCost, AllowSignup: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	h := rest.New(rest.Deps{POS: pos.New(db.Client), Auth: svc, Logger: quiet})
	mux := http.NewServeMux()
	mux.Handle("/v1/", http.StripPrefix("/v1", h))
	c := &client{t: t, h: mux, auth: svc}
	c.token = c.signIn("admin")
	return c
}

// signIn provisions a user with the role and returns an access token.
func (c *client) signIn(role string) string {
	c.t.Helper()
	name := role + strings.ReplaceAll(uuid.NewString()[:8], "-", "")
	if _, err := c.auth.ProvisionUser(context.Background(), auth.NewUser{Username: name, Password: "password123", Role: role}); err != nil {
		c.t.Fatal(err)
	}
	tok, _, err := c.auth.Login(context.Background(), name, "password123", "")
	if err != nil {
		c.t.Fatal(err)
	}
	return tok.AccessToken
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
	return &client{t: c.t, h: c.h, auth: c.auth, token: token}
}

// on returns the client reporting to another test (a subtest).
func (c *client) on(t testing.TB) *client { return &client{t: t, h: c.h, auth: c.auth, token: c.token} }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
