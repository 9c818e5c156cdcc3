package rest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestPaymentOnASaleAnswersWithThatPayment: POST /v1/payments with a sale_id
// answers with the payment it made, found by its idempotency key (not by
// diffing the sale's payments, which a concurrent payment would fool), so a
// replay with the same Idempotency-Key answers with the first payment and
// records nothing more.
func TestPaymentOnASaleAnswersWithThatPayment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		ctx := context.Background()
		sid := openSale(t, c, nil)

		post := func(key string, amount float64) resp {
			t.Helper()
			body, _ := json.Marshal(map[string]any{"sale_id": sid, "method": "cash", "amount": amount, "notes": "deposit"})
			req := httptest.NewRequest("POST", "/v1/payments/", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+c.token)
			if key != "" {
				req.Header.Set("Idempotency-Key", key)
			}
			rec := httptest.NewRecorder()
			c.h.ServeHTTP(rec, req)
			r := resp{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
			if r.Status != 201 {
				t.Fatalf("POST /v1/payments/: %d %s", r.Status, r.Body)
			}
			return r
		}
		count := func() int {
			n, err := db.Client.Payment.Query().Where(payment.HasSale()).Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}

		first := post("pay-once", 5.00).obj(t)
		if first["sale_id"] != sid || first["amount"] != 5.0 || first["notes"] != "deposit" {
			t.Fatalf("first payment: %v", first)
		}
		again := post("pay-once", 5.00).obj(t)
		if again["id"] != first["id"] || count() != 1 {
			t.Fatalf("replay answered %v (first %v) with %d payments on the sale, want the first and 1", again["id"], first["id"], count())
		}
		second := post("", 3.00).obj(t)
		if second["id"] == first["id"] || second["amount"] != 3.0 || count() != 2 {
			t.Fatalf("second payment %v with %d payments on the sale", second, count())
		}
	})
}

// TestRefusedSaleUpdateChangesNothing: PUT /v1/sales/{id} with notes and a
// status the core refuses (completing an unpaid sale) fails without
// changing the notes either.
func TestRefusedSaleUpdateChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		sid := openSale(t, c, map[string]any{"notes": "before"})
		r := c.do("PUT", "/v1/sales/"+sid, map[string]any{"notes": "after", "status": "completed"})
		if r.Status < 400 || r.Status >= 500 {
			t.Fatalf("completing an unpaid sale: %d %s, want a 4xx", r.Status, r.Body)
		}
		if got := c.must(200, "GET", "/v1/sales/"+sid, nil).obj(t)["notes"]; got != "before" {
			t.Fatalf("notes = %v after the refused update, want before", got)
		}
		c.must(200, "PUT", "/v1/sales/"+sid, map[string]any{"notes": "after"})
		if got := c.must(200, "GET", "/v1/sales/"+sid, nil).obj(t)["notes"]; got != "after" {
			t.Fatalf("notes = %v, want after", got)
		}
	})
}

// TestUnsettledPaymentsDoNotPayASale: a payment on a sale whose status says
// the money did not arrive (pending, failed, refunded) is refused with a 422
// naming status, through both payment routes, and the sale stays unpaid; a
// completed one, or one without a status, pays it.
func TestUnsettledPaymentsDoNotPayASale(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		ctx := context.Background()
		sid := openSale(t, c, nil)
		paid := func() int {
			n, err := db.Client.Payment.Query().Where(payment.HasSale()).Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, status := range []string{"pending", "failed", "refunded"} {
			for _, path := range []string{"/v1/payments/", "/v1/sales/" + sid + "/payments"} {
				r := c.do("POST", path, map[string]any{"sale_id": sid, "method": "card", "amount": 5.00, "status": status})
				if r.Status != 422 || !bytes.Contains(r.Body, []byte(`"status"`)) {
					t.Fatalf("%s with status %s: %d %s, want a 422 naming status", path, status, r.Status, r.Body)
				}
			}
		}
		if n := paid(); n != 0 {
			t.Fatalf("%d payments recorded on the sale, want none", n)
		}
		c.must(201, "POST", "/v1/payments/", map[string]any{"sale_id": sid, "method": "card", "amount": 5.00, "status": "completed"})
		c.must(201, "POST", "/v1/payments/", map[string]any{"sale_id": sid, "method": "cash", "amount": 15.00})
		if n := paid(); n != 2 {
			t.Fatalf("%d payments on the sale, want 2", n)
		}
	})
}

// openSale creates a product at 10.00 and an open sale of two of it, with
// the extra sale fields, and returns the sale's id.
func openSale(t *testing.T, c *client, extra map[string]any) string {
	t.Helper()
	id := func(r resp) string { return r.obj(t)["id"].(string) }
	pid := id(c.must(201, "POST", "/v1/products/", map[string]any{"name": "Mug", "price": 10.00, "stock_quantity": 5}))
	body := map[string]any{"items": []any{map[string]any{"product_id": pid, "quantity": 2}}}
	for k, v := range extra {
		body[k] = v
	}
	return id(c.must(200, "POST", "/v1/sales/", body))
}
