package rest

import (
	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/purchaseorder"
	"github.com/pandac/pandac/internal/pos"
)

// Restock, adjustments and purchase orders go through the core's ledger,
// the same functions the GraphQL mutations call.

type stockChangeView struct {
	ProductID     uuid.UUID `json:"product_id"`
	Delta         int64     `json:"delta"`
	QuantityAfter int64     `json:"quantity"`
	Kind          string    `json:"kind"`
	Reason        string    `json:"reason"`
	MovementID    uuid.UUID `json:"movement_id"`
}

func stockChangeOf(m *ent.StockMovement) stockChangeView {
	return stockChangeView{ProductID: m.ProductID, Delta: m.Delta, QuantityAfter: m.QuantityAfter,
		Kind: string(m.Kind), Reason: m.Reason, MovementID: m.ID}
}

func (c *call) restock() (any, error) {
	id := c.pathID("product_id")
	qty := c.requiredQueryInt("quantity", 1, 1_000_000_000)
	reason := c.queryString("reason", false)
	if err := c.done(); err != nil {
		return nil, err
	}
	if reason == "" {
		reason = "restock"
	}
	m, err := c.pos.Stock().RestockProduct(c.ctx, pos.RestockInput{ProductID: id, Quantity: qty, Reason: reason})
	if err != nil {
		return nil, notFound(err, "Product")
	}
	return stockChangeOf(m), nil
}

func (c *call) adjustStock() (any, error) {
	id := c.pathID("product_id")
	delta := c.requiredQueryInt("adjustment", -1_000_000_000, 1_000_000_000)
	reason := c.queryString("reason", true)
	if err := c.done(); err != nil {
		return nil, err
	}
	m, err := c.pos.Stock().AdjustStock(c.ctx, pos.AdjustStockInput{ProductID: id, Delta: delta, Reason: reason})
	if err != nil {
		return nil, notFound(err, "Product")
	}
	return stockChangeOf(m), nil
}

// poLines reads a purchase order's product_list into structured lines:
// [{"product_id", "quantity", "unit_cost"}] (unit_price and price are read
// as the unit cost too, as older clients sent them).
func (c *call) poLines() ([]pos.PurchaseOrderLineInput, bool) {
	objs := c.objects("product_list", false)
	if objs == nil {
		return nil, false
	}
	out := make([]pos.PurchaseOrderLineInput, 0, len(objs))
	for i, obj := range objs {
		n := c.nested(obj)
		var l pos.PurchaseOrderLineInput
		if id := n.id("product_id", true); id != nil {
			l.ProductID = *id
		}
		if q := n.integer("quantity", intOpts{required: true, min: 1, max: 1_000_000_000}); q != nil {
			l.Quantity = *q
		}
		for _, f := range []string{"unit_cost", "unit_price", "price"} {
			if a := n.amount(f, amountOpts{}); a != nil {
				l.UnitCost = *a
				break
			}
		}
		c.adopt(n, "product_list", i)
		out = append(out, l)
	}
	return out, true
}

func (c *call) createPurchaseOrder() (any, error) {
	c.parseBody(true)
	var in pos.PurchaseOrderInput
	if id := c.id("supplier_id", true); id != nil {
		in.SupplierID = *id
	}
	in.Lines, _ = c.poLines()
	if n := c.str("notes", strOpts{max: 1000}); n != nil {
		in.Notes = *n
	}
	in.ExpectedAt = c.timestamp("expected_at", false)
	status, hasStatus := c.enumOf("status", false, purchaseOrderStatuses)
	if err := c.done(); err != nil {
		return nil, err
	}
	po, err := c.pos.Stock().CreatePurchaseOrder(c.ctx, in)
	if err != nil {
		return nil, err
	}
	if hasStatus && purchaseorder.Status(status) != po.Status {
		if _, err := c.pos.Stock().UpdatePurchaseOrderStatus(c.ctx, po.ID, purchaseorder.Status(status)); err != nil {
			return nil, err
		}
	}
	return c.purchaseOrderByID(po.ID)
}

func (c *call) updatePurchaseOrderParam(param string) (any, error) {
	id := c.pathID(param)
	c.parseBody(true)
	var ch pos.PurchaseOrderChanges
	ch.Lines, _ = c.poLines()
	ch.Notes = c.str("notes", strOpts{max: 1000})
	ch.ExpectedAt = c.timestamp("expected_at", false)
	if sid := c.id("supplier_id", false); sid != nil {
		c.fail([]any{"body", "supplier_id"}, "value_error", "the supplier of a purchase order cannot be changed")
	}
	status, hasStatus := c.enumOf("status", false, purchaseOrderStatuses)
	if err := c.done(); err != nil {
		return nil, err
	}
	if ch.Lines != nil || ch.Notes != nil || ch.ExpectedAt != nil {
		if _, err := c.pos.Stock().UpdatePurchaseOrder(c.ctx, id, ch); err != nil {
			return nil, notFound(err, "Purchase order")
		}
	}
	if hasStatus {
		return c.changePOStatus(id, status)
	}
	return c.purchaseOrderByID(id)
}

func (c *call) changePOStatus(id uuid.UUID, status string) (any, error) {
	cur, err := c.client.PurchaseOrder.Get(c.ctx, id)
	if err != nil {
		return nil, notFound(err, "Purchase order")
	}
	if cur.Status != purchaseorder.Status(status) {
		if _, err := c.pos.Stock().UpdatePurchaseOrderStatus(c.ctx, id, purchaseorder.Status(status)); err != nil {
			return nil, notFound(err, "Purchase order")
		}
	}
	return c.purchaseOrderByID(id)
}

func (c *call) updatePurchaseOrder() (any, error) {
	return c.updatePurchaseOrderParam("purchase_order_id")
}
func (c *call) updatePurchaseOrderByOrderID() (any, error) {
	return c.updatePurchaseOrderParam("order_id")
}

func (c *call) patchPurchaseOrderStatus() (any, error) {
	id := c.pathID("order_id")
	c.parseBody(true)
	status, _ := c.enumOf("status", true, purchaseOrderStatuses)
	if err := c.done(); err != nil {
		return nil, err
	}
	return c.changePOStatus(id, status)
}

func (c *call) deletePurchaseOrder() (any, error) {
	return deleteOne(c, "purchase_order_id", "Purchase order", c.pos.Stock().DeletePurchaseOrder)
}
func (c *call) deletePurchaseOrderWithBody() (any, error) {
	return deleteWithBody(c, "order_id", "Purchase order", c.pos.Stock().DeletePurchaseOrder)
}
