package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pandac/pandac/ent"
)

// Replica is a read-only PostgreSQL standby that reports read from
// (DATABASE_READ_URL). Its Client sends every statement to the standby while
// the standby answers, and to the primary while it does not: a report a
// little stale, or one read from the primary, is better than no report, and
// the till never depends on the standby at all (nothing else reads through
// this client).
type Replica struct {
	// Client reads from the standby, falling back to the primary (see
	// Replica). It carries the read guard like every Pandac client.
	Client *ent.Client
	// SQL is the standby's own pool, for health checks and tests.
	SQL *sql.DB

	drv *fallbackDriver

	mu     sync.Mutex
	status ReplicaStatus
}

// ReplicaStatus is what the last check of the standby found; /health and
// /ready show it.
type ReplicaStatus struct {
	// Up is false after the standby failed to answer a check or a report's
	// statement; reports then read from the primary until a check succeeds.
	Up bool
	// InRecovery is pg_is_in_recovery() on the standby: false means the read
	// URL points at a primary (a promoted standby, or a mistake), which still
	// works but offloads nothing.
	InRecovery bool
	// Lag is how far the standby's replay is behind: zero when it has
	// replayed everything it received, else the age of the last transaction
	// it replayed. -1 when unknown (no check yet, or down).
	Lag time.Duration
	// Error is why the standby is down, "" while it is up.
	Error string
	// CheckedAt is when the standby was last checked.
	CheckedAt time.Time
}

// OpenReplica opens the read-only client on the standby at url (PostgreSQL
// only) with the same pool options as the primary, and sets d.Replica. Its
// connections run with default_transaction_read_only=on, so even a read URL
// that points at a primary by mistake cannot be written through. It does
// not connect: a standby that is away at start leaves the server serving,
// with reports on the primary until the standby answers.
func (d *DB) OpenReplica(url string, opts Options) error {
	if d.Dialect != dialect.Postgres {
		return fmt.Errorf("DATABASE_READ_URL needs a PostgreSQL DATABASE_URL; the primary here is %s", d.Dialect)
	}
	if !isPostgresURL(url) {
		return errors.New("DATABASE_READ_URL must be a postgres:// or postgresql:// URL")
	}
	url, err := withReadOnly(url)
	if err != nil {
		return err
	}
	drv, _, err := openDriver(url, opts)
	if err != nil {
		return fmt.Errorf("opening read replica: %w", err)
	}
	r := &Replica{SQL: drv.DB(), status: ReplicaStatus{Up: true, Lag: -1}}
	r.drv = &fallbackDriver{replica: drv, primary: entsql.OpenDB(dialect.Postgres, d.SQL), onDown: r.markDown}
	r.Client = ent.NewClient(ent.Driver(r.drv))
	GuardReads(r.Client)
	d.Replica = r
	return nil
}

func isPostgresURL(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// withReadOnly adds default_transaction_read_only=on (a session parameter
// pgx sends at connect) unless the URL sets it.
func withReadOnly(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("parsing DATABASE_READ_URL: %w", err)
	}
	q := u.Query()
	if !q.Has("default_transaction_read_only") {
		q.Set("default_transaction_read_only", "on")
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// Status returns what the last check found.
func (r *Replica) Status() ReplicaStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status
}

// Close closes the standby's pool (the primary's is the DB's to close).
func (r *Replica) Close() error { return r.SQL.Close() }

// markDown sends reads to the primary until the next successful check.
func (r *Replica) markDown(err error) {
	r.drv.down.Store(true)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.status.Up, r.status.Lag, r.status.Error = false, -1, err.Error()
}

// lagSQL is the replay lag as standbys are usually watched: nothing when all
// WAL received has been replayed (an idle primary sends none, and the age
// of the last replayed transaction would grow without meaning anything),
// else the age of the last replayed transaction. On a primary it is 0.
const lagSQL = `SELECT pg_is_in_recovery(),
	CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
	ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END`

// Check asks the standby whether it answers and how far behind it is, and
// records the answer: a failure sends reports to the primary, a success
// brings them back to the standby.
func (r *Replica) Check(ctx context.Context) ReplicaStatus {
	var (
		inRecovery bool
		lagSecs    float64
	)
	err := r.SQL.QueryRowContext(ctx, lagSQL).Scan(&inRecovery, &lagSecs)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.status.CheckedAt = time.Now()
	if err != nil {
		r.drv.down.Store(true)
		r.status.Up, r.status.Lag, r.status.Error = false, -1, err.Error()
		return r.status
	}
	r.drv.down.Store(false)
	r.status = ReplicaStatus{Up: true, InRecovery: inRecovery, Lag: time.Duration(lagSecs * float64(time.Second)), CheckedAt: r.status.CheckedAt}
	return r.status
}

// Watch checks the standby every interval until ctx ends, logging when it
// goes down or comes back, so a standby that recovers is used again without
// a restart and one that fails is skipped without each report first
// waiting for it.
func (r *Replica) Watch(ctx context.Context, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	wasUp, warnedPrimary := true, false
	for {
		cctx, cancel := context.WithTimeout(ctx, interval)
		st := r.Check(cctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return
		case wasUp && !st.Up:
			log.Warn("read replica unreachable; reports read from the primary", "err", st.Error)
		case !wasUp && st.Up:
			log.Info("read replica answering again; reports read from it", "lag_ms", st.Lag.Milliseconds(), "in_recovery", st.InRecovery)
		}
		if st.Up && !st.InRecovery && !warnedPrimary {
			warnedPrimary = true
			log.Warn("DATABASE_READ_URL points at a server that is not a standby (pg_is_in_recovery() is false)")
		}
		wasUp = st.Up
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// fallbackDriver is the ent driver of Replica.Client: the standby while it
// is up, the primary while it is down, and a statement that finds the
// standby unreachable runs again on the primary (reports only read, so
// running one twice is harmless).
type fallbackDriver struct {
	replica, primary *entsql.Driver
	down             atomic.Bool
	onDown           func(error)
}

// target is where the next statement goes.
func (f *fallbackDriver) target() *entsql.Driver {
	if f.down.Load() {
		return f.primary
	}
	return f.replica
}

// retry runs op on the standby and, when the standby could not be reached
// (and the request is still live), marks it down and runs op on the primary.
func (f *fallbackDriver) retry(ctx context.Context, op func(*entsql.Driver) error) error {
	d := f.target()
	err := op(d)
	if err == nil || d == f.primary || ctx.Err() != nil || !Unreachable(err) {
		return err
	}
	f.onDown(err)
	return op(f.primary)
}

// Query implements dialect.Driver.
func (f *fallbackDriver) Query(ctx context.Context, query string, args, v any) error {
	return f.retry(ctx, func(d *entsql.Driver) error { return d.Query(ctx, query, args, v) })
}

// QueryContext lets the reports' own SQL (ent.Client.QueryContext) through.
func (f *fallbackDriver) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	var rows *sql.Rows
	err := f.retry(ctx, func(d *entsql.Driver) (err error) {
		rows, err = d.QueryContext(ctx, query, args...)
		return err
	})
	return rows, err
}

// Exec implements dialect.Driver. It goes to the standby only, never the
// primary: the read client has no business writing, and the standby (and
// default_transaction_read_only) refuse it.
func (f *fallbackDriver) Exec(ctx context.Context, query string, args, v any) error {
	return f.replica.Exec(ctx, query, args, v)
}

// ExecContext is Exec for SQL of our own (ent.Client.ExecContext): the
// standby only, which refuses it.
func (f *fallbackDriver) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return f.replica.ExecContext(ctx, query, args...)
}

// Tx implements dialect.Driver; a transaction stays where it began.
func (f *fallbackDriver) Tx(ctx context.Context) (dialect.Tx, error) { return f.target().Tx(ctx) }

// Close closes the standby's pool only.
func (f *fallbackDriver) Close() error { return f.replica.Close() }

// Dialect implements dialect.Driver.
func (f *fallbackDriver) Dialect() string { return dialect.Postgres }

// Unreachable reports whether err means the database could not be reached
// or dropped the connection, as opposed to a statement it refused. The
// replica falls back to the primary only then, and the server answers such
// an error as the database being away rather than as a bug.
func Unreachable(err error) bool {
	var (
		connectErr *pgconn.ConnectError
		opErr      *net.OpError
		pgErr      *pgconn.PgError
	)
	switch {
	case errors.Is(err, driver.ErrBadConn),
		errors.Is(err, sql.ErrConnDone),
		errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET),
		errors.As(err, &connectErr),
		errors.As(err, &opErr):
		return true
	case errors.As(err, &pgErr):
		// admin_shutdown, crash_shutdown, cannot_connect_now (a standby
		// still starting up).
		switch pgErr.Code {
		case "57P01", "57P02", "57P03":
			return true
		}
		return false
	}
	return pgconn.SafeToRetry(err) || strings.Contains(err.Error(), "conn closed") || strings.Contains(err.Error(), "unexpected EOF")
}
