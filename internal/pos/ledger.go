package pos

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/inventory"
	"github.com/pandac/pandac/ent/notification"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/actor"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
)

// Movement is one change of stock to record in the ledger.
type Movement struct {
	ProductID uuid.UUID
	Delta     int64
	Kind      stockmovement.Kind
	Reason    string
	Reference string
	UnitCost  money.Amount
}

// InsufficientStockError reports a product that cannot cover a decrement.
type InsufficientStockError struct {
	ProductID   uuid.UUID
	ProductName string
	Requested   int64
	Available   int64
}

// Error implements error.
func (e *InsufficientStockError) Error() string {
	return fmt.Sprintf("insufficient stock for %q (%s): requested %d, available %d",
		e.ProductName, e.ProductID, e.Requested, e.Available)
}

// applyMovement is applyMovements for one movement; it returns the quantity
// after the change.
func applyMovement(ctx context.Context, tx *ent.Tx, m Movement) (int64, error) {
	sm, err := recordMovement(ctx, tx, m)
	if err != nil {
		return 0, err
	}
	return sm.QuantityAfter, nil
}

// recordMovement is applyMovement returning the ledger row it wrote, for
// callers that hand the movement back to the client.
func recordMovement(ctx context.Context, tx *ent.Tx, m Movement) (*ent.StockMovement, error) {
	sms, err := applyMovements(ctx, tx, []Movement{m})
	if err != nil {
		return nil, err
	}
	return sms[0], nil
}

// stockRow is an inventory row as the stock update returns it.
type stockRow struct {
	id, productID uuid.UUID
	quantity      int64
	reorderLevel  int64
	notified      bool
}

// applyMovements is the one place stock changes, for one product or many
// (at most one movement per product). The update is conditional (quantity +
// delta >= 0) so concurrent sales can never oversell, and the same
// transaction writes the ledger rows, keeping on-hand equal to the sum of
// movements. The ledger rows are returned in the order of ms.
//
// Every product's stock changes in one statement, which returns the rows it
// changed: a product missing from them could not cover its decrement (or has
// no stock record), and only then is it read again, for the error. Rows are
// locked in product-id order, as every stock path locks them, so two
// transactions never wait on each other's rows: one product locks its own
// row; on PostgreSQL several are first locked in order by a SELECT ... FOR
// UPDATE the update joins (an UPDATE alone locks rows in whatever order its
// plan visits them); SQLite runs one writer at a time.
func applyMovements(ctx context.Context, tx *ent.Tx, ms []Movement) ([]*ent.StockMovement, error) {
	if len(ms) == 0 {
		return nil, nil
	}
	sorted := make([]Movement, len(ms))
	copy(sorted, ms)
	sort.Slice(sorted, func(a, b int) bool { return bytes.Compare(sorted[a].ProductID[:], sorted[b].ProductID[:]) < 0 })
	for i, m := range sorted {
		if m.Delta == 0 {
			return nil, fault.BadInput("delta", "stock change must not be zero")
		}
		if i > 0 && m.ProductID == sorted[i-1].ProductID {
			return nil, fmt.Errorf("stock of %s changed twice in one batch", m.ProductID)
		}
	}
	rows, err := updateStock(ctx, tx, sorted)
	if err != nil {
		return nil, err
	}
	if len(rows) < len(sorted) {
		for _, m := range sorted {
			if _, ok := rows[m.ProductID]; !ok {
				return nil, stockShortfall(ctx, tx, m)
			}
		}
	}
	who, hasActor := actor.From(ctx)
	creates := make([]*ent.StockMovementCreate, len(ms))
	for i, m := range ms {
		creates[i] = tx.StockMovement.Create().
			SetProductID(m.ProductID).
			SetDelta(m.Delta).
			SetQuantityAfter(rows[m.ProductID].quantity).
			SetKind(m.Kind).
			SetReason(m.Reason).
			SetReference(m.Reference).
			SetUnitCost(m.UnitCost)
		if hasActor {
			creates[i].SetActorID(who)
		}
	}
	sms, err := tx.StockMovement.CreateBulk(creates...).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("recording stock movements: %w", err)
	}
	for _, m := range sorted {
		r := rows[m.ProductID]
		inv := &ent.Inventory{ID: r.id, ProductID: r.productID, Quantity: r.quantity, ReorderLevel: r.reorderLevel, LowStockNotified: r.notified}
		if err := syncLowStock(ctx, tx, inv); err != nil {
			return nil, err
		}
	}
	return sms, nil
}

// updateStock adds each movement's delta to its product's stock where that
// leaves it non-negative, in one statement, and returns the changed rows by
// product. ms is sorted by product id, one movement per product.
func updateStock(ctx context.Context, tx *ent.Tx, ms []Movement) (map[uuid.UUID]stockRow, error) {
	q := &query{dialect: tx.Dialect()}
	inList := func() {
		q.sql("(")
		for i, m := range ms {
			if i > 0 {
				q.sql(", ")
			}
			q.sql(q.arg(m.ProductID))
		}
		q.sql(")")
	}
	perProduct := func(value func(Movement) int64) {
		q.sql("CASE ", inventory.FieldProductID)
		for _, m := range ms {
			q.sql(" WHEN ", q.arg(m.ProductID), " THEN CAST(", q.arg(value(m)), " AS BIGINT)")
		}
		q.sql(" END")
	}
	lockFirst := q.dialect == dialectPostgres && len(ms) > 1
	if lockFirst {
		q.sql("WITH locked AS MATERIALIZED (SELECT ", inventory.FieldID, " FROM ", inventory.Table, " WHERE ", inventory.FieldProductID, " IN ")
		inList()
		q.sql(" ORDER BY ", inventory.FieldProductID, " FOR UPDATE) ")
	}
	q.sql("UPDATE ", inventory.Table, " SET ", inventory.FieldQuantity, " = ", inventory.FieldQuantity, " + ")
	perProduct(func(m Movement) int64 { return m.Delta })
	// What ent would set on an update: the schema's update default and the
	// acting user (see the auditMixin of ent/schema).
	q.sql(", ", inventory.FieldUpdatedAt, " = ", q.arg(time.Now()))
	if who, ok := actor.From(ctx); ok {
		q.sql(", ", inventory.FieldUpdatedBy, " = ", q.arg(who))
	}
	if lockFirst {
		q.sql(" WHERE ", inventory.FieldID, " IN (SELECT ", inventory.FieldID, " FROM locked)")
	} else {
		q.sql(" WHERE ", inventory.FieldProductID, " IN ")
		inList()
	}
	q.sql(" AND ", inventory.FieldQuantity, " >= ")
	perProduct(func(m Movement) int64 { return -m.Delta })
	q.sql(" RETURNING ", inventory.FieldID, ", ", inventory.FieldProductID, ", ", inventory.FieldQuantity, ", ",
		inventory.FieldReorderLevel, ", ", inventory.FieldLowStockNotified)
	out := make(map[uuid.UUID]stockRow, len(ms))
	rows, err := tx.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("updating stock: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r stockRow
		if err := rows.Scan(&r.id, &r.productID, &r.quantity, &r.reorderLevel, &r.notified); err != nil {
			return nil, fmt.Errorf("reading updated stock: %w", err)
		}
		out[r.productID] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("updating stock: %w", err)
	}
	return out, nil
}

// stockShortfall is the error for a movement the stock update refused: the
// product has no stock record, or too little on hand for the decrement.
func stockShortfall(ctx context.Context, tx *ent.Tx, m Movement) error {
	inv, err := tx.Inventory.Query().Where(inventory.ProductID(m.ProductID)).WithProduct().Only(ctx)
	if ent.IsNotFound(err) {
		return fault.NotFound("product", m.ProductID)
	}
	if err != nil {
		return fmt.Errorf("reading stock of %s: %w", m.ProductID, err)
	}
	return &InsufficientStockError{ProductID: m.ProductID, ProductName: productName(ctx, tx, inv), Requested: -m.Delta, Available: inv.Quantity}
}

// productName is the name of inv's product, read in tx, or "" when it cannot
// be read (the callers only decorate a message with it).
func productName(ctx context.Context, tx *ent.Tx, inv *ent.Inventory) string {
	if inv.Edges.Product != nil {
		return inv.Edges.Product.Name
	}
	p, err := tx.Product.Get(ctx, inv.ProductID)
	if err != nil {
		return ""
	}
	return p.Name
}

// isLowStock says whether on-hand stock is at or below the reorder level. A
// reorder level of zero means the product is not watched, so running out of an
// unwatched product raises no alert.
func isLowStock(quantity, reorderLevel int64) bool {
	return reorderLevel > 0 && quantity <= reorderLevel
}

// syncLowStock raises one LOW_STOCK notification when stock crosses the reorder
// level downwards, and re-arms the alert once stock is above the level again.
// Inventory.low_stock_notified remembers which side of the level was last
// announced, so a run of sales below the level alerts once, not once per sale.
// The flag changes through conditional updates on a row this transaction has
// already written (and so locked), so concurrent movements cannot both alert.
// inv must be the row as it stands after the change, read in tx.
func syncLowStock(ctx context.Context, tx *ent.Tx, inv *ent.Inventory) error {
	low := isLowStock(inv.Quantity, inv.ReorderLevel)
	switch {
	case low && !inv.LowStockNotified:
		n, err := tx.Inventory.Update().
			Where(inventory.ID(inv.ID), inventory.LowStockNotified(false)).
			SetLowStockNotified(true).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("flagging low stock of %s: %w", inv.ProductID, err)
		}
		if n == 0 {
			return nil
		}
		name := productName(ctx, tx, inv)
		if name == "" {
			name = inv.ProductID.String()
		}
		if _, err := tx.Notification.Create().
			SetType(notification.TypeLOW_STOCK).
			SetProductID(inv.ProductID).
			SetMessage(fmt.Sprintf("%s is low on stock: %d left (reorder level %d)", name, inv.Quantity, inv.ReorderLevel)).
			Save(ctx); err != nil {
			return fmt.Errorf("creating low-stock notification: %w", err)
		}
		publishFromContext(ctx, tx, Event{Kind: EventStockLow, ID: inv.ProductID})
	case !low && inv.LowStockNotified:
		if _, err := tx.Inventory.Update().
			Where(inventory.ID(inv.ID), inventory.LowStockNotified(true)).
			SetLowStockNotified(false).
			Save(ctx); err != nil {
			return fmt.Errorf("re-arming low-stock alert of %s: %w", inv.ProductID, err)
		}
	}
	return nil
}
