package auth

import (
	"context"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
)

// Check returns nil when the caller in ctx passes rule (a permission table
// entry), otherwise fault.CodeUnauthenticated when nobody is signed in and the rule
// needs someone, or fault.CodeForbidden naming what was refused and the permissions
// that would allow it. Ownership (rule.Owner) is not counted: see Owns.
func Check(ctx context.Context, rule policy.Rule, what string) error {
	c := policy.CallerFrom(ctx)
	if rule.Allows(c) {
		return nil
	}
	if c == nil && !rule.Nobody {
		return Require(ctx)
	}
	if rule.Nobody || rule.AnyOf == 0 {
		return fault.Forbidden("%s cannot be read or called through the API", what)
	}
	return &fault.Error{Code: fault.CodeForbidden, Message: what + " needs one of the permissions: " + rule.AnyOf.String()}
}

// CheckOwned is Check for a rule that also admits the object's owner: the
// signed-in caller whose user id is owner passes too.
func CheckOwned(ctx context.Context, rule policy.Rule, what string, owner *uuid.UUID) error {
	if rule.Owner && owner != nil {
		if policy.CallerFrom(ctx).Is(owner) {
			return nil
		}
	}
	return Check(ctx, rule, what)
}
