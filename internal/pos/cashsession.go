package pos

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
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
)

// ZReport is the end-of-shift summary of a cash session, stored on the session
// when it closes. Amounts are decimal strings ("34.99") so the stored JSON
// never passes money through a float.
type ZReport struct {
	SessionID    uuid.UUID `json:"sessionId"`
	CashierID    uuid.UUID `json:"cashierId"`
	OpenedAt     time.Time `json:"openedAt"`
	ClosedAt     time.Time `json:"closedAt"`
	OpeningFloat string    `json:"openingFloat"`
	// Sales counts completed sales, including those later (partly) refunded;
	// voided sales are counted apart.
	Sales       ZSales `json:"sales"`
	VoidedSales ZCount `json:"voidedSales"`
	// Refunds counts REFUND payments of refunds; VoidRefunds those paying
	// back voided sales. Both are in Payments and, for cash, in CashRefunds.
	Refunds       ZCount          `json:"refunds"`
	VoidRefunds   ZCount          `json:"voidRefunds"`
	Payments      []ZPaymentTotal `json:"payments"`
	Taxes         string          `json:"taxes"`
	PaidIn        string          `json:"paidIn"`
	PaidOut       string          `json:"paidOut"`
	CashSales     string          `json:"cashSales"`
	CashRefunds   string          `json:"cashRefunds"`
	ExpectedCash  string          `json:"expectedCash"`
	CountedCash   string          `json:"countedCash"`
	Difference    string          `json:"difference"`
	MovementCount int64           `json:"movementCount"`
}

// ZSales totals the session's completed sales.
type ZSales struct {
	Count     int64  `json:"count"`
	Subtotal  string `json:"subtotal"`
	Discounts string `json:"discounts"`
	Tax       string `json:"tax"`
	Total     string `json:"total"`
}

// ZCount is a number of records and their amount.
type ZCount struct {
	Count  int64  `json:"count"`
	Amount string `json:"amount"`
}

// ZPaymentTotal totals one payment method and kind (SALE or REFUND).
type ZPaymentTotal struct {
	Method string `json:"method"`
	Kind   string `json:"kind"`
	Count  int64  `json:"count"`
	Amount string `json:"amount"`
	sum    money.Amount
}

// cashierOf returns the acting user, who owns the session being worked on.
func cashierOf(ctx context.Context) (uuid.UUID, error) {
	who, ok := actor.From(ctx)
	if !ok {
		return uuid.Nil, &fault.Error{Code: fault.CodeUnauthenticated, Message: "sign in to use a cash session"}
	}
	return who, nil
}

// OpenCashSession starts the caller's shift with an opening float. A cashier
// has at most one open session: the unique open_marker index enforces it, so
// two racing opens cannot both succeed; the loser gets fault.CodeConflict.
func (s CashSessions) OpenCashSession(ctx context.Context, openingFloat money.Amount) (*ent.CashSession, error) {
	who, err := cashierOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkMoney("openingFloat", openingFloat); err != nil {
		return nil, err
	}
	var id uuid.UUID
	err = s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		cs, err := tx.CashSession.Create().
			SetCashierID(who).
			SetOpenMarker(who).
			SetOpeningFloat(openingFloat).
			SetOpenedAt(s.now()).
			Save(ctx)
		if store.IsUniqueViolation(err) {
			// open_marker is the table's one unique column besides the id. No
			// follow-up query: PostgreSQL has aborted the transaction by now.
			return fault.Conflict("you already have an open cash session; close it before opening another")
		}
		if err != nil {
			return err
		}
		id = cs.ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.clientFor(ctx).CashSession.Get(ctx, id)
}

// CurrentCashSession returns the caller's open session, or nil without one.
func (s CashSessions) CurrentCashSession(ctx context.Context) (*ent.CashSession, error) {
	who, err := cashierOf(ctx)
	if err != nil {
		return nil, err
	}
	cs, err := s.client.CashSession.Query().Where(cashsession.OpenMarker(who)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return cs, err
}

// lockOpenSession finds the caller's open session and locks its row (see
// lockSessionOf), so a concurrent close waits for this transaction (or this
// one sees the session closed) and no cash slips past a Z-report.
func lockOpenSession(ctx context.Context, tx *ent.Tx, who uuid.UUID) (uuid.UUID, error) {
	id, err := lockSessionOf(ctx, tx, who)
	if err != nil {
		return uuid.Nil, err
	}
	if id == nil {
		return uuid.Nil, fault.BadInput("cashSession", "you have no open cash session; open one first")
	}
	return *id, nil
}

// lockSessionOf finds and locks the cashier's open session in one statement:
// a conditional update of updated_at (and updated_by, as ent would set them)
// that returns the session's id, nil when the cashier has none open. On
// PostgreSQL an update racing a close waits for it and then finds nothing.
func lockSessionOf(ctx context.Context, tx *ent.Tx, who uuid.UUID) (*uuid.UUID, error) {
	q := &query{dialect: tx.Dialect()}
	q.sql("UPDATE ", cashsession.Table, " SET ", cashsession.FieldUpdatedAt, " = ", q.arg(time.Now()))
	if by, ok := actor.From(ctx); ok {
		q.sql(", ", cashsession.FieldUpdatedBy, " = ", q.arg(by))
	}
	q.sql(" WHERE ", cashsession.FieldOpenMarker, " = ", q.arg(who), " AND ", cashsession.FieldStatus, " = ", q.arg(cashsession.StatusOPEN.String()),
		" RETURNING ", cashsession.FieldID)
	rows, err := tx.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("locking cash session: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, rows.Err()
	}
	var id uuid.UUID
	if err := rows.Scan(&id); err != nil {
		return nil, fmt.Errorf("locking cash session: %w", err)
	}
	return &id, rows.Close()
}

// MaxCashMovement bounds one paid-in or paid-out: a till's drawer never
// holds more, so a larger figure is a typo (or worse) and would wreck the
// session's Z-report.
const MaxCashMovement = money.Amount(1_000_000_00)

// RecordCashMovement puts cash into (PAID_IN) or takes it out of (PAID_OUT)
// the caller's open session, outside any sale. One movement is at most
// MaxCashMovement, and a paid-out at most the cash the drawer should hold
// now (what closing the session would expect), since cash that is not there
// cannot leave it.
func (s CashSessions) RecordCashMovement(ctx context.Context, kind cashmovement.Kind, amount money.Amount, reason string) (*ent.CashMovement, error) {
	who, err := cashierOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := cashmovement.KindValidator(kind); err != nil {
		return nil, fault.BadInput("kind", "kind must be PAID_IN or PAID_OUT, got %q", kind)
	}
	if amount <= 0 {
		return nil, fault.BadInput("amount", "amount must be positive, got %s", amount)
	}
	if amount > MaxCashMovement {
		return nil, fault.BadInput("amount", "a cash movement may be at most %s, got %s", MaxCashMovement, amount)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fault.BadInput("reason", "a reason is required for cash paid in or out")
	}
	var id uuid.UUID
	err = s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		till, err := lockOpenSession(ctx, tx, who)
		if err != nil {
			return err
		}
		if kind == cashmovement.KindPAID_OUT {
			if err := checkDrawerHolds(ctx, tx, till, amount, s.now()); err != nil {
				return err
			}
		}
		m, err := tx.CashMovement.Create().SetCashSessionID(till).SetKind(kind).SetAmount(amount).SetReason(reason).Save(ctx)
		if err != nil {
			return err
		}
		id = m.ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.clientFor(ctx).CashMovement.Get(ctx, id)
}

// CloseCashSession ends the caller's shift. Expected cash is
//
//	opening float + cash sale payments - cash refunds + paid in - paid out
//
// each summed by the database over the rows linked to the session; the
// difference is counted - expected (negative = a shortfall). The Z-report is
// stored on the session.
//
// The sums follow how selling records money (see VoidSale): a SALE payment,
// COMPLETED or REFUNDED (taken, later given back), is money taken in the
// session of the cashier who took it; a COMPLETED REFUND payment, from a
// refund or a void, is money given back in the session of the cashier who
// gave it. Cash sales are SALE payments by CASH, cash refunds are REFUND
// payments by CASH; PENDING and FAILED payments moved no money.
func (s CashSessions) CloseCashSession(ctx context.Context, countedCash money.Amount) (*ent.CashSession, error) {
	who, err := cashierOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkMoney("countedCash", countedCash); err != nil {
		return nil, err
	}
	var id uuid.UUID
	err = s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		till, err := lockOpenSession(ctx, tx, who)
		if err != nil {
			return err
		}
		id = till
		// Read after the lock, so the report starts from the row as it stands.
		cs, err := tx.CashSession.Get(ctx, till)
		if err != nil {
			return err
		}
		now := s.now()
		z, err := buildZReport(ctx, tx, cs, countedCash, now)
		if err != nil {
			return err
		}
		report, err := toMap(z)
		if err != nil {
			return err
		}
		expected, _ := money.Parse(z.ExpectedCash)
		return tx.CashSession.UpdateOneID(cs.ID).
			SetStatus(cashsession.StatusCLOSED).
			ClearOpenMarker().
			SetClosedAt(now).
			SetExpectedCash(expected).
			SetCountedCash(countedCash).
			SetDifference(countedCash - expected).
			SetZReport(report).
			Exec(ctx)
	})
	if err != nil {
		return nil, err
	}
	return s.clientFor(ctx).CashSession.Get(ctx, id)
}

// checkDrawerHolds refuses a paid-out of more than the cash session till
// should hold: the expected cash of its Z-report as of now. The session row
// is locked by the caller, so the figure cannot change underneath.
func checkDrawerHolds(ctx context.Context, tx *ent.Tx, till uuid.UUID, amount money.Amount, now time.Time) error {
	cs, err := tx.CashSession.Get(ctx, till)
	if err != nil {
		return err
	}
	z, err := buildZReport(ctx, tx, cs, 0, now)
	if err != nil {
		return err
	}
	holds, err := money.Parse(z.ExpectedCash)
	if err != nil {
		return fmt.Errorf("reading expected cash: %w", err)
	}
	if amount > holds {
		return fault.BadInput("amount", "paying out %s is more than the %s the drawer should hold", amount, holds)
	}
	return nil
}

// openCashSessionOf returns the id of the cashier's open session, nil when
// there is none, for checkout, payments and refunds to link their rows to.
// It locks the session row (see lockSessionOf), so a concurrent close waits
// for the caller's transaction and its Z-report includes the new rows; a
// session that closed meanwhile counts as none.
func openCashSessionOf(ctx context.Context, tx *ent.Tx, cashierID uuid.UUID) (*uuid.UUID, error) {
	return lockSessionOf(ctx, tx, cashierID)
}

// tillOf is openCashSessionOf for the acting user: the session whose drawer
// the current operation's cash goes into or comes out of. Without an acting
// user there is no drawer to name, so nil.
func tillOf(ctx context.Context, tx *ent.Tx) (*uuid.UUID, error) {
	who, ok := actor.From(ctx)
	if !ok {
		return nil, nil
	}
	return openCashSessionOf(ctx, tx, who)
}

// checkTill enforces the require_cash_session setting: cash taken or given
// back outside a session would be missing from every Z-report, so when the
// store requires sessions it is refused.
func checkTill(till *uuid.UUID, method payment.Method, st Settings, field string) error {
	if till == nil && method == payment.MethodCASH && st.RequireCashSession {
		return fault.BadInput(field, "open a cash session first")
	}
	return nil
}

// buildZReport sums the session's sales, payments and cash movements in SQL
// (GROUP BY), and derives expected cash from those sums.
func buildZReport(ctx context.Context, tx *ent.Tx, cs *ent.CashSession, counted money.Amount, now time.Time) (*ZReport, error) {
	z := &ZReport{SessionID: cs.ID, CashierID: cs.CashierID, OpenedAt: cs.OpenedAt, ClosedAt: now, OpeningFloat: cs.OpeningFloat.String(), Payments: []ZPaymentTotal{}}

	var payRows []struct {
		Method string `json:"method"`
		Kind   string `json:"kind"`
		Status string `json:"status"`
		Count  int64  `json:"count"`
		Sum    int64  `json:"sum"`
	}
	if err := tx.Payment.Query().
		Where(payment.CashSessionID(cs.ID)).
		GroupBy(payment.FieldMethod, payment.FieldKind, payment.FieldStatus).
		Aggregate(ent.Count(), ent.Sum(payment.FieldAmount)).
		Scan(ctx, &payRows); err != nil {
		return nil, fmt.Errorf("summing session payments: %w", err)
	}
	var cashSales, cashRefunds, refunds money.Amount
	byMethod := map[[2]string]*ZPaymentTotal{}
	for _, r := range payRows {
		moved := r.Status == payment.StatusCOMPLETED.String() ||
			r.Status == payment.StatusREFUNDED.String() && r.Kind == payment.KindSALE.String()
		if !moved {
			continue
		}
		amt := money.FromMinor(r.Sum)
		key := [2]string{r.Method, r.Kind}
		t := byMethod[key]
		if t == nil {
			t = &ZPaymentTotal{Method: r.Method, Kind: r.Kind}
			byMethod[key] = t
		}
		t.Count += r.Count
		t.sum += amt
		t.Amount = t.sum.String()
		switch {
		case r.Kind == payment.KindSALE.String() && r.Method == payment.MethodCASH.String():
			cashSales += amt
		case r.Kind == payment.KindREFUND.String():
			refunds += amt
			z.Refunds.Count += r.Count
			if r.Method == payment.MethodCASH.String() {
				cashRefunds += amt
			}
		}
	}
	for _, t := range byMethod {
		z.Payments = append(z.Payments, *t)
	}
	sort.Slice(z.Payments, func(i, j int) bool {
		a, b := z.Payments[i], z.Payments[j]
		return a.Method < b.Method || a.Method == b.Method && a.Kind > b.Kind
	})
	// REFUND payments on a voided sale paid back the void: a sale that was
	// partly refunded cannot be voided, so no refund proper is among them.
	var voidRows []struct {
		Kind  string `json:"kind"`
		Count int64  `json:"count"`
		Sum   int64  `json:"sum"`
	}
	if err := tx.Payment.Query().
		Where(payment.CashSessionID(cs.ID), payment.KindEQ(payment.KindREFUND), payment.StatusEQ(payment.StatusCOMPLETED),
			payment.HasSaleWith(sale.StatusEQ(sale.StatusVOIDED))).
		GroupBy(payment.FieldKind).
		Aggregate(ent.Count(), ent.Sum(payment.FieldAmount)).
		Scan(ctx, &voidRows); err != nil {
		return nil, fmt.Errorf("summing session void refunds: %w", err)
	}
	var voidRefunds money.Amount
	for _, r := range voidRows {
		z.VoidRefunds.Count += r.Count
		voidRefunds += money.FromMinor(r.Sum)
	}
	z.Refunds.Count -= z.VoidRefunds.Count
	z.Refunds.Amount, z.VoidRefunds.Amount = (refunds - voidRefunds).String(), voidRefunds.String()

	var saleRows []struct {
		Status    string `json:"status"`
		Count     int64  `json:"count"`
		Subtotal  int64  `json:"subtotal"`
		Discounts int64  `json:"discounts"`
		Tax       int64  `json:"tax"`
		Total     int64  `json:"total"`
	}
	if err := tx.Sale.Query().
		Where(sale.CashSessionID(cs.ID), sale.StatusNEQ(sale.StatusOPEN)).
		GroupBy(sale.FieldStatus).
		Aggregate(ent.Count(),
			ent.As(ent.Sum(sale.FieldSubtotal), "subtotal"),
			ent.As(ent.Sum(sale.FieldDiscountTotal), "discounts"),
			ent.As(ent.Sum(sale.FieldTaxTotal), "tax"),
			ent.As(ent.Sum(sale.FieldTotal), "total")).
		Scan(ctx, &saleRows); err != nil {
		return nil, fmt.Errorf("summing session sales: %w", err)
	}
	var subtotal, discounts, tax, total, voided money.Amount
	for _, r := range saleRows {
		if r.Status == sale.StatusVOIDED.String() {
			z.VoidedSales.Count += r.Count
			voided += money.FromMinor(r.Total)
			continue
		}
		z.Sales.Count += r.Count
		subtotal += money.FromMinor(r.Subtotal)
		discounts += money.FromMinor(r.Discounts)
		tax += money.FromMinor(r.Tax)
		total += money.FromMinor(r.Total)
	}
	z.Sales.Subtotal, z.Sales.Discounts, z.Sales.Tax, z.Sales.Total = subtotal.String(), discounts.String(), tax.String(), total.String()
	z.VoidedSales.Amount = voided.String()
	z.Taxes = tax.String()

	var moveRows []struct {
		Kind  string `json:"kind"`
		Count int64  `json:"count"`
		Sum   int64  `json:"sum"`
	}
	if err := tx.CashMovement.Query().
		Where(cashmovement.CashSessionID(cs.ID)).
		GroupBy(cashmovement.FieldKind).
		Aggregate(ent.Count(), ent.Sum(cashmovement.FieldAmount)).
		Scan(ctx, &moveRows); err != nil {
		return nil, fmt.Errorf("summing cash movements: %w", err)
	}
	var paidIn, paidOut money.Amount
	for _, r := range moveRows {
		z.MovementCount += r.Count
		if r.Kind == cashmovement.KindPAID_IN.String() {
			paidIn += money.FromMinor(r.Sum)
		} else {
			paidOut += money.FromMinor(r.Sum)
		}
	}
	expected := cs.OpeningFloat + cashSales - cashRefunds + paidIn - paidOut
	z.PaidIn, z.PaidOut = paidIn.String(), paidOut.String()
	z.CashSales, z.CashRefunds = cashSales.String(), cashRefunds.String()
	z.ExpectedCash, z.CountedCash, z.Difference = expected.String(), counted.String(), (counted - expected).String()
	return z, nil
}

// toMap turns the report into the JSON object stored in z_report.
func toMap(z *ZReport) (map[string]any, error) {
	b, err := json.Marshal(z)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return m, nil
}
