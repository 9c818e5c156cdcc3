package pos_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/inventory"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/saleitem"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// analyticsFixture is report_fixture_test.go's data set plus what the
// analytics dimensions need:
//
//	categories: Coffee "Drinks", Bagel "Food", Mug none
//	supplier:   Roastery supplies Coffee (its inventory row); Bagel and Mug have none
//	discount:   code SAVE1 on S2 (its 1.00 off, allocated to the coffee line)
//	R1 bob C2   2026-03-09 15:00Z = 11:00 EDT  1 Mug, fully refunded:
//	            sub 12.00 tax .96 total 12.96, REFUNDED, refunded_total 12.96,
//	            CASH 12.96, REFUND CASH 12.96
//
// Per counted sale of 03-07 00:00 EST .. 03-10 00:00 EDT (New York), with
// units kept and their cost (Coffee 1.20, Bagel .50, Mug 4.00):
//
//	     day   cashier cust      gross  disc  tax   refund net    units cost
//	S1   03-07 alice   -          3.50  0     .28   0       3.50  1     1.20
//	S2   03-08 alice   C1 GOLD    9.00  1.00  .64   0       8.00  3     2.90  (2 Coffee + 1 Bagel, SAVE1)
//	S3   03-08 bob     -         12.00  0     .96   0      12.00  1     4.00
//	S4   03-08 alice   C2 SILVER 10.50  0     .84   3.78    6.72  2     2.40  (3 Coffee, 1 refunded)
//	S5   03-08 bob     C1 GOLD    6.00  .50   .44   0       5.50  3     1.50  (23:59 EDT, a minute before midnight)
//	S6   03-09 bob     -         12.00  0     .96   0      12.00  1     4.00
//	R1   03-09 bob     C2 SILVER 12.00  0     .96  12.96    -.96  0     0
//
// The voided V1 (03-08 12:00Z) and the open O1 never count. S1 is 23:59 EST
// on 03-07, a minute before midnight, and stays on 03-07.
type analyticsFixture struct {
	*fixture
	r1 *ent.Sale
}

func loadAnalyticsFixture(t *testing.T, c *ent.Client) *analyticsFixture {
	t.Helper()
	ctx := context.Background()
	f := &analyticsFixture{fixture: loadFixture(t, c)}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.Product.UpdateOne(f.coffee).SetCategory("Drinks").Exec(ctx))
	must(c.Product.UpdateOne(f.bagel).SetCategory("Food").Exec(ctx))
	sup, err := c.Supplier.Create().SetName("Roastery").Save(ctx)
	must(err)
	must(c.Inventory.Update().Where(inventory.ProductID(f.coffee.ID)).SetSupplierID(sup.ID).Exec(ctx))
	d, err := c.Discount.Create().SetName("SAVE1").SetCode("SAVE1").SetType("FIXED_AMOUNT").SetValue(m("1.00")).Save(ctx)
	must(err)
	must(c.Sale.UpdateOne(f.s2).SetDiscountID(d.ID).SetDiscountCode("SAVE1").Exec(ctx))
	f.r1 = mustCreateSale(t, ctx, c, saleSpec{status: sale.StatusREFUNDED, at: "2026-03-09T15:00:00Z", cashier: f.bob, customer: f.c2,
		subtotal: "12.00", discount: "0", tax: "0.96", total: "12.96", refnd: "12.96",
		lines: []line{{p: f.mug, qty: 1, refunded: 1, unitPrice: "12.00", unitCost: "4.00", discount: "0", tax: "0.96", lineSubtot: "12.00"}},
		pays:  []pay{{payment.MethodCASH, payment.KindSALE, "12.96"}, {payment.MethodCASH, payment.KindREFUND, "12.96"}}})
	return f
}

// The March range of the fixture: 03-07 00:00 EST .. 03-10 00:00 EDT.
var marchFrom, marchTo = utc("2026-03-07T05:00:00Z"), utc("2026-03-10T04:00:00Z")

// rowsText renders an answer one line per row, "key|key: MEASURE=value ...",
// and the totals as a last "TOTAL:" line.
func rowsText(r *pos.AnalyticsResult) []string {
	var out []string
	vals := func(vs []pos.AnalyticsValue) string {
		parts := make([]string, len(vs))
		for i, v := range vs {
			s := "null"
			switch {
			case v.Amount != nil:
				s = v.Amount.String()
			case v.Count != nil:
				s = fmt.Sprint(*v.Count)
			case v.Percent != nil:
				s = fmt.Sprintf("%.2f", *v.Percent)
			}
			parts[i] = string(v.Measure) + "=" + s
		}
		return strings.Join(parts, " ")
	}
	for _, row := range r.Rows {
		keys := make([]string, len(row.Keys))
		for i, k := range row.Keys {
			keys[i] = k.Label
			if k.PeriodStart != nil {
				keys[i] += "@" + k.PeriodStart.UTC().Format("01-02T15:04Z")
			}
		}
		out = append(out, strings.Join(keys, "|")+": "+vals(row.Values))
	}
	if r.Totals != nil {
		out = append(out, "TOTAL: "+vals(r.Totals))
	}
	return out
}

func wantRows(t *testing.T, what string, got *pos.AnalyticsResult, want ...string) {
	t.Helper()
	g := rowsText(got)
	if strings.Join(g, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got\n  %s\n want\n  %s", what, strings.Join(g, "\n  "), strings.Join(want, "\n  "))
	}
}

func dims(d ...pos.AnalyticsDimension) []pos.AnalyticsDimension { return d }
func meas(m ...pos.AnalyticsMeasure) []pos.AnalyticsMeasure     { return m }

var allMeasures = meas(pos.MeasureSaleCount, pos.MeasureUnits, pos.MeasureGross, pos.MeasureDiscounts, pos.MeasureTax,
	pos.MeasureNet, pos.MeasureRefunds, pos.MeasureCostOfGoods, pos.MeasureGrossProfit, pos.MeasureMargin,
	pos.MeasureAverageBasket, pos.MeasureDistinctCustomers)

func TestAnalyticsFixture(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadAnalyticsFixture(t, db.Client)
		svc := pos.New(db.Client)
		ask := func(req pos.AnalyticsRequest) *pos.AnalyticsResult {
			t.Helper()
			if req.Timezone == "" {
				req.Timezone = ny
			}
			if req.From.IsZero() {
				req.From, req.To = marchFrom, marchTo
			}
			r, err := svc.Reports().SalesAnalytics(ctx, req)
			if err != nil {
				t.Fatalf("%v x %v: %v", req.GroupBy, req.Measures, err)
			}
			return r
		}

		// DAY x every measure, with totals. 03-08: gross 9+12+10.50+6 = 37.50,
		// disc 1.50, tax 2.88, refunds 3.78, net 32.22, units 3+1+2+3 = 9,
		// cost 2.90+4+2.40+1.50 = 10.80, profit 21.42, margin 21.42/32.22 =
		// 66.48%, average 32.22/4 = 8.055 -> 8.06 (half even), customers C1 C2.
		// 03-09: S6 and R1: net 24-12.96 = 11.04, profit 7.04, 63.77%.
		// Totals: net 46.76, cost 16.00, profit 30.76, 65.78%, avg 6.68.
		wantRows(t, "DAY", ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimDay), Measures: allMeasures, WithTotals: true}),
			"2026-03-07@03-07T05:00Z: SALE_COUNT=1 UNITS=1 GROSS=3.50 DISCOUNTS=0.00 TAX=0.28 NET=3.50 REFUNDS=0.00 COST_OF_GOODS=1.20 GROSS_PROFIT=2.30 MARGIN=65.71 AVERAGE_BASKET=3.50 DISTINCT_CUSTOMERS=0",
			"2026-03-08@03-08T05:00Z: SALE_COUNT=4 UNITS=9 GROSS=37.50 DISCOUNTS=1.50 TAX=2.88 NET=32.22 REFUNDS=3.78 COST_OF_GOODS=10.80 GROSS_PROFIT=21.42 MARGIN=66.48 AVERAGE_BASKET=8.06 DISTINCT_CUSTOMERS=2",
			"2026-03-09@03-09T04:00Z: SALE_COUNT=2 UNITS=1 GROSS=24.00 DISCOUNTS=0.00 TAX=1.92 NET=11.04 REFUNDS=12.96 COST_OF_GOODS=4.00 GROSS_PROFIT=7.04 MARGIN=63.77 AVERAGE_BASKET=5.52 DISTINCT_CUSTOMERS=1",
			"TOTAL: SALE_COUNT=7 UNITS=11 GROSS=65.00 DISCOUNTS=1.50 TAX=5.08 NET=46.76 REFUNDS=16.74 COST_OF_GOODS=16.00 GROSS_PROFIT=30.76 MARGIN=65.78 AVERAGE_BASKET=6.68 DISTINCT_CUSTOMERS=2")

		// No dimension: one row, the same as the totals.
		wantRows(t, "none", ask(pos.AnalyticsRequest{Measures: meas(pos.MeasureSaleCount, pos.MeasureNet)}),
			": SALE_COUNT=7 NET=46.76")

		// HOUR on the spring-forward day (23 hours): 00:01 EST, 01:30 EST,
		// 03:15 EDT (2 AM never happens), 23:59 EDT.
		wantRows(t, "HOUR spring", ask(pos.AnalyticsRequest{From: utc("2026-03-08T05:00:00Z"), To: utc("2026-03-09T04:00:00Z"),
			GroupBy: dims(pos.DimHour), Measures: meas(pos.MeasureSaleCount, pos.MeasureNet)}),
			"2026-03-08 00:00 EST@03-08T05:00Z: SALE_COUNT=1 NET=8.00",
			"2026-03-08 01:00 EST@03-08T06:00Z: SALE_COUNT=1 NET=12.00",
			"2026-03-08 03:00 EDT@03-08T07:00Z: SALE_COUNT=1 NET=6.72",
			"2026-03-08 23:00 EDT@03-09T03:00Z: SALE_COUNT=1 NET=5.50")

		// The fall-back day (25 hours): 1 AM happens twice and is two rows;
		// by HOUR_OF_DAY it is one. F3 is 23:30 EST on 11-01.
		fall := pos.AnalyticsRequest{From: utc("2026-11-01T04:00:00Z"), To: utc("2026-11-02T05:00:00Z"), Measures: meas(pos.MeasureSaleCount, pos.MeasureNet)}
		fall.GroupBy = dims(pos.DimHour)
		wantRows(t, "HOUR fall", ask(fall),
			"2026-11-01 00:00 EDT@11-01T04:00Z: SALE_COUNT=1 NET=3.50",
			"2026-11-01 01:00 EDT@11-01T05:00Z: SALE_COUNT=1 NET=3.50",
			"2026-11-01 01:00 EST@11-01T06:00Z: SALE_COUNT=1 NET=3.50",
			"2026-11-01 23:00 EST@11-02T04:00Z: SALE_COUNT=1 NET=3.50")
		// HOUR over a span with one offset all along (the afternoon of the
		// spring-forward day, all EDT): S5 at 23:59.
		wantRows(t, "HOUR one offset", ask(pos.AnalyticsRequest{From: utc("2026-03-08T16:00:00Z"), To: utc("2026-03-09T04:00:00Z"),
			GroupBy: dims(pos.DimHour), Measures: meas(pos.MeasureSaleCount, pos.MeasureNet)}),
			"2026-03-08 23:00 EDT@03-09T03:00Z: SALE_COUNT=1 NET=5.50")
		fall.GroupBy = dims(pos.DimHourOfDay)
		wantRows(t, "HOUR_OF_DAY fall", ask(fall), "0: SALE_COUNT=1 NET=3.50", "1: SALE_COUNT=2 NET=7.00", "23: SALE_COUNT=1 NET=3.50")
		fall.GroupBy = dims(pos.DimDay)
		wantRows(t, "DAY fall", ask(fall), "2026-11-01@11-01T04:00Z: SALE_COUNT=4 NET=14.00")

		// WEEK (Monday): 03-07 (Sat) and 03-08 (Sun) are in the week of
		// 03-02 (ISO week 10); 03-09 starts week 11.
		wantRows(t, "WEEK", ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimWeek), Measures: meas(pos.MeasureSaleCount, pos.MeasureNet)}),
			"2026-W10@03-02T05:00Z: SALE_COUNT=5 NET=35.72",
			"2026-W11@03-09T04:00Z: SALE_COUNT=2 NET=11.04")

		// MONTH, QUARTER, YEAR over 2026: March 46.76; November the four
		// fall-back coffees, 4 x 3.50.
		year := pos.AnalyticsRequest{From: utc("2026-01-01T05:00:00Z"), To: utc("2027-01-01T05:00:00Z"), Measures: meas(pos.MeasureSaleCount, pos.MeasureNet)}
		year.GroupBy = dims(pos.DimMonth)
		wantRows(t, "MONTH", ask(year), "2026-03@03-01T05:00Z: SALE_COUNT=7 NET=46.76", "2026-11@11-01T04:00Z: SALE_COUNT=4 NET=14.00")
		year.GroupBy = dims(pos.DimQuarter)
		wantRows(t, "QUARTER", ask(year), "2026-Q1@01-01T05:00Z: SALE_COUNT=7 NET=46.76", "2026-Q4@10-01T04:00Z: SALE_COUNT=4 NET=14.00")
		year.GroupBy = dims(pos.DimYear)
		wantRows(t, "YEAR", ask(year), "2026@01-01T05:00Z: SALE_COUNT=11 NET=60.76")

		// WEEKDAY: Mon (S6, R1), Sat (S1), Sun (S2..S5).
		wantRows(t, "WEEKDAY", ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimWeekday), Measures: meas(pos.MeasureSaleCount, pos.MeasureNet)}),
			"Mon: SALE_COUNT=2 NET=11.04", "Sat: SALE_COUNT=1 NET=3.50", "Sun: SALE_COUNT=4 NET=32.22")

		// PRODUCT, on the lines. Coffee: S1 1, S2 2 (1.00 off), S4 3 with 1
		// refunded (11.34 / 3 = 3.78 back): units 5, gross 21.00, tax
		// .28+.48+.84, net 21-1-3.78 = 16.22, cost 6.00. Bagel: S2 1, S5 3
		// (.50 off). Mug: S3, S6 and R1 (refunded whole, 12.96 back). Sales
		// are counted once per product; the totals count each sale once.
		lineMeasures := meas(pos.MeasureSaleCount, pos.MeasureUnits, pos.MeasureGross, pos.MeasureDiscounts, pos.MeasureTax,
			pos.MeasureRefunds, pos.MeasureNet, pos.MeasureCostOfGoods, pos.MeasureGrossProfit, pos.MeasureMargin, pos.MeasureDistinctCustomers)
		wantRows(t, "PRODUCT", ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimProduct), Measures: lineMeasures, WithTotals: true}),
			"Bagel: SALE_COUNT=2 UNITS=4 GROSS=8.00 DISCOUNTS=0.50 TAX=0.60 REFUNDS=0.00 NET=7.50 COST_OF_GOODS=2.00 GROSS_PROFIT=5.50 MARGIN=73.33 DISTINCT_CUSTOMERS=1",
			"Coffee: SALE_COUNT=3 UNITS=5 GROSS=21.00 DISCOUNTS=1.00 TAX=1.60 REFUNDS=3.78 NET=16.22 COST_OF_GOODS=6.00 GROSS_PROFIT=10.22 MARGIN=63.01 DISTINCT_CUSTOMERS=2",
			"Mug: SALE_COUNT=3 UNITS=2 GROSS=36.00 DISCOUNTS=0.00 TAX=2.88 REFUNDS=12.96 NET=23.04 COST_OF_GOODS=8.00 GROSS_PROFIT=15.04 MARGIN=65.28 DISTINCT_CUSTOMERS=1",
			"TOTAL: SALE_COUNT=7 UNITS=11 GROSS=65.00 DISCOUNTS=1.50 TAX=5.08 REFUNDS=16.74 NET=46.76 COST_OF_GOODS=16.00 GROSS_PROFIT=30.76 MARGIN=65.78 DISTINCT_CUSTOMERS=2")
		wantRows(t, "CATEGORY", ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimCategory), Measures: meas(pos.MeasureUnits, pos.MeasureNet)}),
			"Drinks: UNITS=5 NET=16.22", "Food: UNITS=4 NET=7.50", "(none): UNITS=2 NET=23.04")
		// SUPPLIER: Coffee's, and the rest (Bagel and Mug: S2 S3 S5 S6 R1).
		wantRows(t, "SUPPLIER", ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimSupplier), Measures: meas(pos.MeasureSaleCount, pos.MeasureUnits, pos.MeasureNet)}),
			"Roastery: SALE_COUNT=3 UNITS=5 NET=16.22", "(none): SALE_COUNT=5 UNITS=6 NET=30.54")

		// CASHIER: alice S1 S2 S4, bob S3 S5 S6 R1.
		wantRows(t, "CASHIER", ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimCashier), Measures: meas(pos.MeasureSaleCount, pos.MeasureNet, pos.MeasureRefunds)}),
			"alice: SALE_COUNT=3 NET=18.22 REFUNDS=3.78", "bob: SALE_COUNT=4 NET=28.54 REFUNDS=12.96")
		// CUSTOMER: Cara (C1) S2 S5; Dev (C2) S4 and R1 (6.72 - .96); none S1 S3 S6.
		wantRows(t, "CUSTOMER", ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimCustomer), Measures: meas(pos.MeasureSaleCount, pos.MeasureNet, pos.MeasureAverageBasket)}),
			"Cara: SALE_COUNT=2 NET=13.50 AVERAGE_BASKET=6.75", "Dev: SALE_COUNT=2 NET=5.76 AVERAGE_BASKET=2.88", "(none): SALE_COUNT=3 NET=27.50 AVERAGE_BASKET=9.17")
		wantRows(t, "CUSTOMER_TIER", ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimCustomerTier), Measures: meas(pos.MeasureDistinctCustomers, pos.MeasureNet)}),
			"GOLD: DISTINCT_CUSTOMERS=1 NET=13.50", "SILVER: DISTINCT_CUSTOMERS=1 NET=5.76", "(none): DISTINCT_CUSTOMERS=0 NET=27.50")
		// PAYMENT_METHOD: CARD S1 3.78 + S2 8.64 + S3 2.96; CASH S3 10 + S4
		// 11.34 + S6 12.96 + R1 12.96 taken, 3.78 + 12.96 paid back; WALLET S5.
		wantRows(t, "PAYMENT_METHOD", ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimPaymentMethod), Measures: meas(pos.MeasureSaleCount, pos.MeasureGross, pos.MeasureRefunds, pos.MeasureNet)}),
			"CARD: SALE_COUNT=3 GROSS=15.38 REFUNDS=0.00 NET=15.38",
			"CASH: SALE_COUNT=4 GROSS=47.26 REFUNDS=16.74 NET=30.52",
			"DIGITAL_WALLET: SALE_COUNT=1 GROSS=5.94 REFUNDS=0.00 NET=5.94")
		wantRows(t, "DISCOUNT", ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimDiscount), Measures: meas(pos.MeasureSaleCount, pos.MeasureDiscounts, pos.MeasureNet)}),
			"SAVE1: SALE_COUNT=1 DISCOUNTS=1.00 NET=8.00", "(none): SALE_COUNT=6 DISCOUNTS=0.50 NET=38.76")

		// A pivot: alice has no sale on 03-09, bob none on 03-07.
		piv := ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimCashier, pos.DimDay), Measures: meas(pos.MeasureNet)})
		wantRows(t, "CASHIER x DAY", piv,
			"alice|2026-03-07@03-07T05:00Z: NET=3.50", "alice|2026-03-08@03-08T05:00Z: NET=14.72",
			"bob|2026-03-08@03-08T05:00Z: NET=17.50", "bob|2026-03-09@03-09T04:00Z: NET=11.04")
		if piv.EmptyCells != 2 || len(piv.Pivot.Rows) != 2 || len(piv.Pivot.Columns) != 3 || piv.Pivot.Columns[0].Label != "2026-03-07" {
			t.Errorf("pivot: empty %d, axes %+v", piv.EmptyCells, piv.Pivot)
		}

		// Filters: the sale where-input (alice's sales) and the line
		// where-input (Coffee lines only: S1 3.50; S2 6.00 and S4 10.50-3.78).
		wantRows(t, "filter.sale", ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimDay), Measures: meas(pos.MeasureNet),
			Filter: pos.AnalyticsFilter{Sale: sale.CashierID(f.alice.ID)}}),
			"2026-03-07@03-07T05:00Z: NET=3.50", "2026-03-08@03-08T05:00Z: NET=14.72")
		wantRows(t, "filter.line", ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimDay), Measures: meas(pos.MeasureSaleCount, pos.MeasureNet),
			Filter: pos.AnalyticsFilter{Line: saleitem.ProductID(f.coffee.ID), Sale: sale.CashierID(f.alice.ID)}}),
			"2026-03-07@03-07T05:00Z: SALE_COUNT=1 NET=3.50", "2026-03-08@03-08T05:00Z: SALE_COUNT=2 NET=12.72")

		// Orders and an explicit limit: the best customer group by net.
		one := 1
		wantRows(t, "orderBy NET DESC limit 1", ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimCustomer), Measures: meas(pos.MeasureNet),
			OrderBy: []pos.AnalyticsOrder{{Measure: pos.MeasureNet, Desc: true}}, Limit: &one}),
			"(none): NET=27.50")
		wantRows(t, "orderBy DAY DESC", ask(pos.AnalyticsRequest{GroupBy: dims(pos.DimDay), Measures: meas(pos.MeasureSaleCount),
			OrderBy: []pos.AnalyticsOrder{{Dimension: pos.DimDay, Desc: true}}}),
			"2026-03-09@03-09T04:00Z: SALE_COUNT=2", "2026-03-08@03-08T05:00Z: SALE_COUNT=4", "2026-03-07@03-07T05:00Z: SALE_COUNT=1")

		// Nothing sold: no rows, zero totals.
		wantRows(t, "empty", ask(pos.AnalyticsRequest{From: utc("2025-01-01T00:00:00Z"), To: utc("2025-01-02T00:00:00Z"),
			GroupBy: dims(pos.DimDay), Measures: meas(pos.MeasureSaleCount, pos.MeasureMargin), WithTotals: true}),
			"TOTAL: SALE_COUNT=0 MARGIN=null")
	})
}

// TestAnalyticsMatchesReports: where salesAnalytics and the fixed reports
// overlap they agree, figure for figure.
func TestAnalyticsMatchesReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadAnalyticsFixture(t, db.Client)
		svc := pos.New(db.Client)
		from, to := utc("2026-03-01T05:00:00Z"), utc("2026-12-01T05:00:00Z")
		a, err := svc.Reports().SalesAnalytics(ctx, pos.AnalyticsRequest{From: from, To: to, Timezone: ny, GroupBy: dims(pos.DimDay),
			Measures: meas(pos.MeasureSaleCount, pos.MeasureGross, pos.MeasureDiscounts, pos.MeasureTax, pos.MeasureNet, pos.MeasureRefunds, pos.MeasureAverageBasket)})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := svc.Reports().SalesReport(ctx, pos.SalesReportInput{From: from, To: to, GroupBy: pos.PeriodDay, Timezone: ny})
		if err != nil {
			t.Fatal(err)
		}
		byDay := map[string]string{}
		for _, r := range a.Rows {
			byDay[r.Keys[0].PeriodStart.Format(time.RFC3339)] = fmt.Sprintf("n=%d gross=%s disc=%s tax=%s net=%s ref=%s avg=%s",
				*r.Values[0].Count, r.Values[1].Amount, r.Values[2].Amount, r.Values[3].Amount, r.Values[4].Amount, r.Values[5].Amount, r.Values[6].Amount)
		}
		days := 0
		for _, p := range rep {
			if p.SaleCount == 0 {
				continue
			}
			days++
			if got, want := byDay[p.PeriodStart.Format(time.RFC3339)], figs(p.SalesFigures); got != want {
				t.Errorf("day %s: analytics %q, salesReport %q", p.PeriodStart, got, want)
			}
		}
		if days != len(a.Rows) || days < 4 {
			t.Errorf("salesReport has %d days with sales, analytics %d rows", days, len(a.Rows))
		}

		// PRODUCT x UNITS equals topProducts' quantity.
		a, err = svc.Reports().SalesAnalytics(ctx, pos.AnalyticsRequest{From: from, To: to, Timezone: ny, GroupBy: dims(pos.DimProduct),
			Measures: meas(pos.MeasureUnits, pos.MeasureCostOfGoods)})
		if err != nil {
			t.Fatal(err)
		}
		top, err := svc.Reports().TopProducts(ctx, from, to, 10, pos.RankByQuantity)
		if err != nil {
			t.Fatal(err)
		}
		if len(top) != len(a.Rows) {
			t.Fatalf("topProducts %d rows, analytics %d", len(top), len(a.Rows))
		}
		for _, tp := range top {
			found := false
			for _, r := range a.Rows {
				if *r.Keys[0].ID == tp.ProductID {
					found = true
					if *r.Values[0].Count != tp.Quantity || *r.Values[1].Amount != tp.Cost {
						t.Errorf("%s: analytics units %d cost %s, topProducts %d %s", tp.Product.Name, *r.Values[0].Count, r.Values[1].Amount, tp.Quantity, tp.Cost)
					}
				}
			}
			if !found {
				t.Errorf("%s missing from analytics", tp.Product.Name)
			}
		}

		// The totals equal profitAndLoss.
		a, err = svc.Reports().SalesAnalytics(ctx, pos.AnalyticsRequest{From: from, To: to, Timezone: ny,
			Measures: meas(pos.MeasureNet, pos.MeasureCostOfGoods, pos.MeasureGrossProfit, pos.MeasureMargin, pos.MeasureTax)})
		if err != nil {
			t.Fatal(err)
		}
		pl, err := svc.Reports().ProfitAndLoss(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		v := a.Rows[0].Values
		if *v[0].Amount != pl.Revenue || *v[1].Amount != pl.CostOfGoods || *v[2].Amount != pl.GrossProfit || *v[3].Percent != *pl.GrossMarginPercent || *v[4].Amount != pl.TaxCollected {
			t.Errorf("analytics %v, profitAndLoss %+v", rowsText(a), pl)
		}

		// PAYMENT_METHOD x NET equals salesByPaymentMethod's amount.
		a, err = svc.Reports().SalesAnalytics(ctx, pos.AnalyticsRequest{From: from, To: to, Timezone: ny, GroupBy: dims(pos.DimPaymentMethod), Measures: meas(pos.MeasureNet)})
		if err != nil {
			t.Fatal(err)
		}
		pm, err := svc.Reports().SalesByPaymentMethod(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if len(pm) != len(a.Rows) {
			t.Fatalf("salesByPaymentMethod %d rows, analytics %d", len(pm), len(a.Rows))
		}
		for i, p := range pm {
			if r := a.Rows[i]; *r.Keys[0].Text != string(p.Method) || *r.Values[0].Amount != p.Amount {
				t.Errorf("%s: analytics %v, report %s", p.Method, rowsText(a)[i], p.Amount)
			}
		}
	})
}

// TestAnalyticsRefusals: bad input is BAD_USER_INPUT with a message naming
// the problem; a measure or dimension the caller may not read is refused by
// the table; the read guard still judges the statement's root query.
func TestAnalyticsRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadAnalyticsFixture(t, db.Client)
		svc := pos.New(db.Client)
		ok := pos.AnalyticsRequest{From: marchFrom, To: marchTo, Timezone: ny, GroupBy: dims(pos.DimDay), Measures: meas(pos.MeasureNet)}
		zero, big := 0, pos.MaxAnalyticsRows+1
		for name, mut := range map[string]func(r *pos.AnalyticsRequest){
			"from >= to":        func(r *pos.AnalyticsRequest) { r.To = r.From },
			"unknown zone":      func(r *pos.AnalyticsRequest) { r.Timezone = "Mars/Olympus" },
			"3 dimensions":      func(r *pos.AnalyticsRequest) { r.GroupBy = dims(pos.DimDay, pos.DimProduct, pos.DimCashier) },
			"no measures":       func(r *pos.AnalyticsRequest) { r.Measures = nil },
			"twice":             func(r *pos.AnalyticsRequest) { r.Measures = meas(pos.MeasureNet, pos.MeasureNet) },
			"unknown dimension": func(r *pos.AnalyticsRequest) { r.GroupBy = dims("COLOUR") },
			"hours for 2 years": func(r *pos.AnalyticsRequest) { r.GroupBy, r.To = dims(pos.DimHour), r.From.AddDate(2, 0, 0) },
			"11 years":          func(r *pos.AnalyticsRequest) { r.To = r.From.AddDate(11, 0, 0) },
			"limit 0":           func(r *pos.AnalyticsRequest) { r.Limit = &zero },
			"limit too big":     func(r *pos.AnalyticsRequest) { r.Limit = &big },
			"order not asked":   func(r *pos.AnalyticsRequest) { r.OrderBy = []pos.AnalyticsOrder{{Measure: pos.MeasureTax}} },
			"tender x product":  func(r *pos.AnalyticsRequest) { r.GroupBy = dims(pos.DimPaymentMethod, pos.DimProduct) },
			"tax per tender": func(r *pos.AnalyticsRequest) {
				r.GroupBy, r.Measures = dims(pos.DimPaymentMethod), meas(pos.MeasureTax)
			},
		} {
			r := ok
			mut(&r)
			_, err := svc.Reports().SalesAnalytics(ctx, r)
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Code != fault.CodeBadInput || fe.Message == "" {
				t.Errorf("%s: error %v, want BAD_USER_INPUT", name, err)
			}
		}

		// A cashier (read, pos) may not ask for cost-based measures; a
		// caller with only reports may not group by product (a catalogue
		// type); a caller who may not read sales at all is refused by the
		// read guard on the statement's root query.
		api := policy.FromAPI(ctx)
		cashier := policy.WithCaller(api, &policy.Caller{Perms: policy.SetOf(policy.Read, policy.POS)})
		r := ok
		r.Measures = meas(pos.MeasureNet, pos.MeasureMargin)
		var de *policy.DeniedError
		if _, err := svc.Reports().SalesAnalytics(cashier, r); !errors.As(err, &de) || !strings.Contains(de.Error(), "MARGIN") {
			t.Errorf("cashier asking MARGIN: %v", err)
		}
		r = ok
		r.GroupBy = dims(pos.DimProduct)
		reports := policy.WithCaller(api, &policy.Caller{Perms: policy.SetOf(policy.Reports)})
		if _, err := svc.Reports().SalesAnalytics(reports, r); !errors.As(err, &de) || !strings.Contains(de.Error(), "PRODUCT") {
			t.Errorf("reports-only caller grouping by PRODUCT: %v", err)
		}
		if _, err := svc.Reports().SalesAnalytics(cashier, ok); err != nil {
			t.Errorf("cashier asking NET by DAY: %v", err)
		}
		reader := policy.WithCaller(api, &policy.Caller{Perms: policy.SetOf(policy.Read)})
		for _, g := range [][]pos.AnalyticsDimension{nil, dims(pos.DimCategory)} {
			r = ok
			r.GroupBy = g
			if _, err := svc.Reports().SalesAnalytics(reader, r); !errors.As(err, &de) || !strings.Contains(de.What, "reading") {
				t.Errorf("reader (no sales) grouping by %v: %v, want the read guard's refusal", g, err)
			}
		}
	})
}
