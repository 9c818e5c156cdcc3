package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/config"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// compiledQueries are the benchmark's three reads and a depth-4 dashboard
// query: each root field must be one statement when compiled.
var compiledQueries = []struct {
	name, file, query string
	roots             int64
}{
	{name: "Q1", file: "../../bench/q1.graphql", roots: 1},
	{name: "Q2", file: "../../bench/q2.graphql", roots: 1},
	{name: "Q3", file: "../../bench/q3.graphql", roots: 1},
	{name: "depth 4", roots: 2, query: `query Dashboard {
  sales(first: 10, orderBy: {field: CREATED_AT, direction: DESC}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id status total createdAt
      customer { name loyaltyPoints }
      items { quantity unitPrice product { name sku inventory { quantity reorderLevel } } }
      payments { method amount } } }
  }
  products(first: 5, where: {isActive: true}) { totalCount edges { node { name price inventory { quantity product { sku } } } } }
}`},
}

// referenceHandler is the handler of s answering every read field by field.
func referenceHandler(s *testServer) http.Handler {
	return server.New(server.Deps{
		Config: config.Config{ReadCompilerOff: true},
		DB:     &store.DB{Client: s.client, Dialect: s.dialect},
		POS:    pos.New(s.client),
		Auth:   s.authSvc,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
}

func rawPost(t *testing.T, h http.Handler, token, query string, vars map[string]any) []byte {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Body.Bytes()
}

// TestCompiledReadStatements: Q1, Q2, Q3 and a depth-4 dashboard query take
// one statement per root field compiled, and answer byte for byte what the
// field-by-field execution answers.
func TestCompiledReadStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestServer(t, db)
		aggregateFixture(t, s.client)
		ref := referenceHandler(s)
		for _, tc := range compiledQueries {
			q := tc.query
			if tc.file != "" {
				b, err := os.ReadFile(tc.file)
				if err != nil {
					t.Fatal(err)
				}
				q = string(b)
			}
			var vars map[string]any
			if strings.Contains(q, "$id") {
				p, err := s.client.Product.Query().First(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				vars = map[string]any{"id": p.ID.String()}
			}
			before := s.drv.n.Load()
			got := rawPost(t, s.h, s.token, q, vars)
			n := s.drv.n.Load() - before - s.auth
			want := rawPost(t, ref, s.token, q, vars)
			if !bytes.Equal(got, want) {
				t.Errorf("%s: compiled and field-by-field answers differ\ncompiled: %s\nresolved: %s", tc.name, got, want)
			}
			if n != tc.roots {
				t.Errorf("%s: %d statements, want %d (one per root field)", tc.name, n, tc.roots)
			}
		}
	})
}
