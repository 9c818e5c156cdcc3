package auth_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/role"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// fakePeers stands in for the events bus: a link that can drop, and a
// record of announcements.
type fakePeers struct {
	link      atomic.Uint64 // odd = up
	announced atomic.Int64
	changes   chan struct{}
}

func newFakePeers() *fakePeers {
	p := &fakePeers{changes: make(chan struct{}, 1)}
	p.link.Store(1)
	return p
}

func (p *fakePeers) AnnouncePrincipalsChanged() { p.announced.Add(1) }
func (p *fakePeers) PrincipalChanges(context.Context) <-chan struct{} {
	return p.changes
}
func (p *fakePeers) LinkState() (uint64, bool) { s := p.link.Load(); return s, s%2 == 1 }

// cacheFixture is a service with the principal cache on, a movable clock and
// one signed-in cashier.
type cacheFixture struct {
	db    *store.DB
	svc   *auth.Service
	user  *ent.User
	token string
	mu    sync.Mutex
	now   time.Time
}

func (f *cacheFixture) clock() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }
func (f *cacheFixture) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

// setActiveBehindOurBack changes the user with plain SQL, as an operator in
// psql would: no instance sees it happen.
func (f *cacheFixture) setActiveBehindOurBack(t *testing.T, active bool) {
	t.Helper()
	q := "UPDATE users SET is_active = ? WHERE id = ?"
	if f.db.Dialect == "postgres" {
		q = "UPDATE users SET is_active = $1 WHERE id = $2"
	}
	if _, err := f.db.SQL.ExecContext(context.Background(), q, active, f.user.ID); err != nil {
		t.Fatal(err)
	}
}

func newCacheFixture(t *testing.T, db *store.DB, ttl time.Duration, peers auth.Peers) *cacheFixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	f := &cacheFixture{db: db, now: time.Now()}
	svc, err := auth.New(ctx, db.Client, auth.Options{BcryptCost: 4, Now: f.clock})
	if err != nil {
		t.Fatal(err)
	}
	svc.CachePrincipals(ctx, ttl, peers)
	f.svc = svc
	if f.user, err = svc.ProvisionUser(ctx, auth.NewUser{Username: "carla", Password: "password-carla", Role: "cashier"}); err != nil {
		t.Fatal(err)
	}
	tok, _, err := svc.Login(ctx, "carla", "password-carla", "")
	if err != nil {
		t.Fatal(err)
	}
	f.token = tok.AccessToken
	return f
}

func (f *cacheFixture) authenticate(t *testing.T) (*auth.Principal, error) {
	t.Helper()
	return f.svc.Authenticate(context.Background(), f.token)
}

// TestPrincipalCacheServesFromMemoryUntilTTL: a token seen once is answered
// without reading its user again (a change made behind every instance's back
// goes unnoticed), but never for longer than the TTL.
func TestPrincipalCacheServesFromMemoryUntilTTL(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newCacheFixture(t, db, 10*time.Second, nil)
		if _, err := f.authenticate(t); err != nil {
			t.Fatal(err)
		}
		f.setActiveBehindOurBack(t, false)
		if _, err := f.authenticate(t); err != nil {
			t.Fatalf("within the TTL the cached principal answers: %v", err)
		}
		f.advance(11 * time.Second)
		if _, err := f.authenticate(t); err != auth.ErrInactiveUser {
			t.Fatalf("after the TTL: err %v, want %v", err, auth.ErrInactiveUser)
		}
		// Errors are not cached: the user is back at once.
		f.setActiveBehindOurBack(t, true)
		if _, err := f.authenticate(t); err != nil {
			t.Fatalf("reactivated: %v", err)
		}
	})
}

// TestPrincipalCacheEndsAtOnceOnChanges: logout, deactivation and role
// changes made through Pandac (auth's own methods or any ent write, inside a
// transaction or not) end cached principals when they commit, and are
// announced to the other instances; a rolled-back change ends nothing.
func TestPrincipalCacheEndsAtOnceOnChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		peers := newFakePeers()
		f := newCacheFixture(t, db, time.Hour, peers)
		p, err := f.authenticate(t)
		if err != nil || p.Has(auth.PermWrite) {
			t.Fatalf("cashier: %+v, %v", p, err)
		}

		// A role change through auth, in its transaction.
		announced := peers.announced.Load()
		cashier := db.Client.Role.Query().Where(role.Name("cashier")).OnlyX(ctx)
		admin := auth.WithPrincipal(ctx, &auth.Principal{Permissions: []string{auth.Wildcard}})
		if _, err := f.svc.UpdateRole(admin, cashier.ID, auth.UpdateRoleRequest{AppendPermissions: []string{"write"}}); err != nil {
			t.Fatal(err)
		}
		if p, err := f.authenticate(t); err != nil || !p.Has(auth.PermWrite) {
			t.Fatalf("after granting write: %+v, %v", p, err)
		}
		if peers.announced.Load() == announced {
			t.Error("the role change was not announced to the other instances")
		}

		// A rolled-back deactivation changes nothing and is not announced.
		announced = peers.announced.Load()
		tx, err := db.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.User.UpdateOneID(f.user.ID).SetIsActive(false).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if peers.announced.Load() != announced {
			t.Error("a rolled-back change was announced")
		}
		if _, err := f.authenticate(t); err != nil {
			t.Fatalf("after a rolled-back deactivation: %v", err)
		}

		// A plain ent write outside a transaction.
		if err := db.Client.User.UpdateOneID(f.user.ID).SetIsActive(false).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := f.authenticate(t); err != auth.ErrInactiveUser {
			t.Fatalf("deactivated: err %v, want %v", err, auth.ErrInactiveUser)
		}
		if err := db.Client.User.UpdateOneID(f.user.ID).SetIsActive(true).Exec(ctx); err != nil {
			t.Fatal(err)
		}

		// Logout revokes the very token at once.
		p, err = f.authenticate(t)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Logout(auth.WithPrincipal(ctx, p), ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.authenticate(t); err != auth.ErrRevokedToken {
			t.Fatalf("after logout: err %v, want %v", err, auth.ErrRevokedToken)
		}
	})
}

// TestPrincipalCacheFollowsPeers: another instance's announcement ends the
// cached principals, and while the link to the other instances is down (their
// announcements would be lost) nothing is served from memory, nor is what was
// cached before the gap served after it.
func TestPrincipalCacheFollowsPeers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		peers := newFakePeers()
		f := newCacheFixture(t, db, time.Hour, peers)
		if _, err := f.authenticate(t); err != nil {
			t.Fatal(err)
		}
		// Another instance deactivated the user and says so.
		f.setActiveBehindOurBack(t, false)
		peers.changes <- struct{}{}
		deadline := time.Now().Add(5 * time.Second)
		for {
			_, err := f.authenticate(t)
			if err == auth.ErrInactiveUser {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the announcement did not end the cached principal: err %v", err)
			}
			time.Sleep(time.Millisecond)
		}
		f.setActiveBehindOurBack(t, true)
		if _, err := f.authenticate(t); err != nil {
			t.Fatal(err)
		}

		// The link drops: every request reads the database.
		peers.link.Add(1)
		f.setActiveBehindOurBack(t, false)
		if _, err := f.authenticate(t); err != auth.ErrInactiveUser {
			t.Fatalf("link down: err %v, want %v", err, auth.ErrInactiveUser)
		}
		f.setActiveBehindOurBack(t, true)
		if _, err := f.authenticate(t); err != nil {
			t.Fatal(err)
		}
		// It returns; what was learnt before the gap is not trusted.
		peers.link.Add(1)
		if _, err := f.authenticate(t); err != nil { // cached now
			t.Fatal(err)
		}
		peers.link.Add(2) // dropped and back: announcements may have been lost
		f.setActiveBehindOurBack(t, false)
		if _, err := f.authenticate(t); err != auth.ErrInactiveUser {
			t.Fatalf("after a gap in the link: err %v, want %v", err, auth.ErrInactiveUser)
		}
	})
}

// TestPrincipalCacheIgnoresIrrelevantChanges: signing in (which stamps
// last_login_at) and creating users change no principal, so they neither
// end cached entries nor tell the other instances; renaming a user does.
func TestPrincipalCacheIgnoresIrrelevantChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		peers := newFakePeers()
		f := newCacheFixture(t, db, time.Hour, peers)
		if _, err := f.authenticate(t); err != nil {
			t.Fatal(err)
		}
		announced := peers.announced.Load()
		if _, err := f.svc.ProvisionUser(ctx, auth.NewUser{Username: "dave", Password: "password-dave", Role: "user"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.Login(ctx, "dave", "password-dave", ""); err != nil {
			t.Fatal(err)
		}
		if n := peers.announced.Load() - announced; n != 0 {
			t.Errorf("creating a user and signing in announced %d changes, want none", n)
		}
		// Still served from memory: a change behind every instance's back
		// goes unnoticed.
		f.setActiveBehindOurBack(t, false)
		if _, err := f.authenticate(t); err != nil {
			t.Fatalf("the cached principal was dropped: %v", err)
		}
		f.setActiveBehindOurBack(t, true)

		if err := db.Client.User.UpdateOneID(f.user.ID).SetUsername("carla2").Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if peers.announced.Load() == announced {
			t.Error("renaming the user was not announced")
		}
		if p, err := f.authenticate(t); err != nil || p.Username != "carla2" {
			t.Fatalf("after renaming: %+v, %v", p, err)
		}
	})
}
