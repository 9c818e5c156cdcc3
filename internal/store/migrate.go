package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"time"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"
	"entgo.io/ent/dialect"
)

// migrationFiles holds the versioned migrations, one directory per dialect,
// written by cmd/migrategen from ent/schema. Embedding them means the binary
// that serves is the binary that knows which schema it needs.
//
//go:embed migrations
var migrationFiles embed.FS

// RevisionsTable records which migration files a database has applied.
const RevisionsTable = "schema_revisions"

// migrateLockKey is the pg_advisory_xact_lock key that serialises migrating
// instances on PostgreSQL ("pandac_m" in ASCII).
const migrateLockKey int64 = 0x70616e6461635f6d

// MigrationDirName names a dialect's migration directory: "sqlite" or
// "postgres" for ent's dialect names "sqlite3" and "postgres".
func MigrationDirName(dialectName string) string {
	if dialectName == dialect.SQLite {
		return "sqlite"
	}
	return dialectName
}

// MigrationDir returns the embedded migration directory of an ent dialect
// (dialect.SQLite or dialect.Postgres), with its atlas.sum.
func MigrationDir(dialectName string) (*migrate.MemDir, error) {
	root := path.Join("migrations", MigrationDirName(dialectName))
	entries, err := fs.ReadDir(migrationFiles, root)
	if err != nil {
		return nil, fmt.Errorf("no migrations for dialect %q: %w", dialectName, err)
	}
	dir := &migrate.MemDir{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := fs.ReadFile(migrationFiles, path.Join(root, e.Name()))
		if err != nil {
			return nil, err
		}
		if err := dir.WriteFile(e.Name(), b); err != nil {
			return nil, err
		}
	}
	return dir, nil
}

// Migrate applies the pending embedded migrations in version order. Each file
// runs in its own transaction together with its revision row, so a failed
// file leaves no trace and the next start retries it. Instances starting at
// once queue: PostgreSQL on a transaction-scoped advisory lock, SQLite on the
// write lock that BEGIN IMMEDIATE takes (the DSN sets _txlock=immediate). The
// revisions are read after the lock is held, so the second instance finds the
// work done.
//
// A database that already has tables but no revisions (one made by an older
// build's auto-migration, say) is refused rather than guessed at.
func (d *DB) Migrate(ctx context.Context) error {
	dir, err := MigrationDir(d.Dialect)
	if err != nil {
		return err
	}
	return d.MigrateDir(ctx, dir)
}

// MigrateDir is Migrate with another migration directory, for tools and tests
// that bring their own files; the directory needs a valid atlas.sum.
func (d *DB) MigrateDir(ctx context.Context, dir migrate.Dir) error {
	busy := 0
	for {
		done, err := d.applyNext(ctx, dir)
		if err != nil && isSQLiteBusy(err) && busy < 100 {
			// SQLite answers BUSY at once, without its busy handler, when a
			// fresh file is switched to WAL or a lock would deadlock; another
			// process is migrating, so wait for it and look again.
			busy++
			select {
			case <-ctx.Done():
				return fmt.Errorf("migrating schema: %w", ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("migrating schema: %w", err)
		}
		if done {
			return nil
		}
	}
}

// isSQLiteBusy reports SQLITE_BUSY (primary code 5) from the modernc driver.
func isSQLiteBusy(err error) bool {
	var coded interface{ Code() int }
	return errors.As(err, &coded) && coded.Code()&0xff == 5
}

// applyNext applies the first pending file, reporting done when none is left.
func (d *DB) applyNext(ctx context.Context, dir migrate.Dir) (done bool, err error) {
	// One connection for the whole file: on SQLite the foreign-key pragma is
	// per connection and must be set outside the transaction.
	conn, err := d.SQL.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	if d.Dialect == dialect.SQLite {
		// SQLite alters a column by rebuilding the table (create, copy, drop,
		// rename), which only works with foreign keys off; Atlas's files say so
		// with PRAGMA lines that are no-ops inside a transaction. So switch
		// them off around the transaction and run PRAGMA foreign_key_check
		// before COMMIT instead, which still refuses a file that breaks one.
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return false, err
		}
		defer func() {
			if _, ferr := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON"); ferr != nil && err == nil {
				err = fmt.Errorf("re-enabling foreign keys: %w", ferr)
			}
		}()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if d.Dialect == dialect.Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLockKey); err != nil {
			return false, fmt.Errorf("taking the migration lock: %w", err)
		}
	}
	rrw := &revisions{tx: tx, dialect: d.Dialect}
	if err := rrw.ensureTable(ctx); err != nil {
		return false, err
	}
	drv, err := atlasDriver(d.Dialect, tx)
	if err != nil {
		return false, err
	}
	ex, err := migrate.NewExecutor(drv, dir, rrw)
	if err != nil {
		return false, err
	}
	switch err := ex.ExecuteN(ctx, 1); {
	case errors.Is(err, migrate.ErrNoPendingFiles):
		done = true
	case err != nil:
		return false, err
	}
	if d.Dialect == dialect.SQLite {
		if err := foreignKeyCheck(ctx, tx); err != nil {
			return false, err
		}
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("committing migration: %w", err)
	}
	return done, nil
}

// foreignKeyCheck fails when any row references a missing parent.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return err
		}
		return fmt.Errorf("migration breaks a foreign key: a row of %s refers to a missing %s", table, parent)
	}
	return rows.Err()
}

// atlasDriver opens Atlas's driver for the dialect over a transaction.
func atlasDriver(dialectName string, tx *sql.Tx) (migrate.Driver, error) {
	var (
		drv migrate.Driver
		err error
	)
	switch dialectName {
	case dialect.Postgres:
		drv, err = postgres.Open(tx)
	case dialect.SQLite:
		drv, err = sqlite.Open(tx)
	default:
		return nil, fmt.Errorf("unsupported dialect %q", dialectName)
	}
	if err != nil {
		return nil, err
	}
	return txDriver{drv}, nil
}

// txDriver adapts Atlas's driver to a transaction in the current schema.
type txDriver struct{ migrate.Driver }

// ScanStmts splits a file the way the dialect's driver does (PostgreSQL
// dollar quoting, SQLite BEGIN ... END blocks).
func (d txDriver) ScanStmts(input string) ([]*migrate.Stmt, error) {
	if s, ok := d.Driver.(migrate.StmtScanner); ok {
		return s.ScanStmts(input)
	}
	return migrate.Stmts(input)
}

// CheckClean looks at the connection's current schema only. Atlas's own check
// inspects every schema on PostgreSQL, so an extension living in a schema of
// its own would make a fresh database look dirty.
func (d txDriver) CheckClean(ctx context.Context, revT *migrate.TableIdent) error {
	s, err := d.InspectSchema(ctx, "", &schema.InspectOptions{Mode: schema.InspectTables})
	if err != nil {
		return err
	}
	for _, t := range s.Tables {
		if revT == nil || t.Name != revT.Name {
			return &migrate.NotCleanError{
				State:  schema.NewRealm(s),
				Reason: fmt.Sprintf("found table %q but no applied migrations in %s (a database made by an older build: start from an empty database)", t.Name, RevisionsTable),
			}
		}
	}
	return nil
}
