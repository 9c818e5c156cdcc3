package pos

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/ent/transaction"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

func cash(a string) []PaymentInput {
	return []PaymentInput{{Method: payment.MethodCASH, Amount: money.MustParse(a)}}
}

func TestCheckoutConcurrentNoOversell(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		p := sh.product("widget", "2.50", 20)
		const n = 50
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, errs[i] = sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: []ItemInput{{ProductID: p.ID, Quantity: 1}}, Payments: cash("2.50")})
			}(i)
		}
		wg.Wait()
		ok, short := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case codeOf(err) == fault.CodeInsufficientStock:
				short++
				if !strings.Contains(err.Error(), "widget") || !strings.Contains(err.Error(), "available 0") {
					t.Errorf("error should name the product and what is left: %v", err)
				}
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 20 || short != 30 {
			t.Fatalf("%d succeeded and %d were short, want 20 and 30", ok, short)
		}
		if got := sh.ledger(p.ID); got != 0 {
			t.Fatalf("stock %d, want 0", got)
		}
		if c := db.Client.Sale.Query().Where(sale.StatusEQ(sale.StatusCOMPLETED)).CountX(sh.ctx); c != 20 {
			t.Fatalf("%d completed sales, want 20", c)
		}
		if c := db.Client.Sale.Query().CountX(sh.ctx); c != 20 {
			t.Fatalf("%d sales in all: failed checkouts must leave nothing", c)
		}
	})
}

func TestCheckoutIdempotency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		p := sh.product("gadget", "10.00", 100)
		in := func(key string, qty int64) CheckoutInput {
			return CheckoutInput{IdempotencyKey: key, Items: []ItemInput{{ProductID: p.ID, Quantity: qty}}, Payments: cash(fmt.Sprint(qty * 10))}
		}
		first, err := sh.s.Selling().Checkout(sh.ctx, in("k-seq", 2))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 9; i++ {
			again, err := sh.s.Selling().Checkout(sh.ctx, in("k-seq", 2))
			if err != nil || again.ID != first.ID {
				t.Fatalf("replay %d: %v, id %v want %v", i, err, again, first.ID)
			}
		}
		// Concurrent replays of a fresh key: one sale, one decrement.
		const n = 10
		ids := make([]string, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				sl, err := sh.s.Selling().Checkout(sh.ctx, in("k-conc", 3))
				if err != nil {
					t.Errorf("concurrent replay: %v", err)
					return
				}
				ids[i] = sl.ID.String()
			}(i)
		}
		wg.Wait()
		for _, id := range ids {
			if id != ids[0] {
				t.Fatalf("concurrent replays returned different sales: %v", ids)
			}
		}
		if c := db.Client.Sale.Query().CountX(sh.ctx); c != 2 {
			t.Fatalf("%d sales, want 2", c)
		}
		if c := db.Client.StockMovement.Query().Where(stockmovement.KindEQ(stockmovement.KindSALE)).CountX(sh.ctx); c != 2 {
			t.Fatalf("%d sale movements, want 2", c)
		}
		if got := sh.ledger(p.ID); got != 100-2-3 {
			t.Fatalf("stock %d, want 95", got)
		}
		// Same key, different body.
		if _, err := sh.s.Selling().Checkout(sh.ctx, in("k-seq", 1)); codeOf(err) != fault.CodeConflict {
			t.Fatalf("different body with a used key: %v, want CONFLICT", err)
		}
		// A failed request records nothing, so the key can be retried.
		if _, err := sh.s.Selling().Checkout(sh.ctx, in("k-fail", 1000)); codeOf(err) != fault.CodeInsufficientStock {
			t.Fatalf("want INSUFFICIENT_STOCK, got %v", err)
		}
		if _, err := sh.s.Selling().Checkout(sh.ctx, in("k-fail", 1)); err != nil {
			t.Fatalf("retry after failure: %v", err)
		}
		if n, err := sh.s.PruneIdempotency(sh.ctx); err != nil || n != 0 {
			t.Fatalf("prune of fresh records: %d, %v", n, err)
		}
		sh.s.now = func() time.Time { return time.Now().Add(IdempotencyRetention + time.Hour) }
		if n, err := sh.s.PruneIdempotency(sh.ctx); err != nil || n != 3 {
			t.Fatalf("prune of old records: %d, %v; want 3", n, err)
		}
	})
}

func TestCheckoutTotalsDiscountsTaxLoyalty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		sh.setting(SettingTaxRate, "8.875")
		a := sh.product("apple", "0.33", 10)
		b := sh.product("bread", "0.34", 10)
		cust := sh.customer(0)
		if err := db.Client.Discount.Create().SetName("third").SetCode("THIRD").SetType("PERCENTAGE").SetValue(money.MustParse("33.33")).Exec(sh.ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.Client.Discount.Create().SetName("bread promo").SetType("FIXED_AMOUNT").SetValue(money.MustParse("0.04")).AddProductIDs(b.ID).Exec(sh.ctx); err != nil {
			t.Fatal(err)
		}
		sl, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{CustomerID: &cust.ID, DiscountCode: "THIRD",
			Items:    []ItemInput{{ProductID: b.ID, Quantity: 1}, {ProductID: a.ID, Quantity: 2}, {ProductID: a.ID, Quantity: 1}},
			Payments: []PaymentInput{{Method: payment.MethodCARD, Amount: money.MustParse("0.50")}, {Method: payment.MethodCASH, Amount: money.MustParse("5.00")}}})
		if err != nil {
			t.Fatal(err)
		}
		// Gross 0.99 + 0.34 = 1.33; bread -0.04 -> 1.29 left; code 33.33% = 0.43;
		// taxable 0.86 x 8.875% = 0.076325 -> 0.08; total 0.94.
		if sl.Subtotal != 133 || sl.DiscountTotal != 47 || sl.TaxTotal != 8 || sl.Total != 94 {
			t.Fatalf("totals %s %s %s %s", sl.Subtotal, sl.DiscountTotal, sl.TaxTotal, sl.Total)
		}
		if sl.Status != sale.StatusCOMPLETED || sl.PaidTotal != 94 || sl.ChangeDue != money.MustParse("4.56") {
			t.Fatalf("status %s paid %s change %s", sl.Status, sl.PaidTotal, sl.ChangeDue)
		}
		items := sl.QueryItems().AllX(sh.ctx)
		if len(items) != 2 {
			t.Fatalf("duplicate lines must merge: %d lines", len(items))
		}
		var sub, disc, tax money.Amount
		for _, it := range items {
			sub += it.Subtotal
			disc += it.DiscountTotal
			tax += it.TaxTotal
			if it.ProductName == "" || it.UnitCost == 0 {
				t.Errorf("line did not capture name/cost: %+v", it)
			}
		}
		if sub+tax != sl.Total || disc != sl.DiscountTotal || tax != sl.TaxTotal {
			t.Fatalf("lines %s+%s (disc %s) do not add to the sale", sub, tax, disc)
		}
		pays := sl.QueryPayments().AllX(sh.ctx)
		for _, p := range pays {
			if p.Method == payment.MethodCASH && (p.Tendered != 500 || p.Amount != 44) {
				t.Errorf("cash payment tendered %s applied %s", p.Tendered, p.Amount)
			}
		}
		if c := LegacyTransactions(db.Client.Transaction).Where(transaction.SaleID(sl.ID)).CountX(sh.ctx); c != 2 {
			t.Errorf("%d legacy transactions, want 2", c)
		}
		if sl.CashierID == nil || sl.EmployeeID == nil {
			t.Errorf("cashier/employee not recorded")
		}
		// Net 0.86 -> 0 whole units -> 0 points.
		if sl.LoyaltyPointsEarned != 0 {
			t.Errorf("points %d", sl.LoyaltyPointsEarned)
		}
		if sh.ledger(a.ID) != 7 || sh.ledger(b.ID) != 9 {
			t.Fatal("stock not taken")
		}
		// Card may not exceed the balance.
		_, err = sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: []ItemInput{{ProductID: a.ID, Quantity: 1}},
			Payments: []PaymentInput{{Method: payment.MethodCARD, Amount: money.MustParse("5.00")}}})
		if codeOf(err) != fault.CodeBadInput {
			t.Fatalf("card overpayment: %v", err)
		}
		if _, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{DiscountCode: "NOPE", Items: []ItemInput{{ProductID: a.ID, Quantity: 1}}}); codeOf(err) != fault.CodeBadInput {
			t.Fatalf("unknown code: %v", err)
		}
		if sh.ledger(a.ID) != 7 {
			t.Fatal("failed checkouts changed stock")
		}
	})
}

func TestLoyaltyAccrualRedemptionAndTier(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		sh.setting(SettingLoyaltyTierSilver, "100")
		p := sh.product("tv", "150.99", 10)
		cust := sh.customer(0)
		sl, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{CustomerID: &cust.ID, Items: []ItemInput{{ProductID: p.ID, Quantity: 1}}, Payments: cash("200")})
		if err != nil {
			t.Fatal(err)
		}
		c := db.Client.Customer.GetX(sh.ctx, cust.ID)
		if sl.LoyaltyPointsEarned != 150 || c.LoyaltyPoints != 150 || c.Tier != "SILVER" {
			t.Fatalf("earned %d, balance %d, tier %s", sl.LoyaltyPointsEarned, c.LoyaltyPoints, c.Tier)
		}
		// 1.00 paid with 100 points at 0.01 each, the rest by card.
		sl2, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{CustomerID: &cust.ID, Items: []ItemInput{{ProductID: p.ID, Quantity: 1}},
			Payments: []PaymentInput{{Method: payment.MethodLOYALTY_POINTS, Amount: money.MustParse("1.00")}, {Method: payment.MethodCARD, Amount: money.MustParse("149.99")}}})
		if err != nil {
			t.Fatal(err)
		}
		c = db.Client.Customer.GetX(sh.ctx, cust.ID)
		if sl2.LoyaltyPointsRedeemed != 100 || c.LoyaltyPoints != 150-100+150 {
			t.Fatalf("redeemed %d, balance %d", sl2.LoyaltyPointsRedeemed, c.LoyaltyPoints)
		}
		// Not enough points.
		_, err = sh.s.Selling().Checkout(sh.ctx, CheckoutInput{CustomerID: &cust.ID, Items: []ItemInput{{ProductID: p.ID, Quantity: 1}},
			Payments: []PaymentInput{{Method: payment.MethodLOYALTY_POINTS, Amount: money.MustParse("100.00")}}})
		if codeOf(err) != fault.CodeBadInput {
			t.Fatalf("overspent points: %v", err)
		}
		// Points need a customer.
		_, err = sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: []ItemInput{{ProductID: p.ID, Quantity: 1}},
			Payments: []PaymentInput{{Method: payment.MethodLOYALTY_POINTS, Amount: money.MustParse("0.01")}}})
		if codeOf(err) != fault.CodeBadInput {
			t.Fatalf("points without customer: %v", err)
		}
		// Voiding the second sale gives back the spent points and takes the earned ones.
		if _, err := sh.s.Selling().VoidSale(sh.ctx, sl2.ID, "mistake"); err != nil {
			t.Fatal(err)
		}
		c = db.Client.Customer.GetX(sh.ctx, cust.ID)
		if c.LoyaltyPoints != 150 || c.Tier != "SILVER" {
			t.Fatalf("after void: balance %d tier %s", c.LoyaltyPoints, c.Tier)
		}
		// Refunding the first sale in full takes its points back, tier drops.
		if _, err := sh.s.Selling().RefundSale(sh.ctx, RefundInput{SaleID: sl.ID}); err != nil {
			t.Fatal(err)
		}
		c = db.Client.Customer.GetX(sh.ctx, cust.ID)
		if c.LoyaltyPoints != 0 || c.Tier != "BRONZE" {
			t.Fatalf("after refund: balance %d tier %s", c.LoyaltyPoints, c.Tier)
		}
	})
}

func TestOpenSaleStepByStep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		sh.setting(SettingTaxRate, "10")
		p := sh.product("pen", "1.00", 5)
		q := sh.product("pad", "3.00", 5)
		sl, err := sh.s.Selling().CreateSale(sh.ctx, CreateSaleInput{Items: []ItemInput{{ProductID: p.ID, Quantity: 2}}})
		if err != nil {
			t.Fatal(err)
		}
		if sl.Status != sale.StatusOPEN || sl.Total != 220 {
			t.Fatalf("open sale %s total %s", sl.Status, sl.Total)
		}
		if sl, err = sh.s.Selling().AddSaleItem(sh.ctx, sl.ID, q.ID, 1); err != nil || sl.Total != 550 {
			t.Fatalf("add item: %v total %v", err, sl)
		}
		if sl, err = sh.s.Selling().AddSaleItem(sh.ctx, sl.ID, p.ID, 1); err != nil || sl.Total != 660 {
			t.Fatalf("add same product: %v total %v", err, sl)
		}
		items := sl.QueryItems().AllX(sh.ctx)
		if len(items) != 2 {
			t.Fatalf("%d lines", len(items))
		}
		var padItem, penItem *ent.SaleItem
		for _, it := range items {
			if it.ProductID == q.ID {
				padItem = it
			} else {
				penItem = it
			}
		}
		if sl, err = sh.s.Selling().UpdateSaleItem(sh.ctx, penItem.ID, 1); err != nil || sl.Total != 440 {
			t.Fatalf("update item: %v %v", err, sl)
		}
		if sl, err = sh.s.Selling().RemoveSaleItem(sh.ctx, padItem.ID); err != nil || sl.Total != 110 {
			t.Fatalf("remove item: %v %v", err, sl)
		}
		if sl, err = sh.s.Selling().AddSaleItem(sh.ctx, sl.ID, q.ID, 2); err != nil || sl.Total != 770 {
			t.Fatalf("add again: %v %v", err, sl)
		}
		if _, err := sh.s.Selling().CompleteSale(sh.ctx, sl.ID); codeOf(err) != fault.CodeBadInput || !strings.Contains(err.Error(), "balance due of 7.70") {
			t.Fatalf("complete unpaid: %v", err)
		}
		if sl, err = sh.s.Selling().AddPayment(sh.ctx, AddPaymentInput{SaleID: sl.ID, Method: payment.MethodCARD, Amount: 500, IdempotencyKey: "pay-1"}); err != nil {
			t.Fatal(err)
		}
		if sl.Status != sale.StatusOPEN || sh.stock(p.ID) != 5 || sh.stock(q.ID) != 5 {
			t.Fatalf("partly paid sale must stay open and take no stock: %s", sl.Status)
		}
		if _, err := sh.s.Selling().AddSaleItem(sh.ctx, sl.ID, p.ID, 1); codeOf(err) != fault.CodeBadInput {
			t.Fatalf("edit after payment: %v", err)
		}
		// Replaying the payment creates nothing.
		if sl, err = sh.s.Selling().AddPayment(sh.ctx, AddPaymentInput{SaleID: sl.ID, Method: payment.MethodCARD, Amount: 500, IdempotencyKey: "pay-1"}); err != nil || sl.PaidTotal != 500 {
			t.Fatalf("payment replay: %v %v", err, sl)
		}
		if sl, err = sh.s.Selling().AddPayment(sh.ctx, AddPaymentInput{SaleID: sl.ID, Method: payment.MethodCASH, Amount: 1000}); err != nil {
			t.Fatal(err)
		}
		if sl.Status != sale.StatusCOMPLETED || sl.ChangeDue != 730 || sh.ledger(p.ID) != 4 || sh.ledger(q.ID) != 3 {
			t.Fatalf("after full payment: %s change %s", sl.Status, sl.ChangeDue)
		}
		if _, err := sh.s.Selling().CompleteSale(sh.ctx, sl.ID); codeOf(err) != fault.CodeBadInput {
			t.Fatalf("complete twice: %v", err)
		}
		// An open sale can be cancelled; no stock moves.
		open, err := sh.s.Selling().CreateSale(sh.ctx, CreateSaleInput{Items: []ItemInput{{ProductID: p.ID, Quantity: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		if open, err = sh.s.Selling().VoidSale(sh.ctx, open.ID, "customer left"); err != nil || open.Status != sale.StatusVOIDED {
			t.Fatalf("cancel open: %v", err)
		}
		if sh.ledger(p.ID) != 4 {
			t.Fatal("cancelling an open sale moved stock")
		}
	})
}

func TestVoidAndRefund(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		sh.setting(SettingTaxRate, "8.875")
		p := sh.product("mug", "3.33", 10)
		q := sh.product("tea", "1.99", 10)
		in := CheckoutInput{Items: []ItemInput{{ProductID: p.ID, Quantity: 3}, {ProductID: q.ID, Quantity: 1}}, Payments: cash("20")}
		sl, err := sh.s.Selling().Checkout(sh.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		var mug *ent.SaleItem
		for _, it := range sl.QueryItems().AllX(sh.ctx) {
			if it.ProductID == p.ID {
				mug = it
			}
		}
		// Refund the mugs one at a time, the last one without restocking.
		var refunded money.Amount
		for i := 0; i < 3; i++ {
			restock := i < 2
			got, err := sh.s.Selling().RefundSale(sh.ctx, RefundInput{SaleID: sl.ID, Items: []RefundItemInput{{SaleItemID: mug.ID, Quantity: 1}}, Restock: &restock, IdempotencyKey: fmt.Sprintf("r%d", i)})
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != sale.StatusPARTIALLY_REFUNDED {
				t.Fatalf("status %s", got.Status)
			}
			refunded = got.RefundedTotal
		}
		if refunded != mug.Subtotal+mug.TaxTotal {
			t.Fatalf("three single refunds returned %s, the line cost %s", refunded, mug.Subtotal+mug.TaxTotal)
		}
		if sh.ledger(p.ID) != 9 {
			t.Fatalf("restock: stock %d", sh.stock(p.ID))
		}
		if _, err := sh.s.Selling().RefundSale(sh.ctx, RefundInput{SaleID: sl.ID, Items: []RefundItemInput{{SaleItemID: mug.ID, Quantity: 1}}}); codeOf(err) != fault.CodeBadInput {
			t.Fatalf("over-refund: %v", err)
		}
		if _, err := sh.s.Selling().VoidSale(sh.ctx, sl.ID, "x"); codeOf(err) != fault.CodeBadInput || !strings.Contains(err.Error(), "PARTIALLY_REFUNDED") {
			t.Fatalf("void partially refunded: %v", err)
		}
		done, err := sh.s.Selling().RefundSale(sh.ctx, RefundInput{SaleID: sl.ID})
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != sale.StatusREFUNDED || done.RefundedTotal != done.Total {
			t.Fatalf("full refund: %s %s of %s", done.Status, done.RefundedTotal, done.Total)
		}
		refunds := db.Client.Payment.Query().Where(payment.SaleID(sl.ID), payment.KindEQ(payment.KindREFUND)).AllX(sh.ctx)
		var sum money.Amount
		for _, r := range refunds {
			sum += r.Amount
			if r.Method != payment.MethodCASH {
				t.Errorf("refund method %s, want the sale's CASH", r.Method)
			}
		}
		if len(refunds) != 4 || sum != done.Total {
			t.Fatalf("%d refund payments summing %s", len(refunds), sum)
		}
		if _, err := sh.s.Selling().RefundSale(sh.ctx, RefundInput{SaleID: sl.ID}); codeOf(err) != fault.CodeBadInput || !strings.Contains(err.Error(), "cannot refund a REFUNDED sale") {
			t.Fatalf("refund refunded: %v", err)
		}

		// Void a completed sale: stock back, payments REFUNDED and paid back
		// by a REFUND payment each.
		sl2, err := sh.s.Selling().Checkout(sh.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sh.s.Selling().VoidSale(sh.ctx, sl2.ID, "  "); codeOf(err) != fault.CodeBadInput {
			t.Fatalf("void without reason: %v", err)
		}
		before := sh.stock(p.ID)
		v, err := sh.s.Selling().VoidSale(sh.ctx, sl2.ID, "wrong till")
		if err != nil {
			t.Fatal(err)
		}
		if v.Status != sale.StatusVOIDED || v.VoidedAt == nil || sh.ledger(p.ID) != before+3 {
			t.Fatalf("void: %s stock %d", v.Status, sh.stock(p.ID))
		}
		if c := db.Client.Payment.Query().Where(payment.SaleID(sl2.ID), payment.StatusEQ(payment.StatusREFUNDED)).CountX(sh.ctx); c != 1 {
			t.Fatalf("%d payments marked REFUNDED", c)
		}
		back := db.Client.Payment.Query().Where(payment.SaleID(sl2.ID), payment.KindEQ(payment.KindREFUND)).AllX(sh.ctx)
		if len(back) != 1 || back[0].Method != payment.MethodCASH || back[0].Amount != sl2.PaidTotal || back[0].Status != payment.StatusCOMPLETED {
			t.Fatalf("void paid back %+v, want one COMPLETED CASH REFUND of %s", back, sl2.PaidTotal)
		}
		if c := LegacyTransactions(db.Client.Transaction).Where(transaction.SaleID(sl2.ID)).CountX(sh.ctx); c != 2 {
			t.Fatalf("%d legacy transactions for the voided sale, want the payment's and the pay-back's", c)
		}
		if c := db.Client.StockMovement.Query().Where(stockmovement.KindEQ(stockmovement.KindVOID), stockmovement.Reference(sl2.ID.String())).CountX(sh.ctx); c != 2 {
			t.Fatalf("%d VOID movements", c)
		}
		for _, act := range []func() error{
			func() error { _, err := sh.s.Selling().VoidSale(sh.ctx, sl2.ID, "again"); return err },
			func() error { _, err := sh.s.Selling().RefundSale(sh.ctx, RefundInput{SaleID: sl2.ID}); return err },
			func() error { _, err := sh.s.Selling().CompleteSale(sh.ctx, sl2.ID); return err },
			func() error {
				_, err := sh.s.Selling().AddPayment(sh.ctx, AddPaymentInput{SaleID: sl2.ID, Method: payment.MethodCASH, Amount: 100})
				return err
			},
			func() error { _, err := sh.s.Selling().AddSaleItem(sh.ctx, sl2.ID, p.ID, 1); return err },
		} {
			if err := act(); codeOf(err) != fault.CodeBadInput || !strings.Contains(err.Error(), "VOIDED") {
				t.Errorf("action on a voided sale: %v", err)
			}
		}
		// Refunding an OPEN sale is refused too.
		open, err := sh.s.Selling().CreateSale(sh.ctx, CreateSaleInput{Items: []ItemInput{{ProductID: p.ID, Quantity: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sh.s.Selling().RefundSale(sh.ctx, RefundInput{SaleID: open.ID}); codeOf(err) != fault.CodeBadInput || !strings.Contains(err.Error(), "cannot refund a OPEN sale") {
			t.Fatalf("refund open: %v", err)
		}
		receipt, err := sh.s.Selling().Receipt(sh.ctx, sl.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Pandac POS", "mug", "3 x 3.33", "Tax (8.875%)", "TOTAL USD", "CASH", "Change", "Cass Hier", "REFUND CASH"} {
			if !strings.Contains(receipt, want) {
				t.Errorf("receipt lacks %q:\n%s", want, receipt)
			}
		}
	})
}

func TestSaleStateMachine(t *testing.T) {
	all := []sale.Status{sale.StatusOPEN, sale.StatusCOMPLETED, sale.StatusVOIDED, sale.StatusPARTIALLY_REFUNDED, sale.StatusREFUNDED}
	allowed := map[SaleAction]map[sale.Status]sale.Status{
		ActionEditItems: {sale.StatusOPEN: sale.StatusOPEN},
		ActionPay:       {sale.StatusOPEN: sale.StatusOPEN},
		ActionComplete:  {sale.StatusOPEN: sale.StatusCOMPLETED},
		ActionVoid:      {sale.StatusOPEN: sale.StatusVOIDED, sale.StatusCOMPLETED: sale.StatusVOIDED},
		ActionRefund:    {sale.StatusCOMPLETED: sale.StatusPARTIALLY_REFUNDED, sale.StatusPARTIALLY_REFUNDED: sale.StatusPARTIALLY_REFUNDED},
	}
	for action, ok := range allowed {
		for _, from := range all {
			to, err := CheckSaleTransition(from, action)
			want, legal := ok[from]
			switch {
			case legal && (err != nil || to != want):
				t.Errorf("%s from %s: got %s, %v; want %s", action, from, to, err, want)
			case !legal && err == nil:
				t.Errorf("%s from %s must be refused", action, from)
			case !legal:
				if pe := store.AsFault(err); pe == nil || pe.Code != fault.CodeBadInput || !strings.Contains(pe.Message, string(from)) {
					t.Errorf("%s from %s: error %v must be BAD_USER_INPUT naming the status", action, from, err)
				}
			}
		}
	}
	if _, err := CheckSaleTransition(sale.StatusOPEN, "fly"); err == nil {
		t.Error("unknown action accepted")
	}
	if refundTarget(true) != sale.StatusREFUNDED || refundTarget(false) != sale.StatusPARTIALLY_REFUNDED {
		t.Error("refund target")
	}
}

// BenchmarkCheckout is a two-line cash checkout with an idempotency key, on
// SQLite and, with PANDAC_TEST_DATABASE_URL set, on PostgreSQL.
func BenchmarkCheckout(b *testing.B) {
	for _, dialect := range storetest.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			db := storetest.Open(b, dialect)
			sh := newShop(b, db)
			sh.setting(SettingTaxRate, "8.875")
			p := sh.product("bench", "1.99", int64(b.N)*2+10)
			q := sh.product("bench2", "5.00", int64(b.N)*2+10)
			in := CheckoutInput{Items: []ItemInput{{ProductID: p.ID, Quantity: 2}, {ProductID: q.ID, Quantity: 1}}, Payments: cash("20")}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				in.IdempotencyKey = fmt.Sprintf("bench-%d", i)
				if _, err := sh.s.Selling().Checkout(sh.ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
