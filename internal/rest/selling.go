package rest

import (
	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/pos"
)

// The REST sale flow on open sales: POST /v1/sales/ opens a sale with its
// items, /items and /payments extend it, DELETE voids it.

func itemsOf(lines []saleLine) []pos.ItemInput {
	out := make([]pos.ItemInput, 0, len(lines))
	for _, l := range lines {
		out = append(out, pos.ItemInput{ProductID: l.ProductID, Quantity: l.Quantity})
	}
	return out
}

func (c *call) createSale() (any, error) {
	in := c.readSale()
	code := c.str("discount_code", strOpts{min: 1, max: 40})
	if err := c.done(); err != nil {
		return nil, err
	}
	ci := pos.CreateSaleInput{CustomerID: in.CustomerID, Items: itemsOf(in.Items)}
	if in.Notes != nil {
		ci.Notes = *in.Notes
	}
	if code != nil {
		ci.DiscountCode = *code
	}
	s, err := c.pos.Selling().CreateSale(c.ctx, ci)
	if err != nil {
		return nil, err
	}
	return c.saleByID(s.ID)
}

// updateSale applies a status change through the core (completed completes
// the sale, cancelled voids it) and notes; totals a client sends are ignored.
func (c *call) updateSale() (any, error) {
	id := c.pathID("sale_id")
	c.parseBody(true)
	notes := c.str("notes", strOpts{max: 500})
	status, hasStatus := c.enumOf("status", false, saleStatuses)
	if c.id("customer_id", false) != nil {
		c.fail([]any{"body", "customer_id"}, "value_error", "the customer of a sale cannot be changed")
	}
	for _, f := range []string{"subtotal", "tax_amount", "discount_amount", "total_amount"} {
		c.amount(f, amountOpts{})
	}
	c.id("cashier_id", false)
	c.timestamp("sale_date", false)
	if err := c.done(); err != nil {
		return nil, err
	}
	if _, err := c.client.Sale.Get(c.ctx, id); err != nil {
		return nil, notFound(err, "Sale")
	}
	// The status first: when the core refuses it (completing an unpaid sale),
	// the request fails before it has changed anything.
	if hasStatus {
		var err error
		switch sale.Status(status) {
		case sale.StatusCOMPLETED:
			_, err = c.pos.Selling().CompleteSale(c.ctx, id)
		case sale.StatusVOIDED:
			_, err = c.pos.Selling().VoidSale(c.ctx, id, voidReason(notes))
		default:
			cur, gerr := c.client.Sale.Get(c.ctx, id)
			if gerr != nil {
				return nil, gerr
			}
			if string(cur.Status) != status {
				err = &fault.Error{Code: fault.CodeConflict, Field: "status", Message: "a sale cannot be set to " + saleStatuses.toRest(status) + " directly; refunds go through the refund operation"}
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if notes != nil {
		if err := c.pos.Legacy().SetSaleNotes(c.ctx, id, *notes); err != nil {
			return nil, notFound(err, "Sale")
		}
	}
	return c.saleByID(id)
}

func voidReason(notes *string) string {
	if notes != nil && *notes != "" {
		return *notes
	}
	return "cancelled through the REST API"
}

func (c *call) voidSale() (any, error) {
	id := c.pathID("sale_id")
	reason := c.queryString("reason", false)
	if err := c.done(); err != nil {
		return nil, err
	}
	if reason == "" {
		reason = "deleted through the REST API"
	}
	_, err := c.pos.Selling().VoidSale(c.ctx, id, reason)
	return nil, notFound(err, "Sale")
}

func (c *call) addSaleItem() (any, error) {
	id := c.pathID("sale_id")
	c.parseBody(true)
	l := c.readSaleLine(c)
	if err := c.done(); err != nil {
		return nil, err
	}
	if _, err := c.pos.Selling().AddSaleItem(c.ctx, id, l.ProductID, l.Quantity); err != nil {
		return nil, notFound(err, "Sale")
	}
	return c.saleByID(id)
}

func (c *call) pay(saleID uuid.UUID, in paymentInput) (*ent.Sale, error) {
	return c.pos.Selling().AddPayment(c.ctx, c.addPaymentInput(saleID, in))
}

// addPaymentInput is the core's payment for the request's body and its
// Idempotency-Key header.
func (c *call) addPaymentInput(saleID uuid.UUID, in paymentInput) pos.AddPaymentInput {
	ref, notes := "", ""
	if in.Reference != nil {
		ref = *in.Reference
	}
	if in.Notes != nil {
		notes = *in.Notes
	}
	return pos.AddPaymentInput{
		SaleID: saleID, Method: payment.Method(in.Method), Amount: in.Amount, Reference: ref, Notes: notes,
		IdempotencyKey: c.r.Header.Get("Idempotency-Key"),
	}
}

func (c *call) addSalePayment() (any, error) {
	id := c.pathID("sale_id")
	in := c.readPayment(false)
	if in.SaleID != nil && *in.SaleID != id {
		c.fail([]any{"body", "sale_id"}, "value_error", "sale_id does not match the sale in the path")
	}
	c.refuseUnsettled(in)
	if err := c.done(); err != nil {
		return nil, err
	}
	if _, err := c.pay(id, in); err != nil {
		return nil, notFound(err, "Sale")
	}
	return c.saleByID(id)
}

// createPayment records a payment: for a sale it goes through the core like
// any other payment; without one it is a bare legacy record.
func (c *call) createPayment() (any, error) {
	in := c.readPayment(false)
	if in.SaleID != nil {
		c.refuseUnsettled(in)
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	if in.SaleID != nil {
		p, err := c.pos.Selling().AddPaymentRecord(c.ctx, c.addPaymentInput(*in.SaleID, in))
		if err != nil {
			return nil, notFound(err, "Sale")
		}
		return paymentOf(p), nil
	}
	bare := pos.BarePaymentInput{Method: payment.Method(in.Method), Amount: in.Amount, Status: payment.Status(in.Status),
		Reference: in.Reference, Notes: in.Notes, PaidAt: in.PaidAt}
	p, err := c.pos.Legacy().CreateBarePayment(c.ctx, bare)
	if err != nil {
		return nil, err
	}
	return paymentOf(p), nil
}

// updatePayment changes a payment's reference and notes; its amount and
// method are money already counted in a sale and stay as they are.
func (c *call) updatePayment() (any, error) {
	id := c.pathID("payment_id")
	c.parseBody(true)
	ref := c.str("reference_number", strOpts{max: 100})
	notes := c.str("notes", strOpts{max: 500})
	for _, f := range []string{"amount", "method", "payment_method", "status"} {
		if _, ok := c.raw(f, false); ok {
			c.fail([]any{"body", f}, "value_error", f+" of a recorded payment cannot be changed; refund the sale instead")
		}
	}
	return saveChange(c, "Payment", func() (*ent.Payment, error) { return c.pos.Legacy().AnnotatePayment(c.ctx, id, ref, notes) }, paymentOf)
}

// deletePayment removes a bare legacy payment; the core refuses one that
// belongs to a sale (pos.DeleteBarePayment).
func (c *call) deletePayment() (any, error) {
	return deleteOne(c, "payment_id", "Payment", c.pos.Legacy().DeleteBarePayment)
}
