package pos

import (
	"context"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
)

// The writes below carry no rule of their own beyond the schema's validators:
// they live here so both ports make them the same way, each in a transaction
// of its own (or the caller's), where its audit entry commits or rolls back
// with the change (see store.AuditHook). Errors are ent's, unchanged, so a
// missing row is still NOT_FOUND and a bad value still BAD_USER_INPUT.

// txEntity is an ent entity, which can be detached from the transaction that
// returned it (Unwrap) so its edges stay loadable once that has ended.
type txEntity[T any] interface{ Unwrap() T }

// write runs fn in inTx and returns the entity it wrote, ready for use after
// the transaction: bound back to the client when inTx began the transaction,
// left in the caller's when the context carried one (it is still open).
func write[T txEntity[T]](ctx context.Context, s *Service, fn func(ctx context.Context, tx *ent.Tx) (T, error)) (T, error) {
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
func (s *Service) CreateCustomer(ctx context.Context, in ent.CreateCustomerInput) (*ent.Customer, error) {
	return write(ctx, s, func(ctx context.Context, tx *ent.Tx) (*ent.Customer, error) {
		return tx.Customer.Create().SetInput(in).Save(ctx)
	})
}

// CreateSupplier adds a supplier.
func (s *Service) CreateSupplier(ctx context.Context, in ent.CreateSupplierInput) (*ent.Supplier, error) {
	return write(ctx, s, func(ctx context.Context, tx *ent.Tx) (*ent.Supplier, error) {
		return tx.Supplier.Create().SetInput(in).Save(ctx)
	})
}

// UpdateSupplier changes a supplier.
func (s *Service) UpdateSupplier(ctx context.Context, id uuid.UUID, in ent.UpdateSupplierInput) (*ent.Supplier, error) {
	return write(ctx, s, func(ctx context.Context, tx *ent.Tx) (*ent.Supplier, error) {
		return tx.Supplier.UpdateOneID(id).SetInput(in).Save(ctx)
	})
}

// DeleteSupplier removes a supplier. Inventory pointing at it lets go (the
// foreign key sets NULL); one with purchase orders is refused by the database
// (CONFLICT), as the orders must keep their supplier.
func (s *Service) DeleteSupplier(ctx context.Context, id uuid.UUID) error {
	return s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		return tx.Supplier.DeleteOneID(id).Exec(ctx)
	})
}

// CreateDiscount adds a discount.
func (s *Service) CreateDiscount(ctx context.Context, in ent.CreateDiscountInput) (*ent.Discount, error) {
	return write(ctx, s, func(ctx context.Context, tx *ent.Tx) (*ent.Discount, error) {
		return tx.Discount.Create().SetInput(in).Save(ctx)
	})
}

// UpdateDiscount changes a discount.
func (s *Service) UpdateDiscount(ctx context.Context, id uuid.UUID, in ent.UpdateDiscountInput) (*ent.Discount, error) {
	return write(ctx, s, func(ctx context.Context, tx *ent.Tx) (*ent.Discount, error) {
		return tx.Discount.UpdateOneID(id).SetInput(in).Save(ctx)
	})
}

// DeleteDiscount removes a discount.
func (s *Service) DeleteDiscount(ctx context.Context, id uuid.UUID) error {
	return s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		return tx.Discount.DeleteOneID(id).Exec(ctx)
	})
}

// CreateLoyaltyProgram adds a loyalty program.
func (s *Service) CreateLoyaltyProgram(ctx context.Context, in ent.CreateLoyaltyProgramInput) (*ent.LoyaltyProgram, error) {
	return write(ctx, s, func(ctx context.Context, tx *ent.Tx) (*ent.LoyaltyProgram, error) {
		return tx.LoyaltyProgram.Create().SetInput(in).Save(ctx)
	})
}

// UpdateLoyaltyProgram changes a loyalty program.
func (s *Service) UpdateLoyaltyProgram(ctx context.Context, id uuid.UUID, in ent.UpdateLoyaltyProgramInput) (*ent.LoyaltyProgram, error) {
	return write(ctx, s, func(ctx context.Context, tx *ent.Tx) (*ent.LoyaltyProgram, error) {
		return tx.LoyaltyProgram.UpdateOneID(id).SetInput(in).Save(ctx)
	})
}

// DeleteLoyaltyProgram removes a loyalty program.
func (s *Service) DeleteLoyaltyProgram(ctx context.Context, id uuid.UUID) error {
	return s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		return tx.LoyaltyProgram.DeleteOneID(id).Exec(ctx)
	})
}

// CreateSetting adds a setting.
func (s *Service) CreateSetting(ctx context.Context, in ent.CreateSettingInput) (*ent.Setting, error) {
	return write(ctx, s, func(ctx context.Context, tx *ent.Tx) (*ent.Setting, error) {
		return tx.Setting.Create().SetInput(in).Save(ctx)
	})
}

// DeleteSetting removes a setting; the selling rules fall back to its default.
func (s *Service) DeleteSetting(ctx context.Context, id uuid.UUID) error {
	return s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		return tx.Setting.DeleteOneID(id).Exec(ctx)
	})
}

// CreateEmployee adds an employee.
func (s *Service) CreateEmployee(ctx context.Context, in ent.CreateEmployeeInput) (*ent.Employee, error) {
	return write(ctx, s, func(ctx context.Context, tx *ent.Tx) (*ent.Employee, error) {
		return tx.Employee.Create().SetInput(in).Save(ctx)
	})
}

// UpdateEmployee changes an employee.
func (s *Service) UpdateEmployee(ctx context.Context, id uuid.UUID, in ent.UpdateEmployeeInput) (*ent.Employee, error) {
	return write(ctx, s, func(ctx context.Context, tx *ent.Tx) (*ent.Employee, error) {
		return tx.Employee.UpdateOneID(id).SetInput(in).Save(ctx)
	})
}

// DeleteEmployee removes an employee.
func (s *Service) DeleteEmployee(ctx context.Context, id uuid.UUID) error {
	return s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		return tx.Employee.DeleteOneID(id).Exec(ctx)
	})
}
