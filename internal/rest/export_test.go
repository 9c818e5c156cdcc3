package rest_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/rest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// reportFixture stocks three products and rings up two sales today through
// the core: A×2 + B×1 and A×1. B ends at or under its reorder level, so it
// is the one low-stock item.
func reportFixture(t *testing.T, svc *pos.Service) (saleID uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	product := func(name, sku, price, cost string, qty, reorder int64) uuid.UUID {
		p, c := money.MustParse(price), money.MustParse(cost)
		pr, err := svc.Catalogue().CreateProduct(ctx, pos.CreateProductRequest{Name: name, Sku: sku, Price: &p, Cost: &c}, pos.StockInput{Quantity: &qty, ReorderLevel: &reorder})
		if err != nil {
			t.Fatal(err)
		}
		return pr.ID
	}
	a := product("Alpha mug", "CSV-A", "10.00", "4.00", 20, 2)
	b := product("Beta tea", "CSV-B", "3.00", "1.00", 5, 10)
	product("Gamma pot", "CSV-C", "7.00", "2.00", 50, 0)
	sale := func(method payment.Method, paid string, items ...pos.ItemInput) uuid.UUID {
		s, err := svc.Selling().Checkout(ctx, pos.CheckoutInput{Items: items, Payments: []pos.PaymentInput{{Method: method, Amount: money.MustParse(paid)}}})
		if err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	saleID = sale(payment.MethodCASH, "100.00", pos.ItemInput{ProductID: a, Quantity: 2}, pos.ItemInput{ProductID: b, Quantity: 1})
	sale(payment.MethodCARD, "10.00", pos.ItemInput{ProductID: a, Quantity: 1})
	return saleID
}

// get does a GET with extra headers.
func (c *client) get(path string, header map[string]string) resp {
	c.t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	return resp{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// TestReportsAsCSV asks every report route for CSV, by ?format=csv and by
// Accept: text/csv, on SQLite and PostgreSQL, and counts the rows.
func TestReportsAsCSV(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		svc := pos.New(db.Client)
		reportFixture(t, svc)
		loc, err := svc.Reports().StoreLocation(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().In(loc)
		day := func(offset int) string { return now.AddDate(0, 0, offset).Format(time.DateOnly) }
		today := day(0)
		hours := 24 // a UTC day; the default store zone
		if loc.String() != "UTC" {
			t.Fatalf("store zone %s: the fixture expects the UTC default", loc)
		}

		cases := []struct {
			doc, url, file, header string
			rows                   int
		}{
			{"/v1/reports/sales", "/v1/reports/sales?start_date=" + day(-2) + "&end_date=" + today, "sales-" + day(-2) + "_" + today, "period_start", 3},
			{"/v1/reports/sales/daily", "/v1/reports/sales/daily?date=" + today, "daily-sales-" + today, "date", hours},
			{"/v1/reports/sales/period", "/v1/reports/sales/period?start=" + day(-1) + "&end=" + today, "sales-period-" + day(-1) + "_" + today, "period_start", 2},
			{"/v1/reports/inventory/stock-levels", "/v1/reports/inventory/stock-levels", "inventory-" + today, "product_id", 3},
			{"/v1/reports/customers/loyalty", "/v1/reports/customers/loyalty", "loyalty-" + today, "tier", 4},
			{"/v1/reports/financial/profit-loss", "/v1/reports/financial/profit-loss?start_date=" + today + "&end_date=" + today, "profit-loss-" + today, "from", 1},
			{"/v1/sales/analytics/revenue", "/v1/sales/analytics/revenue?start_date=" + day(-6) + "&end_date=" + today, "revenue-" + day(-6) + "_" + today, "period_start", 7},
			{"/v1/sales/analytics/top-products", "/v1/sales/analytics/top-products?start_date=" + today + "&end_date=" + today, "top-products-" + today, "product_id", 2},
			{"/v1/sales/daily-summary/{date}", "/v1/sales/daily-summary/" + today, "daily-sales-" + today, "date", hours},
			{"/v1/inventory/stock-levels/", "/v1/inventory/stock-levels/?low_stock_only=true", "stock-levels-" + today, "product_id", 1},
			{"/v1/analytics", "/v1/analytics?from=" + day(-1) + "T00:00:00Z&to=" + day(1) + "T00:00:00Z&groupBy=DAY&measures=NET,UNITS", "analytics-" + day(-1) + "_" + today, "DAY", 1},
		}
		sep := func(u string) string {
			if strings.Contains(u, "?") {
				return "&"
			}
			return "?"
		}
		for _, tc := range cases {
			t.Run(strings.TrimPrefix(tc.doc, "/v1/"), func(t *testing.T) {
				c := c.on(t)
				for how, r := range map[string]resp{
					"format=csv":       c.get(tc.url+sep(tc.url)+"format=csv", nil),
					"Accept: text/csv": c.get(tc.url, map[string]string{"Accept": "text/csv"}),
				} {
					if r.Status != 200 {
						t.Fatalf("%s: status %d: %s", how, r.Status, r.Body)
					}
					if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
						t.Errorf("%s: Content-Type %q", how, ct)
					}
					if cd, want := r.Header.Get("Content-Disposition"), `attachment; filename="`+tc.file+`.csv"`; cd != want {
						t.Errorf("%s: Content-Disposition %q, want %q", how, cd, want)
					}
					records, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
					if err != nil {
						t.Fatalf("%s: not CSV: %v\n%s", how, err, r.Body)
					}
					if len(records) == 0 || records[0][0] != tc.header {
						t.Fatalf("%s: header row %v, want it to start with %q", how, records, tc.header)
					}
					if got := len(records) - 1; got != tc.rows {
						t.Errorf("%s: %d data rows, want %d:\n%s", how, got, tc.rows, r.Body)
					}
				}
				// JSON stays the default, and wins when asked for by name.
				for how, r := range map[string]resp{
					"no preference": c.get(tc.url, nil),
					"format=json":   c.get(tc.url+sep(tc.url)+"format=json", map[string]string{"Accept": "text/csv"}),
					"browser":       c.get(tc.url, map[string]string{"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}),
				} {
					if r.Status != 200 || r.Header.Get("Content-Type") != "application/json" || !json.Valid(r.Body) {
						t.Errorf("%s: %d %q, want JSON: %.200s", how, r.Status, r.Header.Get("Content-Type"), r.Body)
					}
				}
				r := c.get(tc.url+sep(tc.url)+"format=xml", nil)
				if r.Status != 422 || !strings.Contains(string(r.Body), `"format"`) {
					t.Errorf("format=xml: %d %s, want 422 naming format", r.Status, r.Body)
				}
			})
		}

		// The document lists the CSV form on exactly these operations.
		doc := rest.OpenAPI()["paths"].(map[string]map[string]any)
		withCSV := 0
		for path, ops := range doc {
			for _, op := range ops {
				ok, _ := op.(map[string]any)["responses"].(map[string]any)["200"].(map[string]any)
				content, _ := ok["content"].(map[string]any)
				if _, has := content["text/csv"]; !has {
					continue
				}
				withCSV++
				found := false
				for _, tc := range cases {
					found = found || tc.doc == path
				}
				if !found {
					t.Errorf("%s is documented as CSV but not tested", path)
				}
			}
		}
		if withCSV != len(cases) {
			t.Errorf("%d operations documented as CSV, want %d", withCSV, len(cases))
		}
	})
}

// TestSaleReceipt reads a sale's printable receipt over REST.
func TestSaleReceipt(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	c := newClient(t, db)
	id := reportFixture(t, pos.New(db.Client))
	want, err := pos.New(db.Client).Selling().Receipt(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"cashier", "manager"} {
		r := c.as(c.signIn(role)).get("/v1/sales/"+id.String()+"/receipt/", nil)
		if r.Status != 200 || r.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
			t.Fatalf("%s: %d %q: %s", role, r.Status, r.Header.Get("Content-Type"), r.Body)
		}
		if string(r.Body) != want || !strings.Contains(want, "Alpha mug") {
			t.Errorf("%s: receipt\n%s\nwant\n%s", role, r.Body, want)
		}
	}
	c.as(c.signIn("user")).must(403, "GET", "/v1/sales/"+id.String()+"/receipt", nil)
	c.as("").must(401, "GET", "/v1/sales/"+id.String()+"/receipt", nil)
	c.must(404, "GET", "/v1/sales/"+uuid.NewString()+"/receipt", nil)
	r := c.must(422, "GET", "/v1/sales/not-a-uuid/receipt", nil)
	if !strings.Contains(string(r.Body), "sale_id") {
		t.Errorf("bad id: %s, want the path parameter named", r.Body)
	}
	op := rest.OpenAPI()["paths"].(map[string]map[string]any)["/v1/sales/{sale_id}/receipt"]["get"].(map[string]any)
	ok := op["responses"].(map[string]any)["200"].(map[string]any)
	if _, has := ok["content"].(map[string]any)["text/plain"]; !has {
		t.Errorf("receipt documented without text/plain: %v", ok)
	}
}
