package auth

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/refreshtoken"
	"github.com/pandac/pandac/ent/revokedtoken"
	"github.com/pandac/pandac/ent/role"
	"github.com/pandac/pandac/ent/user"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/store"
)

// TokenType is the OAuth 2 token type of access tokens.
const TokenType = "bearer"

// Tokens is what a successful login or refresh hands the client.
type Tokens struct {
	AccessToken  string
	RefreshToken string
	TokenType    string
	// ExpiresIn is the access token's lifetime in seconds.
	ExpiresIn int
}

// Errors for refused tokens. Their messages are safe to show; they all carry
// CodeUnauthenticated.
var (
	ErrInvalidToken = fault.Unauthenticated("invalid access token")
	ErrExpiredToken = fault.Unauthenticated("access token expired")
	ErrRevokedToken = fault.Unauthenticated("access token revoked")
	// ErrSessionEnded refuses a token issued before the user's sessions were
	// ended (password change or reset, deactivation, role change, a stolen
	// refresh token detected).
	ErrSessionEnded = fault.Unauthenticated("session ended; sign in again")
	ErrInactiveUser = fault.Unauthenticated("account is disabled")
	ErrBadRefresh   = fault.Unauthenticated("invalid or expired refresh token")
)

// validMethods pins the algorithm: "none", HS512, RS256 and anything else in a
// token's header are refused before the signature is even looked at.
var validMethods = []string{jwt.SigningMethodHS256.Alg()}

// AccessClaims are the claims of an access token: the registered ones and
// the user's session version when it was issued.
type AccessClaims struct {
	jwt.RegisteredClaims
	// SessionVersion is the user's session_version at issue. Authenticate
	// refuses the token once the user's version moved on, which is how every
	// session of a user ends at once. Tokens from before the claim existed
	// lack it and read as 0, the version every existing user starts with.
	SessionVersion int64 `json:"sv,omitempty"`
}

func (s *Service) signAccess(u *ent.User) (string, error) {
	now := s.now()
	claims := AccessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    s.opts.Issuer,
			Subject:   u.ID.String(),
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(s.opts.AccessTokenTTL)),
			ID:        uuid.NewString(),
		},
		SessionVersion: u.SessionVersion,
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.secret)
}

// VerifyAccessToken checks a token's signature, algorithm, issuer and
// lifetime, without touching the database.
func (s *Service) VerifyAccessToken(token string) (*AccessClaims, error) {
	var claims AccessClaims
	_, err := jwt.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return s.secret, nil },
		jwt.WithValidMethods(validMethods),
		jwt.WithIssuer(s.opts.Issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(s.now),
		jwt.WithLeeway(5*time.Second),
	)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, ErrExpiredToken
	case err != nil:
		return nil, ErrInvalidToken
	}
	if claims.ID == "" || claims.Subject == "" {
		return nil, ErrInvalidToken
	}
	return &claims, nil
}

// principalRow is the user, its role and the token's revocation read together
// in one query.
type principalRow struct {
	ID          uuid.UUID `json:"id"`
	Username    string    `json:"username"`
	IsActive    bool      `json:"is_active"`
	Version     int64     `json:"session_version"`
	RoleName    *string   `json:"role_name"`
	Permissions *string   `json:"role_permissions"`
	Revoked     bool      `json:"token_revoked"`
}

// Authenticate turns a bearer token into the principal it speaks for: the
// token must verify, not be revoked, and belong to an active user. The user,
// its role and the token's revocation are read in one statement, because
// this runs before every authenticated request and a round trip to
// PostgreSQL is most of its cost; with CachePrincipals on, a token seen
// recently is answered from memory, and logout, deactivation and role
// changes still take effect at once on every instance (see CachePrincipals).
func (s *Service) Authenticate(ctx context.Context, bearer string) (*Principal, error) {
	// Signing in and reading one's own account read User and Role, which the
	// table gives only to administrators: the server reads them itself.
	ctx = policy.AsSystem(ctx)
	c := s.cache.Load()
	var stamp cacheStamp
	if c != nil {
		if p, ok := c.get(bearer, s.now()); ok {
			return p, nil
		}
		stamp = c.stamp()
	}
	p, err := s.authenticateFresh(ctx, bearer)
	if err != nil {
		return nil, err
	}
	if c != nil {
		// The same string verifies the same way until it expires, so the
		// signature check is skipped along with the read.
		expires := s.now().Add(c.ttl)
		if p.TokenExpiry.Before(expires) {
			expires = p.TokenExpiry
		}
		c.put(bearer, p, stamp, expires)
	}
	return p, nil
}

// authenticateFresh is Authenticate without the principal cache: it reads
// the user's current state, so a change committed on any instance counts at
// once, whether or not its announcement has arrived yet.
func (s *Service) authenticateFresh(ctx context.Context, bearer string) (*Principal, error) {
	ctx = policy.AsSystem(ctx)
	claims, err := s.VerifyAccessToken(bearer)
	if err != nil {
		return nil, err
	}
	uid, err := uuid.Parse(claims.Subject)
	if err != nil {
		return nil, ErrInvalidToken
	}
	p, err := s.loadPrincipal(ctx, uid, claims.ID, claims.SessionVersion)
	if err != nil {
		return nil, err
	}
	p.TokenID = claims.ID
	p.TokenExpiry = claims.ExpiresAt.Time
	return p, nil
}

// loadPrincipal reads a user and its role with one indexed join, and whether
// the access token jti was revoked with an EXISTS over the unique jti index,
// in the same statement. A revoked token is refused before the user's state
// is looked at, as a separate check would; so is a token issued under an
// older session version than the user's (sv).
func (s *Service) loadPrincipal(ctx context.Context, uid uuid.UUID, jti string, sv int64) (*Principal, error) {
	var rows []principalRow
	err := s.client.User.Query().Where(user.ID(uid)).
		Modify(func(sel *entsql.Selector) {
			rt := entsql.Table(role.Table)
			sel.LeftJoin(rt).On(sel.C(user.FieldRoleID), rt.C(role.FieldID))
			sel.Select(sel.C(user.FieldID), sel.C(user.FieldUsername), sel.C(user.FieldIsActive), sel.C(user.FieldSessionVersion),
				entsql.As(rt.C(role.FieldName), "role_name"), entsql.As(rt.C(role.FieldPermissions), "role_permissions"))
			rv := entsql.Dialect(sel.Dialect()).Table(revokedtoken.Table)
			sel.AppendSelectExprAs(entsql.Exists(entsql.Dialect(sel.Dialect()).Select(rv.C(revokedtoken.FieldID)).From(rv).
				Where(entsql.EQ(rv.C(revokedtoken.FieldJti), jti))), "token_revoked")
		}).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("loading user: %w", err)
	}
	if len(rows) == 0 {
		return nil, ErrInvalidToken
	}
	r := rows[0]
	if r.Revoked {
		return nil, ErrRevokedToken
	}
	if !r.IsActive {
		return nil, ErrInactiveUser
	}
	if r.Version != sv {
		return nil, ErrSessionEnded
	}
	p := &Principal{UserID: r.ID, Username: r.Username}
	if r.RoleName != nil {
		p.Role = *r.RoleName
	}
	if r.Permissions != nil && *r.Permissions != "" {
		if err := json.Unmarshal([]byte(*r.Permissions), &p.Permissions); err != nil {
			return nil, fmt.Errorf("decoding permissions of role %q: %w", p.Role, err)
		}
	}
	return p, nil
}

func hashRefresh(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// issue signs an access token and stores a new refresh token of the family.
func (s *Service) issue(ctx context.Context, tx *ent.Tx, u *ent.User, family uuid.UUID) (Tokens, error) {
	access, err := s.signAccess(u)
	if err != nil {
		return Tokens{}, fmt.Errorf("signing access token: %w", err)
	}
	refresh := base64.RawURLEncoding.EncodeToString(randomBytes(32))
	err = tx.RefreshToken.Create().SetTokenHash(hashRefresh(refresh)).SetFamilyID(family).
		SetUserID(u.ID).SetExpiresAt(s.now().Add(s.opts.RefreshTokenTTL)).Exec(ctx)
	if err != nil {
		return Tokens{}, fmt.Errorf("storing refresh token: %w", err)
	}
	return Tokens{AccessToken: access, RefreshToken: refresh, TokenType: TokenType, ExpiresIn: int(s.opts.AccessTokenTTL / time.Second)}, nil
}

// Refresh spends a refresh token and returns a new pair of the same family.
// A token presented a second time means it leaked (or a client misbehaves):
// the whole family is revoked, so the thief's copy dies with the owner's.
func (s *Service) Refresh(ctx context.Context, refreshToken string) (Tokens, *ent.User, error) {
	// Signing in and reading one's own account read User and Role, which the
	// table gives only to administrators: the server reads them itself.
	ctx = policy.AsSystem(ctx)
	if refreshToken == "" {
		return Tokens{}, nil, ErrBadRefresh
	}
	var (
		out      Tokens
		u        *ent.User
		reuse    bool
		familyID uuid.UUID
	)
	now := s.now()
	err := store.WithTx(ctx, s.client, func(tx *ent.Tx) error {
		rt, err := tx.RefreshToken.Query().Where(refreshtoken.TokenHash(hashRefresh(refreshToken))).Only(ctx)
		if ent.IsNotFound(err) {
			return ErrBadRefresh
		}
		if err != nil {
			return err
		}
		familyID = rt.FamilyID
		if rt.RevokedAt != nil || !now.Before(rt.ExpiresAt) {
			return ErrBadRefresh
		}
		// Spend it only if nobody else has: a concurrent second use loses here.
		n, err := tx.RefreshToken.Update().Where(refreshtoken.ID(rt.ID), refreshtoken.UsedAtIsNil()).SetUsedAt(now).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			reuse = true
			return nil
		}
		u, err = tx.User.Query().Where(user.ID(rt.UserID)).WithRole().Only(ctx)
		if err != nil {
			return err
		}
		if !u.IsActive {
			return ErrInactiveUser
		}
		out, err = s.issue(ctx, tx, u, rt.FamilyID)
		return err
	})
	if err != nil {
		return Tokens{}, nil, err
	}
	if reuse {
		if err := s.revokeFamily(ctx, familyID); err != nil {
			return Tokens{}, nil, err
		}
		return Tokens{}, nil, ErrBadRefresh
	}
	return out, u, nil
}

// revokeFamily revokes a refresh token family whose token was presented
// twice, and ends the user's access tokens too: the thief may hold an access
// token minted from the stolen refresh token, and nothing in that token says
// which family it came from. The user's other devices keep their refresh
// tokens and get new access tokens on their next refresh.
func (s *Service) revokeFamily(ctx context.Context, family uuid.UUID) error {
	err := store.WithTx(ctx, s.client, func(tx *ent.Tx) error {
		rt, err := tx.RefreshToken.Query().Where(refreshtoken.FamilyID(family)).First(ctx)
		if err != nil {
			return err
		}
		if _, err := tx.RefreshToken.Update().
			Where(refreshtoken.FamilyID(family), refreshtoken.RevokedAtIsNil()).
			SetRevokedAt(s.now()).Save(ctx); err != nil {
			return err
		}
		return endSessions(ctx, tx, rt.UserID)
	})
	if err != nil {
		return fmt.Errorf("revoking token family: %w", err)
	}
	return nil
}

// endSessions bumps the user's session version, so every access token issued
// to them so far is refused from now on (on every instance: the change to
// users goes through the principal cache's hook and announcement).
func endSessions(ctx context.Context, tx *ent.Tx, uid uuid.UUID) error {
	return tx.User.UpdateOneID(uid).AddSessionVersion(1).Exec(ctx)
}

// Logout ends the caller's session: the refresh token's family is revoked and
// the access token the caller presented stops working before it expires. A
// refresh token that is unknown or belongs to someone else is ignored, so
// logout cannot be used to probe tokens.
func (s *Service) Logout(ctx context.Context, refreshToken string) error {
	// Signing in and reading one's own account read User and Role, which the
	// table gives only to administrators: the server reads them itself.
	ctx = policy.AsSystem(ctx)
	p := FromContext(ctx)
	if p == nil {
		return fault.Unauthenticated("authentication required")
	}
	now := s.now()
	return store.WithTx(ctx, s.client, func(tx *ent.Tx) error {
		if refreshToken != "" {
			rt, err := tx.RefreshToken.Query().Where(refreshtoken.TokenHash(hashRefresh(refreshToken))).Only(ctx)
			switch {
			case ent.IsNotFound(err):
			case err != nil:
				return err
			case rt.UserID == p.UserID:
				if _, err := tx.RefreshToken.Update().Where(refreshtoken.FamilyID(rt.FamilyID), refreshtoken.RevokedAtIsNil()).
					SetRevokedAt(now).Save(ctx); err != nil {
					return err
				}
			}
		}
		if p.TokenID != "" {
			err := tx.RevokedToken.Create().SetJti(p.TokenID).SetExpiresAt(p.TokenExpiry).
				OnConflictColumns(revokedtoken.FieldJti).DoNothing().Exec(ctx)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		// Revocations of tokens that expired anyway are dead weight.
		_, err := tx.RevokedToken.Delete().Where(revokedtoken.ExpiresAtLT(now.Add(-time.Minute))).Exec(ctx)
		return err
	})
}

// revokeUserSessions ends every session of a user (deactivation, password
// change or reset): their refresh tokens are revoked, so no new access token
// can be minted, and their session version moves on, so the access tokens
// already out are refused at once.
func (s *Service) revokeUserSessions(ctx context.Context, tx *ent.Tx, uid uuid.UUID) error {
	_, err := tx.RefreshToken.Update().Where(refreshtoken.UserID(uid), refreshtoken.RevokedAtIsNil()).
		SetRevokedAt(s.now()).Save(ctx)
	if err != nil {
		return err
	}
	return endSessions(ctx, tx, uid)
}

func newFamily() uuid.UUID { return uuid.New() }
