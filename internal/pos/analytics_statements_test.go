package pos

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestAnalyticsStatements: a salesAnalytics call given its zone is one
// statement whatever the grain, the dimensions and the number of rows, with
// totals or without; no per-row or per-group follow-up reads.
func TestAnalyticsStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var n atomic.Int64
		client := ent.NewClient(ent.Driver(countingDriver{Driver: entsql.OpenDB(db.Dialect, db.SQL), n: &n}))
		sh := newShop(t, db)
		sh.s = New(client)
		for i := range 3 {
			p := sh.product("p"+string(rune('a'+i)), "1.00", 100)
			if _, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: []ItemInput{{ProductID: p.ID, Quantity: 2}}, Payments: cash("5")}); err != nil {
				t.Fatal(err)
			}
		}
		from, to := time.Now().Add(-48*time.Hour), time.Now().Add(time.Hour)
		for _, req := range []AnalyticsRequest{
			{GroupBy: []AnalyticsDimension{DimDay}, Measures: AnalyticsMeasures, WithTotals: true},
			{GroupBy: []AnalyticsDimension{DimProduct, DimHour}, Measures: []AnalyticsMeasure{MeasureUnits, MeasureNet}, WithTotals: true},
			{GroupBy: []AnalyticsDimension{DimPaymentMethod, DimCustomer}, Measures: []AnalyticsMeasure{MeasureNet}},
			{GroupBy: []AnalyticsDimension{DimSupplier, DimCashier}, Measures: []AnalyticsMeasure{MeasureMargin}},
			{Measures: []AnalyticsMeasure{MeasureSaleCount}},
		} {
			req.From, req.To, req.Timezone = from, to, "Europe/London"
			n.Store(0)
			r, err := sh.s.Reports().SalesAnalytics(ctx, req)
			if err != nil {
				t.Fatalf("%v: %v", req.GroupBy, err)
			}
			if got := n.Load(); got != 1 {
				t.Errorf("%v x %v (%d rows): %d statements, want 1", req.GroupBy, req.Measures, len(r.Rows), got)
			}
			if len(r.Rows) == 0 {
				t.Errorf("%v: no rows", req.GroupBy)
			}
		}
	})
}
