// Command migrategen writes the versioned migration that takes the database
// from the schema the existing migration files build to the one ent/schema
// declares, once per dialect, into internal/store/migrations/{sqlite,postgres}
// with an updated atlas.sum.
//
//	go run ./cmd/migrategen --name add_product_weight
//	make migration NAME=add_product_weight
//
// It replays the existing files on an empty dev database and diffs that
// against ent/schema (ent's ModeReplay): SQLite uses a temporary file;
// PostgreSQL a throwaway database created on --pg-url (default
// $PANDAC_MIGRATE_DEV_URL, else $PANDAC_TEST_DATABASE_URL) and dropped after.
// Nothing is written for a dialect that has no changes.
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"

	entmigrate "github.com/pandac/pandac/ent/migrate"
	"github.com/pandac/pandac/internal/store"
)

var validName = regexp.MustCompile(`^[a-z0-9_]+$`)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "migrategen:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		name     = flag.String("name", "", "migration name, lower_snake_case (required)")
		dialects = flag.String("dialect", "all", "sqlite, postgres or all")
		dir      = flag.String("dir", "internal/store/migrations", "migrations root (one sub-directory per dialect)")
		pgURL    = flag.String("pg-url", firstEnv("PANDAC_MIGRATE_DEV_URL", "PANDAC_TEST_DATABASE_URL"), "PostgreSQL server URL on which a throwaway dev database is created")
	)
	flag.Parse()
	if !validName.MatchString(*name) {
		return fmt.Errorf("--name must be lower_snake_case, got %q", *name)
	}
	var targets []string
	switch *dialects {
	case "all":
		targets = []string{dialect.SQLite, dialect.Postgres}
	case "sqlite", dialect.SQLite:
		targets = []string{dialect.SQLite}
	case dialect.Postgres:
		targets = []string{dialect.Postgres}
	default:
		return fmt.Errorf("--dialect must be sqlite, postgres or all, got %q", *dialects)
	}
	ctx := context.Background()
	for _, d := range targets {
		sub := filepath.Join(*dir, store.MigrationDirName(d))
		wrote, err := generate(ctx, d, sub, *name, *pgURL)
		if err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
		if wrote {
			fmt.Printf("%s: wrote a new migration to %s\n", store.MigrationDirName(d), sub)
		} else {
			fmt.Printf("%s: no changes\n", store.MigrationDirName(d))
		}
	}
	return nil
}

func firstEnv(names ...string) string {
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			return v
		}
	}
	return ""
}

// generate diffs ent/schema against the replayed directory on a dev database
// and writes the difference, if any, as a new file.
func generate(ctx context.Context, d, path, name, pgURL string) (bool, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return false, err
	}
	dir, err := atlasmigrate.NewLocalDir(path)
	if err != nil {
		return false, err
	}
	drv, cleanup, err := devDriver(ctx, d, pgURL)
	if err != nil {
		return false, err
	}
	defer cleanup()
	m, err := schema.NewMigrate(drv,
		schema.WithDir(dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(d),
		schema.WithFormatter(atlasmigrate.DefaultFormatter),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
		schema.WithErrNoPlan(true),
	)
	if err != nil {
		return false, err
	}
	switch err := m.NamedDiff(ctx, name, entmigrate.Tables...); {
	case errors.Is(err, atlasmigrate.ErrNoPlan):
		return false, nil
	case err != nil:
		return false, err
	}
	return true, nil
}

// devDriver opens an empty database to replay and diff on.
func devDriver(ctx context.Context, d, pgURL string) (*entsql.Driver, func(), error) {
	switch d {
	case dialect.SQLite:
		tmp, err := os.MkdirTemp("", "migrategen-*")
		if err != nil {
			return nil, nil, err
		}
		db, err := sql.Open("sqlite3", store.SQLiteDSN(filepath.Join(tmp, "dev.db")))
		if err != nil {
			os.RemoveAll(tmp)
			return nil, nil, err
		}
		return entsql.OpenDB(dialect.SQLite, db), func() { db.Close(); os.RemoveAll(tmp) }, nil
	case dialect.Postgres:
		if pgURL == "" {
			return nil, nil, errors.New("a PostgreSQL dev server is needed: pass --pg-url or set PANDAC_MIGRATE_DEV_URL or PANDAC_TEST_DATABASE_URL (or use --dialect sqlite)")
		}
		admin, err := sql.Open("pgx", pgURL)
		if err != nil {
			return nil, nil, err
		}
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		name := "pandac_migrategen_" + hex.EncodeToString(b)
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			admin.Close()
			return nil, nil, fmt.Errorf("creating dev database: %w", err)
		}
		drop := func() {
			_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			admin.Close()
		}
		u, err := url.Parse(pgURL)
		if err != nil {
			drop()
			return nil, nil, err
		}
		u.Path = "/" + name
		db, err := sql.Open("pgx", u.String())
		if err != nil {
			drop()
			return nil, nil, err
		}
		return entsql.OpenDB(dialect.Postgres, db), func() { db.Close(); drop() }, nil
	}
	return nil, nil, fmt.Errorf("unsupported dialect %q", strings.TrimSpace(d))
}
