package auth

import (
	"context"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/ids"
	"github.com/pandac/pandac/internal/pos"
)

var (
	catalogue = []Permission{PermRead}
	selling   = []Permission{PermPOS, PermReports}
	purchases = []Permission{PermWrite, PermReports}
	adminOnly = []Permission{PermAdmin}
)

// TablePermissions maps each table to the permissions that may read its rows
// through node(id)/nodes(ids): the same rule as the table's connection on
// Query (a test holds them together). Tables missing here are never served as
// nodes, to anyone.
var TablePermissions = map[string][]Permission{
	"products":             catalogue,
	"inventories":          catalogue,
	"suppliers":            catalogue,
	"discounts":            catalogue,
	"loyalty_programs":     catalogue,
	"settings":             catalogue,
	"customers":            selling,
	"pos_sales":            selling,
	"pos_sale_items":       selling,
	"payments":             selling,
	"transactions":         selling,
	"stock_movements":      selling,
	"notifications":        selling,
	"cash_sessions":        selling,
	"cash_movements":       selling,
	"purchase_orders":      purchases,
	"purchase_order_lines": purchases,
	"users":                adminOnly,
	"roles":                adminOnly,
	"employees":            adminOnly,
	"audit_entries":        adminOnly,
}

// RequireNode checks the caller may read the row with this id, judged by the
// table its id is tagged with. Unknown tags are NOT_FOUND, as node(id) would
// answer; internal tables (tokens, secrets) are FORBIDDEN even to admins.
func RequireNode(ctx context.Context, id uuid.UUID) error {
	table, ok := ids.Table(id)
	if !ok {
		return pos.NotFound("node", id)
	}
	perms, ok := TablePermissions[table]
	if !ok {
		if err := Require(ctx); err != nil {
			return err
		}
		return Forbidden("this object cannot be read through the API")
	}
	return Require(ctx, perms...)
}
