package pos

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/inventory"
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
	if m.Delta == 0 {
		return 0, BadInput("delta", "stock change must not be zero")
	}
	n, err := tx.Inventory.Update().
		Where(inventory.ProductID(m.ProductID), inventory.QuantityGTE(-m.Delta)).
		AddQuantity(m.Delta).
		Save(ctx)
	if err != nil {
		return 0, fmt.Errorf("updating stock of %s: %w", m.ProductID, err)
	}
	inv, err := tx.Inventory.Query().Where(inventory.ProductID(m.ProductID)).WithProduct().Only(ctx)
	if ent.IsNotFound(err) {
		return 0, NotFound("product", m.ProductID)
	}
	if err != nil {
		return 0, fmt.Errorf("reading stock of %s: %w", m.ProductID, err)
	}
	if n == 0 {
		name := ""
		if inv.Edges.Product != nil {
			name = inv.Edges.Product.Name
		}
		return 0, &InsufficientStockError{ProductID: m.ProductID, ProductName: name, Requested: -m.Delta, Available: inv.Quantity}
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
	if _, err := create.Save(ctx); err != nil {
		return 0, fmt.Errorf("recording stock movement: %w", err)
	}
	return inv.Quantity, nil
}
