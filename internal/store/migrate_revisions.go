package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
)

// revisions is Atlas's RevisionReadWriter over the schema_revisions table,
// working inside the migration's transaction so a file and its record commit
// together.
type revisions struct {
	tx      *sql.Tx
	dialect string
}

var _ migrate.RevisionReadWriter = (*revisions)(nil)

// Times are stored as RFC 3339 text and durations as nanoseconds, so one
// table definition reads the same on both databases.
const revisionsDDL = `CREATE TABLE IF NOT EXISTS ` + RevisionsTable + ` (
	version          VARCHAR(64)  NOT NULL PRIMARY KEY,
	description      TEXT         NOT NULL,
	type             BIGINT       NOT NULL,
	applied          BIGINT       NOT NULL,
	total            BIGINT       NOT NULL,
	executed_at      VARCHAR(40)  NOT NULL,
	execution_time   BIGINT       NOT NULL,
	error            TEXT         NOT NULL,
	error_stmt       TEXT         NOT NULL,
	hash             TEXT         NOT NULL,
	partial_hashes   TEXT         NOT NULL,
	operator_version TEXT         NOT NULL
)`

const revisionColumns = `version, description, type, applied, total, executed_at, execution_time, error, error_stmt, hash, partial_hashes, operator_version`

func (r *revisions) ensureTable(ctx context.Context) error {
	if _, err := r.tx.ExecContext(ctx, revisionsDDL); err != nil {
		return fmt.Errorf("creating %s: %w", RevisionsTable, err)
	}
	return nil
}

// bind rewrites ? placeholders as $n for PostgreSQL.
func (r *revisions) bind(q string) string {
	if r.dialect != dialect.Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Ident implements migrate.RevisionReadWriter.
func (r *revisions) Ident() *migrate.TableIdent {
	return &migrate.TableIdent{Name: RevisionsTable}
}

// ReadRevisions implements migrate.RevisionReadWriter.
func (r *revisions) ReadRevisions(ctx context.Context) ([]*migrate.Revision, error) {
	rows, err := r.tx.QueryContext(ctx, `SELECT `+revisionColumns+` FROM `+RevisionsTable+` ORDER BY version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*migrate.Revision
	for rows.Next() {
		rev, err := scanRevision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, rev)
	}
	return out, rows.Err()
}

// ReadRevision implements migrate.RevisionReadWriter.
func (r *revisions) ReadRevision(ctx context.Context, version string) (*migrate.Revision, error) {
	rows, err := r.tx.QueryContext(ctx, r.bind(`SELECT `+revisionColumns+` FROM `+RevisionsTable+` WHERE version = ?`), version)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, migrate.ErrRevisionNotExist
	}
	return scanRevision(rows)
}

// WriteRevision implements migrate.RevisionReadWriter.
func (r *revisions) WriteRevision(ctx context.Context, rev *migrate.Revision) error {
	hashes, err := json.Marshal(rev.PartialHashes)
	if err != nil {
		return err
	}
	_, err = r.tx.ExecContext(ctx, r.bind(`INSERT INTO `+RevisionsTable+` (`+revisionColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (version) DO UPDATE SET description = excluded.description, type = excluded.type,
			applied = excluded.applied, total = excluded.total, executed_at = excluded.executed_at,
			execution_time = excluded.execution_time, error = excluded.error, error_stmt = excluded.error_stmt,
			hash = excluded.hash, partial_hashes = excluded.partial_hashes, operator_version = excluded.operator_version`),
		rev.Version, rev.Description, int64(rev.Type), rev.Applied, rev.Total,
		rev.ExecutedAt.UTC().Format(time.RFC3339Nano), int64(rev.ExecutionTime),
		rev.Error, rev.ErrorStmt, rev.Hash, string(hashes), rev.OperatorVersion)
	return err
}

// DeleteRevision implements migrate.RevisionReadWriter.
func (r *revisions) DeleteRevision(ctx context.Context, version string) error {
	_, err := r.tx.ExecContext(ctx, r.bind(`DELETE FROM `+RevisionsTable+` WHERE version = ?`), version)
	return err
}

func scanRevision(rows *sql.Rows) (*migrate.Revision, error) {
	var (
		rev      migrate.Revision
		typ, dur int64
		at       string
		hashes   string
	)
	if err := rows.Scan(&rev.Version, &rev.Description, &typ, &rev.Applied, &rev.Total, &at, &dur,
		&rev.Error, &rev.ErrorStmt, &rev.Hash, &hashes, &rev.OperatorVersion); err != nil {
		return nil, err
	}
	rev.Type = migrate.RevisionType(typ)
	rev.ExecutionTime = time.Duration(dur)
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return nil, fmt.Errorf("revision %s: bad executed_at %q: %w", rev.Version, at, err)
	}
	rev.ExecutedAt = t
	if hashes != "" && hashes != "null" {
		if err := json.Unmarshal([]byte(hashes), &rev.PartialHashes); err != nil {
			return nil, errors.Join(fmt.Errorf("revision %s: bad partial_hashes", rev.Version), err)
		}
	}
	return &rev, nil
}

// AppliedVersions lists the migration versions recorded in the database, oldest
// first; empty when it was never migrated.
func (d *DB) AppliedVersions(ctx context.Context) ([]string, error) {
	rows, err := d.SQL.QueryContext(ctx, `SELECT version FROM `+RevisionsTable+` WHERE applied = total ORDER BY version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
