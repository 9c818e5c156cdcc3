package pos

import (
	"context"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/discount"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
)

// The writes below carry no rule of their own beyond the schema's validators:
// they live here so both ports make them the same way, each in a transaction
// of its own (or the caller's), where its audit entry commits or rolls back
// with the change (see store.AuditHook). Errors are ent's, unchanged, so a
// missing row is still fault.CodeNotFound and a bad value still fault.CodeBadInput.

// txEntity is an ent entity, which can be detached from the transaction that
// returned it (Unwrap) so its edges stay loadable once that has ended.
type txEntity[T any] interface{ Unwrap() T }

// write runs fn in inTx and returns the entity it wrote, ready for use after
// the transaction: bound back to the client when inTx began the transaction,
// left in the caller's when the context carried one (it is still open).
func write[T txEntity[T]](ctx context.Context, s *core, fn func(ctx context.Context, tx *ent.Tx) (T, error)) (T, error) {
	own := ent.TxFromContext(ctx) == nil
	var v T
	err := s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		var err error
		v, err = fn(ctx, tx)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	if own {
		v = v.Unwrap()
	}
	return v, nil
}

// CreateCustomer adds a customer.
func (s Customers) CreateCustomer(ctx context.Context, in CreateCustomerRequest) (*ent.Customer, error) {
	return write(ctx, s.core, func(ctx context.Context, tx *ent.Tx) (*ent.Customer, error) {
		c := tx.Customer.Create()
		in.mutate(c.Mutation())
		return c.Save(ctx)
	})
}

// CreateSupplier adds a supplier.
func (s Stock) CreateSupplier(ctx context.Context, in CreateSupplierRequest) (*ent.Supplier, error) {
	return write(ctx, s.core, func(ctx context.Context, tx *ent.Tx) (*ent.Supplier, error) {
		c := tx.Supplier.Create()
		in.mutate(c.Mutation())
		return c.Save(ctx)
	})
}

// UpdateSupplier changes a supplier.
func (s Stock) UpdateSupplier(ctx context.Context, id uuid.UUID, in UpdateSupplierRequest) (*ent.Supplier, error) {
	return write(ctx, s.core, func(ctx context.Context, tx *ent.Tx) (*ent.Supplier, error) {
		u := tx.Supplier.UpdateOneID(id)
		in.mutate(u.Mutation())
		return u.Save(ctx)
	})
}

// DeleteSupplier removes a supplier. Inventory pointing at it lets go (the
// foreign key sets NULL); one with purchase orders is refused by the database
// (fault.CodeConflict), as the orders must keep their supplier.
func (s Stock) DeleteSupplier(ctx context.Context, id uuid.UUID) error {
	return s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		return tx.Supplier.DeleteOneID(id).Exec(ctx)
	})
}

// CreateDiscount adds a discount (see checkDiscount).
func (s Catalogue) CreateDiscount(ctx context.Context, in CreateDiscountRequest) (*ent.Discount, error) {
	return write(ctx, s.core, func(ctx context.Context, tx *ent.Tx) (*ent.Discount, error) {
		c := tx.Discount.Create()
		in.mutate(c.Mutation())
		d, err := c.Save(ctx)
		if err != nil {
			return nil, err
		}
		return d, checkDiscount(d)
	})
}

// UpdateDiscount changes a discount (see checkDiscount).
func (s Catalogue) UpdateDiscount(ctx context.Context, id uuid.UUID, in UpdateDiscountRequest) (*ent.Discount, error) {
	return write(ctx, s.core, func(ctx context.Context, tx *ent.Tx) (*ent.Discount, error) {
		u := tx.Discount.UpdateOneID(id)
		in.mutate(u.Mutation())
		d, err := u.Save(ctx)
		if err != nil {
			return nil, err
		}
		return d, checkDiscount(d)
	})
}

// maxPercentage is 100.00%: the Value of a PERCENTAGE discount is in
// hundredths of a percent, as money.Amount's minor units.
const maxPercentage money.Amount = 100_00

// checkDiscount checks a discount as it stands after a write (so an update
// of only its type or only its value is checked against the other): a
// PERCENTAGE takes 0 to 100% (150% would pay the customer to shop, and was
// accepted), a FIXED_AMOUNT and a minimum subtotal are never negative. A
// refusal rolls the write back.
func checkDiscount(d *ent.Discount) error {
	switch {
	case d.Type == discount.TypePERCENTAGE && (d.Value < 0 || d.Value > maxPercentage):
		return fault.BadInput("value", "a PERCENTAGE discount must be between 0 and 100, got %s", d.Value)
	case d.Value < 0:
		return fault.BadInput("value", "a FIXED_AMOUNT discount must not be negative, got %s", d.Value)
	case d.MinSubtotal < 0:
		return fault.BadInput("minSubtotal", "a discount's minimum subtotal must not be negative, got %s", d.MinSubtotal)
	}
	return nil
}

// DeleteDiscount removes a discount.
func (s Catalogue) DeleteDiscount(ctx context.Context, id uuid.UUID) error {
	return s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		return tx.Discount.DeleteOneID(id).Exec(ctx)
	})
}

// CreateLoyaltyProgram adds a loyalty program.
func (s Customers) CreateLoyaltyProgram(ctx context.Context, in CreateLoyaltyProgramRequest) (*ent.LoyaltyProgram, error) {
	return write(ctx, s.core, func(ctx context.Context, tx *ent.Tx) (*ent.LoyaltyProgram, error) {
		c := tx.LoyaltyProgram.Create()
		in.mutate(c.Mutation())
		return c.Save(ctx)
	})
}

// UpdateLoyaltyProgram changes a loyalty program.
func (s Customers) UpdateLoyaltyProgram(ctx context.Context, id uuid.UUID, in UpdateLoyaltyProgramRequest) (*ent.LoyaltyProgram, error) {
	return write(ctx, s.core, func(ctx context.Context, tx *ent.Tx) (*ent.LoyaltyProgram, error) {
		u := tx.LoyaltyProgram.UpdateOneID(id)
		in.mutate(u.Mutation())
		return u.Save(ctx)
	})
}

// DeleteLoyaltyProgram removes a loyalty program.
func (s Customers) DeleteLoyaltyProgram(ctx context.Context, id uuid.UUID) error {
	return s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		return tx.LoyaltyProgram.DeleteOneID(id).Exec(ctx)
	})
}

// CreateEmployee adds an employee.
func (s Staff) CreateEmployee(ctx context.Context, in CreateEmployeeRequest) (*ent.Employee, error) {
	return write(ctx, s.core, func(ctx context.Context, tx *ent.Tx) (*ent.Employee, error) {
		c := tx.Employee.Create()
		in.mutate(c.Mutation())
		return c.Save(ctx)
	})
}

// UpdateEmployee changes an employee.
func (s Staff) UpdateEmployee(ctx context.Context, id uuid.UUID, in UpdateEmployeeRequest) (*ent.Employee, error) {
	return write(ctx, s.core, func(ctx context.Context, tx *ent.Tx) (*ent.Employee, error) {
		u := tx.Employee.UpdateOneID(id)
		in.mutate(u.Mutation())
		return u.Save(ctx)
	})
}

// DeleteEmployee removes an employee.
func (s Staff) DeleteEmployee(ctx context.Context, id uuid.UUID) error {
	return s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		return tx.Employee.DeleteOneID(id).Exec(ctx)
	})
}
