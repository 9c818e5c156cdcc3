package pos

import (
	"context"
	"fmt"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/transaction"
	"github.com/pandac/pandac/internal/ids"
)

// Legacy transactions are the records /v1/transactions serves: one for every
// payment taken on a sale (sale, refund and void pay-back alike), naming the
// payment, its method, its sale and the sale's employee. They are derived
// from the payments and sales rather than written with each payment: a
// payment whose derives_transaction is set is, read through
// LegacyTransactions, a Transaction whose
//
//   - id is the payment's id with the Transaction table tag (ids, byte 9), so
//     it is as stable and time-ordered as a stored id, and as unlikely to
//     meet another (the rest of every id is random);
//   - created_at and updated_at are the payment's created_at, created_by and
//     updated_by its created_by (the record was written with the payment and
//     never changed);
//   - payment_type is the payment's method, sale_id its sale, payment_id the
//     payment, employee_id the sale's employee.
//
// Stored rows of the transactions table remain for records /v1 writes itself
// (CreateTransaction), for payments taken before records were derived, and
// for derived records /v1 has since changed: UpdateTransaction stores such a
// record under its id before changing it, and DeleteTransaction of one just
// stops its payment deriving it. LegacyTransactions reads both as one table.
// GraphQL's node(id) reads the transactions table alone, so it finds the
// stored records only; the derived ones are /v1's.

// LegacyTransactions is the query of every legacy transaction, stored or
// derived, for c (a client's or a transaction's Transaction client); it takes
// predicates, order, offset and limit as any Transaction query does.
func LegacyTransactions(c *ent.TransactionClient) *ent.TransactionQuery {
	return legacyTransactions(c, nil, true)
}

// LegacyTransaction reads the legacy transaction id, stored or derived, in
// one statement that looks both up by primary key.
func LegacyTransaction(ctx context.Context, c *ent.TransactionClient, id uuid.UUID) (*ent.Transaction, error) {
	return legacyTransactions(c, &id, true).Only(ctx)
}

// derivedTransaction reads the legacy transaction id only if it is derived
// from a payment, not stored.
func derivedTransaction(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.Transaction, error) {
	return legacyTransactions(tx.Transaction, &id, false).Only(ctx)
}

// legacyTransactions is a Transaction query over the derived records and,
// when stored is set, the stored ones; with id set, only that record (a
// primary-key lookup in each table).
func legacyTransactions(c *ent.TransactionClient, id *uuid.UUID, stored bool) *ent.TransactionQuery {
	q := c.Query()
	q.Modify(func(s *entsql.Selector) { s.From(legacyTransactionsTable(s.Dialect(), id, stored)) })
	return q
}

// derivedTransactionID is the id of the legacy transaction derived from the
// payment paymentID; paymentIDOf undoes it (false for an id that cannot be
// one).
func derivedTransactionID(paymentID uuid.UUID) uuid.UUID {
	paymentID[9] = ids.TagTransaction
	return paymentID
}

func paymentIDOf(transactionID uuid.UUID) (uuid.UUID, bool) {
	if transactionID[9] != ids.TagTransaction {
		return uuid.Nil, false
	}
	transactionID[9] = ids.TagPayment
	return transactionID, true
}

// legacyTransactionsTable is the derived table legacyTransactions reads in
// place of the transactions table, under its name: the stored rows UNION ALL
// the derived ones. Every predicate and order ent writes for a Transaction
// query then applies to it unchanged. The stored rows come first, so the
// table ent sees is still the transactions table (ent's count qualifies its
// columns by it); without stored they are filtered out.
func legacyTransactionsTable(dialect string, id *uuid.UUID, stored bool) *entsql.Selector {
	b := entsql.Dialect(dialect)
	t := b.Table(transaction.Table)
	rows := b.Select(t.Columns(transaction.Columns...)...).From(t)
	switch {
	case !stored:
		rows.Where(entsql.False())
	case id != nil:
		rows.Where(entsql.EQ(t.C(transaction.FieldID), *id))
	}
	p, s := b.Table(payment.Table).As("p"), b.Table(sale.Table).As("s")
	// The derived id: byte 9 of the payment's id (positions 22-23 of its
	// text) replaced by the Transaction tag.
	tag := fmt.Sprintf("'%02x'", ids.TagTransaction)
	derivedID := "substr(" + p.C(payment.FieldID) + ", 1, 21) || " + tag + " || substr(" + p.C(payment.FieldID) + ", 24)"
	if dialect == dialectPostgres {
		derivedID = "CAST(OVERLAY(CAST(" + p.C(payment.FieldID) + " AS text) PLACING " + tag + " FROM 22 FOR 2) AS uuid)"
	}
	derived := map[string]string{
		transaction.FieldID:          derivedID,
		transaction.FieldCreatedAt:   p.C(payment.FieldCreatedAt),
		transaction.FieldUpdatedAt:   p.C(payment.FieldCreatedAt),
		transaction.FieldCreatedBy:   p.C(payment.FieldCreatedBy),
		transaction.FieldUpdatedBy:   p.C(payment.FieldCreatedBy),
		transaction.FieldPaymentType: p.C(payment.FieldMethod),
		transaction.FieldSaleID:      p.C(payment.FieldSaleID),
		transaction.FieldEmployeeID:  s.C(sale.FieldEmployeeID),
		transaction.FieldPaymentID:   p.C(payment.FieldID),
	}
	fromPayments := b.Select().From(p).Join(s).On(s.C(sale.FieldID), p.C(payment.FieldSaleID))
	for _, col := range transaction.Columns {
		fromPayments.AppendSelectExprAs(entsql.Expr(derived[col]), col)
	}
	fromPayments.Where(entsql.EQ(p.C(payment.FieldDerivesTransaction), true))
	if id != nil {
		pid, ok := paymentIDOf(*id)
		if !ok {
			fromPayments.Where(entsql.False())
		} else {
			fromPayments.Where(entsql.EQ(p.C(payment.FieldID), pid))
		}
	}
	return rows.UnionAll(fromPayments).As(transaction.Table)
}

// storeDerivedTransaction turns the derived legacy transaction id into a
// stored row, as it stands, for /v1 to change: its payment stops deriving
// it in the same transaction. It reports false, storing nothing, when id is
// no derived record: a stored one, none, or one a concurrent request has
// just stored or deleted.
func storeDerivedTransaction(ctx context.Context, tx *ent.Tx, id uuid.UUID) (bool, error) {
	d, err := derivedTransaction(ctx, tx, id)
	if ent.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if ok, err := stopDeriving(ctx, tx, *d.PaymentID); err != nil || !ok {
		return false, err
	}
	return true, tx.Transaction.Create().SetID(d.ID).SetCreatedAt(d.CreatedAt).SetUpdatedAt(d.UpdatedAt).
		SetPaymentType(d.PaymentType).SetNillableSaleID(d.SaleID).SetNillableEmployeeID(d.EmployeeID).
		SetNillablePaymentID(d.PaymentID).Exec(ctx)
}

// deleteDerivedTransaction makes the payment of the derived legacy
// transaction id derive it no more, and reports false when id is no derived
// record (as storeDerivedTransaction).
func deleteDerivedTransaction(ctx context.Context, tx *ent.Tx, id uuid.UUID) (bool, error) {
	d, err := derivedTransaction(ctx, tx, id)
	if ent.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return stopDeriving(ctx, tx, *d.PaymentID)
}

// stopDeriving makes the payment paymentID derive no legacy transaction any
// more. It reports false when the payment derived none by then (a
// concurrent request got there first).
func stopDeriving(ctx context.Context, tx *ent.Tx, paymentID uuid.UUID) (bool, error) {
	n, err := tx.Payment.Update().Where(payment.ID(paymentID), payment.DerivesTransaction(true)).
		SetDerivesTransaction(false).Save(ctx)
	return n == 1, err
}
