package store_test

import (
	"context"
	"strings"
	"testing"

	atlasmigrate "ariga.io/atlas/sql/migrate"

	"github.com/pandac/pandac/internal/store"
)

// migrateUpTo applies db's migrations up to, not including, the first whose
// file name contains name: the database as it was before that upgrade, for a
// test of what the upgrade does to rows already there.
func migrateUpTo(t *testing.T, db *store.DB, name string) {
	t.Helper()
	full, err := store.MigrationDir(db.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	files, err := full.Files()
	if err != nil {
		t.Fatal(err)
	}
	before := &atlasmigrate.MemDir{}
	for _, f := range files {
		if strings.Contains(f.Name(), name) {
			break
		}
		if err := before.WriteFile(f.Name(), f.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := before.Checksum()
	if err != nil {
		t.Fatal(err)
	}
	if err := atlasmigrate.WriteSumFile(before, sum); err != nil {
		t.Fatal(err)
	}
	if err := db.MigrateDir(context.Background(), before); err != nil {
		t.Fatal(err)
	}
}
