package rest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/storetest"
)

func TestProductCRUDAndMoney(t *testing.T) {
	c := newClient(t, storetest.Open(t, "sqlite"))
	p := c.must(201, "POST", "/v1/products/", map[string]any{"name": "Mug", "price": 34.99, "stock_quantity": 5, "surprise": true}).obj(t)
	if !strings.Contains(string(c.must(200, "GET", "/v1/products/"+p["id"].(string), nil).Body), `"price":34.99`) {
		t.Fatalf("price not written as 34.99")
	}
	if p["stock_quantity"] != float64(5) {
		t.Fatalf("stock_quantity = %v, want 5", p["stock_quantity"])
	}
	// Without the trailing slash too, and no redirect.
	list := c.must(200, "GET", "/v1/products", nil).json(t).([]any)
	if len(list) != 1 {
		t.Fatalf("listed %d products, want 1", len(list))
	}
	up := c.must(200, "PUT", "/v1/products/"+p["id"].(string)+"/", map[string]any{"price": "12.50"}).obj(t)
	if up["price"] != 12.5 || up["name"] != "Mug" {
		t.Fatalf("update: %v", up)
	}
	c.must(200, "DELETE", "/v1/products/"+p["id"].(string), nil)
	c.must(404, "GET", "/v1/products/"+uuid.NewString(), nil)
}

func TestValidationErrors(t *testing.T) {
	c := newClient(t, storetest.Open(t, "sqlite"))
	cases := []struct {
		name, method, path string
		body               any
		loc                string
	}{
		{"malformed json", "POST", "/v1/products/", `{"name": "x", `, `["body",0]`},
		{"array body", "POST", "/v1/products/", `[1,2]`, `["body"]`},
		{"missing field", "POST", "/v1/products/", map[string]any{"name": "x"}, `["body","price"]`},
		{"wrong type", "POST", "/v1/products/", map[string]any{"name": 5, "price": 1}, `["body","name"]`},
		{"negative price", "POST", "/v1/products/", map[string]any{"name": "x", "price": -1}, `["body","price"]`},
		{"three decimals", "POST", "/v1/products/", map[string]any{"name": "x", "price": 1.005}, `["body","price"]`},
		{"huge price", "POST", "/v1/products/", map[string]any{"name": "x", "price": 1e300}, `["body","price"]`},
		{"negative stock", "POST", "/v1/products/", map[string]any{"name": "x", "price": 1, "stock_quantity": -3}, `["body","stock_quantity"]`},
		{"bad path uuid", "GET", "/v1/products/not-a-uuid", nil, `["path","product_id"]`},
		{"bad body uuid", "POST", "/v1/products/", map[string]any{"name": "x", "price": 1, "discount_id": "nope"}, `["body","discount_id"]`},
		{"short contact", "POST", "/v1/customers/", map[string]any{"name": "x", "contact_info": "123"}, `["body","contact_info"]`},
		{"bad skip", "GET", "/v1/products/?skip=-1", nil, `["query","skip"]`},
		{"limit not int", "GET", "/v1/customers/?limit=abc", nil, `["query","limit"]`},
		{"zero sale quantity", "POST", "/v1/sales/", map[string]any{"items": []any{map[string]any{"product_id": uuid.NewString(), "quantity": 0}}}, `["body","items",0,"quantity"]`},
		{"restock without quantity", "POST", "/v1/inventory/restock/" + uuid.NewString(), nil, `["query","quantity"]`},
		{"bad enum", "POST", "/v1/discounts/", map[string]any{"name": "x", "type": "bogus", "value": 1}, `["body","type"]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.on(t).must(422, tc.method, tc.path, tc.body)
			if !strings.Contains(string(r.Body), `"loc":`+tc.loc) {
				t.Fatalf("want loc %s in %s", tc.loc, r.Body)
			}
			d := r.obj(t)["detail"].([]any)[0].(map[string]any)
			if d["msg"] == "" || d["type"] == "" {
				t.Fatalf("detail without msg/type: %v", d)
			}
		})
	}
}

func TestAuthErrors(t *testing.T) {
	c := newClient(t, storetest.Open(t, "sqlite"))
	r := c.as("").must(401, "GET", "/v1/products/", nil)
	if r.Header.Get("WWW-Authenticate") != "Bearer" {
		t.Fatalf("401 without WWW-Authenticate: %v", r.Header)
	}
	if r.obj(t)["detail"] != "Not authenticated" {
		t.Fatalf("detail: %s", r.Body)
	}
	r = c.as("not.a.token").must(401, "GET", "/v1/products/", nil)
	if r.Header.Get("WWW-Authenticate") != "Bearer" {
		t.Fatalf("401 without WWW-Authenticate: %v", r.Header)
	}
	reader := c.as(c.signIn("user"))
	reader.must(200, "GET", "/v1/products/", nil)
	r = reader.must(403, "POST", "/v1/products/", map[string]any{"name": "x", "price": 1})
	if _, ok := r.obj(t)["detail"].(string); !ok {
		t.Fatalf("403 detail should be a string: %s", r.Body)
	}
	reader.must(403, "GET", "/v1/sales/", nil)
	c.as(c.signIn("manager")).must(201, "POST", "/v1/products/", map[string]any{"name": "x", "price": 1})
	c.as(c.signIn("cashier")).must(200, "GET", "/v1/sales/", nil)
}

func TestConflictAndNotFound(t *testing.T) {
	c := newClient(t, storetest.Open(t, "sqlite"))
	c.must(201, "POST", "/v1/settings/", map[string]any{"key": "tax_rate", "value": "8.875"})
	r := c.must(409, "POST", "/v1/settings/", map[string]any{"key": "tax_rate", "value": "1"})
	if _, ok := r.obj(t)["detail"].(string); !ok {
		t.Fatalf("409 detail: %s", r.Body)
	}
	for _, p := range []string{"/v1/settings/", "/v1/suppliers/", "/v1/discounts/", "/v1/employees/", "/v1/roles/", "/v1/customers/"} {
		c.must(404, "GET", p+uuid.NewString(), nil)
	}
	c.must(404, "DELETE", "/v1/suppliers/"+uuid.NewString(), nil)
	c.must(404, "GET", fmt.Sprintf("/v1/transactions/%s/employee", uuid.NewString()), nil)
	c.must(http.StatusNotFound, "GET", "/v1/nothing-here", nil)
}

func TestLoginThrottled(t *testing.T) {
	c := newClient(t, storetest.Open(t, "sqlite"))
	anon := c.as("")
	anon.must(201, "POST", "/v1/auth/register", map[string]any{"username": "dan", "password": "password123"})
	var r resp
	for range 10 {
		if r = anon.do("POST", "/v1/auth/login", map[string]any{"username": "dan", "password": "wrong-password"}); r.Status == 429 {
			break
		}
		if r.Status != 401 {
			t.Fatalf("wrong password: %d %s", r.Status, r.Body)
		}
	}
	if r.Status != 429 || r.Header.Get("Retry-After") == "" {
		t.Fatalf("repeated failures: %d, Retry-After %q", r.Status, r.Header.Get("Retry-After"))
	}
	if _, ok := r.obj(t)["detail"].(string); !ok {
		t.Fatalf("429 detail: %s", r.Body)
	}
	anon.must(422, "POST", "/v1/auth/register", map[string]any{"username": "no spaces!", "password": "password123"})
	anon.must(422, "POST", "/v1/auth/register", map[string]any{"username": "erin", "password": "short"})
}
