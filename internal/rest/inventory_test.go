package rest_test

import (
	"testing"

	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestStockThroughTheLedger: restock, adjustments and a delivered purchase
// order change stock through the core, on SQLite and PostgreSQL.
func TestStockThroughTheLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		pid := c.must(201, "POST", "/v1/products/", map[string]any{"name": "Bolt", "price": 1.25, "stock_quantity": 2}).obj(t)["id"].(string)
		sup := c.must(201, "POST", "/v1/inventory/suppliers/", map[string]any{"name": "Acme", "contact_info": "acme@example.com"}).obj(t)["id"].(string)

		r := c.must(200, "POST", "/v1/inventory/restock/"+pid+"?quantity=10", nil).obj(t)
		if r["quantity"] != 12.0 {
			t.Fatalf("restock: %v", r)
		}
		c.must(200, "POST", "/v1/inventory/stock-adjustment/"+pid+"?adjustment=-3&reason=damaged", nil)
		if got := stockOf(t, c, pid); got != 9 {
			t.Fatalf("stock after restock and adjustment = %v, want 9", got)
		}
		// Below zero is refused and changes nothing.
		c.must(409, "POST", "/v1/inventory/stock-adjustment/"+pid+"?adjustment=-100&reason=oops", nil)
		c.must(422, "POST", "/v1/inventory/stock-adjustment/"+pid+"?adjustment=-1", nil)

		po := c.must(201, "POST", "/v1/purchase-orders/", map[string]any{
			"supplier_id": sup, "product_list": []any{map[string]any{"product_id": pid, "quantity": 6, "unit_cost": 0.5}},
		}).obj(t)
		if po["status"] != "Pending" || len(po["product_list"].([]any)) != 1 {
			t.Fatalf("purchase order: %v", po)
		}
		oid := po["id"].(string)
		c.must(422, "POST", "/v1/purchase-orders/", map[string]any{"supplier_id": sup, "product_list": []any{map[string]any{"product_id": pid, "quantity": -1}}})
		c.must(200, "PATCH", "/v1/inventory/purchase-orders/"+oid+"/status", map[string]any{"status": "Shipped"})
		if got := stockOf(t, c, pid); got != 9 {
			t.Fatalf("stock changed on shipping: %v", got)
		}
		po = c.must(200, "PATCH", "/v1/inventory/purchase-orders/"+oid+"/status", map[string]any{"status": "Delivered"}).obj(t)
		if po["status"] != "Delivered" {
			t.Fatalf("status %v", po["status"])
		}
		if got := stockOf(t, c, pid); got != 15 {
			t.Fatalf("stock after delivery = %v, want 15", got)
		}
		// Delivered is final.
		c.must(422, "PATCH", "/v1/inventory/purchase-orders/"+oid+"/status", map[string]any{"status": "Pending"})
		c.must(422, "PATCH", "/v1/inventory/purchase-orders/"+oid+"/status", map[string]any{"status": "Lost"})
		if n := len(c.must(200, "GET", "/v1/inventory/purchase-orders/pending", nil).json(t).([]any)); n != 0 {
			t.Fatalf("%d pending orders, want 0", n)
		}
	})
}
