package rest

import (
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/money"
)

// The operations below change sales, stock and purchase orders, or compute
// reports: each reads and validates its input here and hands it to the core.

// saleLine is one requested line of a sale. The client's unit_price and
// subtotal are read for validation only: the core prices every line.
type saleLine struct {
	ProductID uuid.UUID
	Quantity  int64
}

// readSaleLine validates one sale item object.
func (c *call) readSaleLine(n *call) saleLine {
	var l saleLine
	if id := n.id("product_id", true); id != nil {
		l.ProductID = *id
	}
	if q := n.integer("quantity", true, 1, 1_000_000); q != nil {
		l.Quantity = *q
	}
	n.amount("unit_price", false, false)
	n.amount("subtotal", false, false)
	n.amount("discount_amount", false, false)
	return l
}

// saleInput is a validated POST /v1/sales/ body.
type saleInput struct {
	CustomerID *uuid.UUID
	CashierID  *uuid.UUID
	Notes      *string
	Items      []saleLine
}

func (c *call) readSale() saleInput {
	c.parseBody(true)
	in := saleInput{
		CustomerID: c.id("customer_id", false),
		CashierID:  c.id("cashier_id", false),
		Notes:      c.str("notes", false, 0, 500),
	}
	// Totals and dates a client sends are checked for shape and ignored:
	// the server computes every amount.
	for _, f := range []string{"subtotal", "tax_amount", "discount_amount", "total_amount"} {
		c.amount(f, false, false)
	}
	c.timestamp("sale_date", false)
	if _, ok := c.raw("status", false); ok {
		c.enumOf("status", false, saleStatuses)
	}
	for i, obj := range c.objects("items", true) {
		n := c.nested(obj)
		in.Items = append(in.Items, c.readSaleLine(n))
		c.adopt(n, "items", i)
	}
	return in
}

// paymentInput is a validated payment body.
type paymentInput struct {
	SaleID    *uuid.UUID
	Method    string
	Amount    money.Amount
	Reference *string
	Notes     *string
	PaidAt    *time.Time
	Status    string
}

func (c *call) readPayment(saleRequired bool) paymentInput {
	c.parseBody(true)
	var in paymentInput
	in.SaleID = c.id("sale_id", saleRequired)
	method, ok := c.enumOf("payment_method", false, paymentMethods)
	if !ok {
		method, ok = c.enumOf("method", false, paymentMethods)
	}
	if !ok && !c.has("payment_method") && !c.has("method") {
		c.fail([]any{"body", "payment_method"}, "missing", "Field required")
	}
	in.Method = method
	if a := c.amount("amount", true, true); a != nil {
		in.Amount = *a
	}
	in.Reference = c.str("reference_number", false, 0, 100)
	in.Notes = c.str("notes", false, 0, 500)
	in.PaidAt = c.timestamp("payment_date", false)
	in.Status, _ = c.enumOf("status", false, paymentStatuses)
	return in
}

func (c *call) createSale() (any, error) {
	_ = c.readSale()
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("creating a sale")
}

func (c *call) updateSale() (any, error) {
	c.pathID("sale_id")
	c.parseBody(true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("updating a sale")
}

func (c *call) voidSale() (any, error) {
	c.pathID("sale_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("voiding a sale")
}

func (c *call) addSaleItem() (any, error) {
	c.pathID("sale_id")
	c.parseBody(true)
	_ = c.readSaleLine(c)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("adding a sale item")
}

func (c *call) addSalePayment() (any, error) {
	c.pathID("sale_id")
	_ = c.readPayment(false)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("adding a payment")
}

func (c *call) createPayment() (any, error) {
	_ = c.readPayment(false)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("recording a payment")
}

func (c *call) updatePayment() (any, error) {
	c.pathID("payment_id")
	c.parseBody(true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("changing a payment")
}

func (c *call) deletePayment() (any, error) {
	c.pathID("payment_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("deleting a payment")
}

func (c *call) stockLevels() (any, error) {
	c.queryBool("low_stock_only")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("stock levels")
}

func (c *call) restock() (any, error) {
	c.pathID("product_id")
	c.requiredQueryInt("quantity", 1, 1_000_000_000)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("restocking")
}

func (c *call) adjustStock() (any, error) {
	c.pathID("product_id")
	c.requiredQueryInt("adjustment", -1_000_000_000, 1_000_000_000)
	c.queryString("reason", true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("stock adjustment")
}

func (c *call) createPurchaseOrder() (any, error) {
	c.parseBody(true)
	c.id("supplier_id", true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("purchase orders")
}

func (c *call) updatePurchaseOrderParam(param string) (any, error) {
	c.pathID(param)
	c.parseBody(true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("purchase orders")
}

func (c *call) updatePurchaseOrder() (any, error) {
	return c.updatePurchaseOrderParam("purchase_order_id")
}
func (c *call) updatePurchaseOrderByOrderID() (any, error) {
	return c.updatePurchaseOrderParam("order_id")
}
func (c *call) patchPurchaseOrderStatus() (any, error) { return c.updatePurchaseOrderParam("order_id") }

func (c *call) deletePurchaseOrderParam(param string) (any, error) {
	c.pathID(param)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("purchase orders")
}

func (c *call) deletePurchaseOrder() (any, error) {
	return c.deletePurchaseOrderParam("purchase_order_id")
}
func (c *call) deletePurchaseOrderWithBody() (any, error) {
	return c.deletePurchaseOrderParam("order_id")
}

// ---- Reports ----

func (c *call) revenueAnalytics() (any, error) {
	c.queryTime("start_date", true, false)
	c.queryTime("end_date", true, true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}

func (c *call) topProducts() (any, error) {
	c.queryTime("start_date", true, false)
	c.queryTime("end_date", true, true)
	c.queryInt("limit", 10, 1, 1000)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}

func (c *call) dailySummaryPath() (any, error) {
	c.pathDate("date")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}

func (c *call) dailySummaryQuery() (any, error) {
	c.queryTime("date", true, false)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}

func (c *call) salesReport() (any, error) {
	c.queryTime("start_date", true, false)
	c.queryTime("end_date", false, true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}

func (c *call) periodReport() (any, error) {
	c.queryTime("start", false, false)
	c.queryTime("end", false, true)
	c.queryTime("start_date", false, false)
	c.queryTime("end_date", false, true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}

func (c *call) inventoryReport() (any, error) { return nil, notYet("reports") }

func (c *call) loyaltyReport() (any, error) {
	c.queryInt("top_n", 10, 1, 1000)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}

func (c *call) profitLoss() (any, error) {
	c.queryTime("start_date", true, false)
	c.queryTime("end_date", true, true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}

// ---- Authentication ----

func (c *call) login() (any, error) {
	c.parseBody(true)
	c.str("username", true, 0, 0)
	c.str("password", true, 0, 0)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("login")
}

func (c *call) register() (any, error) {
	c.parseBody(true)
	c.str("username", true, 3, 20)
	c.str("password", true, 8, 0)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("registration")
}

func (c *call) refresh() (any, error) {
	c.parseBody(true)
	c.str("refresh_token", true, 0, 0)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("token refresh")
}

func (c *call) logout() (any, error) {
	c.parseBody(false)
	c.str("refresh_token", false, 0, 0)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("logout")
}

func (c *call) createUser() (any, error) {
	c.parseBody(true)
	c.str("username", true, 3, 20)
	c.str("password", true, 8, 0)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("creating users")
}
