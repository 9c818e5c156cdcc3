package pos

import (
	"context"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
)

// EventKind names a domain event that live clients can subscribe to.
type EventKind string

// The events Pandac publishes.
const (
	EventSaleCompleted EventKind = "SALE_COMPLETED"
	EventStockLow      EventKind = "STOCK_LOW"
)

// Event is a domain event: what happened and to which record.
type Event struct {
	Kind EventKind
	ID   uuid.UUID
}

// Publisher receives events once the transaction that caused them commits.
// Implementations must not block.
type Publisher interface {
	Publish(ctx context.Context, e Event)
}

type discardPublisher struct{}

func (discardPublisher) Publish(context.Context, Event) {}

// SetPublisher sets where events go (by default nowhere).
func (s *Service) SetPublisher(p Publisher) {
	if p == nil {
		p = discardPublisher{}
	}
	s.events = p
}

// Observe adds o as a further receiver of every event, beside the publisher
// set with SetPublisher (which subscriptions own); metrics count sales this
// way. Call it before the service is in use.
func (s *Service) Observe(o Publisher) {
	if o != nil {
		s.observers = append(s.observers, o)
	}
}

// publishOnCommit publishes e when tx commits, and never if it rolls back, so
// subscribers never hear of a sale that did not happen.
func (s *core) publishOnCommit(ctx context.Context, tx *ent.Tx, e Event) {
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(c context.Context, t *ent.Tx) error {
			err := next.Commit(c, t)
			if err == nil {
				ctx := context.WithoutCancel(ctx)
				s.events.Publish(ctx, e)
				for _, o := range s.observers {
					o.Publish(ctx, e)
				}
			}
			return err
		})
	})
}

type publisherKey struct{}

// withEvents lets code that only holds a transaction (applyMovement, a package
// function shared by every stock path) publish through this Service's
// publisher, without widening its signature.
func (s *core) withEvents(ctx context.Context) context.Context {
	return context.WithValue(ctx, publisherKey{}, s.events)
}

// publishFromContext is publishOnCommit for code without a *Service: it uses
// the publisher inTx put in ctx, and publishes nothing when there is none.
func publishFromContext(ctx context.Context, tx *ent.Tx, e Event) {
	p, ok := ctx.Value(publisherKey{}).(Publisher)
	if !ok {
		return
	}
	(&core{events: p}).publishOnCommit(ctx, tx, e)
}
