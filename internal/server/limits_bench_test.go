package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/vektah/gqlparser/v2"

	"github.com/pandac/pandac/graph"
	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/storetest"
)

// benchmarkQuery measures one GraphQL operation through the real handler on
// SQLite (1000 products, 500 sales of three lines), request decoding, limits,
// execution and JSON encoding included:
//
//	go test ./internal/server -run '^$' -bench GraphQL -benchtime 2s
func benchmarkQuery(b *testing.B, name string) {
	s := newTestServer(b, storetest.Open(b, "sqlite"))
	seedShop(b, s.client, 1000, 100, 500)
	body, err := json.Marshal(map[string]any{"query": benchQuery(b, name)})
	if err != nil {
		b.Fatal(err)
	}
	if resp, _ := s.post(b, map[string]any{"query": benchQuery(b, name)}); len(resp.Errors) > 0 {
		b.Fatal(resp.Errors)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+s.token)
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

func BenchmarkGraphQLQ1Products(b *testing.B) { benchmarkQuery(b, "q1") }

func BenchmarkGraphQLQ2LatestSales(b *testing.B) { benchmarkQuery(b, "q2") }

// BenchmarkAnalyze prices the Q2 operation, the work QueryLimits adds to
// every request.
func BenchmarkAnalyze(b *testing.B) {
	schema := graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{}, Directives: graph.Directives()}).Schema()
	doc, errs := gqlparser.LoadQuery(schema, benchQuery(b, "q2"))
	if errs != nil {
		b.Fatal(errs)
	}
	op := doc.Operations[0]
	b.ReportAllocs()
	for b.Loop() {
		if a := server.Analyze(op, nil, server.DefaultConnectionSize); a.Cost != 82 {
			b.Fatalf("cost %d", a.Cost)
		}
	}
}
