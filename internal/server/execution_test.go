package server_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/pandac/pandac/ent"
	entproduct "github.com/pandac/pandac/ent/product"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// Lists are marshalled one element after another unless they select a
// @batched field (internal/gqlexec). These tests run the real handler.

// TestBatchedFieldsStayBatched: however a list reaches Sale.receipt (a
// fragment spread, an inline fragment, an interface list, a list nested under
// another), its elements still resolve concurrently, so the receipt loader
// gathers the page into a batch: the statements do not grow with the sales.
// One element at a time would be 1 + 7 statements per sale.
func TestBatchedFieldsStayBatched(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestServer(t, db)
		f := seedShop(t, s.client, 30, 5, 100)
		for _, tc := range []struct{ name, query string }{
			{"fragment spread", `query($first: Int!) { sales(first: $first) { edges { node { id ...R } } } }
				fragment R on Sale { receipt }`},
			{"inline fragment", `query($first: Int!) { sales(first: $first) { edges { ... on SaleEdge { node { ... on Sale { receipt } } } } } }`},
			{"nested list", `query($first: Int!) { sales(first: $first) { edges { node { items { sale { receipt } } } } } }`},
			{"interface list", `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Sale { receipt } } }`},
		} {
			var counts []int64
			for _, first := range []int{20, 100} {
				ids := make([]string, first)
				for i := range ids {
					ids[i] = f.sales[i].ID.String()
				}
				resp, n := s.mustQuery(t, tc.query, map[string]any{"first": first, "ids": ids})
				if got := strings.Count(string(resp.Data), `"receipt":"`); got < first {
					t.Fatalf("%s, %d sales: %d receipts in %.300s", tc.name, first, got, resp.Data)
				}
				counts = append(counts, n-s.auth)
			}
			// A batch is 6 or 7 statements. The loader's window is short, so a
			// busy machine (or a nested list's many goroutines) may split a page
			// into a few batches; one sale at a time would be 20 or 100 batches.
			if counts[0] > 70 || counts[1] > 70 {
				t.Errorf("%s: 20 sales -> %d statements, 100 sales -> %d; want batches, not rows", tc.name, counts[0], counts[1])
			}
			t.Logf("%s: %s: 20 sales = %d statements, 100 = %d", db.Dialect, tc.name, counts[0], counts[1])
		}
	})
}

// TestSerialListsAnswerAsBefore: Q2's answer marshalled one sale after another
// is the one it gets with every sale resolving at once (selecting receipt
// makes the page concurrent), and Q1's is the catalogue as ent reads it.
func TestSerialListsAnswerAsBefore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestServer(t, db)
		seedShop(t, s.client, 120, 7, 60)

		q2 := benchQuery(t, "q2")
		concurrent := strings.Replace(q2, "node { id total", "node { receipt id total", 1)
		if concurrent == q2 {
			t.Fatal("bench/q2.graphql changed: update this test")
		}
		serial, _ := s.mustQuery(t, q2, map[string]any{"first": 50})
		both, _ := s.mustQuery(t, concurrent, map[string]any{"first": 50})
		got, want := decode[any](t, serial.Data), withoutKey(decode[any](t, both.Data), "receipt")
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Q2 serially:\n%s\nwant, concurrently:\n%s", serial.Data, both.Data)
		}
		if n := strings.Count(string(serial.Data), `"unitPrice"`); n != 150 {
			t.Errorf("Q2 answer holds %d lines, want 150 (50 sales of 3)", n)
		}

		resp, _ := s.mustQuery(t, benchQuery(t, "q1"), nil)
		products := s.client.Product.Query().
			Order(ent.Asc(entproduct.FieldName), ent.Asc(entproduct.FieldID)).
			Limit(50).WithInventory().AllX(t.Context())
		type inventory struct {
			Quantity int64 `json:"quantity"`
		}
		type node struct {
			ID        string     `json:"id"`
			Name      string     `json:"name"`
			Sku       string     `json:"sku"`
			Price     string     `json:"price"`
			Inventory *inventory `json:"inventory"`
		}
		var edges []map[string]node
		for _, p := range products {
			n := node{ID: p.ID.String(), Name: p.Name, Sku: p.Sku, Price: p.Price.String()}
			if inv := p.Edges.Inventory; inv != nil {
				n.Inventory = &inventory{inv.Quantity}
			}
			edges = append(edges, map[string]node{"node": n})
		}
		wantQ1, err := json.Marshal(map[string]any{"products": map[string]any{"edges": edges}})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(decode[any](t, resp.Data), decode[any](t, wantQ1)) {
			t.Errorf("Q1:\n%s\nwant\n%s", resp.Data, wantQ1)
		}
	})
}

// withoutKey deletes key from every object in v.
func withoutKey(v any, key string) any {
	switch v := v.(type) {
	case map[string]any:
		delete(v, key)
		for _, e := range v {
			withoutKey(e, key)
		}
	case []any:
		for _, e := range v {
			withoutKey(e, key)
		}
	}
	return v
}

// TestDeferredFieldsResolve: an object with a field under @defer still gets
// gqlgen's full deferred group (the others get an empty one), so the query
// answers without a panic or an error.
func TestDeferredFieldsResolve(t *testing.T) {
	s := newTestServer(t, storetest.Open(t, "sqlite"))
	seedShop(t, s.client, 10, 2, 5)
	resp, _ := s.mustQuery(t, `{ sales(first: 3) { edges { node { id ... @defer(label: "more") { itemCount receipt } } } } }`, nil)
	if n := strings.Count(string(resp.Data), `"id":"`); n != 3 {
		t.Fatalf("%d sales in %s, want 3", n, resp.Data)
	}
}
