package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestPostgresStatementCache pins how pgx runs our statements on PostgreSQL.
// By default (no parameter in DATABASE_URL) the stdlib driver uses pgx's
// QueryExecModeCacheStatement: each distinct SQL text is prepared once per
// connection and its plan reused, which is what makes ent's repeated queries
// cheap. Behind a transaction-pooling PgBouncer prepared statements break;
// there, append default_query_exec_mode=exec (or cache_describe,
// simple_protocol) to DATABASE_URL, and statement_cache_capacity=N sizes the
// cache (default 512). This test runs only when PostgreSQL is configured.
func TestPostgresStatementCache(t *testing.T) {
	for _, d := range storetest.Dialects() {
		if d != "postgres" {
			continue
		}
		base := storetest.URL(t, d)
		for _, tc := range []struct {
			param    string
			prepared bool
		}{
			{"", true},
			{"default_query_exec_mode=exec", false},
			{"default_query_exec_mode=cache_statement&statement_cache_capacity=16", true},
		} {
			t.Run("params="+tc.param, func(t *testing.T) {
				url := base
				if tc.param != "" {
					sep := "?"
					if strings.Contains(url, "?") {
						sep = "&"
					}
					url += sep + tc.param
				}
				db, err := store.Open(url, store.Options{MaxOpenConns: 1})
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				ctx := context.Background()
				for i := range 3 {
					var n int
					if err := db.SQL.QueryRowContext(ctx, "SELECT $1::int + 1", i).Scan(&n); err != nil || n != i+1 {
						t.Fatalf("query: %v (%d)", err, n)
					}
				}
				var prepared int
				// One connection, so this is the session that ran the query.
				if err := db.SQL.QueryRowContext(ctx, "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'SELECT $1::int + 1%'").Scan(&prepared); err != nil {
					t.Fatal(err)
				}
				if (prepared > 0) != tc.prepared {
					t.Fatalf("prepared statements in the session: %d, want prepared=%v", prepared, tc.prepared)
				}
			})
		}
	}
}
