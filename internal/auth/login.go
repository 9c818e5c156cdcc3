package auth

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/role"
	"github.com/pandac/pandac/ent/user"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/store"
)

// Password and username rules, as the documented API states them. bcrypt
// reads only the first 72 bytes; longer passwords are refused rather than
// silently truncated.
const (
	MinPasswordLen    = 8
	MaxPasswordBytes  = 72
	MinUsernameLen    = 3
	MaxUsernameLen    = 20
	invalidLoginError = "invalid username or password"
)

var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// ValidateUsername checks a new username: 3-20 letters, digits or underscores.
func ValidateUsername(name string) error {
	if n := len(name); n < MinUsernameLen || n > MaxUsernameLen {
		return fault.BadInput("username", "username must be %d to %d characters, got %d", MinUsernameLen, MaxUsernameLen, n)
	}
	if !usernamePattern.MatchString(name) {
		return fault.BadInput("username", "username may contain only letters, digits and underscores")
	}
	return nil
}

// ValidatePassword checks a new password's length.
func ValidatePassword(field, pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return fault.BadInput(field, "password must be at least %d characters", MinPasswordLen)
	}
	if len(pw) > MaxPasswordBytes {
		return fault.BadInput(field, "password must be at most %d bytes", MaxPasswordBytes)
	}
	return nil
}

func (s *Service) hashPassword(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), s.opts.BcryptCost)
	if err != nil {
		return "", fmt.Errorf("hashing password: %w", err)
	}
	return string(h), nil
}

// checkPassword compares in constant time for the hash; a nil user compares
// against the dummy hash so unknown usernames cost the same as known ones.
func (s *Service) checkPassword(u *ent.User, pw string) bool {
	if u == nil {
		_ = bcrypt.CompareHashAndPassword(s.dummyHash, []byte(pw))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(pw)) == nil
}

// Login checks a username and password and starts a session (a new refresh
// token family). clientAddr is the caller's network address, for throttling.
// Unknown user, wrong password and disabled account all fail with the same
// message and take the same bcrypt time.
func (s *Service) Login(ctx context.Context, username, password, clientAddr string) (Tokens, *ent.User, error) {
	// Signing in and reading one's own account read User and Role, which the
	// table gives only to administrators: the server reads them itself.
	ctx = policy.AsSystem(ctx)
	rules := s.loginRules(username, clientAddr)
	if err := s.checkThrottle(ctx, rules, ""); err != nil {
		return Tokens{}, nil, err
	}
	u, err := s.findLogin(ctx, username)
	if err != nil {
		return Tokens{}, nil, err
	}
	pw, tooLong := password, len(password) > MaxPasswordBytes
	if tooLong {
		pw = pw[:MaxPasswordBytes]
	}
	// Exactly one bcrypt comparison on every path, whatever went wrong.
	if ok := s.checkPassword(u, pw); !ok || tooLong || !u.IsActive {
		if err := s.recordFailure(ctx, rules); err != nil {
			return Tokens{}, nil, err
		}
		return Tokens{}, nil, fault.Unauthenticated(invalidLoginError)
	}
	var out Tokens
	err = store.WithTx(ctx, s.client, func(tx *ent.Tx) error {
		if err := tx.User.UpdateOneID(u.ID).SetLastLoginAt(s.now()).Exec(ctx); err != nil {
			return err
		}
		var err error
		out, err = s.issue(ctx, tx, u, newFamily())
		return err
	})
	if err != nil {
		return Tokens{}, nil, err
	}
	// Only this username's count from this address is forgiven: an address
	// that guessed many accounts keeps its record even when one guess was
	// right.
	s.clearThrottle(ctx, rules[0].key)
	return out, u, nil
}

// findLogin finds the account a login names, ignoring case: usernames are
// unique ignoring case (username_key), so "Alice" signs in as "alice". The
// exact spelling wins over the lower-case key, for the accounts from before
// the key existed that share a lower-case name with an older one (they have
// no key and sign in only by their exact name). nil: no such account.
func (s *Service) findLogin(ctx context.Context, username string) (*ent.User, error) {
	key := strings.ToLower(username)
	us, err := s.client.User.Query().Where(user.Or(user.UsernameKey(key), user.Username(username))).
		WithRole().Limit(2).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("looking up user: %w", err)
	}
	for _, u := range us {
		if u.Username == username {
			return u, nil
		}
	}
	if len(us) > 0 {
		return us[0], nil
	}
	return nil, nil
}

// RegisterInput is a self-service sign-up.
type RegisterInput struct {
	Username string
	Password string
	FullName *string
	Email    *string
}

// Register creates an account with the sign-up role (PANDAC_SIGNUP_ROLE) when
// sign-up is allowed (PANDAC_ALLOW_SIGNUP), and signs it in. Each client
// address gets RegisterLimit attempts per RegisterWindow, refused ones
// counted: a refusal for a taken username cannot be made to look like
// success (the caller would expect to be signed in), so the budget is what
// stops anyone from listing the accounts that exist.
func (s *Service) Register(ctx context.Context, in RegisterInput, clientAddr string) (Tokens, *ent.User, error) {
	// Signing in and reading one's own account read User and Role, which the
	// table gives only to administrators: the server reads them itself.
	ctx = policy.AsSystem(ctx)
	if !s.opts.AllowSignup {
		return Tokens{}, nil, fault.Forbidden("sign-up is disabled; ask an administrator for an account")
	}
	rules := s.registerRules(clientAddr)
	if err := s.checkThrottle(ctx, rules, "sign-up attempts"); err != nil {
		return Tokens{}, nil, err
	}
	// Input refused by the rules alone tells nothing about other accounts
	// and costs no bcrypt, so only attempts that reach the users count.
	if err := ValidateUsername(strings.TrimSpace(in.Username)); err != nil {
		return Tokens{}, nil, err
	}
	if err := ValidatePassword("password", in.Password); err != nil {
		return Tokens{}, nil, err
	}
	if err := s.recordFailure(ctx, rules); err != nil {
		return Tokens{}, nil, err
	}
	u, err := s.ProvisionUser(ctx, NewUser{Username: in.Username, Password: in.Password, FullName: in.FullName, Email: in.Email, Role: s.opts.SignupRole})
	if err != nil {
		return Tokens{}, nil, err
	}
	var out Tokens
	err = store.WithTx(ctx, s.client, func(tx *ent.Tx) error {
		var err error
		out, err = s.issue(ctx, tx, u, newFamily())
		return err
	})
	return out, u, err
}

// NewUser describes an account to create. Role is a role name; RoleID wins
// when both are set.
type NewUser struct {
	Username string
	Password string
	FullName *string
	Email    *string
	Role     string
	RoleID   *uuid.UUID
	IsActive *bool
}

// CreateUser creates an account for someone else; only administrators may.
func (s *Service) CreateUser(ctx context.Context, in NewUser) (*ent.User, error) {
	if err := Require(ctx, PermAdmin); err != nil {
		return nil, err
	}
	return s.ProvisionUser(ctx, in)
}

// ProvisionUser creates an account without asking who is calling: the path
// of the operator's command line, the bootstrap admin and sign-up (which
// fixes the role itself).
func (s *Service) ProvisionUser(ctx context.Context, in NewUser) (*ent.User, error) {
	in.Username = strings.TrimSpace(in.Username)
	if err := ValidateUsername(in.Username); err != nil {
		return nil, err
	}
	if err := ValidatePassword("password", in.Password); err != nil {
		return nil, err
	}
	if err := validateEmail(in.Email); err != nil {
		return nil, err
	}
	roleID := in.RoleID
	if roleID == nil && in.Role != "" {
		r, err := s.client.Role.Query().Where(role.Name(in.Role)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil, fault.BadInput("role", "role %q does not exist", in.Role)
		}
		if err != nil {
			return nil, err
		}
		roleID = &r.ID
	}
	hash, err := s.hashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	u, err := s.client.User.Create().SetUsername(in.Username).SetPasswordHash(hash).
		SetNillableFullName(in.FullName).SetNillableEmail(in.Email).
		SetNillableRoleID(roleID).SetNillableIsActive(in.IsActive).Save(ctx)
	if ent.IsConstraintError(err) {
		if roleID != nil {
			if ok, _ := s.client.Role.Query().Where(role.ID(*roleID)).Exist(ctx); !ok {
				return nil, fault.BadInput("roleId", "role %s does not exist", *roleID)
			}
		}
		return nil, fault.Conflict("username %q is taken", in.Username)
	}
	if err != nil {
		return nil, err
	}
	return s.client.User.Query().Where(user.ID(u.ID)).WithRole().Only(ctx)
}

// EnsureAdmin creates the bootstrap administrator unless a user of that name,
// in any case, exists already (whose password is then left alone).
func (s *Service) EnsureAdmin(ctx context.Context, username, password string) (created bool, err error) {
	exists, err := s.client.User.Query().Where(user.UsernameKey(strings.ToLower(username))).Exist(ctx)
	if err != nil || exists {
		return false, err
	}
	_, err = s.ProvisionUser(ctx, NewUser{Username: username, Password: password, Role: AdminRole})
	var pe *fault.Error
	if errors.As(err, &pe) && pe.Code == fault.CodeConflict {
		// Another instance created it between our check and insert.
		return false, nil
	}
	return err == nil, err
}

func validateEmail(email *string) error {
	if email == nil || *email == "" {
		return nil
	}
	e := *email
	at := strings.LastIndexByte(e, '@')
	if len(e) > 254 || at < 1 || at == len(e)-1 || strings.ContainsAny(e, " \t\r\n") {
		return fault.BadInput("email", "email %q is not a valid address", e)
	}
	return nil
}
