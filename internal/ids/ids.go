// Package ids makes the primary keys of every table: time-ordered UUIDv7 values
// with a per-table tag in byte 9 (inside the random bits; version and variant
// stay intact). The tag lets node(id) find the right table with one query and
// no lookup, and the time order keeps B-tree inserts cheap.
package ids

import (
	"fmt"

	"github.com/google/uuid"
)

// Table tags. Append only: a tag, once used, belongs to its table forever.
const (
	TagUser byte = iota + 1
	TagRole
	TagEmployee
	TagCustomer
	TagLoyaltyProgram
	TagSupplier
	TagProduct
	TagInventory
	TagPurchaseOrder
	TagPurchaseOrderLine
	TagDiscount
	TagSale
	TagSaleItem
	TagPayment
	TagTransaction
	TagSetting
	TagNotification
	TagStockMovement
	TagRefreshToken
	TagAuditEntry
	TagCashSession
	TagCashMovement
	TagIdempotencyRecord
	TagRevokedToken
	TagLoginThrottle
	TagSystemSecret
)

// tables maps each tag to the ent table (type) name used by node resolution.
var tables = map[byte]string{
	TagUser:              "users",
	TagRole:              "roles",
	TagEmployee:          "employees",
	TagCustomer:          "customers",
	TagLoyaltyProgram:    "loyalty_programs",
	TagSupplier:          "suppliers",
	TagProduct:           "products",
	TagInventory:         "inventories",
	TagPurchaseOrder:     "purchase_orders",
	TagPurchaseOrderLine: "purchase_order_lines",
	TagDiscount:          "discounts",
	TagSale:              "pos_sales",
	TagSaleItem:          "pos_sale_items",
	TagPayment:           "payments",
	TagTransaction:       "transactions",
	TagSetting:           "settings",
	TagNotification:      "notifications",
	TagStockMovement:     "stock_movements",
	TagRefreshToken:      "refresh_tokens",
	TagAuditEntry:        "audit_entries",
	TagCashSession:       "cash_sessions",
	TagCashMovement:      "cash_movements",
	TagIdempotencyRecord: "idempotency_records",
	TagRevokedToken:      "revoked_tokens",
	TagLoginThrottle:     "login_throttles",
	TagSystemSecret:      "system_secrets",
}

// New returns a fresh UUIDv7 carrying the tag.
func New(tag byte) uuid.UUID {
	id, err := uuid.NewV7()
	if err != nil {
		// NewV7 fails only when the system's random source does; nothing sensible
		// can continue without randomness.
		panic(fmt.Sprintf("ids: random source failed: %v", err))
	}
	id[9] = tag
	return id
}

// Generator returns a no-argument function making ids for one table, the form
// ent's field default takes.
func Generator(tag byte) func() uuid.UUID {
	return func() uuid.UUID { return New(tag) }
}

// Table returns the table a Pandac id belongs to, or false for ids that were not
// made here (wrong version or unknown tag).
func Table(id uuid.UUID) (string, bool) {
	if id.Version() != 7 {
		return "", false
	}
	t, ok := tables[id[9]]
	return t, ok
}
