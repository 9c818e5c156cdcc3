package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/storetest"
)

// A REST oversell is a stock-out on /metrics, as a GraphQL one is; a request
// refused for another reason is not.
func TestRESTStockOutIsMetered(t *testing.T) {
	env := servertest.New(t, storetest.Open(t, "sqlite"))
	p := env.Product("Last one", "LAST-REST", "2.50", 1)
	cashier := env.Token("cashier")
	do := func(path, body string, want int) map[string]any {
		t.Helper()
		res := env.Do("POST", path, cashier, strings.NewReader(body))
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		if res.StatusCode != want {
			t.Fatalf("POST %s: %d, want %d: %s", path, res.StatusCode, want, raw)
		}
		var out map[string]any
		_ = json.Unmarshal(raw, &out)
		return out
	}
	sale := do("/v1/sales/", `{"items": [{"product_id": "`+p.ID.String()+`", "quantity": 3}]}`, http.StatusOK)
	do("/v1/sales/"+sale["id"].(string)+"/payments", `{"payment_method": "barter", "amount": 5}`, http.StatusUnprocessableEntity)
	do("/v1/sales/"+sale["id"].(string)+"/payments", `{"payment_method": "cash", "amount": 100}`, http.StatusConflict)

	res := env.Do(http.MethodGet, "/metrics", servertest.MetricsToken, nil)
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	for _, want := range []string{"pandac_stock_outs_total 1\n", "pandac_checkouts_total 0\n"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", strings.TrimSpace(want))
		}
	}
}
