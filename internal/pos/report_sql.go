package pos

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
)

// dialectPostgres is the ent dialect name of PostgreSQL; the statements
// written here differ from SQLite's only in placeholders, casts and locking.
const dialectPostgres = dialect.Postgres

// queryer runs SQL of our own: an *ent.Client, or an *ent.Tx to run it inside
// that transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// countedStatuses is the filter every sales report shares: sales that
// completed (and may since have been refunded, in part or in full); each
// report adds its own [lo, hi) range on completed_at. Voided and open sales
// never count. It is written once here so that every
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

// newQuery starts a statement in the dialect of the Service's client.
func (s *core) newQuery() *query { return &query{dialect: s.client.Dialect()} }
