package events_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/actor"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/events"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// instance is one pandac server: its own pool, bus, service and HTTP server,
// as a separate process behind a load balancer would have.
type instance struct {
	db   *store.DB
	bus  *events.Bus
	svc  *pos.Service
	auth *auth.Service
	srv  *httptest.Server
}

// testSecret signs tokens on every instance, as PANDAC_JWT_SECRET would.
var testSecret = []byte("instances-test-secret-0123456789abcdef")

// token signs in a new user of the role on the instance and returns the
// access token.
func (in *instance) token(t *testing.T, name, role string) string {
	t.Helper()
	ctx := context.Background()
	if _, err := in.auth.ProvisionUser(ctx, auth.NewUser{Username: name, Password: "password-" + name, Role: role}); err != nil {
		t.Fatal(err)
	}
	toks, _, err := in.auth.Login(ctx, name, "password-"+name, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return toks.AccessToken
}

func startInstance(t *testing.T, dialect, url string) *instance {
	t.Helper()
	db, err := store.Open(url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	bus := events.New()
	if dialect == "postgres" {
		bus = events.NewPostgres(url, db.SQL, nil)
	}
	t.Cleanup(bus.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := bus.WaitListening(ctx); err != nil {
		t.Fatalf("bus never listened: %v", err)
	}
	svc := pos.New(db.Client)
	svc.SetPublisher(bus)
	as, err := auth.New(context.Background(), db.Client, auth.Options{Secret: testSecret, BcryptCost: 4})
	if err != nil {
		t.Fatal(err)
	}
	cacheCtx, stopCache := context.WithCancel(context.Background())
	t.Cleanup(stopCache)
	as.CachePrincipals(cacheCtx, time.Hour, bus)
	srv := httptest.NewServer(server.New(server.Deps{DB: db, POS: svc, Auth: as, Events: bus, Logger: slog.New(slog.DiscardHandler)}))
	t.Cleanup(srv.Close)
	return &instance{db: db, bus: bus, svc: svc, auth: as, srv: srv}
}

// wsClient speaks graphql-transport-ws (graphql-ws) to a server.
type wsClient struct {
	t    *testing.T
	conn *websocket.Conn
}

type wsMsg struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

func dialGraphQL(t *testing.T, ctx context.Context, base, token string) *wsClient {
	t.Helper()
	url := "ws" + strings.TrimPrefix(base, "http") + "/graphql"
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	t.Cleanup(func() { _ = conn.CloseNow() })
	c := &wsClient{t: t, conn: conn}
	init, _ := json.Marshal(map[string]string{"Authorization": "Bearer " + token})
	c.send(ctx, wsMsg{Type: "connection_init", Payload: init})
	if m := c.next(ctx); m.Type != "connection_ack" {
		t.Fatalf("got %s, want connection_ack", m.Type)
	}
	return c
}

func (c *wsClient) send(ctx context.Context, m wsMsg) {
	c.t.Helper()
	if err := wsjson.Write(ctx, c.conn, m); err != nil {
		c.t.Fatalf("websocket write: %v", err)
	}
}

// next returns the next message that is not a keep-alive.
func (c *wsClient) next(ctx context.Context) wsMsg {
	c.t.Helper()
	for {
		var m wsMsg
		if err := wsjson.Read(ctx, c.conn, &m); err != nil {
			c.t.Fatalf("websocket read: %v", err)
		}
		switch m.Type {
		case "ping":
			c.send(ctx, wsMsg{Type: "pong"})
		case "pong", "ka":
		default:
			return m
		}
	}
}

func waitSubscribers(t *testing.T, b *events.Bus, kind pos.EventKind, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for b.Subscribers(kind) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d subscribers of %s, want %d", b.Subscribers(kind), kind, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func completedSale(t *testing.T, c *ent.Client) *ent.Sale {
	t.Helper()
	ctx := context.Background()
	u := c.User.Create().SetUsername("carol").SetPasswordHash("x").SaveX(ctx)
	p := c.Product.Create().SetName("Tea").SetSku("TEA").SetPrice(money.MustParse("2.50")).SaveX(ctx)
	s := c.Sale.Create().SetStatus("COMPLETED").SetCashierID(u.ID).SetCompletedAt(time.Now().UTC()).
		SetSubtotal(money.MustParse("7.50")).SetTotal(money.MustParse("7.50")).SaveX(ctx)
	c.SaleItem.Create().SetSaleID(s.ID).SetProductID(p.ID).SetQuantity(3).
		SetUnitPrice(money.MustParse("2.50")).SetSubtotal(money.MustParse("7.50")).SaveX(ctx)
	return s
}

// TestSubscriptionAcrossInstances: a sale completed on instance A reaches a
// graphql-ws subscriber connected to instance B. On PostgreSQL A and B are two
// servers with their own pools and buses on one database (LISTEN/NOTIFY); on
// SQLite, where one process owns the file, the in-process bus serves both
// ports of one instance.
func TestSubscriptionAcrossInstances(t *testing.T) {
	for _, dialect := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			url := storetest.URL(t, dialect)
			a := startInstance(t, dialect, url)
			b := a
			if dialect == "postgres" {
				b = startInstance(t, dialect, url)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()

			ws := dialGraphQL(t, ctx, b.srv.URL, a.token(t, "mgr", "manager"))
			ws.send(ctx, wsMsg{ID: "1", Type: "subscribe", Payload: json.RawMessage(
				`{"query":"subscription { saleCompleted { id total completedAt itemCount cashier { displayName } } }"}`)})
			waitSubscribers(t, b.bus, pos.EventSaleCompleted, 1)

			s := completedSale(t, a.db.Client)
			a.bus.Publish(ctx, pos.Event{Kind: pos.EventSaleCompleted, ID: s.ID})

			m := ws.next(ctx)
			if m.Type != "next" || m.ID != "1" {
				t.Fatalf("got %s %s: %s", m.Type, m.ID, m.Payload)
			}
			var got struct {
				Data struct {
					SaleCompleted struct {
						ID, Total, CompletedAt string
						ItemCount              int
						Cashier                struct{ DisplayName string }
					}
				}
				Errors []any
			}
			if err := json.Unmarshal(m.Payload, &got); err != nil {
				t.Fatal(err)
			}
			sc := got.Data.SaleCompleted
			if len(got.Errors) > 0 || sc.ID != s.ID.String() || sc.Total != "7.50" || sc.ItemCount != 3 || sc.Cashier.DisplayName != "carol" || sc.CompletedAt == "" {
				t.Fatalf("payload = %s", m.Payload)
			}

			// Exactly once: A's own NOTIFY coming back must not be delivered
			// again on A, nor twice on B.
			local := a.bus.Subscribe(ctx, pos.EventSaleCompleted)
			s2 := completedSale2(t, a.db.Client)
			a.bus.Publish(ctx, pos.Event{Kind: pos.EventSaleCompleted, ID: s2})
			if id := recv(t, local); id != s2 {
				t.Fatalf("local got %s", id)
			}
			m = ws.next(ctx)
			if !strings.Contains(string(m.Payload), s2.String()) {
				t.Fatalf("second event payload = %s", m.Payload)
			}
			quiet(t, local, 300*time.Millisecond)
			rctx, rcancel := context.WithTimeout(ctx, 300*time.Millisecond)
			defer rcancel()
			var extra wsMsg
			if err := wsjson.Read(rctx, ws.conn, &extra); err == nil && extra.Type == "next" {
				t.Fatalf("duplicate delivery: %s", extra.Payload)
			}
			if n := a.bus.Dropped() + b.bus.Dropped(); n != 0 {
				t.Errorf("%d events dropped", n)
			}
		})
	}
}

// completedSale2 adds a second sale for the user and product already there.
func completedSale2(t *testing.T, c *ent.Client) uuid.UUID {
	t.Helper()
	s := c.Sale.Create().SetStatus("COMPLETED").SetCompletedAt(time.Now().UTC()).
		SetTotal(money.MustParse("1.00")).SaveX(context.Background())
	return s.ID
}

// TestListenerReconnects: when PostgreSQL drops the LISTEN connection, the bus
// reconnects by itself and events flow again.
func TestListenerReconnects(t *testing.T) {
	for _, dialect := range storetest.Dialects() {
		if dialect != "postgres" {
			continue
		}
		url := storetest.URL(t, dialect)
		a, b := startInstance(t, dialect, url), startInstance(t, dialect, url)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		sub := b.bus.Subscribe(ctx, pos.EventStockLow)

		epoch, up := b.bus.LinkState()
		if !up {
			t.Fatal("link down before the listener was terminated")
		}
		res, err := a.db.SQL.ExecContext(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN "+events.Channel+"'")
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n != 2 {
			t.Fatalf("terminated %d listeners, want 2", n)
		}
		// Events sent while B is reconnecting are lost by design; keep
		// publishing until one arrives.
		want := uuid.New()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			a.bus.Publish(ctx, pos.Event{Kind: pos.EventStockLow, ID: want})
			select {
			case got := <-sub:
				if got != want {
					t.Fatalf("got %s", got)
				}
				// What was learnt before the gap is told apart from what
				// comes after it (auth.Peers).
				if now, up := b.bus.LinkState(); !up || now != epoch+2 {
					t.Fatalf("link state (%d, %v) after reconnecting, want (%d, true)", now, up, epoch+2)
				}
				return
			case <-tick.C:
			case <-ctx.Done():
				t.Fatal("no event after the listener was terminated")
			}
		}
	}
}

// TestCheckoutOnOneInstanceReachesAnother: a real checkout on instance A,
// which takes the last units above the reorder level, sends saleCompleted and
// stockLow to graphql-ws subscribers on instance B, after the commit.
func TestCheckoutOnOneInstanceReachesAnother(t *testing.T) {
	for _, dialect := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			url := storetest.URL(t, dialect)
			a := startInstance(t, dialect, url)
			b := a
			if dialect == "postgres" {
				b = startInstance(t, dialect, url)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()

			tok := a.token(t, "mgr", "manager")
			sales := dialGraphQL(t, ctx, b.srv.URL, tok)
			sales.send(ctx, wsMsg{ID: "s", Type: "subscribe", Payload: json.RawMessage(
				`{"query":"subscription { saleCompleted { id total itemCount cashier { displayName } } }"}`)})
			low := dialGraphQL(t, ctx, b.srv.URL, tok)
			low.send(ctx, wsMsg{ID: "l", Type: "subscribe", Payload: json.RawMessage(
				`{"query":"subscription { stockLow { sku inventory { quantity reorderLevel } } }"}`)})
			waitSubscribers(t, b.bus, pos.EventSaleCompleted, 1)
			waitSubscribers(t, b.bus, pos.EventStockLow, 1)

			// Sales are not for the plain user role (read only).
			denied := dialGraphQL(t, ctx, b.srv.URL, a.token(t, "usr", "user"))
			denied.send(ctx, wsMsg{ID: "d", Type: "subscribe", Payload: json.RawMessage(`{"query":"subscription { saleCompleted { id } }"}`)})
			if m := denied.next(ctx); !strings.Contains(string(m.Payload), "FORBIDDEN") {
				t.Fatalf("user role subscribing to sales: %s %s", m.Type, m.Payload)
			}
			if n := b.bus.Subscribers(pos.EventSaleCompleted); n != 1 {
				t.Fatalf("%d sale subscribers after a refused one, want 1", n)
			}

			u := a.db.Client.User.Create().SetUsername("dana").SetPasswordHash("x").SaveX(ctx)
			qty, reorder, price := int64(5), int64(3), money.MustParse("4.00")
			p, err := a.svc.Catalogue().CreateProduct(ctx, pos.CreateProductRequest{Name: "Jam", Sku: "JAM", Price: &price},
				pos.StockInput{Quantity: &qty, ReorderLevel: &reorder})
			if err != nil {
				t.Fatal(err)
			}
			sale, err := a.svc.Selling().Checkout(actor.With(ctx, u.ID), pos.CheckoutInput{
				IdempotencyKey: "k1",
				Items:          []pos.ItemInput{{ProductID: p.ID, Quantity: 3}},
				Payments:       []pos.PaymentInput{{Method: "CASH", Amount: money.MustParse("100.00")}},
			})
			if err != nil {
				t.Fatal(err)
			}

			m := sales.next(ctx)
			if m.Type != "next" || !strings.Contains(string(m.Payload), sale.ID.String()) ||
				!strings.Contains(string(m.Payload), `"itemCount":3`) || !strings.Contains(string(m.Payload), `"displayName":"dana"`) {
				t.Fatalf("saleCompleted: %s %s", m.Type, m.Payload)
			}
			m = low.next(ctx)
			if m.Type != "next" || !strings.Contains(string(m.Payload), `"sku":"JAM"`) || !strings.Contains(string(m.Payload), `"quantity":2`) {
				t.Fatalf("stockLow: %s %s", m.Type, m.Payload)
			}
		})
	}
}

// TestPrincipalChangesReachOtherInstances: instance B caches the principal of
// a token it has seen; a deactivation and a logout made on instance A end it
// on B through LISTEN/NOTIFY, not after the cache's hour-long TTL.
func TestPrincipalChangesReachOtherInstances(t *testing.T) {
	if !slices.Contains(storetest.Dialects(), "postgres") {
		t.Skip("needs PANDAC_TEST_DATABASE_URL: one SQLite file is not shared by instances")
	}
	url := storetest.URL(t, "postgres")
	a, b := startInstance(t, "postgres", url), startInstance(t, "postgres", url)
	ctx := context.Background()
	eventually := func(token string, want error) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			_, err := b.auth.Authenticate(ctx, token)
			if err == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("instance B still answers %v, want %v", err, want)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}

	first := a.token(t, "dora", "cashier")
	eventually(first, nil) // cached on B now
	u := a.db.Client.User.Query().OnlyX(ctx)
	// B answers from memory: a change no instance saw goes unnoticed...
	setActive := func(active bool) {
		t.Helper()
		if _, err := a.db.SQL.ExecContext(ctx, "UPDATE users SET is_active = $1 WHERE id = $2", active, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	// (Provisioning the user on A wrote users and roles; should any of that
	// be announced late, it could reach B after B cached the token, so this
	// retries until announcements settled.)
	for try := 0; ; try++ {
		if _, err := b.auth.Authenticate(ctx, first); err != nil {
			t.Fatal(err)
		}
		setActive(false)
		_, err := b.auth.Authenticate(ctx, first)
		setActive(true)
		if err == nil {
			break
		}
		if try == 20 {
			t.Fatalf("B does not cache the principal: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// ...while one made through A reaches it at once.
	start := time.Now()
	a.db.Client.User.UpdateOneID(u.ID).SetIsActive(false).ExecX(ctx)
	eventually(first, auth.ErrInactiveUser)
	t.Logf("deactivation reached instance B in %s", time.Since(start))

	a.db.Client.User.UpdateOneID(u.ID).SetIsActive(true).ExecX(ctx)
	eventually(first, nil)
	p, err := a.auth.Authenticate(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.auth.Logout(auth.WithPrincipal(ctx, p), ""); err != nil {
		t.Fatal(err)
	}
	eventually(first, auth.ErrRevokedToken)
}
