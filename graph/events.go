package graph

import (
	"context"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/product"
	"github.com/pandac/pandac/ent/sale"
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
func stream[T any](ctx context.Context, src EventSource, kind pos.EventKind, load func(context.Context, uuid.UUID) (T, error)) (<-chan T, error) {
	if src == nil {
		return nil, errNoEvents
	}
	ids := src.Subscribe(ctx, kind)
	out := make(chan T, 1)
	go func() {
		defer close(out)
		for id := range ids {
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
