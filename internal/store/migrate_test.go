package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect/sql/schema"

	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestMigrationsMatchEntSchema is the guard against a schema change without a
// migration: after the embedded files are applied to an empty database, ent
// finds nothing left to change. Fix a failure with `make migration NAME=...`.
func TestMigrationsMatchEntSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := entDiff(db); !errors.Is(err, atlasmigrate.ErrNoPlan) {
			t.Fatalf("ent/schema and internal/store/migrations/%s disagree (err=%v); run `make migration NAME=...`",
				store.MigrationDirName(db.Dialect), err)
		}
	})
}

// TestDriftIsDetected makes sure the guard above can fail: with one index
// missing from the database, ent plans a change.
func TestDriftIsDetected(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := db.SQL.Exec("DROP INDEX product_name"); err != nil {
			t.Fatal(err)
		}
		if err := entDiff(db); err != nil {
			t.Fatalf("ent diff with a missing index: err = %v, want a planned change", err)
		}
	})
}

// entDiff asks ent for the changes from the database to ent/schema; ErrNoPlan
// means none.
func entDiff(db *store.DB) error {
	return db.Client.Schema.NamedDiff(context.Background(), "drift",
		schema.WithDir(&atlasmigrate.MemDir{}),
		schema.WithMigrationMode(schema.ModeInspect),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
		schema.WithErrNoPlan(true),
	)
}

func embeddedVersions(t *testing.T, dialect string) []string {
	t.Helper()
	dir, err := store.MigrationDir(dialect)
	if err != nil {
		t.Fatal(err)
	}
	files, err := dir.Files()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no embedded migrations for %s", dialect)
	}
	var v []string
	for _, f := range files {
		v = append(v, f.Version())
	}
	return v
}

func TestMigrateRecordsEveryFileAndIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		got, err := db.AppliedVersions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := embeddedVersions(t, db.Dialect)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("applied %v, want %v", got, want)
		}
	})
}

// TestConcurrentMigrate starts several instances on one empty database at
// once: all succeed and every file is applied exactly once.
func TestConcurrentMigrate(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d, func(t *testing.T) {
			url := storetest.URL(t, d)
			const n = 4
			dbs := make([]*store.DB, n)
			for i := range dbs {
				db, err := store.Open(url, store.Options{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = db.Close() })
				dbs[i] = db
			}
			var wg sync.WaitGroup
			errs := make([]error, n)
			for i, db := range dbs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = db.Migrate(context.Background())
				}()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("instance %d: %v", i, err)
				}
			}
			var rows int
			if err := dbs[0].SQL.QueryRow("SELECT COUNT(*) FROM " + store.RevisionsTable).Scan(&rows); err != nil {
				t.Fatal(err)
			}
			if want := len(embeddedVersions(t, dbs[0].Dialect)); rows != want {
				t.Fatalf("%d revision rows, want %d", rows, want)
			}
		})
	}
}

// TestMigrateRefusesUnknownTables: a database with tables but no revisions
// (made by something else) is not migrated over.
func TestMigrateRefusesUnknownTables(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d, func(t *testing.T) {
			db, err := store.Open(storetest.URL(t, d), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.SQL.Exec("CREATE TABLE products (id INTEGER PRIMARY KEY)"); err != nil {
				t.Fatal(err)
			}
			err = db.Migrate(context.Background())
			if err == nil || !strings.Contains(err.Error(), `found table "products"`) {
				t.Fatalf("migrate over a foreign table: err = %v, want a not-clean error", err)
			}
		})
	}
}
