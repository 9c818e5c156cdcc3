package auth

import (
	"context"
	"sync"
	"time"

	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/store"
)

// DefaultSessionCheckInterval is how often a long-lived connection (a
// subscription's websocket) asks again whether its token still speaks for
// its user, as a backstop: changes made through any instance end it at once
// (see WatchSession), this catches the ones no instance saw.
const DefaultSessionCheckInterval = 30 * time.Second

// changeSignal wakes everyone waiting whenever users, roles or revoked
// tokens change: the channel handed out is closed and replaced on each
// change, so a waiter never misses one that happens after it asked.
type changeSignal struct {
	mu sync.Mutex
	ch chan struct{}
}

func (c *changeSignal) wait() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ch == nil {
		c.ch = make(chan struct{})
	}
	return c.ch
}

func (c *changeSignal) fire() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ch != nil {
		close(c.ch)
		c.ch = nil
	}
}

type sessionKey struct{}

// session is the token a context's principal was authenticated from, and the
// service that can check it again.
type session struct {
	svc    *Service
	bearer string
}

// WithToken records in ctx the bearer token the principal in ctx was
// authenticated from, so work that outlives the request (a subscription)
// can ask later whether the token still speaks for its user (Current,
// WatchSession).
func (s *Service) WithToken(ctx context.Context, bearer string) context.Context {
	return context.WithValue(ctx, sessionKey{}, session{svc: s, bearer: bearer})
}

// Current returns the caller's principal as it stands now: the token
// recorded by WithToken is authenticated again against the database (one
// indexed statement, per event and subscriber), and its
// expiry is enforced to the second, without the leeway that verification
// allows for clocks. The answer is fault.CodeUnauthenticated once the token expired,
// was revoked, or its user was deactivated, deleted or had their sessions
// ended. Without a recorded token it is the context's principal, unchanged.
func Current(ctx context.Context) (*Principal, error) {
	sess, ok := ctx.Value(sessionKey{}).(session)
	if !ok {
		if p := FromContext(ctx); p != nil {
			return p, nil
		}
		return nil, fault.Unauthenticated("authentication required")
	}
	// Read afresh, not from the principal cache: an event must not reach a
	// subscriber whose session another instance ended a moment ago, before
	// that instance's announcement arrived here.
	p, err := sess.svc.authenticateFresh(ctx, sess.bearer)
	if err != nil {
		return nil, err
	}
	if !sess.svc.now().Before(p.TokenExpiry) {
		return nil, ErrExpiredToken
	}
	return p, nil
}

// WatchSession returns a context that ends when the session recorded in ctx
// (WithToken) does: at the token's expiry, or as soon as a change to users,
// roles or revoked tokens, made through this instance or announced by
// another (CachePrincipals' peers), leaves the token refused. It also checks
// every SessionCheckInterval. A check the database cannot answer keeps the
// session: an outage is not a sign-out. Without a recorded token the
// context only ends with ctx or cancel.
func (s *Service) WatchSession(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	sess, ok := ctx.Value(sessionKey{}).(session)
	if !ok || sess.svc != s {
		return ctx, cancel
	}
	go func() {
		defer cancel()
		tick := time.NewTicker(s.opts.SessionCheckInterval)
		defer tick.Stop()
		for {
			// Taken before the check, so a change committed during it wakes
			// the next round.
			changed := s.changes.wait()
			wake := tick.C
			p, err := Current(ctx)
			switch {
			case ctx.Err() != nil:
				return
			case err != nil && isUnauthenticated(err):
				return
			}
			var timer *time.Timer
			var expiry <-chan time.Time
			if err == nil {
				timer = time.NewTimer(p.TokenExpiry.Sub(s.now()))
				expiry = timer.C
			}
			select {
			case <-ctx.Done():
			case <-changed:
			case <-wake:
			case <-expiry:
			}
			if timer != nil {
				timer.Stop()
			}
		}
	}()
	return ctx, cancel
}

// isUnauthenticated reports an error that refuses the token itself, as
// opposed to one saying the check could not be made.
func isUnauthenticated(err error) bool {
	pe := store.AsFault(err)
	return pe != nil && pe.Code == fault.CodeUnauthenticated
}
