// Package store opens the database behind Pandac (embedded SQLite by default,
// PostgreSQL in production), brings its schema up to date, and runs work in
// transactions.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"modernc.org/sqlite"

	"github.com/pandac/pandac/ent"
	_ "github.com/pandac/pandac/ent/runtime" // schema defaults and hooks
)

func init() {
	// ent's SQLite dialect expects the driver under the mattn name.
	sql.Register("sqlite3", &sqlite.Driver{})
}

// Options tunes the connection pool.
type Options struct {
	MaxOpenConns    int
	MaxIdleConns    int
	ConnMaxLifetime time.Duration
	// ConnectTimeout and StatementTimeout apply to PostgreSQL only (see
	// withPostgresTimeouts); zero leaves the URL's or the server's setting.
	ConnectTimeout   time.Duration
	StatementTimeout time.Duration
	// WrapDriver, when set, wraps the driver the ent client sends its
	// statements through (telemetry.WrapDriver traces them). nil leaves
	// ent's driver bare, so there is nothing in the way of a statement.
	WrapDriver func(dialect.Driver) dialect.Driver
}

// DB is an open database: the ent client plus what is needed to check health.
type DB struct {
	Client  *ent.Client
	SQL     *sql.DB
	Dialect string
	// Replica is the read replica reports read from (OpenReplica), nil when
	// DATABASE_READ_URL is unset.
	Replica *Replica
}

// Open connects to url: "" or "sqlite:PATH" (default file pandac.db),
// "file:..." or a PostgreSQL URL ("postgres://..." or "postgresql://...").
func Open(url string, opts Options) (*DB, error) {
	drv, name, err := openDriver(url, opts)
	if err != nil {
		return nil, err
	}
	var entDrv dialect.Driver = drv
	if opts.WrapDriver != nil {
		entDrv = opts.WrapDriver(drv)
	}
	client := ent.NewClient(ent.Driver(entDrv))
	GuardReads(client)
	// First hook registered, so it is the outermost: it sees each write once.
	client.Use(AuditHook)
	return &DB{Client: client, SQL: drv.DB(), Dialect: name}, nil
}

// GuardReads installs on client the permission table's read guard, which
// every Pandac client reads through. Open calls it; a client built another
// way (a test counting statements) calls it too, so it reads as production
// does.
func GuardReads(client *ent.Client) {
	client.Intercept(ReadGuard())
}

func openDriver(url string, opts Options) (*entsql.Driver, string, error) {
	switch {
	case isPostgresURL(url):
		url, err := withPostgresTimeouts(url, opts.ConnectTimeout, opts.StatementTimeout)
		if err != nil {
			return nil, "", err
		}
		db, err := openPostgres(url)
		if err != nil {
			return nil, "", err
		}
		maxOpen := opts.MaxOpenConns
		if maxOpen <= 0 {
			maxOpen = 20
		}
		db.SetMaxOpenConns(maxOpen)
		idle := opts.MaxIdleConns
		if idle <= 0 {
			idle = maxOpen
		}
		db.SetMaxIdleConns(idle)
		if opts.ConnMaxLifetime > 0 {
			db.SetConnMaxLifetime(opts.ConnMaxLifetime)
		}
		return entsql.OpenDB(dialect.Postgres, db), dialect.Postgres, nil
	default:
		path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite://"), "sqlite:")
		if path == "" {
			path = "pandac.db"
		}
		db, err := sql.Open("sqlite3", SQLiteDSN(path))
		if err != nil {
			return nil, "", fmt.Errorf("opening sqlite %s: %w", path, err)
		}
		// One writer at a time is SQLite's model; WAL lets readers run beside it.
		maxOpen := opts.MaxOpenConns
		if maxOpen <= 0 {
			maxOpen = 8
		}
		db.SetMaxOpenConns(maxOpen)
		db.SetMaxIdleConns(maxOpen)
		return entsql.OpenDB(dialect.SQLite, db), dialect.SQLite, nil
	}
}

// SQLiteDSN returns the DSN for a SQLite file with the settings Pandac relies
// on: foreign keys on; WAL with synchronous=FULL so an acknowledged commit
// survives a crash; a busy timeout; BEGIN IMMEDIATE so two writers queue on
// the lock instead of failing when both try to upgrade a read lock; and times
// written in UTC, because SQLite compares them as text and a time stored with
// a local offset would sort wrongly against the rest (time ranges, reports).
func SQLiteDSN(path string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	if !strings.HasPrefix(path, "file:") {
		path = "file:" + path
	}
	return path + sep + "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate&_timezone=UTC"
}

// Ping checks the database answers within the context's deadline.
func (d *DB) Ping(ctx context.Context) error { return d.SQL.PingContext(ctx) }

// Close closes the client and its pool, and the replica's pool.
func (d *DB) Close() error {
	if d.Replica != nil {
		_ = d.Replica.Close()
	}
	return d.Client.Close()
}

// WithTx runs fn in a transaction, committing when it returns nil and rolling
// back otherwise (also on panic, which is re-raised).
func WithTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Tx) error) (err error) {
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("starting transaction: %w", err)
	}
	defer func() {
		if v := recover(); v != nil {
			_ = tx.Rollback()
			panic(v)
		}
	}()
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return fmt.Errorf("%w (rollback failed: %v)", err, rerr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		// A commit hook (the audit batch, say) may fail before the database
		// commit was even sent: roll back so the connection is not left in an
		// open transaction. After a failed database commit this is a no-op.
		_ = tx.Rollback()
		return fmt.Errorf("committing transaction: %w", err)
	}
	return nil
}

// InTx is WithTx for code that passes the transaction on in its context
// (ent.NewTxContext): fn's context carries tx, and the audit entries of the
// writes made through it are collected and written in one statement when tx
// commits (see AuditHook).
func InTx(ctx context.Context, client *ent.Client, fn func(ctx context.Context, tx *ent.Tx) error) error {
	return WithTx(ctx, client, func(tx *ent.Tx) error {
		return fn(withAuditBatch(ent.NewTxContext(ctx, tx), tx), tx)
	})
}
