package pos

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/saleitem"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
)

const receiptWidth = 40

// Receipt renders a sale as a plain-text receipt: store name and address,
// lines, discount, tax, total, payments, change, cashier and time in the
// store's time zone. Both the GraphQL Sale.receipt field and the REST
// /v1/sales/{id}/receipt call it.
func (s Selling) Receipt(ctx context.Context, saleID uuid.UUID) (string, error) {
	c := s.clientFor(ctx)
	st, err := readSettings(ctx, c)
	if err != nil {
		return "", err
	}
	sl, err := c.Sale.Query().Where(sale.ID(saleID)).
		WithItems(func(q *ent.SaleItemQuery) { q.Order(saleitem.ByCreatedAt(), saleitem.ByID()) }).
		WithPayments(func(q *ent.PaymentQuery) { q.Order(payment.ByPaidAt(), payment.ByID()) }).
		WithCustomer().Only(ctx)
	if ent.IsNotFound(err) {
		return "", fault.NotFound("sale", saleID)
	}
	if err != nil {
		return "", err
	}
	sellers, err := s.sellerNames(ctx, []*ent.Sale{sl})
	if err != nil {
		return "", err
	}
	return renderReceipt(sl, st, sellers[sl.ID]), nil
}

// renderReceipt writes the receipt; seller is the name printed as the
// cashier (sellerNames).
func renderReceipt(sl *ent.Sale, st Settings, seller string) string {
	var b strings.Builder
	center := func(s string) {
		if pad := (receiptWidth - len(s)) / 2; pad > 0 {
			b.WriteString(strings.Repeat(" ", pad))
		}
		b.WriteString(s + "\n")
	}
	row := func(left, right string) {
		pad := receiptWidth - len(left) - len(right)
		if pad < 1 {
			pad = 1
		}
		b.WriteString(left + strings.Repeat(" ", pad) + right + "\n")
	}
	rule := func() { b.WriteString(strings.Repeat("-", receiptWidth) + "\n") }

	center(st.StoreName)
	for _, line := range strings.Split(st.StoreAddress, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			center(line)
		}
	}
	rule()
	when := sl.CreatedAt
	if sl.CompletedAt != nil {
		when = *sl.CompletedAt
	}
	row("Sale", sl.ID.String()[:8])
	row("Date", when.In(st.Location).Format("2006-01-02 15:04 MST"))
	if seller != "" {
		row("Cashier", seller)
	}
	if c := sl.Edges.Customer; c != nil {
		row("Customer", c.Name)
	}
	if sl.Status != "COMPLETED" {
		row("Status", string(sl.Status))
	}
	rule()
	for _, it := range sl.Edges.Items {
		name := it.ProductName
		if len(name) > receiptWidth {
			name = name[:receiptWidth]
		}
		b.WriteString(name + "\n")
		row(fmt.Sprintf("  %d x %s", it.Quantity, it.UnitPrice), it.UnitPrice.Mul(it.Quantity).String())
		if it.DiscountTotal > 0 {
			row("  discount", "-"+it.DiscountTotal.String())
		}
		if it.RefundedQuantity > 0 {
			row(fmt.Sprintf("  refunded %d", it.RefundedQuantity), "")
		}
	}
	rule()
	row("Subtotal", sl.Subtotal.String())
	if sl.DiscountTotal > 0 {
		label := "Discount"
		if sl.DiscountCode != "" {
			label += " (" + sl.DiscountCode + ")"
		}
		row(label, "-"+sl.DiscountTotal.String())
	}
	row(fmt.Sprintf("Tax (%s%%)", rateString(st.TaxRatePPM)), sl.TaxTotal.String())
	row("TOTAL "+st.Currency, sl.Total.String())
	rule()
	var change money.Amount
	for _, p := range sl.Edges.Payments {
		label := string(p.Method)
		if p.Kind == payment.KindREFUND {
			label = "REFUND " + label
		}
		if p.Status == payment.StatusREFUNDED {
			label += " (refunded)"
		}
		shown := p.Amount
		if p.Method == payment.MethodCASH && p.Kind == payment.KindSALE {
			shown = p.Tendered
			change += p.Tendered - p.Amount
		}
		if p.Kind == payment.KindREFUND {
			row(label, "-"+shown.String())
		} else {
			row(label, shown.String())
		}
	}
	if change > 0 {
		row("Change", change.String())
	}
	if due := sl.Total - sl.PaidTotal; sl.Status == "OPEN" && due > 0 {
		row("Balance due", due.String())
	}
	if sl.RefundedTotal > 0 {
		row("Refunded", sl.RefundedTotal.String())
	}
	if sl.LoyaltyPointsEarned > 0 {
		row("Points earned", fmt.Sprint(sl.LoyaltyPointsEarned))
	}
	if sl.VoidReason != "" {
		row("VOIDED", sl.VoidReason)
	}
	rule()
	center("Thank you!")
	return b.String()
}

// rateString formats a rate in parts per million as a percentage ("8.875").
func rateString(ppm int64) string {
	s := fmt.Sprintf("%d.%04d", ppm/10_000, ppm%10_000)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
