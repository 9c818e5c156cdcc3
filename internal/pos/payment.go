package pos

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
)

// AddPaymentInput is a payment towards an OPEN sale.
type AddPaymentInput struct {
	SaleID         uuid.UUID      `json:"saleId"`
	Method         payment.Method `json:"method"`
	Amount         money.Amount   `json:"amount"`
	Reference      string         `json:"reference,omitempty"`
	Notes          string         `json:"notes,omitempty"`
	IdempotencyKey string         `json:"-"`
}

// AddPayment records a payment on an OPEN sale; when the payments cover the
// total, the sale completes in the same transaction (stock, loyalty, event).
func (s Selling) AddPayment(ctx context.Context, in AddPaymentInput) (*ent.Sale, error) {
	in.Reference = strings.TrimSpace(in.Reference)
	id, err := s.idempotent(ctx, ScopePayment, in.IdempotencyKey, in, in.SaleID, func(ctx context.Context, tx *ent.Tx) error {
		st, err := readSettings(ctx, tx.Client())
		if err != nil {
			return err
		}
		sl, err := loadSale(ctx, tx, in.SaleID)
		if err != nil {
			return err
		}
		till, err := tillOf(ctx, tx)
		if err != nil {
			return err
		}
		if sl, err = s.pay(ctx, tx, sl, PaymentInput{Method: in.Method, Amount: in.Amount, Reference: in.Reference, Notes: in.Notes}, ownedKey(ctx, in.IdempotencyKey), st, "amount", till); err != nil {
			return err
		}
		if sl.PaidTotal >= sl.Total {
			if _, err := s.complete(ctx, tx, sl, st, till); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.clientFor(ctx).Sale.Get(ctx, id)
}

// AddPaymentRecord is AddPayment for callers that answer with the payment
// itself (the /v1 payments resource). The payment is found by the
// idempotency key it was recorded with, so a replay answers with the payment
// the first request made and a concurrent payment on the same sale is never
// mistaken for it; without a key the call makes one up.
func (s Selling) AddPaymentRecord(ctx context.Context, in AddPaymentInput) (*ent.Payment, error) {
	if strings.TrimSpace(in.IdempotencyKey) == "" {
		in.IdempotencyKey = "payment-" + uuid.NewString()
	}
	if _, err := s.AddPayment(ctx, in); err != nil {
		return nil, err
	}
	return s.clientFor(ctx).Payment.Query().
		Where(payment.SaleID(in.SaleID), payment.IdempotencyKey(ownedKey(ctx, in.IdempotencyKey))).
		Order(ent.Desc(payment.FieldCreatedAt)).First(ctx)
}

// pay applies one payment to an OPEN sale (see tender) and records it.
func (s *core) pay(ctx context.Context, tx *ent.Tx, sl *ent.Sale, p PaymentInput, key string, st Settings, field string, till *uuid.UUID) (*ent.Sale, error) {
	t, err := s.tender(ctx, tx, sl, p, st, field, till)
	if err != nil {
		return nil, err
	}
	if err := recordPayments(ctx, tx, sl, []tendered{t}, key, s.now(), till); err != nil {
		return nil, err
	}
	return tx.Sale.UpdateOne(sl).AddPaidTotal(t.applied).AddChangeDue(t.change).AddLoyaltyPointsRedeemed(t.points).Save(ctx)
}

// tendered is a payment checked against the balance it pays.
type tendered struct {
	PaymentInput
	// applied is what pays the sale: the amount, less change.
	applied money.Amount
	change  money.Amount
	// points are the loyalty points spent, for LOYALTY_POINTS.
	points int64
}

// tender checks one payment towards sl, an OPEN sale with its total and what
// is paid so far, and spends the loyalty points of a LOYALTY_POINTS payment.
// Only cash may exceed the balance due: the excess is change, and the payment
// records both what was tendered and the amount applied. LOYALTY_POINTS spends
// the sale customer's points at the configured point value. The caller adds
// the payment to sl (recordPayments, and the sale's paid_total, change_due
// and loyalty_points_redeemed).
func (s *core) tender(ctx context.Context, tx *ent.Tx, sl *ent.Sale, p PaymentInput, st Settings, field string, till *uuid.UUID) (tendered, error) {
	t := tendered{PaymentInput: p}
	if _, err := CheckSaleTransition(sl.Status, ActionPay); err != nil {
		return t, err
	}
	if err := payment.MethodValidator(p.Method); err != nil {
		return t, fault.BadInput(field, "unknown payment method %q", p.Method)
	}
	if err := checkTill(till, p.Method, st, field); err != nil {
		return t, err
	}
	if p.Amount <= 0 || p.Amount > money.Max {
		return t, fault.BadInput(field, "payment amount must be positive, got %s", p.Amount)
	}
	due := sl.Total - sl.PaidTotal
	if due <= 0 {
		return t, fault.BadInput(field, "sale %s has nothing left to pay", sl.ID)
	}
	t.applied = p.Amount
	if p.Amount > due {
		if p.Method != payment.MethodCASH {
			return t, fault.BadInput(field, "a %s payment of %s exceeds the balance due of %s; only cash may be overpaid", p.Method, p.Amount, due)
		}
		t.applied = due
	}
	t.change = p.Amount - t.applied
	if p.Method == payment.MethodLOYALTY_POINTS {
		if sl.CustomerID == nil {
			return t, fault.BadInput(field, "paying with loyalty points needs a customer on the sale")
		}
		t.points = pointsFor(t.applied, st)
		if err := spendPoints(ctx, tx, *sl.CustomerID, t.points, st); err != nil {
			return t, err
		}
	}
	return t, nil
}

// recordPayments writes the SALE payments ts of sl, paid at now into till
// (the open session of the cashier taking them: the drawer the cash goes
// into, which need not be the session of the sale), in one statement however
// many payments. Each is also its sale's legacy transaction, derived from it
// when read (see LegacyTransactions).
func recordPayments(ctx context.Context, tx *ent.Tx, sl *ent.Sale, ts []tendered, key string, now time.Time, till *uuid.UUID) error {
	creates := make([]*ent.PaymentCreate, len(ts))
	for i, t := range ts {
		creates[i] = tx.Payment.Create().SetSaleID(sl.ID).SetMethod(t.Method).SetKind(payment.KindSALE).
			SetStatus(payment.StatusCOMPLETED).SetAmount(t.applied).SetTendered(t.Amount).
			SetReference(t.Reference).SetPaidAt(now).SetNillableCashSessionID(till)
		if t.Notes != "" {
			creates[i].SetNotes(t.Notes)
		}
		if key != "" {
			creates[i].SetIdempotencyKey(key)
		}
	}
	return tx.Payment.CreateBulk(creates...).Exec(ctx)
}
