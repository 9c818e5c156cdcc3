package auth

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/role"
	"github.com/pandac/pandac/ent/systemsecret"
	"github.com/pandac/pandac/internal/config"
)

// DefaultBcryptCost is the work factor for new password hashes. Measured on
// the shared 2-core build machine (BenchmarkBcrypt): cost 10 about 0.22 s,
// 11 about 0.6 s, 12 about 1.1 s per comparison. 10 is OWASP's floor for
// bcrypt and already makes offline guessing slow; 11 or 12 would let a burst
// of logins tie up both cores for seconds, and online guessing is bounded by
// the login throttle anyway.
const DefaultBcryptCost = 10

// DefaultIssuer is the iss claim of access tokens; tokens from another issuer
// are refused even when signed with the same key.
const DefaultIssuer = "pandac"

// Throttle defaults: DefaultMaxFailures failed logins for one username from
// one client address, or DefaultMaxAddrFailures from one address whatever
// the usernames, within the window lock further attempts from there until
// the window ends. A user signing in from elsewhere is not affected.
// DefaultRegisterLimit sign-ups (tried, not only successful) per address per
// DefaultRegisterWindow.
const (
	DefaultMaxFailures     = 5
	DefaultMaxAddrFailures = 20
	DefaultFailureWindow   = 15 * time.Minute
	DefaultRegisterLimit   = 5
	DefaultRegisterWindow  = time.Hour
)

// signingKeyName is the SystemSecret row holding a generated signing key.
const signingKeyName = "jwt_signing_key"

// DefaultRoles are created at start when missing: name -> permissions.
var DefaultRoles = map[string][]string{
	"admin":   {Wildcard},
	"manager": {string(PermRead), string(PermWrite), string(PermPOS), string(PermReports), string(PermVoid), string(PermRefund)},
	"cashier": {string(PermRead), string(PermPOS)},
	"user":    {string(PermRead)},
}

// AdminRole is the built-in administrators' role; it cannot be deleted or
// stripped of "*", so the store can never lock itself out.
const AdminRole = "admin"

// Options tune a Service. Zero values take the defaults.
type Options struct {
	// Secret signs access tokens. Empty: read the generated key from the
	// database, creating it on first start.
	Secret          []byte
	Issuer          string
	AccessTokenTTL  time.Duration
	RefreshTokenTTL time.Duration
	AllowSignup     bool
	SignupRole      string
	BcryptCost      int
	MaxFailures     int
	MaxAddrFailures int
	FailureWindow   time.Duration
	RegisterLimit   int
	RegisterWindow  time.Duration
	// SessionCheckInterval is how often WatchSession checks a session
	// nothing announced a change for (DefaultSessionCheckInterval).
	SessionCheckInterval time.Duration
	// Now is the clock; tests move it.
	Now func() time.Time
}

// OptionsFromConfig maps the server configuration onto Options.
func OptionsFromConfig(c config.Config) Options {
	return Options{
		Secret:          []byte(c.JWTSecret),
		AccessTokenTTL:  c.AccessTokenTTL,
		RefreshTokenTTL: c.RefreshTokenTTL,
		AllowSignup:     c.AllowSignup,
		SignupRole:      c.SignupRole,
	}
}

// Service authenticates users and manages accounts, roles and tokens.
type Service struct {
	client *ent.Client
	opts   Options
	secret []byte
	// dummyHash is compared against when the username is unknown, so a login
	// for a missing user costs the same bcrypt time as a wrong password.
	dummyHash []byte
	// cache holds recently authenticated principals once CachePrincipals
	// turned it on (nil: every request reads its user).
	cache atomic.Pointer[principalCache]
	// changes wakes WatchSession whenever users, roles or revoked tokens
	// changed, here or on a peer.
	changes changeSignal
}

// New returns a Service over client. It makes sure the default roles exist
// and loads (or, on first start, generates) the signing key.
func New(ctx context.Context, client *ent.Client, opts Options) (*Service, error) {
	if opts.Issuer == "" {
		opts.Issuer = DefaultIssuer
	}
	if opts.AccessTokenTTL <= 0 {
		opts.AccessTokenTTL = 30 * time.Minute
	}
	if opts.RefreshTokenTTL <= 0 {
		opts.RefreshTokenTTL = 30 * 24 * time.Hour
	}
	if opts.SignupRole == "" {
		opts.SignupRole = "user"
	}
	if opts.BcryptCost == 0 {
		opts.BcryptCost = DefaultBcryptCost
	}
	if opts.BcryptCost < bcrypt.MinCost || opts.BcryptCost > bcrypt.MaxCost {
		return nil, fmt.Errorf("bcrypt cost %d out of range", opts.BcryptCost)
	}
	if opts.MaxFailures <= 0 {
		opts.MaxFailures = DefaultMaxFailures
	}
	if opts.MaxAddrFailures <= 0 {
		opts.MaxAddrFailures = DefaultMaxAddrFailures
	}
	if opts.FailureWindow <= 0 {
		opts.FailureWindow = DefaultFailureWindow
	}
	if opts.RegisterLimit <= 0 {
		opts.RegisterLimit = DefaultRegisterLimit
	}
	if opts.RegisterWindow <= 0 {
		opts.RegisterWindow = DefaultRegisterWindow
	}
	if opts.SessionCheckInterval <= 0 {
		opts.SessionCheckInterval = DefaultSessionCheckInterval
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Service{client: client, opts: opts}
	client.Setting.Intercept(ent.InterceptFunc(loadSecretFlag))
	client.User.Use(s.principalsHook())
	client.Role.Use(s.principalsHook())
	client.RevokedToken.Use(s.principalsHook())
	if err := s.ensureRoles(ctx); err != nil {
		return nil, err
	}
	if len(opts.Secret) > 0 {
		if len(opts.Secret) < 32 {
			return nil, errors.New("the JWT secret must be at least 32 bytes")
		}
		s.secret = opts.Secret
	} else {
		key, err := s.loadOrCreateSecret(ctx)
		if err != nil {
			return nil, err
		}
		s.secret = key
	}
	dummy, err := bcrypt.GenerateFromPassword(randomBytes(16), opts.BcryptCost)
	if err != nil {
		return nil, fmt.Errorf("preparing dummy hash: %w", err)
	}
	s.dummyHash = dummy
	return s, nil
}

// AccessTokenTTL is the lifetime of the access tokens this service issues.
func (s *Service) AccessTokenTTL() time.Duration { return s.opts.AccessTokenTTL }

func (s *Service) now() time.Time { return s.opts.Now() }

// ensureRoles creates the default roles that are missing. Two instances
// starting together may both try; the unique name makes the loser's insert a
// no-op.
func (s *Service) ensureRoles(ctx context.Context) error {
	for name, perms := range DefaultRoles {
		err := s.client.Role.Create().SetName(name).SetPermissions(perms).
			SetDescription("built-in " + name + " role").
			OnConflictColumns(role.FieldName).DoNothing().Exec(ctx)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("creating role %s: %w", name, err)
		}
	}
	return nil
}

// loadOrCreateSecret inserts a fresh random key unless one exists, then reads
// whichever key won: two instances starting at once end up with the same one.
func (s *Service) loadOrCreateSecret(ctx context.Context) ([]byte, error) {
	err := s.client.SystemSecret.Create().SetName(signingKeyName).SetValue(randomBytes(64)).
		OnConflictColumns(systemsecret.FieldName).DoNothing().Exec(ctx)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("storing signing key: %w", err)
	}
	sec, err := s.client.SystemSecret.Query().Where(systemsecret.Name(signingKeyName)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading signing key: %w", err)
	}
	if len(sec.Value) < 32 {
		return nil, errors.New("stored signing key is shorter than 32 bytes")
	}
	return sec.Value, nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	// crypto/rand.Read never fails on supported platforms (Go 1.24+ panics
	// instead), so there is no error to handle.
	_, _ = rand.Read(b)
	return b
}
