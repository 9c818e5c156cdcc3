package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/storetest"
)

func TestQueryCostIsReported(t *testing.T) {
	s := newTestServer(t, storetest.Open(t, "sqlite"))
	seedShop(t, s.client, 3, 1, 1)
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
		want        int
	}{
		// connection 2 + 50 x (product 1 + inventory 1)
		{"Q1", benchQuery(t, "q1"), nil, 102},
		// 2 + 20 x (sale 1 + customer 1 + items 1 + product 1)
		{"Q2", benchQuery(t, "q2"), nil, 82},
		{"Q2 first from a variable", benchQuery(t, "q2"), map[string]any{"first": 100}, 402},
		// node 1 + inventory 1
		{"Q3", benchQuery(t, "q3"), map[string]any{"id": newID()}, 2},
		{"default page size", `{ products { edges { node { name } } } }`, nil, 2 + server.DefaultConnectionSize},
		{"scalars only", `{ products(first: 5) { totalCount pageInfo { hasNextPage } } }`, nil, 2},
		{"fragments count like fields", `{ products(first: 10) { edges { node { ...P } } } } fragment P on Product { inventory { quantity } }`, nil, 22},
		// An aggregate is one statement: one object, not one per page node,
		// whatever it selects.
		{"aggregate", `{ products { aggregate { count sum { price cost } avg { price } min { price } max { cost } } } }`, nil, 3},
		{"aggregate beside a page", `{ products(first: 10) { edges { node { name } } aggregate { count sum { price } } } }`, nil, 2 + 10 + 1},
		{"aggregate in a fragment", `{ products(first: 100) { ...A } } fragment A on ProductConnection { aggregate { max { price } } }`, nil, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, _ := s.query(t, tc.query, tc.vars)
			if resp.Extensions.Cost == nil {
				t.Fatalf("no extensions.cost in %+v", resp)
			}
			if got := *resp.Extensions.Cost; got.RequestedQueryCost != tc.want || got.MaximumAvailable != server.DefaultMaxCost {
				t.Fatalf("cost = %+v, want requested %d of %d", got, tc.want, server.DefaultMaxCost)
			}
		})
	}
}

// TestQueriesOverTheLimitsAreRefusedBeforeExecution: each refusal carries its
// own code, no data, and costs the database nothing.
func TestQueriesOverTheLimitsAreRefusedBeforeExecution(t *testing.T) {
	s := newTestServer(t, storetest.Open(t, "sqlite"))
	seedShop(t, s.client, 3, 1, 1)

	aliases := func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, " a%d: products(first: 1) { totalCount }", i)
		}
		b.WriteString(" }")
		return b.String()
	}
	// Each fragment spreads the previous one 8 times: 8^7 fields from a few
	// hundred bytes, all at one depth.
	var bomb strings.Builder
	bomb.WriteString("{ products(first: 1) { edges { node { ...F7 } } } }\nfragment F0 on Product { name }\n")
	for i := 1; i <= 7; i++ {
		fmt.Fprintf(&bomb, "fragment F%d on Product {%s }\n", i, strings.Repeat(fmt.Sprintf(" ...F%d", i-1), 8))
	}
	deep := `{ sales(first: 1) { edges { node { items { sale { items { sale { items { sale { items { sale { items { product { name } } } } } } } } } } } } } }`

	for _, tc := range []struct {
		name, query string
		vars        map[string]any
		code        string
	}{
		{"page of 250 with four objects each", `{ products(first: 250) { edges { node { inventory { supplier { name } } discount { name } } } } }`, nil, server.CodeQueryTooComplex},
		{"page size from a variable", `query($n: Int) { products(first: $n) { edges { node { inventory { supplier { name } } discount { name } } } } }`, map[string]any{"n": 250}, server.CodeQueryTooComplex},
		{"fragment expansion", bomb.String(), nil, server.CodeQueryTooComplex},
		{"13 levels deep", deep, nil, server.CodeQueryTooDeep},
		{"31 root aliases", aliases(31), nil, server.CodeTooManyRootFields},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			resp, n := s.query(t, tc.query, tc.vars)
			took := time.Since(start)
			if resp.code() != tc.code {
				t.Fatalf("code = %q, want %q; response %+v", resp.code(), tc.code, resp)
			}
			if string(resp.Data) != "" && string(resp.Data) != "null" {
				t.Fatalf("refused query returned data: %s", resp.Data)
			}
			if n != s.auth {
				t.Fatalf("refused query ran %d SQL statements beyond authentication", n-s.auth)
			}
			if resp.Extensions.Cost == nil || resp.Errors[0].Extensions["cost"] == nil {
				t.Fatalf("refusal does not say what the query cost: %+v", resp)
			}
			t.Logf("%s: refused in %v: %s", tc.code, took, resp.Errors[0].Message)
		})
	}

	// Right at the limits is fine.
	if resp, _ := s.query(t, aliases(30), nil); len(resp.Errors) > 0 {
		t.Fatalf("30 root fields refused: %+v", resp.Errors)
	}
	twelve := `{ sales(first: 1) { edges { node { items { sale { items { sale { items { sale { items { sale { id } } } } } } } } } } } }`
	if resp, _ := s.query(t, twelve, nil); len(resp.Errors) > 0 {
		t.Fatalf("12 levels refused: %+v", resp.Errors)
	}
}

// TestFullIntrospectionWorksUnderTheLimits: GraphiQL's introspection query
// (TypeRef nested 9 deep) is free and allowed past the depth limit of data.
func TestFullIntrospectionWorksUnderTheLimits(t *testing.T) {
	s := newTestServer(t, storetest.Open(t, "sqlite"))
	q, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	resp, n := s.mustQuery(t, string(q), nil)
	var data struct {
		Schema struct {
			Types []struct{ Name string }
		} `json:"__schema"`
	}
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		t.Fatal(err)
	}
	if len(data.Schema.Types) < 50 || n != s.auth {
		t.Fatalf("introspection: %d types, %d statements", len(data.Schema.Types), n)
	}
	if resp.Extensions.Cost == nil || resp.Extensions.Cost.RequestedQueryCost != 0 {
		t.Fatalf("introspection cost = %+v, want 0", resp.Extensions.Cost)
	}
	// Introspection still has a bound of its own.
	deep := "{ __schema { types { " + strings.Repeat("fields { type { ", 10) + "name" + strings.Repeat(" } }", 10) + " } } }"
	// (gqlparser's validation refuses it first; QueryLimits would otherwise.)
	if resp, n := s.query(t, deep, nil); len(resp.Errors) == 0 || n != s.auth || (string(resp.Data) != "" && string(resp.Data) != "null") {
		t.Fatalf("22-level introspection answered: %+v", resp)
	}
}

// TestBatchedRequestsAreRefused: the POST transport takes one operation per
// request, so a JSON array of operations cannot sidestep the per-query limits.
func TestBatchedRequestsAreRefused(t *testing.T) {
	s := newTestServer(t, storetest.Open(t, "sqlite"))
	body := `[{"query":"{ products { totalCount } }"},{"query":"{ products { totalCount } }"}]`
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.token)
	rec := httptest.NewRecorder()
	before := s.drv.n.Load()
	s.h.ServeHTTP(rec, req)
	if rec.Code == http.StatusOK || s.drv.n.Load()-before > s.auth || bytes.Contains(rec.Body.Bytes(), []byte(`"totalCount"`)) {
		t.Fatalf("batched request: status %d, body %s", rec.Code, rec.Body.String())
	}
}

func apqBody(query, hash string) map[string]any {
	b := map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}}
	if query != "" {
		b["query"] = query
	}
	return b
}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// TestPersistedQueries walks the APQ protocol and checks that queries too
// long to keep are served but not remembered.
func TestPersistedQueries(t *testing.T) {
	s := newTestServer(t, storetest.Open(t, "sqlite"))
	seedShop(t, s.client, 3, 1, 1)
	q := `{ products(first: 2) { totalCount } }`

	resp, _ := s.post(t, apqBody("", sha(q)))
	if resp.code() != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("unknown hash: %+v", resp)
	}
	resp, _ = s.post(t, apqBody(q, sha(q)))
	if len(resp.Errors) > 0 || !strings.Contains(string(resp.Data), `"totalCount":3`) {
		t.Fatalf("register: %+v %s", resp.Errors, resp.Data)
	}
	resp, _ = s.post(t, apqBody("", sha(q)))
	if len(resp.Errors) > 0 || !strings.Contains(string(resp.Data), `"totalCount":3`) {
		t.Fatalf("by hash: %+v %s", resp.Errors, resp.Data)
	}
	resp, _ = s.post(t, apqBody(q, sha(q+" ")))
	if len(resp.Errors) == 0 {
		t.Fatal("a hash that does not match its query was accepted")
	}

	long := q + "\n#" + strings.Repeat("x", server.MaxCachedQueryBytes)
	resp, _ = s.post(t, apqBody(long, sha(long)))
	if len(resp.Errors) > 0 {
		t.Fatalf("long query with its hash: %+v", resp.Errors)
	}
	resp, _ = s.post(t, apqBody("", sha(long)))
	if resp.code() != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("a %d-byte query was kept in the APQ cache: %+v", len(long), resp)
	}
}

func TestPersistedQueryCacheBounds(t *testing.T) {
	c := server.NewPersistedQueryCache()
	ctx := t.Context()
	c.Add(ctx, "small", "{ a }")
	c.Add(ctx, "big", strings.Repeat("x", server.MaxCachedQueryBytes+1))
	if _, ok := c.Get(ctx, "small"); !ok {
		t.Fatal("small query not kept")
	}
	if _, ok := c.Get(ctx, "big"); ok {
		t.Fatal("oversized query kept")
	}
	for i := range server.MaxCachedQueries + 1 {
		c.Add(ctx, fmt.Sprint("k", i), "{ a }")
	}
	if _, ok := c.Get(ctx, "k0"); ok {
		t.Fatal("cache grew past its entry bound")
	}
}
