package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestSessionVersionEndsCachedTokensAtOnce: with the principal cache on for
// an hour, bumping the user's session version (as a password change does)
// refuses the cached token on the next request and is announced to the
// other instances, because session_version is among the fields the cache's
// hook watches.
func TestSessionVersionEndsCachedTokensAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		peers := newFakePeers()
		f := newCacheFixture(t, db, time.Hour, peers)
		if _, err := f.authenticate(t); err != nil {
			t.Fatal(err)
		}
		before := peers.announced.Load()
		db.Client.User.UpdateOneID(f.user.ID).AddSessionVersion(1).ExecX(context.Background())
		if _, err := f.authenticate(t); !errors.Is(err, auth.ErrSessionEnded) {
			t.Fatalf("after the bump: err %v, want %v", err, auth.ErrSessionEnded)
		}
		if peers.announced.Load() == before {
			t.Fatal("the bump was not announced to the other instances")
		}
		// A new sign-in carries the new version.
		tok, _, err := f.svc.Login(context.Background(), "carla", "password-carla", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Authenticate(context.Background(), tok.AccessToken); err != nil {
			t.Fatalf("new token: %v", err)
		}
	})
}

// TestWatchSessionEndsOnChange: a watched session's context ends as soon as
// the user's sessions are ended, without waiting for the periodic check.
func TestWatchSessionEndsOnChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newCacheFixture(t, db, time.Hour, nil)
		p, err := f.authenticate(t)
		if err != nil {
			t.Fatal(err)
		}
		ctx := f.svc.WithToken(auth.WithPrincipal(context.Background(), p), f.token)
		watched, cancel := f.svc.WatchSession(ctx)
		defer cancel()
		select {
		case <-watched.Done():
			t.Fatal("a valid session ended")
		case <-time.After(100 * time.Millisecond):
		}
		db.Client.User.UpdateOneID(f.user.ID).AddSessionVersion(1).ExecX(context.Background())
		select {
		case <-watched.Done():
		case <-time.After(5 * time.Second): // the periodic check is 30 s away
			t.Fatal("the session outlived the bump")
		}
	})
}
