package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/vektah/gqlparser/v2/ast"
	"golang.org/x/crypto/bcrypt"

	"github.com/pandac/pandac/graph"
	"github.com/pandac/pandac/internal/aggregate"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/rest"
	"github.com/pandac/pandac/internal/seed"
	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// This file is the generated authorization test: it walks the live GraphQL
// schema and the /v1 route table for every role and checks each answer
// against the permission table (internal/auth/policy). No expectation is
// written path by path; each one is derived from policy.Operation,
// policy.Type and policy.Field, with the Self and Inherit semantics
// graph.Authorize gives them.

// authzRoles are the callers the test acts as; "anonymous" sends no token.
var authzRoles = []string{"anonymous", "user", "cashier", "manager", "admin"}

// authzMaxDepth is how many edges below a root entity the walk follows.
const authzMaxDepth = 4

// authzFrom and authzTo bound every report: wide enough for any fixture sale
// (the seed's clock is fixed in May 2026).
// (salesReport refuses more than 2,500 periods of its default DAY grouping.)
const authzFrom, authzTo = "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z"

// callerOf is the table's view of a default role (nil: anonymous). Fixture
// rows are created by no test caller, so ownership (Rule.Owner) never applies.
func callerOf(role string) *policy.Caller {
	if role == "anonymous" {
		return nil
	}
	return &policy.Caller{Perms: policy.ParseStored(auth.DefaultRoles[role])}
}

// liveSchema is the schema the server executes.
func liveSchema() *ast.Schema {
	return graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{}}).Schema()
}

// authzFixture is a database holding at least one row of every entity type
// the graph reaches, and a server over it.
type authzFixture struct {
	env *servertest.Env
	// ids maps a GraphQL type to the id of one of its rows.
	ids map[string]string
	// secretKey and secretValue name the secret setting.
	secretKey, secretValue string
	tokens                 map[string]string
}

// newAuthzFixture seeds a small store (internal/seed with tiny counts), adds
// what the seed does not make (loyalty programs, a cash session with a
// movement, a purchase order with a line, a notification, a secret setting, a
// legacy transaction, an audit entry) and links every sale to an employee and
// every product to a discount, so each edge has data to show.
func newAuthzFixture(t *testing.T, db *store.DB) *authzFixture {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	if _, err := seed.Run(ctx, db, seed.Options{
		Products: 3, Customers: 2, Suppliers: 1, Sales: 6, Days: 3, RandSeed: 13, Password: "seed-password",
		HashPassword: func(pw string) (string, error) {
			h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
			return string(h), err
		},
		Now: func() time.Time { return now },
	}); err != nil {
		t.Fatalf("seed: %v", err)
	}
	c := db.Client
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
	}
	emp := c.Employee.Query().FirstX(ctx)
	cashier := emp.UserID
	disc := c.Discount.Query().FirstX(ctx)
	for _, p := range c.Product.Query().AllX(ctx) {
		must(c.Product.UpdateOne(p).SetDiscountID(disc.ID).AddDiscountIDs(disc.ID).Exec(ctx))
	}
	must(c.Sale.Update().SetEmployeeID(emp.ID).Exec(ctx))
	for _, cu := range c.Customer.Query().AllX(ctx) {
		must(c.LoyaltyProgram.Create().SetCustomerID(cu.ID).SetPoints(10).Exec(ctx))
	}
	sess := c.CashSession.Create().SetCashierID(*cashier).SaveX(ctx)
	must(c.CashMovement.Create().SetCashSessionID(sess.ID).SetKind("PAID_IN").SetReason("float").SetAmount(1000).Exec(ctx))
	sup := c.Supplier.Query().FirstX(ctx)
	prod := c.Product.Query().FirstX(ctx)
	po := c.PurchaseOrder.Create().SetSupplierID(sup.ID).SaveX(ctx)
	must(c.PurchaseOrderLine.Create().SetPurchaseOrderID(po.ID).SetProductID(prod.ID).SetQuantity(2).Exec(ctx))
	must(c.Notification.Create().SetType("SYSTEM").SetMessage("hello").Exec(ctx))
	fx := &authzFixture{secretKey: "authz_secret", secretValue: "s3cr3t-authz-value", ids: map[string]string{}, tokens: map[string]string{}}
	must(c.Setting.Create().SetKey(fx.secretKey).SetValue(fx.secretValue).SetIsSecret(true).Exec(ctx))
	sale := c.Sale.Query().FirstX(ctx)
	pay := c.Payment.Query().FirstX(ctx)
	must(c.Transaction.Create().SetPaymentType("CASH").SetSaleID(sale.ID).SetEmployeeID(emp.ID).SetPaymentID(pay.ID).Exec(ctx))
	must(c.AuditEntry.Create().SetAction("CREATE").SetEntityType("product").SetEntityID(prod.ID).SetActorID(*cashier).Exec(ctx))

	first := map[string]func() (fmt.Stringer, error){
		"AuditEntry":        func() (fmt.Stringer, error) { return c.AuditEntry.Query().FirstID(ctx) },
		"CashMovement":      func() (fmt.Stringer, error) { return c.CashMovement.Query().FirstID(ctx) },
		"CashSession":       func() (fmt.Stringer, error) { return c.CashSession.Query().FirstID(ctx) },
		"Customer":          func() (fmt.Stringer, error) { return c.Customer.Query().FirstID(ctx) },
		"Discount":          func() (fmt.Stringer, error) { return c.Discount.Query().FirstID(ctx) },
		"Employee":          func() (fmt.Stringer, error) { return c.Employee.Query().FirstID(ctx) },
		"Inventory":         func() (fmt.Stringer, error) { return c.Inventory.Query().FirstID(ctx) },
		"LoyaltyProgram":    func() (fmt.Stringer, error) { return c.LoyaltyProgram.Query().FirstID(ctx) },
		"Notification":      func() (fmt.Stringer, error) { return c.Notification.Query().FirstID(ctx) },
		"Payment":           func() (fmt.Stringer, error) { return c.Payment.Query().FirstID(ctx) },
		"Product":           func() (fmt.Stringer, error) { return c.Product.Query().FirstID(ctx) },
		"PurchaseOrder":     func() (fmt.Stringer, error) { return c.PurchaseOrder.Query().FirstID(ctx) },
		"PurchaseOrderLine": func() (fmt.Stringer, error) { return c.PurchaseOrderLine.Query().FirstID(ctx) },
		"Role":              func() (fmt.Stringer, error) { return c.Role.Query().FirstID(ctx) },
		"Sale":              func() (fmt.Stringer, error) { return c.Sale.Query().FirstID(ctx) },
		"SaleItem":          func() (fmt.Stringer, error) { return c.SaleItem.Query().FirstID(ctx) },
		"Setting":           func() (fmt.Stringer, error) { return c.Setting.Query().FirstID(ctx) },
		"StockMovement":     func() (fmt.Stringer, error) { return c.StockMovement.Query().FirstID(ctx) },
		"Supplier":          func() (fmt.Stringer, error) { return c.Supplier.Query().FirstID(ctx) },
		"Transaction":       func() (fmt.Stringer, error) { return c.Transaction.Query().FirstID(ctx) },
		"User":              func() (fmt.Stringer, error) { return c.User.Query().FirstID(ctx) },
	}
	for typ, f := range first {
		id, err := f()
		if err != nil {
			t.Fatalf("fixture has no %s: %v", typ, err)
		}
		fx.ids[typ] = id.String()
	}
	fx.env = servertest.New(t, db)
	for _, role := range authzRoles {
		if role != "anonymous" {
			fx.tokens[role] = fx.env.Token(role)
		}
	}
	return fx
}

// sel is one field of a query being built: a leaf when it has no children.
type sel struct {
	name, args string
	children   []*sel
}

func (s *sel) write(b *strings.Builder) {
	b.WriteString(s.name)
	if s.args != "" {
		b.WriteString("(" + s.args + ")")
	}
	if len(s.children) > 0 {
		b.WriteString(" {")
		for _, c := range s.children {
			b.WriteByte(' ')
			c.write(b)
		}
		b.WriteString(" }")
	}
}

func (s *sel) query() string {
	var b strings.Builder
	b.WriteString("{ ")
	s.write(&b)
	b.WriteString(" }")
	return b.String()
}

// objectChildren counts the children that select fields of their own.
func (s *sel) objectChildren() int {
	n := 0
	for _, c := range s.children {
		if len(c.children) > 0 {
			n++
		}
	}
	return n
}

// split divides a selection too costly to run in one request: the first node
// (breadth first) with several object children is copied once per such
// child, each copy keeping the node's leaves. It returns nil when s is a
// chain that cannot be split.
func (s *sel) split() []*sel {
	queue := []*sel{s}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if n.objectChildren() > 1 {
			var out []*sel
			for i, c := range n.children {
				if len(c.children) == 0 {
					continue
				}
				keep := n.children
				n.children = nil
				for j, k := range keep {
					if len(k.children) == 0 || j == i {
						n.children = append(n.children, k)
					}
				}
				out = append(out, s.clone())
				n.children = keep
			}
			return out
		}
		queue = append(queue, n.children...)
	}
	return nil
}

func (s *sel) clone() *sel {
	c := &sel{name: s.name, args: s.args}
	for _, k := range s.children {
		c.children = append(c.children, k.clone())
	}
	return c
}

// fieldArgs gives a field the arguments the walk calls it with: a page of 2,
// the wide report range, and a minimal value for any other required argument.
func fieldArgs(s *ast.Schema, f *ast.FieldDefinition) string {
	var args []string
	for _, a := range f.Arguments {
		switch {
		case a.Name == "first":
			args = append(args, "first: 2")
		case a.Name == "from":
			args = append(args, fmt.Sprintf("from: %q", authzFrom))
		case a.Name == "to":
			args = append(args, fmt.Sprintf("to: %q", authzTo))
		case a.Type.NonNull && a.DefaultValue == nil:
			v := validValue(s, a.Type, 0)
			if m, ok := v.(map[string]any); ok {
				// An input carrying a range (salesAnalytics') gets the walk's.
				if _, has := m["from"]; has {
					m["from"], m["to"] = authzFrom, authzTo
				}
			}
			args = append(args, a.Name+": "+literal(s, a.Type, v))
		}
	}
	return strings.Join(args, ", ")
}

// literal writes v as a GraphQL literal of type t: enum values bare, input
// objects as {field: value}, everything else as JSON.
func literal(s *ast.Schema, t *ast.Type, v any) string {
	if l, ok := v.([]any); ok && t.Elem != nil {
		parts := make([]string, len(l))
		for i, e := range l {
			parts[i] = literal(s, t.Elem, e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	if def := s.Types[t.Name()]; def != nil && v != nil {
		switch def.Kind {
		case ast.Enum:
			return fmt.Sprint(v)
		case ast.InputObject:
			m, _ := v.(map[string]any)
			var parts []string
			for _, f := range def.Fields {
				if fv, ok := m[f.Name]; ok {
					parts = append(parts, f.Name+": "+literal(s, f.Type, fv))
				}
			}
			return "{" + strings.Join(parts, ", ") + "}"
		}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// isObject reports whether the field returns an object (or interface) that
// needs a selection.
func isObject(s *ast.Schema, f *ast.FieldDefinition) bool {
	d := s.Types[f.Type.Name()]
	return d != nil && (d.Kind == ast.Object || d.Kind == ast.Interface || d.Kind == ast.Union)
}

// relayWrapper reports whether a type is a Relay connection, edge or
// PageInfo: levels the walk does not count as depth.
func relayWrapper(name string) bool {
	return strings.HasSuffix(name, "Connection") || strings.HasSuffix(name, "Edge") || name == "PageInfo"
}

// mayResolve is the expectation for one field, from the table alone: a root
// field needs its operation's rule, any other field its own rule when the
// table lists it; unless that rule is Self, the object type the field returns
// needs its rule too (Inherit and Public pass).
func mayResolve(s *ast.Schema, c *policy.Caller, parent string, f *ast.FieldDefinition, root bool) bool {
	self := false
	if root {
		r := policy.Operation(parent + "." + f.Name)
		if !r.Allows(c) {
			return false
		}
		self = r.Self
	} else if r, ok := policy.Field(parent, f.Name); ok {
		if !r.Allows(c) {
			return false
		}
		self = r.Self
	}
	if ret := s.Types[f.Type.Name()]; !self && ret != nil && ret.Kind == ast.Object {
		return policy.Type(ret.Name).Allows(c)
	}
	return true
}

// refusal is a field the caller may not resolve, below a path they may.
type refusal struct {
	typ, field string
	// chain is the selection from the root down to the field.
	chain *sel
	// path is the field names from the root to the field.
	path []string
}

// walk builds, under an allowed object of type typ, the selection of every
// field the caller may resolve (to authzMaxDepth edges), and records every
// field they may not as a refusal, with the chain of selections leading to
// it.
func walk(s *ast.Schema, c *policy.Caller, typ string, depth int, chain []*sel, path []string, out *sel, refused *[]refusal) {
	def := s.Types[typ]
	for _, f := range def.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		child := &sel{name: f.Name, args: fieldArgs(s, f)}
		fpath := append(slices.Clone(path), f.Name)
		if !mayResolve(s, c, typ, f, false) {
			leaf := &sel{name: f.Name, args: child.args}
			if isObject(s, f) {
				leaf.children = []*sel{{name: "__typename"}}
			}
			*refused = append(*refused, refusal{typ: typ, field: f.Name, chain: chainTo(chain, leaf), path: fpath})
			continue
		}
		if !isObject(s, f) {
			out.children = append(out.children, child)
			continue
		}
		next := depth
		if !relayWrapper(f.Type.Name()) {
			next++
		}
		if next > authzMaxDepth {
			continue
		}
		walk(s, c, f.Type.Name(), next, append(slices.Clone(chain), child), fpath, child, refused)
		if len(child.children) == 0 {
			child.children = []*sel{{name: "__typename"}}
		}
		out.children = append(out.children, child)
	}
}

// chainTo nests the selections of chain (root first) around leaf, each level
// selecting only the next.
func chainTo(chain []*sel, leaf *sel) *sel {
	cur := leaf
	for i := len(chain) - 1; i >= 0; i-- {
		cur = &sel{name: chain[i].name, args: chain[i].args, children: []*sel{cur}}
	}
	return cur
}

// deniedCodes are the codes a refusal by the table answers with.
var deniedCodes = map[string]bool{"FORBIDDEN": true, "UNAUTHENTICATED": true}

// namePath drops list indexes from an error path.
func namePath(p []any) []string {
	var out []string
	for _, e := range p {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// deniedAt reports whether r has a FORBIDDEN or UNAUTHENTICATED error at the
// path (list indexes ignored).
func deniedAt(r servertest.Response, path []string) bool {
	for _, e := range r.Errors {
		code, _ := e.Extensions["code"].(string)
		if deniedCodes[code] && slices.Equal(namePath(e.Path), path) {
			return true
		}
	}
	return false
}

// denials lists the FORBIDDEN and UNAUTHENTICATED errors of r.
func denials(r servertest.Response) []string {
	var out []string
	for _, e := range r.Errors {
		if code, _ := e.Extensions["code"].(string); deniedCodes[code] {
			out = append(out, strings.Join(namePath(e.Path), ".")+": "+e.Message)
		}
	}
	return out
}

// valuesAt returns every non-null value found at the path in data, across
// list elements.
func valuesAt(data any, path []string) []any {
	if data == nil {
		return nil
	}
	if l, ok := data.([]any); ok {
		var out []any
		for _, e := range l {
			out = append(out, valuesAt(e, path)...)
		}
		return out
	}
	if len(path) == 0 {
		return []any{data}
	}
	m, ok := data.(map[string]any)
	if !ok {
		return nil
	}
	return valuesAt(m[path[0]], path[1:])
}

// decodeData turns a response's data into plain values.
func decodeData(r servertest.Response) map[string]any {
	out := map[string]any{}
	for k, v := range r.Data {
		var x any
		_ = json.Unmarshal(v, &x)
		out[k] = x
	}
	return out
}

// authzEnv is one database's fixture and the schema, shared by the parts.
type authzEnv struct {
	s  *ast.Schema
	fx *authzFixture
}

func (e *authzEnv) graphQL(role, q string, vars map[string]any) servertest.Response {
	return e.fx.env.GraphQL(e.fx.tokens[role], q, vars)
}

// queryRoots are the root query fields the walk starts from: every one but
// node and nodes, which have their own part.
func queryRoots(s *ast.Schema) []*ast.FieldDefinition {
	var out []*ast.FieldDefinition
	for _, f := range s.Query.Fields {
		if strings.HasPrefix(f.Name, "__") || f.Name == "node" || f.Name == "nodes" {
			continue
		}
		out = append(out, f)
	}
	return out
}

// runAllowed sends a selection the caller may read in full, splitting it when
// the server's cost limits refuse it, and fails on any error.
func (e *authzEnv) runAllowed(t *testing.T, role string, root *sel, nonNull, connection bool) {
	t.Helper()
	r := e.graphQL(role, root.query(), nil)
	switch r.Code() {
	case server.CodeQueryTooComplex, server.CodeQueryTooDeep:
		parts := root.split()
		if parts == nil {
			t.Errorf("%s: %s cannot be split below the cost limits", role, root.name)
			return
		}
		for _, p := range parts {
			e.runAllowed(t, role, p, nonNull, connection)
		}
		return
	}
	if len(r.Errors) > 0 {
		t.Errorf("%s: %s: errors where the table allows everything: %v\nquery: %s", role, root.name, r.Errors, root.query())
		return
	}
	data := decodeData(r)
	if nonNull && data[root.name] == nil {
		t.Errorf("%s: %s answered no data", role, root.name)
	}
	if connection && len(valuesAt(data[root.name], []string{"edges", "node"})) == 0 {
		t.Errorf("%s: %s answered no rows, though the fixture has some", role, root.name)
	}
}

// checkRefused sends the chain to a refused field and checks the answer has
// no data there and no error but refusals. It reports where the refusal was
// seen: "exact" at the field, "ancestor" at a field above it (the entity
// query of an ancestor eager-loads the edge, and the read guard refuses that
// query whole), or "" when the chain never reached the field (empty lists,
// null edges) and the answer is null without an error.
func (e *authzEnv) checkRefused(t *testing.T, role string, rf refusal) string {
	t.Helper()
	r := e.graphQL(role, rf.chain.query(), nil)
	got := valuesAt(decodeData(r)[rf.path[0]], rf.path[1:])
	if ownRecord(role, rf) {
		// An owner rule on a field of the caller's own record (me.role):
		// the owner reads it.
		if len(got) == 0 || len(r.Errors) > 0 {
			t.Errorf("%s: %s.%s of their own record: got %v, errors %v", role, rf.typ, rf.field, got, r.Errors)
		}
		return "exact"
	}
	if len(got) > 0 {
		t.Errorf("%s: %s.%s is refused by the table but answered %v at %s", role, rf.typ, rf.field, got, strings.Join(rf.path, "."))
	}
	for _, e := range r.Errors {
		code, _ := e.Extensions["code"].(string)
		if !deniedCodes[code] {
			t.Errorf("%s: %s: unexpected error %s %q", role, strings.Join(rf.path, "."), code, e.Message)
		}
	}
	if deniedAt(r, rf.path) {
		return "exact"
	}
	for i := len(rf.path) - 1; i > 0; i-- {
		if deniedAt(r, rf.path[:i]) {
			return "ancestor"
		}
	}
	return ""
}

// ownRecord reports whether rf is a field with an owner rule directly on a
// root field that answers the caller's own record (a Self operation such as
// me), which the caller owns.
func ownRecord(role string, rf refusal) bool {
	r, ok := policy.Field(rf.typ, rf.field)
	return ok && r.Owner && role != "anonymous" && len(rf.path) == 2 && policy.Operation("Query."+rf.path[0]).Self
}

// TestAuthzTableGraph walks the live schema for every role on every database
// and checks each field's answer against the permission table.
func TestAuthzTableGraph(t *testing.T) {
	s := liveSchema()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		start := time.Now()
		e := &authzEnv{s: s, fx: newAuthzFixture(t, db)}
		t.Run("fields", e.testFields)
		t.Run("nodes", e.testNodes)
		t.Run("where", e.testWhere)
		t.Run("orderBy", e.testOrderBy)
		t.Run("secretSetting", e.testSecretSetting)
		t.Run("rest", e.testREST)
		t.Logf("authorization table test took %s", time.Since(start).Round(time.Millisecond))
	})
}

// testFields covers every root query field and, below each one the role may
// call, every field and edge to authzMaxDepth: allowed fields in as few
// requests as the cost limits permit, each refused (type, field) pair on its
// own, first through its shortest path.
func (e *authzEnv) testFields(t *testing.T) {
	for _, role := range authzRoles {
		t.Run(role, func(t *testing.T) {
			c := callerOf(role)
			checked := map[string]bool{}
			ancestor := map[string]bool{}
			var refusals []refusal
			unproven := map[string]bool{}
			for _, f := range queryRoots(e.s) {
				root := &sel{name: f.Name, args: fieldArgs(e.s, f)}
				if !mayResolve(e.s, c, "Query", f, true) {
					leaf := &sel{name: f.Name, args: root.args}
					if isObject(e.s, f) {
						leaf.children = []*sel{{name: "__typename"}}
					}
					r := e.graphQL(role, leaf.query(), nil)
					if !deniedAt(r, []string{f.Name}) || decodeData(r)[f.Name] != nil {
						t.Errorf("%s: Query.%s is refused by the table; got data %s, errors %v", role, f.Name, r.Data[f.Name], r.Errors)
					}
					continue
				}
				depth := 0
				if !relayWrapper(f.Type.Name()) {
					depth = 1
				}
				if isObject(e.s, f) {
					walk(e.s, c, f.Type.Name(), depth, []*sel{root}, []string{f.Name}, root, &refusals)
				}
				e.runAllowed(t, role, root, f.Type.NonNull, strings.HasSuffix(f.Type.Name(), "Connection"))
			}
			// Each refused pair is tried along its paths, shortest first,
			// until one reaches the field; a pair no path reaches is listed.
			sort.SliceStable(refusals, func(i, j int) bool { return len(refusals[i].path) < len(refusals[j].path) })
			tries := map[string]int{}
			for _, rf := range refusals {
				key := rf.typ + "." + rf.field
				if checked[key] || tries[key] >= 4 {
					continue
				}
				tries[key]++
				switch e.checkRefused(t, role, rf) {
				case "exact":
					checked[key] = true
					delete(unproven, key)
					delete(ancestor, key)
				case "ancestor":
					ancestor[key] = true
					delete(unproven, key)
				default:
					if !ancestor[key] {
						unproven[key] = true
					}
				}
			}
			// Every aggregate of a field the table restricts is one of the
			// refusals, and was seen refused at its own path: a sum of costs
			// must not be a way around Product.cost.
			aggRefused := aggregateRefusals(e.s, c)
			for key := range aggRefused {
				if !checked[key] {
					t.Errorf("%s: aggregated field %s is refused by the table but was not seen refused", role, key)
				}
			}
			t.Logf("%s: %d aggregated fields seen refused", role, len(aggRefused))
			if len(ancestor) > 0 {
				t.Logf("%s: refused fields refused at an ancestor (the whole entity query): %v", role, mapsKeys(ancestor))
			}
			if len(unproven) > 0 {
				t.Logf("%s: refused fields no path reached with data (answered null, no error): %v", role, mapsKeys(unproven))
			}
			t.Logf("%s: %d refused fields seen refused", role, len(checked))
		})
	}
}

// aggregateRefusals lists, as "ProductAggregateSum.cost", every aggregate
// sub-field computed from a field of policy.Fields that the caller may not
// read.
func aggregateRefusals(s *ast.Schema, c *policy.Caller) map[string]bool {
	out := map[string]bool{}
	for name, rule := range policy.Fields {
		typ, field, _ := strings.Cut(name, ".")
		if rule.Allows(c) {
			continue
		}
		for _, op := range aggregate.Operations {
			opType := aggregate.OpTypeName(typ, op)
			if def := s.Types[opType]; def != nil && def.Fields.ForName(field) != nil && policy.Type(typ).Allows(c) {
				out[opType+"."+field] = true
			}
		}
	}
	return out
}

func mapsKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// testNodes asks node(id) and nodes(ids) for a row of every entity type: the
// row comes back iff the table lets the role read its type.
func (e *authzEnv) testNodes(t *testing.T) {
	for _, role := range authzRoles {
		c := callerOf(role)
		for _, typ := range typeKeys(e.fx.ids) {
			id := e.fx.ids[typ]
			want := policy.Operation("Query.node").Allows(c) && policy.Type(typ).Allows(c)
			r := e.graphQL(role, `query($id: ID!) { node(id: $id) { __typename id } }`, map[string]any{"id": id})
			got := valuesAt(decodeData(r)["node"], []string{"id"})
			switch {
			case want && (len(got) != 1 || len(r.Errors) > 0):
				t.Errorf("%s: node(%s) should answer the row; got %s, errors %v", role, typ, r.Data["node"], r.Errors)
			case !want && (len(got) > 0 || !deniedAt(r, []string{"node"})):
				t.Errorf("%s: node(%s) should be refused; got %s, errors %v", role, typ, r.Data["node"], r.Errors)
			}
			want = policy.Operation("Query.nodes").Allows(c) && policy.Type(typ).Allows(c)
			r = e.graphQL(role, `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, map[string]any{"ids": []string{id}})
			got = valuesAt(decodeData(r)["nodes"], []string{"id"})
			switch {
			case want && (len(got) != 1 || len(r.Errors) > 0):
				t.Errorf("%s: nodes([%s]) should answer the row; got %s, errors %v", role, typ, r.Data["nodes"], r.Errors)
			case !want && (len(got) > 0 || len(denials(r)) == 0):
				t.Errorf("%s: nodes([%s]) should be refused; got %s, errors %v", role, typ, r.Data["nodes"], r.Errors)
			}
		}
	}
}

func typeKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// filterStep is what one where-input field reads, by entgql's naming: a
// field of object, or an edge (has<Edge>, has<Edge>With) of object to the
// type the edge field returns, the nested input naming the type its own
// fields read.
type filterStep struct {
	object, field string
	edgeTo        string
	nested        string
	logical       bool
}

// whereSuffixes are the endings entgql gives a field's predicates.
var whereSuffixes = []string{"", "NEQ", "In", "NotIn", "GT", "GTE", "LT", "LTE", "Contains", "HasPrefix", "HasSuffix",
	"EqualFold", "ContainsFold", "IsNil", "NotNil"}

// mapWhereField maps a field of a where-input to what it reads, independently
// of graph's own analysis; ok is false when the naming matches nothing.
func mapWhereField(s *ast.Schema, inputType string, k *ast.FieldDefinition) (filterStep, bool) {
	switch k.Name {
	case "and", "or", "not":
		return filterStep{logical: true}, true
	}
	obj := s.Types[strings.TrimSuffix(inputType, "WhereInput")]
	if obj == nil {
		return filterStep{}, false
	}
	best := filterStep{}
	found := false
	for _, f := range obj.Fields {
		if isObject(s, f) {
			has := "has" + string(unicode.ToUpper(rune(f.Name[0]))) + f.Name[1:]
			switch k.Name {
			case has:
				return filterStep{object: obj.Name, field: f.Name, edgeTo: f.Type.Name()}, true
			case has + "With":
				return filterStep{object: obj.Name, field: f.Name, edgeTo: f.Type.Name(), nested: k.Type.Name()}, true
			}
			continue
		}
		for _, suf := range whereSuffixes {
			if k.Name == f.Name+suf && (!found || len(f.Name) > len(best.field)) {
				best, found = filterStep{object: obj.Name, field: f.Name}, true
			}
		}
	}
	return best, found
}

// stepAllowed is the table's answer for one filter step: the caller must be
// able to read the field (its object's rule and its own) and, for an edge,
// the type it reaches.
func stepAllowed(c *policy.Caller, st filterStep) bool {
	if st.logical {
		return true
	}
	if !policy.CanRead(c, st.object, st.field) {
		return false
	}
	return st.edgeTo == "" || policy.Type(st.edgeTo).Allows(c)
}

// idFilter is the smallest non-empty filter on a where-input type: its id
// (an empty filter is not a valid predicate), and the step it reads.
func (e *authzEnv) idFilter(inputType string) (map[string]any, filterStep) {
	obj := strings.TrimSuffix(inputType, "WhereInput")
	return map[string]any{"id": e.fx.ids[obj]}, filterStep{object: obj, field: "id"}
}

// whereValue is a minimal valid value for a where-input field that is not an
// edge with a nested filter: a string predicate gets "x", an ID the id of a
// fixture row, a list one element, and/or a list of one id filter, not an id
// filter.
func (e *authzEnv) whereValue(inputType string, k *ast.FieldDefinition, st filterStep) any {
	if st.logical {
		f, _ := e.idFilter(inputType)
		if k.Type.Elem != nil {
			return []any{f}
		}
		return f
	}
	t := k.Type
	list := t.Elem != nil
	if list {
		t = t.Elem
	}
	var v any
	def := e.s.Types[t.NamedType]
	switch {
	case def != nil && def.Kind == ast.Enum:
		v = def.EnumValues[0].Name
	case t.NamedType == "ID":
		id := e.fx.ids[st.object]
		if ref, ok := strings.CutSuffix(st.field, "ID"); ok && ref != "" {
			if obj := e.s.Types[st.object]; obj != nil {
				if f := obj.Fields.ForName(ref); f != nil && e.fx.ids[f.Type.Name()] != "" {
					id = e.fx.ids[f.Type.Name()]
				}
			}
		}
		if id == "" {
			id = e.fx.ids["Product"]
		}
		v = id
	case t.NamedType == "String":
		v = "x"
	default:
		v = validValue(e.s, t, 0)
	}
	if list {
		return []any{v}
	}
	return v
}

// whereCase is one where value to try and whether the table admits it.
type whereCase struct {
	label string
	value map[string]any
	want  bool
	// group names the where-input the case's field sits in (its label's
	// prefix); wrap and field rebuild the value with other fields of the
	// same input merged in.
	group string
	wrap  func(map[string]any) map[string]any
	field string
	inner any
}

// whereCases builds one case per field of a where-input type reached through
// steps the caller passes or not (prefixOK). and/or/not carry an id filter;
// has<Edge>With carries [{id}], needing the edge and the nested type's id;
// where the caller may use the edge the nested input's fields are tried one
// by one as well, to two levels of nesting (deeper ones with [{id}]).
func (e *authzEnv) whereCases(c *policy.Caller, inputType string, prefixOK bool, depth int, wrap func(map[string]any) map[string]any, label string) []whereCase {
	var out []whereCase
	in := e.s.Types[inputType]
	for _, k := range in.Fields {
		st, ok := mapWhereField(e.s, inputType, k)
		want := prefixOK && ok && stepAllowed(c, st)
		if st.logical {
			_, idStep := e.idFilter(inputType)
			want = prefixOK && stepAllowed(c, idStep)
		}
		if !ok || st.nested == "" {
			v := e.whereValue(inputType, k, st)
			out = append(out, whereCase{label + k.Name, wrap(map[string]any{k.Name: v}), want, label, wrap, k.Name, v})
			continue
		}
		inner := func(m map[string]any) map[string]any { return wrap(map[string]any{k.Name: []any{m}}) }
		idf, idStep := e.idFilter(st.nested)
		out = append(out, whereCase{label + k.Name + ".id", inner(idf), want && stepAllowed(c, idStep), label + k.Name + ".", inner, "id", idf["id"]})
		if want && depth < 2 {
			out = append(out, e.whereCases(c, st.nested, want, depth+1, inner, label+k.Name+".")...)
		}
	}
	return out
}

// connectionRoots are the root fields taking a where argument.
func connectionRoots(s *ast.Schema) []*ast.FieldDefinition {
	var out []*ast.FieldDefinition
	for _, f := range s.Query.Fields {
		if a := f.Arguments.ForName("where"); a != nil {
			out = append(out, f)
		}
	}
	return out
}

// whereBatch is how many accepted fields of one where-input one request
// merges into a single filter. (and-ing many has<Edge>With filters instead
// makes PostgreSQL plan for seconds.)
const whereBatch = 60

// testWhere tries every where-input field (has<Edge>With nested ones
// included) on every connection root the role may call: accepted iff the
// table lets the role read what it filters on, and when refused, the answer
// carries an error and no count or row. Accepted fields of one where-input
// go merged into one filter, whereBatch at a time; a batch that fails is
// retried field by field to name the culprit.
func (e *authzEnv) testWhere(t *testing.T) {
	for _, role := range authzRoles {
		t.Run(role, func(t *testing.T) {
			c := callerOf(role)
			n, requests := 0, 0
			for _, f := range connectionRoots(e.s) {
				if !mayResolve(e.s, c, "Query", f, true) {
					continue
				}
				where := f.Arguments.ForName("where").Type
				q := fmt.Sprintf(`query($w: %s) { %s(first: 2, where: $w) { totalCount edges { node { id } } } }`, where.String(), f.Name)
				accepted := func(w map[string]any) (servertest.Response, bool) {
					requests++
					r := e.graphQL(role, q, map[string]any{"w": w})
					return r, len(r.Errors) == 0 && decodeData(r)[f.Name] != nil
				}
				var batch []whereCase
				flush := func() {
					if len(batch) == 0 {
						return
					}
					merged := map[string]any{}
					for _, wc := range batch {
						merged[wc.field] = wc.inner
					}
					if _, ok := accepted(batch[0].wrap(merged)); !ok {
						for _, wc := range batch {
							if r, ok := accepted(wc.value); !ok {
								t.Errorf("%s: %s(where: %s) is allowed by the table; got %v", role, f.Name, wc.label, r.Errors)
							}
						}
					}
					batch = batch[:0]
				}
				for _, wc := range e.whereCases(c, where.Name(), true, 0, func(m map[string]any) map[string]any { return m }, "") {
					n++
					if wc.want {
						if len(batch) == whereBatch || (len(batch) > 0 && batch[0].group != wc.group) {
							flush()
						}
						batch = append(batch, wc)
						continue
					}
					requests++
					r := e.graphQL(role, q, map[string]any{"w": wc.value})
					if !deniedAt(r, []string{f.Name}) || decodeData(r)[f.Name] != nil {
						t.Errorf("%s: %s(where: %s) filters on what the table hides; got data %s, errors %v", role, f.Name, wc.label, r.Data[f.Name], r.Errors)
					}
				}
				flush()
			}
			t.Logf("%s: %d where values tried in %d requests", role, n, requests)
		})
	}
}

// testOrderBy sorts every connection root the role may call by every value
// of its order-field enum: accepted iff the role may read the field sorted
// by.
func (e *authzEnv) testOrderBy(t *testing.T) {
	for _, role := range authzRoles {
		c := callerOf(role)
		for _, f := range connectionRoots(e.s) {
			a := f.Arguments.ForName("orderBy")
			if a == nil || !mayResolve(e.s, c, "Query", f, true) {
				continue
			}
			object := strings.TrimSuffix(f.Type.Name(), "Connection")
			enum := e.s.Types[e.s.Types[a.Type.Name()].Fields.ForName("field").Type.Name()]
			q := fmt.Sprintf(`query($o: %s) { %s(first: 2, orderBy: $o) { totalCount edges { node { id } } } }`, a.Type.String(), f.Name)
			for _, v := range enum.EnumValues {
				field := orderField(v.Name)
				if e.s.Types[object].Fields.ForName(field) == nil {
					t.Errorf("%s.%s names no field of %s", enum.Name, v.Name, object)
					continue
				}
				want := policy.CanRead(c, object, field)
				var val any = map[string]any{"field": v.Name, "direction": "ASC"}
				if a.Type.Elem != nil {
					val = []any{val}
				}
				r := e.graphQL(role, q, map[string]any{"o": val})
				got := len(r.Errors) == 0 && decodeData(r)[f.Name] != nil
				if got != want || (!want && !deniedAt(r, []string{f.Name})) {
					t.Errorf("%s: %s(orderBy: %s): table says %v; got data %s, errors %v", role, f.Name, v.Name, want, r.Data[f.Name], r.Errors)
				}
			}
		}
	}
}

// orderField turns an order-field value (COMPLETED_AT) into the field it
// sorts by (completedAt).
func orderField(v string) string {
	parts := strings.Split(strings.ToLower(v), "_")
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
	}
	return strings.Join(parts, "")
}

// testSecretSetting checks the value of a secret setting reaches only the
// roles the table gives Setting.secretValue, whatever path they take.
func (e *authzEnv) testSecretSetting(t *testing.T) {
	for _, role := range authzRoles {
		c := callerOf(role)
		r := e.graphQL(role, `query($k: String!) { settings(first: 5, where: {key: $k}) { edges { node { key value } } } }`, map[string]any{"k": e.fx.secretKey})
		values := valuesAt(decodeData(r)["settings"], []string{"edges", "node", "value"})
		leaked := slices.Contains(values, any(e.fx.secretValue))
		if want := policy.CanRead(c, "Setting", "secretValue"); want != leaked {
			t.Errorf("%s: secret setting value readable = %v, table says %v (values %v, errors %v)", role, leaked, want, values, r.Errors)
		}
		r = e.graphQL(role, `query($id: ID!) { node(id: $id) { ... on Setting { value } } }`, map[string]any{"id": e.secretSettingID(t)})
		if slices.Contains(valuesAt(decodeData(r)["node"], []string{"value"}), any(e.fx.secretValue)) && !policy.CanRead(c, "Setting", "secretValue") {
			t.Errorf("%s: node(secret setting) shows its value", role)
		}
	}
}

func (e *authzEnv) secretSettingID(t *testing.T) string {
	r := e.graphQL("admin", `query($k: String!) { settings(first: 1, where: {key: $k}) { edges { node { id } } } }`, map[string]any{"k": e.fx.secretKey})
	ids := valuesAt(decodeData(r)["settings"], []string{"edges", "node", "id"})
	if len(ids) != 1 {
		t.Fatalf("secret setting not found: %v", r.Errors)
	}
	return ids[0].(string)
}

// restTypes maps a /v1 path segment to the GraphQL type its GET answers.
var restTypes = map[string]string{
	"users": "User", "roles": "Role", "products": "Product", "customers": "Customer", "sales": "Sale",
	"items": "SaleItem", "payments": "Payment", "payment": "Payment", "transactions": "Transaction",
	"employee": "Employee", "employees": "Employee", "sale": "Sale", "suppliers": "Supplier",
	"purchase-orders": "PurchaseOrder", "pending": "PurchaseOrder", "discounts": "Discount",
	"loyalty-programs": "LoyaltyProgram", "notifications": "Notification", "settings": "Setting",
	"stock-levels": "Inventory", "search": "Supplier",
}

// restExpect is the table's answer for a GET route: the rule of the table
// entry the route names, and the rule of the type it answers, read off its
// last named segment.
func restExpect(rt rest.Route, c *policy.Caller) (bool, string) {
	rule := policy.Operation(rt.Op)
	if rule.Public {
		return true, ""
	}
	if !rule.Allows(c) {
		return false, ""
	}
	segs := strings.Split(strings.Trim(rt.Path, "/"), "/")
	for i := len(segs) - 1; i >= 0; i-- {
		if strings.HasPrefix(segs[i], "{") {
			continue
		}
		if typ, ok := restTypes[segs[i]]; ok {
			return policy.Type(typ).Allows(c), typ
		}
		break
	}
	return true, ""
}

// testREST sends every GET route of the /v1 table, with fixture ids in its
// path, as each role: refused (401/403) iff the route's permissions or the
// table's rule of the type it answers refuse the role.
func (e *authzEnv) testREST(t *testing.T) {
	for _, rt := range rest.Routes() {
		if rt.Method != http.MethodGet {
			continue
		}
		segs := strings.Split(rt.Path, "/")
		for i, sg := range segs {
			if !strings.HasPrefix(sg, "{") {
				continue
			}
			switch {
			case sg == "{date}":
				segs[i] = "2026-05-01"
			default:
				segs[i] = e.fx.ids[restTypes[segs[i-1]]]
			}
		}
		path := strings.Join(segs, "/")
		for _, role := range authzRoles {
			want, typ := restExpect(rt, callerOf(role))
			res := e.fx.env.Do(http.MethodGet, path, e.fx.tokens[role], nil)
			res.Body.Close()
			refused := res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden
			if refused == want {
				t.Errorf("%s: GET %s (%s) answered %d; route and table say allowed=%v", role, path, typ, res.StatusCode, want)
			}
		}
	}
}

// TestAuthzTableCoversSchema checks the table has an entry for every root
// field and every object type reachable from the roots, that every
// where-input field and order value names something the table can judge,
// and that the where-input analysis agrees with graph's by behaviour (an
// administrator is refused only what the table refuses everyone).
func TestAuthzTableCoversSchema(t *testing.T) {
	s := liveSchema()
	for _, op := range []*ast.Definition{s.Query, s.Mutation, s.Subscription} {
		if op == nil {
			continue
		}
		for _, f := range op.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if _, ok := policy.Operations[op.Name+"."+f.Name]; !ok {
				t.Errorf("root field %s.%s has no entry in policy.Operations", op.Name, f.Name)
			}
		}
	}
	seen := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		def := s.Types[name]
		if def == nil || seen[name] || strings.HasPrefix(name, "__") {
			return
		}
		seen[name] = true
		switch def.Kind {
		case ast.Object:
			if policy.Type(name).Nobody {
				t.Errorf("object type %s is reachable but has no rule in policy.Types", name)
			}
		case ast.Interface, ast.Union:
			for _, p := range s.GetPossibleTypes(def) {
				visit(p.Name)
			}
		default:
			return
		}
		for _, f := range def.Fields {
			visit(f.Type.Name())
		}
	}
	for _, op := range []*ast.Definition{s.Query, s.Mutation, s.Subscription} {
		if op != nil {
			for _, f := range op.Fields {
				visit(f.Type.Name())
			}
		}
	}
	for name, def := range s.Types {
		if def.Kind != ast.InputObject || !strings.HasSuffix(name, "WhereInput") {
			continue
		}
		for _, k := range def.Fields {
			if _, ok := mapWhereField(s, name, k); !ok {
				t.Errorf("where-input field %s.%s names no field or edge of %s", name, k.Name, strings.TrimSuffix(name, "WhereInput"))
			}
		}
	}
	// An aggregate's sub-fields take the rules of the fields they are
	// computed from (policy.Field), so each must name a field of its type.
	for name, def := range s.Types {
		base, op, ok := aggregate.Base(name)
		if !ok || op == "" || def.Kind != ast.Object {
			continue
		}
		for _, f := range def.Fields {
			if s.Types[base] == nil || s.Types[base].Fields.ForName(f.Name) == nil {
				t.Errorf("aggregate field %s.%s aggregates no field of %s", name, f.Name, base)
			}
		}
	}
	for name := range policy.Fields {
		typ, field, _ := strings.Cut(name, ".")
		if s.Types[typ] == nil {
			t.Errorf("policy.Fields names %s: no such type", name)
		} else if s.Types[typ].Fields.ForName(field) == nil && !strings.HasPrefix(field, "secret") {
			t.Errorf("policy.Fields names %s: no such field", name)
		}
	}
}
