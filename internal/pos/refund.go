package pos

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/saleitem"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
)

// RefundItemInput is a quantity of one sale line to give back.
type RefundItemInput struct {
	SaleItemID uuid.UUID `json:"saleItemId"`
	Quantity   int64     `json:"quantity"`
}

// RefundInput returns some or all of a completed sale.
type RefundInput struct {
	SaleID         uuid.UUID `json:"saleId"`
	IdempotencyKey string    `json:"-"`
	// Items lists what comes back; empty means everything not yet refunded.
	Items []RefundItemInput `json:"items"`
	// Restock puts the goods back on the shelf (REFUND movements); nil means yes.
	Restock *bool  `json:"restock"`
	Reason  string `json:"reason,omitempty"`
	// Method is how the money goes back; nil means the method of the sale's
	// first payment (cash when it had none).
	Method *payment.Method `json:"method,omitempty"`
}

// RefundSale gives back chosen quantities of a sale's lines. The money
// returned is each line's captured amount (after its discount, with its tax)
// prorated by units with ProratedShare, so refunding a line unit by unit
// returns exactly what was paid for it. Earned loyalty is reversed in the same
// proportion of the sale total. The sale becomes PARTIALLY_REFUNDED, or
// REFUNDED once every unit is back. The REFUND payment belongs to the
// refunding cashier's open cash session, the drawer the money leaves (for an
// approving manager with none, the sale's, see drawerFor); with
// require_cash_session set, a cash refund without one is refused.
//
// Without the REFUND permission a caller refunds only a sale of their own
// open cash session and only to its original tenders: a method the sale was
// paid with, up to what was paid by it less what went back by it before
// (see tillControl). A sale paid two ways is refunded in parts, one per
// method.
func (s Selling) RefundSale(ctx context.Context, in RefundInput) (*ent.Sale, error) {
	in.Reason = strings.TrimSpace(in.Reason)
	restock := in.Restock == nil || *in.Restock
	in.Restock = &restock
	byID := map[uuid.UUID]int{}
	var items []RefundItemInput
	for i, it := range in.Items {
		if it.Quantity <= 0 {
			return nil, fault.BadInput(fmt.Sprintf("items[%d].quantity", i), "refund quantity must be positive, got %d", it.Quantity)
		}
		if j, ok := byID[it.SaleItemID]; ok {
			items[j].Quantity += it.Quantity
			continue
		}
		byID[it.SaleItemID] = len(items)
		items = append(items, it)
	}
	sort.Slice(items, func(a, b int) bool { return bytes.Compare(items[a].SaleItemID[:], items[b].SaleItemID[:]) < 0 })
	in.Items = items
	if in.Method != nil {
		if err := payment.MethodValidator(*in.Method); err != nil {
			return nil, fault.BadInput("method", "unknown payment method %q", *in.Method)
		}
	}
	id, err := s.idempotent(ctx, ScopeRefund, in.IdempotencyKey, in, in.SaleID, func(ctx context.Context, tx *ent.Tx) error {
		return s.refund(ctx, tx, in, restock)
	})
	if err != nil {
		return nil, err
	}
	return s.clientFor(ctx).Sale.Get(ctx, id)
}

func (s *core) refund(ctx context.Context, tx *ent.Tx, in RefundInput, restock bool) error {
	st, err := readSettings(ctx, tx.Client())
	if err != nil {
		return err
	}
	sl, err := loadSale(ctx, tx, in.SaleID)
	if err != nil {
		return err
	}
	if _, err := CheckSaleTransition(sl.Status, ActionRefund); err != nil {
		return err
	}
	if err := checkRefundSession(ctx, tx, sl); err != nil {
		return err
	}
	method, err := refundMethod(ctx, tx, sl.ID, in.Method)
	if err != nil {
		return err
	}
	if method == payment.MethodLOYALTY_POINTS && sl.CustomerID == nil {
		return fault.BadInput("method", "refunding to loyalty points needs a customer on the sale")
	}
	// The money leaves the refunding cashier's drawer, whichever session
	// took it (an approving manager's: the sale's, see drawerFor); the
	// session is locked before any stock row (see checkout).
	till, err := drawerFor(ctx, tx, sl)
	if err != nil {
		return err
	}
	if err := checkTill(till, method, st, "method"); err != nil {
		return err
	}
	lines, err := tx.SaleItem.Query().Where(saleitem.SaleID(sl.ID)).Order(saleitem.ByProductID()).All(ctx)
	if err != nil {
		return err
	}
	want := map[uuid.UUID]int64{}
	if len(in.Items) == 0 {
		for _, l := range lines {
			if n := l.Quantity - l.RefundedQuantity; n > 0 {
				want[l.ID] = n
			}
		}
	}
	for i, it := range in.Items {
		want[it.SaleItemID] = it.Quantity
		found := false
		for _, l := range lines {
			if l.ID == it.SaleItemID {
				found = true
				if left := l.Quantity - l.RefundedQuantity; it.Quantity > left {
					return fault.BadInput(fmt.Sprintf("items[%d].quantity", i), "cannot refund %d of %q: %d sold, %d already refunded", it.Quantity, l.ProductName, l.Quantity, l.RefundedQuantity)
				}
			}
		}
		if !found {
			return fault.BadInput(fmt.Sprintf("items[%d].saleItemId", i), "sale item %s is not on sale %s", it.SaleItemID, sl.ID)
		}
	}
	if len(want) == 0 {
		return fault.BadInput("items", "nothing left to refund on sale %s", sl.ID)
	}
	var amount money.Amount
	var restocked []Movement
	allBack := true
	for _, l := range lines {
		n := want[l.ID]
		if l.Quantity-l.RefundedQuantity-n > 0 {
			allBack = false
		}
		if n == 0 {
			continue
		}
		amount += ProratedShare(l.Subtotal+l.TaxTotal, l.Quantity, l.RefundedQuantity, n)
		if err := tx.SaleItem.UpdateOne(l).AddRefundedQuantity(n).Exec(ctx); err != nil {
			return err
		}
		if restock {
			restocked = append(restocked, Movement{ProductID: l.ProductID, Delta: n, Kind: stockmovement.KindREFUND,
				Reason: refundReason(in.Reason), Reference: sl.ID.String(), UnitCost: l.UnitCost})
		}
	}
	// Checked once the amount is known; a refusal rolls the line updates
	// above back with the transaction.
	if err := checkRefundTenders(ctx, tx, sl.ID, method, amount); err != nil {
		return err
	}
	if _, err := applyMovements(ctx, tx, restocked); err != nil {
		return err
	}
	if err := tx.Payment.Create().SetSaleID(sl.ID).SetMethod(method).SetKind(payment.KindREFUND).
		SetStatus(payment.StatusCOMPLETED).SetAmount(amount).SetTendered(amount).SetNotes(in.Reason).
		SetPaidAt(s.now()).SetNillableCashSessionID(till).Exec(ctx); err != nil {
		return err
	}
	if sl.CustomerID != nil {
		// Reverse earned points in proportion to the money returned; the
		// cumulative form makes a sale refunded in parts reverse all of them.
		back := ProratedShare(money.Amount(sl.LoyaltyPointsEarned), int64(sl.Total), int64(sl.RefundedTotal), int64(amount))
		if err := reversePoints(ctx, tx, *sl.CustomerID, int64(back), st); err != nil {
			return err
		}
		if method == payment.MethodLOYALTY_POINTS {
			if err := addPoints(ctx, tx, *sl.CustomerID, int64(amount)/int64(st.PointValue), st); err != nil {
				return err
			}
		}
	}
	return tx.Sale.UpdateOne(sl).SetStatus(refundTarget(allBack)).AddRefundedTotal(amount).Exec(ctx)
}

func refundReason(r string) string {
	if r == "" {
		return "refund"
	}
	return "refund: " + r
}

// refundMethod is the requested method, else the sale's first payment method.
func refundMethod(ctx context.Context, tx *ent.Tx, saleID uuid.UUID, m *payment.Method) (payment.Method, error) {
	if m != nil {
		return *m, nil
	}
	first, err := tx.Payment.Query().Where(payment.SaleID(saleID), payment.KindEQ(payment.KindSALE)).
		Order(payment.ByPaidAt(), payment.ByID()).First(ctx)
	if ent.IsNotFound(err) {
		return payment.MethodCASH, nil
	}
	if err != nil {
		return "", err
	}
	return first.Method, nil
}
