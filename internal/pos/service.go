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
// fn's context also names the SQL dialect, for the statements the rules
// write themselves (see txDialect).
func (s *Service) inTx(ctx context.Context, fn func(ctx context.Context, tx *ent.Tx) error) error {
	ctx = s.withEvents(ctx)
	if tx := ent.TxFromContext(ctx); tx != nil {
		return fn(ctx, tx)
	}
	d, err := s.dialect(ctx)
	if err != nil {
		return err
	}
	return store.InTx(context.WithValue(ctx, dialectKey{}, d), s.client, fn)
}

type dialectKey struct{}

// txDialect is the SQL dialect of tx: the one inTx put in ctx, else asked of
// the database through tx (a transaction begun outside the Service).
func txDialect(ctx context.Context, tx *ent.Tx) (string, error) {
	if d, ok := ctx.Value(dialectKey{}).(string); ok {
		return d, nil
	}
	return detectDialect(ctx, tx)
}
