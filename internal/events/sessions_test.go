package events_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket/wsjson"
	"github.com/google/uuid"

	"github.com/pandac/pandac/ent/refreshtoken"
	"github.com/pandac/pandac/ent/role"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/events"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// clock is a movable clock for the auth service.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// startSessionInstance is startInstance with the auth options a test needs
// (a movable clock, a short periodic session check).
func startSessionInstance(t *testing.T, dialect, url string, opts auth.Options) *instance {
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
	opts.Secret, opts.BcryptCost = testSecret, 4
	as, err := auth.New(context.Background(), db.Client, opts)
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

// signIn provisions a user of the role and signs them in.
func (in *instance) signIn(t *testing.T, name, roleName string) (auth.Tokens, uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	u, err := in.auth.ProvisionUser(ctx, auth.NewUser{Username: name, Password: "password-" + name, Role: roleName})
	if err != nil {
		t.Fatal(err)
	}
	toks, _, err := in.auth.Login(ctx, name, "password-"+name, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return toks, u.ID
}

// adminCtx is a context signed in as an administrator, for the auth
// service's admin calls.
func adminCtx() context.Context {
	return auth.WithPrincipal(context.Background(), &auth.Principal{UserID: uuid.New(), Username: "root", Role: "admin", Permissions: []string{auth.Wildcard}})
}

// graphqlPost sends one GraphQL request over HTTP with a bearer token.
func graphqlPost(t *testing.T, base, token, query string, vars map[string]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct{ Errors []any }
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
		t.Fatalf("%s: %v %v", query, err, out.Errors)
	}
}

// subscribed dials the instance with the token, subscribes to
// saleCompleted and proves it is delivered once.
func subscribed(t *testing.T, ctx context.Context, in, publisher *instance, token string) *wsClient {
	t.Helper()
	ws := dialGraphQL(t, ctx, in.srv.URL, token)
	ws.send(ctx, wsMsg{ID: "1", Type: "subscribe", Payload: json.RawMessage(`{"query":"subscription { saleCompleted { id total } }"}`)})
	waitSubscribers(t, in.bus, pos.EventSaleCompleted, 1)
	s := completedSale(t, publisher.db.Client)
	publisher.bus.Publish(ctx, pos.Event{Kind: pos.EventSaleCompleted, ID: s.ID})
	if m := ws.next(ctx); m.Type != "next" || m.ID != "1" {
		t.Fatalf("before: got %s %s: %s", m.Type, m.ID, m.Payload)
	}
	return ws
}

// expectNoMoreSales publishes another sale and asserts the subscriber is not
// sent it. With closed, the socket must then close (within `within`);
// otherwise the subscription must complete and the socket stay usable.
func expectNoMoreSales(t *testing.T, ctx context.Context, ws *wsClient, publisher *instance, closed bool, within time.Duration) {
	t.Helper()
	s2 := completedSale2(t, publisher.db.Client)
	publisher.bus.Publish(ctx, pos.Event{Kind: pos.EventSaleCompleted, ID: s2})
	rctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	start := time.Now()
	for {
		var m wsMsg
		if err := wsjson.Read(rctx, ws.conn, &m); err != nil {
			if rctx.Err() != nil {
				if closed {
					t.Fatalf("the socket is still open %s after the session ended", within)
				}
				t.Fatalf("the subscription did not complete within %s", within)
			}
			if !closed {
				t.Fatalf("the socket closed, want only the subscription to complete: %v", err)
			}
			t.Logf("socket closed %s after the session ended: %v", time.Since(start).Round(time.Millisecond), err)
			return
		}
		switch m.Type {
		case "next":
			t.Fatalf("a sale reached the subscriber after the session ended: %s", m.Payload)
		case "complete":
			if !closed {
				return
			}
		case "ping":
			ws.send(ctx, wsMsg{Type: "pong"})
		}
	}
}

// TestSubscriptionEndsWithSession: a saleCompleted subscriber stops
// receiving, and its socket is closed, when the session behind it ends by
// logout, deactivation, deletion, expiry of the token or a password reset;
// when its role stops granting the subscription, the subscription ends.
// Each on SQLite and PostgreSQL, through a real websocket client.
func TestSubscriptionEndsWithSession(t *testing.T) {
	cases := []struct {
		name   string
		closed bool
		end    func(t *testing.T, in *instance, c *clock, tok auth.Tokens, uid uuid.UUID)
	}{
		{"logout", true, func(t *testing.T, in *instance, _ *clock, tok auth.Tokens, _ uuid.UUID) {
			graphqlPost(t, in.srv.URL, tok.AccessToken, `mutation($t:String!){ logout(refreshToken:$t) }`, map[string]any{"t": tok.RefreshToken})
		}},
		{"deactivation", true, func(t *testing.T, in *instance, _ *clock, _ auth.Tokens, uid uuid.UUID) {
			if err := in.auth.DeleteUser(adminCtx(), uid); err != nil {
				t.Fatal(err)
			}
		}},
		{"deletion", true, func(t *testing.T, in *instance, _ *clock, _ auth.Tokens, uid uuid.UUID) {
			ctx := context.Background()
			in.db.Client.RefreshToken.Delete().Where(refreshtoken.UserID(uid)).ExecX(ctx)
			in.db.Client.User.DeleteOneID(uid).ExecX(ctx)
		}},
		{"expiry", true, func(_ *testing.T, _ *instance, c *clock, _ auth.Tokens, _ uuid.UUID) {
			c.advance(31 * time.Minute)
		}},
		{"password reset", true, func(t *testing.T, in *instance, _ *clock, _ auth.Tokens, uid uuid.UUID) {
			pw := "reset-by-admin"
			if _, err := in.auth.UpdateUser(adminCtx(), uid, entUpdateNothing(), &pw); err != nil {
				t.Fatal(err)
			}
		}},
		{"role loses permission", false, func(t *testing.T, in *instance, _ *clock, _ auth.Tokens, _ uuid.UUID) {
			ctx := context.Background()
			r := in.db.Client.Role.Query().Where(role.Name("manager")).OnlyX(ctx)
			if _, err := in.auth.UpdateRole(adminCtx(), r.ID, entRolePermissions("read")); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, dialect := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					c := &clock{now: time.Now()}
					in := startSessionInstance(t, dialect, storetest.URL(t, dialect), auth.Options{Now: c.Now, SessionCheckInterval: 20 * time.Millisecond})
					ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
					defer cancel()
					tok, uid := in.signIn(t, "mgr", "manager")
					ws := subscribed(t, ctx, in, in, tok.AccessToken)
					tc.end(t, in, c, tok, uid)
					expectNoMoreSales(t, ctx, ws, in, tc.closed, 5*time.Second)
				})
			}
		})
	}
}

// TestSessionEndReachesSubscriberOnOtherInstance: a password reset made on
// instance A closes a subscriber's socket on instance B at once, through
// the LISTEN/NOTIFY announcement (B's periodic check is an hour away), and
// B refuses the old token.
func TestSessionEndReachesSubscriberOnOtherInstance(t *testing.T) {
	if !slices.Contains(storetest.Dialects(), "postgres") {
		t.Skip("needs PANDAC_TEST_DATABASE_URL: one SQLite file is not shared by instances")
	}
	url := storetest.URL(t, "postgres")
	opts := auth.Options{SessionCheckInterval: time.Hour}
	a, b := startSessionInstance(t, "postgres", url, opts), startSessionInstance(t, "postgres", url, opts)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	tok, uid := a.signIn(t, "mgr", "manager")
	if _, err := b.auth.Authenticate(ctx, tok.AccessToken); err != nil {
		t.Fatal(err) // cached on B for an hour now
	}
	ws := subscribed(t, ctx, b, a, tok.AccessToken)
	pw := "reset-by-admin"
	if _, err := a.auth.UpdateUser(adminCtx(), uid, entUpdateNothing(), &pw); err != nil {
		t.Fatal(err)
	}
	expectNoMoreSales(t, ctx, ws, a, true, 5*time.Second)
	if _, err := b.auth.Authenticate(ctx, tok.AccessToken); err != auth.ErrSessionEnded {
		t.Fatalf("B answers %v for the old token, want %v", err, auth.ErrSessionEnded)
	}
}

func entUpdateNothing() auth.UpdateUserRequest { return auth.UpdateUserRequest{} }

func entRolePermissions(perms ...string) auth.UpdateRoleRequest {
	return auth.UpdateRoleRequest{Permissions: perms}
}
