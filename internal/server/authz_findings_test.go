package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent/user"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// findingsFixture is a store with one of everything the findings of the
// authorization review reached: a customer with contact data and a loyalty
// program, a cashier linked to an employee record with a private phone, and a
// completed sale (with its legacy transaction row) rung up by that cashier.
type findingsFixture struct {
	env                        *servertest.Env
	user, cashier, manager     string
	admin                      string
	customerID, employeeID     uuid.UUID
	saleID, cashierID, transID string
}

func newFindingsFixture(t *testing.T, db *store.DB) *findingsFixture {
	t.Helper()
	ctx := context.Background()
	e := servertest.New(t, db)
	f := &findingsFixture{env: e, user: e.Token("user"), cashier: e.Token("cashier"), manager: e.Token("manager"), admin: e.Token("admin")}
	cu := db.Client.Customer.Create().SetName("Carla").SetEmail("carla@example.com").SetPhone("555-0100").SaveX(ctx)
	db.Client.LoyaltyProgram.Create().SetCustomerID(cu.ID).SaveX(ctx)
	f.customerID = cu.ID
	cashier := db.Client.User.Query().Where(user.UsernameHasPrefix("cashier")).OnlyX(ctx)
	f.cashierID = cashier.ID.String()
	emp := db.Client.Employee.Create().SetName("Cas Hier").SetPosition("till").SetPhone("555-0199").
		SetEmail("cas@example.com").SetUserID(cashier.ID).SaveX(ctx)
	f.employeeID = emp.ID
	p := e.Product("Tea", "TEA-1", "2.50", 10)
	r := e.Must(f.cashier, `mutation($p: ID!, $c: ID) { checkout(input: {customerId: $c, items: [{productId: $p, quantity: 1}], payments: [{method: CASH, amount: "5.00"}]}) { id } }`,
		map[string]any{"p": p.ID, "c": cu.ID})
	var sale struct{ ID string }
	if err := json.Unmarshal(r.Data["checkout"], &sale); err != nil {
		t.Fatal(err)
	}
	f.saleID = sale.ID
	var list []map[string]any
	f.rest(t, http.MethodGet, "/v1/transactions/", f.admin, "", http.StatusOK, &list)
	if len(list) == 0 {
		t.Fatal("checkout wrote no legacy transaction row")
	}
	f.transID, _ = list[0]["id"].(string)
	return f
}

func (f *findingsFixture) rest(t *testing.T, method, path, token, body string, want int, out any) {
	t.Helper()
	var rd *strings.Reader
	if body != "" {
		rd = strings.NewReader(body)
	} else {
		rd = strings.NewReader("")
	}
	resp := f.env.Do(method, path, token, rd)
	defer resp.Body.Close()
	if resp.StatusCode != want {
		var detail any
		_ = json.NewDecoder(resp.Body).Decode(&detail)
		t.Fatalf("%s %s: status %d, want %d: %v", method, path, resp.StatusCode, want, detail)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatal(err)
		}
	}
}

// refused asserts the answer carries a FORBIDDEN or UNAUTHENTICATED error and
// no data that could depend on what was hidden.
func refused(t *testing.T, label string, r servertest.Response, field string) {
	t.Helper()
	code := r.Code()
	if code != "FORBIDDEN" && code != "UNAUTHENTICATED" {
		t.Errorf("%s: code %q, want FORBIDDEN: %+v", label, code, r.Errors)
	}
	if raw := r.Data[field]; len(raw) > 0 && string(raw) != "null" {
		t.Errorf("%s: answered data %s", label, raw)
	}
}

// TestFilterOraclesAreClosed is finding 2: a where-input may not reach into
// fields or types the caller may not read, so a count cannot spell out a
// customer's email or an employee's phone a character at a time.
func TestFilterOraclesAreClosed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFindingsFixture(t, db)
		loyalty := `{ loyaltyPrograms(where: {hasCustomerWith: {emailHasPrefix: "c"}}) { totalCount } }`
		refused(t, "user: loyaltyPrograms.hasCustomerWith", f.env.GraphQL(f.user, loyalty, nil), "loyaltyPrograms")
		for _, q := range []string{
			`{ loyaltyPrograms(where: {hasCustomerWith: {phoneHasPrefix: "5"}}) { totalCount } }`,
			`{ loyaltyPrograms(where: {or: [{hasCustomerWith: {nameContains: "Car"}}]}) { totalCount } }`,
			`{ loyaltyPrograms(where: {not: {hasCustomer: true}}) { totalCount } }`,
		} {
			refused(t, "user: "+q, f.env.GraphQL(f.user, q, nil), "loyaltyPrograms")
		}
		employee := `{ sales(where: {hasEmployeeWith: {phoneHasPrefix: "555"}}) { totalCount } }`
		refused(t, "cashier: sales.hasEmployeeWith", f.env.GraphQL(f.cashier, employee, nil), "sales")
		refused(t, "manager: sales.hasEmployeeWith", f.env.GraphQL(f.manager, employee, nil), "sales")
		// Cost prices are not the till's: no filtering by them.
		refused(t, "cashier: products.costGT", f.env.GraphQL(f.cashier, `{ products(where: {costGT: "1.00"}) { totalCount } }`, nil), "products")

		// Those allowed to read the data still filter on it.
		f.env.Must(f.cashier, loyalty, nil)
		r := f.env.Must(f.admin, employee, nil)
		if !strings.Contains(string(r.Data["sales"]), `"totalCount":1`) {
			t.Errorf("admin: %s", r.Data["sales"])
		}
		f.env.Must(f.manager, `{ products(where: {costGT: "1.00"}) { totalCount } }`, nil)
	})
}

// TestStaffAreSeenAsStaffMembers is finding 3: walking from a sale, a cash
// session, a payment or a report to the user or employee behind it shows a
// non-admin only the staff view, never email, role, last sign-in or phone.
func TestStaffAreSeenAsStaffMembers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFindingsFixture(t, db)
		r := f.env.Must(f.cashier, `{ sales { edges { node { cashier { id displayName } } } }
			payments { edges { node { sale { cashier { displayName } } } } } }`, nil)
		if !strings.Contains(string(r.Data["sales"]), f.cashierID) || !strings.Contains(string(r.Data["payments"]), "displayName") {
			t.Errorf("staff view missing: %s %s", r.Data["sales"], r.Data["payments"])
		}
		for _, field := range []string{"email", "lastLoginAt", "role", "username"} {
			q := `{ sales { edges { node { cashier { ` + field + ` } } } } }`
			if r := f.env.GraphQL(f.cashier, q, nil); len(r.Errors) == 0 {
				t.Errorf("Sale.cashier.%s answered: %s", field, r.Data["sales"])
			}
		}
		// Employee records (private phone and email) are an administrator's.
		for _, tok := range []string{f.cashier, f.manager} {
			r := f.env.GraphQL(tok, `{ sales { edges { node { id employee { phone email } } } } }`, nil)
			if r.Code() != "FORBIDDEN" || strings.Contains(string(r.Data["sales"]), "555-0199") {
				t.Errorf("Sale.employee: code %q data %s", r.Code(), r.Data["sales"])
			}
			refused(t, "node(employee)", f.env.GraphQL(tok, `query($id: ID!) { node(id: $id) { id ... on Employee { phone } } }`, map[string]any{"id": f.employeeID}), "node")
			refused(t, "node(user)", f.env.GraphQL(tok, `query($id: ID!) { node(id: $id) { id ... on User { email } } }`, map[string]any{"id": f.cashierID}), "node")
		}
		r = f.env.Must(f.manager, `{ salesByCashier(from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z") { cashier { id displayName } netSales } }`, nil)
		if !strings.Contains(string(r.Data["salesByCashier"]), f.cashierID) {
			t.Errorf("salesByCashier: %s", r.Data["salesByCashier"])
		}
		// A user reads their own account and role, and nobody else's.
		r = f.env.Must(f.cashier, `{ me { username role { name permissions } } }`, nil)
		if !strings.Contains(string(r.Data["me"]), `"cashier"`) {
			t.Errorf("me: %s", r.Data["me"])
		}
		refused(t, "users", f.env.GraphQL(f.manager, `{ users { totalCount } }`, nil), "users")
		// The admin still sees everything.
		r = f.env.Must(f.admin, `{ sales { edges { node { employee { phone } } } } }`, nil)
		if !strings.Contains(string(r.Data["sales"]), "555-0199") {
			t.Errorf("admin Sale.employee: %s", r.Data["sales"])
		}
		// The /v1 route to a transaction's employee obeys the same rule.
		f.rest(t, http.MethodGet, "/v1/transactions/"+f.transID+"/employee", f.cashier, "", http.StatusForbidden, nil)
		f.rest(t, http.MethodGet, "/v1/transactions/"+f.transID+"/employee", f.admin, "", http.StatusOK, nil)
	})
}

// TestLegacyRecordsNeedAdminToWrite is finding 10: a cashier can no longer
// re-attribute another employee's transaction or change its payment type.
func TestLegacyRecordsNeedAdminToWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFindingsFixture(t, db)
		body := `{"payment_type": "card"}`
		path := "/v1/transactions/" + f.transID
		f.rest(t, http.MethodPut, path, f.cashier, body, http.StatusForbidden, nil)
		f.rest(t, http.MethodPut, path, f.manager, body, http.StatusForbidden, nil)
		f.rest(t, http.MethodPost, "/v1/transactions/", f.cashier, `{"sale_id": "`+f.saleID+`", "payment_type": "cash"}`, http.StatusForbidden, nil)
		f.rest(t, http.MethodPost, "/v1/payments/", f.cashier, `{"amount": 1, "payment_method": "cash"}`, http.StatusForbidden, nil)
		var got map[string]any
		f.rest(t, http.MethodGet, path, f.cashier, "", http.StatusOK, &got)
		if got["payment_type"] == "card" {
			t.Errorf("refused write changed the record: %v", got)
		}
		f.rest(t, http.MethodPut, path, f.admin, body, http.StatusOK, nil)
	})
}

// TestIdempotencyKeysAreTheirSendersToRead is finding 8's reading half (the
// scoping half is internal/pos's): a sale's idempotency key, which lets its
// holder replay the checkout, is shown to its cashier and to admins only.
func TestIdempotencyKeysAreTheirSendersToRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFindingsFixture(t, db)
		ctx := context.Background()
		if _, err := f.env.Auth.ProvisionUser(ctx, auth.NewUser{Username: "othercashier", Password: "password-other", Role: "cashier"}); err != nil {
			t.Fatal(err)
		}
		toks, _, err := f.env.Auth.Login(ctx, "othercashier", "password-other", "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		p := f.env.Product("Cake", "CAKE-1", "3.00", 5)
		f.env.Must(f.cashier, `mutation($p: ID!) { checkout(input: {idempotencyKey: "till-1-0001", items: [{productId: $p, quantity: 1}], payments: [{method: CASH, amount: "5.00"}]}) { id } }`,
			map[string]any{"p": p.ID})
		const q = `{ sales(where: {hasItemsWith: {productName: "Cake"}}) { edges { node { idempotencyKey } } } }`
		for who, tok := range map[string]string{"cashier": f.cashier, "admin": f.admin} {
			r := f.env.Must(tok, q, nil)
			if !strings.Contains(string(r.Data["sales"]), `"till-1-0001"`) {
				t.Errorf("%s: %s", who, r.Data["sales"])
			}
		}
		for who, tok := range map[string]string{"other cashier": toks.AccessToken, "manager": f.manager} {
			r := f.env.GraphQL(tok, q, nil)
			if r.Code() != "FORBIDDEN" || strings.Contains(string(r.Data["sales"]), "till-1") {
				t.Errorf("%s: code %q data %s", who, r.Code(), r.Data["sales"])
			}
		}

		// A payment's key, sent with addPayment, likewise.
		r := f.env.Must(f.cashier, `mutation($p: ID!) { createSale(input: {items: [{productId: $p, quantity: 1}]}) { id } }`, map[string]any{"p": p.ID})
		var open struct{ ID string }
		if err := json.Unmarshal(r.Data["createSale"], &open); err != nil {
			t.Fatal(err)
		}
		f.env.Must(f.cashier, `mutation($s: ID!) { addPayment(input: {saleId: $s, method: CARD, amount: "1.00", idempotencyKey: "till-1-pay-1"}) { id } }`, map[string]any{"s": open.ID})
		pq := `query($s: ID!) { node(id: $s) { ... on Sale { payments { idempotencyKey } } } }`
		for who, tok := range map[string]string{"cashier": f.cashier, "admin": f.admin} {
			r := f.env.Must(tok, pq, map[string]any{"s": open.ID})
			if !strings.Contains(string(r.Data["node"]), `"till-1-pay-1"`) {
				t.Errorf("%s: payment key: %s", who, r.Data["node"])
			}
		}
		r = f.env.GraphQL(toks.AccessToken, pq, map[string]any{"s": open.ID})
		if r.Code() != "FORBIDDEN" || strings.Contains(string(r.Data["node"]), "till-1") {
			t.Errorf("other cashier: payment key: code %q data %s", r.Code(), r.Data["node"])
		}
	})
}

// TestRESTViewsRedactSensitiveFields: the /v1 views answer null for the
// fields the permission table keeps from the caller (cost prices, supplier
// contacts, discount codes), the same rules GraphQL applies per field.
func TestRESTViewsRedactSensitiveFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFindingsFixture(t, db)
		ctx := context.Background()
		p := f.env.Product("Kettle", "KET-1", "20.00", 3)
		db.Client.Product.UpdateOneID(p.ID).SetCost(money.MustParse("12.50")).ExecX(ctx)
		sup := db.Client.Supplier.Create().SetName("Acme").SetEmail("sales@acme.example").SetPhone("555-0123").SaveX(ctx)
		code := "SAVE10"
		d := db.Client.Discount.Create().SetName("Ten off").SetCode(code).SetType("PERCENTAGE").SetValue(money.MustParse("10")).SaveX(ctx)

		get := func(tok, path string) map[string]any {
			var out map[string]any
			f.rest(t, http.MethodGet, path, tok, "", http.StatusOK, &out)
			return out
		}
		for _, tc := range []struct {
			who, tok                 string
			cost, contacts, discCode bool
		}{
			{"user", f.user, false, false, false},
			{"cashier", f.cashier, false, false, true},
			{"manager", f.manager, true, true, true},
			{"admin", f.admin, true, true, true},
		} {
			prod := get(tc.tok, "/v1/products/"+p.ID.String())
			if (prod["cost"] != nil) != tc.cost {
				t.Errorf("%s: product cost = %v", tc.who, prod["cost"])
			}
			s := get(tc.tok, "/v1/suppliers/"+sup.ID.String())
			if (s["email"] != nil) != tc.contacts || (s["phone"] != nil) != tc.contacts {
				t.Errorf("%s: supplier contacts = %v %v", tc.who, s["email"], s["phone"])
			}
			disc := get(tc.tok, "/v1/discounts/"+d.ID.String())
			if (disc["code"] != nil) != tc.discCode {
				t.Errorf("%s: discount code = %v", tc.who, disc["code"])
			}
			// Lists go through the same redaction.
			var list []map[string]any
			f.rest(t, http.MethodGet, "/v1/products/", tc.tok, "", http.StatusOK, &list)
			for _, it := range list {
				if (it["cost"] != nil) != tc.cost {
					t.Errorf("%s: product list cost = %v", tc.who, it["cost"])
				}
			}
		}
	})
}
