package rest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// The legacy record writes of the shim (transactions, payments outside a
// sale, sale notes) commit together with their audit entry: with the audit
// log failing, the request answers a bare 500 and the record is not created,
// changed or deleted; with it back, the same request goes through.
func TestLegacyRecordWritesCommitWithTheirAuditEntry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		broken := storetest.BreakAudit(db)
		ctx := context.Background()
		id := func(r resp) string { return r.obj(t)["id"].(string) }

		pid := id(c.must(201, "POST", "/v1/products/", map[string]any{"name": "Mug", "price": 10.00, "stock_quantity": 5}))
		sid := id(c.must(200, "POST", "/v1/sales/", map[string]any{"items": []any{map[string]any{"product_id": pid, "quantity": 1}}}))
		emp := id(c.must(201, "POST", "/v1/employees/", map[string]any{"name": "Bo", "position": "Cashier"}))

		// do sends the request with the audit log failing, expecting a 500
		// that names nothing internal and no change (check), then again with
		// the log working, expecting want.
		do := func(t *testing.T, method, path string, body any, want int, check func()) resp {
			t.Helper()
			c := c.on(t)
			broken.Store(true)
			r := c.do(method, path, body)
			broken.Store(false)
			if r.Status != 500 || strings.TrimSpace(string(r.Body)) != `{"detail":"Internal Server Error"}` {
				t.Fatalf("%s %s with the audit log failing: %d %s, want a bare 500", method, path, r.Status, r.Body)
			}
			check()
			return c.must(want, method, path, body)
		}
		field := func(t *testing.T, path, name string, want any) {
			t.Helper()
			if got := c.on(t).must(200, "GET", path, nil).obj(t)[name]; got != want {
				t.Fatalf("%s: %s = %v, want %v", path, name, got, want)
			}
		}
		count := func(t *testing.T, what string, n func(context.Context) (int, error), want int) {
			t.Helper()
			if got, err := n(ctx); err != nil || got != want {
				t.Fatalf("%d %s rows, want %d (%v)", got, what, want, err)
			}
		}

		t.Run("transaction", func(t *testing.T) {
			before, err := db.Client.Transaction.Query().Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			tid := id(do(t, "POST", "/v1/transactions/", map[string]any{"payment_type": "Cash", "sale_id": sid, "employee_id": emp}, 201, func() {
				count(t, "transaction", db.Client.Transaction.Query().Count, before)
			}))
			path := "/v1/transactions/" + tid
			field(t, path, "payment_type", "Cash")
			do(t, "PUT", path, map[string]any{"payment_type": "Card"}, 200, func() { field(t, path, "payment_type", "Cash") })
			field(t, path, "payment_type", "Card")
			do(t, "DELETE", path, nil, 204, func() { field(t, path, "payment_type", "Card") })
			c.on(t).must(404, "GET", path, nil)
		})

		t.Run("payment", func(t *testing.T) {
			before, err := db.Client.Payment.Query().Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			r := do(t, "POST", "/v1/payments/", map[string]any{"method": "card", "amount": 9.99, "notes": "first"}, 201, func() {
				count(t, "payment", db.Client.Payment.Query().Count, before)
			})
			if m := r.obj(t); m["sale_id"] != nil || m["amount"] != 9.99 || m["status"] != "completed" {
				t.Fatalf("bare payment: %v", m)
			}
			path := "/v1/payments/" + id(r)
			do(t, "PUT", path, map[string]any{"notes": "second"}, 200, func() { field(t, path, "notes", "first") })
			field(t, path, "notes", "second")
			do(t, "DELETE", path, nil, 204, func() { field(t, path, "notes", "second") })
			c.on(t).must(404, "GET", path, nil)
			c.on(t).must(404, "DELETE", path, nil)
		})

		t.Run("sale notes", func(t *testing.T) {
			path := "/v1/sales/" + sid
			do(t, "PUT", path, map[string]any{"notes": "gift wrap"}, 200, func() { field(t, path, "notes", nil) })
			field(t, path, "notes", "gift wrap")
		})

		// A payment taken on a sale stays: deleting it is refused whatever
		// the audit log does, and nothing is written.
		t.Run("sale payment", func(t *testing.T) {
			c := c.on(t)
			c.must(200, "POST", "/v1/sales/"+sid+"/payments", map[string]any{"payment_method": "cash", "amount": 100})
			pays := c.must(200, "GET", "/v1/sales/"+sid+"/payments", nil).json(t).([]any)
			if len(pays) != 1 {
				t.Fatalf("payments of the sale: %v", pays)
			}
			path := "/v1/payments/" + pays[0].(map[string]any)["id"].(string)
			r := c.must(409, "DELETE", path, nil)
			if got := r.obj(t)["detail"]; got != "the payment belongs to a sale; refund or void the sale instead" {
				t.Fatalf("detail %v", got)
			}
			c.must(200, "GET", path, nil)
		})
	})
}
