// Package pos holds the business rules of Pandac POS: catalogue, inventory
// ledger, checkout, refunds, purchasing, loyalty, discounts, tax and reports.
// The GraphQL and REST ports both call it; neither computes a total, touches
// stock or checks a state transition itself.
package pos

import (
	"context"
	"time"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/store"
)

// Service is the entry point to the business rules.
type Service struct {
	client *ent.Client
	now    func() time.Time
	events Publisher
	// observers hear every event too (metrics); set before serving.
	observers []Publisher
}

// New returns a Service over the ent client. It makes the client's sale and
// payment reads show idempotency keys as their clients sent them (see
// ownedKey).
func New(client *ent.Client) *Service {
	client.Sale.Intercept(ent.InterceptFunc(showClientKeys))
	client.Payment.Intercept(ent.InterceptFunc(showClientKeys))
	return &Service{client: client, now: time.Now, events: discardPublisher{}}
}

// Client returns the ent client, for read paths the ports serve directly
// (connections, node lookups) that carry no rule.
func (s *Service) Client() *ent.Client { return s.client }

// inTx runs fn in a transaction, or inside the caller's transaction when the
// context already carries one (ent.TxFromContext), so operations compose.
func (s *Service) inTx(ctx context.Context, fn func(ctx context.Context, tx *ent.Tx) error) error {
	ctx = s.withEvents(ctx)
	if tx := ent.TxFromContext(ctx); tx != nil {
		return fn(ctx, tx)
	}
	return store.InTx(ctx, s.client, fn)
}
