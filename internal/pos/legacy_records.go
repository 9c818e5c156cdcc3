package pos

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/notification"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
)

// The records below are kept for clients of the documented /v1 API: legacy
// transactions, payments made outside any sale, sale notes and notifications.
// None of them moves money or stock (reports and Z-reports read payments
// through their sale or cash session, which these never set), so like the
// writes in records.go they carry no rule beyond the schema's validators and
// run in inTx only so the audit entry commits or rolls back with the change.

// LegacyRecords holds the writes of those records. The GraphQL API has none
// of them; /v1 reaches them through Service.Legacy.
type LegacyRecords struct{ *core }

// Legacy returns the writes of the legacy records /v1 keeps.
func (s *Service) Legacy() LegacyRecords { return LegacyRecords{s.core} }

// TransactionInput are the fields of a legacy transaction record. On create
// PaymentType is required; on update a nil field is left as it is. The ids
// must name existing records; the database refuses others (fault.CodeConflict), so a
// port wanting a fault.CodeNotFound checks them first.
type TransactionInput struct {
	PaymentType *string
	SaleID      *uuid.UUID
	EmployeeID  *uuid.UUID
	PaymentID   *uuid.UUID
}

// CreateTransaction adds a legacy transaction record.
func (l LegacyRecords) CreateTransaction(ctx context.Context, in TransactionInput) (*ent.Transaction, error) {
	return write(ctx, l.core, func(ctx context.Context, tx *ent.Tx) (*ent.Transaction, error) {
		c := tx.Transaction.Create().SetNillableSaleID(in.SaleID).SetNillableEmployeeID(in.EmployeeID).SetNillablePaymentID(in.PaymentID)
		if in.PaymentType != nil {
			c.SetPaymentType(*in.PaymentType)
		}
		return c.Save(ctx)
	})
}

// UpdateTransaction changes the fields of a legacy transaction record that in
// sets. A record derived from a payment (see LegacyTransactions) is stored
// first, as it stands, and then changed like any stored one.
func (l LegacyRecords) UpdateTransaction(ctx context.Context, id uuid.UUID, in TransactionInput) (*ent.Transaction, error) {
	return write(ctx, l.core, func(ctx context.Context, tx *ent.Tx) (*ent.Transaction, error) {
		update := func() (*ent.Transaction, error) {
			return tx.Transaction.UpdateOneID(id).SetNillablePaymentType(in.PaymentType).
				SetNillableSaleID(in.SaleID).SetNillableEmployeeID(in.EmployeeID).SetNillablePaymentID(in.PaymentID).Save(ctx)
		}
		t, err := update()
		if !ent.IsNotFound(err) {
			return t, err
		}
		if _, err := storeDerivedTransaction(ctx, tx, id); err != nil {
			return nil, err
		}
		// The row just stored, one a concurrent change stored, or not found.
		return update()
	})
}

// DeleteTransaction removes a legacy transaction record: a stored row is
// deleted, a record derived from a payment is no longer derived.
func (l LegacyRecords) DeleteTransaction(ctx context.Context, id uuid.UUID) error {
	return l.core.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		del := func() error { return tx.Transaction.DeleteOneID(id).Exec(ctx) }
		if err := del(); !ent.IsNotFound(err) {
			return err
		}
		if ok, err := deleteDerivedTransaction(ctx, tx, id); err != nil || ok {
			return err
		}
		// One a concurrent change stored meanwhile, or not found.
		return del()
	})
}

// BarePaymentInput is a payment recorded outside any sale: a legacy record
// that pays nothing off. A payment towards a sale goes through AddPayment.
type BarePaymentInput struct {
	Method payment.Method
	Amount money.Amount
	// Status is the schema's default (COMPLETED) when empty.
	Status    payment.Status
	Reference *string
	Notes     *string
	// PaidAt is now when nil.
	PaidAt *time.Time
}

// CreateBarePayment records a payment that belongs to no sale.
func (l LegacyRecords) CreateBarePayment(ctx context.Context, in BarePaymentInput) (*ent.Payment, error) {
	return write(ctx, l.core, func(ctx context.Context, tx *ent.Tx) (*ent.Payment, error) {
		c := tx.Payment.Create().SetMethod(in.Method).SetAmount(in.Amount).SetPaidAt(l.core.now()).
			SetNillablePaidAt(in.PaidAt).SetNillableReference(in.Reference).SetNillableNotes(in.Notes)
		if in.Status != "" {
			c.SetStatus(in.Status)
		}
		return c.Save(ctx)
	})
}

// AnnotatePayment changes what a payment says about itself, its reference and
// notes (nil leaves one as it is). Its amount, method and status are money
// already counted and never change here.
func (l LegacyRecords) AnnotatePayment(ctx context.Context, id uuid.UUID, reference, notes *string) (*ent.Payment, error) {
	return write(ctx, l.core, func(ctx context.Context, tx *ent.Tx) (*ent.Payment, error) {
		return tx.Payment.UpdateOneID(id).SetNillableReference(reference).SetNillableNotes(notes).Save(ctx)
	})
}

// DeleteBarePayment removes a payment that belongs to no sale. One taken on a
// sale is part of the sale's history and is refused (fault.CodeConflict): refunding or
// voiding the sale is how that money goes back.
func (l LegacyRecords) DeleteBarePayment(ctx context.Context, id uuid.UUID) error {
	return l.core.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		p, err := tx.Payment.Get(ctx, id)
		if ent.IsNotFound(err) {
			return fault.NotFound("payment", id)
		}
		if err != nil {
			return err
		}
		if p.SaleID != nil {
			return fault.Conflict("the payment belongs to a sale; refund or void the sale instead")
		}
		return tx.Payment.DeleteOneID(id).Exec(ctx)
	})
}

// SetSaleNotes replaces a sale's notes, whatever its status: notes are free
// text about the sale, not part of its money.
func (l LegacyRecords) SetSaleNotes(ctx context.Context, id uuid.UUID, notes string) error {
	return l.core.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		err := tx.Sale.UpdateOneID(id).SetNotes(notes).Exec(ctx)
		if ent.IsNotFound(err) {
			return fault.NotFound("sale", id)
		}
		return err
	})
}

// NotificationInput is a notification raised by hand rather than by a stock
// rule.
type NotificationInput struct {
	Type    notification.Type
	Message string
	// Timestamp is the schema's default (now) when nil.
	Timestamp *time.Time
	ProductID *uuid.UUID
}

// CreateNotification adds a notification. Notifications are not audited;
// this runs in inTx like every write so it joins a caller's transaction.
func (l LegacyRecords) CreateNotification(ctx context.Context, in NotificationInput) (*ent.Notification, error) {
	return write(ctx, l.core, func(ctx context.Context, tx *ent.Tx) (*ent.Notification, error) {
		return tx.Notification.Create().SetType(in.Type).SetMessage(in.Message).
			SetNillableTimestamp(in.Timestamp).SetNillableProductID(in.ProductID).Save(ctx)
	})
}
