package pos

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/customer"
	"github.com/pandac/pandac/ent/discount"
	"github.com/pandac/pandac/ent/employee"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/product"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/saleitem"
	"github.com/pandac/pandac/ent/setting"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/actor"
	"github.com/pandac/pandac/internal/fault"
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
	// Notes are kept on the payment (the /v1 payments resource has them).
	Notes string `json:"notes,omitempty"`
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
func (s Selling) Checkout(ctx context.Context, in CheckoutInput) (*ent.Sale, error) {
	items, err := mergeItems(in.Items)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, fault.BadInput("items", "a sale needs at least one item")
	}
	in.Items = items
	in.DiscountCode = strings.TrimSpace(in.DiscountCode)
	in.Notes = strings.TrimSpace(in.Notes)
	for i := range in.Payments {
		in.Payments[i].Reference = strings.TrimSpace(in.Payments[i].Reference)
	}
	// The sale's id is drawn before the transaction, so the idempotency
	// record is written complete, ahead of the work.
	saleID := sale.DefaultID()
	id, err := s.idempotent(ctx, ScopeCheckout, in.IdempotencyKey, in, saleID, func(ctx context.Context, tx *ent.Tx) error {
		return s.checkout(ctx, tx, saleID, in)
	})
	if err != nil {
		return nil, err
	}
	// Read back after commit rather than handing on the row written: times
	// come back from the database at its precision and in its zone, as every
	// other read of the sale shows them.
	return s.clientFor(ctx).Sale.Get(ctx, id)
}

// checkout rings up in as the sale id: the sale drafted as every new sale
// is (draftSale), its payments tendered, completed in memory when they cover
// the total, and then written, each row once and in its final state: the
// sale and its lines, payments (each also the sale's legacy transaction,
// derived when read: see LegacyTransactions), then stock and loyalty when it
// completes.
func (s *core) checkout(ctx context.Context, tx *ent.Tx, id uuid.UUID, in CheckoutInput) error {
	d, err := s.draftSale(ctx, tx, id, in)
	if err != nil {
		return err
	}
	sl := d.sale
	paid := make([]tendered, len(in.Payments))
	for i, p := range in.Payments {
		t, err := s.tender(ctx, tx, sl, p, d.st, fmt.Sprintf("payments[%d]", i), d.till)
		if err != nil {
			return err
		}
		sl.PaidTotal += t.applied
		sl.ChangeDue += t.change
		sl.LoyaltyPointsRedeemed += t.points
		paid[i] = t
	}
	completing := sl.PaidTotal >= sl.Total
	if completing {
		if err := markCompleted(sl, len(d.lines), d.st, d.now, nil); err != nil {
			return err
		}
	}
	if err := writeSale(ctx, tx, d); err != nil {
		return err
	}
	if len(paid) > 0 {
		if err := recordPayments(ctx, tx, sl, paid, "", d.now, d.till); err != nil {
			return err
		}
	}
	if completing {
		if err := s.completeEffects(ctx, tx, sl, d.lines, d.st); err != nil {
			return err
		}
		s.publishOnCommit(ctx, tx, Event{Kind: EventSaleCompleted, ID: sl.ID})
	}
	return nil
}

// draft is a new sale built in memory before any of its rows is written: the
// OPEN sale with its totals, its priced lines, the settings it was priced
// under, the cashier's open session and the time it was rung up.
type draft struct {
	sale  *ent.Sale
	lines []*ent.SaleItem
	st    Settings
	till  *uuid.UUID
	now   time.Time
}

// draftSale is the first step of every new sale, rung up at once (checkout)
// or opened to be built step by step (CreateSale): it builds the OPEN sale id
// of in's customer, notes, idempotency key, items (merged, see mergeItems)
// and discount code, priced by priceBasket; in's payments are left to the
// caller. It reads what it needs in two statements (the cashier's session,
// then the basket: see readBasket) and checks everything in the order a sale
// is built (settings, customer, notes, products, prices).
func (s *core) draftSale(ctx context.Context, tx *ent.Tx, id uuid.UUID, in CheckoutInput) (*draft, error) {
	// The session is locked before any stock row, the order every selling
	// operation keeps (sale, session, stock), so none of them can deadlock.
	till, err := tillOf(ctx, tx)
	if err != nil {
		return nil, err
	}
	who, hasActor := actor.From(ctx)
	var user *uuid.UUID
	if hasActor {
		user = &who
	}
	b, err := readBasket(ctx, tx, in.CustomerID, user, in.Items)
	if err != nil {
		return nil, err
	}
	st, err := parseSettings(b.settings)
	if err != nil {
		return nil, err
	}
	sl := &ent.Sale{ID: id, Status: sale.StatusOPEN, Notes: in.Notes, CashSessionID: till}
	if in.CustomerID != nil {
		if !b.customerFound {
			return nil, fault.NotFound("customer", *in.CustomerID)
		}
		sl.CustomerID = in.CustomerID
	}
	if hasActor {
		sl.CashierID, sl.EmployeeID = user, b.employeeID
	}
	if in.IdempotencyKey != "" {
		k := ownedKey(ctx, in.IdempotencyKey)
		sl.IdempotencyKey = &k
	}
	if err := checkSaleable(in.Items, b.products); err != nil {
		return nil, err
	}
	lines := make([]*ent.SaleItem, len(in.Items))
	for i, it := range in.Items {
		p := b.products[it.ProductID]
		lines[i] = &ent.SaleItem{SaleID: id, ProductID: p.ID, ProductName: p.Name, Quantity: it.Quantity, UnitPrice: p.Price, UnitCost: p.Cost}
	}
	now := s.now()
	pb, err := s.priceBasket(ctx, tx, lines, in.DiscountCode, "", autoRules(b.discounts, now), now, st)
	if err != nil {
		return nil, err
	}
	for i, l := range pb.Lines {
		lines[i].DiscountTotal, lines[i].TaxTotal, lines[i].Subtotal = l.Discount, l.Tax, l.Subtotal
	}
	sl.Subtotal, sl.DiscountTotal, sl.TaxTotal, sl.Total = pb.Subtotal, pb.Discount, pb.Tax, pb.Total
	if pb.codeDisc != nil {
		sl.DiscountCode, sl.DiscountID = pb.code, &pb.codeDisc.ID
	}
	return &draft{sale: sl, lines: lines, st: st, till: till, now: now}, nil
}

// writeSale inserts d's sale as it stands in memory and its lines: the one
// place a sale is written, two statements however many lines. The inserts
// run the schema's validators, so a bad column the caller gave (notes, an
// idempotency key) is refused here, before any stock moves.
func writeSale(ctx context.Context, tx *ent.Tx, d *draft) error {
	if err := tx.Sale.Create().SetValues(d.sale).Exec(ctx); err != nil {
		return err
	}
	if len(d.lines) == 0 {
		return nil
	}
	creates := make([]*ent.SaleItemCreate, len(d.lines))
	for i, l := range d.lines {
		creates[i] = tx.SaleItem.Create().SetValues(l)
	}
	return tx.SaleItem.CreateBulk(creates...).Exec(ctx)
}

// basket is what a new sale reads before it writes anything (see
// draftSale), and what reprice reads for the automatic discounts.
type basket struct {
	// settings are the stored settings selling reads (see parseSettings).
	settings      map[string]string
	customerFound bool
	// employeeID is the acting user's employee profile, if any.
	employeeID *uuid.UUID
	products   map[uuid.UUID]*ent.Product
	// discounts are the automatic discounts (active, without a code) linked
	// to each product, not yet checked against their validity window.
	discounts map[uuid.UUID][]*ent.Discount
}

// readBasket reads in one statement the settings, whether the customer
// exists, the employee profile of user, the products of items and the
// automatic discounts linked to them. The settings, customer and employee
// come from scalar subqueries in a one-row table the products are joined
// to, so they are there even when no product is. The join to the discounts
// is the one statement of the automatic-discount rule (active, without a
// code, linked to the product); autoRules adds the validity window.
func readBasket(ctx context.Context, tx *ent.Tx, customerID, user *uuid.UUID, items []ItemInput) (*basket, error) {
	q := &query{dialect: tx.Dialect()}
	col := func(alias string, cols ...string) string {
		out := make([]string, len(cols))
		for i, c := range cols {
			out[i] = alias + "." + c
		}
		return strings.Join(out, ", ")
	}
	q.sql("SELECT c.*, ",
		col("p", product.FieldID, product.FieldName, product.FieldPrice, product.FieldCost, product.FieldIsActive), ", ",
		col("d", discount.FieldID, discount.FieldName, discount.FieldType, discount.FieldValue, discount.FieldMinSubtotal,
			discount.FieldStartsAt, discount.FieldEndsAt),
		" FROM (SELECT ")
	for i, k := range settingKeys {
		q.sql("(SELECT ", setting.FieldValue, " FROM ", setting.Table, " WHERE ", setting.FieldKey, " = ", q.arg(k), ") AS s", strconv.Itoa(i), ", ")
	}
	if customerID != nil {
		q.sql("(SELECT ", customer.FieldID, " FROM ", customer.Table, " WHERE ", customer.FieldID, " = ", q.arg(*customerID), ")")
	} else {
		q.sql("NULL")
	}
	q.sql(" AS customer_id, ")
	if user != nil {
		q.sql("(SELECT ", employee.FieldID, " FROM ", employee.Table, " WHERE ", employee.FieldUserID, " = ", q.arg(*user), ")")
	} else {
		q.sql("NULL")
	}
	q.sql(" AS employee_id) c LEFT JOIN ", product.Table, " p ON ")
	if len(items) == 0 {
		// A sale opened empty still reads its settings, customer and employee.
		q.sql("1 = 0")
	} else {
		q.sql("p.", product.FieldID, " IN (")
		for i, it := range items {
			if i > 0 {
				q.sql(", ")
			}
			q.sql(q.arg(it.ProductID))
		}
		q.sql(")")
	}
	dp := discount.ProductsTable
	q.sql(" LEFT JOIN ", dp, " dp ON dp.", discount.ProductsPrimaryKey[1], " = p.", product.FieldID,
		" LEFT JOIN ", discount.Table, " d ON d.", discount.FieldID, " = dp.", discount.ProductsPrimaryKey[0],
		" AND d.", discount.FieldIsActive, " = ", q.arg(true),
		" AND (d.", discount.FieldCode, " IS NULL OR d.", discount.FieldCode, " = '')",
		" ORDER BY p.", product.FieldID, ", d.", discount.FieldID)
	rows, err := tx.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("reading the basket: %w", err)
	}
	defer rows.Close()
	b := &basket{settings: map[string]string{}, products: make(map[uuid.UUID]*ent.Product, len(items)), discounts: map[uuid.UUID][]*ent.Discount{}}
	values := make([]sql.NullString, len(settingKeys))
	dest := make([]any, 0, len(values)+14)
	for i := range values {
		dest = append(dest, &values[i])
	}
	var (
		cust, emp, pid, did uuid.NullUUID
		pname, dname, dtype sql.NullString
		price, cost         sql.NullInt64
		dvalue, dmin        sql.NullInt64
		active              sql.NullBool
		startsAt, endsAt    sql.NullTime
	)
	dest = append(dest, &cust, &emp, &pid, &pname, &price, &cost, &active,
		&did, &dname, &dtype, &dvalue, &dmin, &startsAt, &endsAt)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("reading the basket: %w", err)
		}
		for i, v := range values {
			if v.Valid {
				b.settings[settingKeys[i]] = v.String
			}
		}
		b.customerFound = cust.Valid
		if emp.Valid {
			e := emp.UUID
			b.employeeID = &e
		}
		if !pid.Valid {
			continue
		}
		if b.products[pid.UUID] == nil {
			b.products[pid.UUID] = &ent.Product{ID: pid.UUID, Name: pname.String, Price: money.Amount(price.Int64),
				Cost: money.Amount(cost.Int64), IsActive: active.Bool}
		}
		if did.Valid {
			dc := &ent.Discount{ID: did.UUID, Name: dname.String, Type: discount.Type(dtype.String), Value: money.Amount(dvalue.Int64),
				MinSubtotal: money.Amount(dmin.Int64), IsActive: true}
			if startsAt.Valid {
				t := startsAt.Time
				dc.StartsAt = &t
			}
			if endsAt.Valid {
				t := endsAt.Time
				dc.EndsAt = &t
			}
			b.discounts[pid.UUID] = append(b.discounts[pid.UUID], dc)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the basket: %w", err)
	}
	return b, nil
}

// mergeItems validates quantities, merges lines of the same product and
// sorts them by product id: stock is then always locked in the same order,
// so two checkouts cannot deadlock on PostgreSQL.
func mergeItems(items []ItemInput) ([]ItemInput, error) {
	byID := map[uuid.UUID]int{}
	var out []ItemInput
	for i, it := range items {
		if it.Quantity <= 0 || it.Quantity > maxLineQuantity {
			return nil, fault.BadInput(fmt.Sprintf("items[%d].quantity", i), "quantity must be between 1 and %d, got %d", maxLineQuantity, it.Quantity)
		}
		if j, ok := byID[it.ProductID]; ok {
			out[j].Quantity += it.Quantity
			if out[j].Quantity > maxLineQuantity {
				return nil, fault.BadInput(fmt.Sprintf("items[%d].quantity", i), "quantity of product %s must not exceed %d", it.ProductID, maxLineQuantity)
			}
			continue
		}
		byID[it.ProductID] = len(out)
		out = append(out, it)
	}
	sort.Slice(out, func(a, b int) bool { return bytes.Compare(out[a].ProductID[:], out[b].ProductID[:]) < 0 })
	return out, nil
}

// addLines adds products to an OPEN sale, capturing name, price and cost
// now; a product already on the sale has its quantity increased at the price
// captured first. Amounts are left to reprice.
func (s *core) addLines(ctx context.Context, tx *ent.Tx, sl *ent.Sale, items []ItemInput) error {
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
				return fault.BadInput(fmt.Sprintf("items[%d].quantity", i), "quantity of %q must not exceed %d", p.Name, maxLineQuantity)
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
	return byID, ids, checkSaleable(items, byID)
}

// checkSaleable checks that the product of each item, looked up in byID,
// exists and is for sale.
func checkSaleable(items []ItemInput, byID map[uuid.UUID]*ent.Product) error {
	for i, it := range items {
		p, ok := byID[it.ProductID]
		if !ok {
			return fault.NotFound("product", it.ProductID)
		}
		if !p.IsActive {
			return fault.BadInput(fmt.Sprintf("items[%d].productId", i), "product %q is not for sale (inactive)", p.Name)
		}
	}
	return nil
}

// newLine captures the product's name, price and cost on a new line.
func newLine(tx *ent.Tx, sl *ent.Sale, p *ent.Product, qty int64) *ent.SaleItemCreate {
	return tx.SaleItem.Create().SetSaleID(sl.ID).SetProductID(p.ID).SetProductName(p.Name).
		SetQuantity(qty).SetUnitPrice(p.Price).SetUnitCost(p.Cost)
}

// reprice recomputes every amount of an OPEN sale from its lines' captured
// prices, the discounts valid now and the tax rate (see priceBasket), and
// stores them on the lines and the sale. code replaces the sale's discount
// code when not empty.
func (s *core) reprice(ctx context.Context, tx *ent.Tx, sl *ent.Sale, code string, st Settings) (*ent.Sale, error) {
	items, err := tx.SaleItem.Query().Where(saleitem.SaleID(sl.ID)).Order(saleitem.ByProductID()).All(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var auto map[uuid.UUID][]DiscountRule
	if len(items) > 0 {
		basket := make([]ItemInput, len(items))
		for i, it := range items {
			basket[i] = ItemInput{ProductID: it.ProductID, Quantity: it.Quantity}
		}
		b, err := readBasket(ctx, tx, nil, nil, basket)
		if err != nil {
			return nil, err
		}
		auto = autoRules(b.discounts, now)
	}
	pb, err := s.priceBasket(ctx, tx, items, code, sl.DiscountCode, auto, now, st)
	if err != nil {
		return nil, err
	}
	for i, it := range items {
		l := pb.Lines[i]
		// A bulk update by id: UpdateOne would read the line back, and the
		// caller already holds everything it would return.
		if err := tx.SaleItem.Update().Where(saleitem.ID(it.ID)).SetDiscountTotal(l.Discount).SetTaxTotal(l.Tax).SetSubtotal(l.Subtotal).Exec(ctx); err != nil {
			return nil, err
		}
	}
	upd := tx.Sale.UpdateOne(sl).SetSubtotal(pb.Subtotal).SetDiscountTotal(pb.Discount).SetTaxTotal(pb.Tax).SetTotal(pb.Total)
	if pb.codeDisc != nil {
		upd.SetDiscountCode(pb.code).SetDiscountID(pb.codeDisc.ID)
	} else {
		upd.ClearDiscountCode().ClearDiscountID()
	}
	return upd.Save(ctx)
}

// pricedBasket is a sale priced by priceBasket: its totals, and the code
// discount applied (nil for none) with its code.
type pricedBasket struct {
	Totals
	code     string
	codeDisc *ent.Discount
}

// priceBasket prices every line of a sale, in order, through Quote: the
// lines' captured prices, auto (the automatic discounts of each product valid
// at now), one code discount and the tax rate. code is a code the shopper
// presents now, which must apply; without one the sale keeps current, its
// code so far, unless the lines changed and it no longer applies, when it is
// dropped rather than the edit refused.
func (s *core) priceBasket(ctx context.Context, tx *ent.Tx, items []*ent.SaleItem, code, current string, auto map[uuid.UUID][]DiscountRule, now time.Time, st Settings) (pricedBasket, error) {
	explicit := code != ""
	if !explicit {
		code = current
	}
	lines := make([]QuoteLine, len(items))
	for i, it := range items {
		lines[i] = QuoteLine{ProductID: it.ProductID, Quantity: it.Quantity, UnitPrice: it.UnitPrice, UnitCost: it.UnitCost,
			Automatic: auto[it.ProductID]}
	}
	if err := checkBasket(lines); err != nil {
		return pricedBasket{}, err
	}
	var rule *DiscountRule
	var codeDisc *ent.Discount
	if code != "" {
		var err error
		if codeDisc, rule, err = codeDiscount(ctx, tx, code, now); err != nil {
			return pricedBasket{}, err
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
			return pricedBasket{}, fault.BadInput("discountCode", "discount code %q needs a subtotal of at least %s, the sale has %s", code, rule.MinSubtotal, q.Subtotal)
		}
		return pricedBasket{}, fault.BadInput("discountCode", "discount code %q applies to none of the items", code)
	}
	return pricedBasket{Totals: q, code: code, codeDisc: codeDisc}, nil
}

func discountValid(d *ent.Discount, now time.Time) bool {
	return d.IsActive && (d.StartsAt == nil || !now.Before(*d.StartsAt)) && (d.EndsAt == nil || now.Before(*d.EndsAt))
}

func ruleOf(d *ent.Discount, products []uuid.UUID) DiscountRule {
	return DiscountRule{ID: d.ID, Name: d.Name, Kind: DiscountKind(d.Type), Value: d.Value, MinSubtotal: d.MinSubtotal, ProductIDs: products}
}

// autoRules are the discounts linked to each product that are valid at now,
// as pricing takes them.
func autoRules(linked map[uuid.UUID][]*ent.Discount, now time.Time) map[uuid.UUID][]DiscountRule {
	out := map[uuid.UUID][]DiscountRule{}
	for p, ds := range linked {
		for _, d := range ds {
			if discountValid(d, now) {
				// The link already says which product it is for.
				out[p] = append(out[p], ruleOf(d, nil))
			}
		}
	}
	return out
}

// codeDiscount looks up a discount code a shopper presented.
func codeDiscount(ctx context.Context, tx *ent.Tx, code string, now time.Time) (*ent.Discount, *DiscountRule, error) {
	d, err := tx.Discount.Query().Where(discount.Code(code)).WithProducts(func(q *ent.ProductQuery) { q.Select(product.FieldID) }).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil, fault.BadInput("discountCode", "unknown discount code %q", code)
	}
	if err != nil {
		return nil, nil, err
	}
	if !discountValid(d, now) {
		return nil, nil, fault.BadInput("discountCode", "discount code %q is not valid now", code)
	}
	var ps []uuid.UUID
	for _, p := range d.Edges.Products {
		ps = append(ps, p.ID)
	}
	r := ruleOf(d, ps)
	return d, &r, nil
}

// complete takes the stock of every line (sorted by product id, kind SALE,
// reference = sale id), accrues loyalty and marks the sale COMPLETED; the
// completion event goes out after commit. till is the completing cashier's
// open session: a sale belongs to the shift it is completed in, so one opened
// in an earlier shift (or with none) moves to it and is counted in that
// session's Z-report.
func (s *core) complete(ctx context.Context, tx *ent.Tx, sl *ent.Sale, st Settings, till *uuid.UUID) (*ent.Sale, error) {
	if _, err := CheckSaleTransition(sl.Status, ActionComplete); err != nil {
		return nil, err
	}
	items, err := tx.SaleItem.Query().Where(saleitem.SaleID(sl.ID)).Order(saleitem.ByProductID()).All(ctx)
	if err != nil {
		return nil, err
	}
	if err := markCompleted(sl, len(items), st, s.now(), till); err != nil {
		return nil, err
	}
	if err := s.completeEffects(ctx, tx, sl, items, st); err != nil {
		return nil, err
	}
	upd := tx.Sale.UpdateOne(sl).SetStatus(sl.Status).SetCompletedAt(*sl.CompletedAt).SetLoyaltyPointsEarned(sl.LoyaltyPointsEarned)
	if till != nil {
		upd.SetCashSessionID(*till)
	}
	sl, err = upd.Save(ctx)
	if err != nil {
		return nil, err
	}
	s.publishOnCommit(ctx, tx, Event{Kind: EventSaleCompleted, ID: sl.ID})
	return sl, nil
}

// completable checks that sl, with n lines, may complete now, and returns
// the status it completes to.
func completable(sl *ent.Sale, n int) (sale.Status, error) {
	to, err := CheckSaleTransition(sl.Status, ActionComplete)
	if err != nil {
		return "", err
	}
	if sl.PaidTotal < sl.Total {
		return "", fault.BadInput("payments", "sale has a balance due of %s", sl.Total-sl.PaidTotal)
	}
	if n == 0 {
		return "", fault.BadInput("items", "a sale needs at least one item")
	}
	return to, nil
}

// markCompleted completes sl, with n lines, in memory: it checks that the
// sale may complete (completable) and sets its status, completion time now
// and the loyalty it earns; till, when not nil, becomes its session. The
// caller writes the sale and applies completeEffects.
func markCompleted(sl *ent.Sale, n int, st Settings, now time.Time, till *uuid.UUID) error {
	to, err := completable(sl, n)
	if err != nil {
		return err
	}
	sl.Status, sl.CompletedAt, sl.LoyaltyPointsEarned = to, &now, earnedBy(sl, st)
	if till != nil {
		sl.CashSessionID = till
	}
	return nil
}

// earnedBy is the loyalty sl earns on completing: none without a customer.
func earnedBy(sl *ent.Sale, st Settings) int64 {
	if sl.CustomerID == nil {
		return 0
	}
	return pointsEarned(sl.Subtotal-sl.DiscountTotal, st)
}

// completeEffects is what completing sl does besides changing its own row:
// it takes the stock of every line (items, sorted by product id) in one
// batch, and credits the customer the points the sale earns (earnedBy).
func (s *core) completeEffects(ctx context.Context, tx *ent.Tx, sl *ent.Sale, items []*ent.SaleItem, st Settings) error {
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
		return err
	}
	if pts := earnedBy(sl, st); pts > 0 {
		return addPoints(ctx, tx, *sl.CustomerID, pts, st)
	}
	return nil
}
