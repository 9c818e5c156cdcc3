package store_test

import (
	"context"
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// A read replica is a PostgreSQL standby: a SQLite primary, or a read URL
// that is not PostgreSQL, is refused with a message naming the variable.
func TestOpenReplicaRefusesWhatCannotReplicate(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	err := db.OpenReplica("postgres://u:p@127.0.0.1:5432/db", store.Options{})
	if err == nil || !strings.Contains(err.Error(), "DATABASE_READ_URL") {
		t.Fatalf("replica of a SQLite primary: %v, want a DATABASE_READ_URL error", err)
	}
	if os.Getenv(storetest.EnvPostgresURL) == "" {
		return
	}
	pg := storetest.Open(t, "postgres")
	if err := pg.OpenReplica("sqlite:replica.db", store.Options{}); err == nil || !strings.Contains(err.Error(), "DATABASE_READ_URL") {
		t.Fatalf("a SQLite read URL: %v, want a DATABASE_READ_URL error", err)
	}
}

// The read client's connections are read-only even when the read URL names
// a primary, and a check says it is not a standby.
func TestReplicaClientIsReadOnly(t *testing.T) {
	db := storetest.Open(t, "postgres")
	var name string
	if err := db.SQL.QueryRow("SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	// The primary's own database stands in for a misconfigured read URL.
	u, err := url.Parse(os.Getenv(storetest.EnvPostgresURL))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	if err := db.OpenReplica(u.String(), store.Options{}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if st := db.Replica.Check(ctx); !st.Up || st.InRecovery || st.Lag != 0 {
		t.Fatalf("check of a primary as replica: %+v, want up, not in recovery, no lag", st)
	}
	_, err = db.Replica.Client.ExecContext(ctx, "CREATE TABLE replica_probe (id int)")
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("writing through the read client: %v, want a read-only transaction error", err)
	}
	if _, err := db.Replica.Client.Setting.Query().All(ctx); err != nil {
		t.Fatalf("reading through the read client: %v", err)
	}
	// The read guard is on it too: an anonymous API request reads nothing.
	var denied *policy.DeniedError
	if _, err := db.Replica.Client.Product.Query().All(policy.FromAPI(ctx)); !errors.As(err, &denied) {
		t.Fatalf("anonymous read through the read client: %v, want the read guard's refusal", err)
	}
}
