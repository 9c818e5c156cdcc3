package server_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

const analyticsQuery = `query($in: SalesAnalyticsInput!) { salesAnalytics(input: $in) {
	rows { keys { dimension label periodStart product { name } cashier { displayName } } values { measure amount count percent } }
	totals { measure amount count percent } emptyCells } }`

// analyticsResult is the part of a salesAnalytics answer the tests read.
type analyticsResult struct {
	Rows []struct {
		Keys []struct {
			Label   string
			Product *struct{ Name string }
		}
		Values []struct {
			Measure string
			Amount  *string
			Count   *int
		}
	}
	Totals []struct {
		Measure string
		Amount  *string
	}
}

func decodeAnalytics(t *testing.T, r servertest.Response) analyticsResult {
	t.Helper()
	var out analyticsResult
	if err := json.Unmarshal(r.Data["salesAnalytics"], &out); err != nil {
		t.Fatalf("decoding %s: %v", r.Data["salesAnalytics"], err)
	}
	return out
}

// TestAnalyticsAPI drives salesAnalytics and /v1/analytics through the real
// server: roles and the table's value rules, the where checks on the
// filter, bad input as 4xx with a message, the cost extension, JSON and CSV.
func TestAnalyticsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := servertest.New(t, db)
		ctx := context.Background()
		pen := env.Product("Pen", "PEN", "2.00", 100)
		for _, qty := range []int64{1, 3} {
			if _, err := env.POS.Selling().Checkout(ctx, pos.CheckoutInput{Items: []pos.ItemInput{{ProductID: pen.ID, Quantity: qty}},
				Payments: []pos.PaymentInput{{Method: payment.MethodCASH, Amount: money.MustParse("50")}}}); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Client.Role.Create().SetName("auditor").SetPermissions([]string{"reports"}).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		from, to := time.Now().UTC().Add(-24*time.Hour).Format(time.RFC3339), time.Now().UTC().Add(time.Hour).Format(time.RFC3339)
		in := func(groupBy []string, measures ...string) map[string]any {
			return map[string]any{"from": from, "to": to, "timezone": "UTC", "groupBy": groupBy, "measures": measures, "withTotals": true}
		}

		// A manager sees everything, entities included.
		r := env.GraphQL(env.Token("manager"), analyticsQuery, map[string]any{"in": in([]string{"PRODUCT"}, "UNITS", "NET", "COST_OF_GOODS", "MARGIN")})
		if len(r.Errors) > 0 {
			t.Fatalf("manager: %+v", r.Errors)
		}
		a := decodeAnalytics(t, r)
		if len(a.Rows) != 1 || a.Rows[0].Keys[0].Product == nil || a.Rows[0].Keys[0].Product.Name != "Pen" ||
			*a.Rows[0].Values[0].Count != 4 || *a.Rows[0].Values[1].Amount != "8.00" || *a.Totals[1].Amount != "8.00" {
			t.Errorf("manager PRODUCT: %s", r.Data["salesAnalytics"])
		}

		// A cashier sells, so may ask NET by DAY, but not cost-based measures.
		if r := env.GraphQL(env.Token("cashier"), analyticsQuery, map[string]any{"in": in([]string{"DAY"}, "NET")}); len(r.Errors) > 0 {
			t.Errorf("cashier NET by DAY: %+v", r.Errors)
		}
		for _, m := range []string{"COST_OF_GOODS", "GROSS_PROFIT", "MARGIN"} {
			r := env.GraphQL(env.Token("cashier"), analyticsQuery, map[string]any{"in": in([]string{"DAY"}, "NET", m)})
			if r.Code() != "FORBIDDEN" || !strings.Contains(r.Errors[0].Message, m) || r.Data["salesAnalytics"] != nil && string(r.Data["salesAnalytics"]) != "null" {
				t.Errorf("cashier asking %s: %s %+v", m, r.Data["salesAnalytics"], r.Errors)
			}
		}
		// A reports-only role may not group by what it may not read.
		r = env.GraphQL(env.Token("auditor"), analyticsQuery, map[string]any{"in": in([]string{"PRODUCT"}, "NET")})
		if r.Code() != "FORBIDDEN" || !strings.Contains(r.Errors[0].Message, "PRODUCT") {
			t.Errorf("auditor grouping by PRODUCT: %+v", r.Errors)
		}
		// A plain user may not call it at all; nor anyone anonymous.
		if r := env.GraphQL(env.Token("user"), analyticsQuery, map[string]any{"in": in([]string{}, "NET")}); r.Code() != "FORBIDDEN" {
			t.Errorf("user: %+v", r.Errors)
		}
		if r := env.GraphQL("", analyticsQuery, map[string]any{"in": in([]string{}, "NET")}); r.Code() != "UNAUTHENTICATED" {
			t.Errorf("anonymous: %+v", r.Errors)
		}
		// The nested where-input gets the where checks: a cashier may not
		// filter lines on their cost.
		f := in([]string{"DAY"}, "NET")
		f["filter"] = map[string]any{"line": map[string]any{"unitCostGT": "0"}}
		if r := env.GraphQL(env.Token("cashier"), analyticsQuery, map[string]any{"in": f}); r.Code() != "FORBIDDEN" || !strings.Contains(r.Errors[0].Message, "unitCost") {
			t.Errorf("cashier filtering on unitCost: %+v", r.Errors)
		}
		f["filter"] = map[string]any{"line": map[string]any{"quantityGT": 2}, "sale": map[string]any{"status": "COMPLETED"}}
		if r := env.GraphQL(env.Token("cashier"), analyticsQuery, map[string]any{"in": f}); len(r.Errors) > 0 || !strings.Contains(string(r.Data["salesAnalytics"]), `"6.00"`) {
			t.Errorf("cashier filtering on quantity: %s %+v", r.Data["salesAnalytics"], r.Errors)
		}

		// Bad input: 4xx with a message naming the problem, never 5xx.
		for name, mut := range map[string]func(m map[string]any){
			"from >= to":   func(m map[string]any) { m["to"] = m["from"] },
			"unknown zone": func(m map[string]any) { m["timezone"] = "Mars/Olympus" },
			"3 dimensions": func(m map[string]any) { m["groupBy"] = []string{"DAY", "CASHIER", "CUSTOMER"} },
			"no measures":  func(m map[string]any) { m["measures"] = []string{} },
		} {
			v := in([]string{"DAY"}, "NET")
			mut(v)
			r := env.GraphQL(env.Token("manager"), analyticsQuery, map[string]any{"in": v})
			if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Message == "" {
				t.Errorf("GraphQL %s: %+v", name, r.Errors)
			}
			body, _ := json.Marshal(v)
			res := env.Do("POST", "/v1/analytics", env.Token("manager"), strings.NewReader(string(body)))
			msg, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 422 || !strings.Contains(string(msg), "detail") {
				t.Errorf("REST %s: %d %s", name, res.StatusCode, msg)
			}
		}
		res := env.Do("GET", "/v1/analytics?from="+from+"&to="+from+"&measures=NET", env.Token("manager"), nil)
		if res.StatusCode != 422 {
			t.Errorf("GET from=to: %d", res.StatusCode)
		}
		res.Body.Close()

		// The cost grows with the span and the dimensions.
		cost := func(v map[string]any) float64 {
			body, _ := json.Marshal(map[string]any{"query": analyticsQuery, "variables": map[string]any{"in": v}})
			res := env.Do("POST", "/graphql", env.Token("manager"), strings.NewReader(string(body)))
			defer res.Body.Close()
			var out struct {
				Extensions struct {
					Cost struct{ RequestedQueryCost float64 }
				}
			}
			_ = json.NewDecoder(res.Body).Decode(&out)
			return out.Extensions.Cost.RequestedQueryCost
		}
		small := cost(in([]string{"DAY"}, "NET"))
		year := in([]string{"DAY", "CATEGORY"}, "NET")
		year["from"] = time.Now().UTC().AddDate(-1, 0, 0).Format(time.RFC3339)
		if big := cost(year); small == 0 || big <= small+30 {
			t.Errorf("cost of a day by DAY %v, of a year by DAY x CATEGORY %v", small, big)
		}

		// REST: JSON by default, CSV when asked, for GET and POST.
		url := "/v1/analytics?from=" + from + "&to=" + to + "&groupBy=PRODUCT&measures=UNITS,NET&withTotals=true"
		res = env.Do("GET", url, env.Token("manager"), nil)
		var view struct {
			Rows []struct {
				Keys   map[string]string
				Values map[string]any
			}
			Totals map[string]any
		}
		if err := json.NewDecoder(res.Body).Decode(&view); err != nil || res.StatusCode != 200 {
			t.Fatalf("GET JSON: %d %v", res.StatusCode, err)
		}
		res.Body.Close()
		if len(view.Rows) != 1 || view.Rows[0].Keys["PRODUCT"] != "Pen" || view.Rows[0].Values["NET"] != "8.00" || view.Totals["UNITS"] != float64(4) {
			t.Errorf("GET JSON: %+v", view)
		}
		req, _ := http.NewRequest("GET", env.Server.URL+url, nil)
		req.Header.Set("Authorization", "Bearer "+env.Token("manager"))
		req.Header.Set("Accept", "text/csv")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		records, err := csv.NewReader(res.Body).ReadAll()
		res.Body.Close()
		if err != nil || strings.Join(records[0], ",") != "PRODUCT,UNITS,NET" || strings.Join(records[1], ",") != "Pen,4,8.00" || strings.Join(records[2], ",") != "(total),4,8.00" {
			t.Errorf("GET CSV: %v %v", records, err)
		}
		body, _ := json.Marshal(in([]string{"DAY"}, "SALE_COUNT"))
		res = env.Do("POST", "/v1/analytics", env.Token("cashier"), strings.NewReader(string(body)))
		if b, _ := io.ReadAll(res.Body); res.StatusCode != 200 || !strings.Contains(string(b), `"SALE_COUNT":2`) {
			t.Errorf("POST JSON: %d %s", res.StatusCode, b)
		}
		res.Body.Close()
		body, _ = json.Marshal(in([]string{"DAY"}, "MARGIN"))
		res = env.Do("POST", "/v1/analytics", env.Token("cashier"), strings.NewReader(string(body)))
		if res.StatusCode != 403 {
			t.Errorf("POST MARGIN as cashier: %d", res.StatusCode)
		}
		res.Body.Close()
	})
}

// TestAnalyticsRowLimit: 10,001 groups is a clear BAD_USER_INPUT (422 over
// REST), never a silent cut; an explicit limit cuts.
func TestAnalyticsRowLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := servertest.New(t, db)
		ctx := context.Background()
		// One sale in each of 10,001 (day, hour) cells.
		base := time.Date(2025, 1, 1, 0, 30, 0, 0, time.UTC)
		n := pos.MaxAnalyticsRows + 1
		for lo := 0; lo < n; lo += 1000 {
			var bulk []*ent.SaleCreate
			for i := lo; i < min(lo+1000, n); i++ {
				bulk = append(bulk, db.Client.Sale.Create().SetStatus(sale.StatusCOMPLETED).SetSubtotal(100).SetTotal(100).
					SetCompletedAt(base.Add(time.Duration(i)*time.Hour)))
			}
			if err := db.Client.Sale.CreateBulk(bulk...).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		from, to := base.Add(-time.Hour).Format(time.RFC3339), base.AddDate(2, 0, 0).Format(time.RFC3339)
		v := map[string]any{"from": from, "to": to, "timezone": "UTC", "groupBy": []string{"DAY", "HOUR_OF_DAY"}, "measures": []string{"SALE_COUNT"}}
		q := `query($in: SalesAnalyticsInput!) { salesAnalytics(input: $in) { rows { values { count } } } }`
		r := env.GraphQL(env.Token("manager"), q, map[string]any{"in": v})
		if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "10000") {
			t.Errorf("10,001 rows: %+v", r.Errors)
		}
		res := env.Do("GET", "/v1/analytics?from="+from+"&to="+to+"&groupBy=DAY,HOUR_OF_DAY&measures=SALE_COUNT", env.Token("manager"), nil)
		if res.StatusCode != 422 {
			t.Errorf("REST 10,001 rows: %d", res.StatusCode)
		}
		res.Body.Close()
		v["limit"] = 10000
		r = env.GraphQL(env.Token("manager"), q, map[string]any{"in": v})
		var out struct{ Rows []any }
		_ = json.Unmarshal(r.Data["salesAnalytics"], &out)
		if len(r.Errors) > 0 || len(out.Rows) != 10000 {
			t.Errorf("limit 10000: %d rows, %+v", len(out.Rows), r.Errors)
		}
	})
}
