// Package storetest gives tests a fresh, migrated database: a SQLite file in a
// temporary directory, and, when PANDAC_TEST_DATABASE_URL points at a
// PostgreSQL server, a throwaway database created on it for the test.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/store"
)

// EnvPostgresURL names the variable holding an admin URL of a test PostgreSQL.
const EnvPostgresURL = "PANDAC_TEST_DATABASE_URL"

// Dialects lists the databases to run a test against: always "sqlite", plus
// "postgres" when EnvPostgresURL is set.
func Dialects() []string {
	d := []string{"sqlite"}
	if os.Getenv(EnvPostgresURL) != "" {
		d = append(d, "postgres")
	}
	return d
}

// Each runs fn as a subtest once per dialect, each with its own fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(d, func(t *testing.T) { fn(t, Open(t, d)) })
	}
}

// Open returns a fresh migrated database of the dialect, closed and removed
// when the test ends.
func Open(t testing.TB, dialect string) *store.DB {
	t.Helper()
	var dsn string
	switch dialect {
	case "sqlite":
		dsn = "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	case "postgres":
		dsn = createPostgresDB(t)
	default:
		t.Fatalf("storetest: unknown dialect %q", dialect)
	}
	db, err := store.Open(dsn, store.Options{})
	if err != nil {
		t.Fatalf("storetest: open %s: %v", dialect, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("storetest: migrate %s: %v", dialect, err)
	}
	return db
}

// URL returns the connection URL of a fresh database of the dialect, for tests
// that start a server process themselves.
func URL(t testing.TB, dialect string) string {
	t.Helper()
	if dialect == "postgres" {
		return createPostgresDB(t)
	}
	return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
}

func createPostgresDB(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPostgresURL)
	if admin == "" {
		t.Skip("PostgreSQL tests need " + EnvPostgresURL)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "pandac_t_" + hex.EncodeToString(b)
	conn, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("storetest: connect postgres: %v", err)
	}
	defer conn.Close()
	if _, err := conn.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("storetest: create database: %v", err)
	}
	t.Cleanup(func() {
		c, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer c.Close()
		_, _ = c.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("storetest: bad %s: %v", EnvPostgresURL, err)
	}
	u.Path = "/" + name
	return u.String()
}

// ErrAuditBroken is what writing an audit entry fails with while the switch
// BreakAudit returned is on.
var ErrAuditBroken = errors.New("storetest: audit log unavailable")

// BreakAudit registers on db's client a hook that fails every audit entry
// write with ErrAuditBroken while the returned switch is on (it starts off),
// so a test can check that a change commits only together with its audit
// entry. ent cannot take a hook off again, hence the switch.
func BreakAudit(db *store.DB) *atomic.Bool {
	broken := new(atomic.Bool)
	db.Client.AuditEntry.Use(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if broken.Load() {
				return nil, ErrAuditBroken
			}
			return next.Mutate(ctx, m)
		})
	})
	return broken
}

// EnvReadURL names the variable holding a URL of a streaming-replication
// standby of the EnvPostgresURL server (scripts/pgtest.sh start-replica).
const EnvReadURL = "PANDAC_TEST_READ_DATABASE_URL"

// OpenReplicated returns a fresh migrated PostgreSQL database with its
// Replica opened on the standby at EnvReadURL, once the standby has replayed
// the database's creation and migrations. The standby replicates the whole
// cluster, so the database created on the primary is there under the same
// name. It skips the test, saying why, when EnvReadURL is unset.
func OpenReplicated(t testing.TB) *store.DB {
	t.Helper()
	read := os.Getenv(EnvReadURL)
	if read == "" {
		t.Skip("read replica tests need " + EnvReadURL + " (a standby of " + EnvPostgresURL + ": scripts/pgtest.sh start-replica)")
	}
	db := Open(t, "postgres")
	var name string
	if err := db.SQL.QueryRow("SELECT current_database()").Scan(&name); err != nil {
		t.Fatalf("storetest: %v", err)
	}
	u, err := url.Parse(read)
	if err != nil {
		t.Fatalf("storetest: bad %s: %v", EnvReadURL, err)
	}
	u.Path = "/" + name
	WaitReplayed(t, db)
	if err := db.OpenReplica(u.String(), store.Options{}); err != nil {
		t.Fatalf("storetest: open replica: %v", err)
	}
	return db
}

// WaitReplayed waits, at most 30 s, until the standby at EnvReadURL has
// replayed everything db's primary has written so far, and returns how long
// that took.
func WaitReplayed(t testing.TB, db *store.DB) time.Duration {
	t.Helper()
	start := time.Now()
	var lsn string
	// The insert position, not the write position: with synchronous_commit
	// off (as the test cluster runs) a commit record can sit in the WAL
	// buffers, past pg_current_wal_lsn(), after its transaction returned.
	if err := db.SQL.QueryRow("SELECT pg_current_wal_insert_lsn()::text").Scan(&lsn); err != nil {
		t.Fatalf("storetest: primary WAL position: %v", err)
	}
	// The standby's own database, not db's: db's may not have arrived yet.
	standby, err := sql.Open("pgx", os.Getenv(EnvReadURL))
	if err != nil {
		t.Fatalf("storetest: connect standby: %v", err)
	}
	defer standby.Close()
	for {
		var done bool
		err := standby.QueryRow("SELECT COALESCE(pg_last_wal_replay_lsn() >= $1::pg_lsn, false)", lsn).Scan(&done)
		if err != nil {
			t.Fatalf("storetest: standby replay position: %v", err)
		}
		if done {
			return time.Since(start)
		}
		if time.Since(start) > 30*time.Second {
			t.Fatalf("storetest: standby has not replayed %s after 30 s", lsn)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
