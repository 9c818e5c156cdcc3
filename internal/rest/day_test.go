package rest_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestWorkingDay drives a whole day through the real server's REST API:
// sign-up, promotion by the admin, log-in, catalogue, a sale paid in two
// payments, the sales list, the daily report, a void, and stock coming back.
func TestWorkingDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, err := auth.New(ctx, db.Client, auth.Options{Secret: []byte("0123456789abcdef0123456789abcdef"), BcryptCost: bcrypt.MinCost, AllowSignup: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.EnsureAdmin(ctx, "boss", "bosspassword"); err != nil {
			t.Fatal(err)
		}
		c := &client{t: t, h: server.New(server.Deps{DB: db, POS: pos.New(db.Client), Auth: svc, Logger: quiet}), auth: svc}
		login := func(user, pass string) string {
			tok := c.as("").must(200, "POST", "/v1/auth/login", map[string]any{"username": user, "password": pass}).obj(t)
			if tok["token_type"] != "bearer" || tok["refresh_token"] == "" {
				t.Fatalf("token: %v", tok)
			}
			return tok["access_token"].(string)
		}

		alice := c.as("").must(201, "POST", "/v1/auth/register/", map[string]any{"username": "alice", "password": "wonderland1"}).obj(t)
		a := c.as(login("alice", "wonderland1"))
		a.must(403, "POST", "/v1/products/", map[string]any{"name": "Mug", "price": 12.5})

		boss := c.as(login("boss", "bosspassword"))
		var managerRole string
		for _, r := range boss.must(200, "GET", "/v1/roles/", nil).json(t).([]any) {
			if r.(map[string]any)["name"] == "manager" {
				managerRole = r.(map[string]any)["id"].(string)
			}
		}
		boss.must(200, "PUT", "/v1/users/"+alice["id"].(string), map[string]any{"role_id": managerRole})
		a = c.as(login("alice", "wonderland1"))

		mug := a.must(201, "POST", "/v1/products/", map[string]any{"name": "Mug", "price": 12.5, "cost": 4, "stock_quantity": 10}).obj(t)
		tea := a.must(201, "POST", "/v1/products", map[string]any{"name": "Tea", "price": 3.25, "stock_quantity": 40}).obj(t)
		cust := a.must(201, "POST", "/v1/customers/", map[string]any{"name": "Carol", "contact_info": "carol@example.com"}).obj(t)

		sale := a.must(200, "POST", "/v1/sales/", map[string]any{
			"customer_id": cust["id"], "cashier_id": alice["id"], "sale_date": time.Now().Format(time.RFC3339),
			"subtotal": 0, "tax_amount": 0, "total_amount": 0,
			"items": []any{
				map[string]any{"product_id": mug["id"], "quantity": 2, "unit_price": 12.5, "subtotal": 25},
				map[string]any{"product_id": tea["id"], "quantity": 4, "unit_price": 3.25, "subtotal": 13},
			},
		}).obj(t)
		sid := sale["id"].(string)
		if sale["subtotal"] != 38.0 {
			t.Fatalf("subtotal %v, want 38.00", sale["subtotal"])
		}
		total := sale["total_amount"].(float64)
		sale = a.must(200, "POST", "/v1/sales/"+sid+"/payments", map[string]any{"payment_method": "card", "amount": 20}).obj(t)
		if sale["status"] != "pending" {
			t.Fatalf("part-paid sale is %v", sale["status"])
		}
		rest := total - 20
		sale = a.must(200, "POST", "/v1/sales/"+sid+"/payments", map[string]any{"payment_method": "cash", "amount": rest + 1}).obj(t)
		if sale["status"] != "completed" || sale["change_due"] != 1.0 {
			t.Fatalf("paid sale: status %v change %v", sale["status"], sale["change_due"])
		}
		if got := stockOf(t, a, mug["id"].(string)); got != 8 {
			t.Fatalf("mugs after the sale: %v", got)
		}
		if n := len(a.must(200, "GET", "/v1/sales/", nil).json(t).([]any)); n != 1 {
			t.Fatalf("%d sales listed, want 1", n)
		}
		day := a.must(200, "GET", "/v1/reports/sales/daily?date="+time.Now().Format(time.DateOnly), nil).obj(t)
		if day["sale_count"] != 1.0 || day["gross_sales"] != 38.0 {
			t.Fatalf("daily report: %v", day)
		}
		a.must(204, "DELETE", "/v1/sales/"+sid, nil)
		if got := stockOf(t, a, mug["id"].(string)); got != 10 {
			t.Fatalf("mugs after the void: %v", got)
		}
		if got := stockOf(t, a, tea["id"].(string)); got != 40 {
			t.Fatalf("tea after the void: %v", got)
		}
		day = a.must(200, "GET", "/v1/sales/daily-summary/"+time.Now().Format(time.DateOnly), nil).obj(t)
		if day["sale_count"] != 0.0 {
			t.Fatalf("a voided sale still counts: %v", day)
		}
		// The transactions API sees the same payments the core recorded: the
		// card and cash payments, and the REFUND payment paying back each of
		// them when the sale was voided.
		trs := a.must(200, "GET", "/v1/transactions/", nil).json(t).([]any)
		if len(trs) != 4 {
			t.Fatalf("%d legacy transactions, want one per payment (4)", len(trs))
		}
		// Each reads alone and leads to its payment and sale; deleting one
		// (admin only) removes it from the list.
		for _, tr := range trs {
			tr := tr.(map[string]any)
			id := tr["id"].(string)
			if tr["sale_id"] != sid || tr["payment_id"] == nil || tr["payment_type"] == "" {
				t.Errorf("legacy transaction %v", tr)
			}
			if got := a.must(200, "GET", "/v1/transactions/"+id, nil).obj(t); got["id"] != id || got["payment_id"] != tr["payment_id"] {
				t.Errorf("GET %s = %v, want %v", id, got, tr)
			}
			if pay := a.must(200, "GET", "/v1/transactions/"+id+"/payment", nil).obj(t); pay["id"] != tr["payment_id"] {
				t.Errorf("payment of %s = %v", id, pay)
			}
			if sl := a.must(200, "GET", "/v1/transactions/"+id+"/sale", nil).obj(t); sl["id"] != sid {
				t.Errorf("sale of %s = %v", id, sl)
			}
		}
		gone := trs[0].(map[string]any)["id"].(string)
		boss.must(204, "DELETE", "/v1/transactions/"+gone, nil)
		a.must(404, "GET", "/v1/transactions/"+gone, nil)
		boss.must(404, "DELETE", "/v1/transactions/"+gone, nil)
		if n := len(a.must(200, "GET", "/v1/transactions/?skip=0&limit=10", nil).json(t).([]any)); n != 3 {
			t.Fatalf("%d legacy transactions after deleting one, want 3", n)
		}
	})
}

var _ = httptest.NewRecorder
