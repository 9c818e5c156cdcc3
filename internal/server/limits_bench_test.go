package server_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/vektah/gqlparser/v2"

	"github.com/pandac/pandac/graph"
	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/storetest"
)

// benchmarkQuery measures one GraphQL operation through the real handler
// (1000 products, 500 sales of three lines), authentication, request
// decoding, limits, execution and JSON encoding included, on SQLite and, with
// PANDAC_TEST_DATABASE_URL set, on PostgreSQL:
//
//	go test ./internal/server -run '^$' -bench GraphQL -benchtime 2s
//
// vars builds the variables of each request from the seeded shop and the
// iteration number (nil: none).
func benchmarkQuery(b *testing.B, name string, vars func(f fixture, i int) map[string]any) {
	for _, dialect := range storetest.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			s := newTestServer(b, storetest.Open(b, dialect))
			s.cachePrincipals(b)
			f := seedShop(b, s.client, 1000, 100, 500)
			q := benchQuery(b, name)
			body := func(i int) []byte {
				req := map[string]any{"query": q}
				if vars != nil {
					req["variables"] = vars(f, i)
				}
				raw, err := json.Marshal(req)
				if err != nil {
					b.Fatal(err)
				}
				return raw
			}
			var first map[string]any
			if vars != nil {
				first = vars(f, -1)
			}
			if resp, _ := s.query(b, q, first); len(resp.Errors) > 0 {
				b.Fatal(resp.Errors)
			}
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				if ok, status, resp := s.answer(body(i)); !ok {
					b.Fatalf("status %d: %.300s", status, resp)
				}
				i++
			}
		})
	}
}

func BenchmarkGraphQLQ1Products(b *testing.B) { benchmarkQuery(b, "q1", nil) }

// BenchmarkGraphQLQ1Parallel is Q1 from 16 goroutines per GOMAXPROCS at
// once on PostgreSQL (SQLite without it), closer to the load make bench
// puts on the server than one request at a time: the place to compare GOGC
// settings, since garbage collection competes with the requests for the
// cores.
func BenchmarkGraphQLQ1Parallel(b *testing.B) {
	dialect := storetest.Dialects()[len(storetest.Dialects())-1]
	s := newTestServer(b, storetest.Open(b, dialect))
	s.cachePrincipals(b)
	seedShop(b, s.client, 1000, 100, 500)
	body, err := json.Marshal(map[string]any{"query": benchQuery(b, "q1")})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if ok, status, resp := s.answer(body); !ok {
				b.Errorf("status %d: %.300s", status, resp)
				return
			}
		}
	})
}

func BenchmarkGraphQLQ2LatestSales(b *testing.B) { benchmarkQuery(b, "q2", nil) }

func BenchmarkGraphQLQ3ProductByID(b *testing.B) {
	benchmarkQuery(b, "q3", func(f fixture, i int) map[string]any {
		return map[string]any{"id": f.products[(i+1)%len(f.products)].ID}
	})
}

// BenchmarkGraphQLCheckout is bench/checkout.graphql: three products, cash,
// a fresh idempotency key per request.
func BenchmarkGraphQLCheckout(b *testing.B) {
	benchmarkQuery(b, "checkout", func(f fixture, i int) map[string]any {
		n := len(f.products)
		return map[string]any{"key": fmt.Sprintf("bench-%d", i),
			"p1": f.products[(3*i+3)%n].ID, "p2": f.products[(3*i+4)%n].ID, "p3": f.products[(3*i+5)%n].ID}
	})
}

// BenchmarkAnalyze prices the Q2 operation, the work QueryLimits adds to
// every request.
func BenchmarkAnalyze(b *testing.B) {
	schema := graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{}}).Schema()
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
