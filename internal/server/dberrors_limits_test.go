package server

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestDatabaseSizeLimitsAreTheClientsMistake: the errors SQLite and
// PostgreSQL really give for statements too big to run (too many bind
// variables, a LIKE pattern too long) are classified as the client's
// (BAD_USER_INPUT in errorPresenter), while other statement errors are not.
func TestDatabaseSizeLimitsAreTheClientsMistake(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		run := func(q string, args ...any) error {
			rows, err := db.SQL.QueryContext(ctx, q, args...)
			if err == nil {
				err = rows.Close()
			}
			return err
		}
		ph := func(i int) string {
			if db.Dialect == "postgres" {
				return "$" + strconv.Itoa(i+1)
			}
			return "?"
		}
		n := 70000
		marks := make([]string, n)
		args := make([]any, n)
		for i := range marks {
			marks[i], args[i] = ph(i), i
		}
		tooMany := run("SELECT 1 WHERE 1 IN ("+strings.Join(marks, ",")+")", args...)
		if tooMany == nil || !tooLargeForDatabase(tooMany) {
			t.Errorf("%d bind variables: %v, not classified as too large", n, tooMany)
		}
		if db.Dialect != "postgres" {
			like := run("SELECT 1 WHERE 'a' LIKE ?", strings.Repeat("%a", 40000))
			if like == nil || !tooLargeForDatabase(like) {
				t.Errorf("60 KB LIKE pattern: %v, not classified as too large", like)
			}
		}
		if other := run("SELECT * FROM no_such_table"); other == nil || tooLargeForDatabase(other) {
			t.Errorf("missing table: %v, classified as too large", other)
		}
	})
}
