package rest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/rest"
	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// refDoc is the documented API (rest.Reference).
type refDoc struct {
	Paths      map[string]map[string]refOp `json:"paths"`
	Components struct {
		Schemas map[string]refSchema `json:"schemas"`
	} `json:"components"`
}

type refOp struct {
	OperationID string                     `json:"operationId"`
	Security    []map[string][]string      `json:"security"`
	Responses   map[string]json.RawMessage `json:"responses"`
}

type refSchema struct {
	Ref      string     `json:"$ref"`
	Type     string     `json:"type"`
	Items    *refSchema `json:"items"`
	Required []string   `json:"required"`
}

type docOp struct {
	Method, Path string
	refOp
}

func loadReference(t testing.TB) (refDoc, []docOp) {
	t.Helper()
	var d refDoc
	if err := json.Unmarshal(rest.Reference(), &d); err != nil {
		t.Fatal(err)
	}
	var ops []docOp
	for p, m := range d.Paths {
		for method, op := range m {
			ops = append(ops, docOp{Method: strings.ToUpper(method), Path: p, refOp: op})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].Path+ops[i].Method < ops[j].Path+ops[j].Method })
	return d, ops
}

// success is the documented success status and the properties its body
// must carry (for a list, each element), if the document names a schema.
func (d refDoc) success(op docOp) (int, []string, bool) {
	for _, code := range []string{"200", "201", "204"} {
		raw, ok := op.Responses[code]
		if !ok {
			continue
		}
		var r struct {
			Content map[string]struct {
				Schema refSchema `json:"schema"`
			} `json:"content"`
		}
		_ = json.Unmarshal(raw, &r)
		s := r.Content["application/json"].Schema
		list := false
		if s.Type == "array" && s.Items != nil {
			s, list = *s.Items, true
		}
		var req []string
		if s.Ref != "" {
			req = d.Components.Schemas[s.Ref[strings.LastIndex(s.Ref, "/")+1:]].Required
		}
		n := map[string]int{"200": 200, "201": 201, "204": 204}[code]
		return n, req, list
	}
	return 0, nil, false
}

// world holds the records the happy paths use: ids for most operations and
// separate victims for the deletes, so deleting never breaks a later case.
type world struct {
	ids, victims map[string]string
}

func seed(t *testing.T, c *client, db *store.DB) world {
	t.Helper()
	ctx := context.Background()
	w := world{ids: map[string]string{}, victims: map[string]string{}}
	if _, err := c.auth.ProvisionUser(ctx, auth.NewUser{Username: "clerk", Password: "password123", Role: "cashier"}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"refresh_token", "logout_token"} {
		tok, _, err := c.auth.Login(ctx, "clerk", "password123", "")
		if err != nil {
			t.Fatal(err)
		}
		w.ids[k] = tok.RefreshToken
		w.ids["clerk_access"] = tok.AccessToken
	}
	id := func(r resp) string { return r.obj(t)["id"].(string) }
	for _, into := range []map[string]string{w.ids, w.victims} {
		into["product_id"] = id(c.must(201, "POST", "/v1/products/", map[string]any{"name": "Mug", "price": 12.99, "stock_quantity": 50}))
		into["customer_id"] = id(c.must(201, "POST", "/v1/customers/", map[string]any{"name": "Ann", "contact_info": "ann@example.com"}))
		into["supplier_id"] = id(c.must(201, "POST", "/v1/suppliers/", map[string]any{"name": "Acme", "contact_info": "acme@example.com"}))
		into["discount_id"] = id(c.must(201, "POST", "/v1/discounts/", map[string]any{"name": "Ten", "type": "percentage", "value": 10}))
		into["program_id"] = id(c.must(201, "POST", "/v1/loyalty-programs/", map[string]any{"customer_id": into["customer_id"]}))
		into["setting_id"] = id(c.must(201, "POST", "/v1/settings/", map[string]any{"key": "k" + uuid.NewString()[:8], "value": "v"}))
		into["employee_id"] = id(c.must(201, "POST", "/v1/employees/", map[string]any{"name": "Bob", "position": "Cashier"}))
		into["role_id"] = id(c.must(201, "POST", "/v1/roles/", map[string]any{"name": "r" + uuid.NewString()[:8], "permissions": []string{"READ"}}))
		u := db.Client.User.Create().SetUsername("u" + uuid.NewString()[:8]).SetPasswordHash("x").SaveX(ctx)
		into["user_id"] = u.ID.String()
		s := db.Client.Sale.Create().SaveX(ctx)
		db.Client.SaleItem.Create().SetSaleID(s.ID).SetProductID(uuid.MustParse(into["product_id"])).SetQuantity(1).
			SetUnitPrice(money.MustParse("12.99")).SetSubtotal(money.MustParse("12.99")).SaveX(ctx)
		into["sale_id"] = s.ID.String()
		p := db.Client.Payment.Create().SetMethod(payment.MethodCASH).SetAmount(money.MustParse("5.00")).SetPaidAt(time.Now()).SaveX(ctx)
		into["payment_id"] = p.ID.String()
		into["transaction_id"] = id(c.must(201, "POST", "/v1/transactions/", map[string]any{"payment_type": "Cash", "employee_id": into["employee_id"], "payment_id": into["payment_id"], "sale_id": into["sale_id"]}))
	}
	for _, into := range []map[string]string{w.ids, w.victims} {
		po := newPurchaseOrder(t, db, w.ids["supplier_id"], w.ids["product_id"])
		into["order_id"], into["purchase_order_id"] = po, po
	}
	return w
}

func newPurchaseOrder(t *testing.T, db *store.DB, supplierID, productID string) string {
	ctx := context.Background()
	po := db.Client.PurchaseOrder.Create().SetSupplierID(uuid.MustParse(supplierID)).SaveX(ctx)
	db.Client.PurchaseOrderLine.Create().SetPurchaseOrderID(po.ID).SetProductID(uuid.MustParse(productID)).SetQuantity(3).SaveX(ctx)
	return po.ID.String()
}

// requests gives each operation's happy-path query string and body.
func requests(w world) map[string]struct {
	query string
	body  any
} {
	day := time.Now().UTC().Format(time.DateOnly)
	type rq = struct {
		query string
		body  any
	}
	return map[string]rq{
		"login_v1_auth_login_post":                                                 {"", map[string]any{"username": "clerk", "password": "password123"}},
		"logout_v1_auth_logout_post":                                               {"", map[string]any{"refresh_token": w.ids["logout_token"]}},
		"register_v1_auth_register_post":                                           {"", map[string]any{"username": "newuser", "password": "password123"}},
		"refresh_token_v1_auth_refresh_post":                                       {"", map[string]any{"refresh_token": w.ids["refresh_token"]}},
		"create_user_v1_users__post":                                               {"", map[string]any{"username": "made", "password": "password123"}},
		"update_user_v1_users__user_id__put":                                       {"", map[string]any{"email": "u@example.com"}},
		"create_role_v1_roles__post":                                               {"", map[string]any{"name": "auditor", "permissions": []string{"REPORTS"}}},
		"update_role_v1_roles__role_id__put":                                       {"", map[string]any{"permissions": []string{"READ", "REPORTS"}}},
		"create_product_v1_products__post":                                         {"", map[string]any{"name": "Tea", "price": 3.5}},
		"update_product_v1_products__product_id__put":                              {"", map[string]any{"price": 13.49}},
		"create_customer_v1_customers__post":                                       {"", map[string]any{"name": "Cy", "contact_info": "cy@example.com"}},
		"update_customer_v1_customers__customer_id__put":                           {"", map[string]any{"contact_info": "ann@example.org"}},
		"create_sale_v1_sales__post":                                               {"", map[string]any{"cashier_id": w.ids["employee_id"], "sale_date": time.Now().Format(time.RFC3339), "subtotal": 1, "tax_amount": 0, "total_amount": 1, "items": []any{map[string]any{"product_id": w.ids["product_id"], "quantity": 2, "unit_price": 12.99, "subtotal": 25.98}}}},
		"update_sale_v1_sales__sale_id__put":                                       {"", map[string]any{"notes": "gift"}},
		"add_sale_item_v1_sales__sale_id__items_post":                              {"", map[string]any{"product_id": w.ids["product_id"], "quantity": 1, "unit_price": 12.99, "subtotal": 12.99}},
		"add_payment_v1_sales__sale_id__payments_post":                             {"", map[string]any{"sale_id": w.ids["sale_id"], "payment_method": "cash", "amount": 20, "payment_date": time.Now().Format(time.RFC3339)}},
		"get_revenue_analytics_v1_sales_analytics_revenue_get":                     {"?start_date=" + day + "&end_date=" + day, nil},
		"get_top_products_analytics_v1_sales_analytics_top_products_get":           {"?start_date=" + day + "&end_date=" + day, nil},
		"create_transaction_v1_transactions__post":                                 {"", map[string]any{"payment_type": "Card", "employee_id": w.ids["employee_id"]}},
		"update_transaction_v1_transactions__transaction_id__put":                  {"", map[string]any{"payment_type": "Cash"}},
		"create_payment_v1_payments__post":                                         {"", map[string]any{"method": "card", "amount": 9.99}},
		"update_payment_v1_payments__payment_id__put":                              {"", map[string]any{"notes": "checked"}},
		"create_employee_v1_employees__post":                                       {"", map[string]any{"name": "Dee", "position": "Manager"}},
		"update_employee_v1_employees__employee_id__put":                           {"", map[string]any{"position": "Supervisor"}},
		"get_stock_levels_v1_inventory_stock_levels__get":                          {"?low_stock_only=false", nil},
		"create_supplier_v1_inventory_suppliers__post":                             {"", map[string]any{"name": "Bolt", "contact_info": "bolt@example.com", "product_list": []any{map[string]any{"name": "Mug", "price": 1}}}},
		"search_suppliers_v1_inventory_suppliers_search_get":                       {"?name=acm", nil},
		"update_supplier_v1_inventory_suppliers__supplier_id__put":                 {"", map[string]any{"contact_info": "acme@example.org"}},
		"create_purchase_order_v1_inventory_purchase_orders__post":                 {"", map[string]any{"supplier_id": w.ids["supplier_id"], "product_list": []any{map[string]any{"product_id": w.ids["product_id"], "quantity": 4}}}},
		"update_purchase_order_v1_inventory_purchase_orders__order_id__put":        {"", map[string]any{"notes": "rush"}},
		"update_order_status_v1_inventory_purchase_orders__order_id__status_patch": {"", map[string]any{"status": "Shipped"}},
		"restock_product_v1_inventory_restock__product_id__post":                   {"?quantity=5", nil},
		"adjust_stock_v1_inventory_stock_adjustment__product_id__post":             {"?adjustment=-1&reason=damaged", nil},
		"create_supplier_v1_suppliers__post":                                       {"", map[string]any{"name": "Coil", "contact_info": "coil@example.com"}},
		"update_supplier_v1_suppliers__supplier_id__put":                           {"", map[string]any{"name": "Acme Ltd"}},
		"create_purchase_order_v1_purchase_orders__post":                           {"", map[string]any{"supplier_id": w.ids["supplier_id"], "product_list": []any{map[string]any{"product_id": w.ids["product_id"], "quantity": 2}}}},
		"update_purchase_order_v1_purchase_orders__purchase_order_id__put":         {"", map[string]any{"notes": "later"}},
		"create_discount_v1_discounts__post":                                       {"", map[string]any{"name": "Five off", "type": "fixed_amount", "value": 5}},
		"update_discount_v1_discounts__discount_id__put":                           {"", map[string]any{"value": 15}},
		"create_loyalty_program_v1_loyalty_programs__post":                         {"", map[string]any{"customer_id": w.ids["customer_id"], "tier": "Silver"}},
		"update_loyalty_program_v1_loyalty_programs__program_id__put":              {"", map[string]any{"tier": "Gold"}},
		"get_sales_report_v1_reports_sales_get":                                    {"?start_date=" + day, nil},
		"get_daily_sales_report_v1_reports_sales_daily_get":                        {"?date=" + day, nil},
		"get_period_sales_report_v1_reports_sales_period_get":                      {"?start_date=" + day + "&end_date=" + day, nil},
		"get_profit_loss_report_v1_reports_financial_profit_loss_get":              {"?start_date=" + day + "&end_date=" + day, nil},
		"create_notification_v1_notifications__post":                               {"", map[string]any{"type": "system", "message": "hello"}},
		"create_setting_v1_settings__post":                                         {"", map[string]any{"key": "currency", "value": "USD"}},
		"update_setting_v1_settings__setting_id__put":                              {"", map[string]any{"value": "w"}},
		"get_daily_sales_summary_v1_sales_daily_summary__date__get":                {"", nil},
		"get_inventory_stock_report_v1_reports_inventory_stock_levels_get":         {"", nil},
		"get_customer_loyalty_report_v1_reports_customers_loyalty_get":             {"?top_n=5", nil},
		"read_purchase_orders_v1_inventory_purchase_orders__get":                   {"?status=Pending", nil},
	}
}

// fill puts ids into a documented path.
func fill(path string, ids map[string]string) string {
	for k, v := range ids {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
	}
	return strings.ReplaceAll(path, "{date}", time.Now().UTC().Format(time.DateOnly))
}

// deleteOrder runs the deletes after everything else, referrers first.
var deleteOrder = []string{"transaction", "payment", "sale", "purchase-order", "loyalty", "discount", "product", "setting", "employee", "user", "role", "customer", "supplier"}

func deleteRank(op docOp) int {
	if op.Method != "DELETE" {
		return -1
	}
	for i, w := range deleteOrder {
		if strings.Contains(op.Path, "/"+w) {
			return i
		}
	}
	return len(deleteOrder)
}

// TestEveryDocumentedOperation walks all 106 operations of the reference
// document (104 under /v1, plus / and /health), on each database: each is
// routed, each protected one answers 401 without a token, and each happy path
// answers the documented status with the documented required fields.
func TestEveryDocumentedOperation(t *testing.T) {
	doc, ops := loadReference(t)
	if len(ops) != 106 {
		t.Fatalf("reference has %d operations, want 106", len(ops))
	}
	sort.SliceStable(ops, func(i, j int) bool { return deleteRank(ops[i]) < deleteRank(ops[j]) })
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		everyDocumentedOperation(t, db, doc, ops)
	})
}

func everyDocumentedOperation(t *testing.T, db *store.DB, doc refDoc, ops []docOp) {
	c := newClient(t, db)
	full := server.New(server.Deps{DB: db, POS: pos.New(db.Client), Logger: quiet})
	w := seed(t, c, db)
	reqs := requests(w)

	for _, op := range ops {
		t.Run(op.OperationID, func(t *testing.T) {
			c := c.on(t)
			if op.Path == "/" || op.Path == "/health" {
				rec := httptest.NewRecorder()
				full.ServeHTTP(rec, httptest.NewRequest(op.Method, op.Path, nil))
				if rec.Code != 200 {
					t.Fatalf("%s: %d", op.Path, rec.Code)
				}
				return
			}
			rq := reqs[op.OperationID]
			// Routed with a random id: any 404 must come from the handler
			// (a missing record), never from the router.
			if strings.Contains(op.Path, "{") {
				// The other spelling of the trailing slash answers too.
				r := c.do(op.Method, toggleSlash(fill(op.Path, randomIDs(op.Path)))+rq.query, rq.body)
				if r.Status == 405 || (r.Status == 404 && r.obj(t)["detail"] == "Not Found") {
					t.Fatalf("not routed: %d %s", r.Status, r.Body)
				}
			}
			if len(op.Security) > 0 {
				r := c.as("").do(op.Method, fill(op.Path, w.ids)+rq.query, rq.body)
				if r.Status != 401 {
					t.Fatalf("without a token: %d, want 401", r.Status)
				}
			}
			ids := w.ids
			if op.Method == "DELETE" {
				ids = w.victims
				// Two documented paths delete each of these: give each its own.
				switch {
				case strings.Contains(op.Path, "suppliers"):
					ids = map[string]string{"supplier_id": c.must(201, "POST", "/v1/suppliers/", map[string]any{"name": "Gone", "contact_info": "gone@example.com"}).obj(t)["id"].(string)}
				case strings.Contains(op.Path, "purchase-orders"):
					po := newPurchaseOrder(t, db, w.ids["supplier_id"], w.ids["product_id"])
					ids = map[string]string{"order_id": po, "purchase_order_id": po}
				}
			}
			if strings.HasSuffix(op.Path, "/status") {
				// Moving an order on would stop the edits of other cases.
				ids = map[string]string{"order_id": newPurchaseOrder(t, db, w.ids["supplier_id"], w.ids["product_id"])}
			}
			path := fill(op.Path, ids) + rq.query
			want, required, list := doc.success(op)
			if op.OperationID == "logout_v1_auth_logout_post" {
				// Logging out revokes the caller's token: not the admin's.
				c = c.as(w.ids["clerk_access"])
			}
			r := c.must(want, op.Method, path, rq.body)
			if want == 204 {
				if len(r.Body) != 0 {
					t.Fatalf("204 with a body: %s", r.Body)
				}
				return
			}
			body := r.json(t)
			var objs []any
			if list {
				objs, _ = body.([]any)
				if len(required) > 0 && len(objs) == 0 {
					t.Fatalf("empty list, cannot check fields: %s", r.Body)
				}
			} else {
				objs = []any{body}
			}
			for _, o := range objs {
				m, _ := o.(map[string]any)
				for _, f := range required {
					if _, ok := m[f]; !ok {
						t.Fatalf("missing documented field %q in %s", f, r.Body)
					}
				}
			}
		})
	}
}

func toggleSlash(path string) string {
	if strings.HasSuffix(path, "/") {
		return strings.TrimSuffix(path, "/")
	}
	return path + "/"
}

func randomIDs(path string) map[string]string {
	m := map[string]string{}
	for _, p := range strings.Split(path, "/") {
		if strings.HasPrefix(p, "{") {
			m[strings.Trim(p, "{}")] = uuid.NewString()
		}
	}
	return m
}

// TestOpenAPIMatchesRoutes checks that every route the server registers
// under /v1 is in /v1/openapi.json and every operation there is routed, and
// that the document keeps every documented operation id.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	h := server.New(server.Deps{DB: db, POS: pos.New(db.Client), Logger: quiet})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/v1/openapi.json", nil))
	if rec.Code != 200 {
		t.Fatalf("/v1/openapi.json: %d", rec.Code)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	ids := map[string]bool{}
	for p, ops := range doc.Paths {
		for m, op := range ops {
			documented[strings.ToUpper(m)+" "+strings.TrimSuffix(p, "/")] = true
			ids[op.OperationID] = true
		}
	}
	routed := map[string]bool{}
	err := chi.Walk(h.(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.TrimSuffix(strings.ReplaceAll(route, "/*/", "/"), "/")
		if !strings.HasPrefix(route, rest.Prefix+"/") {
			return nil
		}
		routed[method+" "+route] = true
		if !documented[method+" "+route] {
			t.Errorf("route %s %s is not in /v1/openapi.json", method, route)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k := range documented {
		if strings.HasPrefix(strings.SplitN(k, " ", 2)[1], rest.Prefix+"/") && !routed[k] {
			t.Errorf("documented operation %s is not routed", k)
		}
	}
	_, refOps := loadReference(t)
	for _, op := range refOps {
		if !ids[op.OperationID] {
			t.Errorf("reference operation %s missing from /v1/openapi.json", op.OperationID)
		}
	}
}
