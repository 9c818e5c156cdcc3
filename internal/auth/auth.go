// Package auth is who may do what in Pandac: password hashing (bcrypt), JWT
// access tokens, rotating refresh tokens, login throttling, roles and their
// permissions, and the signed-in principal carried in a request's context. The
// GraphQL directives and the REST shim both enforce access through Require.
package auth

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/actor"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/store"
)

// Permission is a right a role grants (the permission table in
// internal/auth/policy defines them).
type Permission = policy.Permission

// The permissions roles can hold; see policy for what each grants.
const (
	PermRead    = policy.Read
	PermWrite   = policy.Write
	PermPOS     = policy.POS
	PermReports = policy.Reports
	PermVoid    = policy.Void
	PermRefund  = policy.Refund
	PermAdmin   = policy.Admin
	// Wildcard in a role's permissions grants every permission, admin included.
	Wildcard = policy.Wildcard
)

// Principal is the signed-in caller of one request.
type Principal struct {
	UserID   uuid.UUID
	Username string
	Role     string
	// Permissions as stored on the role ("*" included when the role has it).
	Permissions []string
	// TokenID and TokenExpiry identify the access token the caller presented,
	// so logout can revoke exactly that token.
	TokenID string
	// TokenExpiry is when that access token stops being valid anyway.
	TokenExpiry time.Time
}

// Has reports whether the principal holds perm. Admin is granted only by "*".
func (p *Principal) Has(perm Permission) bool {
	return p != nil && policy.ParseStored(p.Permissions).Has(perm)
}

// Caller is the principal as the permission table sees it.
func (p *Principal) Caller() *policy.Caller {
	if p == nil {
		return nil
	}
	return &policy.Caller{UserID: p.UserID, Perms: policy.ParseStored(p.Permissions)}
}

// HasAny reports whether the principal holds at least one of perms.
func (p *Principal) HasAny(perms ...Permission) bool {
	for _, perm := range perms {
		if p.Has(perm) {
			return true
		}
	}
	return false
}

// IsAdmin reports whether the principal's role holds "*".
func (p *Principal) IsAdmin() bool { return p.Has(PermAdmin) }

type principalKey struct{}

type failureKey struct{}

// WithPrincipal returns a context carrying p; it also sets the acting user so
// the data layer stamps created_by/updated_by.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	if p == nil {
		return ctx
	}
	ctx = context.WithValue(ctx, principalKey{}, p)
	ctx = policy.WithCaller(ctx, p.Caller())
	return actor.With(ctx, p.UserID)
}

// FromContext returns the signed-in principal, or nil for an anonymous caller.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// WithFailure records why a presented token was refused. The request goes on
// anonymously, and a field that needs a signed-in user says why it refused.
func WithFailure(ctx context.Context, err error) context.Context {
	return context.WithValue(ctx, failureKey{}, err)
}

// Require returns nil when the caller is signed in and holds at least one of
// perms (no perms: any signed-in caller). Otherwise it returns a fault.Error
// with CodeUnauthenticated (nobody signed in) or CodeForbidden.
func Require(ctx context.Context, perms ...Permission) error {
	p := FromContext(ctx)
	if p == nil {
		if err, ok := ctx.Value(failureKey{}).(error); ok && err != nil {
			if pe := store.AsFault(err); pe != nil && pe.Code == fault.CodeUnauthenticated {
				return pe
			}
		}
		return fault.Unauthenticated("authentication required")
	}
	if len(perms) == 0 || p.HasAny(perms...) {
		return nil
	}
	names := make([]string, len(perms))
	for i, perm := range perms {
		names[i] = strings.ToUpper(string(perm))
	}
	return &fault.Error{Code: fault.CodeForbidden, Message: "this needs one of the permissions: " + strings.Join(names, ", ")}
}

type clientAddrKey struct{}

// WithClientAddr records the caller's network address (for login throttling)
// in the context; the HTTP middleware sets it for every request.
func WithClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientAddrKey{}, addr)
}

// ClientAddr returns the address WithClientAddr recorded, or "".
func ClientAddr(ctx context.Context) string {
	a, _ := ctx.Value(clientAddrKey{}).(string)
	return a
}
