package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/ids"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// These tests drive the real HTTP handler, the way a client does.

// gql is a GraphQL client bound to one test server and caller.
type gql struct {
	t     *testing.T
	h     http.Handler
	token string
}

type foundError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

type foundResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []foundError    `json:"errors"`
}

// adminClient starts the real handler, authentication included, over db and
// signs in as an admin. It is the one place these tests know how to sign in.
func adminClient(t *testing.T, db *store.DB) *gql {
	env := servertest.New(t, db)
	return &gql{t: t, h: env.Server.Config.Handler, token: env.Token("admin")}
}

// raw posts a query and returns the decoded response.
func (c *gql) raw(query string, vars map[string]any) foundResponse {
	c.t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		c.t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	var out foundResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		c.t.Fatalf("status %d, body %q: %v", rec.Code, rec.Body.String(), err)
	}
	return out
}

// do runs a query that must succeed and decodes its data into v.
func (c *gql) do(query string, vars map[string]any, v any) {
	c.t.Helper()
	r := c.raw(query, vars)
	if len(r.Errors) > 0 {
		c.t.Fatalf("query failed: %+v\nquery: %s", r.Errors, query)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		c.t.Fatalf("decoding %s: %v", r.Data, err)
	}
}

// fail runs a query that must fail and returns its first error's code.
func (c *gql) fail(query string, vars map[string]any) string {
	c.t.Helper()
	r := c.raw(query, vars)
	if len(r.Errors) == 0 {
		c.t.Fatalf("query succeeded with %s, want an error\nquery: %s", r.Data, query)
	}
	code, _ := r.Errors[0].Extensions["code"].(string)
	return code
}

type product struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Price    string `json:"price"`
	Category string `json:"category"`
}

const createProduct = `mutation($in: CreateProductInput!) { createProduct(input: $in, stock: {quantity: 5}) { id name price category } }`

func (c *gql) addProduct(name, sku, category string, price any) product {
	c.t.Helper()
	var out struct{ CreateProduct product }
	c.do(createProduct, map[string]any{"in": map[string]any{"name": name, "sku": sku, "category": category, "price": price}}, &out)
	return out.CreateProduct
}

func TestIntrospectionListsEveryConnection(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	c := adminClient(t, db)
	var out struct {
		Schema struct {
			QueryType struct {
				Fields []struct {
					Name string
					Type struct {
						Name   string
						OfType *struct{ Name string }
					}
				}
			}
		} `json:"__schema"`
	}
	c.do(`{ __schema { queryType { fields { name type { name ofType { name } } } } } }`, nil, &out)
	types := map[string]string{}
	for _, f := range out.Schema.QueryType.Fields {
		name := f.Type.Name
		if f.Type.OfType != nil {
			name = f.Type.OfType.Name
		}
		types[f.Name] = name
	}
	connections := map[string]string{
		"products": "ProductConnection", "customers": "CustomerConnection", "sales": "SaleConnection",
		"payments": "PaymentConnection", "suppliers": "SupplierConnection", "purchaseOrders": "PurchaseOrderConnection",
		"discounts": "DiscountConnection", "loyaltyPrograms": "LoyaltyProgramConnection", "employees": "EmployeeConnection",
		"users": "UserConnection", "roles": "RoleConnection", "stockMovements": "StockMovementConnection",
		"notifications": "NotificationConnection", "settings": "SettingConnection", "auditEntries": "AuditEntryConnection",
	}
	for field, typ := range connections {
		if got, ok := types[field]; !ok || got != typ {
			t.Errorf("Query.%s: type %q (present %v), want %s", field, got, ok, typ)
		}
	}
	if _, ok := types["nodes"]; types["node"] != "Node" || !ok {
		t.Errorf("node/nodes missing: node=%q, nodes present %v", types["node"], ok)
	}
}

func TestProductsWhereAndOrderBy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := adminClient(t, db)
		for _, p := range []struct {
			name, cat, price string
		}{
			{"Apple Juice", "Drinks", "3.49"},
			{"Orange Juice", "Drinks", "4.99"},
			{"Grape Juice", "Drinks", "10.00"},
			{"Cheap Juice", "Drinks", "3.48"},  // just below the range
			{"Fancy Juice", "Drinks", "10.01"}, // just above it
			{"Juice Press", "Kitchen", "5.00"}, // right name and price, other category
			{"Banana", "Produce", "4.00"},      // right category and price... no: other category and name
			{"Water", "Drinks", "4.00"},        // right category and price, other name
		} {
			c.addProduct(p.name, strings.ReplaceAll(strings.ToUpper(p.name), " ", "-"), p.cat, p.price)
		}
		query := `query($where: ProductWhereInput, $order: ProductOrder) {
			products(where: $where, orderBy: $order) { totalCount edges { node { name price category } } } }`
		where := map[string]any{"nameContains": "Juice", "priceGTE": "3.49", "priceLTE": "10.00", "category": "Drinks"}
		names := func(order map[string]any) []string {
			var out struct {
				Products struct {
					TotalCount int
					Edges      []struct{ Node product }
				}
			}
			c.do(query, map[string]any{"where": where, "order": order}, &out)
			var n []string
			for _, e := range out.Products.Edges {
				n = append(n, e.Node.Name+"@"+e.Node.Price)
			}
			if out.Products.TotalCount != len(n) {
				t.Errorf("totalCount %d, %d edges", out.Products.TotalCount, len(n))
			}
			return n
		}
		cases := []struct {
			order map[string]any
			want  []string
		}{
			{map[string]any{"field": "NAME", "direction": "ASC"}, []string{"Apple Juice@3.49", "Grape Juice@10.00", "Orange Juice@4.99"}},
			{map[string]any{"field": "NAME", "direction": "DESC"}, []string{"Orange Juice@4.99", "Grape Juice@10.00", "Apple Juice@3.49"}},
			{map[string]any{"field": "PRICE", "direction": "ASC"}, []string{"Apple Juice@3.49", "Orange Juice@4.99", "Grape Juice@10.00"}},
			{map[string]any{"field": "PRICE", "direction": "DESC"}, []string{"Grape Juice@10.00", "Orange Juice@4.99", "Apple Juice@3.49"}},
		}
		for _, tc := range cases {
			if got := names(tc.order); !slices.Equal(got, tc.want) {
				t.Errorf("order %v: got %v, want %v", tc.order, got, tc.want)
			}
		}
	})
}

func TestPagination(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const total = 57
		bulk := make([]*ent.ProductCreate, total)
		for i := range bulk {
			bulk[i] = db.Client.Product.Create().SetName(fmt.Sprintf("Item %03d", i)).SetSku(fmt.Sprintf("IT-%03d", i)).SetPrice(money.Amount(100 + i))
		}
		if err := db.Client.Product.CreateBulk(bulk...).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		c := adminClient(t, db)
		type page struct {
			Products struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   *string
				}
				Edges []struct{ Node product }
			}
		}
		q := `query($first: Int, $after: Cursor) { products(first: $first, after: $after, orderBy: {field: NAME}) {
			totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }`

		var first page
		c.do(q, nil, &first)
		if n := len(first.Products.Edges); n != 50 || !first.Products.PageInfo.HasNextPage || first.Products.TotalCount != total {
			t.Fatalf("default page: %d edges, hasNext %v, total %d; want 50, true, %d", n, first.Products.PageInfo.HasNextPage, first.Products.TotalCount, total)
		}

		var seen []string
		var after *string
		for range 10 {
			var p page
			c.do(q, map[string]any{"first": 20, "after": after}, &p)
			for _, e := range p.Products.Edges {
				seen = append(seen, e.Node.Name)
			}
			if !p.Products.PageInfo.HasNextPage {
				break
			}
			after = p.Products.PageInfo.EndCursor
		}
		if len(seen) != total || !slices.IsSorted(seen) || len(slices.Compact(slices.Clone(seen))) != total {
			t.Fatalf("walked %d names (sorted %v), want %d distinct in order", len(seen), slices.IsSorted(seen), total)
		}

		if code := c.fail(q, map[string]any{"first": 251}); code != "BAD_USER_INPUT" {
			t.Fatalf("first: 251 gave code %q, want BAD_USER_INPUT", code)
		}
		var max page
		c.do(q, map[string]any{"first": 250}, &max)
		if len(max.Products.Edges) != total {
			t.Fatalf("first: 250 gave %d edges, want %d", len(max.Products.Edges), total)
		}
	})
}

func TestNodeLookup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := adminClient(t, db)
		p := c.addProduct("Lamp", "LAMP-1", "Home", "19.90")
		s := c.raw(`mutation { createSupplier(input: {name: "Acme"}) { id } }`, nil)
		var sup struct{ CreateSupplier struct{ ID string } }
		if err := json.Unmarshal(s.Data, &sup); err != nil || len(s.Errors) > 0 {
			t.Fatalf("create supplier: %v %+v", err, s.Errors)
		}

		var one struct {
			Node struct {
				Typename string `json:"__typename"`
				product
			}
		}
		c.do(`query($id: ID!) { node(id: $id) { __typename ... on Product { id name price } } }`, map[string]any{"id": p.ID}, &one)
		if one.Node.Typename != "Product" || one.Node.ID != p.ID || one.Node.Name != "Lamp" || one.Node.Price != "19.90" {
			t.Fatalf("node(product) = %+v", one.Node)
		}

		var many struct {
			Nodes []struct {
				Typename string `json:"__typename"`
				ID       string
			}
		}
		c.do(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, map[string]any{"ids": []string{sup.CreateSupplier.ID, p.ID}}, &many)
		if len(many.Nodes) != 2 || many.Nodes[0].Typename != "Supplier" || many.Nodes[0].ID != sup.CreateSupplier.ID ||
			many.Nodes[1].Typename != "Product" || many.Nodes[1].ID != p.ID {
			t.Fatalf("nodes = %+v, want [Supplier, Product] in request order", many.Nodes)
		}

		unknown := map[string]string{
			"a product id never stored": ids.Generator(ids.TagProduct)().String(),
			"an id of no table":         uuid.New().String(),
		}
		for _, bad := range []string{"not-a-uuid", "01a21c9e-c510-78f5-a807-a797d644d44z"} {
			if code := c.fail(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": bad}); code != "BAD_USER_INPUT" {
				t.Errorf("node(%q): code %q, want BAD_USER_INPUT", bad, code)
			}
		}
		for what, id := range unknown {
			if code := c.fail(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id}); code != "NOT_FOUND" {
				t.Errorf("node(%s): code %q, want NOT_FOUND", what, code)
			}
		}
	})
}

func TestMoneyIsDecimal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := adminClient(t, db)
		ctx := context.Background()
		check := func(how string, p product) {
			t.Helper()
			if p.Price != "34.99" {
				t.Errorf("%s: price came back as %q, want the string \"34.99\"", how, p.Price)
			}
			id, err := uuid.Parse(p.ID)
			if err != nil {
				t.Fatal(err)
			}
			stored, err := db.Client.Product.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if stored.Price != 3499 {
				t.Errorf("%s: stored %d minor units, want 3499", how, stored.Price)
			}
		}
		check("string variable", c.addProduct("A", "M-A", "X", "34.99"))
		check("number variable", c.addProduct("B", "M-B", "X", json.Number("34.99")))
		check("float variable", c.addProduct("C", "M-C", "X", 34.99))

		var lit struct{ CreateProduct product }
		c.do(`mutation { createProduct(input: {name: "D", sku: "M-D", price: 34.99}) { id name price category } }`, nil, &lit)
		check("number literal", lit.CreateProduct)

		// The raw JSON carries a string, not a number.
		r := c.raw(`{ products(where: {sku: "M-A"}) { edges { node { price } } } }`, nil)
		if !strings.Contains(string(r.Data), `"price":"34.99"`) {
			t.Errorf("price is not serialised as a string: %s", r.Data)
		}
		if code := c.fail(createProduct, map[string]any{"in": map[string]any{"name": "E", "sku": "M-E", "price": "34.999"}}); code != "BAD_USER_INPUT" {
			t.Errorf("price 34.999: code %q, want BAD_USER_INPUT", code)
		}
	})
}
