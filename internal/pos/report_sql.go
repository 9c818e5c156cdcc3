package pos

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The SQL dialects reports speak.
const (
	dialectSQLite   = "sqlite3"
	dialectPostgres = "postgres"
)

// dialects caches the dialect found behind each client.
var dialects sync.Map // *ent.Client -> string

// dialect finds out, once per client, which database it talks to (see
// detectDialect).
func (s *Service) dialect(ctx context.Context) (string, error) {
	if d, ok := dialects.Load(s.client); ok {
		return d.(string), nil
	}
	d, err := detectDialect(ctx, s.client)
	if err != nil {
		return "", err
	}
	dialects.Store(s.client, d)
	return d, nil
}

// queryer runs SQL of our own: an *ent.Client, or an *ent.Tx to run it inside
// that transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// detectDialect asks the database which one it is, in one statement that
// succeeds on both (a failed statement would abort a PostgreSQL transaction):
// SQLite has no boolean type, so a comparison comes back as the integer 1,
// where PostgreSQL returns a boolean. ent does not expose its driver's dialect.
func detectDialect(ctx context.Context, q queryer) (string, error) {
	rows, err := q.QueryContext(ctx, "SELECT 1 = 1")
	if err != nil {
		return "", fmt.Errorf("detecting database dialect: %w", err)
	}
	defer rows.Close()
	var v any
	if !rows.Next() {
		return "", fmt.Errorf("detecting database dialect: no row (%v)", rows.Err())
	}
	if err := rows.Scan(&v); err != nil {
		return "", fmt.Errorf("detecting database dialect: %w", err)
	}
	if _, ok := v.(bool); ok {
		return dialectPostgres, nil
	}
	return dialectSQLite, nil
}

// countedSales is the filter every sales report shares: sales that completed
// (and may since have been refunded, in part or in full) inside [lo, hi).
// Voided and open sales never count. It is written once here so that every
// report agrees on what a sale is.
const countedStatuses = "s.status IN ('COMPLETED', 'PARTIALLY_REFUNDED', 'REFUNDED')"

// query builds one SQL statement with its arguments in the dialect's
// placeholder style. Times are sent in UTC: PostgreSQL compares instants
// anyway, and SQLite compares the text the driver writes, which orders
// correctly only when every value carries the same zone.
type query struct {
	dialect string
	b       strings.Builder
	args    []any
}

func (q *query) sql(parts ...string) *query {
	for _, p := range parts {
		q.b.WriteString(p)
	}
	return q
}

// arg adds a parameter and returns its placeholder.
func (q *query) arg(v any) string {
	if t, ok := v.(time.Time); ok {
		v = t.UTC()
	}
	q.args = append(q.args, v)
	if q.dialect == dialectPostgres {
		return "$" + strconv.Itoa(len(q.args))
	}
	return "?"
}

// ts adds a timestamp parameter typed so it can stand alone (in VALUES).
func (q *query) ts(t time.Time) string {
	p := q.arg(t)
	if q.dialect == dialectPostgres {
		return "CAST(" + p + " AS timestamptz)"
	}
	return p
}

// sum is SUM(expr) as a 64-bit integer, zero over no rows. PostgreSQL widens
// SUM(bigint) to numeric; the cast brings it back.
func sum(expr string) string {
	return "CAST(COALESCE(SUM(" + expr + "), 0) AS BIGINT)"
}

// bucketsCTE writes "WITH b(label, lo, hi) AS (VALUES ...)": the periods of a
// report, computed in Go from the store's zone, which the sales are joined
// to by range. This is how hours and days are found on both databases and on
// days when the clocks change, without date functions that SQLite lacks.
func (q *query) bucketsCTE(bs []bucket) *query {
	q.sql("WITH b(label, lo, hi) AS (VALUES ")
	for i, b := range bs {
		if i > 0 {
			q.sql(", ")
		}
		q.sql("(", strconv.Itoa(b.Label), ", ", q.ts(b.Start), ", ", q.ts(b.End), ")")
	}
	return q.sql(") ")
}

// run executes the query and calls scan for each row.
func (q *query) run(ctx context.Context, c queryer, scan func(rows *sql.Rows) error) error {
	if queryObserver != nil {
		queryObserver(q.b.String(), q.args)
	}
	rows, err := c.QueryContext(ctx, q.b.String(), q.args...)
	if err != nil {
		return fmt.Errorf("report query: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("reading report row: %w", err)
		}
	}
	return rows.Err()
}

// queryObserver, when set (by tests), sees every report statement; the
// EXPLAIN test uses it to check the plans of the real queries.
var queryObserver func(sql string, args []any)

// String returns the statement, for EXPLAIN and debugging.
func (q *query) String() string { return q.b.String() }

func (s *Service) newQuery(ctx context.Context) (*query, error) {
	d, err := s.dialect(ctx)
	if err != nil {
		return nil, err
	}
	return &query{dialect: d}, nil
}
