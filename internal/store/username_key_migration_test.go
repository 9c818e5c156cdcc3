package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestUsernameKeyMigrationBackfills: upgrading a database whose users
// predate username_key gives each existing account its lower-case key, and
// a later look-alike of an older account (BOB after bob) keeps NULL instead
// of failing the upgrade on the unique index.
func TestUsernameKeyMigrationBackfills(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(storetest.URL(t, d), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			migrateUpTo(t, db, "username_key")
			q := "INSERT INTO users (id, created_at, updated_at, username, password_hash, is_active) VALUES (?, ?, ?, ?, 'x', true)"
			if db.Dialect == "postgres" {
				q = "INSERT INTO users (id, created_at, updated_at, username, password_hash, is_active) VALUES ($1, $2, $3, $4, 'x', true)"
			}
			t0 := time.Now().UTC().Add(-time.Hour)
			ids := map[string]uuid.UUID{}
			for i, name := range []string{"bob", "BOB", "Carol"} {
				id := uuid.New()
				ids[name] = id
				at := t0.Add(time.Duration(i) * time.Minute)
				if _, err := db.SQL.ExecContext(ctx, q, id, at, at, name); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("upgrading with look-alike usernames: %v", err)
			}
			want := map[string]sql.NullString{
				"bob":   {String: "bob", Valid: true},
				"BOB":   {},
				"Carol": {String: "carol", Valid: true},
			}
			sel := "SELECT username_key FROM users WHERE username = ?"
			if db.Dialect == "postgres" {
				sel = "SELECT username_key FROM users WHERE username = $1"
			}
			for name, w := range want {
				var got sql.NullString
				if err := db.SQL.QueryRowContext(ctx, sel, name).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != w {
					t.Errorf("%s: username_key %s, want %s", name, show(got), show(w))
				}
			}
		})
	}
}

func show(s sql.NullString) string {
	if !s.Valid {
		return "NULL"
	}
	return fmt.Sprintf("%q", s.String)
}
