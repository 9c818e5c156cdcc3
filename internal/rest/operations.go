package rest

import (
	"github.com/pandac/pandac/ent/payment"
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
	if q := n.integer("quantity", intOpts{required: true, min: 1, max: 1_000_000}); q != nil {
		l.Quantity = *q
	}
	n.amount("unit_price", amountOpts{})
	n.amount("subtotal", amountOpts{})
	n.amount("discount_amount", amountOpts{})
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
		Notes:      c.str("notes", strOpts{max: 500}),
	}
	// Totals and dates a client sends are checked for shape and ignored:
	// the server computes every amount.
	for _, f := range []string{"subtotal", "tax_amount", "discount_amount", "total_amount"} {
		c.amount(f, amountOpts{})
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

// refuseUnsettled fails a payment applied to a sale whose status says the
// money did not arrive: the core counts a sale's payments as received, so a
// pending, failed or refunded one must not pay the sale. Leaving status out
// (the reference API's default is pending) records it as received, as every
// other way of paying a sale does.
func (c *call) refuseUnsettled(in paymentInput) {
	if in.Status != "" && in.Status != string(payment.StatusCOMPLETED) {
		c.fail([]any{"body", "status"}, "value_error",
			"a payment on a sale is recorded when the money is received: send status completed or leave it out")
	}
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
	if a := c.amount("amount", amountOpts{required: true, positive: true}); a != nil {
		in.Amount = *a
	}
	in.Reference = c.str("reference_number", strOpts{max: 100})
	in.Notes = c.str("notes", strOpts{max: 500})
	in.PaidAt = c.timestamp("payment_date", false)
	in.Status, _ = c.enumOf("status", false, paymentStatuses)
	return in
}
