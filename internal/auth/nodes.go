package auth

import (
	"context"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent/auditentry"
	"github.com/pandac/pandac/ent/cashmovement"
	"github.com/pandac/pandac/ent/cashsession"
	"github.com/pandac/pandac/ent/customer"
	"github.com/pandac/pandac/ent/discount"
	"github.com/pandac/pandac/ent/employee"
	"github.com/pandac/pandac/ent/inventory"
	"github.com/pandac/pandac/ent/loyaltyprogram"
	"github.com/pandac/pandac/ent/notification"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/product"
	"github.com/pandac/pandac/ent/purchaseorder"
	"github.com/pandac/pandac/ent/purchaseorderline"
	"github.com/pandac/pandac/ent/role"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/saleitem"
	"github.com/pandac/pandac/ent/setting"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/ent/supplier"
	"github.com/pandac/pandac/ent/transaction"
	"github.com/pandac/pandac/ent/user"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/ids"
)

// NodeTypes maps each table whose rows node(id)/nodes(ids) may serve to its
// GraphQL type, whose rule in the permission table decides who reads it.
// Tables missing here (tokens, secrets, throttles) are never served as nodes.
var NodeTypes = map[string]string{
	auditentry.Table:        "AuditEntry",
	cashmovement.Table:      "CashMovement",
	cashsession.Table:       "CashSession",
	customer.Table:          "Customer",
	discount.Table:          "Discount",
	employee.Table:          "Employee",
	inventory.Table:         "Inventory",
	loyaltyprogram.Table:    "LoyaltyProgram",
	notification.Table:      "Notification",
	payment.Table:           "Payment",
	product.Table:           "Product",
	purchaseorder.Table:     "PurchaseOrder",
	purchaseorderline.Table: "PurchaseOrderLine",
	role.Table:              "Role",
	sale.Table:              "Sale",
	saleitem.Table:          "SaleItem",
	setting.Table:           "Setting",
	stockmovement.Table:     "StockMovement",
	supplier.Table:          "Supplier",
	transaction.Table:       "Transaction",
	user.Table:              "User",
}

// RequireNode checks the caller may read the row with this id, judged by the
// type its id's table tag names. Unknown tags are fault.CodeNotFound, as node(id)
// would answer; internal tables (tokens, secrets) are fault.CodeForbidden even to admins.
func RequireNode(ctx context.Context, id uuid.UUID) error {
	table, ok := ids.Table(id)
	if !ok {
		return fault.NotFound("node", id)
	}
	typ, ok := NodeTypes[table]
	if !ok {
		if err := Require(ctx); err != nil {
			return err
		}
		return fault.Forbidden("this object cannot be read through the API")
	}
	return Check(ctx, policy.Type(typ), "reading "+typ)
}
