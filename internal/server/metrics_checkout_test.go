package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/storetest"
)

// Real checkouts move the business counters on /metrics: one sale completed,
// one refused for want of stock.
func TestMetricsCountCheckoutsAndStockOuts(t *testing.T) {
	env := servertest.New(t, storetest.Open(t, "sqlite"))
	p := env.Product("Last one", "LAST-1", "2.50", 1)
	cashier := env.Token("cashier")
	const checkout = `mutation($p: ID!) { checkout(input: {items: [{productId: $p, quantity: 1}], payments: [{method: CASH, amount: "10.00"}]}) { id status } }`
	env.Must(cashier, checkout, map[string]any{"p": p.ID})
	if r := env.GraphQL(cashier, checkout, map[string]any{"p": p.ID}); r.Code() != "INSUFFICIENT_STOCK" {
		t.Fatalf("second checkout of the last unit: code %q, want INSUFFICIENT_STOCK", r.Code())
	}
	resp := env.Do(http.MethodGet, "/metrics", servertest.MetricsToken, nil)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{"pandac_checkouts_total 1\n", "pandac_stock_outs_total 1\n"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", strings.TrimSpace(want))
		}
	}
}
