package pos

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// With a read replica every report runs all its statements, SQL and ent
// lookups alike, on the replica: the primary sees none. The answers equal
// those read from the primary once the standby has caught up.
func TestReportsReadOnlyFromReplica(t *testing.T) {
	db := storetest.OpenReplicated(t)
	sh := newShop(t, db)
	p := sh.product("pen", "1.99", 100)
	c := sh.customer(0)
	if _, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{CustomerID: &c.ID,
		Items: []ItemInput{{ProductID: p.ID, Quantity: 3}}, Payments: cash("20")}); err != nil {
		t.Fatal(err)
	}
	t.Logf("standby replayed the checkout in %v", storetest.WaitReplayed(t, db))

	var onPrimary atomic.Int64
	primary := ent.NewClient(ent.Driver(countingDriver{Driver: entsql.OpenDB(db.Dialect, db.SQL), n: &onPrimary}))
	store.GuardReads(primary)
	replicated := New(primary)
	replicated.ReadFrom(db.Replica.Client)

	from, to := time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	run := func(s *Service) []any {
		r := s.Reports()
		var out []any
		for _, f := range []func() (any, error){
			func() (any, error) { return r.DailySalesSummary(sh.ctx, "", "") },
			func() (any, error) {
				return r.SalesReport(sh.ctx, SalesReportInput{From: from, To: to, GroupBy: PeriodHour})
			},
			func() (any, error) { return r.SalesByPaymentMethod(sh.ctx, from, to) },
			func() (any, error) { return r.SalesByCashier(sh.ctx, from, to) },
			func() (any, error) { return r.TopProducts(sh.ctx, from, to, 10, RankByRevenue) },
			func() (any, error) { return r.ProfitAndLoss(sh.ctx, from, to) },
			func() (any, error) { return r.InventoryReport(sh.ctx, false) },
			func() (any, error) { return r.LoyaltyReport(sh.ctx, 5) },
			func() (any, error) {
				return r.SalesAnalytics(sh.ctx, AnalyticsRequest{From: from, To: to, Timezone: "UTC",
					GroupBy: []AnalyticsDimension{DimDay, DimCategory}, Measures: AnalyticsMeasures, WithTotals: true})
			},
		} {
			v, err := f()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, v)
		}
		return out
	}
	got := run(replicated)
	if n := onPrimary.Load(); n != 0 {
		t.Fatalf("reports sent %d statements to the primary, want 0", n)
	}
	want := run(sh.s)
	for i := range want {
		if g, w := asJSON(t, got[i]), asJSON(t, want[i]); g != w {
			t.Errorf("report %d from the replica = %s, from the primary %s", i, g, w)
		}
	}
	if pl := got[5].(*ProfitAndLoss); pl.SaleCount != 1 || pl.Revenue != 597 {
		t.Errorf("profit and loss from the replica: %+v, want the one sale of 5.97", pl)
	}

	// Inside a caller's transaction reports read in it, on the primary: a
	// standby cannot see what is not committed.
	err := store.InTx(sh.ctx, primary, func(ctx context.Context, tx *ent.Tx) error {
		onPrimary.Store(0)
		if _, err := replicated.Reports().ProfitAndLoss(ctx, from, to); err != nil {
			return err
		}
		if onPrimary.Load() == 0 {
			t.Error("a report inside a transaction did not read in it")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// asJSON is v's JSON: the figures and entities a report carries, without
// the ent client each entity holds (which differs between two clients).
func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
