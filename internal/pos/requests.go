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
// from their own inputs.

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
func (r *CreateProductRequest) mutate(m *ent.ProductMutation) {
	if v := r.CreatedAt; v != nil {
		m.SetCreatedAt(*v)
	}
	if v := r.UpdatedAt; v != nil {
		m.SetUpdatedAt(*v)
	}
	m.SetName(r.Name)
	if v := r.Description; v != nil {
		m.SetDescription(*v)
	}
	m.SetSku(r.Sku)
	if v := r.Barcode; v != nil {
		m.SetBarcode(*v)
	}
	if v := r.Category; v != nil {
		m.SetCategory(*v)
	}
	if v := r.Price; v != nil {
		m.SetPrice(*v)
	}
	if v := r.Cost; v != nil {
		m.SetCost(*v)
	}
	if v := r.IsActive; v != nil {
		m.SetIsActive(*v)
	}
	if v := r.DiscountID; v != nil {
		m.SetDiscountID(*v)
	}
}

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
func (r *UpdateProductRequest) mutate(m *ent.ProductMutation) {
	if v := r.UpdatedAt; v != nil {
		m.SetUpdatedAt(*v)
	}
	if v := r.Name; v != nil {
		m.SetName(*v)
	}
	if r.ClearDescription {
		m.ClearDescription()
	}
	if v := r.Description; v != nil {
		m.SetDescription(*v)
	}
	if v := r.Sku; v != nil {
		m.SetSku(*v)
	}
	if r.ClearBarcode {
		m.ClearBarcode()
	}
	if v := r.Barcode; v != nil {
		m.SetBarcode(*v)
	}
	if r.ClearCategory {
		m.ClearCategory()
	}
	if v := r.Category; v != nil {
		m.SetCategory(*v)
	}
	if v := r.Price; v != nil {
		m.SetPrice(*v)
	}
	if v := r.Cost; v != nil {
		m.SetCost(*v)
	}
	if v := r.IsActive; v != nil {
		m.SetIsActive(*v)
	}
	if r.ClearDiscount {
		m.ClearDiscount()
	}
	if v := r.DiscountID; v != nil {
		m.SetDiscountID(*v)
	}
}

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
	if v := r.CreatedAt; v != nil {
		m.SetCreatedAt(*v)
	}
	if v := r.UpdatedAt; v != nil {
		m.SetUpdatedAt(*v)
	}
	m.SetName(r.Name)
	if v := r.ContactInfo; v != nil {
		m.SetContactInfo(*v)
	}
	if v := r.Email; v != nil {
		m.SetEmail(*v)
	}
	if v := r.Phone; v != nil {
		m.SetPhone(*v)
	}
	if v := r.Address; v != nil {
		m.SetAddress(*v)
	}
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
	if v := r.UpdatedAt; v != nil {
		m.SetUpdatedAt(*v)
	}
	if v := r.Name; v != nil {
		m.SetName(*v)
	}
	if v := r.ContactInfo; v != nil {
		m.SetContactInfo(*v)
	}
	if r.ClearEmail {
		m.ClearEmail()
	}
	if v := r.Email; v != nil {
		m.SetEmail(*v)
	}
	if r.ClearPhone {
		m.ClearPhone()
	}
	if v := r.Phone; v != nil {
		m.SetPhone(*v)
	}
	if r.ClearAddress {
		m.ClearAddress()
	}
	if v := r.Address; v != nil {
		m.SetAddress(*v)
	}
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
	if v := r.CreatedAt; v != nil {
		m.SetCreatedAt(*v)
	}
	if v := r.UpdatedAt; v != nil {
		m.SetUpdatedAt(*v)
	}
	m.SetName(r.Name)
	if v := r.ContactPerson; v != nil {
		m.SetContactPerson(*v)
	}
	if v := r.Email; v != nil {
		m.SetEmail(*v)
	}
	if v := r.Phone; v != nil {
		m.SetPhone(*v)
	}
	if v := r.Address; v != nil {
		m.SetAddress(*v)
	}
	if v := r.ContactInfo; v != nil {
		m.SetContactInfo(*v)
	}
	if v := r.ProductList; v != nil {
		m.SetProductList(v)
	}
	if v := r.IsActive; v != nil {
		m.SetIsActive(*v)
	}
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
	if v := r.UpdatedAt; v != nil {
		m.SetUpdatedAt(*v)
	}
	if v := r.Name; v != nil {
		m.SetName(*v)
	}
	if r.ClearContactPerson {
		m.ClearContactPerson()
	}
	if v := r.ContactPerson; v != nil {
		m.SetContactPerson(*v)
	}
	if r.ClearEmail {
		m.ClearEmail()
	}
	if v := r.Email; v != nil {
		m.SetEmail(*v)
	}
	if r.ClearPhone {
		m.ClearPhone()
	}
	if v := r.Phone; v != nil {
		m.SetPhone(*v)
	}
	if r.ClearAddress {
		m.ClearAddress()
	}
	if v := r.Address; v != nil {
		m.SetAddress(*v)
	}
	if v := r.ContactInfo; v != nil {
		m.SetContactInfo(*v)
	}
	if r.ClearProductList {
		m.ClearProductList()
	}
	if v := r.ProductList; v != nil {
		m.SetProductList(v)
	}
	if r.AppendProductList != nil {
		m.AppendProductList(r.AppendProductList)
	}
	if v := r.IsActive; v != nil {
		m.SetIsActive(*v)
	}
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
	if v := r.CreatedAt; v != nil {
		m.SetCreatedAt(*v)
	}
	if v := r.UpdatedAt; v != nil {
		m.SetUpdatedAt(*v)
	}
	m.SetName(r.Name)
	if v := r.Code; v != nil {
		m.SetCode(*v)
	}
	m.SetType(r.Type)
	if v := r.Value; v != nil {
		m.SetValue(*v)
	}
	if v := r.MinSubtotal; v != nil {
		m.SetMinSubtotal(*v)
	}
	if v := r.StartsAt; v != nil {
		m.SetStartsAt(*v)
	}
	if v := r.EndsAt; v != nil {
		m.SetEndsAt(*v)
	}
	if v := r.IsActive; v != nil {
		m.SetIsActive(*v)
	}
	if v := r.ProductIDs; len(v) > 0 {
		m.AddProductIDs(v...)
	}
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
	if v := r.UpdatedAt; v != nil {
		m.SetUpdatedAt(*v)
	}
	if v := r.Name; v != nil {
		m.SetName(*v)
	}
	if r.ClearCode {
		m.ClearCode()
	}
	if v := r.Code; v != nil {
		m.SetCode(*v)
	}
	if v := r.Type; v != nil {
		m.SetType(*v)
	}
	if v := r.Value; v != nil {
		m.SetValue(*v)
	}
	if v := r.MinSubtotal; v != nil {
		m.SetMinSubtotal(*v)
	}
	if r.ClearStartsAt {
		m.ClearStartsAt()
	}
	if v := r.StartsAt; v != nil {
		m.SetStartsAt(*v)
	}
	if r.ClearEndsAt {
		m.ClearEndsAt()
	}
	if v := r.EndsAt; v != nil {
		m.SetEndsAt(*v)
	}
	if v := r.IsActive; v != nil {
		m.SetIsActive(*v)
	}
	if r.ClearProducts {
		m.ClearProducts()
	}
	if v := r.AddProductIDs; len(v) > 0 {
		m.AddProductIDs(v...)
	}
	if v := r.RemoveProductIDs; len(v) > 0 {
		m.RemoveProductIDs(v...)
	}
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
	if v := r.CreatedAt; v != nil {
		m.SetCreatedAt(*v)
	}
	if v := r.UpdatedAt; v != nil {
		m.SetUpdatedAt(*v)
	}
	if v := r.Name; v != nil {
		m.SetName(*v)
	}
	if v := r.Points; v != nil {
		m.SetPoints(*v)
	}
	if v := r.Tier; v != nil {
		m.SetTier(*v)
	}
	m.SetCustomerID(r.CustomerID)
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
	if v := r.UpdatedAt; v != nil {
		m.SetUpdatedAt(*v)
	}
	if v := r.Name; v != nil {
		m.SetName(*v)
	}
	if v := r.Points; v != nil {
		m.SetPoints(*v)
	}
	if v := r.Tier; v != nil {
		m.SetTier(*v)
	}
	if v := r.CustomerID; v != nil {
		m.SetCustomerID(*v)
	}
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
	if v := r.CreatedAt; v != nil {
		m.SetCreatedAt(*v)
	}
	if v := r.UpdatedAt; v != nil {
		m.SetUpdatedAt(*v)
	}
	m.SetName(r.Name)
	m.SetPosition(r.Position)
	if v := r.Email; v != nil {
		m.SetEmail(*v)
	}
	if v := r.Phone; v != nil {
		m.SetPhone(*v)
	}
	if v := r.IsActive; v != nil {
		m.SetIsActive(*v)
	}
	if v := r.HiredAt; v != nil {
		m.SetHiredAt(*v)
	}
	if v := r.UserID; v != nil {
		m.SetUserID(*v)
	}
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
	if v := r.UpdatedAt; v != nil {
		m.SetUpdatedAt(*v)
	}
	if v := r.Name; v != nil {
		m.SetName(*v)
	}
	if v := r.Position; v != nil {
		m.SetPosition(*v)
	}
	if r.ClearEmail {
		m.ClearEmail()
	}
	if v := r.Email; v != nil {
		m.SetEmail(*v)
	}
	if r.ClearPhone {
		m.ClearPhone()
	}
	if v := r.Phone; v != nil {
		m.SetPhone(*v)
	}
	if v := r.IsActive; v != nil {
		m.SetIsActive(*v)
	}
	if r.ClearHiredAt {
		m.ClearHiredAt()
	}
	if v := r.HiredAt; v != nil {
		m.SetHiredAt(*v)
	}
	if r.ClearUser {
		m.ClearUser()
	}
	if v := r.UserID; v != nil {
		m.SetUserID(*v)
	}
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
func (r *CreateSettingRequest) mutate(m *ent.SettingMutation) {
	if v := r.CreatedAt; v != nil {
		m.SetCreatedAt(*v)
	}
	if v := r.UpdatedAt; v != nil {
		m.SetUpdatedAt(*v)
	}
	m.SetKey(r.Key)
	m.SetValue(r.Value)
	if v := r.Description; v != nil {
		m.SetDescription(*v)
	}
	if v := r.IsSecret; v != nil {
		m.SetIsSecret(*v)
	}
}

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
func (r *UpdateSettingRequest) mutate(m *ent.SettingMutation) {
	if v := r.UpdatedAt; v != nil {
		m.SetUpdatedAt(*v)
	}
	if v := r.Key; v != nil {
		m.SetKey(*v)
	}
	if v := r.Value; v != nil {
		m.SetValue(*v)
	}
	if r.ClearDescription {
		m.ClearDescription()
	}
	if v := r.Description; v != nil {
		m.SetDescription(*v)
	}
	if v := r.IsSecret; v != nil {
		m.SetIsSecret(*v)
	}
}
