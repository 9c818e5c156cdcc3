package pos

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/internal/money"
)

// AddPaymentInput is a payment towards an OPEN sale.
type AddPaymentInput struct {
	SaleID         uuid.UUID      `json:"saleId"`
	Method         payment.Method `json:"method"`
	Amount         money.Amount   `json:"amount"`
	Reference      string         `json:"reference,omitempty"`
	IdempotencyKey string         `json:"-"`
}

// AddPayment records a payment on an OPEN sale; when the payments cover the
// total, the sale completes in the same transaction (stock, loyalty, event).
func (s *Service) AddPayment(ctx context.Context, in AddPaymentInput) (*ent.Sale, error) {
	in.Reference = strings.TrimSpace(in.Reference)
	id, err := s.idempotent(ctx, ScopePayment, in.IdempotencyKey, in, func(ctx context.Context, tx *ent.Tx) (uuid.UUID, error) {
		st, err := readSettings(ctx, tx.Client())
		if err != nil {
			return uuid.Nil, err
		}
		sl, err := loadSale(ctx, tx, in.SaleID)
		if err != nil {
			return uuid.Nil, err
		}
		till, err := tillOf(ctx, tx)
		if err != nil {
			return uuid.Nil, err
		}
		if sl, err = s.pay(ctx, tx, sl, PaymentInput{Method: in.Method, Amount: in.Amount, Reference: in.Reference}, in.IdempotencyKey, st, "amount", till); err != nil {
			return uuid.Nil, err
		}
		if sl.PaidTotal >= sl.Total {
			if _, err := s.complete(ctx, tx, sl, st, till); err != nil {
				return uuid.Nil, err
			}
		}
		return sl.ID, nil
	})
	if err != nil {
		return nil, err
	}
	return s.client.Sale.Get(ctx, id)
}

// pay applies one payment to an OPEN sale. Only cash may exceed the balance
// due: the excess is change, and the payment records both what was tendered
// and the amount applied. LOYALTY_POINTS spends the sale customer's points at
// the configured point value. A legacy Transaction row mirrors the payment.
// The payment belongs to till, the open session of the cashier taking it (the
// drawer the cash goes into), which need not be the session of the sale.
func (s *Service) pay(ctx context.Context, tx *ent.Tx, sl *ent.Sale, p PaymentInput, key string, st Settings, field string, till *uuid.UUID) (*ent.Sale, error) {
	if _, err := CheckSaleTransition(sl.Status, ActionPay); err != nil {
		return nil, err
	}
	if err := payment.MethodValidator(p.Method); err != nil {
		return nil, BadInput(field, "unknown payment method %q", p.Method)
	}
	if err := checkTill(till, p.Method, st, field); err != nil {
		return nil, err
	}
	if p.Amount <= 0 || p.Amount > money.Max {
		return nil, BadInput(field, "payment amount must be positive, got %s", p.Amount)
	}
	due := sl.Total - sl.PaidTotal
	if due <= 0 {
		return nil, BadInput(field, "sale %s has nothing left to pay", sl.ID)
	}
	applied := p.Amount
	if p.Amount > due {
		if p.Method != payment.MethodCASH {
			return nil, BadInput(field, "a %s payment of %s exceeds the balance due of %s; only cash may be overpaid", p.Method, p.Amount, due)
		}
		applied = due
	}
	change := p.Amount - applied
	var points int64
	if p.Method == payment.MethodLOYALTY_POINTS {
		if sl.CustomerID == nil {
			return nil, BadInput(field, "paying with loyalty points needs a customer on the sale")
		}
		points = pointsFor(applied, st)
		if err := spendPoints(ctx, tx, *sl.CustomerID, points, st); err != nil {
			return nil, err
		}
	}
	create := tx.Payment.Create().SetSaleID(sl.ID).SetMethod(p.Method).SetKind(payment.KindSALE).
		SetStatus(payment.StatusCOMPLETED).SetAmount(applied).SetTendered(p.Amount).
		SetReference(p.Reference).SetPaidAt(s.now()).SetNillableCashSessionID(till)
	if key != "" {
		create.SetIdempotencyKey(key)
	}
	pm, err := create.Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := legacyTransaction(ctx, tx, sl, pm); err != nil {
		return nil, err
	}
	return tx.Sale.UpdateOne(sl).AddPaidTotal(applied).AddChangeDue(change).AddLoyaltyPointsRedeemed(points).Save(ctx)
}

// legacyTransaction writes the /v1/transactions record of a payment.
func legacyTransaction(ctx context.Context, tx *ent.Tx, sl *ent.Sale, pm *ent.Payment) error {
	return tx.Transaction.Create().SetPaymentType(string(pm.Method)).SetSaleID(sl.ID).
		SetNillableEmployeeID(sl.EmployeeID).SetPaymentID(pm.ID).Exec(ctx)
}
