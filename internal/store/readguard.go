package store

import (
	"context"

	"entgo.io/ent/dialect/sql"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/intercept"
	"github.com/pandac/pandac/internal/auth/policy"
)

// ReadGuard is the ent interceptor, installed on every client Open returns,
// that applies the permission table's type rules to every query a request
// makes, wherever it comes from: connections, node/nodes, eager-loaded edges,
// the core's own reads for a caller and the /v1 handlers. A signed-in caller
// reads an entity only if the table lets them read its type; an anonymous
// request reads none of the API's types. Work with no request behind it
// (commands, background jobs) and reads the server makes on its own behalf
// (policy.AsSystem: signing in, the staff view) pass. Entities the API never
// exposes (tokens, throttles, idempotency records) carry no rule here: no
// port hands them out. A refusal is a *policy.DeniedError, or no rows when
// the context hides denied reads (policy.HideDenied).
func ReadGuard() ent.Interceptor {
	return ent.TraverseFunc(func(ctx context.Context, q ent.Query) error {
		switch policy.ReaderOf(ctx) {
		case policy.Internal, policy.System:
			return nil
		}
		gq, err := intercept.NewQuery(q)
		if err != nil {
			return err
		}
		rule, api := policy.Types[gq.Type()]
		if !api {
			return nil
		}
		c := policy.CallerFrom(ctx)
		if rule.Allows(c) {
			return nil
		}
		if policy.HidesDenied(ctx) {
			gq.WhereP(func(s *sql.Selector) { s.Where(sql.False()) })
			return nil
		}
		return &policy.DeniedError{What: "reading " + gq.Type(), Rule: rule, Anonymous: c == nil}
	})
}
