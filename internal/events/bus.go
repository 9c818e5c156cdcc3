// Package events is the live-event bus behind GraphQL subscriptions. It
// implements pos.Publisher: internal/pos publishes a domain event once its
// transaction commits, and every subscriber of that kind, on every instance,
// receives the record's id.
//
// Alone (SQLite, tests) the bus delivers in process. With PostgreSQL it also
// sends each event through NOTIFY on one channel and LISTENs on a dedicated
// connection, so N instances behind a load balancer all see every event.
// Delivery is best effort by design: a subscriber that does not keep up loses
// events rather than slowing checkout, and events published while an instance
// is reconnecting its LISTEN connection are not replayed. Clients that must
// not miss anything re-read the data (the sales connection) after reconnecting.
package events

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/pos"
)

// SubscriberBuffer is how many undelivered events a subscriber may have
// queued before further events to it are dropped.
const SubscriberBuffer = 64

// Bus fans events out to subscribers without ever blocking the publisher.
// The zero value is not usable; call New or NewPostgres.
type Bus struct {
	mu     sync.RWMutex
	subs   map[pos.EventKind]map[chan uuid.UUID]struct{}
	remote *pgRelay // nil when events stay in process
	log    *slog.Logger

	dropped atomic.Int64
}

var _ pos.Publisher = (*Bus)(nil)

// New returns a bus that delivers events inside this process only.
func New() *Bus {
	return &Bus{subs: map[pos.EventKind]map[chan uuid.UUID]struct{}{}, log: slog.Default()}
}

// Publish delivers e to local subscribers at once and, with PostgreSQL,
// queues it for the other instances. It never blocks.
func (b *Bus) Publish(_ context.Context, e pos.Event) {
	b.deliver(e)
	if b.remote != nil {
		b.remote.send(e)
	}
}

// deliver hands e to every local subscriber of its kind that has room.
func (b *Bus) deliver(e pos.Event) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for ch := range b.subs[e.Kind] {
		select {
		case ch <- e.ID:
		default:
			b.dropped.Add(1)
		}
	}
}

// Subscribe returns a channel of the ids of events of the kind, closed when
// ctx ends. The channel is buffered (SubscriberBuffer); when it is full,
// new events for this subscriber are dropped.
func (b *Bus) Subscribe(ctx context.Context, kind pos.EventKind) <-chan uuid.UUID {
	ch := make(chan uuid.UUID, SubscriberBuffer)
	b.mu.Lock()
	if b.subs[kind] == nil {
		b.subs[kind] = map[chan uuid.UUID]struct{}{}
	}
	b.subs[kind][ch] = struct{}{}
	b.mu.Unlock()
	go func() {
		<-ctx.Done()
		b.mu.Lock()
		delete(b.subs[kind], ch)
		b.mu.Unlock()
		// Closed under no lock: deliver holds the read lock while sending, and
		// the channel is no longer in the map, so nobody sends on it again.
		close(ch)
	}()
	return ch
}

// Subscribers returns how many subscribers of the kind are registered.
func (b *Bus) Subscribers(kind pos.EventKind) int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return len(b.subs[kind])
}

// Dropped returns how many deliveries were dropped because a subscriber's
// buffer or the outgoing NOTIFY queue was full.
func (b *Bus) Dropped() int64 {
	n := b.dropped.Load()
	if b.remote != nil {
		n += b.remote.dropped.Load()
	}
	return n
}

// Close stops the PostgreSQL relay, if any. Local subscriptions end with
// their contexts.
func (b *Bus) Close() {
	if b.remote != nil {
		b.remote.close()
	}
}

// KindPrincipalsChanged is the internal event that tells the other instances
// that users, roles or revoked tokens changed, so they forget the principals
// they cached (auth.Service.CachePrincipals). It is not a subscription.
const KindPrincipalsChanged pos.EventKind = "PRINCIPALS_CHANGED"

// AnnouncePrincipalsChanged sends KindPrincipalsChanged to the other
// instances; alone there is nobody to tell. It implements auth.Peers.
func (b *Bus) AnnouncePrincipalsChanged() {
	if b.remote != nil {
		b.remote.send(pos.Event{Kind: KindPrincipalsChanged})
	}
}

// PrincipalChanges delivers the other instances' KindPrincipalsChanged
// announcements until ctx ends. It implements auth.Peers.
func (b *Bus) PrincipalChanges(ctx context.Context) <-chan struct{} {
	ids := b.Subscribe(ctx, KindPrincipalsChanged)
	out := make(chan struct{}, 1)
	go func() {
		defer close(out)
		for range ids {
			select {
			case out <- struct{}{}:
			default: // one pending notice already covers this one
			}
		}
	}()
	return out
}

// LinkState reports whether events from the other instances reach this one:
// always alone, and with PostgreSQL while the LISTEN connection is up. epoch
// changes every time the connection is made or lost, so whatever was learnt
// before a gap can be told apart from what was learnt after it. It
// implements auth.Peers.
func (b *Bus) LinkState() (epoch uint64, up bool) {
	if b.remote == nil {
		return 0, true
	}
	s := b.remote.link.Load()
	return s, s%2 == 1
}
