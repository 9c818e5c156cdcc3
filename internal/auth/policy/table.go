package policy

import (
	"strings"

	"github.com/pandac/pandac/internal/aggregate"
)

// The permission sets the table is written in.
var (
	catalogue  = anyOf(Read)
	selling    = anyOf(POS, Reports)
	purchasing = anyOf(Write, Reports)
	adminOnly  = anyOf(Admin)
	signedIn   = Rule{}
	public     = Rule{Public: true}
	inherit    = Rule{Inherit: true}
)

func anyOf(perms ...Permission) Rule { return Rule{AnyOf: SetOf(perms...)} }

// Types maps every GraphQL object type to who may read it. An edge into a
// type carries the type's rule, so a permission granted at the root cannot be
// widened by walking the graph; the ent read guard applies the same rule to
// every query of the entity, eager loads and node/nodes included. Staff are
// seen as StaffMember (id, display name) by every signed-in caller; the full
// User, Employee and Role records are ADMIN's.
var Types = map[string]Rule{
	// Catalogue.
	"Product":        catalogue,
	"Inventory":      catalogue,
	"Supplier":       catalogue,
	"Discount":       catalogue,
	"LoyaltyProgram": catalogue,
	"Setting":        catalogue,
	// Selling: customers' personal data, sales and money.
	"Customer":      selling,
	"Sale":          selling,
	"SaleItem":      selling,
	"Payment":       selling,
	"Transaction":   selling,
	"StockMovement": selling,
	"Notification":  selling,
	"CashSession":   selling,
	"CashMovement":  selling,
	// Purchasing.
	"PurchaseOrder":     purchasing,
	"PurchaseOrderLine": purchasing,
	// People and the audit log.
	"User":       adminOnly,
	"Role":       adminOnly,
	"Employee":   adminOnly,
	"AuditEntry": adminOnly,
	// The staff view of a user, shown wherever a sale or session names one.
	"StaffMember": signedIn,
	// What login, register and refreshToken answer.
	"AuthPayload": public,
	// Report rows: only reached through report fields, each guarded below.
	"DailySalesSummary":   inherit,
	"SalesPeriod":         inherit,
	"TopProduct":          inherit,
	"ProfitAndLoss":       inherit,
	"InventoryReport":     inherit,
	"InventoryReportItem": inherit,
	"LoyaltyReport":       inherit,
	"LoyaltyTierCount":    inherit,
	"CashierSales":        inherit,
	"HourSales":           inherit,
	"PaymentMethodSales":  inherit,
	"SalesAnalytics":      inherit,
	"AnalyticsRow":        inherit,
	"AnalyticsKey":        inherit,
	"AnalyticsValue":      inherit,
	"AnalyticsPivot":      inherit,
	"PageInfo":            inherit,
}

// Fields maps "Type.field" to who may read a sensitive field or edge, beyond
// the rule of its type. A where-input or orderBy on the field needs the same.
var Fields = map[string]Rule{
	// Cost prices are for buyers and reports, not the till.
	"Product.cost":           purchasing,
	"SaleItem.unitCost":      purchasing,
	"StockMovement.unitCost": purchasing,
	// Supplier contacts are for whoever orders from them.
	"Supplier.contactPerson": anyOf(Write),
	"Supplier.email":         anyOf(Write),
	"Supplier.phone":         anyOf(Write),
	"Supplier.address":       anyOf(Write),
	"Supplier.contactInfo":   anyOf(Write),
	// Discount codes are typed in at the till or set by managers.
	"Discount.code":     anyOf(POS, Write),
	"Sale.discountCode": anyOf(POS, Write),
	// An idempotency key lets its holder replay the operation: its creator's.
	"Sale.idempotencyKey":    {AnyOf: SetOf(Admin), Owner: true},
	"Payment.idempotencyKey": {AnyOf: SetOf(Admin), Owner: true},
	// The value of a secret setting (Setting.isSecret); others see it masked.
	"Setting.secretValue": adminOnly,
	// Changing whether a setting is secret, or the value of a secret one.
	"Setting.secretWrite": adminOnly,
	// The caller's own account, and their own role (what they may do).
	"AuthPayload.user": {Public: true, Self: true},
	"User.role":        {AnyOf: SetOf(Admin), Owner: true},
}

// Operations maps every root field ("Query.x", "Mutation.x",
// "Subscription.x") and each /v1 route without a GraphQL twin ("v1.x") to who
// may call it. A root field missing here is refused to everyone.
var Operations = map[string]Rule{
	// Accounts.
	"Query.me":              {Self: true},
	"Mutation.register":     public,
	"Mutation.login":        public,
	"Mutation.refreshToken": public,
	"Mutation.logout":       signedIn,
	"Mutation.updateMe":     {Self: true},
	"Mutation.createUser":   adminOnly,
	"Mutation.updateUser":   adminOnly,
	"Mutation.deleteUser":   adminOnly,
	"Mutation.createRole":   adminOnly,
	"Mutation.updateRole":   adminOnly,
	"Mutation.deleteRole":   adminOnly,

	// Reading: node/nodes check each id's type against Types.
	"Query.node":               signedIn,
	"Query.nodes":              signedIn,
	"Query.auditEntries":       Types["AuditEntry"],
	"Query.cashSessions":       Types["CashSession"],
	"Query.customers":          Types["Customer"],
	"Query.discounts":          Types["Discount"],
	"Query.employees":          Types["Employee"],
	"Query.inventories":        Types["Inventory"],
	"Query.loyaltyPrograms":    Types["LoyaltyProgram"],
	"Query.notifications":      Types["Notification"],
	"Query.payments":           Types["Payment"],
	"Query.products":           Types["Product"],
	"Query.purchaseOrders":     Types["PurchaseOrder"],
	"Query.roles":              Types["Role"],
	"Query.saleItems":          Types["SaleItem"],
	"Query.sales":              Types["Sale"],
	"Query.settings":           Types["Setting"],
	"Query.stockMovements":     Types["StockMovement"],
	"Query.suppliers":          Types["Supplier"],
	"Query.users":              Types["User"],
	"Query.currentCashSession": anyOf(POS),

	// Reports.
	"Query.dailySalesSummary":    anyOf(Reports),
	"Query.salesReport":          anyOf(Reports),
	"Query.topProducts":          anyOf(Reports),
	"Query.profitAndLoss":        anyOf(Reports),
	"Query.inventoryReport":      anyOf(Reports),
	"Query.loyaltyReport":        anyOf(Reports),
	"Query.salesByCashier":       anyOf(Reports),
	"Query.salesByPaymentMethod": anyOf(Reports),
	// Anyone who sells may ask salesAnalytics; what they may group by and
	// measure is in Values.
	"Query.salesAnalytics": selling,

	// Live events.
	"Subscription.saleCompleted": selling,
	"Subscription.stockLow":      catalogue,

	// Catalogue.
	"Mutation.createProduct":        anyOf(Write),
	"Mutation.updateProduct":        anyOf(Write),
	"Mutation.deleteProduct":        anyOf(Write),
	"Mutation.createCustomer":       anyOf(POS, Write),
	"Mutation.updateCustomer":       anyOf(POS, Write),
	"Mutation.deleteCustomer":       anyOf(Write),
	"Mutation.createSupplier":       anyOf(Write),
	"Mutation.updateSupplier":       anyOf(Write),
	"Mutation.deleteSupplier":       anyOf(Write),
	"Mutation.createDiscount":       anyOf(Write),
	"Mutation.updateDiscount":       anyOf(Write),
	"Mutation.deleteDiscount":       anyOf(Write),
	"Mutation.createLoyaltyProgram": anyOf(POS, Write),
	"Mutation.updateLoyaltyProgram": anyOf(Write),
	"Mutation.deleteLoyaltyProgram": anyOf(Write),
	"Mutation.createSetting":        anyOf(Write),
	"Mutation.updateSetting":        anyOf(Write),
	"Mutation.deleteSetting":        anyOf(Write),
	"Mutation.createEmployee":       adminOnly,
	"Mutation.updateEmployee":       adminOnly,
	"Mutation.deleteEmployee":       adminOnly,

	// Inventory and purchasing.
	"Mutation.restockProduct":            anyOf(Write),
	"Mutation.adjustStock":               anyOf(Write),
	"Mutation.setReorderLevel":           anyOf(Write),
	"Mutation.markNotificationRead":      selling,
	"Mutation.createPurchaseOrder":       anyOf(Write),
	"Mutation.updatePurchaseOrder":       anyOf(Write),
	"Mutation.updatePurchaseOrderStatus": anyOf(Write),
	"Mutation.deletePurchaseOrder":       anyOf(Write),

	// Selling. Voids and refunds beyond a cashier's own session and the
	// sale's tenders need Void or Refund as well (internal/pos checks).
	"Mutation.checkout":       anyOf(POS),
	"Mutation.createSale":     anyOf(POS),
	"Mutation.addSaleItem":    anyOf(POS),
	"Mutation.updateSaleItem": anyOf(POS),
	"Mutation.removeSaleItem": anyOf(POS),
	"Mutation.addPayment":     anyOf(POS),
	"Mutation.completeSale":   anyOf(POS),
	"Mutation.voidSale":       anyOf(POS, Void),
	"Mutation.refundSale":     anyOf(POS, Refund),

	// Cash sessions.
	"Mutation.openCashSession":    anyOf(POS),
	"Mutation.recordCashMovement": anyOf(POS),
	"Mutation.closeCashSession":   anyOf(POS),

	// /v1 routes with no GraphQL twin. The legacy transaction and payment
	// records are derived from sales: rewriting them is an administrator's
	// correction, never a till's.
	"v1.readTransactions":   selling,
	"v1.writeTransactions":  adminOnly,
	"v1.writePayments":      adminOnly,
	"v1.updateSale":         anyOf(POS),
	"v1.createNotification": adminOnly,
}

// Values maps "Enum.VALUE" to who may ask for that value of an argument,
// beyond the rule of the operation taking it: a measure built on cost prices
// is for reports, as the cost fields are; a dimension shows rows of a type
// (and, for CASHIER, the staff view) and needs that type's rule. The core
// checks them (pos.SalesAnalytics), so every port refuses alike.
var Values = map[string]Rule{
	"AnalyticsMeasure.COST_OF_GOODS":    anyOf(Reports),
	"AnalyticsMeasure.GROSS_PROFIT":     anyOf(Reports),
	"AnalyticsMeasure.MARGIN":           anyOf(Reports),
	"AnalyticsDimension.PRODUCT":        Types["Product"],
	"AnalyticsDimension.CATEGORY":       Types["Product"],
	"AnalyticsDimension.SUPPLIER":       Types["Supplier"],
	"AnalyticsDimension.CASHIER":        Types["StaffMember"],
	"AnalyticsDimension.CUSTOMER":       Types["Customer"],
	"AnalyticsDimension.CUSTOMER_TIER":  Types["Customer"],
	"AnalyticsDimension.PAYMENT_METHOD": Types["Payment"],
	"AnalyticsDimension.DISCOUNT":       Types["Discount"],
}

// Type returns the rule of an object type. The Relay wrappers of a listed
// type (ProductConnection, ProductEdge) inherit: the field returning them
// carries the rule. Any other type missing from the table is readable by
// nobody.
func Type(name string) Rule {
	if r, ok := Types[name]; ok {
		return r
	}
	for _, suffix := range []string{"Connection", "Edge"} {
		if base, ok := strings.CutSuffix(name, suffix); ok {
			if _, listed := Types[base]; listed {
				return inherit
			}
		}
	}
	// The aggregate of a listed type's connection (ProductAggregate and its
	// ProductAggregateSum, ...) inherits like the connection: the connection
	// field carries the type's rule, and each aggregated field the rule of
	// the field it is computed from (Field).
	if base, _, ok := aggregate.Base(name); ok {
		if _, listed := Types[base]; listed {
			return inherit
		}
	}
	return Deny
}

// Field returns the extra rule of "Type.field" and whether there is one. A
// field of an aggregate (ProductAggregateSum.cost) has the rule of the field
// it aggregates (Product.cost): a sum of costs reveals costs.
func Field(typ, field string) (Rule, bool) {
	if base, op, ok := aggregate.Base(typ); ok && op != "" {
		typ = base
	}
	r, ok := Fields[typ+"."+field]
	return r, ok
}

// Operation returns the rule of an operation; one missing from the table is
// callable by nobody.
func Operation(name string) Rule {
	if r, ok := Operations[name]; ok {
		return r
	}
	return Deny
}

// CanRead reports whether the caller may read typ.field: the type's rule and
// the field's own, if any (ownership not counted).
func CanRead(c *Caller, typ, field string) bool {
	if !Type(typ).Allows(c) {
		return false
	}
	if r, ok := Field(typ, field); ok {
		return r.Allows(c)
	}
	return true
}

// Value returns the rule of an enum value asked for in an argument, and
// whether the table lists one; a value it does not list needs nothing beyond
// the operation's rule.
func Value(enum, value string) (Rule, bool) {
	r, ok := Values[enum+"."+value]
	return r, ok
}
