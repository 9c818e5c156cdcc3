package telemetry

import (
	"context"
	stdsql "database/sql"
	"errors"
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"
)

// Statement spans are started by a wrapper around ent's driver rather than
// by a pgx QueryTracer. The wrapper sees every statement ent sends on both
// databases Pandac runs on (SQLite has no pgx), inside transactions too,
// with the SQL text as ent built it; a pgx tracer would cover PostgreSQL
// only. What it does not see are the few statements sent through the bare
// *sql.DB (migrations at start, the /ready ping, the event bus's
// pg_notify): none of them is a request's reading or writing.

// Legacy attribute keys. Semantic conventions renamed db.system to
// db.system.name and db.statement to db.query.text; many backends (Jaeger's
// SQL view among them) still key on the old names, so spans carry both.
const (
	legacyDBSystem    = attribute.Key("db.system")
	legacyDBStatement = attribute.Key("db.statement")
)

// WrapDriver returns drv wrapped so that each statement it runs (Exec,
// Query, ExecContext, QueryContext, on the driver or in a transaction) is a
// client span named after the statement's verb ("SELECT", "INSERT"), with
// db.system.name and db.query.text (the SQL text with its placeholders; the
// arguments are never recorded, as they may hold customers' personal data),
// and the error, if any. A transaction is a span from BEGIN to COMMIT or
// ROLLBACK, parent of its statements' spans, so time spent holding a
// transaction open shows too.
//
// Only statements run under a span (a request's) are traced: work with no
// trace to belong to (migrations, background sweeps) would otherwise send a
// one-span trace per statement. Give it a nil tp and it returns drv as is.
func WrapDriver(drv dialect.Driver, tp trace.TracerProvider) dialect.Driver {
	if tp == nil {
		return drv
	}
	sys := systemOf(drv.Dialect())
	return &tracedDriver{Driver: drv, t: &tracer{
		tracer: tp.Tracer(ScopeName),
		system: []attribute.KeyValue{sys, legacyDBSystem.String(sys.Value.AsString())},
	}}
}

func systemOf(d string) attribute.KeyValue {
	switch d {
	case dialect.Postgres:
		return semconv.DBSystemNamePostgreSQL
	case dialect.SQLite:
		return semconv.DBSystemNameSQLite
	case dialect.MySQL:
		return semconv.DBSystemNameMySQL
	default:
		return semconv.DBSystemNameOtherSQL
	}
}

// tracer starts the statement and transaction spans of one database.
type tracer struct {
	tracer trace.Tracer
	system []attribute.KeyValue
}

// statement starts a statement's span when ctx belongs to a recording trace;
// ok is false (and nothing is allocated) otherwise.
func (t *tracer) statement(ctx context.Context, query string) (context.Context, trace.Span, bool) {
	if !trace.SpanFromContext(ctx).IsRecording() {
		return ctx, nil, false
	}
	attrs := make([]attribute.KeyValue, 0, 4)
	attrs = append(attrs, t.system...)
	attrs = append(attrs, semconv.DBQueryText(query), legacyDBStatement.String(query))
	ctx, span := t.tracer.Start(ctx, verb(query), trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
	return ctx, span, true
}

// verb is the statement's first word, upper-cased: a span name of bounded
// cardinality (the full text is an attribute), found without parsing SQL.
func verb(query string) string {
	q := strings.TrimLeft(query, " \t\r\n(")
	if i := strings.IndexAny(q, " \t\r\n("); i > 0 {
		q = q[:i]
	}
	if q == "" {
		return "SQL"
	}
	return strings.ToUpper(q)
}

// end records err on span, if any, and ends it.
func end(span trace.Span, err error) {
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}

// execQuerier is what ent's sql driver and transaction add to dialect.Driver
// and dialect.Tx, and what the generated Client.QueryContext and
// Tx.QueryContext look for (the report and checkout statements written by
// hand go through them).
type execQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error)
}

// errNoContextMethods is what ent's generated code answers too when the
// driver under it has no QueryContext or ExecContext.
var errNoContextMethods = errors.New("telemetry: the wrapped driver has no QueryContext/ExecContext")

// conn is the statement methods shared by the driver and a transaction.
type conn struct {
	ex dialect.ExecQuerier
	t  *tracer
}

func (c conn) exec(ctx context.Context, query string, args, v any) error {
	sctx, span, ok := c.t.statement(ctx, query)
	if !ok {
		return c.ex.Exec(ctx, query, args, v)
	}
	err := c.ex.Exec(sctx, query, args, v)
	end(span, err)
	return err
}

func (c conn) query(ctx context.Context, query string, args, v any) error {
	sctx, span, ok := c.t.statement(ctx, query)
	if !ok {
		return c.ex.Query(ctx, query, args, v)
	}
	err := c.ex.Query(sctx, query, args, v)
	if err != nil {
		end(span, err)
		return err
	}
	// The span lasts until ent closes the rows, so it covers reading the
	// result as well: on a large page that is most of the statement's time.
	if rows, ok := v.(*entsql.Rows); ok && rows.ColumnScanner != nil {
		rows.ColumnScanner = &spanRows{ColumnScanner: rows.ColumnScanner, span: span}
		return nil
	}
	span.End()
	return nil
}

// queryContext's span ends when the first rows are ready: *sql.Rows is a
// concrete type, so there is no Close to hook.
func (c conn) queryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	eq, ok := c.ex.(execQuerier)
	if !ok {
		return nil, errNoContextMethods
	}
	sctx, span, ok := c.t.statement(ctx, query)
	if !ok {
		return eq.QueryContext(ctx, query, args...)
	}
	rows, err := eq.QueryContext(sctx, query, args...)
	end(span, err)
	return rows, err
}

func (c conn) execContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	eq, ok := c.ex.(execQuerier)
	if !ok {
		return nil, errNoContextMethods
	}
	sctx, span, ok := c.t.statement(ctx, query)
	if !ok {
		return eq.ExecContext(ctx, query, args...)
	}
	res, err := eq.ExecContext(sctx, query, args...)
	end(span, err)
	return res, err
}

// spanRows ends a query's span when its rows are closed, with the error that
// cut reading short, if any.
type spanRows struct {
	entsql.ColumnScanner
	span trace.Span
}

func (r *spanRows) Close() error {
	err := r.ColumnScanner.Close()
	if r.span != nil {
		rerr := r.ColumnScanner.Err()
		if rerr == nil {
			rerr = err
		}
		end(r.span, rerr)
		r.span = nil
	}
	return err
}

// tracedDriver is the dialect.Driver WrapDriver returns.
type tracedDriver struct {
	dialect.Driver
	t *tracer
}

func (d *tracedDriver) c() conn { return conn{ex: d.Driver, t: d.t} }

// Exec implements dialect.ExecQuerier.
func (d *tracedDriver) Exec(ctx context.Context, query string, args, v any) error {
	return d.c().exec(ctx, query, args, v)
}

// Query implements dialect.ExecQuerier.
func (d *tracedDriver) Query(ctx context.Context, query string, args, v any) error {
	return d.c().query(ctx, query, args, v)
}

// QueryContext serves ent's Client.QueryContext.
func (d *tracedDriver) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	return d.c().queryContext(ctx, query, args...)
}

// ExecContext serves ent's Client.ExecContext.
func (d *tracedDriver) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	return d.c().execContext(ctx, query, args...)
}

// Tx starts a transaction, traced from BEGIN to its end when ctx is traced.
func (d *tracedDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	if !trace.SpanFromContext(ctx).IsRecording() {
		tx, err := d.Driver.Tx(ctx)
		if err != nil {
			return nil, err
		}
		// Statements in it may still run under a traced context.
		return &tracedTx{Tx: tx, t: d.t}, nil
	}
	sctx, span := d.t.tracer.Start(ctx, "transaction", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(d.t.system...))
	tx, err := d.Driver.Tx(sctx)
	if err != nil {
		end(span, err)
		return nil, err
	}
	return &tracedTx{Tx: tx, t: d.t, span: span, ctx: sctx}, nil
}

// tracedTx is a transaction of a tracedDriver. Its statements' spans are
// children of the transaction's span: ent hands a transaction's statements
// the caller's context, not the one Tx was started with, so the
// transaction's span is put back as their parent here.
type tracedTx struct {
	dialect.Tx
	t    *tracer
	span trace.Span // nil when the transaction is not traced
	ctx  context.Context
}

func (t *tracedTx) c() conn { return conn{ex: t.Tx, t: t.t} }

// under makes the transaction's span the parent of a statement run with ctx,
// keeping ctx's deadline and values.
func (t *tracedTx) under(ctx context.Context) context.Context {
	if t.span == nil {
		return ctx
	}
	return trace.ContextWithSpan(ctx, t.span)
}

// Exec implements dialect.ExecQuerier.
func (t *tracedTx) Exec(ctx context.Context, query string, args, v any) error {
	return t.c().exec(t.under(ctx), query, args, v)
}

// Query implements dialect.ExecQuerier.
func (t *tracedTx) Query(ctx context.Context, query string, args, v any) error {
	return t.c().query(t.under(ctx), query, args, v)
}

// QueryContext serves ent's Tx.QueryContext.
func (t *tracedTx) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	return t.c().queryContext(t.under(ctx), query, args...)
}

// ExecContext serves ent's Tx.ExecContext.
func (t *tracedTx) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	return t.c().execContext(t.under(ctx), query, args...)
}

// Commit implements dialect.Tx, ending the transaction's span.
func (t *tracedTx) Commit() error {
	err := t.Tx.Commit()
	t.finish("commit", err)
	return err
}

// Rollback implements dialect.Tx, ending the transaction's span.
func (t *tracedTx) Rollback() error {
	err := t.Tx.Rollback()
	t.finish("rollback", err)
	return err
}

// finish ends the transaction's span once, noting how it ended: WithTx may
// call Rollback after a failed Commit, and the first outcome is the one
// that counts.
func (t *tracedTx) finish(outcome string, err error) {
	if t.span == nil {
		return
	}
	t.span.SetAttributes(attribute.String("db.transaction.outcome", outcome))
	end(t.span, err)
	t.span = nil
}
