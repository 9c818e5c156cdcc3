package pos

import (
	"testing"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/transaction"
	"github.com/pandac/pandac/internal/ids"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestLegacyTransactionsAreDerivedFromPayments: checkout stores no
// transaction row, yet /v1's reads find one per payment, with the fields the
// stored row had; stored rows read with them, in one order; changing a
// derived record stores it under the same id, and deleting one removes it.
func TestLegacyTransactionsAreDerivedFromPayments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		p := sh.product("pen", "2.00", 10)
		sl, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: []ItemInput{{ProductID: p.ID, Quantity: 1}},
			Payments: []PaymentInput{{Method: payment.MethodCARD, Amount: money.MustParse("1.00")}, {Method: payment.MethodCASH, Amount: money.MustParse("5.00")}}})
		if err != nil {
			t.Fatal(err)
		}
		if n := db.Client.Transaction.Query().CountX(sh.ctx); n != 0 {
			t.Fatalf("checkout stored %d transaction rows, want none", n)
		}
		legacy := func() *ent.TransactionQuery { return LegacyTransactions(db.Client.Transaction) }
		pays := db.Client.Payment.Query().Where(payment.SaleID(sl.ID)).AllX(sh.ctx)
		ts := legacy().Where(transaction.SaleID(sl.ID)).Order(ent.Asc(transaction.FieldCreatedAt), ent.Asc(transaction.FieldID)).AllX(sh.ctx)
		if len(pays) != 2 || len(ts) != 2 {
			t.Fatalf("%d payments, %d legacy transactions, want 2 and 2", len(pays), len(ts))
		}
		byPayment := map[string]*ent.Transaction{}
		for _, tr := range ts {
			if tr.PaymentID == nil {
				t.Fatalf("derived transaction %+v names no payment", tr)
			}
			byPayment[tr.PaymentID.String()] = tr
		}
		for _, pm := range pays {
			tr := byPayment[pm.ID.String()]
			if tr == nil {
				t.Fatalf("no legacy transaction for payment %s", pm.ID)
			}
			if tr.ID != derivedTransactionID(pm.ID) || tr.PaymentType != string(pm.Method) || *tr.SaleID != sl.ID ||
				tr.EmployeeID == nil || sl.EmployeeID == nil || *tr.EmployeeID != *sl.EmployeeID ||
				!tr.CreatedAt.Equal(pm.CreatedAt) || !tr.UpdatedAt.Equal(pm.CreatedAt) {
				t.Errorf("legacy transaction %+v of payment %+v", tr, pm)
			}
			if table, _ := ids.Table(tr.ID); table != transaction.Table {
				t.Errorf("derived id %s belongs to %q", tr.ID, table)
			}
			got, err := LegacyTransaction(sh.ctx, db.Client.Transaction, tr.ID)
			if err != nil || got.ID != tr.ID || got.PaymentType != tr.PaymentType {
				t.Errorf("LegacyTransaction(%s) = %+v, %v", tr.ID, got, err)
			}
		}
		if _, err := LegacyTransaction(sh.ctx, db.Client.Transaction, pays[0].ID); !ent.IsNotFound(err) {
			t.Errorf("a payment's own id read as a transaction: %v", err)
		}

		// A record /v1 writes itself is stored, and reads with the derived.
		stored, err := sh.s.Legacy().CreateTransaction(sh.ctx, TransactionInput{PaymentType: ptr("Cash"), SaleID: &sl.ID})
		if err != nil {
			t.Fatal(err)
		}
		all := legacy().Order(ent.Desc(transaction.FieldCreatedAt), ent.Desc(transaction.FieldID)).AllX(sh.ctx)
		if len(all) != 3 || all[0].ID != stored.ID || legacy().CountX(sh.ctx) != 3 {
			t.Fatalf("listing %+v, want the stored record first of 3", all)
		}
		if page := legacy().Order(ent.Desc(transaction.FieldCreatedAt), ent.Desc(transaction.FieldID)).Offset(1).Limit(1).AllX(sh.ctx); len(page) != 1 || page[0].ID != all[1].ID {
			t.Errorf("second page of one = %+v, want %s", page, all[1].ID)
		}
		if n := legacy().Where(transaction.EmployeeID(*sl.EmployeeID)).CountX(sh.ctx); n != 2 {
			t.Errorf("%d transactions of the sale's employee, want the 2 derived", n)
		}

		// Changing a derived record stores it, under its id, then changes it.
		changed, err := sh.s.Legacy().UpdateTransaction(sh.ctx, ts[0].ID, TransactionInput{PaymentType: ptr("card")})
		if err != nil {
			t.Fatal(err)
		}
		if changed.ID != ts[0].ID || changed.PaymentType != "card" || !changed.CreatedAt.Equal(ts[0].CreatedAt) ||
			*changed.PaymentID != *ts[0].PaymentID || *changed.SaleID != sl.ID || *changed.EmployeeID != *ts[0].EmployeeID {
			t.Errorf("changed %+v, was %+v", changed, ts[0])
		}
		if n := db.Client.Transaction.Query().CountX(sh.ctx); n != 2 {
			t.Errorf("%d stored rows, want the created and the changed", n)
		}
		if got, err := LegacyTransaction(sh.ctx, db.Client.Transaction, ts[0].ID); err != nil || got.PaymentType != "card" {
			t.Errorf("after the change: %+v, %v", got, err)
		}
		if n := legacy().CountX(sh.ctx); n != 3 {
			t.Errorf("%d legacy transactions after the change, want still 3", n)
		}
		// And again, now as a stored row.
		if again, err := sh.s.Legacy().UpdateTransaction(sh.ctx, ts[0].ID, TransactionInput{PaymentType: ptr("CARD")}); err != nil || again.PaymentType != "CARD" {
			t.Errorf("second change: %+v, %v", again, err)
		}

		// Deleting a derived record removes it; a second delete finds nothing.
		if err := sh.s.Legacy().DeleteTransaction(sh.ctx, ts[1].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := LegacyTransaction(sh.ctx, db.Client.Transaction, ts[1].ID); !ent.IsNotFound(err) {
			t.Errorf("deleted derived record still read: %v", err)
		}
		if err := sh.s.Legacy().DeleteTransaction(sh.ctx, ts[1].ID); err == nil {
			t.Error("deleting a deleted derived record succeeded")
		}
		if _, err := sh.s.Legacy().UpdateTransaction(sh.ctx, ts[1].ID, TransactionInput{PaymentType: ptr("x")}); err == nil {
			t.Error("changing a deleted derived record succeeded")
		}
		if err := sh.s.Legacy().DeleteTransaction(sh.ctx, ts[0].ID); err != nil {
			t.Fatal(err)
		}
		if n := legacy().CountX(sh.ctx); n != 1 {
			t.Errorf("%d legacy transactions after both deletes, want the one created", n)
		}

		// A payment whose record is stored (taken before records were
		// derived: the migration clears derives_transaction) derives none.
		sl2, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: []ItemInput{{ProductID: p.ID, Quantity: 1}}, Payments: cash("2.00")})
		if err != nil {
			t.Fatal(err)
		}
		pm := db.Client.Payment.Query().Where(payment.SaleID(sl2.ID)).OnlyX(sh.ctx)
		db.Client.Payment.UpdateOneID(pm.ID).SetDerivesTransaction(false).ExecX(sh.ctx)
		db.Client.Transaction.Create().SetPaymentType("CASH").SetSaleID(sl2.ID).SetPaymentID(pm.ID).ExecX(sh.ctx)
		if n := legacy().Where(transaction.SaleID(sl2.ID)).CountX(sh.ctx); n != 1 {
			t.Errorf("%d legacy transactions for a payment with a stored one, want 1", n)
		}
	})
}
