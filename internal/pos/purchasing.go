package pos

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/product"
	"github.com/pandac/pandac/ent/purchaseorder"
	"github.com/pandac/pandac/ent/purchaseorderline"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
)

// MaxPurchaseOrderLines bounds the lines of one purchase order.
const MaxPurchaseOrderLines = 500

// PurchaseOrderLineInput is one product ordered from a supplier.
type PurchaseOrderLineInput struct {
	ProductID uuid.UUID
	Quantity  int64
	UnitCost  money.Amount
}

// PurchaseOrderInput is a new purchase order. The total is computed here from
// the lines; clients never send it.
type PurchaseOrderInput struct {
	SupplierID uuid.UUID
	Lines      []PurchaseOrderLineInput
	Notes      string
	ExpectedAt *time.Time
}

// PurchaseOrderChanges edits a PENDING purchase order; nil fields stay as they
// are, and Lines, when set, replaces every line.
type PurchaseOrderChanges struct {
	Lines      []PurchaseOrderLineInput
	Notes      *string
	ExpectedAt *time.Time
}

// poTransitions is the purchase order state machine: the statuses each status
// may move to. DELIVERED and CANCELLED are final.
var poTransitions = map[purchaseorder.Status][]purchaseorder.Status{
	purchaseorder.StatusPENDING: {purchaseorder.StatusSHIPPED, purchaseorder.StatusCANCELLED},
	purchaseorder.StatusSHIPPED: {purchaseorder.StatusDELIVERED, purchaseorder.StatusCANCELLED},
}

// checkPOTransition says whether a purchase order may move from one status to
// another, naming the current state when it may not.
func checkPOTransition(from, to purchaseorder.Status) error {
	if err := purchaseorder.StatusValidator(to); err != nil {
		return fault.BadInput("status", "unknown purchase order status %q", to)
	}
	for _, next := range poTransitions[from] {
		if next == to {
			return nil
		}
	}
	allowed := make([]string, 0, 2)
	for _, next := range poTransitions[from] {
		allowed = append(allowed, next.String())
	}
	if len(allowed) == 0 {
		return fault.BadInput("status", "purchase order is %s, a final state: it cannot become %s", from, to)
	}
	return fault.BadInput("status", "purchase order is %s: it can become %s, not %s", from, strings.Join(allowed, " or "), to)
}

// validateLines checks the lines and returns their total cost.
func validateLines(ctx context.Context, tx *ent.Tx, lines []PurchaseOrderLineInput) (money.Amount, error) {
	if len(lines) == 0 {
		return 0, fault.BadInput("lines", "a purchase order needs at least one line")
	}
	if len(lines) > MaxPurchaseOrderLines {
		return 0, fault.BadInput("lines", "a purchase order has at most %d lines, got %d", MaxPurchaseOrderLines, len(lines))
	}
	var total money.Amount
	wanted := make([]uuid.UUID, 0, len(lines))
	for i, l := range lines {
		field := fmt.Sprintf("lines[%d]", i)
		if l.Quantity <= 0 || l.Quantity > MaxStockChange {
			return 0, fault.BadInput(field+".quantity", "quantity must be between 1 and %d, got %d", MaxStockChange, l.Quantity)
		}
		if err := checkMoney(field+".unitCost", l.UnitCost); err != nil {
			return 0, err
		}
		line := l.UnitCost.Mul(l.Quantity)
		if l.UnitCost != 0 && (line/money.Amount(l.Quantity) != l.UnitCost || line > money.Max) || total+line > money.Max {
			return 0, fault.BadInput(field, "purchase order total is too large")
		}
		total += line
		wanted = append(wanted, l.ProductID)
	}
	found, err := tx.Product.Query().Where(product.IDIn(wanted...)).IDs(ctx)
	if err != nil {
		return 0, err
	}
	known := make(map[uuid.UUID]bool, len(found))
	for _, id := range found {
		known[id] = true
	}
	for i, l := range lines {
		if !known[l.ProductID] {
			return 0, &fault.Error{Code: fault.CodeNotFound, Field: fmt.Sprintf("lines[%d].productId", i), Message: fmt.Sprintf("product %s not found", l.ProductID)}
		}
	}
	return total, nil
}

func createLines(ctx context.Context, tx *ent.Tx, poID uuid.UUID, lines []PurchaseOrderLineInput) error {
	builders := make([]*ent.PurchaseOrderLineCreate, len(lines))
	for i, l := range lines {
		builders[i] = tx.PurchaseOrderLine.Create().
			SetPurchaseOrderID(poID).SetProductID(l.ProductID).
			SetQuantity(l.Quantity).SetUnitCost(l.UnitCost)
	}
	return tx.PurchaseOrderLine.CreateBulk(builders...).Exec(ctx)
}

// CreatePurchaseOrder records an order of stock from a supplier, PENDING.
func (s Stock) CreatePurchaseOrder(ctx context.Context, in PurchaseOrderInput) (*ent.PurchaseOrder, error) {
	var id uuid.UUID
	err := s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		if _, err := tx.Supplier.Get(ctx, in.SupplierID); ent.IsNotFound(err) {
			return &fault.Error{Code: fault.CodeNotFound, Field: "supplierId", Message: fmt.Sprintf("supplier %s not found", in.SupplierID)}
		} else if err != nil {
			return err
		}
		total, err := validateLines(ctx, tx, in.Lines)
		if err != nil {
			return err
		}
		po, err := tx.PurchaseOrder.Create().
			SetSupplierID(in.SupplierID).
			SetNotes(in.Notes).
			SetNillableExpectedAt(in.ExpectedAt).
			SetTotalCost(total).
			Save(ctx)
		if err != nil {
			return err
		}
		id = po.ID
		return createLines(ctx, tx, po.ID, in.Lines)
	})
	if err != nil {
		return nil, err
	}
	return s.clientFor(ctx).PurchaseOrder.Get(ctx, id)
}

// lockPending claims a PENDING purchase order for an edit with a conditional
// update, which also locks its row until the transaction ends; a purchase
// order in any other state gets fault.CodeBadInput naming that state.
func lockPending(ctx context.Context, tx *ent.Tx, id uuid.UUID, what string) error {
	n, err := tx.PurchaseOrder.Update().
		Where(purchaseorder.ID(id), purchaseorder.StatusEQ(purchaseorder.StatusPENDING)).
		SetUpdatedAt(time.Now()).
		Save(ctx)
	if err != nil {
		return err
	}
	if n == 1 {
		return nil
	}
	po, err := tx.PurchaseOrder.Get(ctx, id)
	if ent.IsNotFound(err) {
		return fault.NotFound("purchase order", id)
	}
	if err != nil {
		return err
	}
	return fault.BadInput("status", "purchase order is %s: only a PENDING purchase order can be %s", po.Status, what)
}

// UpdatePurchaseOrder edits the lines, notes or expected date of a PENDING
// purchase order, recomputing its total.
func (s Stock) UpdatePurchaseOrder(ctx context.Context, id uuid.UUID, ch PurchaseOrderChanges) (*ent.PurchaseOrder, error) {
	err := s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		if err := lockPending(ctx, tx, id, "edited"); err != nil {
			return err
		}
		upd := tx.PurchaseOrder.UpdateOneID(id).SetNillableExpectedAt(ch.ExpectedAt)
		if ch.Notes != nil {
			upd.SetNotes(*ch.Notes)
		}
		if ch.Lines != nil {
			total, err := validateLines(ctx, tx, ch.Lines)
			if err != nil {
				return err
			}
			if _, err := tx.PurchaseOrderLine.Delete().Where(purchaseorderline.PurchaseOrderID(id)).Exec(ctx); err != nil {
				return err
			}
			if err := createLines(ctx, tx, id, ch.Lines); err != nil {
				return err
			}
			upd.SetTotalCost(total)
		}
		return upd.Exec(ctx)
	})
	if err != nil {
		return nil, err
	}
	return s.clientFor(ctx).PurchaseOrder.Get(ctx, id)
}

// DeletePurchaseOrder deletes a PENDING purchase order and its lines. Orders
// that shipped or were delivered are history; cancel them instead.
func (s Stock) DeletePurchaseOrder(ctx context.Context, id uuid.UUID) error {
	return s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		if err := lockPending(ctx, tx, id, "deleted"); err != nil {
			return err
		}
		if _, err := tx.PurchaseOrderLine.Delete().Where(purchaseorderline.PurchaseOrderID(id)).Exec(ctx); err != nil {
			return err
		}
		return tx.PurchaseOrder.DeleteOneID(id).Exec(ctx)
	})
}

// UpdatePurchaseOrderStatus moves a purchase order along its state machine
// (checkPOTransition). DELIVERED receives every line into stock as a
// PURCHASE_RECEIPT movement referencing the order, and updates product costs.
//
// The move is a conditional update (WHERE status = the status read), so when
// several callers deliver the same order at once exactly one update matches
// and receives the stock; the others see the order already DELIVERED and get
// fault.CodeBadInput saying so.
func (s Stock) UpdatePurchaseOrderStatus(ctx context.Context, id uuid.UUID, to purchaseorder.Status) (*ent.PurchaseOrder, error) {
	err := s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		po, err := tx.PurchaseOrder.Get(ctx, id)
		if ent.IsNotFound(err) {
			return fault.NotFound("purchase order", id)
		}
		if err != nil {
			return err
		}
		if err := checkPOTransition(po.Status, to); err != nil {
			return err
		}
		now := s.now()
		upd := tx.PurchaseOrder.Update().
			Where(purchaseorder.ID(id), purchaseorder.StatusEQ(po.Status)).
			SetStatus(to)
		switch to {
		case purchaseorder.StatusSHIPPED:
			upd.SetShippedAt(now)
		case purchaseorder.StatusDELIVERED:
			upd.SetDeliveredAt(now)
		case purchaseorder.StatusCANCELLED:
			upd.SetCancelledAt(now)
		}
		n, err := upd.Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			// Someone moved it between our read and our update.
			cur, err := tx.PurchaseOrder.Get(ctx, id)
			if err != nil {
				return err
			}
			if err := checkPOTransition(cur.Status, to); err != nil {
				return err
			}
			return fault.Conflict("purchase order %s changed status while this request ran; it is now %s, try again", id, cur.Status)
		}
		if to != purchaseorder.StatusDELIVERED {
			return nil
		}
		return receivePurchaseOrder(ctx, tx, id)
	})
	if err != nil {
		return nil, err
	}
	return s.clientFor(ctx).PurchaseOrder.Get(ctx, id)
}

// receivePurchaseOrder books each line into stock. Lines are received in
// product order so two deliveries sharing products lock rows in one order.
func receivePurchaseOrder(ctx context.Context, tx *ent.Tx, id uuid.UUID) error {
	lines, err := tx.PurchaseOrderLine.Query().
		Where(purchaseorderline.PurchaseOrderID(id)).
		Order(ent.Asc(purchaseorderline.FieldProductID), ent.Asc(purchaseorderline.FieldID)).
		All(ctx)
	if err != nil {
		return err
	}
	for _, l := range lines {
		if _, err := receiveStock(ctx, tx, Movement{
			ProductID: l.ProductID,
			Delta:     l.Quantity,
			Kind:      stockmovement.KindPURCHASE_RECEIPT,
			Reason:    "purchase order received",
			Reference: id.String(),
			UnitCost:  l.UnitCost,
		}); err != nil {
			return err
		}
	}
	return nil
}
