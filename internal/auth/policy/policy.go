// Package policy is Pandac's permission table: which permissions may read
// each GraphQL object type, each sensitive field and edge, and call each
// operation (GraphQL root fields and the /v1 routes that have no GraphQL
// twin). It is the one place access is written down. Everything else is
// enforced from it or generated from it: the GraphQL field middleware and
// where-input checks (graph), the ent read guard (internal/auth), node/nodes,
// the /v1 route table (internal/rest), the till controls (internal/pos) and
// the README's role table (cmd/policydoc).
//
// The package is a leaf (it imports no other Pandac package), so every layer,
// the core included, can consult it.
package policy

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"
)

// Permission is a right a role grants. Roles store them in lower case; the
// GraphQL enum spells them in upper case.
type Permission string

// The permissions roles can hold. Admin is not stored: only the wildcard
// grants it, so no role can be made an administrator by accident of a list.
const (
	Read    Permission = "read"
	Write   Permission = "write"
	POS     Permission = "pos"
	Reports Permission = "reports"
	// Void lets a caller void any sale; without it a cashier voids only sales
	// of their own open cash session.
	Void Permission = "void"
	// Refund lets a caller refund any sale to any tender; without it a cashier
	// refunds only to the sale's original tenders.
	Refund Permission = "refund"
	Admin  Permission = "admin"
	// Wildcard in a role's permissions grants every permission, admin included.
	Wildcard = "*"
)

// All lists every permission, in the order the API documents them.
var All = []Permission{Read, Write, POS, Reports, Void, Refund, Admin}

// Set is a set of permissions, one bit each, so a check is one AND.
type Set uint16

// Everything is the set a wildcard role holds.
var Everything = SetOf(All...)

// SetOf returns the set holding perms.
func SetOf(perms ...Permission) Set {
	var s Set
	for _, p := range perms {
		if i := slices.Index(All, p); i >= 0 {
			s |= 1 << i
		}
	}
	return s
}

// ParseStored returns the set a role's stored permission list grants: "*"
// grants everything; "admin" spelled out grants nothing (only "*" does);
// unknown names are ignored.
func ParseStored(stored []string) Set {
	var s Set
	for _, name := range stored {
		if name == Wildcard {
			return Everything
		}
		p := Permission(strings.ToLower(strings.TrimSpace(name)))
		if p != Admin {
			s |= SetOf(p)
		}
	}
	return s
}

// Has reports whether s holds p.
func (s Set) Has(p Permission) bool { return s&SetOf(p) != 0 }

// Permissions lists the members of s in the order of All.
func (s Set) Permissions() []Permission {
	var out []Permission
	for i, p := range All {
		if s&(1<<i) != 0 {
			out = append(out, p)
		}
	}
	return out
}

// String spells s as the API does: "READ, POS".
func (s Set) String() string {
	names := make([]string, 0, len(All))
	for _, p := range s.Permissions() {
		names = append(names, strings.ToUpper(string(p)))
	}
	return strings.Join(names, ", ")
}

// Rule says who may read a type or field, or call an operation.
type Rule struct {
	// Public: anyone, signed in or not.
	Public bool
	// AnyOf: a signed-in caller holding one of these. Zero (and not Public)
	// means any signed-in caller.
	AnyOf Set
	// Self marks a field that returns the caller's own record (me, the user
	// of a login's answer): the rule of the type it returns does not apply.
	Self bool
	// Owner also admits the signed-in caller who owns the object (its
	// creator; for a User, the user). The field's resolver checks ownership
	// (auth.CheckOwned); everyone else needs AnyOf. The rule replaces that of
	// the type the field returns.
	Owner bool
	// Inherit marks a type that is only ever reached through a field that is
	// itself guarded (connections, edges, report rows): it adds no rule.
	Inherit bool
	// Nobody: no caller at all, admins included.
	Nobody bool
}

// Allows reports whether the caller (nil: anonymous) passes the rule, not
// counting ownership.
func (r Rule) Allows(c *Caller) bool {
	switch {
	case r.Nobody:
		return false
	case r.Public || r.Inherit:
		return true
	case c == nil:
		return false
	case r.AnyOf == 0:
		return true
	default:
		return c.Perms&r.AnyOf != 0
	}
}

// Deny is the rule nobody passes: what a field missing from the table gets.
var Deny = Rule{Nobody: true}

// Caller is who a request acts for, as the table sees them.
type Caller struct {
	UserID uuid.UUID
	Perms  Set
}

// Is reports whether the caller is the user id.
func (c *Caller) Is(id *uuid.UUID) bool { return c != nil && id != nil && *id == c.UserID }

type callerKey struct{}
type systemKey struct{}
type apiKey struct{}
type hideKey struct{}

// HideDenied marks a context whose reads of types the caller may not read
// return no rows instead of failing. The GraphQL port sets it on queries:
// their fields report each refusal at its own path, so an edge the caller
// may not follow (eager-loaded with its parent) answers null with FORBIDDEN
// there, instead of failing the whole connection. Everywhere else a denied
// read fails loudly.
func HideDenied(ctx context.Context) context.Context {
	return context.WithValue(ctx, hideKey{}, true)
}

// HidesDenied reports whether HideDenied marked ctx.
func HidesDenied(ctx context.Context) bool {
	v, _ := ctx.Value(hideKey{}).(bool)
	return v
}

// WithCaller returns ctx acting for c.
func WithCaller(ctx context.Context, c *Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the caller ctx acts for, or nil (anonymous or internal).
func CallerFrom(ctx context.Context) *Caller {
	c, _ := ctx.Value(callerKey{}).(*Caller)
	return c
}

// FromAPI marks ctx as serving a request from outside (the HTTP ports set it
// on every request): without a caller it is anonymous, not the server itself.
func FromAPI(ctx context.Context) context.Context {
	return context.WithValue(ctx, apiKey{}, true)
}

// AsSystem marks reads the server makes on its own behalf inside a request:
// signing a user in, building a principal, projecting the staff view. The
// read guard lets them through; they must never hand rows to the caller
// beyond what the table allows.
func AsSystem(ctx context.Context) context.Context {
	return context.WithValue(ctx, systemKey{}, true)
}

// Reader is who reads, as the read guard sees a context.
type Reader int

// The kinds of reader.
const (
	// Internal: no request (command line, background work, tests).
	Internal Reader = iota
	// System: a request's read made on the server's own behalf (AsSystem).
	System
	// Anonymous: a request without a signed-in caller.
	Anonymous
	// Signed: a request acting for CallerFrom(ctx).
	Signed
)

// ReaderOf says who reads in ctx.
func ReaderOf(ctx context.Context) Reader {
	if v, _ := ctx.Value(systemKey{}).(bool); v {
		return System
	}
	if CallerFrom(ctx) != nil {
		return Signed
	}
	if v, _ := ctx.Value(apiKey{}).(bool); v {
		return Anonymous
	}
	return Internal
}

// DeniedError is a refusal by the table outside the ports (the ent read
// guard); the ports answer it as fault.CodeUnauthenticated or fault.CodeForbidden.
type DeniedError struct {
	// What was refused, e.g. "reading User".
	What string
	Rule Rule
	// Anonymous: nobody was signed in.
	Anonymous bool
}

func (e *DeniedError) Error() string {
	if e.Anonymous {
		return "authentication required"
	}
	if e.Rule.Nobody || e.Rule.AnyOf == 0 {
		return e.What + " cannot be done through the API"
	}
	return e.What + " needs one of the permissions: " + e.Rule.AnyOf.String()
}
