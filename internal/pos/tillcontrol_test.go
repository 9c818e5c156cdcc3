package pos

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/internal/actor"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

var (
	cashierPerms = policy.SetOf(policy.Read, policy.POS)
	managerPerms = policy.SetOf(policy.Read, policy.Write, policy.POS, policy.Reports, policy.Void, policy.Refund)
)

// TestTillControlRule is the rule on its own: the permission admits
// anything; without it only the caller's own open session and the sale's
// own tenders; no caller is the server itself.
func TestTillControlRule(t *testing.T) {
	cashier := &policy.Caller{UserID: uuid.New(), Perms: cashierPerms}
	manager := &policy.Caller{UserID: uuid.New(), Perms: managerPerms}
	cases := []struct {
		name          string
		c             *policy.Caller
		need          policy.Permission
		own, tenders  bool
		wantForbidden string
	}{
		{"internal", nil, policy.Void, false, false, ""},
		{"cashier own session", cashier, policy.Void, true, true, ""},
		{"cashier other session void", cashier, policy.Void, false, true, "VOID"},
		{"cashier other session refund", cashier, policy.Refund, false, true, "REFUND"},
		{"cashier other tender", cashier, policy.Refund, true, false, "REFUND"},
		{"manager void anything", manager, policy.Void, false, false, ""},
		{"manager refund anything", manager, policy.Refund, false, false, ""},
		{"void perm is not refund perm", &policy.Caller{Perms: policy.SetOf(policy.POS, policy.Void)}, policy.Refund, false, true, "REFUND"},
	}
	for _, tc := range cases {
		err := tillControl(tc.c, tc.need, tc.own, tc.tenders)
		if tc.wantForbidden == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		pe := store.AsFault(err)
		if pe == nil || pe.Code != fault.CodeForbidden || !strings.Contains(pe.Message, tc.wantForbidden) {
			t.Errorf("%s: got %v, want FORBIDDEN naming %s", tc.name, err, tc.wantForbidden)
		}
	}
}

// TestWithinTenders: what may go back by a method is what was paid by it
// less what went back by it; a method the sale was not paid with has nothing.
func TestWithinTenders(t *testing.T) {
	pays := []*ent.Payment{
		{Method: payment.MethodCARD, Kind: payment.KindSALE, Status: payment.StatusCOMPLETED, Amount: money.MustParse("10.00")},
		{Method: payment.MethodCASH, Kind: payment.KindSALE, Status: payment.StatusCOMPLETED, Amount: money.MustParse("5.00")},
		{Method: payment.MethodCARD, Kind: payment.KindREFUND, Status: payment.StatusCOMPLETED, Amount: money.MustParse("4.00")},
		{Method: payment.MethodCARD, Kind: payment.KindSALE, Status: payment.StatusFAILED, Amount: money.MustParse("99.00")},
	}
	for _, tc := range []struct {
		m    payment.Method
		amt  string
		want bool
	}{
		{payment.MethodCARD, "6.00", true},
		{payment.MethodCARD, "6.01", false},
		{payment.MethodCASH, "5.00", true},
		{payment.MethodCASH, "5.01", false},
		{payment.MethodLOYALTY_POINTS, "0.01", false},
	} {
		if got := withinTenders(pays, tc.m, money.MustParse(tc.amt)); got != tc.want {
			t.Errorf("%s %s: got %v, want %v", tc.m, tc.amt, got, tc.want)
		}
	}
}

// till is a signed-in staff member on a till: their context carries the
// caller the till controls read.
func till(t *testing.T, s *Service, name string, perms policy.Set, openSession bool) context.Context {
	t.Helper()
	u, err := s.client.User.Create().SetUsername(name).SetPasswordHash("x").Save(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx := policy.WithCaller(actor.With(context.Background(), u.ID), &policy.Caller{UserID: u.ID, Perms: perms})
	if openSession {
		if _, err := s.CashSessions().OpenCashSession(ctx, money.MustParse("100.00")); err != nil {
			t.Fatal(err)
		}
	}
	return ctx
}

func wantCode(t *testing.T, err error, code fault.Code, mention string) {
	t.Helper()
	pe := store.AsFault(err)
	if pe == nil || pe.Code != code || !strings.Contains(pe.Message, mention) {
		t.Fatalf("got %v, want %s mentioning %q", err, code, mention)
	}
}

func cardSale(t *testing.T, sh *shop, ctx context.Context, p *ent.Product) *ent.Sale {
	t.Helper()
	cust := sh.customer(0)
	sl, err := sh.s.Selling().Checkout(ctx, CheckoutInput{CustomerID: &cust.ID, Items: []ItemInput{{ProductID: p.ID, Quantity: 2}},
		Payments: []PaymentInput{{Method: payment.MethodCARD, Amount: money.MustParse("20.00")}}})
	if err != nil {
		t.Fatal(err)
	}
	if sl.Status != sale.StatusCOMPLETED {
		t.Fatalf("sale is %s", sl.Status)
	}
	return sl
}

// TestTillControlsRefund is finding 7's refund half: a cashier refunding a
// CARD sale in CASH, or another cashier's sale at all, is FORBIDDEN naming
// REFUND and changes nothing; to the card, in their own session, it works;
// a manager may do either.
func TestTillControlsRefund(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		p := sh.product("Tea", "10.00", 50)
		alice := till(t, sh.s, "alice", cashierPerms, true)
		bob := till(t, sh.s, "bob", cashierPerms, true)
		boss := till(t, sh.s, "boss", managerPerms, false)
		sl := cardSale(t, sh, alice, p)

		cash := payment.MethodCASH
		_, err := sh.s.Selling().RefundSale(alice, RefundInput{SaleID: sl.ID, Method: &cash})
		wantCode(t, err, fault.CodeForbidden, "REFUND")
		loyalty := payment.MethodLOYALTY_POINTS
		_, err = sh.s.Selling().RefundSale(alice, RefundInput{SaleID: sl.ID, Method: &loyalty})
		wantCode(t, err, fault.CodeForbidden, "REFUND")
		card := payment.MethodCARD
		_, err = sh.s.Selling().RefundSale(bob, RefundInput{SaleID: sl.ID, Method: &card})
		wantCode(t, err, fault.CodeForbidden, "REFUND")
		if got := sh.stock(p.ID); got != 48 {
			t.Fatalf("a refused refund moved stock: %d", got)
		}

		items, err := db.Client.SaleItem.Query().All(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		got, err := sh.s.Selling().RefundSale(alice, RefundInput{SaleID: sl.ID, Method: &card, Items: []RefundItemInput{{SaleItemID: items[0].ID, Quantity: 1}}})
		if err != nil {
			t.Fatalf("cashier refunding to the card in her own session: %v", err)
		}
		if got.RefundedTotal != money.MustParse("10.00") {
			t.Fatalf("refunded %s", got.RefundedTotal)
		}
		// The manager gives the rest back in cash, from no session of the sale's.
		got, err = sh.s.Selling().RefundSale(boss, RefundInput{SaleID: sl.ID, Method: &cash})
		if err != nil {
			t.Fatalf("manager refund in cash: %v", err)
		}
		if got.Status != sale.StatusREFUNDED {
			t.Fatalf("status %s", got.Status)
		}
	})
}

// TestTillControlsVoid is finding 7's void half: a cashier voiding another
// cashier's sale is FORBIDDEN naming VOID; her own (open session) works; a
// manager voids anyone's; a cart of one's own with nothing paid needs no
// session.
func TestTillControlsVoid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		p := sh.product("Tea", "10.00", 50)
		alice := till(t, sh.s, "alice", cashierPerms, true)
		bob := till(t, sh.s, "bob", cashierPerms, true)
		carol := till(t, sh.s, "carol", cashierPerms, false)
		boss := till(t, sh.s, "boss", managerPerms, false)

		first := cardSale(t, sh, alice, p)
		_, err := sh.s.Selling().VoidSale(bob, first.ID, "mistake")
		wantCode(t, err, fault.CodeForbidden, "VOID")
		if got, _ := db.Client.Sale.Get(context.Background(), first.ID); got.Status != sale.StatusCOMPLETED {
			t.Fatalf("refused void changed the sale to %s", got.Status)
		}
		if _, err := sh.s.Selling().VoidSale(alice, first.ID, "mistake"); err != nil {
			t.Fatalf("cashier voiding her own sale: %v", err)
		}
		second := cardSale(t, sh, alice, p)
		if _, err := sh.s.Selling().VoidSale(boss, second.ID, "manager"); err != nil {
			t.Fatalf("manager void: %v", err)
		}
		// Once her session is closed, even her own sale needs a manager.
		third := cardSale(t, sh, alice, p)
		if _, err := sh.s.CashSessions().CloseCashSession(alice, money.MustParse("100.00")); err != nil {
			t.Fatal(err)
		}
		_, err = sh.s.Selling().VoidSale(alice, third.ID, "late")
		wantCode(t, err, fault.CodeForbidden, "VOID")

		cart, err := sh.s.Selling().CreateSale(carol, CreateSaleInput{Items: []ItemInput{{ProductID: p.ID, Quantity: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = sh.s.Selling().VoidSale(bob, cart.ID, "not yours")
		wantCode(t, err, fault.CodeForbidden, "VOID")
		if _, err := sh.s.Selling().VoidSale(carol, cart.ID, "customer left"); err != nil {
			t.Fatalf("dropping one's own unpaid cart: %v", err)
		}
	})
}

// TestTillControlsInternalCallerPasses: no caller in the context (command
// line, seed) is the server itself and is not held to the till controls.
func TestTillControlsInternalCallerPasses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		p := sh.product("Tea", "10.00", 50)
		sl := cardSale(t, sh, sh.ctx, p)
		cash := payment.MethodCASH
		if _, err := sh.s.Selling().RefundSale(context.Background(), RefundInput{SaleID: sl.ID, Method: &cash}); err != nil {
			t.Fatal(err)
		}
		var pe *fault.Error
		if _, err := sh.s.Selling().VoidSale(context.Background(), cardSale(t, sh, sh.ctx, p).ID, "x"); errors.As(err, &pe) {
			t.Fatal(err)
		}
	})
}

// TestManagerApprovalPaysOutOfTheTillAtHand: a manager signed in on a
// cashier's till (no session of their own) voids and refunds cash sales
// even where every cash movement needs a session, and the money goes back
// out of the cashier's session, whose Z-report then balances.
func TestManagerApprovalPaysOutOfTheTillAtHand(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		sh.setting(SettingRequireCashSession, "true")
		p := sh.product("Tea", "10.00", 50)
		alice := till(t, sh.s, "alice", cashierPerms, true)
		boss := till(t, sh.s, "boss", managerPerms, false)
		ring := func() *ent.Sale {
			sl, err := sh.s.Selling().Checkout(alice, CheckoutInput{Items: []ItemInput{{ProductID: p.ID, Quantity: 1}},
				Payments: []PaymentInput{{Method: payment.MethodCASH, Amount: money.MustParse("10.00")}}})
			if err != nil {
				t.Fatal(err)
			}
			return sl
		}
		first, second := ring(), ring()
		if _, err := sh.s.Selling().VoidSale(boss, first.ID, "approved"); err != nil {
			t.Fatalf("manager void on the cashier's till: %v", err)
		}
		if _, err := sh.s.Selling().RefundSale(boss, RefundInput{SaleID: second.ID}); err != nil {
			t.Fatalf("manager refund on the cashier's till: %v", err)
		}
		backs, err := db.Client.Payment.Query().Where(payment.KindEQ(payment.KindREFUND)).All(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(backs) != 2 {
			t.Fatalf("%d refund payments", len(backs))
		}
		for _, b := range backs {
			if b.CashSessionID == nil || *b.CashSessionID != *first.CashSessionID {
				t.Fatalf("refund payment not in the cashier's session: %v", b.CashSessionID)
			}
		}
		cs, err := sh.s.CashSessions().CloseCashSession(alice, money.MustParse("100.00"))
		if err != nil {
			t.Fatal(err)
		}
		if cs.Difference != 0 {
			t.Fatalf("drawer off by %s", cs.Difference)
		}
	})
}
