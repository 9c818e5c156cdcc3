package server_test

import (
	"encoding/json"
	"testing"

	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// allocBudgets caps the heap allocations of one request for the benchmark
// reads (bench/q1.graphql, q2.graphql, q3.graphql) through the real handler, principal
// cache on, as `pandac serve` runs. Allocation is most of what a read costs
// here (bench/README.md), and unlike wall-clock time it is the same on a busy
// machine, so a change that makes a read markedly heavier fails this test
// rather than slipping into the next `make bench`. Measured when set, on
// both databases: Q1 about 5,300, Q2 about 7,100, Q3 about 465; the budgets
// leave about 15%.
var allocBudgets = map[string]float64{"q1": 6100, "q2": 8200, "q3": 540}

func TestReadsStayWithinTheirAllocationBudget(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestServer(t, db)
		s.cachePrincipals(t)
		f := seedShop(t, s.client, 200, 20, 100)
		for name, budget := range allocBudgets {
			req := map[string]any{"query": benchQuery(t, name)}
			if name == "q3" {
				req["variables"] = map[string]any{"id": f.products[7].ID}
			}
			body, err := json.Marshal(req)
			if err != nil {
				t.Fatal(err)
			}
			run := func() {
				if ok, status, resp := s.answer(body); !ok {
					t.Fatalf("%s: status %d: %.300s", name, status, resp)
				}
			}
			run() // warm the query caches and the principal cache
			got := testing.AllocsPerRun(20, run)
			if got > budget {
				t.Errorf("%s: %.0f allocations per request, budget %.0f", name, got, budget)
			}
			t.Logf("%s: %.0f allocations per request (budget %.0f)", name, got, budget)
		}
	})
}
