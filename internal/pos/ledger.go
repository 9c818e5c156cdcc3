package pos

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/inventory"
	"github.com/pandac/pandac/ent/notification"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/actor"
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

// applyMovement is the one place stock changes. The update is conditional
// (quantity + delta >= 0) so concurrent sales can never oversell, and the same
// transaction writes the ledger row, keeping on-hand equal to the sum of
// movements. It returns the quantity after the change.
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
	if m.Delta == 0 {
		return nil, BadInput("delta", "stock change must not be zero")
	}
	n, err := tx.Inventory.Update().
		Where(inventory.ProductID(m.ProductID), inventory.QuantityGTE(-m.Delta)).
		AddQuantity(m.Delta).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("updating stock of %s: %w", m.ProductID, err)
	}
	inv, err := tx.Inventory.Query().Where(inventory.ProductID(m.ProductID)).WithProduct().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, NotFound("product", m.ProductID)
	}
	if err != nil {
		return nil, fmt.Errorf("reading stock of %s: %w", m.ProductID, err)
	}
	if n == 0 {
		name := ""
		if inv.Edges.Product != nil {
			name = inv.Edges.Product.Name
		}
		return nil, &InsufficientStockError{ProductID: m.ProductID, ProductName: name, Requested: -m.Delta, Available: inv.Quantity}
	}
	create := tx.StockMovement.Create().
		SetProductID(m.ProductID).
		SetDelta(m.Delta).
		SetQuantityAfter(inv.Quantity).
		SetKind(m.Kind).
		SetReason(m.Reason).
		SetReference(m.Reference).
		SetUnitCost(m.UnitCost)
	if who, ok := actor.From(ctx); ok {
		create.SetActorID(who)
	}
	sm, err := create.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("recording stock movement: %w", err)
	}
	if err := syncLowStock(ctx, tx, inv); err != nil {
		return nil, err
	}
	return sm, nil
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
// inv must be the row as it stands after the change, with its product loaded.
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
		name := inv.ProductID.String()
		if inv.Edges.Product != nil {
			name = inv.Edges.Product.Name
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
