package pos

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/cashmovement"
	"github.com/pandac/pandac/ent/cashsession"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/internal/actor"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

func newCashier(t *testing.T, s *Service, name string) context.Context {
	t.Helper()
	u, err := s.client.User.Create().SetUsername(name).SetPasswordHash("x").Save(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return actor.With(context.Background(), u.ID)
}

// addSale records a sale paid as given, linked to the session, the way
// checkout links them (written directly, as this test is about the close).
// A voided sale is written as VoidSale leaves it: its SALE payments REFUNDED,
// each answered by a COMPLETED REFUND payment in the session.
func addSale(t *testing.T, s *Service, sessionID uuid.UUID, status sale.Status, subtotal, tax, total string, pays map[payment.Method]string) {
	t.Helper()
	ctx := context.Background()
	sl, err := s.client.Sale.Create().SetStatus(status).SetCashSessionID(sessionID).
		SetSubtotal(money.MustParse(subtotal)).SetTaxTotal(money.MustParse(tax)).SetTotal(money.MustParse(total)).
		SetPaidTotal(money.MustParse(total)).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	payStatus := payment.StatusCOMPLETED
	if status == sale.StatusVOIDED {
		payStatus = payment.StatusREFUNDED
	}
	for m, amt := range pays {
		if _, err := s.client.Payment.Create().SetSaleID(sl.ID).SetCashSessionID(sessionID).SetMethod(m).SetStatus(payStatus).
			SetAmount(money.MustParse(amt)).SetPaidAt(time.Now()).Save(ctx); err != nil {
			t.Fatal(err)
		}
		if status == sale.StatusVOIDED {
			if _, err := s.client.Payment.Create().SetSaleID(sl.ID).SetKind(payment.KindREFUND).SetCashSessionID(sessionID).SetMethod(m).
				SetAmount(money.MustParse(amt)).SetPaidAt(time.Now()).Save(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func addRefund(t *testing.T, s *Service, sessionID uuid.UUID, m payment.Method, amt string) {
	t.Helper()
	if _, err := s.client.Payment.Create().SetKind(payment.KindREFUND).SetCashSessionID(sessionID).SetMethod(m).
		SetAmount(money.MustParse(amt)).SetPaidAt(time.Now()).Save(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestCashSessionCloseWithShortfall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := New(db.Client)
		ctx := newCashier(t, s, "alice")
		other := newCashier(t, s, "bob")

		if cur, err := s.CashSessions().CurrentCashSession(ctx); err != nil || cur != nil {
			t.Fatalf("current before open: %v %v", cur, err)
		}
		if _, err := s.CashSessions().RecordCashMovement(ctx, cashmovement.KindPAID_IN, money.MustParse("1.00"), "x"); codeOf(err) != fault.CodeBadInput {
			t.Fatalf("movement without session: %v", err)
		}
		cs, err := s.CashSessions().OpenCashSession(ctx, money.MustParse("100.00"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CashSessions().OpenCashSession(ctx, money.MustParse("50.00")); codeOf(err) != fault.CodeConflict || !strings.Contains(err.Error(), "already have an open cash session") {
			t.Fatalf("second open: %v, want CONFLICT", err)
		}
		// Another cashier's session is separate, and its money is not ours.
		bobs, err := s.CashSessions().OpenCashSession(other, money.MustParse("10.00"))
		if err != nil {
			t.Fatal(err)
		}
		addSale(t, s, bobs.ID, sale.StatusCOMPLETED, "1000.00", "0.00", "1000.00", map[payment.Method]string{payment.MethodCASH: "1000.00"})

		for _, m := range []struct {
			kind   cashmovement.Kind
			amount string
		}{{cashmovement.KindPAID_IN, "20.00"}, {cashmovement.KindPAID_OUT, "15.50"}, {cashmovement.KindPAID_OUT, "4.25"}} {
			if _, err := s.CashSessions().RecordCashMovement(ctx, m.kind, money.MustParse(m.amount), "float top-up / supplies"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.CashSessions().RecordCashMovement(ctx, cashmovement.KindPAID_OUT, 0, "nothing"); codeOf(err) != fault.CodeBadInput {
			t.Fatalf("zero movement: %v", err)
		}
		if _, err := s.CashSessions().RecordCashMovement(ctx, cashmovement.KindPAID_OUT, 100, " "); codeOf(err) != fault.CodeBadInput {
			t.Fatalf("movement without reason: %v", err)
		}

		// Sales in this session:
		//   A: 27.52 + tax 2.48 = 30.00, cash
		//   B: 11.40 + tax 0.94 = 12.34, card
		//   C: 45.87 + tax 4.13 = 50.00, split 20.00 cash + 30.00 card
		//   D: voided, 8.00 cash (its payment is now REFUNDED and a REFUND
		//      payment of 8.00 cash paid it back)
		// Refunds: 5.00 cash, 3.00 card.
		addSale(t, s, cs.ID, sale.StatusCOMPLETED, "27.52", "2.48", "30.00", map[payment.Method]string{payment.MethodCASH: "30.00"})
		addSale(t, s, cs.ID, sale.StatusCOMPLETED, "11.40", "0.94", "12.34", map[payment.Method]string{payment.MethodCARD: "12.34"})
		addSale(t, s, cs.ID, sale.StatusPARTIALLY_REFUNDED, "45.87", "4.13", "50.00", map[payment.Method]string{payment.MethodCASH: "20.00", payment.MethodCARD: "30.00"})
		addSale(t, s, cs.ID, sale.StatusVOIDED, "8.00", "0.00", "8.00", map[payment.Method]string{payment.MethodCASH: "8.00"})
		addRefund(t, s, cs.ID, payment.MethodCASH, "5.00")
		addRefund(t, s, cs.ID, payment.MethodCARD, "3.00")

		// Expected cash, by hand:
		//   opening 100.00
		// + cash sales 30.00 + 20.00 + 8.00 (D) = 58.00
		// - cash refunds 5.00 + 8.00 (D's void) = 13.00
		// + paid in 20.00
		// - paid out 15.50 + 4.25 = 19.75
		// = 145.25; counted 140.00 -> difference -5.25 (short).
		closed, err := s.CashSessions().CloseCashSession(ctx, money.MustParse("140.00"))
		if err != nil {
			t.Fatal(err)
		}
		if closed.Status != cashsession.StatusCLOSED || closed.ClosedAt == nil || closed.OpenMarker != nil {
			t.Fatalf("closed = %+v", closed)
		}
		if closed.ExpectedCash.String() != "145.25" || closed.CountedCash.String() != "140.00" || closed.Difference.String() != "-5.25" {
			t.Fatalf("expected %s counted %s difference %s", closed.ExpectedCash, closed.CountedCash, closed.Difference)
		}
		z := closed.ZReport
		want := map[string]string{
			"openingFloat": "100.00",
			"cashSales":    "58.00",
			"cashRefunds":  "13.00",
			"paidIn":       "20.00",
			"paidOut":      "19.75",
			"expectedCash": "145.25",
			"countedCash":  "140.00",
			"difference":   "-5.25",
			// A + B + C; D was voided.
			"taxes": "7.55",
		}
		for k, v := range want {
			if z[k] != v {
				t.Errorf("zReport[%s] = %v, want %s", k, z[k], v)
			}
		}
		sales := z["sales"].(map[string]any)
		if sales["count"] != float64(3) || sales["total"] != "92.34" || sales["subtotal"] != "84.79" || sales["tax"] != "7.55" {
			t.Errorf("zReport.sales = %v", sales)
		}
		voided := z["voidedSales"].(map[string]any)
		if voided["count"] != float64(1) || voided["amount"] != "8.00" {
			t.Errorf("zReport.voidedSales = %v", voided)
		}
		refunds := z["refunds"].(map[string]any)
		if refunds["count"] != float64(2) || refunds["amount"] != "8.00" {
			t.Errorf("zReport.refunds = %v", refunds)
		}
		if vr := z["voidRefunds"].(map[string]any); vr["count"] != float64(1) || vr["amount"] != "8.00" {
			t.Errorf("zReport.voidRefunds = %v", vr)
		}
		got := map[string]string{}
		for _, p := range z["payments"].([]any) {
			m := p.(map[string]any)
			got[fmt.Sprintf("%v/%v x%v", m["method"], m["kind"], m["count"])] = m["amount"].(string)
		}
		wantPay := map[string]string{
			"CARD/SALE x2":   "42.34",
			"CARD/REFUND x1": "3.00",
			"CASH/SALE x3":   "58.00",
			"CASH/REFUND x2": "13.00",
		}
		if fmt.Sprint(got) != fmt.Sprint(wantPay) {
			t.Errorf("zReport.payments = %v, want %v", got, wantPay)
		}

		// After close: the report stays readable, nothing is open, and a new
		// session can start.
		again, err := s.client.CashSession.Get(context.Background(), cs.ID)
		if err != nil || again.ZReport["expectedCash"] != "145.25" {
			t.Fatalf("re-read: %v %v", err, again.ZReport)
		}
		if _, err := s.CashSessions().CloseCashSession(ctx, 0); codeOf(err) != fault.CodeBadInput {
			t.Fatalf("close twice: %v", err)
		}
		if _, err := s.CashSessions().OpenCashSession(ctx, money.MustParse("100.00")); err != nil {
			t.Fatalf("reopen: %v", err)
		}
		if _, err := s.CashSessions().OpenCashSession(context.Background(), 0); codeOf(err) != fault.CodeUnauthenticated {
			t.Fatalf("open without actor: %v", err)
		}
	})
}

func TestCashSessionConcurrentOpenOneWins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := New(db.Client)
		ctx := newCashier(t, s, "carol")
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, errs[i] = s.CashSessions().OpenCashSession(ctx, money.MustParse("50.00"))
			}(i)
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch codeOf(err) {
			case succeeded:
				won++
			case fault.CodeConflict:
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d opens succeeded, want 1", won)
		}
		n, _ := s.client.CashSession.Query().Where(cashsession.StatusEQ(cashsession.StatusOPEN)).Count(context.Background())
		if n != 1 {
			t.Fatalf("%d open sessions", n)
		}
	})
}

func TestOpenCashSessionOfForCheckout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := New(db.Client)
		ctx := newCashier(t, s, "dave")
		who, _ := actor.From(ctx)
		lookup := func() *uuid.UUID {
			var got *uuid.UUID
			if err := s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
				var err error
				got, err = openCashSessionOf(ctx, tx, who)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return got
		}
		if got := lookup(); got != nil {
			t.Fatalf("session %v before opening", got)
		}
		cs, err := s.CashSessions().OpenCashSession(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := lookup(); got == nil || *got != cs.ID {
			t.Fatalf("got %v, want %s", got, cs.ID)
		}
		if _, err := s.CashSessions().CloseCashSession(ctx, 0); err != nil {
			t.Fatal(err)
		}
		if got := lookup(); got != nil {
			t.Fatalf("session %v after closing", got)
		}
	})
}

func TestCashMovementsRacingCloseAreAllCounted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := New(db.Client)
		ctx := newCashier(t, s, "erin")
		cs, err := s.CashSessions().OpenCashSession(ctx, money.MustParse("10.00"))
		if err != nil {
			t.Fatal(err)
		}
		// Movers keep paying in while the close starts after a few of them
		// have landed, so some movements race the close itself.
		const movers, each = 6, 4
		var wg sync.WaitGroup
		start := make(chan struct{})
		landed := make(chan struct{}, movers*each)
		errs := make([]error, movers*each)
		for i := 0; i < movers; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				for j := 0; j < each; j++ {
					_, errs[i*each+j] = s.CashSessions().RecordCashMovement(ctx, cashmovement.KindPAID_IN, money.MustParse("1.00"), "race")
					landed <- struct{}{}
				}
			}(i)
		}
		var closed *ent.CashSession
		var closeErr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 4; k++ {
				<-landed
			}
			closed, closeErr = s.CashSessions().CloseCashSession(ctx, money.MustParse("10.00"))
		}()
		close(start)
		wg.Wait()
		if closeErr != nil {
			t.Fatal(closeErr)
		}
		ok := 0
		for _, err := range errs {
			switch codeOf(err) {
			case succeeded:
				ok++
			case fault.CodeBadInput:
			default:
				t.Errorf("movement: %v", err)
			}
		}
		linked, err := db.Client.CashMovement.Query().Where(cashmovement.CashSessionID(cs.ID)).Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		want := money.MustParse("1.00").Mul(int64(ok)).String()
		if linked != ok || closed.ZReport["paidIn"] != want {
			t.Fatalf("%d movements succeeded, %d linked, Z-report paid in %v (want %s)", ok, linked, closed.ZReport["paidIn"], want)
		}
		if ok < 4 {
			t.Fatalf("only %d movements succeeded, yet 4 landed before the close began", ok)
		}
		t.Logf("%d movements before the close, %d refused after it", ok, movers*each-ok)
	})
}
