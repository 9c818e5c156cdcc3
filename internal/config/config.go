// Package config reads Pandac's configuration from the environment.
package config

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
)

// Config is everything the server needs to start.
type Config struct {
	// Addr is the listen address.
	Addr string `env:"PANDAC_ADDR" envDefault:":8000"`
	// DatabaseURL is "" (SQLite file pandac.db), "sqlite:PATH" or "postgres://...".
	DatabaseURL string `env:"DATABASE_URL"`
	// DatabaseReadURL, when set, is a PostgreSQL streaming-replication standby
	// of DatabaseURL that reports read from (store.Replica); everything else
	// stays on the primary. PostgreSQL only.
	DatabaseReadURL string `env:"DATABASE_READ_URL"`
	// DBReadCheckInterval is how often the read replica is checked (up, lag);
	// a replica found down is skipped until a check finds it back.
	DBReadCheckInterval time.Duration `env:"PANDAC_DB_READ_CHECK_INTERVAL" envDefault:"5s"`
	// DBMaxOpenConns caps the connection pool (0 = driver-specific default).
	DBMaxOpenConns int `env:"PANDAC_DB_MAX_OPEN_CONNS" envDefault:"0"`
	// DBMaxIdleConns caps idle pooled connections (0 = same as open).
	DBMaxIdleConns int `env:"PANDAC_DB_MAX_IDLE_CONNS" envDefault:"0"`
	// DBConnectTimeout bounds opening a PostgreSQL connection, so requests fail
	// fast while the database is away (pgx connect_timeout).
	DBConnectTimeout time.Duration `env:"PANDAC_DB_CONNECT_TIMEOUT" envDefault:"5s"`
	// DBStatementTimeout makes PostgreSQL cancel any statement running longer
	// (statement_timeout; 0 = the server's setting). A statement_timeout in
	// DATABASE_URL wins over it.
	DBStatementTimeout time.Duration `env:"PANDAC_DB_STATEMENT_TIMEOUT" envDefault:"30s"`
	// DBConnMaxLifetime recycles pooled connections (0 = never), which also
	// drops connections to a database that failed over.
	DBConnMaxLifetime time.Duration `env:"PANDAC_DB_CONN_MAX_LIFETIME" envDefault:"30m"`
	// RequestTimeout bounds the work of one request, database calls included.
	RequestTimeout time.Duration `env:"PANDAC_REQUEST_TIMEOUT" envDefault:"15s"`
	// ShutdownTimeout bounds how long in-flight requests may finish on SIGTERM.
	ShutdownTimeout time.Duration `env:"PANDAC_SHUTDOWN_TIMEOUT" envDefault:"20s"`

	// JWTSecret signs access tokens; unset = generated once and kept in the database.
	JWTSecret string `env:"PANDAC_JWT_SECRET"`
	// AccessTokenTTL is the lifetime of an access token.
	AccessTokenTTL time.Duration `env:"PANDAC_ACCESS_TOKEN_TTL" envDefault:"30m"`
	// RefreshTokenTTL is the lifetime of a refresh token.
	RefreshTokenTTL time.Duration `env:"PANDAC_REFRESH_TOKEN_TTL" envDefault:"720h"`
	// AllowSignup lets anyone register an account. Off by default, as
	// Grafana ships: a till system's accounts are handed out by its admin.
	AllowSignup bool `env:"PANDAC_ALLOW_SIGNUP" envDefault:"false"`
	// SignupRole is the role self-registered users get.
	SignupRole string `env:"PANDAC_SIGNUP_ROLE" envDefault:"user"`
	// AuthCacheTTL is how long a verified access token is answered from memory
	// at most (0 = read the user on every request). Logout, deactivation and
	// role changes made through any instance end cached entries at once.
	AuthCacheTTL time.Duration `env:"PANDAC_AUTH_CACHE_TTL" envDefault:"10s"`
	// AdminUsername and AdminPassword create an admin at start when it is missing.
	AdminUsername string `env:"PANDAC_ADMIN_USERNAME"`
	AdminPassword string `env:"PANDAC_ADMIN_PASSWORD"`

	// ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout cut off
	// slow or idle clients (see server.NewHTTPServer).
	ReadHeaderTimeout time.Duration `env:"PANDAC_READ_HEADER_TIMEOUT" envDefault:"10s"`
	ReadTimeout       time.Duration `env:"PANDAC_READ_TIMEOUT" envDefault:"30s"`
	WriteTimeout      time.Duration `env:"PANDAC_WRITE_TIMEOUT" envDefault:"60s"`
	IdleTimeout       time.Duration `env:"PANDAC_IDLE_TIMEOUT" envDefault:"120s"`
	// RateLimit is the average number of requests per second one client IP
	// may make (0 = no limit); RateLimitWindow is the sliding window it is
	// counted over, so a client may burst to RateLimit*window at once.
	RateLimit       int           `env:"PANDAC_RATE_LIMIT" envDefault:"100"`
	RateLimitWindow time.Duration `env:"PANDAC_RATE_LIMIT_WINDOW" envDefault:"10s"`
	// TrustedProxies lists the CIDRs of reverse proxies whose X-Forwarded-For
	// is believed when telling clients apart; empty = the TCP peer is the client.
	TrustedProxies []string `env:"PANDAC_TRUSTED_PROXIES" envSeparator:","`

	// PublicIntrospection lets anonymous callers introspect the schema
	// (__schema, __type) and see field suggestions in validation errors.
	// Off by default: signed-in callers, the playground among them, always may.
	PublicIntrospection bool `env:"PANDAC_PUBLIC_INTROSPECTION" envDefault:"false"`
	// ReadCompilerOff answers every GraphQL read field by field through the
	// resolvers, as mutations are, instead of compiling the read to one SQL
	// statement per root field. The two give the same answer (the
	// differential test proves it); this is for comparing them and for
	// ruling the compiler out when chasing a problem.
	ReadCompilerOff bool `env:"PANDAC_READ_COMPILER_OFF" envDefault:"false"`
	// MetricsToken, when set, lets a caller presenting it as a bearer token
	// read /metrics on the main listener (compared in constant time).
	MetricsToken string `env:"PANDAC_METRICS_TOKEN"`
	// MetricsAddr, when set, serves /metrics without a token on its own
	// listener (e.g. 127.0.0.1:9100), meant for loopback or a private
	// network the scraper shares. With neither this nor MetricsToken set,
	// /metrics is not served at all.
	MetricsAddr string `env:"PANDAC_METRICS_ADDR"`

	// CORSOrigins is the allow-list of browser origins (comma separated).
	CORSOrigins []string `env:"PANDAC_CORS_ORIGINS" envSeparator:","`
	// PprofAddr, when set, serves net/http/pprof on this loopback address.
	PprofAddr string `env:"PANDAC_PPROF_ADDR"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `env:"PANDAC_LOG_LEVEL" envDefault:"info"`
}

// Load reads the configuration from the environment and checks it.
func Load() (Config, error) {
	var c Config
	if err := env.Parse(&c); err != nil {
		return c, fmt.Errorf("reading configuration: %w", err)
	}
	return c, c.Validate()
}

// Validate reports settings that cannot work.
func (c Config) Validate() error {
	if c.JWTSecret != "" && len(c.JWTSecret) < 32 {
		return fmt.Errorf("PANDAC_JWT_SECRET must be at least 32 bytes (got %d); unset it to have one generated", len(c.JWTSecret))
	}
	if c.AccessTokenTTL <= 0 || c.RefreshTokenTTL <= 0 {
		return fmt.Errorf("token lifetimes must be positive")
	}
	if (c.AdminUsername == "") != (c.AdminPassword == "") {
		return fmt.Errorf("set both PANDAC_ADMIN_USERNAME and PANDAC_ADMIN_PASSWORD, or neither")
	}
	if c.DatabaseReadURL != "" {
		if !isPostgres(c.DatabaseReadURL) {
			return fmt.Errorf("DATABASE_READ_URL must be a postgres:// or postgresql:// URL: a read replica is a PostgreSQL standby (SQLite has none)")
		}
		if !isPostgres(c.DatabaseURL) {
			return fmt.Errorf("DATABASE_READ_URL is set but DATABASE_URL is not a PostgreSQL URL: the read replica must be a standby of a PostgreSQL primary")
		}
		if c.DBReadCheckInterval <= 0 {
			return fmt.Errorf("PANDAC_DB_READ_CHECK_INTERVAL must be positive, got %s", c.DBReadCheckInterval)
		}
	}
	if c.RateLimit < 0 {
		return fmt.Errorf("PANDAC_RATE_LIMIT must be 0 (off) or a positive number of requests per second, got %d", c.RateLimit)
	}
	for _, p := range c.TrustedProxies {
		if _, err := netip.ParsePrefix(strings.TrimSpace(p)); err != nil {
			return fmt.Errorf("PANDAC_TRUSTED_PROXIES: %q is not a CIDR such as 10.0.0.0/8", p)
		}
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		return fmt.Errorf("PANDAC_METRICS_TOKEN must be at least 16 bytes (got %d)", len(c.MetricsToken))
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			return fmt.Errorf("PANDAC_METRICS_ADDR %q is not HOST:PORT: %v", c.MetricsAddr, err)
		}
		if c.MetricsAddr == c.Addr {
			return fmt.Errorf("PANDAC_METRICS_ADDR must differ from PANDAC_ADDR (%s)", c.Addr)
		}
	}
	for _, o := range c.CORSOrigins {
		if strings.TrimSpace(o) == "*" {
			return fmt.Errorf("PANDAC_CORS_ORIGINS must list origins; \"*\" is not allowed with credentials")
		}
	}
	return nil
}

// isPostgres reports whether a database URL names PostgreSQL (store.Open
// treats anything else as SQLite).
func isPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}
