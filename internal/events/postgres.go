package events

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/pandac/pandac/internal/pos"
)

// Channel is the PostgreSQL NOTIFY channel all instances share.
const Channel = "pandac_events"

// outboxSize bounds the events waiting to be sent by NOTIFY; beyond it they
// are dropped so a slow or unreachable database never stalls a checkout.
const outboxSize = 1024

// Reconnect backoff of the LISTEN connection.
const (
	minBackoff = 100 * time.Millisecond
	maxBackoff = 10 * time.Second
)

// wireEvent is the NOTIFY payload. Src lets an instance skip its own events,
// which it already delivered locally when they were published.
type wireEvent struct {
	Kind pos.EventKind `json:"k"`
	ID   uuid.UUID     `json:"id"`
	Src  uuid.UUID     `json:"src"`
}

// pgRelay carries events between instances through LISTEN/NOTIFY.
type pgRelay struct {
	bus    *Bus
	url    string
	db     *sql.DB
	self   uuid.UUID
	outbox chan pos.Event
	cancel context.CancelFunc
	wg     sync.WaitGroup

	readyOnce sync.Once
	ready     chan struct{}
	dropped   atomic.Int64
	// link counts the LISTEN connection's transitions: odd while it is up.
	link atomic.Uint64
}

// NewPostgres returns a bus that also relays events through PostgreSQL:
// NOTIFY goes out over db (the application's pool) and a dedicated
// connection opened from url LISTENs, reconnecting with backoff when it
// drops. Close stops both.
func NewPostgres(url string, db *sql.DB, log *slog.Logger) *Bus {
	if log == nil {
		log = slog.Default()
	}
	b := New()
	b.log = log
	ctx, cancel := context.WithCancel(context.Background())
	r := &pgRelay{
		bus: b, url: url, db: db, self: uuid.New(),
		outbox: make(chan pos.Event, outboxSize), cancel: cancel,
		ready: make(chan struct{}),
	}
	b.remote = r
	r.wg.Add(2)
	go r.listen(ctx)
	go r.notify(ctx)
	return b
}

// WaitListening blocks until the bus has LISTENed on the channel at least
// once (immediately for an in-process bus), so a caller knows events from
// other instances will reach it from now on.
func (b *Bus) WaitListening(ctx context.Context) error {
	if b.remote == nil {
		return nil
	}
	select {
	case <-b.remote.ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *pgRelay) send(e pos.Event) {
	select {
	case r.outbox <- e:
	default:
		r.dropped.Add(1)
		r.bus.log.Warn("event dropped: notify queue full", "kind", e.Kind, "id", e.ID)
	}
}

// notify drains the outbox into pg_notify, one statement per event.
func (r *pgRelay) notify(ctx context.Context) {
	defer r.wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case e := <-r.outbox:
			payload, _ := json.Marshal(wireEvent{Kind: e.Kind, ID: e.ID, Src: r.self})
			sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			_, err := r.db.ExecContext(sctx, "SELECT pg_notify($1, $2)", Channel, string(payload))
			cancel()
			if err != nil && ctx.Err() == nil {
				r.dropped.Add(1)
				r.bus.log.Warn("event not sent to other instances", "kind", e.Kind, "id", e.ID, "err", err)
			}
		}
	}
}

// listen keeps a LISTEN connection open and delivers what arrives.
func (r *pgRelay) listen(ctx context.Context) {
	defer r.wg.Done()
	backoff := minBackoff
	for ctx.Err() == nil {
		err := r.listenOnce(ctx, func() { backoff = minBackoff })
		if ctx.Err() != nil {
			return
		}
		r.bus.log.Warn("event listener disconnected; reconnecting", "err", err, "backoff", backoff.String())
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return
		}
		backoff = min(backoff*2, maxBackoff)
	}
}

func (r *pgRelay) listenOnce(ctx context.Context, connected func()) error {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	conn, err := pgx.Connect(cctx, r.url)
	cancel()
	if err != nil {
		return fmt.Errorf("connecting: %w", err)
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = conn.Close(cctx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	connected()
	r.link.Add(1)       // up
	defer r.link.Add(1) // down again when this connection ends
	r.readyOnce.Do(func() { close(r.ready) })
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		var w wireEvent
		if err := json.Unmarshal([]byte(n.Payload), &w); err != nil || w.Kind == "" {
			r.bus.log.Warn("ignoring malformed event", "payload", n.Payload)
			continue
		}
		if w.Src == r.self {
			continue
		}
		r.bus.deliver(pos.Event{Kind: w.Kind, ID: w.ID})
	}
}

func (r *pgRelay) close() {
	r.cancel()
	r.wg.Wait()
}
