package telemetry_test

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/go-chi/chi/v5"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
	"github.com/pandac/pandac/internal/telemetry"
)

// counter counts the statements ent sends, below the tracing wrapper, so the
// spans are compared with a count that owes nothing to them. Like
// countingDriver in internal/pos, it sees statements in transactions too.
type counter struct {
	statements atomic.Int64
	txs        atomic.Int64
}

type countingDriver struct {
	dialect.Driver
	c *counter
}

type execQuerier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*stdsql.Rows, error)
	ExecContext(ctx context.Context, q string, args ...any) (stdsql.Result, error)
}

func (d countingDriver) Exec(ctx context.Context, q string, args, v any) error {
	d.c.statements.Add(1)
	return d.Driver.Exec(ctx, q, args, v)
}

func (d countingDriver) Query(ctx context.Context, q string, args, v any) error {
	d.c.statements.Add(1)
	return d.Driver.Query(ctx, q, args, v)
}

func (d countingDriver) QueryContext(ctx context.Context, q string, args ...any) (*stdsql.Rows, error) {
	d.c.statements.Add(1)
	return d.Driver.(execQuerier).QueryContext(ctx, q, args...)
}

func (d countingDriver) ExecContext(ctx context.Context, q string, args ...any) (stdsql.Result, error) {
	d.c.statements.Add(1)
	return d.Driver.(execQuerier).ExecContext(ctx, q, args...)
}

func (d countingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	d.c.txs.Add(1)
	return countingTx{Tx: tx, c: d.c}, nil
}

type countingTx struct {
	dialect.Tx
	c *counter
}

func (t countingTx) Exec(ctx context.Context, q string, args, v any) error {
	t.c.statements.Add(1)
	return t.Tx.Exec(ctx, q, args, v)
}

func (t countingTx) Query(ctx context.Context, q string, args, v any) error {
	t.c.statements.Add(1)
	return t.Tx.Query(ctx, q, args, v)
}

func (t countingTx) QueryContext(ctx context.Context, q string, args ...any) (*stdsql.Rows, error) {
	t.c.statements.Add(1)
	return t.Tx.(execQuerier).QueryContext(ctx, q, args...)
}

func (t countingTx) ExecContext(ctx context.Context, q string, args ...any) (stdsql.Result, error) {
	t.c.statements.Add(1)
	return t.Tx.(execQuerier).ExecContext(ctx, q, args...)
}

// openTraced opens a fresh database of the dialect as serve does with
// tracing on (telemetry.WrapDriver over ent's driver), with the counter
// under the wrapper.
func openTraced(t *testing.T, dialectName string, tp trace.TracerProvider, c *counter) *store.DB {
	t.Helper()
	var wrap func(dialect.Driver) dialect.Driver
	if tp != nil {
		wrap = func(d dialect.Driver) dialect.Driver {
			return telemetry.WrapDriver(countingDriver{Driver: d, c: c}, tp)
		}
	} else {
		wrap = func(d dialect.Driver) dialect.Driver { return countingDriver{Driver: d, c: c} }
	}
	db, err := store.Open(storetest.URL(t, dialectName), store.Options{WrapDriver: wrap})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// trace is the spans of one request, by id.
type spans struct {
	all  []tracetest.SpanStub
	byID map[trace.SpanID]tracetest.SpanStub
}

func (s spans) where(keep func(tracetest.SpanStub) bool) []tracetest.SpanStub {
	var out []tracetest.SpanStub
	for _, sp := range s.all {
		if keep(sp) {
			out = append(out, sp)
		}
	}
	return out
}

// descends reports whether sp has ancestor among its parents.
func (s spans) descends(sp tracetest.SpanStub, ancestor trace.SpanID) bool {
	for p := sp.Parent.SpanID(); p.IsValid(); {
		if p == ancestor {
			return true
		}
		parent, ok := s.byID[p]
		if !ok {
			return false
		}
		p = parent.Parent.SpanID()
	}
	return false
}

func attr(sp tracetest.SpanStub, k attribute.Key) (attribute.Value, bool) {
	for _, kv := range sp.Attributes {
		if kv.Key == k {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

func isStatement(sp tracetest.SpanStub) bool {
	_, ok := attr(sp, "db.query.text")
	return ok
}

// collect waits for the request's server span to end (otelhttp ends it just
// after the response is written, so it may trail the client by a moment) and
// returns everything recorded.
func collect(t *testing.T, exp *tracetest.InMemoryExporter) spans {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := exp.GetSpans()
		for _, sp := range got {
			if sp.SpanKind == trace.SpanKindServer {
				s := spans{all: got, byID: map[trace.SpanID]tracetest.SpanStub{}}
				for _, sp := range got {
					s.byID[sp.SpanContext.SpanID()] = sp
				}
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no server span recorded; got %d spans", len(got))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

const secretName = "Zebra-7391 private"

// TestTracing runs requests through the real handler with tracing on and
// checks the span tree: one server span per request, one operation span
// under it for GraphQL, and exactly one span per statement sent (counted
// below the wrapper), each under the operation's span, carrying the SQL text
// and never the arguments.
func TestTracing(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d, func(t *testing.T) {
			exp := tracetest.NewInMemoryExporter()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
			c := &counter{}
			db := openTraced(t, d, tp, c)
			env := servertest.NewWith(t, db, func(deps *server.Deps) { deps.Tracer = tp })
			// The test counts the statements and spans each request makes
			// on the traced database; the reference twin's copy of every
			// query would add its own to both counts.
			env.NoDifferential = true
			env.Product(secretName, "TR-1", "2.50", 7)
			apple := env.Product("Apple", "TR-2", "1.00", 3)
			token := env.Token("manager")
			// Once signed in, the principal cache answers for the token, so
			// the requests below run only their own statements.
			env.Must(token, `{ __typename }`, nil)
			system := map[string]string{"sqlite": "sqlite", "postgres": "postgresql"}[d]

			t.Run("graphql query", func(t *testing.T) {
				exp.Reset()
				before := c.statements.Load()
				// One root field compiled to one statement, one answered by
				// the resolvers (aggregate has a resolver of its own).
				r := env.Must(token, `query Catalogue($name: String!) {
					products(first: 10, where: {nameContains: $name}) {
						totalCount edges { node { id name inventory { quantity } } }
					}
					stock: products(where: {nameContains: $name}) { aggregate { count } }
				}`, map[string]any{"name": "Zebra-7391"})
				if !strings.Contains(string(r.Data["products"]), secretName) {
					t.Fatalf("query found nothing: %s", r.Data["products"])
				}
				s := collect(t, exp)
				n := int(c.statements.Load() - before)
				if n < 2 {
					t.Fatalf("the query ran %d statements; the test wants several", n)
				}
				httpSpans := s.where(func(sp tracetest.SpanStub) bool { return sp.SpanKind == trace.SpanKindServer })
				if len(httpSpans) != 1 {
					t.Fatalf("%d server spans, want 1", len(httpSpans))
				}
				hs := httpSpans[0]
				if hs.Name != "POST /graphql" {
					t.Errorf("HTTP span named %q, want %q", hs.Name, "POST /graphql")
				}
				if v, _ := attr(hs, "http.route"); v.AsString() != "/graphql" {
					t.Errorf("http.route = %q", v.AsString())
				}
				ops := s.where(func(sp tracetest.SpanStub) bool { return strings.HasPrefix(sp.Name, "query") })
				if len(ops) != 1 {
					t.Fatalf("%d operation spans, want 1: %v", len(ops), names(s.all))
				}
				op := ops[0]
				if op.Name != "query Catalogue" {
					t.Errorf("operation span named %q", op.Name)
				}
				if v, _ := attr(op, "graphql.operation.type"); v.AsString() != "query" {
					t.Errorf("graphql.operation.type = %q", v.AsString())
				}
				if v, _ := attr(op, "graphql.operation.name"); v.AsString() != "Catalogue" {
					t.Errorf("graphql.operation.name = %q", v.AsString())
				}
				if op.Parent.SpanID() != hs.SpanContext.SpanID() {
					t.Errorf("operation span's parent is not the HTTP span")
				}
				stmts := s.where(isStatement)
				if len(stmts) != n {
					t.Fatalf("%d statement spans for %d statements: %v", len(stmts), n, names(stmts))
				}
				for _, sp := range stmts {
					q, _ := attr(sp, "db.query.text")
					if !s.descends(sp, op.SpanContext.SpanID()) {
						t.Errorf("statement span %q (%.60s) is not under the operation span", sp.Name, q.AsString())
					}
					if sp.SpanKind != trace.SpanKindClient {
						t.Errorf("statement span kind %v", sp.SpanKind)
					}
					if v, _ := attr(sp, "db.system.name"); v.AsString() != system {
						t.Errorf("db.system.name = %q, want %q", v.AsString(), system)
					}
					if v, _ := attr(sp, "db.system"); v.AsString() != system {
						t.Errorf("db.system = %q, want %q", v.AsString(), system)
					}
					if v, _ := attr(sp, "db.statement"); v.AsString() != q.AsString() {
						t.Errorf("db.statement differs from db.query.text")
					}
					for _, kv := range sp.Attributes {
						if strings.Contains(kv.Value.Emit(), "Zebra") {
							t.Errorf("statement span carries an argument: %s=%s", kv.Key, kv.Value.Emit())
						}
					}
					if sp.SpanContext.TraceID() != hs.SpanContext.TraceID() {
						t.Errorf("statement span in another trace")
					}
				}
			})

			t.Run("graphql mutation in a transaction", func(t *testing.T) {
				exp.Reset()
				before, txBefore := c.statements.Load(), c.txs.Load()
				env.Must(token, `mutation Add { createProduct(input: {name: "Pear", sku: "TR-3", price: 0.75}, stock: {quantity: 4}) { id } }`, nil)
				s := collect(t, exp)
				n, txs := int(c.statements.Load()-before), int(c.txs.Load()-txBefore)
				ops := s.where(func(sp tracetest.SpanStub) bool { return sp.Name == "mutation Add" })
				if len(ops) != 1 {
					t.Fatalf("%d operation spans named mutation Add: %v", len(ops), names(s.all))
				}
				stmts := s.where(isStatement)
				if len(stmts) != n || n == 0 {
					t.Fatalf("%d statement spans for %d statements: %v", len(stmts), n, names(stmts))
				}
				txSpans := s.where(func(sp tracetest.SpanStub) bool { return sp.Name == "transaction" })
				if len(txSpans) != txs || txs == 0 {
					t.Fatalf("%d transaction spans for %d transactions", len(txSpans), txs)
				}
				for _, tx := range txSpans {
					if v, _ := attr(tx, "db.transaction.outcome"); v.AsString() != "commit" {
						t.Errorf("transaction outcome %q, want commit", v.AsString())
					}
				}
				inTx := 0
				for _, sp := range stmts {
					if !s.descends(sp, ops[0].SpanContext.SpanID()) {
						t.Errorf("statement span %q is not under the operation span", sp.Name)
					}
					if parent, ok := s.byID[sp.Parent.SpanID()]; ok && parent.Name == "transaction" {
						inTx++
					}
				}
				if inTx == 0 {
					t.Errorf("no statement span is a child of the transaction span: %v", names(s.all))
				}
			})

			t.Run("graphql error", func(t *testing.T) {
				exp.Reset()
				r := env.GraphQL(token, `query Missing { node(id: "00000000-0000-0000-0000-000000000000") { id } product: products(where: {idIn: ["not-a-uuid"]}) { totalCount } }`, nil)
				if len(r.Errors) == 0 {
					t.Fatal("the query was meant to fail at execution and did not")
				}
				s := collect(t, exp)
				ops := s.where(func(sp tracetest.SpanStub) bool { return sp.Name == "query Missing" })
				if len(ops) != 1 {
					t.Fatalf("%d operation spans: %v", len(ops), names(s.all))
				}
				if v, _ := attr(ops[0], telemetry.ErrorCountKey); v.AsInt64() != int64(len(r.Errors)) {
					t.Errorf("graphql.error.count = %d, want %d", v.AsInt64(), len(r.Errors))
				}
				if ops[0].Status.Code.String() != "Error" {
					t.Errorf("operation status %v, want Error", ops[0].Status.Code)
				}
			})

			t.Run("rest", func(t *testing.T) {
				exp.Reset()
				before := c.statements.Load()
				res := env.Do(http.MethodGet, "/v1/products/"+apple.ID.String(), token, nil)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					t.Fatalf("GET /v1/products/ID: %d", res.StatusCode)
				}
				s := collect(t, exp)
				n := int(c.statements.Load() - before)
				httpSpans := s.where(func(sp tracetest.SpanStub) bool { return sp.SpanKind == trace.SpanKindServer })
				// Named after the route, never the path: no id in the name.
				if want := "GET /v1/products/{product_id}"; len(httpSpans) != 1 || httpSpans[0].Name != want {
					t.Fatalf("server spans %v, want one %s", names(httpSpans), want)
				}
				if ops := s.where(func(sp tracetest.SpanStub) bool { return strings.HasPrefix(sp.Name, "query") }); len(ops) != 0 {
					t.Errorf("a /v1 request made operation spans: %v", names(ops))
				}
				stmts := s.where(isStatement)
				if len(stmts) != n || n == 0 {
					t.Fatalf("%d statement spans for %d statements", len(stmts), n)
				}
				for _, sp := range stmts {
					if !s.descends(sp, httpSpans[0].SpanContext.SpanID()) {
						t.Errorf("statement span %q not under the HTTP span", sp.Name)
					}
				}
			})

			t.Run("no trace, no statement spans", func(t *testing.T) {
				// Work outside any request (here: a product made straight
				// through the core) has no trace to join and makes no spans.
				exp.Reset()
				env.Product("Quince", "TR-4", "3.00", 1)
				if got := exp.GetSpans(); len(got) != 0 {
					t.Errorf("%d spans from work outside a request: %v", len(got), names(got))
				}
			})
		})
	}
}

// TestTracingOff: with no tracer provider nothing is wrapped and nothing is
// recorded, even with a global provider installed that would record.
func TestTracingOff(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(tp)
	t.Cleanup(func() { otel.SetTracerProvider(prev) })

	c := &counter{}
	db := openTraced(t, "sqlite", nil, c)
	env := servertest.New(t, db)
	token := env.Token("manager")
	before := c.statements.Load()
	env.Must(token, `query Catalogue { products(first: 5) { totalCount edges { node { id inventory { quantity } } } } }`, nil)
	res := env.Do(http.MethodGet, "/v1/products", token, nil)
	res.Body.Close()
	if c.statements.Load() == before {
		t.Fatal("no statements ran; the check below would prove nothing")
	}
	if got := exp.GetSpans(); len(got) != 0 {
		t.Errorf("tracing off recorded %d spans: %v", len(got), names(got))
	}

	h := server.New(server.Deps{DB: db, POS: env.POS, Auth: env.Auth})
	if _, ok := h.(chi.Router); !ok {
		t.Errorf("with tracing off the handler is a %T, want the bare chi router", h)
	}
	if got := telemetry.WrapDriver(countingDriver{c: c}, nil); got != (countingDriver{c: c}) {
		t.Errorf("WrapDriver with no provider wrapped the driver: %T", got)
	}
	if telemetry.GraphQL(nil) != nil {
		t.Error("GraphQL with no provider returned an extension")
	}
	inner := http.NotFoundHandler()
	if got := telemetry.HTTP(inner, nil); fmt.Sprintf("%p", got) != fmt.Sprintf("%p", inner) {
		t.Errorf("HTTP with no provider wrapped the handler: %T", got)
	}
}

func names(ss []tracetest.SpanStub) []string {
	out := make([]string, len(ss))
	for i, sp := range ss {
		out[i] = sp.Name
	}
	return out
}
