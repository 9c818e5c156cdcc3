package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"golang.org/x/crypto/bcrypt"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/inventory"
	entproduct "github.com/pandac/pandac/ent/product"
	"github.com/pandac/pandac/internal/seed"
	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// differentialRoles are the callers every document is sent as: "anonymous"
// sends no token; "auditor" holds only the reports permission.
var differentialRoles = []string{"anonymous", "admin", "manager", "cashier", "user", "auditor"}

// The corpus: the same fixture values and the same seed give the same
// documents. PANDAC_DIFFERENTIAL_SEED and PANDAC_DIFFERENTIAL_DOCS override
// the seed and the number of generated documents, to search further than the
// default run does.
var (
	differentialSeed = envInt("PANDAC_DIFFERENTIAL_SEED", 20261204)
	differentialDocs = int(envInt("PANDAC_DIFFERENTIAL_DOCS", 600))
)

func envInt(name string, def int64) int64 {
	if v, err := strconv.ParseInt(os.Getenv(name), 10, 64); err == nil {
		return v
	}
	return def
}

// dashboardQuery is a depth-4 read of the kind a dashboard makes: sales with
// their customer, cash session, payments and lines, each line's product with
// its stock and supplier.
const dashboardQuery = `query Dashboard($n: Int = 10) {
  sales(first: $n, orderBy: {field: CREATED_AT, direction: DESC}, where: {statusNEQ: OPEN}) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        id status subtotal discountTotal taxTotal total refundedTotal completedAt voidedAt itemCount
        customer { id name tier loyaltyPoints loyaltyPrograms { points tier } }
        cashSession { id status openingFloat openedAt closedAt movements { kind amount reason } }
        payments { method kind status amount tendered paidAt cashSession { id status } }
        items {
          quantity refundedQuantity unitPrice subtotal productName
          product {
            name sku price isActive
            inventory { quantity reorderLevel supplier { name isActive productList } }
            discount { name code type value }
          }
        }
      }
    }
  }
}`

// TestDifferentialCorpus sends fixed and generated read documents, as every
// role, both to the compiled read path and to the field-by-field one over a
// rich fixture, and fails on any answer that is not the same bytes. Until the
// compiler lands both paths are the same code and it passes trivially; after,
// it is the compiler's proof.
func TestDifferentialCorpus(t *testing.T) {
	schema := liveSchema()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		start := time.Now()
		env := servertest.New(t, db)
		// The corpus compares through Differential itself; GraphQL's own
		// check would only ask again.
		env.NoDifferential = true
		fx := differentialFixture(t, env)
		tokens := map[string]string{"anonymous": ""}
		for _, r := range differentialRoles[1:] {
			tokens[r] = env.Token(r)
		}
		d := &differ{t: t, env: env, tokens: tokens, cleanBy: map[string]int{}, codes: map[string]int{}}
		vals := d.samples(schema)
		seeded := time.Since(start)

		// The fixed documents: the benchmark's three queries and a
		// dashboard four levels deep.
		for _, name := range []string{"q1", "q2", "q3"} {
			q, err := os.ReadFile("../../bench/" + name + ".graphql")
			if err != nil {
				t.Fatal(err)
			}
			d.all(name, genDoc{Query: string(q), Vars: map[string]any{"id": fx.product}})
		}
		d.all("q2 first 0", genDoc{Query: mustRead(t, "../../bench/q2.graphql"), Vars: map[string]any{"first": 0}})
		d.all("dashboard", genDoc{Query: dashboardQuery})
		d.all("dashboard 250", genDoc{Query: dashboardQuery, Vars: map[string]any{"n": 250}})
		d.all("dashboard 251", genDoc{Query: dashboardQuery, Vars: map[string]any{"n": 251}})
		fixed := d.docs

		g := newQueryGen(schema, differentialSeed, vals)
		for i := range differentialDocs {
			doc := g.Doc()
			if err := validateDoc(schema, doc); err != nil {
				t.Errorf("generated #%d is invalid, a generator bug: %v\n%s\nvariables: %s", i, err, doc.Query, mustJSON(doc.Vars))
			}
			d.all(fmt.Sprintf("generated #%d", i), doc)
		}
		compiled, resolved := rootFieldAnswers(t, env)
		t.Logf("%s, seed %d: %d documents (%d fixed, %d generated) x %d roles = %d compared answers (plus %d cursor and sample pages); %d differ; "+
			"%d answered with data only, %d with errors, %d hold at least one node; root fields answered compiled %d, by the resolvers %d; fixture and samples %s, corpus %s",
			db.Dialect, differentialSeed, d.docs, fixed, differentialDocs, len(differentialRoles), d.compared, d.pages, d.differ,
			d.clean, d.compared-d.clean, d.rows, compiled, resolved, seeded.Round(time.Millisecond), (time.Since(start) - seeded).Round(time.Millisecond))
		// Most of the corpus is refused to some role or selects a field
		// with a resolver of its own; still, a good share must compile,
		// or the comparison proves nothing.
		if compiled < 500 {
			t.Errorf("only %d root fields were answered compiled; the corpus no longer exercises the compiler", compiled)
		}
		t.Logf("answers without errors by role: %v; answers with errors by first code: %v", d.cleanBy, d.codes)
	})
}

// rootFieldAnswers reads from the server's /metrics how many root fields of
// queries it answered compiled and how many through the resolvers.
func rootFieldAnswers(t *testing.T, env *servertest.Env) (compiled, resolved int) {
	t.Helper()
	res := env.Do(http.MethodGet, "/metrics", servertest.MetricsToken, nil)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(body), "\n") {
		var n int
		if _, err := fmt.Sscanf(line, `pandac_graphql_query_root_fields_total{answer="compiled"} %d`, &n); err == nil {
			compiled = n
		}
		if _, err := fmt.Sscanf(line, `pandac_graphql_query_root_fields_total{answer="resolved"} %d`, &n); err == nil {
			resolved = n
		}
	}
	return compiled, resolved
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// differ sends documents both ways and counts what it saw.
type differ struct {
	t      *testing.T
	env    *servertest.Env
	tokens map[string]string
	// docs, compared, pages, differ and clean count documents, answers
	// compared, cursor pages fetched, answers that differed and answers
	// without errors.
	docs, compared, pages, differ, clean int
	// rows counts answers that hold at least one node.
	rows int
	// cleanBy counts answers without errors per role; codes counts answers
	// with errors by the code of their first.
	cleanBy, codes map[string]int
}

// maxReported bounds the differences printed in full; the rest are counted.
const maxReported = 10

// all sends the document as every role (after fetching the cursor page it
// pages on from, if any) and reports each answer that differs.
func (d *differ) all(name string, doc genDoc) {
	d.t.Helper()
	d.docs++
	if p := doc.Prev; p != nil {
		compiled, ref := d.env.Differential(d.tokens["admin"], p.Query, p.Vars)
		d.pages++
		d.check(name+" (cursor page)", "admin", p.Query, p.Vars, compiled, ref)
		var page struct {
			Data map[string]struct {
				PageInfo map[string]*string `json:"pageInfo"`
			} `json:"data"`
		}
		if err := json.Unmarshal(ref, &page); err != nil {
			d.t.Fatalf("%s: cursor page: %v: %s", name, err, ref)
		}
		vars := map[string]any{}
		for k, v := range doc.Vars {
			vars[k] = v
		}
		if c := page.Data[p.Root].PageInfo[p.Take]; c != nil {
			vars[p.Var] = *c
		}
		doc.Vars = vars
	}
	for _, role := range differentialRoles {
		compiled, ref := d.env.Differential(d.tokens[role], doc.Query, doc.Vars)
		d.compared++
		if bytes.Contains(ref, []byte(`"node":{`)) || bytes.Contains(ref, []byte(`"nodes":[{`)) {
			d.rows++
		}
		if !bytes.Contains(ref, []byte(`"errors":`)) {
			d.clean++
			d.cleanBy[role]++
		} else {
			var r servertest.Response
			_ = json.Unmarshal(ref, &r)
			d.codes[r.Code()]++
		}
		d.check(name, role, doc.Query, doc.Vars, compiled, ref)
	}
}

func (d *differ) check(name, role, query string, vars map[string]any, compiled, ref []byte) {
	d.t.Helper()
	if bytes.Equal(compiled, ref) {
		return
	}
	d.differ++
	if d.differ > maxReported {
		return
	}
	v, _ := json.Marshal(vars)
	d.t.Errorf("%s as %s: the compiled answer differs from the field-by-field one\nquery: %s\nvariables: %s\n%s",
		name, role, query, v, servertest.Mismatch(200, compiled, 200, ref))
}

// samples reads every root connection as admin (comparing both ways too)
// and keeps the scalar values seen, for the generator's predicates and ids.
func (d *differ) samples(s *ast.Schema) *sampleValues {
	d.t.Helper()
	vals := &sampleValues{}
	for _, f := range s.Query.Fields {
		if !isConnection(s, f.Type.Name()) {
			continue
		}
		node := s.Types[s.Types[f.Type.Name()].Fields.ForName("edges").Type.Elem.NamedType].Fields.ForName("node").Type.NamedType
		var scalars []string
		for _, sf := range s.Types[node].Fields {
			k := s.Types[sf.Type.Name()].Kind
			if !strings.HasPrefix(sf.Name, "__") && !hasRequiredArg(sf) && (k == ast.Scalar || k == ast.Enum) {
				scalars = append(scalars, sf.Name)
			}
		}
		q := fmt.Sprintf("{ %s(first: 250) { edges { node { %s } } } }", f.Name, strings.Join(scalars, " "))
		compiled, ref := d.env.Differential(d.tokens["admin"], q, nil)
		d.pages++
		d.check("samples of "+f.Name, "admin", q, nil, compiled, ref)
		var page struct {
			Data map[string]struct {
				Edges []struct {
					Node map[string]any `json:"node"`
				} `json:"edges"`
			} `json:"data"`
			Errors []any `json:"errors"`
		}
		dec := json.NewDecoder(bytes.NewReader(ref))
		dec.UseNumber()
		if err := dec.Decode(&page); err != nil {
			d.t.Fatalf("samples of %s: %v: %s", f.Name, err, ref)
		}
		if len(page.Errors) > 0 {
			d.t.Logf("samples of %s: %s", f.Name, servertest.Truncate(string(ref), 500))
		}
		for _, e := range page.Data[f.Name].Edges {
			if e.Node != nil {
				vals.add(node, e.Node)
			}
		}
	}
	vals.sort()
	return vals
}

// diffFixture is what the corpus needs to know of the fixture.
type diffFixture struct {
	product string // a product's id, for bench/q3.graphql
}

// differentialFixture fills the store: the demo seed (catalogue with stock,
// customers, suppliers, staff, sales with payments, refunds and voids over ten
// days), then through the GraphQL API loyalty programs, a discount on
// products, purchase orders in every status, a low-stock notification, a
// closed cash session with sales, a refund, a void and cash movements, an
// open one with a sale, and an OPEN sale.
func differentialFixture(t *testing.T, env *servertest.Env) diffFixture {
	t.Helper()
	ctx := context.Background()
	if _, err := seed.Run(ctx, env.DB, seed.Options{
		Products: 24, Customers: 10, Suppliers: 4, Sales: 60, Days: 10, RandSeed: 29, Password: "seed-password",
		HashPassword: func(pw string) (string, error) {
			h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
			return string(h), err
		},
		Now: func() time.Time { return time.Now().Add(-time.Hour) },
	}); err != nil {
		t.Fatalf("seed: %v", err)
	}
	c := env.DB.Client
	if err := c.Role.Create().SetName("auditor").SetPermissions([]string{"reports"}).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	prods, err := c.Product.Query().Where(entproduct.IsActive(true), entproduct.HasInventoryWith(inventory.QuantityGTE(30))).
		Order(ent.Asc(entproduct.FieldSku)).Limit(8).All(ctx)
	if err != nil || len(prods) < 6 {
		t.Fatalf("fixture: %d stocked products: %v", len(prods), err)
	}
	p := make([]string, len(prods))
	for i, pr := range prods {
		p[i] = pr.ID.String()
	}
	customers, err := c.Customer.Query().Order(ent.Asc("name")).IDs(ctx)
	if err != nil || len(customers) < 5 {
		t.Fatalf("fixture: %d customers: %v", len(customers), err)
	}
	suppliers, err := c.Supplier.Query().Order(ent.Asc("name")).IDs(ctx)
	if err != nil || len(suppliers) < 2 {
		t.Fatalf("fixture: %d suppliers: %v", len(suppliers), err)
	}
	manager, cashier := env.Token("manager"), env.Token("cashier")
	must := func(token, q string, vars map[string]any) map[string]json.RawMessage {
		t.Helper()
		return env.Must(token, q, vars).Data
	}
	id := func(raw json.RawMessage, field string) string {
		t.Helper()
		var v map[string]any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		return v[field].(string)
	}

	for i, cu := range customers[:5] {
		must(manager, `mutation($in: CreateLoyaltyProgramInput!) { createLoyaltyProgram(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"customerID": cu.String(), "name": fmt.Sprintf("Club %d", i), "points": 40 * i, "tier": []string{"BRONZE", "SILVER", "GOLD"}[i%3]}})
	}
	must(manager, `mutation($in: CreateDiscountInput!) { createDiscount(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"name": "Spring 5%", "code": "SPRING5", "type": "PERCENTAGE", "value": "5", "productIDs": p[:3]}})

	po := `mutation($in: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $in) { id } }`
	status := `mutation($id: ID!, $s: PurchaseOrderStatus!) { updatePurchaseOrderStatus(id: $id, status: $s) { id } }`
	for i, path := range [][]string{{}, {"SHIPPED"}, {"SHIPPED", "DELIVERED"}, {"CANCELLED"}} {
		in := map[string]any{"supplierId": suppliers[i%len(suppliers)].String(), "notes": fmt.Sprintf("order %d", i),
			"lines": []any{
				map[string]any{"productId": p[i], "quantity": 5 + i, "unitCost": "1.25"},
				map[string]any{"productId": p[i+1], "quantity": 2, "unitCost": "3.10"},
			}}
		o := id(must(manager, po, map[string]any{"in": in})["createPurchaseOrder"], "id")
		for _, s := range path {
			must(manager, status, map[string]any{"id": o, "s": s})
		}
	}
	must(manager, `mutation($p: ID!) { setReorderLevel(productId: $p, reorderLevel: 1000) { id } }`, map[string]any{"p": p[5]})
	must(manager, `mutation($in: AdjustStockInput!) { adjustStock(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"productId": p[5], "delta": -3, "reason": "damaged"}})
	must(manager, `mutation($in: RestockProductInput!) { restockProduct(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"productId": p[4], "quantity": 12, "unitCost": "2.00", "reason": "weekly"}})

	checkout := `mutation($in: CheckoutInput!) { checkout(input: $in) { id total items { id } } }`
	// sell rings up the lines; CASH tenders 500 (the rest is change), CARD
	// pays the exact total in a second call, as it may not exceed it.
	sell := func(token string, customer any, code any, method string, lines ...[2]any) (string, []string) {
		t.Helper()
		var items []any
		for _, l := range lines {
			items = append(items, map[string]any{"productId": l[0], "quantity": l[1]})
		}
		in := map[string]any{"items": items, "customerId": customer, "discountCode": code}
		if method == "CASH" {
			in["payments"] = []any{map[string]any{"method": method, "amount": "500"}}
		}
		var s struct {
			ID    string
			Total string
			Items []struct{ ID string }
		}
		if err := json.Unmarshal(must(token, checkout, map[string]any{"in": in})["checkout"], &s); err != nil {
			t.Fatal(err)
		}
		if method != "CASH" {
			must(token, `mutation($in: AddPaymentInput!) { addPayment(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"saleId": s.ID, "method": method, "amount": s.Total, "reference": "card-" + s.ID[:4]}})
		}
		var lineIDs []string
		for _, it := range s.Items {
			lineIDs = append(lineIDs, it.ID)
		}
		return s.ID, lineIDs
	}
	must(cashier, `mutation { openCashSession(openingFloat: "150.00") { id } }`, nil)
	s1, s1items := sell(cashier, customers[0].String(), nil, "CASH", [2]any{p[0], 2}, [2]any{p[1], 1})
	sell(cashier, customers[1].String(), "WELCOME10", "CARD", [2]any{p[2], 3})
	s3, _ := sell(cashier, nil, nil, "CASH", [2]any{p[3], 1})
	sell(cashier, customers[2].String(), nil, "CARD", [2]any{p[0], 1}, [2]any{p[4], 2})
	must(cashier, `mutation($in: RefundSaleInput!) { refundSale(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"saleId": s1, "items": []any{map[string]any{"saleItemId": s1items[0], "quantity": 1}}, "reason": "broken"}})
	must(cashier, `mutation($in: RefundSaleInput!) { refundSale(input: $in) { id } }`, map[string]any{"in": map[string]any{"saleId": s3}})
	must(cashier, `mutation($in: RecordCashMovementInput!) { recordCashMovement(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"kind": "PAID_OUT", "amount": "12.50", "reason": "milk"}})
	must(cashier, `mutation { closeCashSession(countedCash: "300.00") { id } }`, nil)

	must(manager, `mutation { openCashSession(openingFloat: "80.00") { id } }`, nil)
	s5, _ := sell(manager, customers[3].String(), nil, "CASH", [2]any{p[1], 1})
	must(manager, `mutation($id: ID!) { voidSale(id: $id, reason: "wrong customer") { id } }`, map[string]any{"id": s5})
	sell(manager, customers[4].String(), "SPRING5", "DIGITAL_WALLET", [2]any{p[0], 1}, [2]any{p[2], 1})
	must(manager, `mutation($in: RecordCashMovementInput!) { recordCashMovement(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"kind": "PAID_IN", "amount": "20.00", "reason": "change"}})
	must(manager, `mutation($in: NewSaleInput!) { createSale(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"customerId": customers[0].String(), "notes": "on hold", "items": []any{map[string]any{"productId": p[3], "quantity": 2}}}})
	return diffFixture{product: p[0]}
}
