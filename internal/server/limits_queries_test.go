package server_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// benchQuery reads one of the operations scripts/bench.sh measures, so the
// tests check the very queries the benchmark runs.
func benchQuery(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "bench", name+".graphql"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type salesPage struct {
	Sales struct {
		TotalCount int `json:"totalCount"`
		Edges      []struct {
			Node struct {
				Customer *struct{ Name string } `json:"customer"`
				Cashier  *struct{ DisplayName string }
				Items    []struct {
					Quantity int
					Product  struct {
						Name      string
						Inventory *struct {
							Quantity int
							Supplier *struct{ Name string }
						}
					}
				}
			}
		}
	}
}

// TestStatementsDependOnDepthNotRows is the N+1 guard: the dashboard query of
// the benchmark (Q2: latest sales, their customer, lines and products) costs
// the same handful of statements for 20 sales as for 100, through the real
// HTTP handler, because entgql's field collection eager-loads every edge with
// one IN (...) query per level, also through edges { node { ... } }.
func TestStatementsDependOnDepthNotRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestServer(t, db)
		seedShop(t, s.client, 60, 15, 100)
		for _, mode := range readModes {
			t.Run(mode.name, func(t *testing.T) {
				s := newTestServerWith(t, db, func(d *server.Deps) { d.Config.ReadCompilerOff = mode.off })
				statementsDependOnDepth(t, s, mode.off)
			})
		}
		_ = s
	})
}

// statementsDependOnDepth is TestStatementsDependOnDepthNotRows on one server:
// compiled, Q2 is one statement; field by field, one per level.
func statementsDependOnDepth(t *testing.T, s *testServer, fieldByField bool) {
	{

		q2 := benchQuery(t, "q2")
		counts := map[int]int64{}
		for _, first := range []int{20, 100} {
			resp, n := s.mustQuery(t, q2, map[string]any{"first": first})
			var page salesPage
			if err := json.Unmarshal(resp.Data, &page); err != nil {
				t.Fatal(err)
			}
			if got := len(page.Sales.Edges); got != first {
				t.Fatalf("first %d: got %d sales", first, got)
			}
			for _, e := range page.Sales.Edges {
				if e.Node.Customer == nil || e.Node.Customer.Name == "" || len(e.Node.Items) != 3 || e.Node.Items[0].Product.Name == "" {
					t.Fatalf("first %d: edges not loaded: %+v", first, e.Node)
				}
			}
			counts[first] = n
		}
		if counts[20] != counts[100] {
			t.Fatalf("Q2 statements grow with rows: 20 sales -> %d, 100 sales -> %d", counts[20], counts[100])
		}
		// Authentication, then one statement compiled, or sales, customers,
		// lines, products field by field: one statement per level.
		want := int64(1)
		if fieldByField {
			want = 4
		}
		if counts[20]-s.auth != want {
			t.Fatalf("Q2 took %d statements (%d for authentication), want %d beyond it", counts[20], s.auth, want)
		}
		t.Logf("%s: Q2 = %d statements for 20 and for 100 sales (%d of them authentication)", s.dialect, counts[20], s.auth)

		// Deeper still: cashier, and stock and supplier under every product.
		deep := `query($first: Int!) { sales(first: $first) { edges { node {
			cashier { displayName } customer { name }
			items { quantity product { name inventory { quantity supplier { name } } } } } } } }`
		var deepCounts []int64
		for _, first := range []int{20, 100} {
			resp, n := s.mustQuery(t, deep, map[string]any{"first": first})
			var page salesPage
			if err := json.Unmarshal(resp.Data, &page); err != nil {
				t.Fatal(err)
			}
			it := page.Sales.Edges[first-1].Node.Items[2]
			if page.Sales.Edges[0].Node.Cashier == nil || it.Product.Inventory == nil || it.Product.Inventory.Supplier == nil {
				t.Fatalf("deep edges not loaded: %+v", page.Sales.Edges[0].Node)
			}
			deepCounts = append(deepCounts, n)
		}
		// sales, cashier, customer, lines, products, inventory, supplier.
		// cashier has a resolver of its own, so this one runs field by
		// field either way.
		if deepCounts[0] != deepCounts[1] || deepCounts[0]-s.auth > 7 {
			t.Fatalf("deep query statements: 20 sales -> %d, 100 sales -> %d; want equal and at most 7", deepCounts[0], deepCounts[1])
		}
	}
}

// TestTotalCountOnlyWhenAsked checks that a connection runs COUNT(*) only when
// totalCount (or pageInfo, for which entgql also counts) is selected: the
// benchmark queries ask for neither and must not pay for a full-table count.
func TestTotalCountOnlyWhenAsked(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	seedShop(t, newTestServer(t, db).client, 10, 2, 5)
	for _, mode := range readModes {
		t.Run(mode.name, func(t *testing.T) {
			s := newTestServerWith(t, db, func(d *server.Deps) { d.Config.ReadCompilerOff = mode.off })
			totalCountOnlyWhenAsked(t, s, mode.off)
		})
	}
}

// totalCountOnlyWhenAsked is TestTotalCountOnlyWhenAsked on one server:
// field by field the count is a statement of its own; compiled it is a
// subquery of the page's statement, present only when asked for.
func totalCountOnlyWhenAsked(t *testing.T, s *testServer, fieldByField bool) {

	_, plain := s.mustQuery(t, `{ sales(first: 2) { edges { node { id } } } }`, nil)
	resp, counted := s.mustQuery(t, `{ sales(first: 2) { totalCount edges { node { id } } } }`, nil)
	var page salesPage
	if err := json.Unmarshal(resp.Data, &page); err != nil {
		t.Fatal(err)
	}
	if page.Sales.TotalCount != 5 {
		t.Fatalf("totalCount = %d, want 5", page.Sales.TotalCount)
	}
	wantCounted := int64(1)
	if fieldByField {
		wantCounted = 2
	}
	if plain-s.auth != 1 || counted-s.auth != wantCounted {
		t.Fatalf("statements beyond authentication: without totalCount %d (want 1), with it %d (want %d)", plain-s.auth, counted-s.auth, wantCounted)
	}
	if !fieldByField {
		// The compiled statement counts only when asked to.
		s.drv.log.Store(true)
		s.mustQuery(t, `{ sales(first: 2) { edges { node { id } } } }`, nil)
		s.drv.log.Store(false)
		for _, q := range s.drv.take() {
			if strings.Contains(strings.ToUpper(q), "COUNT(") {
				t.Fatalf("a page without totalCount counted: %s", q)
			}
		}
	}
	_, onlyCount := s.mustQuery(t, `{ sales { totalCount } }`, nil)
	if onlyCount-s.auth != 1 {
		t.Fatalf("totalCount alone took %d statements beyond authentication, want 1", onlyCount-s.auth)
	}
}

// TestBenchQueriesStatements pins the statement count of the other two
// benchmark reads: a page of products with stock (Q1) and one product by id
// (Q3) read the product rows and then the inventory rows, nothing more.
func TestBenchQueriesStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := seedShop(t, newTestServer(t, db).client, 120, 2, 1)
		for _, mode := range readModes {
			t.Run(mode.name, func(t *testing.T) {
				s := newTestServerWith(t, db, func(d *server.Deps) { d.Config.ReadCompilerOff = mode.off })
				benchQueriesStatements(t, s, f, mode.off)
			})
		}
	})
}

// benchQueriesStatements is TestBenchQueriesStatements on one server:
// compiled, each read is one statement; field by field, two.
func benchQueriesStatements(t *testing.T, s *testServer, f fixture, fieldByField bool) {
	want := int64(1)
	if fieldByField {
		want = 2
	}
	{

		resp, n := s.mustQuery(t, benchQuery(t, "q1"), nil)
		var q1 struct {
			Products struct {
				Edges []struct {
					Node struct {
						Name      string
						Inventory *struct{ Quantity int }
					}
				}
			}
		}
		if err := json.Unmarshal(resp.Data, &q1); err != nil {
			t.Fatal(err)
		}
		if len(q1.Products.Edges) != 50 || q1.Products.Edges[0].Node.Name != "Product 00000" || q1.Products.Edges[49].Node.Inventory == nil {
			t.Fatalf("Q1 answer wrong: %d edges, first %+v", len(q1.Products.Edges), q1.Products.Edges[0])
		}
		if n-s.auth != want {
			t.Fatalf("Q1 took %d statements beyond authentication, want %d", n-s.auth, want)
		}

		resp, n = s.mustQuery(t, benchQuery(t, "q3"), map[string]any{"id": f.products[7].ID})
		var q3 struct {
			Node struct {
				Sku       string
				Inventory *struct{ Quantity int }
			}
		}
		if err := json.Unmarshal(resp.Data, &q3); err != nil {
			t.Fatal(err)
		}
		if q3.Node.Sku != f.products[7].Sku || q3.Node.Inventory == nil || q3.Node.Inventory.Quantity != 1000 {
			t.Fatalf("Q3 answer wrong: %+v", q3.Node)
		}
		if n-s.auth != want {
			t.Fatalf("Q3 took %d statements beyond authentication, want %d", n-s.auth, want)
		}
	}
}

// TestReceiptsAreBatched: Sale.receipt is a hand-written field, not an edge,
// so it goes through the request's dataloader; a page of receipts costs a few
// batches of statements, not a round per sale, and each receipt is the very
// text the single-sale path renders.
func TestReceiptsAreBatched(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestServer(t, db)
		f := seedShop(t, s.client, 30, 5, 100)
		pages, counts := salesFieldPages(t, s, "receipt")
		for _, page := range pages {
			for _, i := range []int{0, len(page) - 1} {
				want, err := pos.New(s.client).Selling().Receipt(t.Context(), f.sales[i].ID)
				if err != nil {
					t.Fatal(err)
				}
				var got string
				if err := json.Unmarshal(page[i]["receipt"], &got); err != nil || string(page[i]["id"]) != `"`+f.sales[i].ID.String()+`"` || got != want {
					t.Fatalf("receipt of sale %d differs from the single-sale one:\n%s\nwant\n%s", i, got, want)
				}
			}
		}
		// Beyond authentication, one batch is the page, settings, and the sales with their items,
		// payments, cashier, employee and customer: 7 statements. The loader
		// gathers keys for a short window, so on a busy machine a page can
		// split into a few batches (at most 5 allowed here, for either page
		// size); one receipt at a time would be 1 + 7 per sale (141 and 701).
		if counts[0] > 35 || counts[1] > 35 {
			t.Fatalf("receipts: 20 sales -> %d statements, 100 sales -> %d; want batches, not rows", counts[0], counts[1])
		}
		t.Logf("%s: receipts of 20 sales = %d statements, of 100 = %d", db.Dialect, counts[0], counts[1])
	})
}

// TestAuthenticationIsOneStatement pins what an authenticated request pays
// before any GraphQL runs: the user, its role and the token's revocation in a
// single statement, and with the principal cache on (as `pandac serve`
// runs), nothing once the token has been seen.
func TestAuthenticationIsOneStatement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestServer(t, db)
		if s.auth != 1 {
			t.Fatalf("authenticating a request took %d statements, want 1", s.auth)
		}
		s.cachePrincipals(t)
		if _, n := s.mustQuery(t, `{ __typename }`, nil); n != 1 {
			t.Fatalf("first request with the cache on took %d statements, want 1", n)
		}
		if _, n := s.mustQuery(t, `{ __typename }`, nil); n != 0 {
			t.Fatalf("a token seen before took %d statements with the cache on, want 0", n)
		}
	})
}

// TestItemCountsAreBatched: Sale.itemCount sums the lines in SQL, per sale;
// through the request's dataloader a page of sales costs a few batches of
// statements, not one per sale, and each count equals the single-sale one.
func TestItemCountsAreBatched(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestServer(t, db)
		f := seedShop(t, s.client, 30, 5, 100)
		pages, counts := salesFieldPages(t, s, "itemCount")
		for _, page := range pages {
			for i, node := range page {
				want, err := pos.New(s.client).Reports().SaleItemCount(t.Context(), f.sales[i].ID)
				if err != nil {
					t.Fatal(err)
				}
				var got int64
				if err := json.Unmarshal(node["itemCount"], &got); err != nil || string(node["id"]) != `"`+f.sales[i].ID.String()+`"` || got != want || want == 0 {
					t.Fatalf("sale %d: itemCount %d, want %d (non-zero)", i, got, want)
				}
			}
		}
		// The page, then one batch of counts; a busy machine may split the
		// batch (up to 10 batches allowed here, for either page size). One
		// count per sale would be 21 and 101 statements.
		if counts[0] > 12 || counts[1] > 12 {
			t.Fatalf("itemCount: 20 sales -> %d statements, 100 sales -> %d; want batches, not rows", counts[0], counts[1])
		}
		t.Logf("%s: itemCount of 20 sales = %d statements, of 100 = %d", db.Dialect, counts[0], counts[1])
	})
}

// salesFieldPages asks for the field of the first 20 and then the first 100
// sales, oldest first, and returns each page's nodes (id and the field, as
// JSON) and the statements each page cost beyond authentication.
func salesFieldPages(t *testing.T, s *testServer, field string) (pages [][]map[string]json.RawMessage, counts []int64) {
	t.Helper()
	q := `query($first: Int!) { sales(first: $first, orderBy: {field: CREATED_AT, direction: ASC}) { edges { node { id ` + field + ` } } } }`
	for _, first := range []int{20, 100} {
		resp, n := s.mustQuery(t, q, map[string]any{"first": first})
		var page struct {
			Sales struct {
				Edges []struct{ Node map[string]json.RawMessage }
			}
		}
		if err := json.Unmarshal(resp.Data, &page); err != nil {
			t.Fatal(err)
		}
		if len(page.Sales.Edges) != first {
			t.Fatalf("first %d: %d sales", first, len(page.Sales.Edges))
		}
		nodes := make([]map[string]json.RawMessage, len(page.Sales.Edges))
		for i, e := range page.Sales.Edges {
			nodes[i] = e.Node
		}
		pages = append(pages, nodes)
		counts = append(counts, n-s.auth)
	}
	return pages, counts
}
