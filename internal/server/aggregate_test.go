package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/purchaseorder"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/aggregate"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// aggregateFixture writes a few rows of every aggregated type straight
// through ent, with amounts chosen so the expected answers below can be
// worked by hand: each where filter leaves out at least one row, one average
// of money falls exactly between two cents (half to even then rounds down),
// and one inventory quantity passes 2^32.
func aggregateFixture(t *testing.T, c *ent.Client) {
	t.Helper()
	ctx := context.Background()
	cents := money.FromMinor
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	type prod struct {
		sku         string
		price, cost int64
		active      bool
		qty, reord  int64
	}
	var products []*ent.Product
	for _, p := range []prod{
		{"AGG-A", 100, 40, true, 10, 2},
		{"AGG-B", 250, 105, true, 0, 5},
		{"AGG-C", 399, 200, true, 4_000_000_000, 1},
		{"AGG-D", 999, 500, false, 3, 0},
	} {
		row, err := c.Product.Create().SetName(p.sku).SetSku(p.sku).SetPrice(cents(p.price)).SetCost(cents(p.cost)).SetIsActive(p.active).Save(ctx)
		must(err)
		_, err = c.Inventory.Create().SetProduct(row).SetQuantity(p.qty).SetReorderLevel(p.reord).Save(ctx)
		must(err)
		products = append(products, row)
	}
	for _, pts := range []int64{100, 250, 0} {
		_, err := c.Customer.Create().SetName("agg customer").SetLoyaltyPoints(pts).Save(ctx)
		must(err)
	}
	s1, err := c.Sale.Create().SetStatus(sale.StatusCOMPLETED).SetSubtotal(cents(1000)).SetTaxTotal(cents(80)).SetTotal(cents(1080)).Save(ctx)
	must(err)
	_, err = c.Sale.Create().SetStatus(sale.StatusCOMPLETED).SetSubtotal(cents(2000)).SetTotal(cents(2000)).Save(ctx)
	must(err)
	s3, err := c.Sale.Create().SetStatus(sale.StatusVOIDED).SetSubtotal(cents(500)).SetTotal(cents(500)).Save(ctx)
	must(err)
	for _, it := range []struct {
		s               *ent.Sale
		p               *ent.Product
		qty, unit, cost int64
	}{{s1, products[1], 2, 250, 105}, {s1, products[2], 1, 399, 200}, {s3, products[0], 5, 100, 40}} {
		_, err := c.SaleItem.Create().SetSale(it.s).SetProduct(it.p).SetQuantity(it.qty).
			SetUnitPrice(cents(it.unit)).SetUnitCost(cents(it.cost)).SetSubtotal(cents(it.qty * it.unit)).Save(ctx)
		must(err)
	}
	for _, p := range []struct {
		m              payment.Method
		amount, tender int64
	}{{payment.MethodCASH, 1080, 2000}, {payment.MethodCARD, 2000, 2000}, {payment.MethodCASH, 500, 500}} {
		_, err := c.Payment.Create().SetMethod(p.m).SetAmount(cents(p.amount)).SetTendered(cents(p.tender)).Save(ctx)
		must(err)
	}
	for _, m := range []struct {
		k            stockmovement.Kind
		delta, after int64
		cost         int64
	}{{stockmovement.KindRESTOCK, 10, 10, 40}, {stockmovement.KindSALE, -3, 7, 40}, {stockmovement.KindRESTOCK, 5, 12, 105}} {
		_, err := c.StockMovement.Create().SetProductID(products[0].ID).SetKind(m.k).SetDelta(m.delta).SetQuantityAfter(m.after).SetUnitCost(cents(m.cost)).Save(ctx)
		must(err)
	}
	sup, err := c.Supplier.Create().SetName("agg supplier").Save(ctx)
	must(err)
	for _, po := range []struct {
		st    purchaseorder.Status
		total int64
	}{{purchaseorder.StatusPENDING, 1234}, {purchaseorder.StatusDELIVERED, 5678}, {purchaseorder.StatusPENDING, 100}} {
		_, err := c.PurchaseOrder.Create().SetSupplier(sup).SetStatus(po.st).SetTotalCost(cents(po.total)).Save(ctx)
		must(err)
	}
}

// aggregateCases are one query per aggregated connection, each with a where
// filter, and the answer worked by hand from aggregateFixture.
var aggregateCases = []struct{ name, query, want string }{
	{"products", `{ products(where: {isActive: true}) { aggregate { count sum { price cost } avg { price cost } min { price } max { cost } } } }`,
		// prices 1.00 2.50 3.99, costs 0.40 1.05 2.00; avg price 7.49/3 = 2.4966.. -> 2.50
		`{"products":{"aggregate":{"count":3,"sum":{"price":"7.49","cost":"3.45"},"avg":{"price":"2.50","cost":"1.15"},"min":{"price":"1.00"},"max":{"cost":"2.00"}}}}`},
	{"products half to even", `{ products(where: {isActive: true, priceLTE: "2.50"}) { aggregate { avg { cost } } } }`,
		// (0.40 + 1.05) / 2 = 0.725 -> 0.72, the even cent
		`{"products":{"aggregate":{"avg":{"cost":"0.72"}}}}`},
	{"inventories", `{ inventories(where: {quantityGT: 0}) { aggregate { count sum { quantity reorderLevel } avg { quantity } min { quantity } max { quantity } } } }`,
		// 10 + 4,000,000,000 + 3 passes 32 bits: BigInt
		`{"inventories":{"aggregate":{"count":3,"sum":{"quantity":"4000000013","reorderLevel":"3"},"avg":{"quantity":1333333337.6666667},"min":{"quantity":3},"max":{"quantity":4000000000}}}}`},
	{"customers", `{ customers(where: {loyaltyPointsGT: 0}) { aggregate { count sum { loyaltyPoints } avg { loyaltyPoints } min { loyaltyPoints } max { loyaltyPoints } } } }`,
		`{"customers":{"aggregate":{"count":2,"sum":{"loyaltyPoints":"350"},"avg":{"loyaltyPoints":175},"min":{"loyaltyPoints":100},"max":{"loyaltyPoints":250}}}}`},
	{"sales", `{ sales(where: {status: COMPLETED}) { aggregate { count sum { total taxTotal subtotal } avg { total } min { total } max { total } } } }`,
		`{"sales":{"aggregate":{"count":2,"sum":{"total":"30.80","taxTotal":"0.80","subtotal":"30.00"},"avg":{"total":"15.40"},"min":{"total":"10.80"},"max":{"total":"20.00"}}}}`},
	{"saleItems", `{ saleItems(where: {quantityLT: 5}) { aggregate { count sum { quantity subtotal unitCost } avg { unitPrice } max { unitPrice } } } }`,
		// (2.50 + 3.99) / 2 = 3.245 -> 3.24
		`{"saleItems":{"aggregate":{"count":2,"sum":{"quantity":"3","subtotal":"8.99","unitCost":"3.05"},"avg":{"unitPrice":"3.24"},"max":{"unitPrice":"3.99"}}}}`},
	{"payments", `{ payments(where: {method: CASH}) { aggregate { count sum { amount tendered } min { amount } } } }`,
		`{"payments":{"aggregate":{"count":2,"sum":{"amount":"15.80","tendered":"25.00"},"min":{"amount":"5.00"}}}}`},
	{"stockMovements", `{ stockMovements(where: {kind: RESTOCK}) { aggregate { count sum { delta } avg { unitCost delta } min { quantityAfter } max { quantityAfter } } } }`,
		`{"stockMovements":{"aggregate":{"count":2,"sum":{"delta":"15"},"avg":{"unitCost":"0.72","delta":7.5},"min":{"quantityAfter":10},"max":{"quantityAfter":12}}}}`},
	{"purchaseOrders", `{ purchaseOrders(where: {status: PENDING}) { aggregate { count sum { totalCost } avg { totalCost } min { totalCost } max { totalCost } } } }`,
		`{"purchaseOrders":{"aggregate":{"count":2,"sum":{"totalCost":"13.34"},"avg":{"totalCost":"6.67"},"min":{"totalCost":"1.00"},"max":{"totalCost":"12.34"}}}}`},
	{"empty", `{ products(where: {nameContains: "no such product"}) { aggregate { count sum { price } avg { price } min { price } max { price } } } }`,
		`{"products":{"aggregate":{"count":0,"sum":{"price":"0.00"},"avg":{"price":null},"min":{"price":null},"max":{"price":null}}}}`},
	{"fragments and aliases", `{ products(where: {isActive: true}) { aggregate { n: count ...F sum { p: price } } } } fragment F on ProductAggregate { sum { price } }`,
		`{"products":{"aggregate":{"n":3,"sum":{"p":"7.49","price":"7.49"}}}}`},
}

// sameJSON compares two JSON documents by value.
func sameJSON(t *testing.T, got, want string) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("got %s: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want %s: %v", want, err)
	}
	return reflect.DeepEqual(g, w)
}

// TestConnectionAggregates checks every aggregated connection against the
// hand-worked answers, through the real handler, on both databases, and that
// each aggregate is one statement whatever the number of rows.
func TestConnectionAggregates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestServer(t, db)
		aggregateFixture(t, s.client)
		for _, tc := range aggregateCases {
			r, n := s.query(t, tc.query, nil)
			if len(r.Errors) > 0 {
				t.Errorf("%s: errors %+v", tc.name, r.Errors)
				continue
			}
			if !sameJSON(t, string(r.Data), tc.want) {
				t.Errorf("%s:\n got %s\nwant %s", tc.name, r.Data, tc.want)
			}
			if got := n - s.auth; got != 1 {
				t.Errorf("%s: %d statements, want 1 (the aggregate)", tc.name, got)
			}
		}
	})
}

// TestAggregateStatements: one statement per aggregate field, the same with
// 3 rows and with 200 more, and the page beside it costs what it did.
func TestAggregateStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestServer(t, db)
		aggregateFixture(t, s.client)
		const q = `{ products { aggregate { count sum { price cost } avg { price } min { cost } max { price } } } }`
		_, before := s.mustQuery(t, q, nil)
		ctx := context.Background()
		bulk := make([]*ent.ProductCreate, 200)
		for i := range bulk {
			sku := "AGG-BULK-" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26))
			bulk[i] = s.client.Product.Create().SetName(sku).SetSku(sku).SetPrice(money.FromMinor(int64(i)))
		}
		if _, err := s.client.Product.CreateBulk(bulk...).Save(ctx); err != nil {
			t.Fatal(err)
		}
		r, after := s.mustQuery(t, q, nil)
		if before-s.auth != 1 || after != before {
			t.Errorf("statements: %d with 4 products, %d with 204; want 1 each", before-s.auth, after-s.auth)
		}
		if !strings.Contains(string(r.Data), `"count":204`) {
			t.Errorf("count after bulk: %s", r.Data)
		}
		// Two aggregates in one request: one statement each.
		_, two := s.mustQuery(t, `{ a: products { aggregate { count } } b: sales { aggregate { sum { total } } } }`, nil)
		if two-s.auth != 2 {
			t.Errorf("two aggregates took %d statements, want 2", two-s.auth)
		}
		// Only __typename: no statement at all.
		_, none := s.mustQuery(t, `{ products { aggregate { __typename } } }`, nil)
		if none-s.auth != 0 {
			t.Errorf("an aggregate selecting nothing took %d statements", none-s.auth)
		}
	})
}

// TestAggregatePermissions: through the real handler, an aggregated field
// needs the table's rule of the field it is computed from (FORBIDDEN at its
// path, siblings still answered), and a type the caller may not read is
// refused as its connection is.
func TestAggregatePermissions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := servertest.New(t, db)
		aggregateFixture(t, db.Client)
		cashier, manager, user := env.Token("cashier"), env.Token("manager"), env.Token("user")

		r := env.GraphQL(cashier, `{ products(where: {isActive: true}) { aggregate { count sum { price cost } max { cost } } } }`, nil)
		for _, path := range [][]string{{"products", "aggregate", "sum", "cost"}, {"products", "aggregate", "max", "cost"}} {
			if !deniedAt(r, path) {
				t.Errorf("cashier: no refusal at %v: %+v", path, r.Errors)
			}
		}
		if len(r.Errors) != 2 {
			t.Errorf("cashier: want exactly the two refusals, got %+v", r.Errors)
		}
		if !sameJSON(t, string(r.Data["products"]), `{"aggregate":{"count":3,"sum":{"price":"7.49","cost":null},"max":{"cost":null}}}`) {
			t.Errorf("cashier: got %s", r.Data["products"])
		}
		r = env.GraphQL(cashier, `{ saleItems { aggregate { avg { unitCost } } } }`, nil)
		if !deniedAt(r, []string{"saleItems", "aggregate", "avg", "unitCost"}) {
			t.Errorf("cashier: SaleItem.unitCost averaged: %s %+v", r.Data["saleItems"], r.Errors)
		}
		r = env.Must(manager, `{ products(where: {isActive: true}) { aggregate { sum { cost } } } }`, nil)
		if !sameJSON(t, string(r.Data["products"]), `{"aggregate":{"sum":{"cost":"3.45"}}}`) {
			t.Errorf("manager: got %s", r.Data["products"])
		}
		// A plain user reads the catalogue but not sales: the aggregate is
		// refused exactly as the connection is.
		for _, q := range []string{`{ sales { aggregate { count sum { total } } } }`, `{ sales { totalCount } }`} {
			r = env.GraphQL(user, q, nil)
			if !deniedAt(r, []string{"sales"}) || string(r.Data["sales"]) != "null" && r.Data["sales"] != nil {
				t.Errorf("user: %s answered %s, errors %+v", q, r.Data["sales"], r.Errors)
			}
		}
		r = env.Must(user, `{ inventories { aggregate { count } } }`, nil)
		if !strings.Contains(string(r.Data["inventories"]), `"count":4`) {
			t.Errorf("user: inventories aggregate %s", r.Data["inventories"])
		}
	})
}

// TestAggregateReadGuard: the aggregate statement goes through the
// connection's ent query, so the read guard refuses it for a caller the
// table does not let read the type, and hides it when asked to.
func TestAggregateReadGuard(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	aggregateFixture(t, db.Client)
	req := aggregate.Request{Count: true, Sum: map[string]bool{"total": true}}
	user := policy.WithCaller(context.Background(), &policy.Caller{Perms: policy.SetOf(policy.Read)})
	_, err := db.Client.Sale.Query().AggregateRequest(user, req)
	var denied *policy.DeniedError
	if !errors.As(err, &denied) {
		t.Fatalf("user aggregating sales: err = %v, want a DeniedError", err)
	}
	got, err := db.Client.Sale.Query().AggregateRequest(policy.HideDenied(user), req)
	if err != nil || got.Count != 0 || got.Sum.Total != 0 {
		t.Errorf("hidden: %+v, %v; want nothing counted", got, err)
	}
	cashier := policy.WithCaller(context.Background(), &policy.Caller{Perms: policy.SetOf(policy.Read, policy.POS)})
	got, err = db.Client.Sale.Query().AggregateRequest(cashier, req)
	if err != nil || got.Count != 3 || got.Sum.Total != money.FromMinor(3580) {
		t.Errorf("cashier: %+v, %v; want 3 sales totalling 35.80", got, err)
	}
}
