package rest

import (
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/pos"
)

// Reports: the core's SQL aggregates, shaped for REST. Dates are store days
// (the core's time zone setting); an end date includes its whole day.

// dateParam is a date or date-time query parameter as given.
type dateParam struct {
	name, raw string
}

func (c *call) dateParam(name string, required bool) dateParam {
	s := c.queryString(name, required)
	if s != "" {
		if _, ok := parseTime(s, false); !ok {
			c.fail([]any{"query", name}, "datetime_parsing", "Input should be a valid date (YYYY-MM-DD) or datetime")
			s = ""
		}
	}
	return dateParam{name: name, raw: s}
}

// at resolves the parameter in the store's zone: a bare date is its local
// midnight, or the next midnight when end is set (so the day is included).
func (d dateParam) at(loc *time.Location, end bool) time.Time {
	if day, err := time.ParseInLocation(time.DateOnly, d.raw, loc); err == nil {
		if end {
			return day.AddDate(0, 0, 1)
		}
		return day
	}
	t, _ := parseTime(d.raw, false)
	return t
}

// span finishes checking the request (every parameter read, dates
// included), then resolves a [from, to) range; missing ends default to today
// (the store's) and the 30 days before it.
func (c *call) span(from, to dateParam) (time.Time, time.Time, error) {
	if err := c.done(); err != nil {
		return time.Time{}, time.Time{}, err
	}
	loc, err := c.pos.Reports().StoreLocation(c.ctx, "")
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	now := time.Now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	end := today.AddDate(0, 0, 1)
	if to.raw != "" {
		end = to.at(loc, true)
	}
	start := end.AddDate(0, 0, -30)
	if from.raw != "" {
		start = from.at(loc, false)
	}
	return start, end, nil
}

type figuresView struct {
	SaleCount     int64        `json:"sale_count"`
	GrossSales    money.Amount `json:"gross_sales"`
	DiscountTotal money.Amount `json:"discount_total"`
	TaxTotal      money.Amount `json:"tax_total"`
	RefundTotal   money.Amount `json:"refund_total"`
	NetSales      money.Amount `json:"net_sales"`
	TotalRevenue  money.Amount `json:"total_revenue"`
	AverageSale   money.Amount `json:"average_sale"`
}

func figuresOf(f pos.SalesFigures) figuresView {
	return figuresView{SaleCount: f.SaleCount, GrossSales: f.GrossSales, DiscountTotal: f.DiscountTotal, TaxTotal: f.TaxTotal,
		RefundTotal: f.RefundTotal, NetSales: f.NetSales, TotalRevenue: f.NetSales, AverageSale: f.AverageBasket}
}

type periodView struct {
	Date string `json:"date"`
	figuresView
}

type profitLossView struct {
	StartDate          time.Time    `json:"start_date"`
	EndDate            time.Time    `json:"end_date"`
	SaleCount          int64        `json:"sale_count"`
	GrossSales         money.Amount `json:"gross_sales"`
	Discounts          money.Amount `json:"discounts"`
	Refunds            money.Amount `json:"refunds"`
	Revenue            money.Amount `json:"revenue"`
	TotalRevenue       money.Amount `json:"total_revenue"`
	CostOfGoods        money.Amount `json:"cost_of_goods_sold"`
	GrossProfit        money.Amount `json:"gross_profit"`
	GrossMarginPercent *float64     `json:"gross_margin_percent"`
	TaxCollected       money.Amount `json:"tax_collected"`
	Net                money.Amount `json:"net"`
}

func profitLossOf(p *pos.ProfitAndLoss) profitLossView {
	return profitLossView{StartDate: p.From, EndDate: p.To, SaleCount: p.SaleCount, GrossSales: p.GrossSales, Discounts: p.Discounts,
		Refunds: p.Refunds, Revenue: p.Revenue, TotalRevenue: p.Revenue, CostOfGoods: p.CostOfGoods, GrossProfit: p.GrossProfit,
		GrossMarginPercent: p.GrossMarginPercent, TaxCollected: p.TaxCollected, Net: p.Net}
}

// periods returns the day-by-day rows and the range's totals, as the report
// named name.
func (c *call) periods(name string, from, to time.Time) (*export, error) {
	rows, err := c.pos.Reports().SalesReport(c.ctx, pos.SalesReportInput{From: from, To: to, GroupBy: pos.PeriodDay})
	if err != nil {
		return nil, err
	}
	pl, err := c.pos.Reports().ProfitAndLoss(c.ctx, from, to)
	if err != nil {
		return nil, err
	}
	days := make([]periodView, 0, len(rows))
	for _, r := range rows {
		days = append(days, periodView{Date: r.PeriodStart.Format(time.DateOnly), figuresView: figuresOf(r.SalesFigures)})
	}
	view := map[string]any{
		"start_date": from, "end_date": to, "sale_count": pl.SaleCount, "total_revenue": pl.Revenue,
		"gross_sales": pl.GrossSales, "discounts": pl.Discounts, "refunds": pl.Refunds, "tax_collected": pl.TaxCollected,
		"daily": days,
	}
	return &export{view: view, report: rows, name: name, dates: spanDates(from, to)}, nil
}

func (c *call) revenueAnalytics() (any, error) {
	from, to := c.dateParam("start_date", true), c.dateParam("end_date", true)
	lo, hi, err := c.span(from, to)
	if err != nil {
		return nil, err
	}
	return c.periods("revenue", lo, hi)
}

type topProductView struct {
	ProductID    uuid.UUID    `json:"product_id"`
	ProductName  string       `json:"product_name"`
	QuantitySold int64        `json:"quantity_sold"`
	Revenue      money.Amount `json:"revenue"`
	Cost         money.Amount `json:"cost"`
	Profit       money.Amount `json:"profit"`
}

func (c *call) topProducts() (any, error) {
	from, to := c.dateParam("start_date", true), c.dateParam("end_date", true)
	limit := c.queryInt("limit", 10, 1, pos.MaxTopProducts)
	lo, hi, err := c.span(from, to)
	if err != nil {
		return nil, err
	}
	top, err := c.pos.Reports().TopProducts(c.ctx, lo, hi, int(limit), pos.RankByRevenue)
	if err != nil {
		return nil, err
	}
	out := make([]topProductView, 0, len(top))
	for _, p := range top {
		v := topProductView{ProductID: p.ProductID, QuantitySold: p.Quantity, Revenue: p.Revenue, Cost: p.Cost, Profit: p.Profit}
		if p.Product != nil {
			v.ProductName = p.Product.Name
		}
		out = append(out, v)
	}
	return &export{view: out, report: top, name: "top-products", dates: spanDates(lo, hi)}, nil
}

type methodView struct {
	PaymentMethod string       `json:"payment_method"`
	Count         int64        `json:"count"`
	Amount        money.Amount `json:"amount"`
}

type hourView struct {
	Hour      int          `json:"hour"`
	SaleCount int64        `json:"sale_count"`
	NetSales  money.Amount `json:"net_sales"`
}

func (c *call) dailySummary(date string) (any, error) {
	d, err := c.pos.Reports().DailySalesSummary(c.ctx, date, "")
	if err != nil {
		return nil, err
	}
	methods := make([]methodView, 0, len(d.ByPaymentMethod))
	for _, m := range d.ByPaymentMethod {
		methods = append(methods, methodView{PaymentMethod: paymentMethods.toRest(string(m.Method)), Count: m.Count, Amount: m.Amount})
	}
	hours := make([]hourView, 0, len(d.ByHour))
	for _, h := range d.ByHour {
		hours = append(hours, hourView{Hour: h.Hour, SaleCount: h.SaleCount, NetSales: h.NetSales})
	}
	view := struct {
		Date     string `json:"date"`
		Timezone string `json:"timezone"`
		figuresView
		ByPaymentMethod []methodView `json:"by_payment_method"`
		ByHour          []hourView   `json:"by_hour"`
	}{d.Date, d.Timezone, figuresOf(d.SalesFigures), methods, hours}
	return &export{view: view, report: d, name: "daily-sales", dates: d.Date}, nil
}

func (c *call) dailySummaryPath() (any, error) {
	d := c.pathDate("date")
	if err := c.done(); err != nil {
		return nil, err
	}
	return c.dailySummary(d.Format(time.DateOnly))
}

func (c *call) dailySummaryQuery() (any, error) {
	s := c.queryString("date", true)
	var day time.Time
	if s != "" {
		t, ok := parseTime(s, false)
		if !ok {
			c.fail([]any{"query", "date"}, "date_parsing", "Input should be a valid date in the format YYYY-MM-DD")
		}
		day = t
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	return c.dailySummary(day.Format(time.DateOnly))
}

func (c *call) salesReport() (any, error) {
	from, to := c.dateParam("start_date", true), c.dateParam("end_date", false)
	lo, hi, err := c.span(from, to)
	if err != nil {
		return nil, err
	}
	return c.periods("sales", lo, hi)
}

func (c *call) periodReport() (any, error) {
	from, to := c.dateParam("start", false), c.dateParam("end", false)
	if f := c.dateParam("start_date", false); from.raw == "" {
		from = f
	}
	if t := c.dateParam("end_date", false); to.raw == "" {
		to = t
	}
	lo, hi, err := c.span(from, to)
	if err != nil {
		return nil, err
	}
	return c.periods("sales-period", lo, hi)
}

type stockLevelView struct {
	ProductID         uuid.UUID    `json:"product_id"`
	ProductName       string       `json:"product_name"`
	SKU               string       `json:"sku"`
	Quantity          int64        `json:"quantity"`
	ReorderLevel      int64        `json:"reorder_level"`
	LowStock          bool         `json:"low_stock"`
	StockValueAtCost  money.Amount `json:"stock_value_at_cost"`
	StockValueAtPrice money.Amount `json:"stock_value_at_price"`
}

func (c *call) inventory(lowOnly bool) (*pos.InventoryReport, []stockLevelView, error) {
	rep, err := c.pos.Reports().InventoryReport(c.ctx, lowOnly)
	if err != nil {
		return nil, nil, err
	}
	items := make([]stockLevelView, 0, len(rep.Items))
	for _, it := range rep.Items {
		v := stockLevelView{ProductID: it.ProductID, Quantity: it.Quantity, ReorderLevel: it.ReorderLevel, LowStock: it.LowStock,
			StockValueAtCost: it.StockValueAtCost, StockValueAtPrice: it.StockValueAtPrice}
		if it.Product != nil {
			v.ProductName, v.SKU = it.Product.Name, it.Product.Sku
		}
		items = append(items, v)
	}
	return rep, items, nil
}

func (c *call) stockLevels() (any, error) {
	low := c.queryBool("low_stock_only")
	if err := c.done(); err != nil {
		return nil, err
	}
	rep, items, err := c.inventory(low)
	if err != nil {
		return nil, err
	}
	return c.snapshot("stock-levels", items, rep)
}

func (c *call) inventoryReport() (any, error) {
	rep, items, err := c.inventory(false)
	if err != nil {
		return nil, err
	}
	view := map[string]any{"items": items, "total_value_at_cost": rep.TotalValueAtCost, "total_value_at_price": rep.TotalValueAtPrice}
	return c.snapshot("inventory", view, rep)
}

// snapshot is a report of the present state, named by today's date.
func (c *call) snapshot(name string, view, report any) (*export, error) {
	today, err := c.today()
	if err != nil {
		return nil, err
	}
	return &export{view: view, report: report, name: name, dates: today}, nil
}

func (c *call) loyaltyReport() (any, error) {
	top := c.queryInt("top_n", 10, 0, pos.MaxTopProducts)
	if err := c.done(); err != nil {
		return nil, err
	}
	rep, err := c.pos.Reports().LoyaltyReport(c.ctx, int(top))
	if err != nil {
		return nil, err
	}
	type tierView struct {
		Tier      string `json:"tier"`
		Customers int64  `json:"customers"`
		Points    int64  `json:"points"`
	}
	tiers := make([]tierView, 0, len(rep.Tiers))
	for _, t := range rep.Tiers {
		tiers = append(tiers, tierView{Tier: loyaltyTiers.toRest(string(t.Tier)), Customers: t.Customers, Points: t.Points})
	}
	view := map[string]any{"tiers": tiers, "points_outstanding": rep.PointsOutstanding,
		"top_customers": mapAll(rep.TopCustomers, customerOf)}
	return c.snapshot("loyalty", view, rep)
}

func (c *call) profitLoss() (any, error) {
	from, to := c.dateParam("start_date", true), c.dateParam("end_date", true)
	lo, hi, err := c.span(from, to)
	if err != nil {
		return nil, err
	}
	pl, err := c.pos.Reports().ProfitAndLoss(c.ctx, lo, hi)
	if err != nil {
		return nil, err
	}
	return &export{view: profitLossOf(pl), report: pl, name: "profit-loss", dates: spanDates(lo, hi)}, nil
}
