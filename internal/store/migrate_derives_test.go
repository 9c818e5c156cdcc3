package store_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/ids"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestUpgradeKeepsStoredLegacyTransactions: payments taken before legacy
// transactions were derived keep the rows stored for them; the migration
// clears derives_transaction on them, so none is read twice, while a payment
// made after it derives its own.
func TestUpgradeKeepsStoredLegacyTransactions(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(storetest.URL(t, d), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			migrateUpTo(t, db, "payment_derives_transaction")
			sale, pay, tr := ids.New(ids.TagSale), ids.New(ids.TagPayment), ids.New(ids.TagTransaction)
			bind := func(q string) string {
				if d != "postgres" {
					return q
				}
				for i := 1; strings.Contains(q, "?"); i++ {
					q = strings.Replace(q, "?", "$"+strconv.Itoa(i), 1)
				}
				return q
			}
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{"INSERT INTO pos_sales (id, created_at, updated_at) VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", []any{sale.String()}},
				{"INSERT INTO payments (id, created_at, updated_at, method, sale_id) VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'CASH', ?)", []any{pay.String(), sale.String()}},
				{"INSERT INTO transactions (id, created_at, updated_at, payment_type, sale_id, payment_id) VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'CASH', ?, ?)", []any{tr.String(), sale.String(), pay.String()}},
			} {
				if _, err := db.SQL.ExecContext(ctx, bind(q.sql), q.args...); err != nil {
					t.Fatalf("%s: %v", q.sql, err)
				}
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if p := db.Client.Payment.GetX(ctx, pay); p.DerivesTransaction {
				t.Error("a payment taken before the upgrade derives a transaction besides its stored one")
			}
			if n := db.Client.Transaction.Query().CountX(ctx); n != 1 {
				t.Errorf("%d stored transactions after the upgrade, want 1", n)
			}
			p := db.Client.Payment.Create().SetMethod("CARD").SetSaleID(sale).SaveX(ctx)
			if !p.DerivesTransaction {
				t.Error("a payment made after the upgrade does not derive its transaction")
			}
		})
	}
}
