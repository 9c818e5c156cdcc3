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
	"strings"
	"sync"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

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
	// Reference is the same handler over the same database, auth and POS
	// services, built with Config.ReadCompilerOff: it answers every read
	// field by field, the answer the compiled read must match byte for byte.
	// It has its own metrics and no tracer, so what it does is not counted
	// on Server's /metrics or traced.
	Reference *httptest.Server
	// NoDifferential stops GraphQL and Must from sending queries to
	// Reference too. Set it only in a test the doubled request would really
	// break (one counting statements, spans or requests), and say why.
	NoDifferential bool

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
	ref := deps
	ref.Config.ReadCompilerOff = true
	ref.Metrics, ref.Tracer = nil, nil
	e.Reference = httptest.NewServer(server.New(ref))
	t.Cleanup(e.Reference.Close)
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

// Request is the body of one POST /graphql.
type Request struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName,omitempty"`
	Variables     map[string]any `json:"variables"`
}

// GraphQL posts a query with the bearer token (none when empty). A query
// operation (not a mutation or subscription) is sent to Reference too, and the
// test fails unless both answers are the same bytes.
func (e *Env) GraphQL(token, query string, vars map[string]any) Response {
	e.T.Helper()
	return e.GraphQLRequest(token, Request{Query: query, Variables: vars})
}

// GraphQLRequest is GraphQL with an operationName, which also picks the
// operation whose type decides whether Reference is asked too.
func (e *Env) GraphQLRequest(token string, req Request) Response {
	e.T.Helper()
	body, err := json.Marshal(req)
	if err != nil {
		e.T.Fatalf("servertest: encoding GraphQL request: %v", err)
	}
	status, raw := e.post(e.Server, token, body)
	if !e.NoDifferential && IsQuery(req.Query, req.OperationName) {
		refStatus, ref := e.post(e.Reference, token, body)
		if msg := Mismatch(status, raw, refStatus, ref); msg != "" {
			e.T.Errorf("servertest: the compiled read and the field-by-field read differ\nquery: %s\nvariables: %s\n%s", Truncate(req.Query, 2000), Truncate(string(mustJSON(req.Variables)), 1000), msg)
		}
	}
	var out Response
	if err := json.Unmarshal(raw, &out); err != nil {
		e.T.Fatalf("servertest: decoding GraphQL response (HTTP %d) %s: %v", status, Truncate(string(raw), 500), err)
	}
	return out
}

// Differential posts the request to Server (reads compiled) and to
// Reference (field by field) and returns both raw response bodies, for the
// caller to compare. It asks both whatever the operation is, so a mutation
// would run twice.
func (e *Env) Differential(token, query string, vars map[string]any) (compiled, reference []byte) {
	e.T.Helper()
	body, err := json.Marshal(Request{Query: query, Variables: vars})
	if err != nil {
		e.T.Fatalf("servertest: encoding GraphQL request: %v", err)
	}
	_, compiled = e.post(e.Server, token, body)
	_, reference = e.post(e.Reference, token, body)
	return compiled, reference
}

// post sends one GraphQL request body to srv and returns the status and the
// raw response body.
func (e *Env) post(srv *httptest.Server, token string, body []byte) (int, []byte) {
	e.T.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		e.T.Fatalf("servertest: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.T.Fatalf("servertest: POST /graphql: %v", err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		e.T.Fatalf("servertest: reading GraphQL response: %v", err)
	}
	return res.StatusCode, raw
}

// IsQuery reports whether the document's operation (the one named
// operationName, or its only one) is a query. A document that does not parse,
// or names no single operation, counts as a query: the server refuses it
// before running anything, so asking twice changes nothing.
func IsQuery(query, operationName string) bool {
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		return true
	}
	var op *ast.OperationDefinition
	switch {
	case operationName != "":
		op = doc.Operations.ForName(operationName)
	case len(doc.Operations) == 1:
		op = doc.Operations[0]
	}
	return op == nil || op.Operation == ast.Query
}

// Mismatch describes how two answers differ (status, then the first
// differing byte with the text around it, then both bodies cut to a readable
// length), or returns "" when they are the same bytes.
func Mismatch(status int, compiled []byte, refStatus int, reference []byte) string {
	if status == refStatus && bytes.Equal(compiled, reference) {
		return ""
	}
	var b strings.Builder
	if status != refStatus {
		fmt.Fprintf(&b, "status: compiled %d, reference %d\n", status, refStatus)
	}
	i := 0
	for i < len(compiled) && i < len(reference) && compiled[i] == reference[i] {
		i++
	}
	if !bytes.Equal(compiled, reference) {
		from := max(0, i-120)
		fmt.Fprintf(&b, "first difference at byte %d:\n  compiled:  ...%s\n  reference: ...%s\n", i,
			compiled[from:min(len(compiled), i+200)], reference[from:min(len(reference), i+200)])
	}
	fmt.Fprintf(&b, "compiled (%d bytes): %s\nreference (%d bytes): %s", len(compiled), Truncate(string(compiled), 3000), len(reference), Truncate(string(reference), 3000))
	return b.String()
}

// Truncate cuts s to at most n bytes, saying how much it left out.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return fmt.Sprintf("%s... (%d more bytes)", s[:n], len(s)-n)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return []byte(fmt.Sprintf("%#v", v))
	}
	return b
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
