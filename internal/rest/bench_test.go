package rest_test

import (
	"testing"

	"github.com/pandac/pandac/internal/storetest"
)

// BenchmarkGetProduct measures one authenticated REST read end to end
// (routing, token check, query, JSON) on SQLite.
func BenchmarkGetProduct(b *testing.B) {
	c := newClient(b, storetest.Open(b, "sqlite"))
	id := c.must(201, "POST", "/v1/products/", map[string]any{"name": "Mug", "price": 1.5, "stock_quantity": 1}).obj(b)["id"].(string)
	b.ResetTimer()
	for b.Loop() {
		c.must(200, "GET", "/v1/products/"+id, nil)
	}
}

// BenchmarkSale measures a REST sale: open it with one item, pay in full
// (which completes it and takes stock), on SQLite.
func BenchmarkSale(b *testing.B) {
	c := newClient(b, storetest.Open(b, "sqlite"))
	id := c.must(201, "POST", "/v1/products/", map[string]any{"name": "Mug", "price": 1.5, "stock_quantity": 1 << 40}).obj(b)["id"].(string)
	b.ResetTimer()
	for b.Loop() {
		s := c.must(200, "POST", "/v1/sales/", map[string]any{"items": []any{map[string]any{"product_id": id, "quantity": 1}}}).obj(b)
		c.must(200, "POST", "/v1/sales/"+s["id"].(string)+"/payments", map[string]any{"payment_method": "cash", "amount": 100})
	}
}
