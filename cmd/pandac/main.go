// Command pandac is the Pandac POS server and its administration tool.
//
//	pandac serve                 run the HTTP server (GraphQL, REST, dashboard)
//	pandac migrate               bring the database schema up to date
//	pandac user create ...       create a user (e.g. the first admin)
//	pandac seed                  load demo data
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"entgo.io/ent/dialect"
	"go.opentelemetry.io/otel/trace"
	"golang.org/x/crypto/bcrypt"

	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/config"
	"github.com/pandac/pandac/internal/events"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/seed"
	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/telemetry"
)

const usage = `usage: pandac <command> [flags]

commands:
  serve         run the server (PANDAC_ADDR, DATABASE_URL, ...)
  migrate       bring the database schema up to date
  user create   create a user: --username U --role admin [--password P | password on stdin]
  seed          load demo data once: [--products N] [--customers N] [--sales N]
                [--suppliers N] [--days N] [--rand-seed N]; staff passwords from
                PANDAC_SEED_PASSWORD, else generated and printed
`

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "pandac:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "serve":
		return serve()
	case "migrate":
		return withDB(nil, func(ctx context.Context, db *store.DB, cfg config.Config) error {
			if _, err := startAuth(ctx, db, cfg, slog.Default()); err != nil {
				return err
			}
			v, err := db.AppliedVersions(ctx)
			if err != nil {
				return err
			}
			if len(v) == 0 {
				return errors.New("no migrations recorded after migrating")
			}
			fmt.Printf("schema is up to date (%s, %d migrations applied, latest %s)\n", db.Dialect, len(v), v[len(v)-1])
			return nil
		})
	case "seed":
		return seedCmd(args[1:])
	case "user":
		if len(args) < 2 || args[1] != "create" {
			fmt.Fprint(os.Stderr, usage)
			return errors.New("usage: pandac user create --username U --role ROLE [--password P]")
		}
		return userCreate(args[2:], os.Stdin, os.Stdout)
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	default:
		fmt.Fprint(os.Stderr, usage)
		return fmt.Errorf("unknown command %q", strings.Join(args, " "))
	}
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// withDB loads the configuration, opens and migrates the database, and runs
// fn. With a tracer provider the database's statements are traced.
func withDB(tp trace.TracerProvider, fn func(ctx context.Context, db *store.DB, cfg config.Config) error) error {
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := store.Open(cfg.DatabaseURL, dbOptions(cfg, tp))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	return fn(ctx, db, cfg)
}

// dbOptions is the pool configuration, the same for the primary and the
// read replica; both are traced when tracing is on.
func dbOptions(cfg config.Config, tp trace.TracerProvider) store.Options {
	return store.Options{
		MaxOpenConns: cfg.DBMaxOpenConns, MaxIdleConns: cfg.DBMaxIdleConns, ConnMaxLifetime: cfg.DBConnMaxLifetime,
		ConnectTimeout: cfg.DBConnectTimeout, StatementTimeout: cfg.DBStatementTimeout,
		WrapDriver: wrapDriver(tp),
	}
}

// wrapDriver traces the store's statements when tracing is on, and leaves
// the driver alone (no wrapper at all) when it is off.
func wrapDriver(tp trace.TracerProvider) func(dialect.Driver) dialect.Driver {
	if tp == nil {
		return nil
	}
	return func(d dialect.Driver) dialect.Driver { return telemetry.WrapDriver(d, tp) }
}

func serve() error {
	start := time.Now()
	// Tracing starts first, from the OTEL_* variables alone, so the store
	// can be opened with its statements traced.
	tp, stopTracing, err := telemetry.Start(context.Background(), server.Version)
	if err != nil {
		return err
	}
	defer func() {
		// Flush the spans still buffered; bounded, as the collector may be away.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := stopTracing(ctx); err != nil {
			slog.Warn("flushing traces", "err", err)
		}
	}()
	return withDB(tp, func(ctx context.Context, db *store.DB, cfg config.Config) error {
		log := newLogger(cfg.LogLevel)
		slog.SetDefault(log)
		if os.Getenv("GOGC") == "" {
			// Requests allocate a lot of short-lived garbage over a small live
			// heap; collecting at 4x the live heap instead of 2x gives requests
			// about 9% more CPU (bench/README.md). GOGC in the environment wins.
			debug.SetGCPercent(400)
		}
		if cfg.PprofAddr != "" {
			if err := server.StartPprof(cfg.PprofAddr, log); err != nil {
				return err
			}
		}
		svc := pos.New(db.Client)
		if cfg.DatabaseReadURL != "" {
			if err := db.OpenReplica(cfg.DatabaseReadURL, dbOptions(cfg, tp)); err != nil {
				return err
			}
			svc.ReadFrom(db.Replica.Client)
			go db.Replica.Watch(ctx, cfg.DBReadCheckInterval, log)
			log.Info("reports read from the read replica (DATABASE_READ_URL)", "check_interval", cfg.DBReadCheckInterval.String())
		}
		authSvc, err := startAuth(ctx, db, cfg, log)
		if err != nil {
			return err
		}
		bus := newEventBus(cfg, db, log)
		defer bus.Close()
		svc.SetPublisher(bus)
		authSvc.CachePrincipals(ctx, cfg.AuthCacheTTL, bus)
		metrics := server.NewMetrics(db.SQL)
		if cfg.MetricsAddr != "" {
			_, stopMetrics, err := server.StartMetrics(cfg.MetricsAddr, metrics, log)
			if err != nil {
				return err
			}
			defer stopMetrics(context.Background())
		}
		h := server.New(server.Deps{Config: cfg, DB: db, POS: svc, Auth: authSvc, Logger: log, Events: bus, Metrics: metrics, Tracer: tp})
		srv := server.NewHTTPServer(cfg, h)
		errc := make(chan error, 1)
		go func() { errc <- srv.ListenAndServe() }()
		log.Info("pandac listening", "addr", cfg.Addr, "database", db.Dialect, "tracing", tp != nil, "startup_ms", time.Since(start).Milliseconds())
		select {
		case err := <-errc:
			return err
		case <-ctx.Done():
		}
		log.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
		sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			return fmt.Errorf("graceful shutdown: %w", err)
		}
		return nil
	})
}

func seedCmd(args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	var o seed.Options
	fs.IntVar(&o.Products, "products", 300, "products, each with stock")
	fs.IntVar(&o.Customers, "customers", 100, "customers")
	fs.IntVar(&o.Sales, "sales", 3000, "completed sales (1-5 lines each), some later voided or refunded")
	fs.IntVar(&o.Suppliers, "suppliers", 0, "suppliers (default products/25, at least 5)")
	fs.IntVar(&o.Days, "days", 90, "sales are spread over this many days up to now")
	fs.Uint64Var(&o.RandSeed, "rand-seed", 0, "make the data reproducible (0 = random)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	o.Password = os.Getenv("PANDAC_SEED_PASSWORD")
	if o.Password != "" {
		if err := auth.ValidatePassword("PANDAC_SEED_PASSWORD", o.Password); err != nil {
			return err
		}
	}
	o.Progress = func(step string, took time.Duration) {
		fmt.Printf("  %-18s %s\n", step, took.Round(time.Millisecond))
	}
	o.HashPassword = func(pw string) (string, error) {
		h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
		return string(h), err
	}
	return withDB(nil, func(ctx context.Context, db *store.DB, _ config.Config) error {
		res, err := seed.Run(ctx, db, o)
		if err != nil {
			return fmt.Errorf("seeding: %w", err)
		}
		if res.AlreadySeeded {
			fmt.Println("database already seeded; nothing done (the \"seeded\" setting marks it)")
			return nil
		}
		fmt.Printf("seeded %s in %s: %d products, %d suppliers, %d customers, %d sales (%d voided, %d refunded, %d partly refunded), %d sale lines, %d payments, %d stock movements\n",
			db.Dialect, res.Elapsed.Round(time.Millisecond), res.Products, res.Suppliers, res.Customers, res.Sales,
			res.Voided, res.Refunded, res.PartiallyRefunded, res.SaleItems, res.Payments, res.Movements)
		for _, a := range res.Accounts {
			switch {
			case a.Password == "":
				fmt.Printf("  user %-8s (role %s) already existed; password unchanged\n", a.Username, a.Role)
			case o.Password != "":
				fmt.Printf("  user %-8s (role %s) password from PANDAC_SEED_PASSWORD\n", a.Username, a.Role)
			default:
				fmt.Printf("  user %-8s (role %s) password %s\n", a.Username, a.Role, a.Password)
			}
		}
		return nil
	})
}

// newEventBus returns the bus behind subscriptions: through PostgreSQL
// LISTEN/NOTIFY, so every instance hears every event, or in process on SQLite.
func newEventBus(cfg config.Config, db *store.DB, log *slog.Logger) *events.Bus {
	if db.Dialect == "postgres" {
		return events.NewPostgres(cfg.DatabaseURL, db.SQL, log)
	}
	return events.New()
}
