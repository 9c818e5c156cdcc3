package pos_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/google/uuid"
	"strings"
	"testing"
	"time"

	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// figs renders sales figures compactly so an expectation reads as one line.
func figs(f pos.SalesFigures) string {
	return fmt.Sprintf("n=%d gross=%s disc=%s tax=%s net=%s ref=%s avg=%s",
		f.SaleCount, f.GrossSales, f.DiscountTotal, f.TaxTotal, f.NetSales, f.RefundTotal, f.AverageBasket)
}

func wantFigs(t *testing.T, what string, got pos.SalesFigures, want string) {
	t.Helper()
	if g := figs(got); g != want {
		t.Errorf("%s:\n got  %s\n want %s", what, g, want)
	}
}

func wantCode(t *testing.T, err error, code fault.Code) {
	t.Helper()
	var pe *fault.Error
	if !errors.As(err, &pe) || pe.Code != code {
		t.Fatalf("error = %v, want code %s", err, code)
	}
}

const ny = "America/New_York"

func TestDailySalesSummary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadFixture(t, db.Client)
		setTimezone(t, db.Client, ny)
		svc := pos.New(db.Client)

		// The spring-forward day from the store setting: S2..S5; S1 (23:59 the
		// day before) and S6 (00:01 the day after) are out, V1 (voided) too.
		// gross 9+12+10.50+6 = 37.50; disc 1+.50; tax .64+.96+.84+.44 = 2.88;
		// net 37.50-1.50-3.78 = 32.22; avg 32.22/4 = 8.055 -> 8.06 (half even).
		d, err := svc.Reports().DailySalesSummary(ctx, "2026-03-08", "")
		if err != nil {
			t.Fatal(err)
		}
		if d.Date != "2026-03-08" || d.Timezone != ny {
			t.Errorf("date/zone = %s %s", d.Date, d.Timezone)
		}
		wantFigs(t, "03-08 NY", d.SalesFigures, "n=4 gross=37.50 disc=1.50 tax=2.88 net=32.22 ref=3.78 avg=8.06")

		// CARD: S2 8.64 + S3 2.96; CASH: S3 10 + S4 11.34 - refund 3.78; wallet: S5.
		var pm []string
		for _, p := range d.ByPaymentMethod {
			pm = append(pm, fmt.Sprintf("%s:%d:%s", p.Method, p.Count, p.Amount))
		}
		if got, want := strings.Join(pm, " "), "CARD:2:11.60 CASH:2:17.56 DIGITAL_WALLET:1:5.94"; got != want {
			t.Errorf("byPaymentMethod = %s, want %s", got, want)
		}

		// 23 hours: 2 AM does not exist. S2 at 00:01, S3 01:30, S4 03:15 (net
		// 10.50-3.78), S5 23:59 (6.00-.50).
		if len(d.ByHour) != 23 {
			t.Fatalf("byHour has %d rows, want 23", len(d.ByHour))
		}
		var hours []string
		for _, h := range d.ByHour {
			if h.Hour == 2 {
				t.Errorf("hour 2 listed on the spring-forward day")
			}
			if h.SaleCount > 0 {
				hours = append(hours, fmt.Sprintf("%d:%d:%s", h.Hour, h.SaleCount, h.NetSales))
			}
		}
		if got, want := strings.Join(hours, " "), "0:1:8.00 1:1:12.00 3:1:6.72 23:1:5.50"; got != want {
			t.Errorf("byHour = %s, want %s", got, want)
		}

		// The days either side catch the sales just before and after midnight.
		d, err = svc.Reports().DailySalesSummary(ctx, "2026-03-07", "")
		if err != nil {
			t.Fatal(err)
		}
		wantFigs(t, "03-07 NY", d.SalesFigures, "n=1 gross=3.50 disc=0.00 tax=0.28 net=3.50 ref=0.00 avg=3.50")
		if h := d.ByHour[23]; h.Hour != 23 || h.SaleCount != 1 {
			t.Errorf("03-07 hour 23 = %+v", h)
		}
		d, err = svc.Reports().DailySalesSummary(ctx, "2026-03-09", "")
		if err != nil {
			t.Fatal(err)
		}
		wantFigs(t, "03-09 NY", d.SalesFigures, "n=1 gross=12.00 disc=0.00 tax=0.96 net=12.00 ref=0.00 avg=12.00")
		if h := d.ByHour[0]; h.Hour != 0 || h.SaleCount != 1 {
			t.Errorf("03-09 hour 0 = %+v", h)
		}

		// The same date cut in UTC (argument overrides the setting): S1..S4,
		// gross 3.50+9+12+10.50 = 35.00, net 35-1-3.78 = 30.22, avg 7.555 -> 7.56.
		d, err = svc.Reports().DailySalesSummary(ctx, "2026-03-08", "UTC")
		if err != nil {
			t.Fatal(err)
		}
		wantFigs(t, "03-08 UTC", d.SalesFigures, "n=4 gross=35.00 disc=1.00 tax=2.72 net=30.22 ref=3.78 avg=7.56")
		if len(d.ByHour) != 24 {
			t.Errorf("UTC day has %d hours", len(d.ByHour))
		}

		// The fall-back day: 25 hours, 1 AM twice (F1 EDT and F2 EST share it).
		d, err = svc.Reports().DailySalesSummary(ctx, "2026-11-01", "")
		if err != nil {
			t.Fatal(err)
		}
		wantFigs(t, "11-01 NY", d.SalesFigures, "n=4 gross=14.00 disc=0.00 tax=1.12 net=14.00 ref=0.00 avg=3.50")
		hours = nil
		for _, h := range d.ByHour {
			if h.SaleCount > 0 {
				hours = append(hours, fmt.Sprintf("%d:%d:%s", h.Hour, h.SaleCount, h.NetSales))
			}
		}
		if len(d.ByHour) != 24 {
			t.Errorf("fall-back day has %d hour rows, want 24", len(d.ByHour))
		}
		if got, want := strings.Join(hours, " "), "0:1:3.50 1:2:7.00 23:1:3.50"; got != want {
			t.Errorf("fall-back byHour = %s, want %s", got, want)
		}

		// A time handed over in a local zone (as time.Now() is on a server
		// whose TZ is not UTC) is the same instant: 2026-03-10 01:30 EDT is
		// 05:30Z, which the New York day 03-09 (ending 04:00Z) must not see.
		loc, _ := time.LoadLocation(ny)
		local := db.Client.Sale.Create().SetStatus("COMPLETED").SetSubtotal(m("1.00")).SetTotal(m("1.00")).
			SetCompletedAt(time.Date(2026, 3, 10, 1, 30, 0, 0, loc)).SaveX(ctx)
		d, err = svc.Reports().DailySalesSummary(ctx, "2026-03-09", "")
		if err != nil {
			t.Fatal(err)
		}
		if d.SaleCount != 1 {
			t.Errorf("03-09 counts %d sales after a local-zone write, want 1", d.SaleCount)
		}
		d, err = svc.Reports().DailySalesSummary(ctx, "2026-03-10", "")
		if err != nil {
			t.Fatal(err)
		}
		if d.SaleCount != 1 {
			t.Errorf("03-10 counts %d sales, want 1 (%s)", d.SaleCount, local.ID)
		}

		// An empty day is zeros, not an error.
		d, err = svc.Reports().DailySalesSummary(ctx, "2020-01-01", "")
		if err != nil {
			t.Fatal(err)
		}
		wantFigs(t, "empty day", d.SalesFigures, "n=0 gross=0.00 disc=0.00 tax=0.00 net=0.00 ref=0.00 avg=0.00")

		_, err = svc.Reports().DailySalesSummary(ctx, "2026-13-01", "")
		wantCode(t, err, fault.CodeBadInput)
		_, err = svc.Reports().DailySalesSummary(ctx, "2026-03-08", "Mars/Olympus")
		wantCode(t, err, fault.CodeBadInput)
	})
}

func TestSalesReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db.Client)
		svc := pos.New(db.Client)
		// 03-07 00:00 EST .. 03-10 00:00 EDT.
		from, to := utc("2026-03-07T05:00:00Z"), utc("2026-03-10T04:00:00Z")

		rows, err := svc.Reports().SalesReport(ctx, pos.SalesReportInput{From: from, To: to, GroupBy: pos.PeriodDay, Timezone: ny})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"2026-03-07T00:00:00-05:00 n=1 gross=3.50 disc=0.00 tax=0.28 net=3.50 ref=0.00 avg=3.50",
			"2026-03-08T00:00:00-05:00 n=4 gross=37.50 disc=1.50 tax=2.88 net=32.22 ref=3.78 avg=8.06",
			"2026-03-09T00:00:00-04:00 n=1 gross=12.00 disc=0.00 tax=0.96 net=12.00 ref=0.00 avg=12.00",
		}
		checkPeriods(t, "DAY", rows, want)

		// alice on those days: S1; S2 and S4 (gross 19.50, tax .64+.84,
		// net 19.50-1-3.78 = 14.72, avg 7.36); nothing.
		rows, err = svc.Reports().SalesReport(ctx, pos.SalesReportInput{From: from, To: to, GroupBy: pos.PeriodDay, Timezone: ny, CashierID: idOf(f.alice)})
		if err != nil {
			t.Fatal(err)
		}
		checkPeriods(t, "DAY alice", rows, []string{
			"2026-03-07T00:00:00-05:00 n=1 gross=3.50 disc=0.00 tax=0.28 net=3.50 ref=0.00 avg=3.50",
			"2026-03-08T00:00:00-05:00 n=2 gross=19.50 disc=1.00 tax=1.48 net=14.72 ref=3.78 avg=7.36",
			"2026-03-09T00:00:00-04:00 n=0 gross=0.00 disc=0.00 tax=0.00 net=0.00 ref=0.00 avg=0.00",
		})

		// Customer C1: S2 and S5 on 03-08: gross 15, disc 1.50, tax 1.08, net 13.50.
		rows, err = svc.Reports().SalesReport(ctx, pos.SalesReportInput{From: from, To: to, GroupBy: pos.PeriodDay, Timezone: ny, CustomerID: &f.c1.ID})
		if err != nil {
			t.Fatal(err)
		}
		checkPeriods(t, "DAY C1", rows, []string{
			"2026-03-07T00:00:00-05:00 n=0 gross=0.00 disc=0.00 tax=0.00 net=0.00 ref=0.00 avg=0.00",
			"2026-03-08T00:00:00-05:00 n=2 gross=15.00 disc=1.50 tax=1.08 net=13.50 ref=0.00 avg=6.75",
			"2026-03-09T00:00:00-04:00 n=0 gross=0.00 disc=0.00 tax=0.00 net=0.00 ref=0.00 avg=0.00",
		})

		// Weeks start on Monday: 03-02 (S1..S5, first week clipped to from)
		// and 03-09 (S6). Week one: gross 41, tax 3.16, net 41-1.50-3.78 = 35.72,
		// avg 7.144 -> 7.14.
		rows, err = svc.Reports().SalesReport(ctx, pos.SalesReportInput{From: from, To: to, GroupBy: pos.PeriodWeek, Timezone: ny})
		if err != nil {
			t.Fatal(err)
		}
		checkPeriods(t, "WEEK", rows, []string{
			"2026-03-02T00:00:00-05:00 n=5 gross=41.00 disc=1.50 tax=3.16 net=35.72 ref=3.78 avg=7.14",
			"2026-03-09T00:00:00-04:00 n=1 gross=12.00 disc=0.00 tax=0.96 net=12.00 ref=0.00 avg=12.00",
		})

		// March: S1..S6: gross 53, tax 4.12, net 47.72, avg 7.9533 -> 7.95.
		rows, err = svc.Reports().SalesReport(ctx, pos.SalesReportInput{From: utc("2026-03-01T05:00:00Z"), To: utc("2026-04-01T04:00:00Z"), GroupBy: pos.PeriodMonth, Timezone: ny})
		if err != nil {
			t.Fatal(err)
		}
		checkPeriods(t, "MONTH", rows, []string{
			"2026-03-01T00:00:00-05:00 n=6 gross=53.00 disc=1.50 tax=4.12 net=47.72 ref=3.78 avg=7.95",
		})

		// Hours of the spring-forward day: 23; of the fall-back day: 25, with
		// 1 AM EDT and 1 AM EST as separate periods.
		rows, err = svc.Reports().SalesReport(ctx, pos.SalesReportInput{From: utc("2026-03-08T05:00:00Z"), To: utc("2026-03-09T04:00:00Z"), GroupBy: pos.PeriodHour, Timezone: ny})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 23 {
			t.Errorf("spring-forward day has %d hourly rows, want 23", len(rows))
		}
		rows, err = svc.Reports().SalesReport(ctx, pos.SalesReportInput{From: utc("2026-11-01T04:00:00Z"), To: utc("2026-11-02T05:00:00Z"), GroupBy: pos.PeriodHour, Timezone: ny})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 25 {
			t.Fatalf("fall-back day has %d hourly rows, want 25", len(rows))
		}
		var busy []string
		for _, r := range rows {
			if r.SaleCount > 0 {
				busy = append(busy, r.PeriodStart.Format(time.RFC3339))
			}
		}
		if got, want := strings.Join(busy, " "), "2026-11-01T00:00:00-04:00 2026-11-01T01:00:00-04:00 2026-11-01T01:00:00-05:00 2026-11-01T23:00:00-05:00"; got != want {
			t.Errorf("busy hours = %s\nwant %s", got, want)
		}

		_, err = svc.Reports().SalesReport(ctx, pos.SalesReportInput{From: to, To: from, GroupBy: pos.PeriodDay})
		wantCode(t, err, fault.CodeBadInput)
		_, err = svc.Reports().SalesReport(ctx, pos.SalesReportInput{From: from, To: from.AddDate(1, 0, 0), GroupBy: pos.PeriodHour})
		wantCode(t, err, fault.CodeBadInput)
	})
}

func checkPeriods(t *testing.T, what string, rows []*pos.SalesPeriod, want []string) {
	t.Helper()
	var got []string
	for _, r := range rows {
		got = append(got, r.PeriodStart.Format(time.RFC3339)+" "+figs(r.SalesFigures))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got\n%s\n want\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestProductAndMoneyReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db.Client)
		svc := pos.New(db.Client)
		from, to := utc("2026-03-07T05:00:00Z"), utc("2026-03-10T04:00:00Z")

		// Coffee: S1 1 (3.50), S2 2 (6.00), S4 3-1 refunded (10.50 x 2/3 = 7.00):
		// 5 units, 16.50, cost 5 x 1.20 = 6.00. Bagel: S2 1 (2.00) + S5 3
		// (5.50): 4, 7.50, cost 2.00. Mug: S3 + S6: 2, 24.00, cost 8.00.
		// V1's five mugs are voided and do not count.
		ranked := func(by pos.ProductRanking, limit int) string {
			t.Helper()
			tops, err := svc.Reports().TopProducts(ctx, from, to, limit, by)
			if err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, p := range tops {
				s = append(s, fmt.Sprintf("%s:%d:%s:%s:%s", p.Product.Sku, p.Quantity, p.Revenue, p.Cost, p.Profit))
			}
			return strings.Join(s, " ")
		}
		if got, want := ranked(pos.RankByQuantity, 10), "COF:5:16.50:6.00:10.50 BAG:4:7.50:2.00:5.50 MUG:2:24.00:8.00:16.00"; got != want {
			t.Errorf("by quantity = %s\nwant %s", got, want)
		}
		if got, want := ranked(pos.RankByRevenue, 2), "MUG:2:24.00:8.00:16.00 COF:5:16.50:6.00:10.50"; got != want {
			t.Errorf("by revenue = %s\nwant %s", got, want)
		}
		if got, want := ranked(pos.RankByProfit, 10), "MUG:2:24.00:8.00:16.00 COF:5:16.50:6.00:10.50 BAG:4:7.50:2.00:5.50"; got != want {
			t.Errorf("by profit = %s\nwant %s", got, want)
		}
		_, err := svc.Reports().TopProducts(ctx, from, to, 0, pos.RankByQuantity)
		wantCode(t, err, fault.CodeBadInput)

		// P&L of S1..S6: gross 53, disc 1.50, refunds 3.78, revenue 47.72,
		// COGS 6+2+8 = 16, gross profit 31.72, margin 31.72/47.72 = 66.47%,
		// tax 4.12, net = totals 55.62 - 3.78 = 51.84.
		pl, err := svc.Reports().ProfitAndLoss(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprintf("n=%d gross=%s disc=%s ref=%s rev=%s cogs=%s gp=%s margin=%.2f tax=%s net=%s",
			pl.SaleCount, pl.GrossSales, pl.Discounts, pl.Refunds, pl.Revenue, pl.CostOfGoods, pl.GrossProfit, *pl.GrossMarginPercent, pl.TaxCollected, pl.Net)
		if want := "n=6 gross=53.00 disc=1.50 ref=3.78 rev=47.72 cogs=16.00 gp=31.72 margin=66.47 tax=4.12 net=51.84"; got != want {
			t.Errorf("P&L:\n got  %s\n want %s", got, want)
		}
		pl, err = svc.Reports().ProfitAndLoss(ctx, utc("2020-01-01T00:00:00Z"), utc("2020-02-01T00:00:00Z"))
		if err != nil {
			t.Fatal(err)
		}
		if pl.GrossMarginPercent != nil || pl.Revenue != 0 {
			t.Errorf("empty P&L = %+v", pl)
		}

		// Cashiers: bob S3 S5 S6 (gross 30, disc .50, tax 2.36, net 29.50, avg
		// 9.8333 -> 9.83) before alice S1 S2 S4 (gross 23, disc 1, tax 1.76,
		// ref 3.78, net 18.22, avg 6.0733 -> 6.07).
		cs, err := svc.Reports().SalesByCashier(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 2 || cs[0].Cashier == nil || cs[1].Cashier == nil {
			t.Fatalf("by cashier = %+v", cs)
		}
		if cs[0].Cashier.DisplayName != "bob" || cs[1].Cashier.DisplayName != "alice" {
			t.Errorf("cashier order = %s, %s", cs[0].Cashier.DisplayName, cs[1].Cashier.DisplayName)
		}
		wantFigs(t, "bob", cs[0].SalesFigures, "n=3 gross=30.00 disc=0.50 tax=2.36 net=29.50 ref=0.00 avg=9.83")
		wantFigs(t, "alice", cs[1].SalesFigures, "n=3 gross=23.00 disc=1.00 tax=1.76 net=18.22 ref=3.78 avg=6.07")

		// Methods: CARD S1 3.78 + S2 8.64 + S3 2.96; CASH S3 10 + S4 11.34 -
		// 3.78 + S6 12.96; wallet S5. They add up to the P&L's net, 51.84.
		pm, err := svc.Reports().SalesByPaymentMethod(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		var ps []string
		for _, p := range pm {
			ps = append(ps, fmt.Sprintf("%s:%d:%s", p.Method, p.Count, p.Amount))
		}
		if got, want := strings.Join(ps, " "), "CARD:3:15.38 CASH:3:30.52 DIGITAL_WALLET:1:5.94"; got != want {
			t.Errorf("by method = %s, want %s", got, want)
		}

		// Stock of active products by name (Old is inactive): Bagel 5 x .50 /
		// x 2.00 (low: 5 <= 10), Coffee 40 x 1.20 / x 3.50, Mug 3 x 4 / x 12.
		inv, err := svc.Reports().InventoryReport(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		var is []string
		for _, it := range inv.Items {
			is = append(is, fmt.Sprintf("%s:%d/%d:%s:%s:%v", it.Product.Sku, it.Quantity, it.ReorderLevel, it.StockValueAtCost, it.StockValueAtPrice, it.LowStock))
		}
		if got, want := strings.Join(is, " "), "BAG:5/10:2.50:10.00:true COF:40/10:48.00:140.00:false MUG:3/2:12.00:36.00:false"; got != want {
			t.Errorf("inventory = %s\nwant %s", got, want)
		}
		if inv.TotalValueAtCost != m("62.50") || inv.TotalValueAtPrice != m("186.00") {
			t.Errorf("inventory totals = %s / %s, want 62.50 / 186.00", inv.TotalValueAtCost, inv.TotalValueAtPrice)
		}
		inv, err = svc.Reports().InventoryReport(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(inv.Items) != 1 || inv.Items[0].Product.ID != f.bagel.ID || inv.TotalValueAtCost != m("2.50") || inv.TotalValueAtPrice != m("10.00") {
			t.Errorf("low stock only = %+v", inv)
		}

		// Loyalty: BRONZE C3 0 + C4 30; SILVER C2 120; GOLD C1 500; none
		// PLATINUM; 650 outstanding; top two C1, C2; C3 (no points) never listed.
		lr, err := svc.Reports().LoyaltyReport(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		var ts []string
		for _, tc := range lr.Tiers {
			ts = append(ts, fmt.Sprintf("%s:%d:%d", tc.Tier, tc.Customers, tc.Points))
		}
		if got, want := strings.Join(ts, " "), "BRONZE:2:30 SILVER:1:120 GOLD:1:500 PLATINUM:0:0"; got != want {
			t.Errorf("tiers = %s, want %s", got, want)
		}
		if lr.PointsOutstanding != 650 || len(lr.TopCustomers) != 2 || lr.TopCustomers[0].ID != f.c1.ID || lr.TopCustomers[1].ID != f.c2.ID {
			t.Errorf("loyalty = %d outstanding, top %v", lr.PointsOutstanding, lr.TopCustomers)
		}
		lr, err = svc.Reports().LoyaltyReport(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(lr.TopCustomers) != 3 || lr.TopCustomers[2].ID != f.c4.ID {
			t.Errorf("top 10 = %v", lr.TopCustomers)
		}

		// itemCount: S2 has 2 coffees and a bagel.
		n, err := svc.Reports().SaleItemCount(ctx, f.s2.ID)
		if err != nil || n != 3 {
			t.Errorf("item count of S2 = %d, %v; want 3", n, err)
		}
		unknown := uuid.New()
		counts, err := svc.Reports().SaleItemCounts(ctx, []uuid.UUID{f.s2.ID, unknown})
		if err != nil || len(counts) != 2 || counts[f.s2.ID] != 3 || counts[unknown] != 0 {
			t.Errorf("item counts of S2 and an unknown sale = %v, %v; want 3 and 0", counts, err)
		}
	})
}

func TestReportCSV(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	ctx := context.Background()
	loadFixture(t, db.Client)
	svc := pos.New(db.Client)
	from, to := utc("2026-03-07T05:00:00Z"), utc("2026-03-10T04:00:00Z")

	rows, err := svc.Reports().SalesReport(ctx, pos.SalesReportInput{From: from, To: to, GroupBy: pos.PeriodDay, Timezone: ny})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := pos.WriteCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	want := "period_start,sale_count,gross_sales,discount_total,tax_total,net_sales,refund_total,average_basket\n" +
		"2026-03-07T00:00:00-05:00,1,3.50,0.00,0.28,3.50,0.00,3.50\n" +
		"2026-03-08T00:00:00-05:00,4,37.50,1.50,2.88,32.22,3.78,8.06\n" +
		"2026-03-09T00:00:00-04:00,1,12.00,0.00,0.96,12.00,0.00,12.00\n"
	if b.String() != want {
		t.Errorf("sales CSV:\n%s\nwant\n%s", b.String(), want)
	}

	tops, err := svc.Reports().TopProducts(ctx, from, to, 1, pos.RankByRevenue)
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := pos.WriteCSV(&b, tops); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "product_id,sku,name,quantity,revenue,cost,profit\n") || !strings.HasSuffix(b.String(), ",MUG,Mug,2,24.00,8.00,16.00\n") {
		t.Errorf("top products CSV:\n%s", b.String())
	}

	// Every report has a CSV form with a header row.
	daily, _ := svc.Reports().DailySalesSummary(ctx, "2026-03-08", ny)
	pl, _ := svc.Reports().ProfitAndLoss(ctx, from, to)
	inv, _ := svc.Reports().InventoryReport(ctx, false)
	loy, _ := svc.Reports().LoyaltyReport(ctx, 3)
	cs, _ := svc.Reports().SalesByCashier(ctx, from, to)
	pm, _ := svc.Reports().SalesByPaymentMethod(ctx, from, to)
	for _, tc := range []struct {
		report any
		header string
		lines  int
	}{
		{daily, "date,timezone,hour,hour_sale_count,hour_net_sales,sale_count", 1 + 23},
		{pl, "from,to,sale_count,gross_sales,discounts,refunds,revenue,cost_of_goods,gross_profit,gross_margin_percent,tax_collected,net", 2},
		{inv, "product_id,sku,name,quantity,reorder_level,stock_value_at_cost,stock_value_at_price,low_stock", 4},
		{loy, "tier,customers,points", 5},
		{cs, "cashier_id,cashier_name,sale_count", 3},
		{pm, "method,count,amount", 4},
	} {
		b.Reset()
		if err := pos.WriteCSV(&b, tc.report); err != nil {
			t.Fatalf("%T: %v", tc.report, err)
		}
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		if !strings.HasPrefix(lines[0], tc.header) || len(lines) != tc.lines {
			t.Errorf("%T CSV: %d lines, header %q", tc.report, len(lines), lines[0])
		}
	}
	if !strings.Contains(b.String(), "CASH,3,30.52") {
		t.Errorf("payment CSV lacks the cash row:\n%s", b.String())
	}
	if err := pos.WriteCSV(&b, 42); err == nil {
		t.Error("WriteCSV accepted an int")
	}
}
