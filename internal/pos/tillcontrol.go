package pos

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/cashsession"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/internal/actor"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
)

// tillControl is the one rule of the till controls (voids and refunds).
// Money leaving a drawer is where a till is robbed, so a caller without the
// permission need (policy.Void or policy.Refund) may act only on a sale of
// their own open cash session (the drawer they will count at close) and only
// back to the sale's original tenders (so no card sale leaves as cash and no
// sale leaves as loyalty points). Everyone else needs need, which a manager
// gives by signing in on the till for that one call. A caller-less context
// is the server itself (command line, seed, tests) and passes.
func tillControl(c *policy.Caller, need policy.Permission, ownOpenSession, originalTenders bool) error {
	if c == nil || c.Perms.Has(need) {
		return nil
	}
	name := strings.ToUpper(string(need))
	switch {
	case !ownOpenSession && need == policy.Void:
		return fault.Forbidden("voiding a sale outside your own open cash session needs the %s permission; ask a manager to sign in and void it", name)
	case !ownOpenSession:
		return fault.Forbidden("refunding a sale outside your own open cash session needs the %s permission; ask a manager to sign in and refund it", name)
	case !originalTenders:
		return fault.Forbidden("refunding to a payment method or amount the sale was not paid with needs the %s permission; refund to the sale's own payments, or ask a manager to sign in and refund it", name)
	}
	return nil
}

// inOwnOpenSession reports whether sl belongs to c's open cash session: the
// session that took the sale is still open and is c's.
func inOwnOpenSession(ctx context.Context, tx *ent.Tx, c *policy.Caller, sl *ent.Sale) (bool, error) {
	if c == nil || sl.CashSessionID == nil {
		return false, nil
	}
	return tx.CashSession.Query().Where(cashsession.ID(*sl.CashSessionID),
		cashsession.CashierID(c.UserID), cashsession.StatusEQ(cashsession.StatusOPEN)).Exist(ctx)
}

// checkVoidControl applies tillControl to voiding sl. A void always pays back
// the sale's own payments (payBack), so only the session counts. A cart the
// caller rang up and nobody has paid into yet moves neither money nor stock
// when cancelled, so it is theirs to drop even with no session.
func checkVoidControl(ctx context.Context, tx *ent.Tx, sl *ent.Sale) error {
	c := policy.CallerFrom(ctx)
	if c == nil || c.Perms.Has(policy.Void) {
		return nil
	}
	if sl.Status == sale.StatusOPEN && sl.PaidTotal == 0 && c.Is(sl.CashierID) {
		return nil
	}
	own, err := inOwnOpenSession(ctx, tx, c, sl)
	if err != nil {
		return err
	}
	return tillControl(c, policy.Void, own, true)
}

// checkRefundSession applies the session half of tillControl to refunding
// sl, before any line is touched.
func checkRefundSession(ctx context.Context, tx *ent.Tx, sl *ent.Sale) error {
	c := policy.CallerFrom(ctx)
	if c == nil || c.Perms.Has(policy.Refund) {
		return nil
	}
	own, err := inOwnOpenSession(ctx, tx, c, sl)
	if err != nil {
		return err
	}
	return tillControl(c, policy.Refund, own, true)
}

// checkRefundTenders applies the tender half of tillControl: amount going
// back by method must fit in what the sale was paid by that method, less what
// earlier refunds gave back by it.
func checkRefundTenders(ctx context.Context, tx *ent.Tx, saleID uuid.UUID, method payment.Method, amount money.Amount) error {
	c := policy.CallerFrom(ctx)
	if c == nil || c.Perms.Has(policy.Refund) {
		return nil
	}
	pays, err := tx.Payment.Query().Where(payment.SaleID(saleID), payment.MethodEQ(method)).All(ctx)
	if err != nil {
		return err
	}
	return tillControl(c, policy.Refund, true, withinTenders(pays, method, amount))
}

// withinTenders reports whether amount more may go back by method given the
// sale's payments: COMPLETED SALE payments by method (what was applied, not
// the cash tendered) less COMPLETED REFUND payments by method.
func withinTenders(pays []*ent.Payment, method payment.Method, amount money.Amount) bool {
	var left money.Amount
	for _, p := range pays {
		if p.Method != method || p.Status != payment.StatusCOMPLETED {
			continue
		}
		switch p.Kind {
		case payment.KindSALE:
			left += p.Amount
		case payment.KindREFUND:
			left -= p.Amount
		}
	}
	return amount <= left
}

// drawerFor is the cash session a void or refund of sl pays out of: the
// acting user's own open session, as for every other payment. A user with
// none open is a manager signed in on a cashier's till to approve (see the
// README's Till controls): the cash leaves the drawer at hand, so while the
// sale's own session is open the money goes back out of it, and that
// session's Z-report balances. Without an acting user there is no drawer.
func drawerFor(ctx context.Context, tx *ent.Tx, sl *ent.Sale) (*uuid.UUID, error) {
	till, err := tillOf(ctx, tx)
	if err != nil || till != nil || sl.CashSessionID == nil {
		return till, err
	}
	if _, ok := actor.From(ctx); !ok {
		return nil, nil
	}
	cs, err := tx.CashSession.Query().Where(cashsession.ID(*sl.CashSessionID), cashsession.StatusEQ(cashsession.StatusOPEN)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	// Locked as tillOf locks the caller's own, so a close waits for us.
	id, err := lockSessionOf(ctx, tx, cs.CashierID)
	if err != nil || id == nil || *id != cs.ID {
		return nil, err
	}
	return id, nil
}
