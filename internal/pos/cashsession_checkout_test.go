package pos

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/cashmovement"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/saleitem"
	"github.com/pandac/pandac/ent/setting"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// zFlat flattens a stored Z-report into "key" -> value strings, nested
// figures as "sales.total" and payments as "payments.CASH/SALE" -> "x2 22.95",
// so a test can compare the whole report with one literal map.
func zFlat(z map[string]any) map[string]string {
	out := map[string]string{}
	for k, v := range z {
		switch v := v.(type) {
		case map[string]any:
			for kk, vv := range v {
				out[k+"."+kk] = fmt.Sprint(vv)
			}
		case []any:
			for _, p := range v {
				m := p.(map[string]any)
				out[fmt.Sprintf("payments.%v/%v", m["method"], m["kind"])] = fmt.Sprintf("x%v %v", m["count"], m["amount"])
			}
		case string, float64:
			out[k] = fmt.Sprint(v)
		}
	}
	return out
}

// checkZ compares every figure of a Z-report but the ids and times with want.
func checkZ(t *testing.T, z map[string]any, want map[string]string) {
	t.Helper()
	got := zFlat(z)
	for _, k := range []string{"sessionId", "cashierId", "openedAt", "closedAt"} {
		if got[k] == "" {
			t.Errorf("zReport lacks %s", k)
		}
		delete(got, k)
	}
	var diffs []string
	for k, v := range want {
		if got[k] != v {
			diffs = append(diffs, fmt.Sprintf("%s = %q, want %q", k, got[k], v))
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("unexpected %s = %q", k, v))
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("zReport:\n  %s", strings.Join(diffs, "\n  "))
	}
}

// sessionOf returns the cash session a sale or payment row is linked to.
func sessionOf(id *uuid.UUID) string {
	if id == nil {
		return "none"
	}
	return id.String()
}

// TestCashSessionThroughRealCheckouts is the shift of the issue, rung up
// through the real selling operations: open with a 200.00 float, two cash
// sales (one giving change), a card sale, a refund of one cash line, a
// paid-out, and a close that comes up short.
func TestCashSessionThroughRealCheckouts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		sh.setting(SettingTaxRate, "8")
		coffee := sh.product("coffee", "3.50", 50)
		bagel := sh.product("bagel", "2.25", 50)
		mug := sh.product("mug", "12.00", 10)

		cs, err := sh.s.CashSessions().OpenCashSession(sh.ctx, money.MustParse("200.00"))
		if err != nil {
			t.Fatal(err)
		}
		// Another cashier's shift runs alongside; none of its money is ours.
		bob := newCashier(t, sh.s, "bob")
		if _, err := sh.s.CashSessions().OpenCashSession(bob, money.MustParse("50.00")); err != nil {
			t.Fatal(err)
		}
		if _, err := sh.s.Selling().Checkout(bob, CheckoutInput{Items: []ItemInput{{ProductID: mug.ID, Quantity: 2}}, Payments: cash("30.00")}); err != nil {
			t.Fatal(err)
		}

		// Sale 1, cash with change: 2 coffee 7.00 + 1 bagel 2.25 = 9.25;
		// tax 8% = 0.74 (spread 0.56 coffee, 0.18 bagel); total 9.99.
		// Tendered 20.00, change 10.01.
		s1, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{IdempotencyKey: "shift-1",
			Items: []ItemInput{{ProductID: coffee.ID, Quantity: 2}, {ProductID: bagel.ID, Quantity: 1}}, Payments: cash("20.00")})
		if err != nil {
			t.Fatal(err)
		}
		if s1.Total.String() != "9.99" || s1.ChangeDue.String() != "10.01" || s1.Status != sale.StatusCOMPLETED {
			t.Fatalf("sale 1: total %s change %s %s", s1.Total, s1.ChangeDue, s1.Status)
		}
		// Sale 2, cash exact: 1 mug 12.00 + tax 0.96 = 12.96.
		s2, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: []ItemInput{{ProductID: mug.ID, Quantity: 1}}, Payments: cash("12.96")})
		if err != nil {
			t.Fatal(err)
		}
		// Sale 3, card: 3 bagels 6.75 + tax 0.54 = 7.29.
		s3, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: []ItemInput{{ProductID: bagel.ID, Quantity: 3}},
			Payments: []PaymentInput{{Method: payment.MethodCARD, Amount: money.MustParse("7.29")}}})
		if err != nil {
			t.Fatal(err)
		}
		if s2.Total.String() != "12.96" || s3.Total.String() != "7.29" {
			t.Fatalf("sale 2 total %s, sale 3 total %s", s2.Total, s3.Total)
		}
		// The bagel line of sale 1 comes back: 2.25 + its 0.18 tax = 2.43,
		// in cash, the method the sale was paid with.
		bagelLine := db.Client.SaleItem.Query().Where(saleitem.SaleID(s1.ID), saleitem.ProductID(bagel.ID)).OnlyX(sh.ctx)
		r1, err := sh.s.Selling().RefundSale(sh.ctx, RefundInput{SaleID: s1.ID, IdempotencyKey: "shift-refund",
			Items: []RefundItemInput{{SaleItemID: bagelLine.ID, Quantity: 1}}, Reason: "stale"})
		if err != nil {
			t.Fatal(err)
		}
		if r1.RefundedTotal.String() != "2.43" || r1.Status != sale.StatusPARTIALLY_REFUNDED {
			t.Fatalf("refund: %s %s", r1.RefundedTotal, r1.Status)
		}
		if _, err := sh.s.CashSessions().RecordCashMovement(sh.ctx, cashmovement.KindPAID_OUT, money.MustParse("15.00"), "window cleaner"); err != nil {
			t.Fatal(err)
		}

		// Every sale and payment of the shift is linked to it.
		for _, id := range []uuid.UUID{s1.ID, s2.ID, s3.ID} {
			sl := db.Client.Sale.GetX(sh.ctx, id)
			if sessionOf(sl.CashSessionID) != cs.ID.String() {
				t.Errorf("sale %s in session %s, want %s", id, sessionOf(sl.CashSessionID), cs.ID)
			}
			for _, p := range sl.QueryPayments().AllX(sh.ctx) {
				if sessionOf(p.CashSessionID) != cs.ID.String() {
					t.Errorf("%s %s payment of sale %s in session %s", p.Kind, p.Method, id, sessionOf(p.CashSessionID))
				}
			}
		}

		// Expected cash, by hand:
		//     200.00  opening float
		//   +   9.99  sale 1 in cash (20.00 tendered, 10.01 change given back)
		//   +  12.96  sale 2 in cash
		//   -   2.43  cash refund of sale 1's bagel
		//   -  15.00  paid out
		//   = 205.52  expected; counted 205.00, so 0.52 short.
		// The card sale (7.29) never touches the drawer.
		closed, err := sh.s.CashSessions().CloseCashSession(sh.ctx, money.MustParse("205.00"))
		if err != nil {
			t.Fatal(err)
		}
		if closed.ExpectedCash.String() != "205.52" || closed.CountedCash.String() != "205.00" || closed.Difference.String() != "-0.52" {
			t.Fatalf("expected %s counted %s difference %s", closed.ExpectedCash, closed.CountedCash, closed.Difference)
		}
		checkZ(t, closed.ZReport, map[string]string{
			"openingFloat": "200.00",
			// Sales 1 (now partly refunded), 2 and 3:
			// subtotal 9.25 + 12.00 + 6.75 = 28.00; tax 0.74 + 0.96 + 0.54 = 2.24;
			// total 9.99 + 12.96 + 7.29 = 30.24.
			"sales.count": "3", "sales.subtotal": "28.00", "sales.discounts": "0.00", "sales.tax": "2.24", "sales.total": "30.24",
			"taxes":             "2.24",
			"voidedSales.count": "0", "voidedSales.amount": "0.00",
			"refunds.count": "1", "refunds.amount": "2.43",
			"voidRefunds.count": "0", "voidRefunds.amount": "0.00",
			// Cash taken 9.99 + 12.96 = 22.95.
			"payments.CASH/SALE":   "x2 22.95",
			"payments.CASH/REFUND": "x1 2.43",
			"payments.CARD/SALE":   "x1 7.29",
			"cashSales":            "22.95",
			"cashRefunds":          "2.43",
			"paidIn":               "0.00",
			"paidOut":              "15.00",
			"movementCount":        "1",
			"expectedCash":         "205.52",
			"countedCash":          "205.00",
			"difference":           "-0.52",
		})
		// Closed, the drawer takes no more: cash sales go through unlinked
		// (the store does not require a session) and count in no report.
		late, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: []ItemInput{{ProductID: coffee.ID, Quantity: 1}}, Payments: cash("5.00")})
		if err != nil {
			t.Fatal(err)
		}
		if late.CashSessionID != nil || late.QueryPayments().OnlyX(sh.ctx).CashSessionID != nil {
			t.Fatalf("sale after the close linked to session %s", sessionOf(late.CashSessionID))
		}
	})
}

// TestCashSessionsAcrossCashiers: money is counted in the drawer it went
// into or came out of. A refund or void by another cashier pays back from
// that cashier's session; a payment is in the payer's session; a sale belongs
// to the session it was completed in.
func TestCashSessionsAcrossCashiers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		sh.setting(SettingTaxRate, "8")
		coffee := sh.product("coffee", "3.50", 50)
		bagel := sh.product("bagel", "2.25", 50)
		mug := sh.product("mug", "12.00", 10)
		alice, bob := sh.ctx, newCashier(t, sh.s, "bob")
		a, err := sh.s.CashSessions().OpenCashSession(alice, money.MustParse("100.00"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := sh.s.CashSessions().OpenCashSession(bob, money.MustParse("50.00"))
		if err != nil {
			t.Fatal(err)
		}
		// S1: mug 12.00 + 0.96 = 12.96, cash 20.00 (change 7.04), in A.
		s1, err := sh.s.Selling().Checkout(alice, CheckoutInput{Items: []ItemInput{{ProductID: mug.ID, Quantity: 1}}, Payments: cash("20.00")})
		if err != nil {
			t.Fatal(err)
		}
		// S2: 2 coffee 7.00 + 0.56 = 7.56 cash, in A.
		s2, err := sh.s.Selling().Checkout(alice, CheckoutInput{Items: []ItemInput{{ProductID: coffee.ID, Quantity: 2}}, Payments: cash("7.56")})
		if err != nil {
			t.Fatal(err)
		}
		// S3: an open sale (bagel 2.25 + 0.18 = 2.43) with 1.00 cash on
		// account, then cancelled by alice: the 1.00 goes back out of A.
		s3, err := sh.s.Selling().CreateSale(alice, CreateSaleInput{Items: []ItemInput{{ProductID: bagel.ID, Quantity: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sh.s.Selling().AddPayment(alice, AddPaymentInput{SaleID: s3.ID, Method: payment.MethodCASH, Amount: money.MustParse("1.00")}); err != nil {
			t.Fatal(err)
		}
		if _, err := sh.s.Selling().VoidSale(alice, s3.ID, "customer left"); err != nil {
			t.Fatal(err)
		}
		// S4: opened by alice (coffee 3.50 + 0.28 = 3.78), paid and so
		// completed by bob with 5.00 cash (change 1.22): payment and sale in B.
		s4, err := sh.s.Selling().CreateSale(alice, CreateSaleInput{Items: []ItemInput{{ProductID: coffee.ID, Quantity: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		if sessionOf(s4.CashSessionID) != a.ID.String() {
			t.Fatalf("open sale in session %s, want alice's", sessionOf(s4.CashSessionID))
		}
		if s4, err = sh.s.Selling().AddPayment(bob, AddPaymentInput{SaleID: s4.ID, Method: payment.MethodCASH, Amount: money.MustParse("5.00")}); err != nil {
			t.Fatal(err)
		}
		if s4.Status != sale.StatusCOMPLETED || sessionOf(s4.CashSessionID) != b.ID.String() || s4.ChangeDue.String() != "1.22" {
			t.Fatalf("S4 %s in session %s change %s, want COMPLETED in bob's", s4.Status, sessionOf(s4.CashSessionID), s4.ChangeDue)
		}
		// Bob refunds all of S1 and voids S2: 12.96 and 7.56 leave B.
		if _, err := sh.s.Selling().RefundSale(bob, RefundInput{SaleID: s1.ID}); err != nil {
			t.Fatal(err)
		}
		v, err := sh.s.Selling().VoidSale(bob, s2.ID, "wrong till")
		if err != nil {
			t.Fatal(err)
		}
		if v.RefundedTotal != 0 {
			t.Errorf("void set refunded_total %s; it counts refunds of lines only", v.RefundedTotal)
		}
		pays := db.Client.Payment.Query().Where(payment.SaleID(s2.ID)).Order(payment.ByPaidAt(), payment.ByID()).AllX(sh.ctx)
		if len(pays) != 2 ||
			pays[0].Kind != payment.KindSALE || pays[0].Status != payment.StatusREFUNDED || sessionOf(pays[0].CashSessionID) != a.ID.String() ||
			pays[1].Kind != payment.KindREFUND || pays[1].Status != payment.StatusCOMPLETED || sessionOf(pays[1].CashSessionID) != b.ID.String() ||
			pays[1].Method != payment.MethodCASH || pays[1].Amount.String() != "7.56" || pays[1].Notes != "void: wrong till" {
			for _, p := range pays {
				t.Logf("%s %s %s %s session %s %q", p.Kind, p.Method, p.Status, p.Amount, sessionOf(p.CashSessionID), p.Notes)
			}
			t.Fatal("S2's void: want its SALE payment REFUNDED in A and a COMPLETED REFUND of 7.56 cash in B")
		}
		receipt, err := sh.s.Selling().Receipt(bob, s2.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"CASH (refunded)", "REFUND CASH", "-7.56", "VOIDED"} {
			if !strings.Contains(receipt, want) {
				t.Errorf("receipt of the voided sale lacks %q:\n%s", want, receipt)
			}
		}

		// A: cash taken 12.96 (S1) + 7.56 (S2) + 1.00 (S3) = 21.52; paid back
		// 1.00 (S3's void); expected 100.00 + 21.52 - 1.00 = 120.52.
		// Sales in A: S1 (refunded, but by bob); S2 and S3 voided, 7.56 + 2.43.
		ca, err := sh.s.CashSessions().CloseCashSession(alice, money.MustParse("120.52"))
		if err != nil {
			t.Fatal(err)
		}
		checkZ(t, ca.ZReport, map[string]string{
			"openingFloat": "100.00",
			"sales.count":  "1", "sales.subtotal": "12.00", "sales.discounts": "0.00", "sales.tax": "0.96", "sales.total": "12.96",
			"taxes":             "0.96",
			"voidedSales.count": "2", "voidedSales.amount": "9.99",
			"refunds.count": "0", "refunds.amount": "0.00",
			"voidRefunds.count": "1", "voidRefunds.amount": "1.00",
			"payments.CASH/SALE":   "x3 21.52",
			"payments.CASH/REFUND": "x1 1.00",
			"cashSales":            "21.52",
			"cashRefunds":          "1.00",
			"paidIn":               "0.00",
			"paidOut":              "0.00",
			"movementCount":        "0",
			"expectedCash":         "120.52",
			"countedCash":          "120.52",
			"difference":           "0.00",
		})
		// B: cash taken 3.78 (S4); paid back 12.96 (S1 refund) + 7.56 (S2
		// void) = 20.52; expected 50.00 + 3.78 - 20.52 = 33.26; counted 35.00,
		// 1.74 over.
		cb, err := sh.s.CashSessions().CloseCashSession(bob, money.MustParse("35.00"))
		if err != nil {
			t.Fatal(err)
		}
		checkZ(t, cb.ZReport, map[string]string{
			"openingFloat": "50.00",
			"sales.count":  "1", "sales.subtotal": "3.50", "sales.discounts": "0.00", "sales.tax": "0.28", "sales.total": "3.78",
			"taxes":             "0.28",
			"voidedSales.count": "0", "voidedSales.amount": "0.00",
			"refunds.count": "1", "refunds.amount": "12.96",
			"voidRefunds.count": "1", "voidRefunds.amount": "7.56",
			"payments.CASH/SALE":   "x1 3.78",
			"payments.CASH/REFUND": "x2 20.52",
			"cashSales":            "3.78",
			"cashRefunds":          "20.52",
			"paidIn":               "0.00",
			"paidOut":              "0.00",
			"movementCount":        "0",
			"expectedCash":         "33.26",
			"countedCash":          "35.00",
			"difference":           "1.74",
		})

		// The reports read the same rows: of the counted sales (S1 refunded,
		// S4; the voided S2 and S3 never count), cash took 12.96 - 12.96 +
		// 3.78 = 3.78 on 2 SALE payments.
		byMethod, err := sh.s.Reports().SalesByPaymentMethod(sh.ctx, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(byMethod) != 1 || byMethod[0].Method != payment.MethodCASH || byMethod[0].Count != 2 || byMethod[0].Amount.String() != "3.78" {
			for _, m := range byMethod {
				t.Logf("%s x%d %s", m.Method, m.Count, m.Amount)
			}
			t.Fatal("sales by payment method: want CASH x2 3.78")
		}
	})
}

// TestRequireCashSession: with require_cash_session on, cash cannot be taken
// or given back by a cashier without an open session; other methods can.
func TestRequireCashSession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		p := sh.product("pen", "1.00", 20)
		one := []ItemInput{{ProductID: p.ID, Quantity: 1}}
		card := []PaymentInput{{Method: payment.MethodCARD, Amount: money.MustParse("1.00")}}
		wantRefused := func(what string, err error, field string) {
			t.Helper()
			pe := store.AsFault(err)
			if pe == nil || pe.Code != fault.CodeBadInput || pe.Message != "open a cash session first" || pe.Field != field {
				t.Fatalf("%s: %v, want BAD_USER_INPUT %q on %s", what, err, "open a cash session first", field)
			}
		}

		// Off by default: cash without a session is taken, unlinked.
		free, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: one, Payments: cash("1.00")})
		if err != nil || free.CashSessionID != nil {
			t.Fatalf("cash without a session while not required: %v, session %v", err, free)
		}
		sh.setting(SettingRequireCashSession, "true")
		sales, _ := db.Client.Sale.Query().Count(sh.ctx)

		_, err = sh.s.Selling().Checkout(sh.ctx, CheckoutInput{IdempotencyKey: "no-drawer", Items: one,
			Payments: []PaymentInput{{Method: payment.MethodCARD, Amount: 50}, {Method: payment.MethodCASH, Amount: 50}}})
		wantRefused("split checkout with cash", err, "payments[1]")
		if n, _ := db.Client.Sale.Query().Count(sh.ctx); n != sales || sh.ledger(p.ID) != 19 {
			t.Fatalf("a refused checkout left %d sales (had %d), stock %d", n, sales, sh.stock(p.ID))
		}
		byCard, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: one, Payments: card})
		if err != nil {
			t.Fatalf("card checkout without a session: %v", err)
		}
		open, err := sh.s.Selling().CreateSale(sh.ctx, CreateSaleInput{Items: one})
		if err != nil {
			t.Fatal(err)
		}
		_, err = sh.s.Selling().AddPayment(sh.ctx, AddPaymentInput{SaleID: open.ID, Method: payment.MethodCASH, Amount: 100})
		wantRefused("cash payment", err, "amount")
		_, err = sh.s.Selling().RefundSale(sh.ctx, RefundInput{SaleID: free.ID})
		wantRefused("cash refund", err, "method")
		_, err = sh.s.Selling().VoidSale(sh.ctx, free.ID, "oops")
		wantRefused("void of a cash sale", err, "id")
		if _, err := sh.s.Selling().RefundSale(sh.ctx, RefundInput{SaleID: byCard.ID}); err != nil {
			t.Fatalf("card refund without a session: %v", err)
		}

		cs, err := sh.s.CashSessions().OpenCashSession(sh.ctx, money.MustParse("10.00"))
		if err != nil {
			t.Fatal(err)
		}
		if open, err = sh.s.Selling().AddPayment(sh.ctx, AddPaymentInput{SaleID: open.ID, Method: payment.MethodCASH, Amount: 100}); err != nil {
			t.Fatal(err)
		}
		if open.Status != sale.StatusCOMPLETED || sessionOf(open.CashSessionID) != cs.ID.String() {
			t.Fatalf("sale opened before the session, paid in it: %s in %s", open.Status, sessionOf(open.CashSessionID))
		}
		if _, err := sh.s.Selling().VoidSale(sh.ctx, free.ID, "oops"); err != nil {
			t.Fatalf("void once the session is open: %v", err)
		}
		// 10.00 + 1.00 (the open sale) - 1.00 (the void of the sale taken
		// before the session: its cash leaves this drawer) = 10.00.
		closed, err := sh.s.CashSessions().CloseCashSession(sh.ctx, money.MustParse("10.00"))
		if err != nil {
			t.Fatal(err)
		}
		if closed.ExpectedCash.String() != "10.00" || closed.ZReport["cashSales"] != "1.00" || closed.ZReport["cashRefunds"] != "1.00" {
			t.Fatalf("expected %s, zReport %v", closed.ExpectedCash, closed.ZReport)
		}

		sh.setting2(SettingRequireCashSession, "maybe")
		if _, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: one, Payments: card}); codeOf(err) != fault.CodeInternal || !strings.Contains(err.Error(), SettingRequireCashSession) {
			t.Fatalf("malformed setting: %v", err)
		}
	})
}

// setting2 replaces a setting's value.
func (sh *shop) setting2(key, value string) {
	sh.t.Helper()
	if _, err := sh.db.Client.Setting.Update().Where(setting.Key(key)).SetValue(value).Save(sh.ctx); err != nil {
		sh.t.Fatal(err)
	}
}

// TestLoyaltyProgramFollowsCustomer: a customer's program row takes the
// points and tier of every change selling makes; a customer without one
// gets none.
func TestLoyaltyProgramFollowsCustomer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		sh.setting(SettingLoyaltyTierSilver, "100")
		p := sh.product("lamp", "120.00", 10)
		member, plain := sh.customer(0), sh.customer(0)
		prog, err := db.Client.LoyaltyProgram.Create().SetCustomerID(member.ID).Save(sh.ctx)
		if err != nil {
			t.Fatal(err)
		}
		check := func(step string, points int64, tier string) {
			t.Helper()
			c := db.Client.Customer.GetX(sh.ctx, member.ID)
			lp := db.Client.LoyaltyProgram.GetX(sh.ctx, prog.ID)
			if c.LoyaltyPoints != points || string(c.Tier) != tier || lp.Points != points || string(lp.Tier) != tier {
				t.Fatalf("%s: customer %d %s, program %d %s; want %d %s", step, c.LoyaltyPoints, c.Tier, lp.Points, lp.Tier, points, tier)
			}
		}
		// 120.00 net earns 120 points: SILVER.
		sl, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{CustomerID: &member.ID, Items: []ItemInput{{ProductID: p.ID, Quantity: 1}}, Payments: cash("120.00")})
		if err != nil {
			t.Fatal(err)
		}
		check("earned", 120, "SILVER")
		// 0.30 paid with 30 points, 119.70 by card; the sale earns 120 again:
		// 120 - 30 + 120 = 210.
		sl2, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{CustomerID: &member.ID, Items: []ItemInput{{ProductID: p.ID, Quantity: 1}},
			Payments: []PaymentInput{{Method: payment.MethodLOYALTY_POINTS, Amount: money.MustParse("0.30")}, {Method: payment.MethodCARD, Amount: money.MustParse("119.70")}}})
		if err != nil {
			t.Fatal(err)
		}
		check("spent and earned", 210, "SILVER")
		// Voiding it gives the 30 back and takes the 120: 120.
		if _, err := sh.s.Selling().VoidSale(sh.ctx, sl2.ID, "mistake"); err != nil {
			t.Fatal(err)
		}
		check("voided", 120, "SILVER")
		// Refunding the first sale in full takes its 120: 0, BRONZE.
		if _, err := sh.s.Selling().RefundSale(sh.ctx, RefundInput{SaleID: sl.ID}); err != nil {
			t.Fatal(err)
		}
		check("refunded", 0, "BRONZE")

		if _, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{CustomerID: &plain.ID, Items: []ItemInput{{ProductID: p.ID, Quantity: 1}}, Payments: cash("120.00")}); err != nil {
			t.Fatal(err)
		}
		if n := db.Client.LoyaltyProgram.Query().CountX(sh.ctx); n != 1 {
			t.Fatalf("%d programs: selling must not create memberships", n)
		}
		if c := db.Client.Customer.GetX(sh.ctx, plain.ID); c.LoyaltyPoints != 120 || c.Tier != "SILVER" {
			t.Fatalf("customer without a program: %d %s", c.LoyaltyPoints, c.Tier)
		}
	})
}

// TestCheckoutsRacingCloseAreCounted: checkouts running while the session
// closes are either in its Z-report or not linked to it at all, never linked
// yet missing from the report.
func TestCheckoutsRacingCloseAreCounted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		p := sh.product("gum", "1.00", 1000)
		cs, err := sh.s.CashSessions().OpenCashSession(sh.ctx, money.MustParse("5.00"))
		if err != nil {
			t.Fatal(err)
		}
		const sellers, each = 4, 5
		var wg sync.WaitGroup
		landed := make(chan struct{}, sellers*each)
		errs := make([]error, sellers*each)
		for i := 0; i < sellers; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				for j := 0; j < each; j++ {
					_, errs[i*each+j] = sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: []ItemInput{{ProductID: p.ID, Quantity: 1}}, Payments: cash("2.00")})
					landed <- struct{}{}
				}
			}(i)
		}
		var closed *ent.CashSession
		var closeErr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 3; k++ {
				<-landed
			}
			closed, closeErr = sh.s.CashSessions().CloseCashSession(sh.ctx, 0)
		}()
		wg.Wait()
		if closeErr != nil {
			t.Fatal(closeErr)
		}
		for _, err := range errs {
			if err != nil {
				t.Fatalf("checkout: %v", err)
			}
		}
		linked := db.Client.Sale.Query().Where(sale.CashSessionID(cs.ID)).CountX(sh.ctx)
		paid := db.Client.Payment.Query().Where(payment.CashSessionID(cs.ID)).CountX(sh.ctx)
		all := db.Client.Sale.Query().CountX(sh.ctx)
		want := money.MustParse("1.00").Mul(int64(linked)).String()
		z := closed.ZReport
		if all != sellers*each || paid != linked || z["cashSales"] != want || z["sales"].(map[string]any)["count"] != float64(linked) {
			t.Fatalf("%d sales, %d linked, %d linked payments; zReport cash sales %v count %v, want %s", all, linked, paid, z["cashSales"], z["sales"].(map[string]any)["count"], want)
		}
		if linked < 3 {
			t.Fatalf("only %d sales linked, yet 3 landed before the close began", linked)
		}
		t.Logf("%d checkouts in the session, %d after its close", linked, all-linked)
	})
}

// BenchmarkCheckoutInCashSession is BenchmarkCheckout with the cashier's
// session open, so each checkout also locks and links it.
func BenchmarkCheckoutInCashSession(b *testing.B) {
	db := storetest.Open(b, "sqlite")
	sh := newShop(b, db)
	sh.setting(SettingTaxRate, "8.875")
	p := sh.product("bench", "1.99", int64(b.N)*2+10)
	q := sh.product("bench2", "5.00", int64(b.N)*2+10)
	if _, err := sh.s.CashSessions().OpenCashSession(sh.ctx, money.MustParse("100.00")); err != nil {
		b.Fatal(err)
	}
	in := CheckoutInput{Items: []ItemInput{{ProductID: p.ID, Quantity: 2}, {ProductID: q.ID, Quantity: 1}}, Payments: cash("20")}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := sh.s.Selling().Checkout(sh.ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
