package seed_test

import (
	"context"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/user"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/seed"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

func options() seed.Options {
	return seed.Options{
		Products: 40, Customers: 15, Sales: 300, RandSeed: 7,
		HashPassword: func(pw string) (string, error) {
			h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
			return string(h), err
		},
		Now: func() time.Time { return time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC) },
	}
}

func TestSeedIsConsistentAndRunsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := seed.Run(ctx, db, options())
		if err != nil {
			t.Fatal(err)
		}
		c := db.Client
		// Generated demo data is a bulk load, not something a person did.
		if n := c.AuditEntry.Query().CountX(ctx); n != 0 {
			t.Fatalf("seed wrote %d audit entries, want none", n)
		}
		counts := map[string][2]int{
			"products":  {res.Products, c.Product.Query().CountX(ctx)},
			"customers": {res.Customers, c.Customer.Query().CountX(ctx)},
			"suppliers": {res.Suppliers, c.Supplier.Query().CountX(ctx)},
			"sales":     {res.Sales, c.Sale.Query().CountX(ctx)},
			"lines":     {res.SaleItems, c.SaleItem.Query().CountX(ctx)},
			"payments":  {res.Payments, c.Payment.Query().CountX(ctx)},
			"movements": {res.Movements, c.StockMovement.Query().CountX(ctx)},
		}
		for what, n := range counts {
			if n[0] != n[1] || n[0] == 0 {
				t.Errorf("%s: result says %d, database has %d", what, n[0], n[1])
			}
		}
		if res.Products != 40 || res.Customers != 15 || res.Sales < 290 {
			t.Errorf("asked for 40 products, 15 customers, 300 sales; got %+v", res)
		}
		if res.Voided+res.Refunded+res.PartiallyRefunded == 0 {
			t.Errorf("no voided or refunded sales among %d", res.Sales)
		}

		// On-hand equals the sum of the ledger, product by product, and the
		// last movement's running balance agrees.
		rows, err := db.SQL.QueryContext(ctx, `SELECT i.product_id, i.quantity, COALESCE(SUM(m.delta), 0), MIN(m.quantity_after)
			FROM inventories i LEFT JOIN stock_movements m ON m.product_id = i.product_id
			GROUP BY i.product_id, i.quantity`)
		if err != nil {
			t.Fatal(err)
		}
		products := 0
		for rows.Next() {
			var id string
			var qty, sum, minAfter int64
			if err := rows.Scan(&id, &qty, &sum, &minAfter); err != nil {
				t.Fatal(err)
			}
			products++
			if qty != sum || minAfter < 0 {
				t.Errorf("product %s: on hand %d, ledger sum %d, lowest balance %d", id, qty, sum, minAfter)
			}
		}
		rows.Close()
		if products != res.Products {
			t.Errorf("%d inventory rows, want %d", products, res.Products)
		}

		// Every sale adds up, and its payments cover it exactly.
		sales := c.Sale.Query().WithItems().WithPayments().AllX(ctx)
		for _, s := range sales {
			var lines, lineTax money.Amount
			for _, it := range s.Edges.Items {
				if it.Subtotal != it.UnitPrice.Mul(it.Quantity)-it.DiscountTotal {
					t.Fatalf("sale %s line %s: subtotal %s != %d x %s - %s", s.ID, it.ID, it.Subtotal, it.Quantity, it.UnitPrice, it.DiscountTotal)
				}
				lines += it.Subtotal
				lineTax += it.TaxTotal
			}
			if s.Total != s.Subtotal-s.DiscountTotal+s.TaxTotal || lines+lineTax != s.Total || lineTax != s.TaxTotal {
				t.Fatalf("sale %s: subtotal %s discount %s tax %s total %s; lines %s + tax %s", s.ID, s.Subtotal, s.DiscountTotal, s.TaxTotal, s.Total, lines, lineTax)
			}
			if want := s.Subtotal.Percent(88750); s.TaxTotal != want {
				t.Fatalf("sale %s: tax %s, want 8.875%% of %s = %s", s.ID, s.TaxTotal, s.Subtotal, want)
			}
			var paid, change money.Amount
			for _, p := range s.Edges.Payments {
				if p.Kind == payment.KindSALE {
					paid += p.Amount
					change += p.Tendered - p.Amount
				}
			}
			if paid != s.Total || change != s.ChangeDue {
				t.Fatalf("sale %s: payments %s (change %s) for total %s (change due %s)", s.ID, paid, change, s.Total, s.ChangeDue)
			}
			if s.CompletedAt == nil || s.CompletedAt.After(options().Now()) {
				t.Fatalf("sale %s completed at %v", s.ID, s.CompletedAt)
			}
			if s.Status == sale.StatusREFUNDED && s.RefundedTotal != s.Total {
				t.Fatalf("refunded sale %s: refunded %s of %s", s.ID, s.RefundedTotal, s.Total)
			}
		}

		for _, name := range []string{"admin", "manager", "cashier"} {
			u, err := c.User.Query().Where(user.Username(name)).WithRole().Only(ctx)
			if err != nil {
				t.Fatalf("user %s: %v", name, err)
			}
			if u.Edges.Role == nil || u.Edges.Role.Name != name {
				t.Errorf("user %s has role %v", name, u.Edges.Role)
			}
			var pw string
			for _, a := range res.Accounts {
				if a.Username == name {
					pw = a.Password
				}
			}
			if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(pw)) != nil {
				t.Errorf("user %s: the reported password does not match the stored hash", name)
			}
		}

		again, err := seed.Run(ctx, db, options())
		if err != nil {
			t.Fatal(err)
		}
		if !again.AlreadySeeded {
			t.Fatalf("second run: %+v, want AlreadySeeded", again)
		}
		if n := c.Sale.Query().CountX(ctx); n != res.Sales {
			t.Fatalf("second run changed the sales count: %d -> %d", res.Sales, n)
		}
	})
}
