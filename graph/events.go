package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/product"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/pos"
)

// EventSource is where subscriptions hear of domain events (internal/events.Bus).
type EventSource interface {
	Subscribe(ctx context.Context, kind pos.EventKind) <-chan uuid.UUID
}

// errNoEvents is returned by subscriptions on a server built without a bus.
var errNoEvents = &pos.Error{Code: pos.CodeInternal, Message: "live events are not available on this server"}

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
	perms, err := fieldPermissions(ctx)
	if err != nil {
		return nil, err
	}
	ids := src.Subscribe(ctx, kind)
	out := make(chan T, 1)
	go func() {
		defer close(out)
		for id := range ids {
			send, keep := mayReceive(ctx, perms)
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

// fieldPermissions reads the permissions of the subscription field being
// resolved from its @hasPermission directive in the schema, so the per-event
// check asks exactly what subscribing asked. A field with @authenticated
// needs none beyond a valid session. Anything else is refused: a
// subscription whose rule cannot be read must not stream unchecked.
func fieldPermissions(ctx context.Context) ([]auth.Permission, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Definition == nil {
		return nil, nil // called outside gqlgen (a resolver test): the principal alone decides
	}
	dirs := fc.Field.Definition.Directives
	if d := dirs.ForName("hasPermission"); d != nil {
		if arg := d.Arguments.ForName("any"); arg != nil && arg.Value != nil && len(arg.Value.Children) > 0 {
			perms := make([]auth.Permission, 0, len(arg.Value.Children))
			for _, c := range arg.Value.Children {
				perms = append(perms, auth.Permission(strings.ToLower(c.Value.Raw)))
			}
			return perms, nil
		}
	}
	if dirs.ForName("authenticated") != nil {
		return nil, nil
	}
	return nil, auth.Forbidden("misconfigured access rule")
}

// mayReceive decides an event for the subscriber as they stand now: keep is
// false once their session ended or their role no longer grants one of
// perms; send is false as well when the check could not be made (the
// database away), which skips this event without ending the subscription,
// as an event whose record cannot be loaded is skipped.
func mayReceive(ctx context.Context, perms []auth.Permission) (send, keep bool) {
	p, err := auth.Current(ctx)
	if err != nil {
		pe := pos.AsError(err)
		return false, pe == nil || pe.Code != pos.CodeUnauthenticated
	}
	ok := len(perms) == 0 || p.HasAny(perms...)
	return ok, ok
}
