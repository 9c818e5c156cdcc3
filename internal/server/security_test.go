package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// syncBuffer is a log sink the handler and the test share.
type syncBuffer struct {
	bytes.Buffer
}

func gqlPost(t *testing.T, url, token, query string, vars map[string]any, header map[string]string) map[string]any {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func firstCode(resp map[string]any) string {
	errs, _ := resp["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	ext, _ := errs[0].(map[string]any)["extensions"].(map[string]any)
	c, _ := ext["code"].(string)
	return c
}

// newAuthServer serves the real handler with auth over a fresh SQLite
// database and logs JSON into the returned buffer.
func newAuthServer(t *testing.T) (*httptest.Server, *auth.Service, *syncBuffer) {
	t.Helper()
	db := storetest.Open(t, "sqlite")
	return newAuthServerOn(t, db)
}

func newAuthServerOn(t *testing.T, db *store.DB) (*httptest.Server, *auth.Service, *syncBuffer) {
	t.Helper()
	svc, err := auth.New(context.Background(), db.Client, auth.Options{BcryptCost: 4, AllowSignup: true, SignupRole: "user"})
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	srv := httptest.NewServer(server.New(server.Deps{DB: db, POS: pos.New(db.Client), Auth: svc,
		Logger: slog.New(slog.NewJSONHandler(logs, nil))}))
	t.Cleanup(srv.Close)
	return srv, svc, logs
}

func TestRequestLogCarriesUserID(t *testing.T) {
	srv, svc, logs := newAuthServer(t)
	ctx := context.Background()
	u, err := svc.ProvisionUser(ctx, auth.NewUser{Username: "logged", Password: "password-logged", Role: "cashier"})
	if err != nil {
		t.Fatal(err)
	}
	toks, _, err := svc.Login(ctx, "logged", "password-logged", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	gqlPost(t, srv.URL, toks.AccessToken, `{ me { id } }`, nil, nil)
	// A client claiming another address is still logged as the TCP peer.
	gqlPost(t, srv.URL, "", `{ __typename }`, nil, map[string]string{"X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.9"})
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == "request" {
			lines = append(lines, m)
		}
	}
	if len(lines) != 2 {
		t.Fatalf("%d request lines logged, want 2:\n%s", len(lines), logs.String())
	}
	if lines[0]["user_id"] != u.ID.String() || lines[1]["user_id"] != "" {
		t.Errorf("user_id = %q then %q, want %s then empty", lines[0]["user_id"], lines[1]["user_id"], u.ID)
	}
	for _, l := range lines {
		if l["remote"] != "127.0.0.1" {
			t.Errorf("remote = %v, want the TCP peer 127.0.0.1 (headers are not believed without trusted proxies)", l["remote"])
		}
	}
	for _, k := range []string{"request_id", "status", "latency_ms"} {
		if _, ok := lines[0][k]; !ok {
			t.Errorf("request line lacks %s", k)
		}
	}
}

// A brute-forcer trying many usernames cannot reset the per-address login
// throttle by sending a different X-Forwarded-For each time.
func TestLoginThrottleIgnoresForgedForwardedFor(t *testing.T) {
	srv, _, _ := newAuthServer(t)
	throttled := 0
	for i := 0; i < auth.DefaultMaxAddrFailures+3; i++ {
		resp := gqlPost(t, srv.URL, "", `mutation($u: String!) { login(input: {username: $u, password: "wrong-password"}) { accessToken } }`,
			map[string]any{"u": fmt.Sprintf("victim%d", i)}, map[string]string{"X-Forwarded-For": fmt.Sprintf("198.51.100.%d", i+1)})
		if firstCode(resp) == "TOO_MANY_REQUESTS" {
			throttled++
		}
	}
	if throttled == 0 {
		t.Errorf("%d failed logins from one machine with forged X-Forwarded-For were never throttled", auth.DefaultMaxAddrFailures+3)
	}
}
