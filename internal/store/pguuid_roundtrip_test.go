package store_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestPostgresUUIDRoundTrip: ids sent as binary uuids (store's pgx type
// registration) come back equal, as parameters and in IN lists.
func TestPostgresUUIDRoundTrip(t *testing.T) {
	for _, d := range storetest.Dialects() {
		if d != "postgres" {
			continue
		}
		db, err := store.Open(storetest.URL(t, d), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		ctx := context.Background()
		a, b := uuid.New(), uuid.New()
		var got uuid.UUID
		if err := db.SQL.QueryRowContext(ctx, "SELECT $1::uuid", a).Scan(&got); err != nil || got != a {
			t.Fatalf("round trip = %s, %v; want %s", got, err, a)
		}
		var n int
		err = db.SQL.QueryRowContext(ctx,
			"SELECT count(*) FROM (VALUES ($1::uuid), ($2::uuid)) v(id) WHERE id IN ($3, $4)", a, b, b, uuid.New()).Scan(&n)
		if err != nil || n != 1 {
			t.Fatalf("IN list matched %d, %v; want 1", n, err)
		}
	}
}
