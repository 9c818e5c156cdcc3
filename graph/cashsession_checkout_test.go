package graph_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// cwSale is the part of a Sale the cash session test reads.
type cwSale struct {
	ID            string `json:"id"`
	Status        string `json:"status"`
	Total         string `json:"total"`
	ChangeDue     string `json:"changeDue"`
	RefundedTotal string `json:"refundedTotal"`
	CashSessionID string `json:"cashSessionID"`
	Items         []struct {
		ID          string `json:"id"`
		ProductName string `json:"productName"`
	} `json:"items"`
	Payments []struct {
		Kind          string `json:"kind"`
		Method        string `json:"method"`
		Amount        string `json:"amount"`
		Tendered      string `json:"tendered"`
		CashSessionID string `json:"cashSessionID"`
	} `json:"payments"`
}

const cwSaleFields = `id status total changeDue refundedTotal cashSessionID items { id productName } payments { kind method amount tendered cashSessionID }`

// cwData decodes one field of a response that must have no errors.
func cwData[T any](t *testing.T, r servertest.Response, field string) T {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("%s: %+v", field, r.Errors)
	}
	var v T
	if err := json.Unmarshal(r.Data[field], &v); err != nil {
		t.Fatalf("decoding %s: %v", field, err)
	}
	return v
}

// TestGraphQLCashSessionThroughCheckouts is the shift through the
// real HTTP handler with a cashier's token: the same figures as the pos test
// TestCashSessionThroughRealCheckouts, with the store requiring sessions.
func TestGraphQLCashSessionThroughCheckouts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := servertest.New(t, db)
		for k, v := range map[string]string{pos.SettingTaxRate: "8", pos.SettingRequireCashSession: "true"} {
			if err := db.Client.Setting.Create().SetKey(k).SetValue(v).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		product := func(name, price string) string {
			p, q := money.MustParse(price), int64(50)
			prod, err := srv.POS.Catalogue().CreateProduct(ctx, pos.CreateProductRequest{Name: name, Sku: name, Price: &p}, pos.StockInput{Quantity: &q})
			if err != nil {
				t.Fatal(err)
			}
			return prod.ID.String()
		}
		coffee, bagel, mug := product("coffee", "3.50"), product("bagel", "2.25"), product("mug", "12.00")
		cashier := srv.Token("cashier")
		gql := func(query string, vars map[string]any) servertest.Response {
			return srv.GraphQL(cashier, query, vars)
		}
		const checkout = `mutation($in: CheckoutInput!) { checkout(input: $in) { ` + cwSaleFields + ` } }`
		sell := func(pay map[string]any, items ...map[string]any) map[string]any {
			return map[string]any{"in": map[string]any{"items": items, "payments": []any{pay}}}
		}
		line := func(id string, n int) map[string]any { return map[string]any{"productId": id, "quantity": n} }

		// The store requires a session: no cash before one is open.
		r := gql(checkout, sell(map[string]any{"method": "CASH", "amount": "20.00"}, line(coffee, 1)))
		if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Message != "open a cash session first" {
			t.Fatalf("cash before opening: %+v", r.Errors)
		}

		cs := cwData[struct {
			ID string `json:"id"`
		}](t, gql(`mutation { openCashSession(openingFloat: "200.00") { id } }`, nil), "openCashSession")

		// Sale 1: 2 coffee 7.00 + bagel 2.25 = 9.25, tax 0.74, total 9.99;
		// 20.00 cash tendered, 10.01 change.
		s1 := cwData[cwSale](t, gql(checkout, sell(map[string]any{"method": "CASH", "amount": "20.00"}, line(coffee, 2), line(bagel, 1))), "checkout")
		if s1.Total != "9.99" || s1.ChangeDue != "10.01" || s1.CashSessionID != cs.ID ||
			len(s1.Payments) != 1 || s1.Payments[0].Amount != "9.99" || s1.Payments[0].Tendered != "20.00" || s1.Payments[0].CashSessionID != cs.ID {
			t.Fatalf("sale 1: %+v", s1)
		}
		// Sale 2: mug 12.00 + 0.96 = 12.96 cash. Sale 3: 3 bagels 6.75 + 0.54 = 7.29 card.
		s2 := cwData[cwSale](t, gql(checkout, sell(map[string]any{"method": "CASH", "amount": "12.96"}, line(mug, 1))), "checkout")
		s3 := cwData[cwSale](t, gql(checkout, sell(map[string]any{"method": "CARD", "amount": "7.29"}, line(bagel, 3))), "checkout")
		if s2.Total != "12.96" || s3.Total != "7.29" || s2.CashSessionID != cs.ID || s3.CashSessionID != cs.ID {
			t.Fatalf("sales 2 and 3: %+v %+v", s2, s3)
		}
		// The bagel of sale 1 back in cash: 2.25 + 0.18 tax = 2.43.
		var bagelLine string
		for _, it := range s1.Items {
			if it.ProductName == "bagel" {
				bagelLine = it.ID
			}
		}
		rs := cwData[cwSale](t, gql(`mutation($in: RefundSaleInput!) { refundSale(input: $in) { `+cwSaleFields+` } }`,
			map[string]any{"in": map[string]any{"saleId": s1.ID, "items": []any{map[string]any{"saleItemId": bagelLine, "quantity": 1}}, "reason": "stale"}}), "refundSale")
		refunds := 0
		for _, p := range rs.Payments {
			if p.Kind == "REFUND" && p.Method == "CASH" && p.Amount == "2.43" && p.CashSessionID == cs.ID {
				refunds++
			}
		}
		if rs.RefundedTotal != "2.43" || rs.Status != "PARTIALLY_REFUNDED" || len(rs.Payments) != 2 || refunds != 1 {
			t.Fatalf("refund: %+v", rs)
		}
		cwData[map[string]any](t, gql(`mutation { recordCashMovement(input: {kind: PAID_OUT, amount: "15.00", reason: "window cleaner"}) { id } }`, nil), "recordCashMovement")

		// 200.00 + 9.99 + 12.96 - 2.43 - 15.00 = 205.52 expected; 205.00
		// counted: 0.52 short.
		closed := cwData[struct {
			Status       string         `json:"status"`
			ExpectedCash string         `json:"expectedCash"`
			CountedCash  string         `json:"countedCash"`
			Difference   string         `json:"difference"`
			ZReport      map[string]any `json:"zReport"`
		}](t, gql(`mutation { closeCashSession(countedCash: "205.00") { status expectedCash countedCash difference zReport } }`, nil), "closeCashSession")
		if closed.Status != "CLOSED" || closed.ExpectedCash != "205.52" || closed.CountedCash != "205.00" || closed.Difference != "-0.52" {
			t.Fatalf("closed: %+v", closed)
		}
		z := closed.ZReport
		for k, want := range map[string]string{"openingFloat": "200.00", "cashSales": "22.95", "cashRefunds": "2.43", "paidIn": "0.00",
			"paidOut": "15.00", "expectedCash": "205.52", "countedCash": "205.00", "difference": "-0.52", "taxes": "2.24"} {
			if z[k] != want {
				t.Errorf("zReport.%s = %v, want %s", k, z[k], want)
			}
		}
		if s := z["sales"].(map[string]any); s["count"] != float64(3) || s["total"] != "30.24" {
			t.Errorf("zReport.sales = %v, want 3 sales totalling 30.24", s)
		}
		if rf := z["refunds"].(map[string]any); rf["count"] != float64(1) || rf["amount"] != "2.43" {
			t.Errorf("zReport.refunds = %v", rf)
		}
		// 3 SALE payments and 1 REFUND payment in the session.
		n := cwData[struct {
			TotalCount int `json:"totalCount"`
		}](t, gql(`query($id: ID!) { payments(where: {cashSessionID: $id}) { totalCount } }`, map[string]any{"id": cs.ID}), "payments")
		if n.TotalCount != 4 {
			t.Fatalf("%d payments in the session, want 4", n.TotalCount)
		}
		// Closed again: cash is refused once more.
		if r := gql(checkout, sell(map[string]any{"method": "CASH", "amount": "5"}, line(coffee, 1))); r.Code() != "BAD_USER_INPUT" {
			t.Fatalf("cash after the close: %+v", r.Errors)
		}
	})
}
