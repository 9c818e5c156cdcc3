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

// Service is the entry point to the business rules. Its work is split by
// capability, each a small type reached through an accessor, so that a port
// (or a reader) sees only what it uses:
//
//   - Selling: the till. Checkout, open sales, payments, refunds, voids and
//     receipts.
//   - Catalogue: products and discounts.
//   - Customers: customers and loyalty programmes.
//   - Stock: the inventory ledger, suppliers and purchase orders.
//   - CashSessions: opening, counting and closing a till's drawer.
//   - Reports: every figure aggregated over sales and stock.
//   - Staff: employee records and the staff view of users.
//   - StoreSettings: the store's settings.
//   - LegacyRecords: the records only the /v1 shim writes.
//
// All of them share one core: the ent client, the clock and the event
// publisher, and the helpers (transactions, idempotency, pricing) every
// capability builds on.
type Service struct{ *core }

// core is what every capability shares.
type core struct {
	client *ent.Client
	// reads is where reports read (see reader): a read replica's client when
	// one is configured (ReadFrom), else client.
	reads  *ent.Client
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
	return &Service{&core{client: client, reads: client, now: time.Now, events: discardPublisher{}}}
}

// ReadFrom makes reports (and analytics) read through reads, a client on a
// read replica (store.Replica), taking the reporting load off the primary;
// everything else, the till above all, keeps reading and writing on the
// primary. Reports then lag the primary by the replication delay. Call it
// before serving.
func (s *Service) ReadFrom(reads *ent.Client) {
	reads.Sale.Intercept(ent.InterceptFunc(showClientKeys))
	reads.Payment.Intercept(ent.InterceptFunc(showClientKeys))
	s.reads = reads
}

// reader is the client a report's statements run on: the caller's
// transaction when ctx carries one (a standby cannot see what it has not
// committed, and a report inside a transaction means to see it), else the
// read replica's client when there is one, else the primary's. Every report
// and analytics query reads through it, SQL and ent lookups alike.
func (s *core) reader(ctx context.Context) *ent.Client {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return tx.Client()
	}
	return s.reads
}

// Client returns the ent client, for read paths the ports serve directly
// (connections, node lookups) that carry no rule.
func (s *Service) Client() *ent.Client { return s.client }

// Selling is the till: checkout, open sales, payments, refunds, voids and
// receipts.
type Selling struct{ *core }

// Selling returns the selling capability.
func (s *Service) Selling() Selling { return Selling{s.core} }

// Catalogue keeps products and discounts.
type Catalogue struct{ *core }

// Catalogue returns the catalogue capability.
func (s *Service) Catalogue() Catalogue { return Catalogue{s.core} }

// Customers keeps customers and loyalty programmes.
type Customers struct{ *core }

// Customers returns the customer capability.
func (s *Service) Customers() Customers { return Customers{s.core} }

// Stock keeps the inventory ledger, suppliers and purchase orders: every
// way stock arrives or is corrected outside a sale.
type Stock struct{ *core }

// Stock returns the inventory and purchasing capability.
func (s *Service) Stock() Stock { return Stock{s.core} }

// CashSessions opens, counts and closes tills' cash drawers.
type CashSessions struct{ *core }

// CashSessions returns the cash session capability.
func (s *Service) CashSessions() CashSessions { return CashSessions{s.core} }

// Reports answers every figure aggregated over sales and stock.
type Reports struct{ *core }

// Reports returns the reporting capability.
func (s *Service) Reports() Reports { return Reports{s.core} }

// Staff keeps employee records and the staff view of users.
type Staff struct{ *core }

// Staff returns the staff capability.
func (s *Service) Staff() Staff { return Staff{s.core} }

// StoreSettings keeps the store's settings.
type StoreSettings struct{ *core }

// StoreSettings returns the settings capability.
func (s *Service) StoreSettings() StoreSettings { return StoreSettings{s.core} }

// inTx runs fn in a transaction, or inside the caller's transaction when the
// context already carries one (ent.TxFromContext), so operations compose.
func (s *core) inTx(ctx context.Context, fn func(ctx context.Context, tx *ent.Tx) error) error {
	ctx = s.withEvents(ctx)
	if tx := ent.TxFromContext(ctx); tx != nil {
		return fn(ctx, tx)
	}
	return store.InTx(ctx, s.client, fn)
}
