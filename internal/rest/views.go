package rest

import (
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/money"
)

// The JSON shapes of the documented API, snake_case, built from ent records.
// Money is money.Amount, written as a JSON number with two decimals.

type productView struct {
	ID           uuid.UUID     `json:"id"`
	Name         string        `json:"name"`
	Price        money.Amount  `json:"price"`
	Cost         *money.Amount `json:"cost" policy:"Product.cost"`
	Description  *string       `json:"description"`
	Category     *string       `json:"category"`
	SKU          string        `json:"sku"`
	Barcode      *string       `json:"barcode"`
	DiscountID   *uuid.UUID    `json:"discount_id"`
	IsActive     bool          `json:"is_active"`
	Quantity     *int64        `json:"stock_quantity,omitempty"`
	ReorderLevel *int64        `json:"reorder_level,omitempty"`
	CreatedAt    time.Time     `json:"created_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func productOf(p *ent.Product) productView {
	v := productView{
		ID: p.ID, Name: p.Name, Price: p.Price, Cost: &p.Cost, Description: nonEmpty(p.Description),
		Category: nonEmpty(p.Category), SKU: p.Sku, Barcode: p.Barcode, DiscountID: p.DiscountID,
		IsActive: p.IsActive, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
	}
	if inv := p.Edges.Inventory; inv != nil {
		v.Quantity, v.ReorderLevel = &inv.Quantity, &inv.ReorderLevel
	}
	return v
}

type customerView struct {
	ID            uuid.UUID `json:"id"`
	Name          string    `json:"name"`
	ContactInfo   string    `json:"contact_info"`
	Email         *string   `json:"email"`
	Phone         *string   `json:"phone"`
	Address       *string   `json:"address"`
	LoyaltyPoints int64     `json:"loyalty_points"`
	Tier          string    `json:"tier"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

func customerOf(c *ent.Customer) customerView {
	return customerView{
		ID: c.ID, Name: c.Name, ContactInfo: c.ContactInfo, Email: nonEmpty(c.Email), Phone: nonEmpty(c.Phone),
		Address: nonEmpty(c.Address), LoyaltyPoints: c.LoyaltyPoints, Tier: loyaltyTiers.toRest(string(c.Tier)),
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
}

// productRef is one entry of a supplier's product_list.
type productRef struct {
	ID   *uuid.UUID `json:"id,omitempty"`
	Name string     `json:"name,omitempty"`
}

type supplierView struct {
	ID            uuid.UUID    `json:"id"`
	Name          string       `json:"name"`
	ContactInfo   *string      `json:"contact_info" policy:"Supplier.contactInfo"`
	ContactPerson *string      `json:"contact_person" policy:"Supplier.contactPerson"`
	Email         *string      `json:"email" policy:"Supplier.email"`
	Phone         *string      `json:"phone" policy:"Supplier.phone"`
	Address       *string      `json:"address" policy:"Supplier.address"`
	ProductList   []productRef `json:"product_list"`
	IsActive      bool         `json:"is_active"`
	CreatedAt     time.Time    `json:"created_at"`
	UpdatedAt     time.Time    `json:"updated_at"`
}

func supplierOf(s *ent.Supplier) supplierView {
	list := make([]productRef, 0, len(s.ProductList))
	for _, e := range s.ProductList {
		if id, err := uuid.Parse(e); err == nil {
			list = append(list, productRef{ID: &id})
		} else {
			list = append(list, productRef{Name: e})
		}
	}
	return supplierView{
		ID: s.ID, Name: s.Name, ContactInfo: &s.ContactInfo, ContactPerson: nonEmpty(s.ContactPerson),
		Email: nonEmpty(s.Email), Phone: nonEmpty(s.Phone), Address: nonEmpty(s.Address),
		ProductList: list, IsActive: s.IsActive, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
	}
}

// poLineView is one entry of a purchase order's product_list.
type poLineView struct {
	ID        uuid.UUID    `json:"id"`
	ProductID uuid.UUID    `json:"product_id"`
	Quantity  int64        `json:"quantity"`
	UnitCost  money.Amount `json:"unit_cost"`
}

type purchaseOrderView struct {
	ID          uuid.UUID    `json:"id"`
	SupplierID  uuid.UUID    `json:"supplier_id"`
	ProductList []poLineView `json:"product_list"`
	Status      string       `json:"status"`
	Notes       *string      `json:"notes"`
	TotalCost   money.Amount `json:"total_cost"`
	ExpectedAt  *time.Time   `json:"expected_at"`
	ShippedAt   *time.Time   `json:"shipped_at"`
	DeliveredAt *time.Time   `json:"delivered_at"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

func purchaseOrderOf(po *ent.PurchaseOrder) purchaseOrderView {
	lines := make([]poLineView, 0, len(po.Edges.Lines))
	for _, l := range po.Edges.Lines {
		lines = append(lines, poLineView{ID: l.ID, ProductID: l.ProductID, Quantity: l.Quantity, UnitCost: l.UnitCost})
	}
	return purchaseOrderView{
		ID: po.ID, SupplierID: po.SupplierID, ProductList: lines, Status: purchaseOrderStatuses.toRest(string(po.Status)),
		Notes: nonEmpty(po.Notes), TotalCost: po.TotalCost, ExpectedAt: po.ExpectedAt, ShippedAt: po.ShippedAt,
		DeliveredAt: po.DeliveredAt, CreatedAt: po.CreatedAt, UpdatedAt: po.UpdatedAt,
	}
}

type discountView struct {
	ID                 uuid.UUID    `json:"id"`
	Name               string       `json:"name"`
	Code               *string      `json:"code" policy:"Discount.code"`
	Type               string       `json:"type"`
	Value              money.Amount `json:"value"`
	MinSubtotal        money.Amount `json:"min_subtotal"`
	StartsAt           *time.Time   `json:"starts_at"`
	EndsAt             *time.Time   `json:"ends_at"`
	IsActive           bool         `json:"is_active"`
	ApplicableProducts []uuid.UUID  `json:"applicable_products"`
	CreatedAt          time.Time    `json:"created_at"`
	UpdatedAt          time.Time    `json:"updated_at"`
}

func discountOf(d *ent.Discount) discountView {
	ids := make([]uuid.UUID, 0, len(d.Edges.Products))
	for _, p := range d.Edges.Products {
		ids = append(ids, p.ID)
	}
	return discountView{
		ID: d.ID, Name: d.Name, Code: d.Code, Type: discountTypes.toRest(string(d.Type)), Value: d.Value,
		MinSubtotal: d.MinSubtotal, StartsAt: d.StartsAt, EndsAt: d.EndsAt, IsActive: d.IsActive,
		ApplicableProducts: ids, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt,
	}
}

type loyaltyView struct {
	ID         uuid.UUID `json:"id"`
	CustomerID uuid.UUID `json:"customer_id"`
	Name       string    `json:"name"`
	Points     int64     `json:"points"`
	Tier       string    `json:"tier"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

func loyaltyOf(l *ent.LoyaltyProgram) loyaltyView {
	return loyaltyView{ID: l.ID, CustomerID: l.CustomerID, Name: l.Name, Points: l.Points,
		Tier: loyaltyTiers.toRest(string(l.Tier)), CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt}
}

type settingView struct {
	ID          uuid.UUID `json:"id"`
	Key         string    `json:"key"`
	Value       string    `json:"value"`
	Description *string   `json:"description"`
	IsSecret    bool      `json:"is_secret"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// settingOf shows a secret setting's value to administrators only, by the
// auth code's rule.
func (c *call) settingOf(s *ent.Setting) settingView {
	return settingView{ID: s.ID, Key: s.Key, Value: auth.SettingValue(c.ctx, s), Description: nonEmpty(s.Description),
		IsSecret: s.IsSecret, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt}
}

type employeeView struct {
	ID        uuid.UUID  `json:"id"`
	Name      string     `json:"name"`
	Position  string     `json:"position"`
	Email     *string    `json:"email"`
	Phone     *string    `json:"phone"`
	IsActive  bool       `json:"is_active"`
	HiredAt   *time.Time `json:"hired_at"`
	UserID    *uuid.UUID `json:"user_id"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

func employeeOf(e *ent.Employee) employeeView {
	return employeeView{ID: e.ID, Name: e.Name, Position: e.Position, Email: nonEmpty(e.Email), Phone: nonEmpty(e.Phone),
		IsActive: e.IsActive, HiredAt: e.HiredAt, UserID: e.UserID, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt}
}

type userView struct {
	ID        uuid.UUID  `json:"id"`
	Username  string     `json:"username"`
	FullName  *string    `json:"full_name"`
	Email     *string    `json:"email"`
	RoleID    *uuid.UUID `json:"role_id"`
	IsActive  bool       `json:"is_active"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

func userOf(u *ent.User) userView {
	return userView{ID: u.ID, Username: u.Username, FullName: nonEmpty(u.FullName), Email: nonEmpty(u.Email),
		RoleID: u.RoleID, IsActive: u.IsActive, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

type roleView struct {
	ID          uuid.UUID `json:"id"`
	Name        string    `json:"name"`
	Description *string   `json:"description"`
	Permissions []string  `json:"permissions"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func roleOf(r *ent.Role) roleView {
	p := r.Permissions
	if p == nil {
		p = []string{}
	}
	return roleView{ID: r.ID, Name: r.Name, Description: nonEmpty(r.Description), Permissions: p, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

type notificationView struct {
	ID        uuid.UUID  `json:"id"`
	Type      string     `json:"type"`
	Message   string     `json:"message"`
	Timestamp time.Time  `json:"timestamp"`
	IsRead    bool       `json:"is_read"`
	ProductID *uuid.UUID `json:"product_id"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

func notificationOf(n *ent.Notification) notificationView {
	return notificationView{ID: n.ID, Type: notificationTypes.toRest(string(n.Type)), Message: n.Message,
		Timestamp: n.Timestamp, IsRead: n.IsRead, ProductID: n.ProductID, CreatedAt: n.CreatedAt, UpdatedAt: n.UpdatedAt}
}

type saleItemView struct {
	ID             uuid.UUID    `json:"id"`
	SaleID         uuid.UUID    `json:"sale_id"`
	ProductID      uuid.UUID    `json:"product_id"`
	ProductName    string       `json:"product_name"`
	Quantity       int64        `json:"quantity"`
	UnitPrice      money.Amount `json:"unit_price"`
	DiscountAmount money.Amount `json:"discount_amount"`
	TaxAmount      money.Amount `json:"tax_amount"`
	Subtotal       money.Amount `json:"subtotal"`
	CreatedAt      time.Time    `json:"created_at"`
	UpdatedAt      time.Time    `json:"updated_at"`
}

func saleItemOf(i *ent.SaleItem) saleItemView {
	return saleItemView{ID: i.ID, SaleID: i.SaleID, ProductID: i.ProductID, ProductName: i.ProductName, Quantity: i.Quantity,
		UnitPrice: i.UnitPrice, DiscountAmount: i.DiscountTotal, TaxAmount: i.TaxTotal, Subtotal: i.Subtotal,
		CreatedAt: i.CreatedAt, UpdatedAt: i.UpdatedAt}
}

type paymentView struct {
	ID              uuid.UUID    `json:"id"`
	SaleID          *uuid.UUID   `json:"sale_id"`
	PaymentMethod   string       `json:"payment_method"`
	Method          string       `json:"method"`
	Amount          money.Amount `json:"amount"`
	Status          string       `json:"status"`
	Kind            string       `json:"kind"`
	PaymentDate     time.Time    `json:"payment_date"`
	ReferenceNumber *string      `json:"reference_number"`
	Notes           *string      `json:"notes"`
	CreatedAt       time.Time    `json:"created_at"`
	UpdatedAt       time.Time    `json:"updated_at"`
}

func paymentOf(p *ent.Payment) paymentView {
	m := paymentMethods.toRest(string(p.Method))
	return paymentView{ID: p.ID, SaleID: p.SaleID, PaymentMethod: m, Method: m, Amount: p.Amount,
		Status: paymentStatuses.toRest(string(p.Status)), Kind: string(p.Kind), PaymentDate: p.PaidAt,
		ReferenceNumber: nonEmpty(p.Reference), Notes: nonEmpty(p.Notes), CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

type saleView struct {
	ID             uuid.UUID      `json:"id"`
	CustomerID     *uuid.UUID     `json:"customer_id"`
	CashierID      *uuid.UUID     `json:"cashier_id"`
	EmployeeID     *uuid.UUID     `json:"employee_id"`
	SaleDate       time.Time      `json:"sale_date"`
	Subtotal       money.Amount   `json:"subtotal"`
	DiscountAmount money.Amount   `json:"discount_amount"`
	TaxAmount      money.Amount   `json:"tax_amount"`
	TotalAmount    money.Amount   `json:"total_amount"`
	PaidAmount     money.Amount   `json:"paid_amount"`
	ChangeDue      money.Amount   `json:"change_due"`
	RefundedAmount money.Amount   `json:"refunded_amount"`
	Status         string         `json:"status"`
	Notes          *string        `json:"notes"`
	Items          []saleItemView `json:"items"`
	Payments       []paymentView  `json:"payments"`
	CompletedAt    *time.Time     `json:"completed_at"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

func saleOf(s *ent.Sale) saleView {
	items := make([]saleItemView, 0, len(s.Edges.Items))
	for _, i := range s.Edges.Items {
		items = append(items, saleItemOf(i))
	}
	pays := make([]paymentView, 0, len(s.Edges.Payments))
	for _, p := range s.Edges.Payments {
		pays = append(pays, paymentOf(p))
	}
	date := s.CreatedAt
	if s.CompletedAt != nil {
		date = *s.CompletedAt
	}
	return saleView{ID: s.ID, CustomerID: s.CustomerID, CashierID: s.CashierID, EmployeeID: s.EmployeeID, SaleDate: date,
		Subtotal: s.Subtotal, DiscountAmount: s.DiscountTotal, TaxAmount: s.TaxTotal, TotalAmount: s.Total,
		PaidAmount: s.PaidTotal, ChangeDue: s.ChangeDue, RefundedAmount: s.RefundedTotal,
		Status: saleStatuses.toRest(string(s.Status)), Notes: nonEmpty(s.Notes), Items: items, Payments: pays,
		CompletedAt: s.CompletedAt, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt}
}

type transactionView struct {
	ID          uuid.UUID  `json:"id"`
	SaleID      *uuid.UUID `json:"sale_id"`
	EmployeeID  *uuid.UUID `json:"employee_id"`
	PaymentID   *uuid.UUID `json:"payment_id"`
	PaymentType string     `json:"payment_type"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

func transactionOf(t *ent.Transaction) transactionView {
	return transactionView{ID: t.ID, SaleID: t.SaleID, EmployeeID: t.EmployeeID, PaymentID: t.PaymentID,
		PaymentType: t.PaymentType, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt}
}

// mapAll converts a slice of records to views.
func mapAll[T, V any](in []T, f func(T) V) []V {
	out := make([]V, 0, len(in))
	for _, v := range in {
		out = append(out, f(v))
	}
	return out
}
