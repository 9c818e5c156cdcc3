package pos

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/inventory"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
)

// MaxStockChange bounds one movement's quantity, so sums of movements and
// quantity x cost products stay far inside int64.
const MaxStockChange int64 = 1_000_000_000

// RestockInput is stock arriving outside a purchase order.
type RestockInput struct {
	ProductID uuid.UUID
	Quantity  int64
	// UnitCost is what each unit cost; nil records the product's current cost
	// and leaves it unchanged.
	UnitCost *money.Amount
	Reason   string
}

// AdjustStockInput is a manual correction of on-hand stock (count, damage,
// shrinkage), positive or negative.
type AdjustStockInput struct {
	ProductID uuid.UUID
	Delta     int64
	Reason    string
}

// RestockProduct adds stock as a RESTOCK movement. A given unit cost is
// recorded on the movement and folds into the product's weighted average cost
// (see weightedAverageCost).
func (s Stock) RestockProduct(ctx context.Context, in RestockInput) (*ent.StockMovement, error) {
	if in.Quantity <= 0 || in.Quantity > MaxStockChange {
		return nil, fault.BadInput("quantity", "restock quantity must be between 1 and %d, got %d", MaxStockChange, in.Quantity)
	}
	if in.UnitCost != nil {
		if err := checkMoney("unitCost", *in.UnitCost); err != nil {
			return nil, err
		}
	}
	reason := strings.TrimSpace(in.Reason)
	if reason == "" {
		reason = "restock"
	}
	var id uuid.UUID
	err := s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		p, err := getProduct(ctx, tx, in.ProductID)
		if err != nil {
			return err
		}
		cost := p.Cost
		if in.UnitCost != nil {
			cost = *in.UnitCost
		}
		sm, err := receiveStock(ctx, tx, Movement{ProductID: p.ID, Delta: in.Quantity, Kind: stockmovement.KindRESTOCK, Reason: reason, UnitCost: cost})
		if err != nil {
			return err
		}
		id = sm.ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.clientFor(ctx).StockMovement.Get(ctx, id)
}

// AdjustStock corrects on-hand stock by delta as an ADJUSTMENT movement. The
// reason is required, since an adjustment is the one movement with no document
// behind it. Stock cannot go below zero: the error says what is available.
func (s Stock) AdjustStock(ctx context.Context, in AdjustStockInput) (*ent.StockMovement, error) {
	if in.Delta == 0 || in.Delta > MaxStockChange || in.Delta < -MaxStockChange {
		return nil, fault.BadInput("delta", "adjustment must be non-zero and at most %d units either way, got %d", MaxStockChange, in.Delta)
	}
	reason := strings.TrimSpace(in.Reason)
	if reason == "" {
		return nil, fault.BadInput("reason", "a reason is required for a stock adjustment")
	}
	var id uuid.UUID
	err := s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		p, err := getProduct(ctx, tx, in.ProductID)
		if err != nil {
			return err
		}
		sm, err := recordMovement(ctx, tx, Movement{ProductID: p.ID, Delta: in.Delta, Kind: stockmovement.KindADJUSTMENT, Reason: reason, UnitCost: p.Cost})
		if err != nil {
			return err
		}
		id = sm.ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.clientFor(ctx).StockMovement.Get(ctx, id)
}

// SetReorderLevel changes the level at or below which a product is low on
// stock. Raising it above the stock on hand counts as crossing it, so it
// raises the low-stock alert just as a sale would.
func (s Stock) SetReorderLevel(ctx context.Context, productID uuid.UUID, level int64) (*ent.Inventory, error) {
	if level < 0 || level > MaxStockChange {
		return nil, fault.BadInput("reorderLevel", "reorder level must be between 0 and %d, got %d", MaxStockChange, level)
	}
	var id uuid.UUID
	err := s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		n, err := tx.Inventory.Update().Where(inventory.ProductID(productID)).SetReorderLevel(level).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return fault.NotFound("product", productID)
		}
		inv, err := tx.Inventory.Query().Where(inventory.ProductID(productID)).WithProduct().Only(ctx)
		if err != nil {
			return err
		}
		id = inv.ID
		return syncLowStock(ctx, tx, inv)
	})
	if err != nil {
		return nil, err
	}
	return s.clientFor(ctx).Inventory.Get(ctx, id)
}

// MarkNotificationRead marks a notification as read.
func (s Stock) MarkNotificationRead(ctx context.Context, id uuid.UUID) (*ent.Notification, error) {
	n, err := s.client.Notification.UpdateOneID(id).SetIsRead(true).Save(ctx)
	if ent.IsNotFound(err) {
		return nil, fault.NotFound("notification", id)
	}
	return n, err
}

func getProduct(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.Product, error) {
	p, err := tx.Product.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, fault.NotFound("product", id)
	}
	return p, err
}

// receiveStock books incoming stock (restock, purchase receipt) and moves the
// product's cost to the weighted average of the stock on hand and the units
// received. The movement comes first: it locks the inventory row, so two
// receipts of one product cannot both read the old cost.
func receiveStock(ctx context.Context, tx *ent.Tx, m Movement) (*ent.StockMovement, error) {
	sm, err := recordMovement(ctx, tx, m)
	if err != nil {
		return nil, err
	}
	p, err := getProduct(ctx, tx, m.ProductID)
	if err != nil {
		return nil, err
	}
	cost := weightedAverageCost(sm.QuantityAfter-m.Delta, p.Cost, m.Delta, m.UnitCost)
	if cost != p.Cost {
		if err := tx.Product.UpdateOneID(p.ID).SetCost(cost).AddVersion(1).Exec(ctx); err != nil {
			return nil, fmt.Errorf("updating cost of %s: %w", p.ID, err)
		}
	}
	return sm, nil
}

// weightedAverageCost is Pandac's costing rule for received stock:
//
//	(onHand*cost + qty*unitCost) / (onHand + qty), rounded half to even.
//
// Weighted average (rather than last cost) keeps the cost of goods sold steady
// when supplier prices wobble, and needs no per-lot bookkeeping. With nothing
// on hand the new cost is simply unitCost. Big integers keep the products
// exact; the result lies between the two costs, so it fits an Amount.
func weightedAverageCost(onHand int64, cost money.Amount, qty int64, unitCost money.Amount) money.Amount {
	if onHand < 0 {
		onHand = 0
	}
	den := onHand + qty
	if den <= 0 {
		return cost
	}
	num := new(big.Int).Mul(big.NewInt(onHand), big.NewInt(cost.Minor()))
	num.Add(num, new(big.Int).Mul(big.NewInt(qty), big.NewInt(unitCost.Minor())))
	d := big.NewInt(den)
	q, r := new(big.Int).QuoRem(num, d, new(big.Int))
	// Non-negative operands: round up past half, and at exactly half to even.
	switch new(big.Int).Lsh(r, 1).Cmp(d) {
	case 1:
		q.Add(q, big.NewInt(1))
	case 0:
		if q.Bit(0) == 1 {
			q.Add(q, big.NewInt(1))
		}
	}
	return money.FromMinor(q.Int64())
}
