package graph_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/storetest"
)

// TestReportQueries runs every report through the GraphQL endpoint: the
// schema, argument defaults, enum mapping and Decimal output are wired. The
// figures themselves are tested in internal/pos.
func TestReportQueries(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	ctx := context.Background()
	c := db.Client
	p := c.Product.Create().SetName("Tea").SetSku("TEA").SetPrice(money.MustParse("2.50")).SetCost(money.MustParse("1.00")).SaveX(ctx)
	c.Inventory.Create().SetProductID(p.ID).SetQuantity(2).SetReorderLevel(5).SaveX(ctx)
	u := c.User.Create().SetUsername("carol").SetPasswordHash("x").SaveX(ctx)
	c.Customer.Create().SetName("Zoe").SetLoyaltyPoints(40).SaveX(ctx)
	s := c.Sale.Create().SetStatus("COMPLETED").SetCashierID(u.ID).SetCompletedAt(time.Date(2026, 3, 8, 15, 0, 0, 0, time.UTC)).
		SetSubtotal(money.MustParse("7.50")).SetTotal(money.MustParse("7.50")).SaveX(ctx)
	c.SaleItem.Create().SetSaleID(s.ID).SetProductID(p.ID).SetQuantity(3).SetUnitPrice(money.MustParse("2.50")).
		SetUnitCost(money.MustParse("1.00")).SetSubtotal(money.MustParse("7.50")).SaveX(ctx)
	c.Payment.Create().SetSaleID(s.ID).SetMethod("CASH").SetAmount(money.MustParse("7.50")).SaveX(ctx)

	env := servertest.New(t, db)
	const q = `{
	  d: dailySalesSummary(date: "2026-03-08", timezone: "America/New_York") { date timezone saleCount grossSales netSales averageBasket byPaymentMethod { method count amount } byHour { hour saleCount netSales } }
	  r: salesReport(from: "2026-03-08T05:00:00Z", to: "2026-03-09T04:00:00Z", groupBy: HOUR, timezone: "America/New_York") { periodStart saleCount netSales }
	  t: topProducts(from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z", by: PROFIT) { product { sku } quantity revenue cost profit }
	  pl: profitAndLoss(from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z") { revenue costOfGoods grossProfit grossMarginPercent net }
	  i: inventoryReport(lowStockOnly: true) { items { product { sku } quantity lowStock stockValueAtCost } totalValueAtPrice }
	  l: loyaltyReport { tiers { tier customers points } pointsOutstanding topCustomers { name } }
	  c: salesByCashier(from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z") { cashier { displayName } saleCount netSales }
	  m: salesByPaymentMethod(from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z") { method count amount }
	}`
	// Reports need REPORTS: a cashier (read, pos) is refused, a manager served.
	if code := env.GraphQL(env.Token("cashier"), q, nil).Code(); code != "FORBIDDEN" {
		t.Errorf("cashier got %q, want FORBIDDEN", code)
	}
	res := env.Must(env.Token("manager"), q, nil)
	raw, _ := json.Marshal(map[string]any{"data": res.Data})
	var out struct {
		Data struct {
			D struct {
				Date, Timezone, GrossSales, NetSales, AverageBasket string
				SaleCount                                           int
				ByPaymentMethod                                     []struct{ Method, Amount string }
				ByHour                                              []struct {
					Hour, SaleCount int
				}
			}
			R []struct{ PeriodStart string }
			T []struct {
				Quantity              int
				Revenue, Cost, Profit string
			}
			PL struct {
				Revenue, CostOfGoods, GrossProfit, Net string
				GrossMarginPercent                     float64
			}
			I struct {
				Items []struct {
					Quantity int
					LowStock bool
				}
				TotalValueAtPrice string
			}
			L struct {
				Tiers             []struct{ Tier string }
				PointsOutstanding int
				TopCustomers      []struct{ Name string }
			}
			C []struct {
				Cashier  struct{ DisplayName string }
				NetSales string
			}
			M []struct{ Method, Amount string }
		}
		Errors []any
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	d := out.Data
	// 15:00Z is 11:00 EDT on the spring-forward day.
	if d.D.Date != "2026-03-08" || d.D.SaleCount != 1 || d.D.GrossSales != "7.50" || d.D.AverageBasket != "7.50" ||
		len(d.D.ByHour) != 23 || d.D.ByHour[10].Hour != 11 || d.D.ByHour[10].SaleCount != 1 ||
		len(d.D.ByPaymentMethod) != 1 || d.D.ByPaymentMethod[0].Method != "CASH" {
		t.Errorf("dailySalesSummary = %+v", d.D)
	}
	if len(d.R) != 23 || d.R[0].PeriodStart != "2026-03-08T00:00:00-05:00" {
		t.Errorf("salesReport = %+v", d.R)
	}
	if len(d.T) != 1 || d.T[0].Quantity != 3 || d.T[0].Revenue != "7.50" || d.T[0].Cost != "3.00" || d.T[0].Profit != "4.50" {
		t.Errorf("topProducts = %+v", d.T)
	}
	if d.PL.Revenue != "7.50" || d.PL.CostOfGoods != "3.00" || d.PL.GrossProfit != "4.50" || d.PL.GrossMarginPercent != 60 || d.PL.Net != "7.50" {
		t.Errorf("profitAndLoss = %+v", d.PL)
	}
	if len(d.I.Items) != 1 || !d.I.Items[0].LowStock || d.I.TotalValueAtPrice != "5.00" {
		t.Errorf("inventoryReport = %+v", d.I)
	}
	if len(d.L.Tiers) != 4 || d.L.PointsOutstanding != 40 || len(d.L.TopCustomers) != 1 {
		t.Errorf("loyaltyReport = %+v", d.L)
	}
	if len(d.C) != 1 || d.C[0].Cashier.DisplayName != "carol" || d.C[0].NetSales != "7.50" {
		t.Errorf("salesByCashier = %+v", d.C)
	}
	if len(d.M) != 1 || d.M[0].Amount != "7.50" {
		t.Errorf("salesByPaymentMethod = %+v", d.M)
	}
}
