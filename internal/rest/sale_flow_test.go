package rest_test

import (
	"testing"

	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

func stockOf(t *testing.T, c *client, productID string) float64 {
	t.Helper()
	return c.must(200, "GET", "/v1/products/"+productID, nil).obj(t)["stock_quantity"].(float64)
}

// TestSaleFlow runs the REST sale flow on open sales, on SQLite and
// PostgreSQL: server-computed totals, payment completing the sale and taking
// stock, and DELETE voiding it and putting the stock back.
func TestSaleFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		p := c.must(201, "POST", "/v1/products/", map[string]any{"name": "Mug", "price": 10.00, "stock_quantity": 5}).obj(t)
		pid := p["id"].(string)
		cu := c.must(201, "POST", "/v1/customers/", map[string]any{"name": "Ann", "contact_info": "ann@example.com"}).obj(t)

		s := c.must(200, "POST", "/v1/sales/", map[string]any{
			"customer_id": cu["id"], "cashier_id": cu["id"], "sale_date": "2026-01-01T10:00:00Z",
			"subtotal": 1, "tax_amount": 0, "total_amount": 1,
			"items": []any{map[string]any{"product_id": pid, "quantity": 2, "unit_price": 0.01, "subtotal": 0.02}},
		}).obj(t)
		sid := s["id"].(string)
		if s["subtotal"] != 20.0 || s["status"] != "pending" {
			t.Fatalf("sale: subtotal %v status %v, want 20 (client totals ignored) and pending", s["subtotal"], s["status"])
		}
		if got := stockOf(t, c, pid); got != 5 {
			t.Fatalf("stock after opening a sale = %v, want 5 (stock leaves on completion)", got)
		}
		s = c.must(200, "POST", "/v1/sales/"+sid+"/items", map[string]any{"product_id": pid, "quantity": 1, "unit_price": 10, "subtotal": 10}).obj(t)
		total := s["total_amount"].(float64)
		if s["subtotal"] != 30.0 || total < 30 {
			t.Fatalf("after adding an item: %v", s)
		}
		c.must(422, "POST", "/v1/sales/"+sid+"/payments", map[string]any{"payment_method": "barter", "amount": 5})
		s = c.must(200, "POST", "/v1/sales/"+sid+"/payments", map[string]any{"sale_id": sid, "payment_method": "cash", "amount": 100, "payment_date": "2026-01-01T10:00:00Z"}).obj(t)
		if s["status"] != "completed" {
			t.Fatalf("sale after full payment: %v", s["status"])
		}
		if got := stockOf(t, c, pid); got != 2 {
			t.Fatalf("stock after the sale = %v, want 2", got)
		}
		pays := c.must(200, "GET", "/v1/sales/"+sid+"/payments", nil).json(t).([]any)
		if len(pays) != 1 || pays[0].(map[string]any)["payment_method"] != "cash" {
			t.Fatalf("payments: %v", pays)
		}
		if n := len(c.must(200, "GET", "/v1/sales/?customer_id="+cu["id"].(string), nil).json(t).([]any)); n != 1 {
			t.Fatalf("listed %d sales of the customer, want 1", n)
		}
		c.must(204, "DELETE", "/v1/sales/"+sid, nil)
		if got := stockOf(t, c, pid); got != 5 {
			t.Fatalf("stock after the void = %v, want 5", got)
		}
		if st := c.must(200, "GET", "/v1/sales/"+sid, nil).obj(t)["status"]; st != "cancelled" {
			t.Fatalf("voided sale status %v, want cancelled", st)
		}
		// Voiding twice is an illegal transition, refused by the core.
		c.must(422, "DELETE", "/v1/sales/"+sid, nil)

		// More than on hand: the sale opens, and paying for it fails cleanly.
		big := c.must(200, "POST", "/v1/sales/", map[string]any{"items": []any{map[string]any{"product_id": pid, "quantity": 99}}}).obj(t)
		r := c.must(409, "POST", "/v1/sales/"+big["id"].(string)+"/payments", map[string]any{"payment_method": "card", "amount": big["total_amount"]})
		if _, ok := r.obj(t)["detail"].(string); !ok {
			t.Fatalf("insufficient stock detail: %s", r.Body)
		}
		if got := stockOf(t, c, pid); got != 5 {
			t.Fatalf("stock after a failed sale = %v, want 5", got)
		}
	})
}
