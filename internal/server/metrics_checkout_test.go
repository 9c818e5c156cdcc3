package server_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/storetest"
)

// Real checkouts move the business counters on /metrics: one sale completed,
// one refused for want of stock.
func TestMetricsCountCheckoutsAndStockOuts(t *testing.T) {
	env := servertest.New(t, storetest.Open(t, "sqlite"))
	one := int64(1)
	price := money.MustParse("2.50")
	p, err := env.POS.CreateProduct(context.Background(), ent.CreateProductInput{Name: "Last one", Sku: "LAST-1", Price: &price}, pos.StockInput{Quantity: &one})
	if err != nil {
		t.Fatal(err)
	}
	cashier := env.Token("cashier")
	const checkout = `mutation($p: ID!) { checkout(input: {items: [{productId: $p, quantity: 1}], payments: [{method: CASH, amount: "10.00"}]}) { id status } }`
	env.Must(cashier, checkout, map[string]any{"p": p.ID})
	if r := env.GraphQL(cashier, checkout, map[string]any{"p": p.ID}); r.Code() != string(pos.CodeInsufficientStock) {
		t.Fatalf("second checkout of the last unit: code %q, want INSUFFICIENT_STOCK", r.Code())
	}
	resp, err := http.Get(env.Server.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{"pandac_checkouts_total 1\n", "pandac_stock_outs_total 1\n"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", strings.TrimSpace(want))
		}
	}
}
