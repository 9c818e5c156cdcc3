package pos

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/discount"
	"github.com/pandac/pandac/ent/employee"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/product"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/saleitem"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/actor"
	"github.com/pandac/pandac/internal/money"
)

// maxLineQuantity bounds one line so quantity x price cannot overflow.
const maxLineQuantity = 1_000_000

// ItemInput is a product and quantity to sell.
type ItemInput struct {
	ProductID uuid.UUID `json:"productId"`
	Quantity  int64     `json:"quantity"`
}

// PaymentInput is money tendered for a sale. For CASH, Amount is what the
// customer handed over; any excess over the balance is returned as change.
type PaymentInput struct {
	Method    payment.Method `json:"method"`
	Amount    money.Amount   `json:"amount"`
	Reference string         `json:"reference,omitempty"`
}

// CheckoutInput is a whole sale rung up in one call.
type CheckoutInput struct {
	IdempotencyKey string         `json:"-"`
	CustomerID     *uuid.UUID     `json:"customerId,omitempty"`
	Items          []ItemInput    `json:"items"`
	DiscountCode   string         `json:"discountCode,omitempty"`
	Payments       []PaymentInput `json:"payments"`
	Notes          string         `json:"notes,omitempty"`
}

// Checkout prices the basket from the catalogue, records the sale, its lines
// and payments, and, when the payments cover the total, completes it (stock,
// loyalty, events) — all in one transaction. An underpaid sale stays OPEN
// with a balance due and takes no stock until it completes (see AddPayment).
func (s *Service) Checkout(ctx context.Context, in CheckoutInput) (*ent.Sale, error) {
	items, err := mergeItems(in.Items)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, BadInput("items", "a sale needs at least one item")
	}
	in.Items = items
	in.DiscountCode = strings.TrimSpace(in.DiscountCode)
	in.Notes = strings.TrimSpace(in.Notes)
	for i := range in.Payments {
		in.Payments[i].Reference = strings.TrimSpace(in.Payments[i].Reference)
	}
	id, err := s.idempotent(ctx, ScopeCheckout, in.IdempotencyKey, in, func(ctx context.Context, tx *ent.Tx) (uuid.UUID, error) {
		return s.checkout(ctx, tx, in)
	})
	if err != nil {
		return nil, err
	}
	return s.client.Sale.Get(ctx, id)
}

func (s *Service) checkout(ctx context.Context, tx *ent.Tx, in CheckoutInput) (uuid.UUID, error) {
	st, err := readSettings(ctx, tx.Client())
	if err != nil {
		return uuid.Nil, err
	}
	// The session is locked before any stock row, the order every selling
	// operation keeps (sale, session, stock), so none of them can deadlock.
	till, err := tillOf(ctx, tx)
	if err != nil {
		return uuid.Nil, err
	}
	sl, err := s.newSale(ctx, tx, in.CustomerID, in.Notes, in.IdempotencyKey, till)
	if err != nil {
		return uuid.Nil, err
	}
	// The sale is new, so it has no lines to merge with: they are priced
	// before they are written, written once with their amounts, and handed
	// on rather than read back.
	lines, err := draftLines(ctx, tx, sl, in.Items)
	if err != nil {
		return uuid.Nil, err
	}
	if sl, err = s.repriceLines(ctx, tx, sl, lines, in.DiscountCode, st); err != nil {
		return uuid.Nil, err
	}
	for i, p := range in.Payments {
		if sl, err = s.pay(ctx, tx, sl, p, "", st, fmt.Sprintf("payments[%d]", i), till); err != nil {
			return uuid.Nil, err
		}
	}
	if sl.PaidTotal >= sl.Total {
		if _, err := s.completeLines(ctx, tx, sl, lines, st, till); err != nil {
			return uuid.Nil, err
		}
	}
	return sl.ID, nil
}

// mergeItems validates quantities, merges lines of the same product and
// sorts them by product id: stock is then always locked in the same order,
// so two checkouts cannot deadlock on PostgreSQL.
func mergeItems(items []ItemInput) ([]ItemInput, error) {
	byID := map[uuid.UUID]int{}
	var out []ItemInput
	for i, it := range items {
		if it.Quantity <= 0 || it.Quantity > maxLineQuantity {
			return nil, BadInput(fmt.Sprintf("items[%d].quantity", i), "quantity must be between 1 and %d, got %d", maxLineQuantity, it.Quantity)
		}
		if j, ok := byID[it.ProductID]; ok {
			out[j].Quantity += it.Quantity
			if out[j].Quantity > maxLineQuantity {
				return nil, BadInput(fmt.Sprintf("items[%d].quantity", i), "quantity of product %s must not exceed %d", it.ProductID, maxLineQuantity)
			}
			continue
		}
		byID[it.ProductID] = len(out)
		out = append(out, it)
	}
	sort.Slice(out, func(a, b int) bool { return bytes.Compare(out[a].ProductID[:], out[b].ProductID[:]) < 0 })
	return out, nil
}

// newSale creates an OPEN sale for the acting user (the cashier, and their
// employee profile when they have one), in the cashier's open cash session
// till when there is one.
func (s *Service) newSale(ctx context.Context, tx *ent.Tx, customerID *uuid.UUID, notes, key string, till *uuid.UUID) (*ent.Sale, error) {
	create := tx.Sale.Create().SetStatus(sale.StatusOPEN).SetNotes(notes).SetNillableCashSessionID(till)
	if key != "" {
		create.SetIdempotencyKey(key)
	}
	if customerID != nil {
		ok, err := tx.Customer.Get(ctx, *customerID)
		if ent.IsNotFound(err) {
			return nil, NotFound("customer", *customerID)
		}
		if err != nil {
			return nil, err
		}
		create.SetCustomerID(ok.ID)
	}
	if who, ok := actor.From(ctx); ok {
		create.SetCashierID(who)
		emp, err := tx.Employee.Query().Where(employee.UserID(who)).Only(ctx)
		switch {
		case err == nil:
			create.SetEmployeeID(emp.ID)
		case !ent.IsNotFound(err):
			return nil, err
		}
	}
	return create.Save(ctx)
}

// addLines adds products to an OPEN sale, capturing name, price and cost
// now; a product already on the sale has its quantity increased at the price
// captured first. Amounts are left to reprice.
func (s *Service) addLines(ctx context.Context, tx *ent.Tx, sl *ent.Sale, items []ItemInput) error {
	byID, ids, err := saleableProducts(ctx, tx, items)
	if err != nil {
		return err
	}
	existing, err := tx.SaleItem.Query().Where(saleitem.SaleID(sl.ID), saleitem.ProductIDIn(ids...)).All(ctx)
	if err != nil {
		return err
	}
	have := make(map[uuid.UUID]*ent.SaleItem, len(existing))
	for _, e := range existing {
		have[e.ProductID] = e
	}
	var creates []*ent.SaleItemCreate
	for i, it := range items {
		p := byID[it.ProductID]
		if e, ok := have[p.ID]; ok {
			if e.Quantity+it.Quantity > maxLineQuantity {
				return BadInput(fmt.Sprintf("items[%d].quantity", i), "quantity of %q must not exceed %d", p.Name, maxLineQuantity)
			}
			if err := tx.SaleItem.Update().Where(saleitem.ID(e.ID)).AddQuantity(it.Quantity).Exec(ctx); err != nil {
				return err
			}
			continue
		}
		creates = append(creates, newLine(tx, sl, p, it.Quantity))
	}
	if len(creates) == 0 {
		return nil
	}
	return tx.SaleItem.CreateBulk(creates...).Exec(ctx)
}

// draftLines are the unsaved lines of a sale that has none yet, in the
// order of items, capturing each product's name, price and cost now;
// repriceLines writes them.
func draftLines(ctx context.Context, tx *ent.Tx, sl *ent.Sale, items []ItemInput) ([]*ent.SaleItem, error) {
	byID, _, err := saleableProducts(ctx, tx, items)
	if err != nil {
		return nil, err
	}
	lines := make([]*ent.SaleItem, len(items))
	for i, it := range items {
		p := byID[it.ProductID]
		lines[i] = &ent.SaleItem{SaleID: sl.ID, ProductID: p.ID, ProductName: p.Name, Quantity: it.Quantity, UnitPrice: p.Price, UnitCost: p.Cost}
	}
	return lines, nil
}

// saleableProducts reads the products of items in one query and checks that
// each exists and is for sale.
func saleableProducts(ctx context.Context, tx *ent.Tx, items []ItemInput) (map[uuid.UUID]*ent.Product, []uuid.UUID, error) {
	ids := make([]uuid.UUID, len(items))
	for i, it := range items {
		ids[i] = it.ProductID
	}
	prods, err := tx.Product.Query().Where(product.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[uuid.UUID]*ent.Product, len(prods))
	for _, p := range prods {
		byID[p.ID] = p
	}
	for i, it := range items {
		p, ok := byID[it.ProductID]
		if !ok {
			return nil, nil, NotFound("product", it.ProductID)
		}
		if !p.IsActive {
			return nil, nil, BadInput(fmt.Sprintf("items[%d].productId", i), "product %q is not for sale (inactive)", p.Name)
		}
	}
	return byID, ids, nil
}

// newLine captures the product's name, price and cost on a new line.
func newLine(tx *ent.Tx, sl *ent.Sale, p *ent.Product, qty int64) *ent.SaleItemCreate {
	return tx.SaleItem.Create().SetSaleID(sl.ID).SetProductID(p.ID).SetProductName(p.Name).
		SetQuantity(qty).SetUnitPrice(p.Price).SetUnitCost(p.Cost)
}

// reprice recomputes every amount of an OPEN sale from its lines' captured
// prices, the discounts valid now and the tax rate, through Quote, and
// stores them on the lines and the sale. code replaces the sale's discount
// code when not empty.
func (s *Service) reprice(ctx context.Context, tx *ent.Tx, sl *ent.Sale, code string, st Settings) (*ent.Sale, error) {
	items, err := tx.SaleItem.Query().Where(saleitem.SaleID(sl.ID)).Order(saleitem.ByProductID()).All(ctx)
	if err != nil {
		return nil, err
	}
	return s.repriceLines(ctx, tx, sl, items, code, st)
}

// repriceLines is reprice over lines the caller holds: every line of the
// sale, stored or drafted. Stored lines get their new amounts; drafted lines
// (no id yet, see draftLines) are written with theirs in one statement and
// replaced in items by the stored rows.
func (s *Service) repriceLines(ctx context.Context, tx *ent.Tx, sl *ent.Sale, items []*ent.SaleItem, code string, st Settings) (*ent.Sale, error) {
	explicit := code != ""
	if !explicit {
		code = sl.DiscountCode
	}
	var err error
	now := s.now()
	lines := make([]QuoteLine, len(items))
	ids := make([]uuid.UUID, len(items))
	for i, it := range items {
		lines[i] = QuoteLine{ProductID: it.ProductID, Quantity: it.Quantity, UnitPrice: it.UnitPrice, UnitCost: it.UnitCost}
		ids[i] = it.ProductID
	}
	auto, err := automaticDiscounts(ctx, tx, ids, now)
	if err != nil {
		return nil, err
	}
	for i := range lines {
		lines[i].Automatic = auto[lines[i].ProductID]
	}
	if err := checkBasket(lines); err != nil {
		return nil, err
	}
	var rule *DiscountRule
	var codeDisc *ent.Discount
	if code != "" {
		if codeDisc, rule, err = codeDiscount(ctx, tx, code, now); err != nil {
			return nil, err
		}
	}
	q := Quote(lines, rule, st.TaxRatePPM)
	if rule != nil && !q.CodeApplied && !explicit {
		// Lines changed since the code was accepted and it no longer applies:
		// drop it rather than refuse the edit.
		rule, codeDisc = nil, nil
		q = Quote(lines, nil, st.TaxRatePPM)
	}
	if rule != nil && !q.CodeApplied {
		if q.Subtotal < rule.MinSubtotal {
			return nil, BadInput("discountCode", "discount code %q needs a subtotal of at least %s, the sale has %s", code, rule.MinSubtotal, q.Subtotal)
		}
		return nil, BadInput("discountCode", "discount code %q applies to none of the items", code)
	}
	var drafts []*ent.SaleItemCreate
	for i, it := range items {
		l := q.Lines[i]
		if it.ID == uuid.Nil {
			drafts = append(drafts, tx.SaleItem.Create().SetSaleID(sl.ID).SetProductID(it.ProductID).
				SetProductName(it.ProductName).SetQuantity(it.Quantity).SetUnitPrice(it.UnitPrice).SetUnitCost(it.UnitCost).
				SetDiscountTotal(l.Discount).SetTaxTotal(l.Tax).SetSubtotal(l.Subtotal))
			continue
		}
		// A bulk update by id: UpdateOne would read the line back, and the
		// caller already holds everything it would return.
		if err := tx.SaleItem.Update().Where(saleitem.ID(it.ID)).SetDiscountTotal(l.Discount).SetTaxTotal(l.Tax).SetSubtotal(l.Subtotal).Exec(ctx); err != nil {
			return nil, err
		}
		it.DiscountTotal, it.TaxTotal, it.Subtotal = l.Discount, l.Tax, l.Subtotal
	}
	if len(drafts) > 0 {
		saved, err := tx.SaleItem.CreateBulk(drafts...).Save(ctx)
		if err != nil {
			return nil, err
		}
		for i := range items {
			if items[i].ID == uuid.Nil {
				items[i], saved = saved[0], saved[1:]
			}
		}
	}
	upd := tx.Sale.UpdateOne(sl).SetSubtotal(q.Subtotal).SetDiscountTotal(q.Discount).SetTaxTotal(q.Tax).SetTotal(q.Total)
	if codeDisc != nil {
		upd.SetDiscountCode(code).SetDiscountID(codeDisc.ID)
	} else {
		upd.ClearDiscountCode().ClearDiscountID()
	}
	return upd.Save(ctx)
}

func discountValid(d *ent.Discount, now time.Time) bool {
	return d.IsActive && (d.StartsAt == nil || !now.Before(*d.StartsAt)) && (d.EndsAt == nil || now.Before(*d.EndsAt))
}

func ruleOf(d *ent.Discount, products []uuid.UUID) DiscountRule {
	return DiscountRule{ID: d.ID, Name: d.Name, Kind: DiscountKind(d.Type), Value: d.Value, MinSubtotal: d.MinSubtotal, ProductIDs: products}
}

// automaticDiscounts returns, per product, the automatic discounts (active,
// in their window, without a code) linked to it.
func automaticDiscounts(ctx context.Context, tx *ent.Tx, ids []uuid.UUID, now time.Time) (map[uuid.UUID][]DiscountRule, error) {
	out := map[uuid.UUID][]DiscountRule{}
	if len(ids) == 0 {
		return out, nil
	}
	ds, err := tx.Discount.Query().
		Where(discount.IsActive(true), discount.Or(discount.CodeIsNil(), discount.CodeEQ("")),
			discount.HasProductsWith(product.IDIn(ids...))).
		WithProducts(func(q *ent.ProductQuery) { q.Where(product.IDIn(ids...)).Select(product.FieldID) }).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading automatic discounts: %w", err)
	}
	for _, d := range ds {
		if !discountValid(d, now) {
			continue
		}
		for _, p := range d.Edges.Products {
			// The link already says which product it is for.
			out[p.ID] = append(out[p.ID], ruleOf(d, nil))
		}
	}
	return out, nil
}

// codeDiscount looks up a discount code a shopper presented.
func codeDiscount(ctx context.Context, tx *ent.Tx, code string, now time.Time) (*ent.Discount, *DiscountRule, error) {
	d, err := tx.Discount.Query().Where(discount.Code(code)).WithProducts(func(q *ent.ProductQuery) { q.Select(product.FieldID) }).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil, BadInput("discountCode", "unknown discount code %q", code)
	}
	if err != nil {
		return nil, nil, err
	}
	if !discountValid(d, now) {
		return nil, nil, BadInput("discountCode", "discount code %q is not valid now", code)
	}
	var ps []uuid.UUID
	for _, p := range d.Edges.Products {
		ps = append(ps, p.ID)
	}
	r := ruleOf(d, ps)
	return d, &r, nil
}

// complete takes the stock of every line (sorted by product id, through
// applyMovement, kind SALE, reference = sale id), accrues loyalty and marks
// the sale COMPLETED; the completion event goes out after commit. till is the
// completing cashier's open session: a sale belongs to the shift it is
// completed in, so one opened in an earlier shift (or with none) moves to it
// and is counted in that session's Z-report.
func (s *Service) complete(ctx context.Context, tx *ent.Tx, sl *ent.Sale, st Settings, till *uuid.UUID) (*ent.Sale, error) {
	if _, err := CheckSaleTransition(sl.Status, ActionComplete); err != nil {
		return nil, err
	}
	items, err := tx.SaleItem.Query().Where(saleitem.SaleID(sl.ID)).Order(saleitem.ByProductID()).All(ctx)
	if err != nil {
		return nil, err
	}
	return s.completeLines(ctx, tx, sl, items, st, till)
}

// completeLines is complete over lines the caller holds: every line of the
// sale, sorted by product id (stock is locked in that order).
func (s *Service) completeLines(ctx context.Context, tx *ent.Tx, sl *ent.Sale, items []*ent.SaleItem, st Settings, till *uuid.UUID) (*ent.Sale, error) {
	to, err := CheckSaleTransition(sl.Status, ActionComplete)
	if err != nil {
		return nil, err
	}
	if sl.PaidTotal < sl.Total {
		return nil, BadInput("payments", "sale has a balance due of %s", sl.Total-sl.PaidTotal)
	}
	if len(items) == 0 {
		return nil, BadInput("items", "a sale needs at least one item")
	}
	ms := make([]Movement, len(items))
	for i, it := range items {
		ms[i] = Movement{ProductID: it.ProductID, Delta: -it.Quantity, Kind: stockmovement.KindSALE,
			Reason: "sale", Reference: sl.ID.String(), UnitCost: it.UnitCost}
	}
	if _, err := applyMovements(ctx, tx, ms); err != nil {
		var ise *InsufficientStockError
		if errors.As(err, &ise) && ise.ProductName == "" {
			for _, it := range items {
				if it.ProductID == ise.ProductID {
					ise.ProductName = it.ProductName
				}
			}
		}
		return nil, err
	}
	upd := tx.Sale.UpdateOne(sl).SetStatus(to).SetCompletedAt(s.now())
	if till != nil {
		upd.SetCashSessionID(*till)
	}
	if sl.CustomerID != nil {
		pts := pointsEarned(sl.Subtotal-sl.DiscountTotal, st)
		if pts > 0 {
			if err := addPoints(ctx, tx, *sl.CustomerID, pts, st); err != nil {
				return nil, err
			}
			upd.SetLoyaltyPointsEarned(pts)
		}
	}
	sl, err = upd.Save(ctx)
	if err != nil {
		return nil, err
	}
	s.publishOnCommit(ctx, tx, Event{Kind: EventSaleCompleted, ID: sl.ID})
	return sl, nil
}
