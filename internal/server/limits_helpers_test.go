package server_test

import (
	"bytes"
	"context"
	stdsql "database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/store"
)

// countingDriver counts the statements ent sends to the database, inside
// transactions too, so a test can tell a query that scales with its depth from
// one that scales with its rows.
type countingDriver struct {
	dialect.Driver
	n atomic.Int64
	// log, while set, keeps the text of the queries, for take.
	log     atomic.Bool
	mu      sync.Mutex
	queries []string
}

func (d *countingDriver) Exec(ctx context.Context, query string, args, v any) error {
	d.n.Add(1)
	return d.Driver.Exec(ctx, query, args, v)
}

func (d *countingDriver) Query(ctx context.Context, query string, args, v any) error {
	d.n.Add(1)
	if d.log.Load() {
		d.mu.Lock()
		d.queries = append(d.queries, query)
		d.mu.Unlock()
	}
	return d.Driver.Query(ctx, query, args, v)
}

// take returns the queries kept while log was set, and forgets them.
func (d *countingDriver) take() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	q := d.queries
	d.queries = nil
	return q
}

func (d *countingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &countingTx{Tx: tx, n: &d.n}, nil
}

// QueryContext and ExecContext carry the statements the rules write
// themselves (ent's Client and Tx QueryContext), counted like the rest.
func (d *countingDriver) QueryContext(ctx context.Context, q string, args ...any) (*stdsql.Rows, error) {
	d.n.Add(1)
	return d.Driver.(execQuerier).QueryContext(ctx, q, args...)
}

func (d *countingDriver) ExecContext(ctx context.Context, q string, args ...any) (stdsql.Result, error) {
	d.n.Add(1)
	return d.Driver.(execQuerier).ExecContext(ctx, q, args...)
}

// execQuerier is what entsql's driver and transaction add to dialect.Driver
// and dialect.Tx.
type execQuerier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*stdsql.Rows, error)
	ExecContext(ctx context.Context, q string, args ...any) (stdsql.Result, error)
}

type countingTx struct {
	dialect.Tx
	n *atomic.Int64
}

func (t *countingTx) Exec(ctx context.Context, query string, args, v any) error {
	t.n.Add(1)
	return t.Tx.Exec(ctx, query, args, v)
}

func (t *countingTx) Query(ctx context.Context, query string, args, v any) error {
	t.n.Add(1)
	return t.Tx.Query(ctx, query, args, v)
}

func (t *countingTx) QueryContext(ctx context.Context, q string, args ...any) (*stdsql.Rows, error) {
	t.n.Add(1)
	return t.Tx.(execQuerier).QueryContext(ctx, q, args...)
}

func (t *countingTx) ExecContext(ctx context.Context, q string, args ...any) (stdsql.Result, error) {
	t.n.Add(1)
	return t.Tx.(execQuerier).ExecContext(ctx, q, args...)
}

// testServer is the real HTTP handler over db, with its statements counted.
type testServer struct {
	h       http.Handler
	drv     *countingDriver
	client  *ent.Client
	dialect string
	token   string // an admin's access token
	// auth is what authenticating a request costs in statements (the token's
	// revocation check and its user), paid before any GraphQL runs.
	auth int64
	// authSvc is the server's auth service. Its principal cache is off, so
	// every request pays the same authentication statements and counts
	// stay comparable; cachePrincipals turns it on as production does.
	authSvc *auth.Service
}

// cachePrincipals turns the principal cache on, as `pandac serve` does, for
// an hour, so a slow test never sees an entry expire.
func (s *testServer) cachePrincipals(t testing.TB) {
	ctx, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	s.authSvc.CachePrincipals(ctx, time.Hour, nil)
}

func newTestServer(t testing.TB, db *store.DB) *testServer {
	t.Helper()
	return newTestServerWith(t, db, nil)
}

// readModes are the two ways the server answers reads: compiled to one
// statement per root field, and field by field through the resolvers (what
// anything the compiler does not take runs on).
var readModes = []struct {
	name string
	off  bool
}{{"compiled", false}, {"field by field", true}}

// newTestServer is newTestServer with adjust given the dependencies first.
func newTestServerWith(t testing.TB, db *store.DB, adjust func(*server.Deps)) *testServer {
	t.Helper()
	drv := &countingDriver{Driver: entsql.OpenDB(db.Dialect, db.SQL)}
	client := ent.NewClient(ent.Driver(drv))
	store.GuardReads(client)
	counted := &store.DB{Client: client, SQL: db.SQL, Dialect: db.Dialect}
	ctx := context.Background()
	authSvc, err := auth.New(ctx, client, auth.Options{BcryptCost: 4})
	if err != nil {
		t.Fatal(err)
	}
	// A second server over the same database signs the same admin in.
	if _, err := authSvc.ProvisionUser(ctx, auth.NewUser{Username: "perfadmin", Password: "perf-admin-password", Role: "admin"}); err != nil && !strings.Contains(err.Error(), "is taken") {
		t.Fatal(err)
	}
	toks, _, err := authSvc.Login(ctx, "perfadmin", "perf-admin-password", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	deps := server.Deps{
		DB:     counted,
		POS:    pos.New(client),
		Auth:   authSvc,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		// Wide enough that a page's keys always meet in one batch, so the
		// statement counts these tests pin do not depend on scheduling.
		BatchWindow: 50 * time.Millisecond,
	}
	if adjust != nil {
		adjust(&deps)
	}
	h := server.New(deps)
	s := &testServer{h: h, drv: drv, client: client, dialect: db.Dialect, token: toks.AccessToken, authSvc: authSvc}
	_, s.auth = s.mustQuery(t, `{ __typename }`, nil)
	return s
}

// gqlResponse is a GraphQL response with the parts the tests look at.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
	Extensions struct {
		Cost *server.QueryCost `json:"cost"`
	} `json:"extensions"`
}

func (r gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// post sends one GraphQL request body, as the admin, and returns the response
// and the number of SQL statements it caused, authentication included.
func (s *testServer) post(t testing.TB, body any) (gqlResponse, int64) {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.token)
	rec := httptest.NewRecorder()
	before := s.drv.n.Load()
	s.h.ServeHTTP(rec, req)
	n := s.drv.n.Load() - before
	var resp gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("status %d, body %.300s: %v", rec.Code, rec.Body.String(), err)
	}
	return resp, n
}

func (s *testServer) query(t testing.TB, q string, vars map[string]any) (gqlResponse, int64) {
	t.Helper()
	return s.post(t, map[string]any{"query": q, "variables": vars})
}

// mustQuery runs q and fails the test on any GraphQL error.
func (s *testServer) mustQuery(t testing.TB, q string, vars map[string]any) (gqlResponse, int64) {
	t.Helper()
	resp, n := s.query(t, q, vars)
	if len(resp.Errors) > 0 {
		t.Fatalf("query failed: %+v", resp.Errors)
	}
	return resp, n
}

// fixture is a small shop: products with stock and a supplier, customers, a
// cashier, and sales of three lines each, built directly with ent.
type fixture struct {
	products  []*ent.Product
	customers []*ent.Customer
	sales     []*ent.Sale
}

func seedShop(t testing.TB, client *ent.Client, nProducts, nCustomers, nSales int) fixture {
	t.Helper()
	ctx := context.Background()
	var f fixture
	sup := client.Supplier.Create().SetName("Acme Wholesale").SaveX(ctx)
	pb := make([]*ent.ProductCreate, nProducts)
	for i := range pb {
		pb[i] = client.Product.Create().
			SetName(fmt.Sprintf("Product %05d", i)).
			SetSku(fmt.Sprintf("SKU-%05d", i)).
			SetPrice(money.Amount(100 + i)).
			SetCost(money.Amount(50 + i))
	}
	f.products = client.Product.CreateBulk(pb...).SaveX(ctx)
	ib := make([]*ent.InventoryCreate, nProducts)
	for i, p := range f.products {
		ib[i] = client.Inventory.Create().SetProductID(p.ID).SetQuantity(1000).SetReorderLevel(5).SetSupplierID(sup.ID)
	}
	client.Inventory.CreateBulk(ib...).ExecX(ctx)
	cb := make([]*ent.CustomerCreate, nCustomers)
	for i := range cb {
		cb[i] = client.Customer.Create().SetName(fmt.Sprintf("Customer %04d", i))
	}
	f.customers = client.Customer.CreateBulk(cb...).SaveX(ctx)
	cashier := client.User.Create().SetUsername("cashier1").SetPasswordHash("x").SaveX(ctx)
	sb := make([]*ent.SaleCreate, nSales)
	for i := range sb {
		sb[i] = client.Sale.Create().
			SetStatus(sale.StatusCOMPLETED).
			SetCustomerID(f.customers[i%nCustomers].ID).
			SetCashierID(cashier.ID).
			SetSubtotal(300).SetTotal(300).SetPaidTotal(300)
	}
	f.sales = client.Sale.CreateBulk(sb...).SaveX(ctx)
	var lines []*ent.SaleItemCreate
	for i, s := range f.sales {
		for j := range 3 {
			p := f.products[(i*3+j)%nProducts]
			lines = append(lines, client.SaleItem.Create().
				SetSaleID(s.ID).SetProductID(p.ID).SetQuantity(1).
				SetUnitPrice(p.Price).SetUnitCost(p.Cost).SetSubtotal(p.Price).SetProductName(p.Name))
		}
	}
	client.SaleItem.CreateBulk(lines...).ExecX(ctx)
	return f
}

// newID is a syntactically valid id that names no row.
func newID() string { return uuid.New().String() }

// answer posts a raw GraphQL request body as the admin, the way the
// benchmarks and allocation budgets do, and reports whether it was answered
// 200 without errors; status and body are for the failure message.
func (s *testServer) answer(body []byte) (ok bool, status int, resp string) {
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.token)
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	ok = rec.Code == http.StatusOK && !bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`))
	return ok, rec.Code, rec.Body.String()
}
