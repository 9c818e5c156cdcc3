package pos

import (
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/discount"
	"github.com/pandac/pandac/ent/loyaltyprogram"
	"github.com/pandac/pandac/internal/money"
)

// The requests below are what the catalogue and record writes take. Each
// sets its fields on the ent mutation itself (mutate); the ports fill them
// from their own inputs. Most match a generated entgql input field for
// field, so mutate converts to it and lets its Mutate apply them: the
// setters are written once, by the generator, while the core's signatures
// stay its own.

// CreateProductRequest is a new product's catalogue entry; a blank Sku gets
// a generated one. Optional fields are nil when not given. CreatedAt and
// UpdatedAt, when set, replace the current time.
type CreateProductRequest struct {
	CreatedAt   *time.Time
	UpdatedAt   *time.Time
	Name        string
	Description *string
	Sku         string
	Barcode     *string
	Category    *string
	Price       *money.Amount
	Cost        *money.Amount
	IsActive    *bool
	DiscountID  *uuid.UUID
}

// mutate sets the request's fields on m.
func (r *CreateProductRequest) mutate(m *ent.ProductMutation) { (*ent.CreateProductInput)(r).Mutate(m) }

// UpdateProductRequest lists the changes to a product: a nil field keeps its
// value, a Clear flag empties an optional one. UpdatedAt, when set, replaces
// the current time.
type UpdateProductRequest struct {
	UpdatedAt        *time.Time
	Name             *string
	ClearDescription bool
	Description      *string
	Sku              *string
	ClearBarcode     bool
	Barcode          *string
	ClearCategory    bool
	Category         *string
	Price            *money.Amount
	Cost             *money.Amount
	IsActive         *bool
	ClearDiscount    bool
	DiscountID       *uuid.UUID
}

// mutate sets the request's fields on m.
func (r *UpdateProductRequest) mutate(m *ent.ProductMutation) { (*ent.UpdateProductInput)(r).Mutate(m) }

// CreateCustomerRequest is a new customer. Optional fields are nil when not
// given. CreatedAt and UpdatedAt, when set, replace the current time.
type CreateCustomerRequest struct {
	CreatedAt   *time.Time
	UpdatedAt   *time.Time
	Name        string
	ContactInfo *string
	Email       *string
	Phone       *string
	Address     *string
}

// mutate sets the request's fields on m.
func (r *CreateCustomerRequest) mutate(m *ent.CustomerMutation) {
	(*ent.CreateCustomerInput)(r).Mutate(m)
}

// UpdateCustomerRequest lists the changes to a customer: a nil field keeps
// its value, a Clear flag empties an optional one. UpdatedAt, when set,
// replaces the current time.
type UpdateCustomerRequest struct {
	UpdatedAt    *time.Time
	Name         *string
	ContactInfo  *string
	ClearEmail   bool
	Email        *string
	ClearPhone   bool
	Phone        *string
	ClearAddress bool
	Address      *string
}

// mutate sets the request's fields on m.
func (r *UpdateCustomerRequest) mutate(m *ent.CustomerMutation) {
	(*ent.UpdateCustomerInput)(r).Mutate(m)
}

// CreateSupplierRequest is a new supplier. Optional fields are nil when not
// given. CreatedAt and UpdatedAt, when set, replace the current time.
type CreateSupplierRequest struct {
	CreatedAt     *time.Time
	UpdatedAt     *time.Time
	Name          string
	ContactPerson *string
	Email         *string
	Phone         *string
	Address       *string
	ContactInfo   *string
	ProductList   []string
	IsActive      *bool
}

// mutate sets the request's fields on m.
func (r *CreateSupplierRequest) mutate(m *ent.SupplierMutation) {
	(*ent.CreateSupplierInput)(r).Mutate(m)
}

// UpdateSupplierRequest lists the changes to a supplier: a nil field keeps
// its value, a Clear flag empties an optional one. UpdatedAt, when set,
// replaces the current time.
type UpdateSupplierRequest struct {
	UpdatedAt          *time.Time
	Name               *string
	ClearContactPerson bool
	ContactPerson      *string
	ClearEmail         bool
	Email              *string
	ClearPhone         bool
	Phone              *string
	ClearAddress       bool
	Address            *string
	ContactInfo        *string
	ClearProductList   bool
	ProductList        []string
	AppendProductList  []string
	IsActive           *bool
}

// mutate sets the request's fields on m.
func (r *UpdateSupplierRequest) mutate(m *ent.SupplierMutation) {
	(*ent.UpdateSupplierInput)(r).Mutate(m)
}

// CreateDiscountRequest is a new discount (checked by checkDiscount).
// Optional fields are nil when not given. CreatedAt and UpdatedAt, when set,
// replace the current time.
type CreateDiscountRequest struct {
	CreatedAt   *time.Time
	UpdatedAt   *time.Time
	Name        string
	Code        *string
	Type        discount.Type
	Value       *money.Amount
	MinSubtotal *money.Amount
	StartsAt    *time.Time
	EndsAt      *time.Time
	IsActive    *bool
	ProductIDs  []uuid.UUID
}

// mutate sets the request's fields on m.
func (r *CreateDiscountRequest) mutate(m *ent.DiscountMutation) {
	(*ent.CreateDiscountInput)(r).Mutate(m)
}

// UpdateDiscountRequest lists the changes to a discount: a nil field keeps
// its value, a Clear flag empties an optional one. UpdatedAt, when set,
// replaces the current time.
type UpdateDiscountRequest struct {
	UpdatedAt        *time.Time
	Name             *string
	ClearCode        bool
	Code             *string
	Type             *discount.Type
	Value            *money.Amount
	MinSubtotal      *money.Amount
	ClearStartsAt    bool
	StartsAt         *time.Time
	ClearEndsAt      bool
	EndsAt           *time.Time
	IsActive         *bool
	ClearProducts    bool
	AddProductIDs    []uuid.UUID
	RemoveProductIDs []uuid.UUID
}

// mutate sets the request's fields on m.
func (r *UpdateDiscountRequest) mutate(m *ent.DiscountMutation) {
	(*ent.UpdateDiscountInput)(r).Mutate(m)
}

// CreateLoyaltyProgramRequest is a new loyalty program of one customer.
// Optional fields are nil when not given. CreatedAt and UpdatedAt, when set,
// replace the current time.
type CreateLoyaltyProgramRequest struct {
	CreatedAt  *time.Time
	UpdatedAt  *time.Time
	Name       *string
	Points     *int64
	Tier       *loyaltyprogram.Tier
	CustomerID uuid.UUID
}

// mutate sets the request's fields on m.
func (r *CreateLoyaltyProgramRequest) mutate(m *ent.LoyaltyProgramMutation) {
	(*ent.CreateLoyaltyProgramInput)(r).Mutate(m)
}

// UpdateLoyaltyProgramRequest lists the changes to a loyalty program: a nil
// field keeps its value, a Clear flag empties an optional one. UpdatedAt,
// when set, replaces the current time.
type UpdateLoyaltyProgramRequest struct {
	UpdatedAt  *time.Time
	Name       *string
	Points     *int64
	Tier       *loyaltyprogram.Tier
	CustomerID *uuid.UUID
}

// mutate sets the request's fields on m.
func (r *UpdateLoyaltyProgramRequest) mutate(m *ent.LoyaltyProgramMutation) {
	(*ent.UpdateLoyaltyProgramInput)(r).Mutate(m)
}

// CreateEmployeeRequest is a new employee. Optional fields are nil when not
// given. CreatedAt and UpdatedAt, when set, replace the current time.
type CreateEmployeeRequest struct {
	CreatedAt *time.Time
	UpdatedAt *time.Time
	Name      string
	Position  string
	Email     *string
	Phone     *string
	IsActive  *bool
	HiredAt   *time.Time
	UserID    *uuid.UUID
}

// mutate sets the request's fields on m.
func (r *CreateEmployeeRequest) mutate(m *ent.EmployeeMutation) {
	(*ent.CreateEmployeeInput)(r).Mutate(m)
}

// UpdateEmployeeRequest lists the changes to an employee: a nil field keeps
// its value, a Clear flag empties an optional one. UpdatedAt, when set,
// replaces the current time.
type UpdateEmployeeRequest struct {
	UpdatedAt    *time.Time
	Name         *string
	Position     *string
	ClearEmail   bool
	Email        *string
	ClearPhone   bool
	Phone        *string
	IsActive     *bool
	ClearHiredAt bool
	HiredAt      *time.Time
	ClearUser    bool
	UserID       *uuid.UUID
}

// mutate sets the request's fields on m.
func (r *UpdateEmployeeRequest) mutate(m *ent.EmployeeMutation) {
	(*ent.UpdateEmployeeInput)(r).Mutate(m)
}

// CreateSettingRequest is a new setting. Optional fields are nil when not
// given. CreatedAt and UpdatedAt, when set, replace the current time.
type CreateSettingRequest struct {
	CreatedAt   *time.Time
	UpdatedAt   *time.Time
	Key         string
	Value       string
	Description *string
	IsSecret    *bool
}

// mutate sets the request's fields on m.
func (r *CreateSettingRequest) mutate(m *ent.SettingMutation) { (*ent.CreateSettingInput)(r).Mutate(m) }

// UpdateSettingRequest lists the changes to a setting: a nil field keeps its
// value, a Clear flag empties an optional one. UpdatedAt, when set, replaces
// the current time.
type UpdateSettingRequest struct {
	UpdatedAt        *time.Time
	Key              *string
	Value            *string
	ClearDescription bool
	Description      *string
	IsSecret         *bool
}

// mutate sets the request's fields on m.
func (r *UpdateSettingRequest) mutate(m *ent.SettingMutation) { (*ent.UpdateSettingInput)(r).Mutate(m) }
