package auth_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestStrangerCannotLockOutUser: failed logins from one address lock that
// address out of the account, not the user signing in from elsewhere.
func TestStrangerCannotLockOutUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newCacheFixture(t, db, 0, nil)
		ctx := context.Background()
		var throttled *auth.ThrottledError
		for i := range auth.DefaultMaxFailures + 2 {
			_, _, err := f.svc.Login(ctx, "carla", "wrong-password", "203.0.113.7")
			if i >= auth.DefaultMaxFailures && !errors.As(err, &throttled) {
				t.Fatalf("attempt %d from the stranger: %v, want throttled", i+1, err)
			}
		}
		// The stranger is locked out of carla, in any spelling...
		if _, _, err := f.svc.Login(ctx, "CARLA", "password-carla", "203.0.113.7"); !errors.As(err, &throttled) {
			t.Fatalf("stranger with the right password: %v, want throttled", err)
		}
		// ...carla at her till is not.
		if _, _, err := f.svc.Login(ctx, "carla", "password-carla", "198.51.100.20"); err != nil {
			t.Fatalf("carla from her own address: %v", err)
		}
	})
}

// TestOneAddressSprayingUsernamesIsStopped: one address failing across many
// usernames is throttled once its own budget is spent, for every username,
// while other addresses are not.
func TestOneAddressSprayingUsernamesIsStopped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newCacheFixture(t, db, 0, nil)
		ctx := context.Background()
		var throttled *auth.ThrottledError
		for i := range auth.DefaultMaxAddrFailures {
			_, _, err := f.svc.Login(ctx, fmt.Sprintf("guess%d", i), "wrong-password", "203.0.113.8")
			if errors.As(err, &throttled) {
				t.Fatalf("attempt %d throttled before the address budget (%d) was spent", i+1, auth.DefaultMaxAddrFailures)
			}
		}
		if _, _, err := f.svc.Login(ctx, "carla", "password-carla", "203.0.113.8"); !errors.As(err, &throttled) {
			t.Fatalf("sprayer trying another account: %v, want throttled", err)
		}
		if throttled.RetrySeconds() < 1 || throttled.RetryAfter > auth.DefaultFailureWindow {
			t.Fatalf("retry after %s", throttled.RetryAfter)
		}
		if _, _, err := f.svc.Login(ctx, "carla", "password-carla", "198.51.100.20"); err != nil {
			t.Fatalf("another address: %v", err)
		}
		// The window ends.
		f.advance(auth.DefaultFailureWindow + time.Second)
		if _, _, err := f.svc.Login(ctx, "carla", "password-carla", "203.0.113.8"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}
