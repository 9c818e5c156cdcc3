package pos

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// WriteCSV writes a report as CSV with a header row, one record at a time so
// large reports stream: *DailySalesSummary (one row per wall-clock hour,
// each repeating the day's totals), []*SalesPeriod, []*TopProduct,
// *ProfitAndLoss (one row), *InventoryReport (one row per item),
// *LoyaltyReport (one row per tier), []*CashierSales and
// []*PaymentMethodSales and *AnalyticsResult. Money is written as decimal text ("34.99") and times
// as RFC 3339, so spreadsheets read them exactly. Text that came from users
// (names, SKUs, usernames) goes through csvText; the server's own numbers,
// negative amounts included, stay numbers.
func WriteCSV(w io.Writer, report any) error {
	cw := csv.NewWriter(w)
	var err error
	switch r := report.(type) {
	case *DailySalesSummary:
		err = writeDaily(cw, r)
	case []*SalesPeriod:
		err = writeRows(cw, append([]string{"period_start"}, figureHeader...), r, func(p *SalesPeriod) []string {
			return append([]string{p.PeriodStart.Format(time.RFC3339)}, p.figureCells()...)
		})
	case []*TopProduct:
		err = writeRows(cw, []string{"product_id", "sku", "name", "quantity", "revenue", "cost", "profit"}, r, func(t *TopProduct) []string {
			sku, name := "", ""
			if t.Product != nil {
				sku, name = t.Product.Sku, t.Product.Name
			}
			return []string{t.ProductID.String(), csvText(sku), csvText(name), itoa(t.Quantity), t.Revenue.String(), t.Cost.String(), t.Profit.String()}
		})
	case *ProfitAndLoss:
		margin := ""
		if r.GrossMarginPercent != nil {
			margin = strconv.FormatFloat(*r.GrossMarginPercent, 'f', 2, 64)
		}
		err = writeRows(cw, []string{"from", "to", "sale_count", "gross_sales", "discounts", "refunds", "revenue", "cost_of_goods", "gross_profit", "gross_margin_percent", "tax_collected", "net"},
			[]*ProfitAndLoss{r}, func(p *ProfitAndLoss) []string {
				return []string{p.From.Format(time.RFC3339), p.To.Format(time.RFC3339), itoa(p.SaleCount), p.GrossSales.String(), p.Discounts.String(),
					p.Refunds.String(), p.Revenue.String(), p.CostOfGoods.String(), p.GrossProfit.String(), margin, p.TaxCollected.String(), p.Net.String()}
			})
	case *InventoryReport:
		err = writeRows(cw, []string{"product_id", "sku", "name", "quantity", "reorder_level", "stock_value_at_cost", "stock_value_at_price", "low_stock"}, r.Items, func(it InventoryItem) []string {
			sku, name := "", ""
			if it.Product != nil {
				sku, name = it.Product.Sku, it.Product.Name
			}
			return []string{it.ProductID.String(), csvText(sku), csvText(name), itoa(it.Quantity), itoa(it.ReorderLevel), it.StockValueAtCost.String(), it.StockValueAtPrice.String(), strconv.FormatBool(it.LowStock)}
		})
	case *LoyaltyReport:
		err = writeRows(cw, []string{"tier", "customers", "points"}, r.Tiers, func(t TierCount) []string {
			return []string{string(t.Tier), itoa(t.Customers), itoa(t.Points)}
		})
	case []*CashierSales:
		err = writeRows(cw, append([]string{"cashier_id", "cashier_name"}, figureHeader...), r, func(c *CashierSales) []string {
			id, name := "", ""
			if c.CashierID != nil {
				id = c.CashierID.String()
			}
			if c.Cashier != nil {
				name = c.Cashier.DisplayName
			}
			return append([]string{id, csvText(name)}, c.figureCells()...)
		})
	case *AnalyticsResult:
		err = writeAnalytics(cw, r)
	case []*PaymentMethodSales:
		err = writeRows(cw, []string{"method", "count", "amount"}, r, func(m *PaymentMethodSales) []string {
			return []string{string(m.Method), itoa(m.Count), m.Amount.String()}
		})
	default:
		return fmt.Errorf("pos: no CSV form for %T", report)
	}
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// writeAnalytics writes a header of the dimension names then the measure
// names, a row per group (its keys' labels, neutralised: product and customer
// names are typed by users) and, when asked for, the totals as a last row
// labelled "(total)".
func writeAnalytics(cw *csv.Writer, r *AnalyticsResult) error {
	head := make([]string, 0, len(r.Dimensions)+len(r.Measures))
	for _, d := range r.Dimensions {
		head = append(head, string(d))
	}
	for _, m := range r.Measures {
		head = append(head, string(m))
	}
	cells := func(keys []string, vs []AnalyticsValue) []string {
		out := append([]string{}, keys...)
		for _, v := range vs {
			switch {
			case v.Amount != nil:
				out = append(out, v.Amount.String())
			case v.Count != nil:
				out = append(out, itoa(*v.Count))
			case v.Percent != nil:
				out = append(out, strconv.FormatFloat(*v.Percent, 'f', 2, 64))
			default:
				out = append(out, "")
			}
		}
		return out
	}
	if err := writeRows(cw, head, r.Rows, func(row AnalyticsRow) []string {
		keys := make([]string, len(row.Keys))
		for i, k := range row.Keys {
			keys[i] = csvText(k.Label)
		}
		return cells(keys, row.Values)
	}); err != nil {
		return err
	}
	if r.Totals == nil {
		return nil
	}
	keys := make([]string, len(r.Dimensions))
	if len(keys) > 0 {
		keys[0] = "(total)"
	}
	return cw.Write(cells(keys, r.Totals))
}

var figureHeader = []string{"sale_count", "gross_sales", "discount_total", "tax_total", "net_sales", "refund_total", "average_basket"}

func (f *SalesFigures) figureCells() []string {
	return []string{itoa(f.SaleCount), f.GrossSales.String(), f.DiscountTotal.String(), f.TaxTotal.String(),
		f.NetSales.String(), f.RefundTotal.String(), f.AverageBasket.String()}
}

func writeDaily(cw *csv.Writer, d *DailySalesSummary) error {
	head := append([]string{"date", "timezone", "hour", "hour_sale_count", "hour_net_sales"}, figureHeader...)
	return writeRows(cw, head, d.ByHour, func(h HourSales) []string {
		return append([]string{d.Date, d.Timezone, strconv.Itoa(h.Hour), itoa(h.SaleCount), h.NetSales.String()}, d.figureCells()...)
	})
}

// writeRows writes the header and then each row as it is formatted.
func writeRows[T any](cw *csv.Writer, header []string, rows []T, cells func(T) []string) error {
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(cells(r)); err != nil {
			return err
		}
	}
	return nil
}

// csvText neutralises a text cell by the OWASP CSV-injection rule: a cell
// starting with =, +, -, @, a tab or a carriage return gets a leading single
// quote, so a spreadsheet shows it as text instead of running it as a
// formula (=HYPERLINK(...) in a product name would otherwise be a link to
// anywhere in the report of whoever opens it). Only cells holding text
// someone typed pass through it: "-5.00" written by the server is a number
// and must stay one.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
