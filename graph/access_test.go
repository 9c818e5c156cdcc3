package graph_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/pandac/pandac/graph"
	"github.com/pandac/pandac/graph/model"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/pos"
)

// callers are the principals every field is tried with: anonymous plus one
// per default role, holding exactly the default role's permissions.
var callers = []string{"anonymous", "user", "cashier", "manager", "admin"}

func principal(role string) *auth.Principal {
	if role == "anonymous" {
		return nil
	}
	return &auth.Principal{UserID: uuid.New(), Username: role, Role: role, Permissions: auth.DefaultRoles[role]}
}

// expected lists, for the fields that exist today, which callers may use
// them (a = anonymous, u = user, c = cashier, m = manager, A = admin). It is
// written out by hand from the access policy, not derived from the schema, so
// a directive that drifts from the policy fails here.
var expected = map[string]string{
	"Query.node": "ucmA", "Query.nodes": "ucmA", "Query.me": "ucmA",
	"Query.products": "ucmA", "Query.suppliers": "ucmA", "Query.discounts": "ucmA",
	"Query.loyaltyPrograms": "ucmA", "Query.settings": "ucmA",
	"Query.customers": "cmA", "Query.sales": "cmA", "Query.payments": "cmA",
	"Query.stockMovements": "cmA", "Query.notifications": "cmA",
	"Query.purchaseOrders": "mA",
	"Query.users":          "A", "Query.roles": "A", "Query.employees": "A", "Query.auditEntries": "A",

	"Mutation.register": "aucmA", "Mutation.login": "aucmA", "Mutation.refreshToken": "aucmA",
	"Mutation.logout": "ucmA", "Mutation.updateMe": "ucmA",
	"Mutation.createUser": "A", "Mutation.updateUser": "A", "Mutation.deleteUser": "A",
	"Mutation.createRole": "A", "Mutation.updateRole": "A", "Mutation.deleteRole": "A",
	"Mutation.createEmployee": "A", "Mutation.updateEmployee": "A", "Mutation.deleteEmployee": "A",

	"Mutation.createProduct": "mA", "Mutation.updateProduct": "mA", "Mutation.deleteProduct": "mA",
	"Mutation.createSupplier": "mA", "Mutation.updateSupplier": "mA", "Mutation.deleteSupplier": "mA",
	"Mutation.createDiscount": "mA", "Mutation.updateDiscount": "mA", "Mutation.deleteDiscount": "mA",
	"Mutation.createSetting": "mA", "Mutation.updateSetting": "mA", "Mutation.deleteSetting": "mA",
	"Mutation.createCustomer": "cmA", "Mutation.updateCustomer": "cmA", "Mutation.deleteCustomer": "mA",
	"Mutation.createLoyaltyProgram": "cmA", "Mutation.updateLoyaltyProgram": "mA", "Mutation.deleteLoyaltyProgram": "mA",
}

var letter = map[string]string{"anonymous": "a", "user": "u", "cashier": "c", "manager": "m", "admin": "A"}

// rule is a field's single access directive.
func rule(t *testing.T, f *ast.FieldDefinition, typ string) *ast.Directive {
	t.Helper()
	var found []*ast.Directive
	for _, d := range f.Directives {
		switch d.Name {
		case "hasPermission", "authenticated", "public":
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		t.Errorf("%s.%s must carry exactly one of @hasPermission(any: [...]), @authenticated or @public; has %d", typ, f.Name, len(found))
		return nil
	}
	return found[0]
}

// permsOf reads @hasPermission's list.
func permsOf(d *ast.Directive) []model.Permission {
	var out []model.Permission
	if a := d.Arguments.ForName("any"); a != nil {
		for _, c := range a.Value.Children {
			out = append(out, model.Permission(c.Value.Raw))
		}
	}
	return out
}

// run executes the real directive implementation for the field as role.
func run(d *ast.Directive, role string) error {
	dirs := graph.Directives()
	ctx := context.Background()
	if p := principal(role); p != nil {
		ctx = auth.WithPrincipal(ctx, p)
	}
	reached := false
	next := func(ctx context.Context) (any, error) { reached = true; return "ok", nil }
	var err error
	switch d.Name {
	case "hasPermission":
		_, err = dirs.HasPermission(ctx, nil, next, permsOf(d))
	case "authenticated":
		_, err = dirs.Authenticated(ctx, nil, next)
	case "public":
		_, err = dirs.Public(ctx, nil, next)
	}
	if (err == nil) != reached {
		return errors.New("directive both refused and called the resolver, or neither")
	}
	return err
}

// policy is what the role's permissions say about the directive: the
// data-driven rule that also covers fields added after this test was written.
func policy(d *ast.Directive, role string) bool {
	p := principal(role)
	switch d.Name {
	case "public":
		return true
	case "authenticated":
		return p != nil
	}
	return p.HasAny(graph.Permissions(permsOf(d))...)
}

func TestEveryRootFieldHasAnEnforcedRule(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{}, Directives: graph.Directives()}).Schema()
	seen := map[string]bool{}
	for _, typ := range []*ast.Definition{schema.Query, schema.Mutation, schema.Subscription} {
		if typ == nil {
			continue
		}
		for _, f := range typ.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue // introspection is open by design
			}
			name := typ.Name + "." + f.Name
			seen[name] = true
			d := rule(t, f, typ.Name)
			if d == nil {
				continue
			}
			if d.Name == "hasPermission" && len(permsOf(d)) == 0 {
				t.Errorf("%s: @hasPermission(any: []) grants nothing; use @authenticated", name)
			}
			want, listed := expected[name]
			for _, role := range callers {
				err := run(d, role)
				allowed := err == nil
				if allowed != policy(d, role) {
					t.Errorf("%s as %s: directive allowed=%v, role permissions say %v", name, role, allowed, !allowed)
				}
				if listed && allowed != strings.Contains(want, letter[role]) {
					t.Errorf("%s as %s: allowed=%v, the access policy says %v", name, role, allowed, !allowed)
				}
				if !allowed {
					pe := pos.AsError(err)
					wantCode := pos.CodeForbidden
					if role == "anonymous" {
						wantCode = pos.CodeUnauthenticated
					}
					if pe == nil || pe.Code != wantCode {
						t.Errorf("%s as %s: error %v, want code %s", name, role, err, wantCode)
					}
				}
			}
		}
	}
	for name := range expected {
		if !seen[name] {
			t.Errorf("expectation for %s, which is not in the schema", name)
		}
	}
}

// TestNodePermissionsMatchConnections holds node(id)'s per-table rule to the
// rule of the same type's connection on Query, so the two doors to a row
// never disagree.
func TestNodePermissionsMatchConnections(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{}, Directives: graph.Directives()}).Schema()
	tableOf := map[string]string{
		"Product": "products", "Supplier": "suppliers", "Discount": "discounts", "LoyaltyProgram": "loyalty_programs",
		"Setting": "settings", "Customer": "customers", "Sale": "pos_sales", "Payment": "payments",
		"StockMovement": "stock_movements", "Notification": "notifications", "PurchaseOrder": "purchase_orders",
		"User": "users", "Role": "roles", "Employee": "employees", "AuditEntry": "audit_entries",
		"CashSession": "cash_sessions",
	}
	checked := 0
	for _, f := range schema.Query.Fields {
		typ := strings.TrimSuffix(f.Type.Name(), "Connection")
		if typ == f.Type.Name() {
			continue
		}
		table, ok := tableOf[typ]
		if !ok {
			t.Errorf("connection %s: add %s to tableOf", f.Name, typ)
			continue
		}
		d := f.Directives.ForName("hasPermission")
		if d == nil {
			t.Errorf("connection %s has no @hasPermission", f.Name)
			continue
		}
		want := graph.Permissions(permsOf(d))
		got := auth.TablePermissions[table]
		slices.Sort(want)
		got = slices.Sorted(slices.Values(got))
		if !slices.Equal(want, got) {
			t.Errorf("%s: connection needs %v, node(id) needs %v", table, want, got)
		}
		checked++
	}
	if checked < len(tableOf) {
		t.Errorf("checked %d connections, expected %d", checked, len(tableOf))
	}
}
