package pos

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// explainSales is the size of the data set the plans are checked on.
const explainSales = 3000

// seedMany writes explainSales completed sales spread over 2026 (one every
// 175 minutes), each with two lines and a payment, plus some voided ones.
func seedMany(t *testing.T, c *ent.Client) {
	t.Helper()
	ctx := context.Background()
	var products []*ent.Product
	for i := range 20 {
		p := c.Product.Create().SetName(fmt.Sprintf("P%02d", i)).SetSku(fmt.Sprintf("SKU%02d", i)).
			SetPrice(money.Amount(100 + i)).SetCost(money.Amount(40 + i)).SaveX(ctx)
		c.Inventory.Create().SetProductID(p.ID).SetQuantity(int64(i * 3)).SetReorderLevel(10).SaveX(ctx)
		products = append(products, p)
	}
	for i := range 200 {
		c.Customer.Create().SetName(fmt.Sprintf("C%03d", i)).SetLoyaltyPoints(int64(i * 7)).SaveX(ctx)
	}
	u := c.User.Create().SetUsername("till1").SetPasswordHash("x").SaveX(ctx)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const chunk = 500
	for base := 0; base < explainSales; base += chunk {
		sales := make([]*ent.SaleCreate, 0, chunk)
		for i := base; i < base+chunk; i++ {
			st := sale.StatusCOMPLETED
			if i%25 == 0 {
				st = sale.StatusVOIDED
			}
			sales = append(sales, c.Sale.Create().SetStatus(st).SetCashierID(u.ID).
				SetCompletedAt(start.Add(time.Duration(i)*175*time.Minute)).
				SetSubtotal(300).SetTaxTotal(24).SetTotal(324))
		}
		saved := c.Sale.CreateBulk(sales...).SaveX(ctx)
		items := make([]*ent.SaleItemCreate, 0, 2*chunk)
		pays := make([]*ent.PaymentCreate, 0, chunk)
		for i, s := range saved {
			for j := range 2 {
				p := products[(i+j*7)%len(products)]
				items = append(items, c.SaleItem.Create().SetSaleID(s.ID).SetProductID(p.ID).
					SetQuantity(int64(1+j)).SetUnitPrice(100).SetUnitCost(40).SetSubtotal(money.Amount(100*(1+j))))
			}
			pays = append(pays, c.Payment.Create().SetSaleID(s.ID).SetMethod(payment.MethodCARD).SetAmount(324).SetPaidAt(*s.CompletedAt))
		}
		c.SaleItem.CreateBulk(items...).ExecX(ctx)
		c.Payment.CreateBulk(pays...).ExecX(ctx)
	}
}

// TestReportQueryPlans runs every report over a few thousand sales, then
// EXPLAINs each statement it issued, logs the plan (go test -v shows it) and
// checks that the sales, lines and payments are reached through indexes, not
// read whole.
func TestReportQueryPlans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedMany(t, db.Client)
		svc := New(db.Client)
		pg := db.Dialect == "postgres"
		// Fresh statistics, as autovacuum (PostgreSQL) or PRAGMA optimize
		// (SQLite) would have gathered on a live database.
		if _, err := db.SQL.ExecContext(ctx, "ANALYZE"); err != nil {
			t.Fatal(err)
		}

		type stmt struct {
			name string
			sql  string
			args []any
		}
		var stmts []stmt
		current := ""
		queryObserver = func(q string, args []any) { stmts = append(stmts, stmt{current, q, args}) }
		defer func() { queryObserver = nil }()

		// A week in March and one day: a small slice of the year, as
		// dashboards ask for.
		from, to := time.Date(2026, 3, 2, 5, 0, 0, 0, time.UTC), time.Date(2026, 3, 9, 4, 0, 0, 0, time.UTC)
		run := func(name string, f func() error) {
			current = name
			started := time.Now()
			if err := f(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			t.Logf("%s: %s", name, time.Since(started).Round(time.Microsecond))
		}
		run("dailySalesSummary", func() error {
			_, err := svc.Reports().DailySalesSummary(ctx, "2026-03-08", "America/New_York")
			return err
		})
		run("salesReport HOUR", func() error {
			_, err := svc.Reports().SalesReport(ctx, SalesReportInput{From: from, To: to, GroupBy: PeriodHour, Timezone: "America/New_York"})
			return err
		})
		run("salesReport DAY", func() error {
			_, err := svc.Reports().SalesReport(ctx, SalesReportInput{From: from, To: to, GroupBy: PeriodDay, Timezone: "America/New_York"})
			return err
		})
		run("topProducts", func() error { _, err := svc.Reports().TopProducts(ctx, from, to, 10, RankByRevenue); return err })
		run("profitAndLoss", func() error { _, err := svc.Reports().ProfitAndLoss(ctx, from, to); return err })
		run("salesByCashier", func() error { _, err := svc.Reports().SalesByCashier(ctx, from, to); return err })
		run("salesByPaymentMethod", func() error { _, err := svc.Reports().SalesByPaymentMethod(ctx, from, to); return err })
		run("inventoryReport", func() error { _, err := svc.Reports().InventoryReport(ctx, true); return err })
		run("loyaltyReport", func() error { _, err := svc.Reports().LoyaltyReport(ctx, 10); return err })
		queryObserver = nil

		explain := "EXPLAIN QUERY PLAN "
		if pg {
			explain = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "
		}
		// The sales range must always come through an index. Lines and
		// payments are joined by sale id: at this size PostgreSQL may rightly
		// prefer hashing the whole (small) table, so on PostgreSQL the plan is
		// also taken with sequential scans disabled, which proves an index
		// can serve the join once the tables grow.
		for _, s := range stmts {
			plan := explainPlan(t, db.SQL, "", explain+s.sql, s.args)
			t.Logf("%s\n%s\n%s", s.name, s.sql, plan)
			if s.name == "inventoryReport" || s.name == "loyaltyReport" {
				continue // these read every product or customer on purpose
			}
			checkNoFullScan(t, s.name, plan, pg, "pos_sales")
			if pg {
				forced := explainPlan(t, db.SQL, "SET enable_seqscan = off", explain+s.sql, s.args)
				t.Logf("%s, sequential scans disabled:\n%s", s.name, forced)
				checkNoFullScan(t, s.name+" (seqscan off)", forced, pg, "pos_sales", "pos_sale_items", "payments")
			} else {
				checkNoFullScan(t, s.name, plan, pg, "pos_sale_items", "payments")
			}
		}
	})
}

// aliases are the names the report SQL gives its tables; SQLite's plans
// speak of aliases, PostgreSQL's of "table alias".
var aliases = map[string]string{"pos_sales": "s", "pos_sale_items": "i", "payments": "p"}

func checkNoFullScan(t *testing.T, name, plan string, pg bool, tables ...string) {
	t.Helper()
	for _, table := range tables {
		for _, line := range strings.Split(plan, "\n") {
			line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "->"))
			full := pg && strings.HasPrefix(line, "Seq Scan on "+table+" ")
			if !pg {
				full = line == "SCAN "+aliases[table] || strings.HasPrefix(line, "SCAN "+aliases[table]+" ")
			}
			if full {
				t.Errorf("%s reads %s whole:\n%s", name, table, plan)
			}
		}
	}
}

// explainPlan runs q (after setup, on the same connection) and returns the
// plan text.
func explainPlan(t *testing.T, db *sql.DB, setup, q string, args []any) string {
	t.Helper()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if setup != "" {
		if _, err := conn.ExecContext(ctx, setup); err != nil {
			t.Fatal(err)
		}
		defer conn.ExecContext(ctx, "RESET ALL") //nolint:errcheck // best effort; the pool is the test's own
	}
	rows, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		t.Fatalf("explain: %v\n%s", err, q)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(vals[len(vals)-1]))
	}
	return strings.Join(out, "\n")
}
