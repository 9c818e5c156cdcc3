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

// TestFailedFileLeavesNoTrace: a file that fails halfway is rolled back with
// its revision, the files before it stay applied, and a fixed file then runs.
func TestFailedFileLeavesNoTrace(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(storetest.URL(t, d), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			dir := func(second string) *atlasmigrate.MemDir {
				m := &atlasmigrate.MemDir{}
				files := map[string]string{
					"1_first.sql":  "CREATE TABLE first_t (id INTEGER PRIMARY KEY);\n",
					"2_second.sql": second,
				}
				for name, body := range files {
					if err := m.WriteFile(name, []byte(body)); err != nil {
						t.Fatal(err)
					}
				}
				sum, err := m.Checksum()
				if err != nil {
					t.Fatal(err)
				}
				if err := atlasmigrate.WriteSumFile(m, sum); err != nil {
					t.Fatal(err)
				}
				return m
			}
			broken := dir("CREATE TABLE second_t (id INTEGER PRIMARY KEY);\nINSERT INTO no_such_table VALUES (1);\n")
			if err := db.MigrateDir(ctx, broken); err == nil {
				t.Fatal("a failing file migrated without error")
			}
			if got, _ := db.AppliedVersions(ctx); strings.Join(got, ",") != "1" {
				t.Fatalf("after the failure, applied versions %v, want [1]", got)
			}
			if _, err := db.SQL.Exec("SELECT COUNT(*) FROM second_t"); err == nil {
				t.Fatal("the failed file's first statement was kept")
			}
			var rows int
			if err := db.SQL.QueryRow("SELECT COUNT(*) FROM " + store.RevisionsTable).Scan(&rows); err != nil || rows != 1 {
				t.Fatalf("revision rows %d (err %v), want only the applied file's", rows, err)
			}
			fixed := dir("CREATE TABLE second_t (id INTEGER PRIMARY KEY);\n")
			if err := db.MigrateDir(ctx, fixed); err != nil {
				t.Fatalf("fixed file: %v", err)
			}
			if got, _ := db.AppliedVersions(ctx); strings.Join(got, ",") != "1,2" {
				t.Fatalf("after the fix, applied versions %v, want [1 2]", got)
			}
		})
	}
}

// TestSQLiteTableRebuild: Atlas alters a SQLite column by rebuilding the
// table, dropping a parent that other rows point at; that must commit, while
// a file that leaves a dangling reference must not.
func TestSQLiteTableRebuild(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(storetest.URL(t, "sqlite"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files := []struct{ name, body string }{
		{"1_tables.sql", "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);\n" +
			"CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));\n" +
			"INSERT INTO parent VALUES (1, 'a');\nINSERT INTO child VALUES (1, 1);\n"},
		{"2_rebuild.sql", "PRAGMA foreign_keys = off;\n" +
			"CREATE TABLE new_parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '');\n" +
			"INSERT INTO new_parent (id, name) SELECT id, IFNULL(name, '') FROM parent;\n" +
			"DROP TABLE parent;\nALTER TABLE new_parent RENAME TO parent;\nPRAGMA foreign_keys = on;\n"},
	}
	m := &atlasmigrate.MemDir{}
	write := func(name, body string) {
		t.Helper()
		if err := m.WriteFile(name, []byte(body)); err != nil {
			t.Fatal(err)
		}
		sum, err := m.Checksum()
		if err != nil {
			t.Fatal(err)
		}
		if err := atlasmigrate.WriteSumFile(m, sum); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		write(f.name, f.body)
	}
	if err := db.MigrateDir(ctx, m); err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	var n int
	if err := db.SQL.QueryRow("SELECT COUNT(*) FROM child JOIN parent ON parent.id = child.parent_id").Scan(&n); err != nil || n != 1 {
		t.Fatalf("child rows joined to the rebuilt parent: %d (err %v), want 1", n, err)
	}

	write("3_dangling.sql", "INSERT INTO child VALUES (2, 99);\n")
	if err := db.MigrateDir(ctx, m); err == nil || !strings.Contains(err.Error(), "foreign key") {
		t.Fatalf("dangling reference: err = %v, want a foreign key error", err)
	}
	if err := db.SQL.QueryRow("SELECT COUNT(*) FROM child").Scan(&n); err != nil || n != 1 {
		t.Fatalf("children after the refused file: %d (err %v), want 1", n, err)
	}
	// Foreign keys are back on for the pool's connections.
	if _, err := db.SQL.Exec("INSERT INTO child VALUES (3, 98)"); err == nil {
		t.Fatal("a dangling insert after migrating succeeded: foreign keys were left off")
	}
}
