package graph_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

type invError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

type invResponse struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []invError                 `json:"errors"`
}

// invPost sends one GraphQL request through the real HTTP handler as a manager.
func invPost(t *testing.T, srv *servertest.Env, query string, vars map[string]any) invResponse {
	t.Helper()
	raw, err := json.Marshal(srv.GraphQL(srv.Token("manager"), query, vars))
	if err != nil {
		t.Fatal(err)
	}
	var out invResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	return out
}

func invField[T any](t *testing.T, r invResponse, name string) T {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	var v T
	if err := json.Unmarshal(r.Data[name], &v); err != nil {
		t.Fatalf("decoding %s: %v", name, err)
	}
	return v
}

func invWantCode(t *testing.T, r invResponse, code string, contains string) invError {
	t.Helper()
	if len(r.Errors) != 1 {
		t.Fatalf("want one %s error, got %+v", code, r.Errors)
	}
	e := r.Errors[0]
	if e.Extensions["code"] != code || !strings.Contains(e.Message, contains) {
		t.Fatalf("got %q %v, want code %s containing %q", e.Message, e.Extensions, code, contains)
	}
	return e
}

func invSetup(t *testing.T, db *store.DB) (*servertest.Env, *pos.Service) {
	srv := servertest.New(t, db)
	return srv, srv.POS
}

func invProduct(t *testing.T, svc *pos.Service, sku string, qty int64, cost string) *ent.Product {
	t.Helper()
	price, c := money.MustParse("9.99"), money.MustParse(cost)
	p, err := svc.Catalogue().CreateProduct(context.Background(), pos.CreateProductRequest{Name: "Item " + sku, Sku: sku, Price: &price, Cost: &c}, pos.StockInput{Quantity: &qty})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type invMovement struct {
	Kind          string `json:"kind"`
	Delta         int64  `json:"delta"`
	QuantityAfter int64  `json:"quantityAfter"`
	UnitCost      string `json:"unitCost"`
	Reason        string `json:"reason"`
	Product       struct {
		Cost      string `json:"cost"`
		Inventory struct {
			Quantity int64 `json:"quantity"`
		} `json:"inventory"`
	} `json:"product"`
}

const invMovementFields = `kind delta quantityAfter unitCost reason product { cost inventory { quantity } }`

func TestGraphQLRestockAndAdjust(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, svc := invSetup(t, db)
		p := invProduct(t, svc, "GQL-1", 10, "2.00")

		r := invPost(t, srv, `mutation($in: RestockProductInput!) { restockProduct(input: $in) { `+invMovementFields+` } }`,
			map[string]any{"in": map[string]any{"productId": p.ID, "quantity": 5, "unitCost": "3.00", "reason": "delivery"}})
		m := invField[invMovement](t, r, "restockProduct")
		// Cost: (10*2.00 + 5*3.00)/15 = 2.33.
		if m.Kind != "RESTOCK" || m.Delta != 5 || m.QuantityAfter != 15 || m.UnitCost != "3.00" || m.Reason != "delivery" ||
			m.Product.Inventory.Quantity != 15 || m.Product.Cost != "2.33" {
			t.Fatalf("restock = %+v", m)
		}

		r = invPost(t, srv, `mutation { restockProduct(input: {productId: "`+p.ID.String()+`", quantity: 0}) { delta } }`, nil)
		invWantCode(t, r, "BAD_USER_INPUT", "quantity")

		r = invPost(t, srv, `mutation($in: AdjustStockInput!) { adjustStock(input: $in) { `+invMovementFields+` } }`,
			map[string]any{"in": map[string]any{"productId": p.ID, "delta": -4, "reason": "damaged"}})
		m = invField[invMovement](t, r, "adjustStock")
		if m.Kind != "ADJUSTMENT" || m.Delta != -4 || m.QuantityAfter != 11 || m.Product.Inventory.Quantity != 11 {
			t.Fatalf("adjust = %+v", m)
		}

		r = invPost(t, srv, `mutation($in: AdjustStockInput!) { adjustStock(input: $in) { delta } }`,
			map[string]any{"in": map[string]any{"productId": p.ID, "delta": -12, "reason": "count"}})
		e := invWantCode(t, r, "INSUFFICIENT_STOCK", "available 11")
		if e.Extensions["available"] != float64(11) {
			t.Fatalf("extensions = %v", e.Extensions)
		}

		r = invPost(t, srv, `mutation($in: AdjustStockInput!) { adjustStock(input: $in) { delta } }`,
			map[string]any{"in": map[string]any{"productId": p.ID, "delta": 1, "reason": ""}})
		invWantCode(t, r, "BAD_USER_INPUT", "reason")

		r = invPost(t, srv, `mutation($id: ID!) { setReorderLevel(productId: $id, reorderLevel: 20) { quantity reorderLevel } }`, map[string]any{"id": p.ID})
		inv := invField[struct {
			Quantity     int64 `json:"quantity"`
			ReorderLevel int64 `json:"reorderLevel"`
		}](t, r, "setReorderLevel")
		if inv.Quantity != 11 || inv.ReorderLevel != 20 {
			t.Fatalf("inventory = %+v", inv)
		}
		r = invPost(t, srv, `{ notifications(where: {type: LOW_STOCK}) { totalCount edges { node { id isRead } } } }`, nil)
		notes := invField[struct {
			TotalCount int `json:"totalCount"`
			Edges      []struct {
				Node struct {
					ID     string `json:"id"`
					IsRead bool   `json:"isRead"`
				} `json:"node"`
			} `json:"edges"`
		}](t, r, "notifications")
		if notes.TotalCount != 1 {
			t.Fatalf("%d low-stock notifications, want 1", notes.TotalCount)
		}
		r = invPost(t, srv, `mutation($id: ID!) { markNotificationRead(id: $id) { isRead } }`, map[string]any{"id": notes.Edges[0].Node.ID})
		if !invField[struct {
			IsRead bool `json:"isRead"`
		}](t, r, "markNotificationRead").IsRead {
			t.Fatal("notification not marked read")
		}
	})
}

type invPO struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	TotalCost string `json:"totalCost"`
	Lines     []struct {
		Quantity int64  `json:"quantity"`
		UnitCost string `json:"unitCost"`
	} `json:"lines"`
}

func TestGraphQLPurchaseOrders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, svc := invSetup(t, db)
		a := invProduct(t, svc, "GQL-A", 0, "1.00")
		b := invProduct(t, svc, "GQL-B", 2, "1.00")
		sup, err := db.Client.Supplier.Create().SetName("Northwind").Save(context.Background())
		if err != nil {
			t.Fatal(err)
		}

		r := invPost(t, srv, `mutation($in: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $in) { id status totalCost lines { quantity unitCost } } }`,
			map[string]any{"in": map[string]any{
				"supplierId": sup.ID, "notes": "monthly",
				"lines": []any{
					map[string]any{"productId": a.ID, "quantity": 6, "unitCost": "1.25"},
					map[string]any{"productId": b.ID, "quantity": 2, "unitCost": 4.5},
				},
			}})
		po := invField[invPO](t, r, "createPurchaseOrder")
		// 6*1.25 + 2*4.50 = 7.50 + 9.00 = 16.50
		if po.Status != "PENDING" || po.TotalCost != "16.50" || len(po.Lines) != 2 {
			t.Fatalf("po = %+v", po)
		}

		const setStatus = `mutation($id: ID!, $s: PurchaseOrderStatus!) { updatePurchaseOrderStatus(id: $id, status: $s) { id status } }`
		r = invPost(t, srv, setStatus, map[string]any{"id": po.ID, "s": "DELIVERED"})
		invWantCode(t, r, "BAD_USER_INPUT", "PENDING")

		for _, st := range []string{"SHIPPED", "DELIVERED"} {
			r = invPost(t, srv, setStatus, map[string]any{"id": po.ID, "s": st})
			if got := invField[invPO](t, r, "updatePurchaseOrderStatus"); got.Status != st {
				t.Fatalf("status %s, want %s", got.Status, st)
			}
		}
		r = invPost(t, srv, setStatus, map[string]any{"id": po.ID, "s": "CANCELLED"})
		invWantCode(t, r, "BAD_USER_INPUT", "DELIVERED")

		r = invPost(t, srv, `query($a: ID!, $b: ID!) { a: node(id: $a) { ... on Product { cost inventory { quantity } } } b: node(id: $b) { ... on Product { cost inventory { quantity } } } }`,
			map[string]any{"a": a.ID, "b": b.ID})
		type prod struct {
			Cost      string `json:"cost"`
			Inventory struct {
				Quantity int64 `json:"quantity"`
			} `json:"inventory"`
		}
		pa, pb := invField[prod](t, r, "a"), invField[prod](t, r, "b")
		// a: nothing on hand, so 1.25; b: (2*1.00 + 2*4.50)/4 = 2.75.
		if pa.Inventory.Quantity != 6 || pa.Cost != "1.25" || pb.Inventory.Quantity != 4 || pb.Cost != "2.75" {
			t.Fatalf("after delivery a=%+v b=%+v", pa, pb)
		}

		r = invPost(t, srv, `mutation($id: ID!) { deletePurchaseOrder(id: $id) }`, map[string]any{"id": po.ID})
		invWantCode(t, r, "BAD_USER_INPUT", "DELIVERED")

		r = invPost(t, srv, `{ purchaseOrders { totalCount } stockMovements(where: {kind: PURCHASE_RECEIPT}) { totalCount } }`, nil)
		if n := invField[struct {
			TotalCount int `json:"totalCount"`
		}](t, r, "stockMovements").TotalCount; n != 2 {
			t.Fatalf("%d receipt movements, want 2", n)
		}
	})
}

func TestGraphQLCashSession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, _ := invSetup(t, db)

		r := invPost(t, srv, `{ currentCashSession { id } }`, nil)
		if string(r.Data["currentCashSession"]) != "null" || len(r.Errors) > 0 {
			t.Fatalf("current before open: %s %+v", r.Data["currentCashSession"], r.Errors)
		}
		type session struct {
			ID           string         `json:"id"`
			Status       string         `json:"status"`
			OpeningFloat string         `json:"openingFloat"`
			ExpectedCash string         `json:"expectedCash"`
			CountedCash  string         `json:"countedCash"`
			Difference   string         `json:"difference"`
			ZReport      map[string]any `json:"zReport"`
		}
		const fields = `id status openingFloat expectedCash countedCash difference zReport`
		cs := invField[session](t, invPost(t, srv, `mutation { openCashSession(openingFloat: "200.00") { `+fields+` } }`, nil), "openCashSession")
		if cs.Status != "OPEN" || cs.OpeningFloat != "200.00" || cs.ZReport != nil {
			t.Fatalf("opened %+v", cs)
		}
		invWantCode(t, invPost(t, srv, `mutation { openCashSession(openingFloat: "1.00") { id } }`, nil), "CONFLICT", "already have an open cash session")

		const move = `mutation($in: RecordCashMovementInput!) { recordCashMovement(input: $in) { kind amount reason } }`
		invField[map[string]any](t, invPost(t, srv, move, map[string]any{"in": map[string]any{"kind": "PAID_IN", "amount": "12.50", "reason": "change from bank"}}), "recordCashMovement")
		invField[map[string]any](t, invPost(t, srv, move, map[string]any{"in": map[string]any{"kind": "PAID_OUT", "amount": 30, "reason": "window cleaner"}}), "recordCashMovement")
		invWantCode(t, invPost(t, srv, move, map[string]any{"in": map[string]any{"kind": "PAID_OUT", "amount": "-1.00", "reason": "x"}}), "BAD_USER_INPUT", "positive")

		// 200.00 + 12.50 - 30.00 = 182.50 expected; 183.00 counted = 0.50 over.
		closed := invField[session](t, invPost(t, srv, `mutation { closeCashSession(countedCash: "183.00") { `+fields+` } }`, nil), "closeCashSession")
		if closed.Status != "CLOSED" || closed.ExpectedCash != "182.50" || closed.CountedCash != "183.00" || closed.Difference != "0.50" {
			t.Fatalf("closed %+v", closed)
		}
		if closed.ZReport["paidIn"] != "12.50" || closed.ZReport["paidOut"] != "30.00" || closed.ZReport["expectedCash"] != "182.50" {
			t.Fatalf("zReport %v", closed.ZReport)
		}
		r = invPost(t, srv, `query($id: ID!) { node(id: $id) { ... on CashSession { difference zReport movements { kind amount } } } cashSessions(where: {status: CLOSED}) { totalCount } }`, map[string]any{"id": cs.ID})
		again := invField[struct {
			Difference string         `json:"difference"`
			ZReport    map[string]any `json:"zReport"`
			Movements  []any          `json:"movements"`
		}](t, r, "node")
		if again.Difference != "0.50" || again.ZReport["difference"] != "0.50" || len(again.Movements) != 2 {
			t.Fatalf("re-read %+v", again)
		}
		if n := invField[struct {
			TotalCount int `json:"totalCount"`
		}](t, r, "cashSessions").TotalCount; n != 1 {
			t.Fatalf("%d closed sessions", n)
		}
		invWantCode(t, invPost(t, srv, `mutation { closeCashSession(countedCash: "0") { id } }`, nil), "BAD_USER_INPUT", "no open cash session")
	})
}
