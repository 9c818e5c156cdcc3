package pos

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/customer"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/product"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
)

// How sales reports count (the same words are in the GraphQL descriptions):
//
//   - A sale counts when its status is COMPLETED, PARTIALLY_REFUNDED or
//     REFUNDED, in the period its completed_at falls in (store time zone).
//     OPEN and VOIDED sales never count.
//   - grossSales = sum of sale subtotals (quantity x unit price, before
//     discounts, without tax); discountTotal and taxTotal are the sales' own.
//   - refundTotal = money paid back on those sales (refunded_total), counted in
//     the period of the sale, not of the refund, so a period's figures can
//     still move when one of its sales is refunded later.
//   - netSales = grossSales - discountTotal - refundTotal.
//   - averageBasket = netSales / saleCount, rounded half to even.

// SalesFigures are the totals of a set of counted sales.
type SalesFigures struct {
	SaleCount     int64
	GrossSales    money.Amount
	DiscountTotal money.Amount
	TaxTotal      money.Amount
	NetSales      money.Amount
	RefundTotal   money.Amount
	AverageBasket money.Amount
}

// finish derives the net and average from the summed columns.
func (f *SalesFigures) finish() {
	f.NetSales = f.GrossSales - f.DiscountTotal - f.RefundTotal
	if f.SaleCount > 0 {
		f.AverageBasket = money.Amount(money.DivRound(int64(f.NetSales), f.SaleCount))
	}
}

// salesColumns are the aggregates behind SalesFigures, in scan order.
var salesColumns = "COUNT(s.id), " + sum("s.subtotal") + ", " + sum("s.discount_total") + ", " +
	sum("s.tax_total") + ", " + sum("s.refunded_total")

func (f *SalesFigures) scanDest() []any {
	return []any{&f.SaleCount, &f.GrossSales, &f.DiscountTotal, &f.TaxTotal, &f.RefundTotal}
}

// SalesPeriod is one row of a sales report.
type SalesPeriod struct {
	PeriodStart time.Time
	SalesFigures
}

// PaymentMethodSales is what one payment method took: payments received on
// counted sales less refunds paid back by that method on them.
type PaymentMethodSales struct {
	Method payment.Method
	// Count is the number of SALE payments.
	Count  int64
	Amount money.Amount
}

// HourSales is one wall-clock hour of a day.
type HourSales struct {
	Hour      int
	SaleCount int64
	NetSales  money.Amount
}

// DailySalesSummary is one store day at a glance.
type DailySalesSummary struct {
	Date     string
	Timezone string
	SalesFigures
	ByPaymentMethod []*PaymentMethodSales
	ByHour          []HourSales
}

// SalesReportInput selects and groups a sales report.
type SalesReportInput struct {
	From, To   time.Time
	GroupBy    Period
	CashierID  *uuid.UUID
	CustomerID *uuid.UUID
	Timezone   string
}

// CashierSales is the sales one cashier rang up.
type CashierSales struct {
	CashierID *uuid.UUID
	Cashier   *StaffMember
	SalesFigures
}

// DailySalesSummary returns the figures of one store day ("YYYY-MM-DD" in the
// zone; today when empty). The day runs from local midnight to the next, so
// it is 23 or 25 hours long when the clocks change.
func (s Reports) DailySalesSummary(ctx context.Context, date, tz string) (*DailySalesSummary, error) {
	loc, err := s.StoreLocation(ctx, tz)
	if err != nil {
		return nil, err
	}
	day := s.now().In(loc)
	if date != "" {
		day, err = time.ParseInLocation(time.DateOnly, date, loc)
		if err != nil {
			return nil, fault.BadInput("date", "date must be YYYY-MM-DD, got %q", date)
		}
	}
	from, to := dayRange(day, loc)
	out := &DailySalesSummary{Date: from.Format(time.DateOnly), Timezone: loc.String()}

	q := s.newQuery()
	q.sql("SELECT ", salesColumns, " FROM pos_sales s WHERE ", countedStatuses,
		" AND s.completed_at >= ", q.arg(from), " AND s.completed_at < ", q.arg(to))
	if err := q.run(ctx, s.reader(ctx), func(r *sql.Rows) error { return r.Scan(out.scanDest()...) }); err != nil {
		return nil, err
	}
	out.finish()

	if out.ByPaymentMethod, err = s.paymentMethodSales(ctx, from, to); err != nil {
		return nil, err
	}

	hours := hourBuckets(from, to, loc)
	byHour := map[int]*HourSales{}
	for _, b := range hours {
		if byHour[b.Label] == nil {
			byHour[b.Label] = &HourSales{Hour: b.Label}
			out.ByHour = append(out.ByHour, HourSales{Hour: b.Label})
		}
	}
	q = s.newQuery()
	q.bucketsCTE(hours).sql("SELECT b.label, ", salesColumns,
		" FROM b JOIN pos_sales s ON s.completed_at >= b.lo AND s.completed_at < b.hi WHERE ", countedStatuses,
		" AND s.completed_at >= ", q.arg(from), " AND s.completed_at < ", q.arg(to), " GROUP BY b.label")
	err = q.run(ctx, s.reader(ctx), func(r *sql.Rows) error {
		var label int
		var f SalesFigures
		if err := r.Scan(append([]any{&label}, f.scanDest()...)...); err != nil {
			return err
		}
		f.finish()
		byHour[label].SaleCount, byHour[label].NetSales = f.SaleCount, f.NetSales
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range out.ByHour {
		out.ByHour[i] = *byHour[out.ByHour[i].Hour]
	}
	return out, nil
}

// SalesReport returns one row per period of [From, To), empty periods
// included, optionally for one cashier or customer.
func (s Reports) SalesReport(ctx context.Context, in SalesReportInput) ([]*SalesPeriod, error) {
	loc, err := s.StoreLocation(ctx, in.Timezone)
	if err != nil {
		return nil, err
	}
	if in.GroupBy == "" {
		in.GroupBy = PeriodDay
	}
	buckets, starts, err := periodBuckets(in.From, in.To, in.GroupBy, loc)
	if err != nil {
		return nil, err
	}
	out := make([]*SalesPeriod, len(buckets))
	for i := range out {
		out[i] = &SalesPeriod{PeriodStart: starts[i].In(loc)}
	}
	q := s.newQuery()
	q.bucketsCTE(buckets).sql("SELECT b.label, ", salesColumns,
		" FROM b JOIN pos_sales s ON s.completed_at >= b.lo AND s.completed_at < b.hi WHERE ", countedStatuses,
		" AND s.completed_at >= ", q.arg(in.From), " AND s.completed_at < ", q.arg(in.To))
	if in.CashierID != nil {
		q.sql(" AND s.cashier_id = ", q.arg(*in.CashierID))
	}
	if in.CustomerID != nil {
		q.sql(" AND s.customer_id = ", q.arg(*in.CustomerID))
	}
	q.sql(" GROUP BY b.label")
	err = q.run(ctx, s.reader(ctx), func(r *sql.Rows) error {
		var label int
		var f SalesFigures
		if err := r.Scan(append([]any{&label}, f.scanDest()...)...); err != nil {
			return err
		}
		f.finish()
		out[label].SalesFigures = f
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SalesByPaymentMethod returns what each payment method took on the sales
// counted in [from, to).
func (s Reports) SalesByPaymentMethod(ctx context.Context, from, to time.Time) ([]*PaymentMethodSales, error) {
	if err := checkRange(from, to); err != nil {
		return nil, err
	}
	return s.paymentMethodSales(ctx, from, to)
}

func (s *core) paymentMethodSales(ctx context.Context, from, to time.Time) ([]*PaymentMethodSales, error) {
	q := s.newQuery()
	// Pending and failed payments took no money.
	q.sql("SELECT p.method, ", sum("CASE WHEN p.kind = 'SALE' THEN 1 ELSE 0 END"), ", ",
		sum("CASE WHEN p.kind = 'SALE' THEN p.amount ELSE -p.amount END"),
		" FROM pos_sales s JOIN payments p ON p.sale_id = s.id WHERE ", countedStatuses,
		" AND s.completed_at >= ", q.arg(from), " AND s.completed_at < ", q.arg(to),
		" AND p.status IN ('COMPLETED', 'REFUNDED') GROUP BY p.method ORDER BY p.method")
	out := []*PaymentMethodSales{}
	err := q.run(ctx, s.reader(ctx), func(r *sql.Rows) error {
		m := &PaymentMethodSales{}
		if err := r.Scan(&m.Method, &m.Count, &m.Amount); err != nil {
			return err
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

// SalesByCashier returns the figures of each cashier's counted sales in
// [from, to), best net sales first; sales without a cashier form one row.
func (s Reports) SalesByCashier(ctx context.Context, from, to time.Time) ([]*CashierSales, error) {
	if err := checkRange(from, to); err != nil {
		return nil, err
	}
	q := s.newQuery()
	q.sql("SELECT s.cashier_id, ", salesColumns, " FROM pos_sales s WHERE ", countedStatuses,
		" AND s.completed_at >= ", q.arg(from), " AND s.completed_at < ", q.arg(to), " GROUP BY s.cashier_id")
	out := []*CashierSales{}
	var ids []uuid.UUID
	err := q.run(ctx, s.reader(ctx), func(r *sql.Rows) error {
		c := &CashierSales{}
		var id uuid.NullUUID
		if err := r.Scan(append([]any{&id}, c.scanDest()...)...); err != nil {
			return err
		}
		if id.Valid {
			c.CashierID = &id.UUID
			ids = append(ids, id.UUID)
		}
		c.finish()
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	byID, err := s.staffMembersFrom(ctx, s.reader(ctx), ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].CashierID != nil {
			out[i].Cashier = byID[*out[i].CashierID]
		}
	}
	slices.SortStableFunc(out, func(a, b *CashierSales) int {
		if c := cmp.Compare(b.NetSales, a.NetSales); c != 0 {
			return c
		}
		ka, kb := a.cashierKey(), b.cashierKey()
		return bytes.Compare(ka[:], kb[:])
	})
	return out, nil
}

func (c *CashierSales) cashierKey() uuid.UUID {
	if c.CashierID == nil {
		return uuid.Nil
	}
	return *c.CashierID
}

func checkRange(from, to time.Time) error {
	if !from.Before(to) {
		return fault.BadInput("to", "to must be after from")
	}
	return nil
}

// ProductRanking orders the top-products report.
type ProductRanking string

// The rankings of the top-products report.
const (
	RankByQuantity ProductRanking = "QUANTITY"
	RankByRevenue  ProductRanking = "REVENUE"
	RankByProfit   ProductRanking = "PROFIT"
)

// MaxTopProducts caps the limit of the top-products report.
const MaxTopProducts = 100

// TopProduct is one product's sales over a range, refunded units excluded.
type TopProduct struct {
	ProductID uuid.UUID
	Product   *ent.Product
	Quantity  int64
	Revenue   money.Amount
	Cost      money.Amount
	Profit    money.Amount
}

// Line figures for units kept (sold less refunded). Revenue of a partly
// refunded line is its subtotal's kept share, rounded half up to the cent in
// SQL (the one place rounding is not half to even: it happens per line inside
// the aggregate).
const (
	keptQty     = "(i.quantity - i.refunded_quantity)"
	keptRevenue = "CASE WHEN i.refunded_quantity = 0 THEN i.subtotal ELSE (i.subtotal * " + keptQty + " * 2 + i.quantity) / (i.quantity * 2) END"
	keptCost    = "i.unit_cost * " + keptQty
)

// TopProducts returns the best sellers of [from, to) by quantity, revenue
// (line subtotals after discounts, before tax) or profit (revenue less the
// unit cost captured on each line), ties broken by product id.
func (s Reports) TopProducts(ctx context.Context, from, to time.Time, limit int, by ProductRanking) ([]*TopProduct, error) {
	if err := checkRange(from, to); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > MaxTopProducts {
		return nil, fault.BadInput("limit", "limit must be between 1 and %d", MaxTopProducts)
	}
	var order string
	switch by {
	case RankByQuantity, "":
		order = sum(keptQty)
	case RankByRevenue:
		order = sum(keptRevenue)
	case RankByProfit:
		order = sum(keptRevenue) + " - " + sum(keptCost)
	default:
		return nil, fault.BadInput("by", "unknown ranking %q", by)
	}
	q := s.newQuery()
	q.sql("SELECT i.product_id, ", sum(keptQty), ", ", sum(keptRevenue), ", ", sum(keptCost),
		" FROM pos_sales s JOIN pos_sale_items i ON i.sale_id = s.id WHERE ", countedStatuses,
		" AND s.completed_at >= ", q.arg(from), " AND s.completed_at < ", q.arg(to),
		" GROUP BY i.product_id ORDER BY ", order, " DESC, i.product_id LIMIT ", q.arg(limit))
	out := []*TopProduct{}
	var ids []uuid.UUID
	err := q.run(ctx, s.reader(ctx), func(r *sql.Rows) error {
		t := &TopProduct{}
		if err := r.Scan(&t.ProductID, &t.Quantity, &t.Revenue, &t.Cost); err != nil {
			return err
		}
		t.Profit = t.Revenue - t.Cost
		out = append(out, t)
		ids = append(ids, t.ProductID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	byID, err := s.productsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Product = byID[out[i].ProductID]
	}
	return out, nil
}

// ProfitAndLoss is the trading account of a range.
type ProfitAndLoss struct {
	From, To   time.Time
	SaleCount  int64
	GrossSales money.Amount
	Discounts  money.Amount
	Refunds    money.Amount
	// Revenue is net sales: GrossSales - Discounts - Refunds.
	Revenue     money.Amount
	CostOfGoods money.Amount
	GrossProfit money.Amount
	// GrossMarginPercent is GrossProfit / Revenue x 100, rounded half to even
	// to two decimals; nil when there is no revenue. A ratio, not money.
	GrossMarginPercent *float64
	TaxCollected       money.Amount
	// Net is the money kept: what customers paid (tax included) less refunds.
	Net money.Amount
}

// ProfitAndLoss returns revenue, cost of goods (the unit cost captured on
// each sale line, for units not refunded), gross profit and margin, and the
// refunds, discounts and tax of the sales counted in [from, to).
func (s Reports) ProfitAndLoss(ctx context.Context, from, to time.Time) (*ProfitAndLoss, error) {
	if err := checkRange(from, to); err != nil {
		return nil, err
	}
	out := &ProfitAndLoss{From: from, To: to}
	q := s.newQuery()
	var f SalesFigures
	var total money.Amount
	q.sql("SELECT ", salesColumns, ", ", sum("s.total"), " FROM pos_sales s WHERE ", countedStatuses,
		" AND s.completed_at >= ", q.arg(from), " AND s.completed_at < ", q.arg(to))
	if err := q.run(ctx, s.reader(ctx), func(r *sql.Rows) error { return r.Scan(append(f.scanDest(), &total)...) }); err != nil {
		return nil, err
	}
	f.finish()
	q = s.newQuery()
	q.sql("SELECT ", sum(keptCost), " FROM pos_sales s JOIN pos_sale_items i ON i.sale_id = s.id WHERE ", countedStatuses,
		" AND s.completed_at >= ", q.arg(from), " AND s.completed_at < ", q.arg(to))
	if err := q.run(ctx, s.reader(ctx), func(r *sql.Rows) error { return r.Scan(&out.CostOfGoods) }); err != nil {
		return nil, err
	}
	out.SaleCount, out.GrossSales, out.Discounts, out.Refunds = f.SaleCount, f.GrossSales, f.DiscountTotal, f.RefundTotal
	out.Revenue, out.TaxCollected = f.NetSales, f.TaxTotal
	out.GrossProfit = out.Revenue - out.CostOfGoods
	if out.Revenue != 0 {
		hundredths := money.DivRound(int64(out.GrossProfit)*10000, int64(out.Revenue))
		if out.Revenue < 0 {
			hundredths = -money.DivRound(int64(out.GrossProfit)*10000, -int64(out.Revenue))
		}
		m := float64(hundredths) / 100
		out.GrossMarginPercent = &m
	}
	out.Net = total - f.RefundTotal
	return out, nil
}

// InventoryItem is one active product's stock and its value.
type InventoryItem struct {
	ProductID         uuid.UUID
	Product           *ent.Product
	Quantity          int64
	ReorderLevel      int64
	StockValueAtCost  money.Amount
	StockValueAtPrice money.Amount
	LowStock          bool
}

// InventoryReport is the stock on hand and what it is worth.
type InventoryReport struct {
	Items             []InventoryItem
	TotalValueAtCost  money.Amount
	TotalValueAtPrice money.Amount
}

// lowStockSQL is isLowStock (ledger.go) in SQL: on hand at or below a
// reorder level above zero (zero means the product is not watched).
const lowStockSQL = "COALESCE(inv.reorder_level, 0) > 0 AND COALESCE(inv.quantity, 0) <= inv.reorder_level"

// InventoryReport lists active products with their stock valued at cost and
// at price (current catalogue values), by name; lowStockOnly keeps those at or
// below a (non-zero) reorder level. Totals cover the listed items.
func (s Reports) InventoryReport(ctx context.Context, lowStockOnly bool) (*InventoryReport, error) {
	where := " FROM products p LEFT JOIN inventories inv ON inv.product_id = p.id WHERE p.is_active = " + trueSQL
	if lowStockOnly {
		where += " AND " + lowStockSQL
	}
	out := &InventoryReport{Items: []InventoryItem{}}
	q := s.newQuery()
	q.sql("SELECT ", sum("COALESCE(inv.quantity, 0) * p.cost"), ", ", sum("COALESCE(inv.quantity, 0) * p.price"), where)
	if err := q.run(ctx, s.reader(ctx), func(r *sql.Rows) error { return r.Scan(&out.TotalValueAtCost, &out.TotalValueAtPrice) }); err != nil {
		return nil, err
	}
	q = s.newQuery()
	q.sql("SELECT p.id, COALESCE(inv.quantity, 0), COALESCE(inv.reorder_level, 0), COALESCE(inv.quantity, 0) * p.cost, COALESCE(inv.quantity, 0) * p.price, CASE WHEN ",
		lowStockSQL, " THEN 1 ELSE 0 END", where, " ORDER BY p.name, p.id")
	var ids []uuid.UUID
	err := q.run(ctx, s.reader(ctx), func(r *sql.Rows) error {
		var it InventoryItem
		var low int
		if err := r.Scan(&it.ProductID, &it.Quantity, &it.ReorderLevel, &it.StockValueAtCost, &it.StockValueAtPrice, &low); err != nil {
			return err
		}
		it.LowStock = low == 1
		out.Items = append(out.Items, it)
		ids = append(ids, it.ProductID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	byID, err := s.productsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out.Items {
		out.Items[i].Product = byID[out.Items[i].ProductID]
	}
	return out, nil
}

// trueSQL is a boolean literal both databases accept (SQLite stores 1).
const trueSQL = "TRUE"

// TierCount is how many customers are in a loyalty tier and their points.
type TierCount struct {
	Tier      customer.Tier
	Customers int64
	Points    int64
}

// LoyaltyReport summarises the loyalty scheme.
type LoyaltyReport struct {
	// Tiers lists every tier, empty ones included, lowest first.
	Tiers             []TierCount
	PointsOutstanding int64
	TopCustomers      []*ent.Customer
}

// LoyaltyReport counts customers per tier, the points they hold (the
// liability outstanding) and the top customers by points.
func (s Reports) LoyaltyReport(ctx context.Context, top int) (*LoyaltyReport, error) {
	if top < 0 || top > MaxTopProducts {
		return nil, fault.BadInput("top", "top must be between 0 and %d", MaxTopProducts)
	}
	q := s.newQuery()
	counts := map[customer.Tier]TierCount{}
	q.sql("SELECT c.tier, COUNT(c.id), ", sum("c.loyalty_points"), " FROM customers c GROUP BY c.tier")
	err := q.run(ctx, s.reader(ctx), func(r *sql.Rows) error {
		var t TierCount
		if err := r.Scan(&t.Tier, &t.Customers, &t.Points); err != nil {
			return err
		}
		counts[t.Tier] = t
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := &LoyaltyReport{}
	for _, tier := range []customer.Tier{customer.TierBRONZE, customer.TierSILVER, customer.TierGOLD, customer.TierPLATINUM} {
		t := counts[tier]
		t.Tier = tier
		out.Tiers = append(out.Tiers, t)
		out.PointsOutstanding += t.Points
	}
	if top > 0 {
		out.TopCustomers, err = s.reader(ctx).Customer.Query().
			Where(customer.LoyaltyPointsGT(0)).
			Order(ent.Desc(customer.FieldLoyaltyPoints), ent.Asc(customer.FieldID)).
			Limit(top).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("loading top customers: %w", err)
		}
	}
	return out, nil
}

// SaleItemCount returns the number of units on a sale.
func (s Reports) SaleItemCount(ctx context.Context, saleID uuid.UUID) (int64, error) {
	counts, err := s.SaleItemCounts(ctx, []uuid.UUID{saleID})
	return counts[saleID], err
}

// SaleItemCounts returns the number of units on each of the sales, by sale
// id, in one statement (the Sale.itemCount loader's batch); a sale without
// lines, or unknown, counts 0.
func (s Reports) SaleItemCounts(ctx context.Context, saleIDs []uuid.UUID) (map[uuid.UUID]int64, error) {
	out := make(map[uuid.UUID]int64, len(saleIDs))
	if len(saleIDs) == 0 {
		return out, nil
	}
	q := s.newQuery()
	ids := make([]string, len(saleIDs))
	for i, id := range saleIDs {
		ids[i] = q.arg(id)
		out[id] = 0
	}
	q.sql("SELECT i.sale_id, ", sum("i.quantity"), " FROM pos_sale_items i WHERE i.sale_id IN (", strings.Join(ids, ", "), ") GROUP BY i.sale_id")
	// On the primary, not reader: this is a field of a sale (Sale.itemCount),
	// and a mutation's answer asks for it about the sale it just wrote, which
	// a standby may not have replayed yet.
	c := s.client
	if tc := ent.FromContext(ctx); tc != nil {
		c = tc
	}
	err := q.run(ctx, c, func(r *sql.Rows) error {
		var (
			id uuid.UUID
			n  int64
		)
		if err := r.Scan(&id, &n); err != nil {
			return err
		}
		out[id] = n
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// productsByID loads the products a report's rows name, in one query, keyed
// by id, for the rows to carry the product itself.
func (s *core) productsByID(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]*ent.Product, error) {
	products, err := s.reader(ctx).Product.Query().Where(product.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading products: %w", err)
	}
	byID := make(map[uuid.UUID]*ent.Product, len(products))
	for _, p := range products {
		byID[p.ID] = p
	}
	return byID, nil
}
