package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/product"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/store"
)

// EventSource is where subscriptions hear of domain events (internal/events.Bus).
type EventSource interface {
	Subscribe(ctx context.Context, kind pos.EventKind) <-chan uuid.UUID
}

// errNoEvents is returned by subscriptions on a server built without a bus.
var errNoEvents = &fault.Error{Code: fault.CodeInternal, Message: "live events are not available on this server"}

// stream turns the ids of events of a kind into loaded records. A record that
// cannot be read (deleted since, say) is skipped rather than ending the stream.
//
// Before each event the subscriber is checked again as they stand now
// (auth.Current: token expired or revoked, user deactivated or deleted,
// sessions ended) and against the permissions of the subscription field, so
// a role that lost them stops receiving too. A refused subscriber's stream
// ends; the socket itself is closed by the transport's session watch.
func stream[T any](ctx context.Context, src EventSource, kind pos.EventKind, load func(context.Context, uuid.UUID) (T, error)) (<-chan T, error) {
	if src == nil {
		return nil, errNoEvents
	}
	rules, err := fieldRules(ctx)
	if err != nil {
		return nil, err
	}
	ids := src.Subscribe(ctx, kind)
	out := make(chan T, 1)
	go func() {
		defer close(out)
		for id := range ids {
			send, keep := mayReceive(ctx, rules)
			if !keep {
				return
			}
			if !send {
				continue
			}
			v, err := load(ctx, id)
			if err != nil {
				continue
			}
			select {
			case out <- v:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

func loadSale(c *ent.Client) func(context.Context, uuid.UUID) (*ent.Sale, error) {
	return func(ctx context.Context, id uuid.UUID) (*ent.Sale, error) {
		return c.Sale.Query().Where(sale.ID(id)).Only(ctx)
	}
}

func loadProduct(c *ent.Client) func(context.Context, uuid.UUID) (*ent.Product, error) {
	return func(ctx context.Context, id uuid.UUID) (*ent.Product, error) {
		return c.Product.Query().Where(product.ID(id)).Only(ctx)
	}
}

// fieldRules returns what the permission table asks of the subscription
// field being resolved: the operation's rule and the rule of the type each
// event carries, so the per-event check asks exactly what subscribing asked.
func fieldRules(ctx context.Context) ([]policy.Rule, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Definition == nil {
		return nil, nil // called outside gqlgen (a resolver test): the principal alone decides
	}
	return []policy.Rule{
		policy.Operation("Subscription." + fc.Field.Name),
		policy.Type(fc.Field.Definition.Type.Name()),
	}, nil
}

// mayReceive decides an event for the subscriber as they stand now: keep is
// false once their session ended or their role no longer passes the
// rules; send is false as well when the check could not be made (the
// database away), which skips this event without ending the subscription,
// as an event whose record cannot be loaded is skipped.
func mayReceive(ctx context.Context, rules []policy.Rule) (send, keep bool) {
	p, err := auth.Current(ctx)
	if err != nil {
		pe := store.AsFault(err)
		return false, pe == nil || pe.Code != fault.CodeUnauthenticated
	}
	ok := true
	for _, r := range rules {
		ok = ok && r.Allows(p.Caller())
	}
	return ok, ok
}
