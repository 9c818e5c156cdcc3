package graph_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pandac/pandac/ent/inventory"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

type gqlResponse = servertest.Response

// post runs a GraphQL operation as a cashier.
func post(t *testing.T, env *servertest.Env, query string, vars map[string]any) gqlResponse {
	t.Helper()
	return env.GraphQL(env.Token("cashier"), query, vars)
}

type saleJSON struct {
	ID            string `json:"id"`
	Status        string `json:"status"`
	Subtotal      string `json:"subtotal"`
	TaxTotal      string `json:"taxTotal"`
	Total         string `json:"total"`
	ChangeDue     string `json:"changeDue"`
	RefundedTotal string `json:"refundedTotal"`
	Receipt       string `json:"receipt"`
	Items         []struct {
		ID       string `json:"id"`
		Quantity int    `json:"quantity"`
	} `json:"items"`
}

const saleFields = `id status subtotal taxTotal total changeDue refundedTotal receipt items { id quantity }`

func saleOf(t *testing.T, r gqlResponse, field string) saleJSON {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("%s: %+v", field, r.Errors)
	}
	var s saleJSON
	if err := json.Unmarshal(r.Data[field], &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func errCode(r gqlResponse) string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

func TestSellingGraphQL(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := servertest.New(t, db)
		svc := srv.POS
		if err := db.Client.Setting.Create().SetKey("tax_rate").SetValue("8.875").Exec(ctx); err != nil {
			t.Fatal(err)
		}
		qty := int64(5)
		price := money.MustParse("0.33")
		p, err := svc.Catalogue().CreateProduct(ctx, pos.CreateProductRequest{Name: "Lemon", Sku: "LEM", Price: &price}, pos.StockInput{Quantity: &qty})
		if err != nil {
			t.Fatal(err)
		}
		// The cashier works a till: refunds and voids without a manager are
		// for sales of her own open cash session.
		if r := post(t, srv, `mutation { openCashSession(openingFloat: "50.00") { id } }`, nil); len(r.Errors) > 0 {
			t.Fatalf("openCashSession: %+v", r.Errors)
		}
		checkout := `mutation($in: CheckoutInput!) { checkout(input: $in) { ` + saleFields + ` } }`
		in := map[string]any{"idempotencyKey": "gql-1", "items": []any{map[string]any{"productId": p.ID, "quantity": 3}},
			"payments": []any{map[string]any{"method": "CASH", "amount": "5"}}}
		s := saleOf(t, post(t, srv, checkout, map[string]any{"in": in}), "checkout")
		// 0.99 x 8.875% = 0.0878625 -> 0.09.
		if s.Status != "COMPLETED" || s.Subtotal != "0.99" || s.TaxTotal != "0.09" || s.Total != "1.08" || s.ChangeDue != "3.92" {
			t.Fatalf("checkout: %+v", s)
		}
		if !strings.Contains(s.Receipt, "Lemon") || !strings.Contains(s.Receipt, "Change") {
			t.Fatalf("receipt:\n%s", s.Receipt)
		}
		again := saleOf(t, post(t, srv, checkout, map[string]any{"in": in}), "checkout")
		if again.ID != s.ID {
			t.Fatalf("replay created sale %s, first was %s", again.ID, s.ID)
		}
		in["items"] = []any{map[string]any{"productId": p.ID, "quantity": 1}}
		if c := errCode(post(t, srv, checkout, map[string]any{"in": in})); c != "CONFLICT" {
			t.Fatalf("reused key: code %q", c)
		}
		in["idempotencyKey"] = "gql-2"
		in["items"] = []any{map[string]any{"productId": p.ID, "quantity": 3}}
		r := post(t, srv, checkout, map[string]any{"in": in})
		if errCode(r) != "INSUFFICIENT_STOCK" || r.Errors[0].Extensions["available"] != float64(2) {
			t.Fatalf("oversell: %+v", r.Errors)
		}

		refund := `mutation($in: RefundSaleInput!) { refundSale(input: $in) { ` + saleFields + ` } }`
		rs := saleOf(t, post(t, srv, refund, map[string]any{"in": map[string]any{"saleId": s.ID, "idempotencyKey": "rf-1",
			"items": []any{map[string]any{"saleItemId": s.Items[0].ID, "quantity": 1}}, "reason": "bruised"}}), "refundSale")
		if rs.Status != "PARTIALLY_REFUNDED" || rs.RefundedTotal != "0.36" {
			t.Fatalf("refund: %+v", rs)
		}
		void := `mutation($id: ID!, $reason: String!) { voidSale(id: $id, reason: $reason) { ` + saleFields + ` } }`
		if r := post(t, srv, void, map[string]any{"id": s.ID, "reason": "x"}); errCode(r) != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "PARTIALLY_REFUNDED") {
			t.Fatalf("void of refunded sale: %+v", r.Errors)
		}
		s2 := saleOf(t, post(t, srv, checkout, map[string]any{"in": map[string]any{"items": []any{map[string]any{"productId": p.ID, "quantity": 2}},
			"payments": []any{map[string]any{"method": "CARD", "amount": "0.72"}}}}), "checkout")
		v := saleOf(t, post(t, srv, void, map[string]any{"id": s2.ID, "reason": "wrong item"}), "voidSale")
		if v.Status != "VOIDED" {
			t.Fatalf("void: %+v", v)
		}
		inv := db.Client.Inventory.Query().Where(inventory.ProductID(p.ID)).OnlyX(ctx)
		// 5 - 3 sold + 1 restocked - 2 sold + 2 voided.
		if inv.Quantity != 3 {
			t.Fatalf("stock %d, want 3", inv.Quantity)
		}
	})
}
