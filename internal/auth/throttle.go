package auth

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/loginthrottle"
)

// ThrottledError refuses a login after too many recent failures, or a
// sign-up after too many from one address. It is not a fault.Error because
// it carries the delay: the ports answer it as fault.CodeTooManyRequests
// with the delay attached (GraphQL's retryAfter, HTTP's Retry-After).
type ThrottledError struct {
	RetryAfter time.Duration
	// What was refused, in the plural ("sign-up attempts"); empty means
	// failed logins.
	What string
}

// Error implements error.
func (e *ThrottledError) Error() string {
	what := e.What
	if what == "" {
		what = "failed login attempts"
	}
	return fmt.Sprintf("too many %s; try again in %d seconds", what, e.RetrySeconds())
}

// RetrySeconds is RetryAfter rounded up to whole seconds (at least 1), the
// unit of HTTP's Retry-After.
func (e *ThrottledError) RetrySeconds() int {
	s := int((e.RetryAfter + time.Second - 1) / time.Second)
	return max(s, 1)
}

// throttleRule is one counter an attempt feeds: its key in the LoginThrottle
// table and how many hits a window allows.
type throttleRule struct {
	key    string
	max    int
	window time.Duration
}

// maxThrottleKey is LoginThrottle.key's length limit.
const maxThrottleKey = 300

// throttleKeys names the counters a login attempt feeds: the username and
// client address together first, then the address alone (when known).
//
// The username is never a key on its own: that let anyone lock a user out
// by failing five times from anywhere. Keyed with the address, a stranger
// only locks themselves out of that account; the address key stops one
// machine from guessing across many accounts. What remains is a guesser
// spreading one account's guesses over many addresses, which bcrypt's cost
// and the per-address budget keep slow.
func throttleKeys(username, clientAddr string) []string {
	name := strings.ToLower(strings.TrimSpace(username))
	keys := []string{"login:" + clientAddr + "|" + name}
	if clientAddr != "" {
		keys = append(keys, "addr:"+clientAddr)
	}
	for i, k := range keys {
		keys[i] = fitKey(k)
	}
	return keys
}

// fitKey cuts a key to what LoginThrottle.key holds, on a rune boundary:
// half a UTF-8 character is text PostgreSQL refuses, which turned a long
// username into an internal error.
func fitKey(k string) string {
	if len(k) <= maxThrottleKey {
		return k
	}
	k = k[:maxThrottleKey]
	for !utf8.ValidString(k) {
		k = k[:len(k)-1]
	}
	return k
}

// loginRules are the counters of a login attempt with their budgets: the
// username+address pair gets MaxFailures, the address MaxAddrFailures, more,
// because one address may be a whole shop behind NAT whose staff mistype.
func (s *Service) loginRules(username, clientAddr string) []throttleRule {
	keys := throttleKeys(username, clientAddr)
	rules := []throttleRule{{key: keys[0], max: s.opts.MaxFailures, window: s.opts.FailureWindow}}
	if len(keys) > 1 {
		rules = append(rules, throttleRule{key: keys[1], max: s.opts.MaxAddrFailures, window: s.opts.FailureWindow})
	}
	return rules
}

// registerRules is the sign-up budget of a client address. Every attempt
// counts, refused ones included: "username is taken" tells whether an
// account exists, and this budget is what keeps that from being asked at
// scale.
func (s *Service) registerRules(clientAddr string) []throttleRule {
	return []throttleRule{{key: fitKey("register:" + clientAddr), max: s.opts.RegisterLimit, window: s.opts.RegisterWindow}}
}

// checkThrottle refuses the attempt while any rule's key has reached its
// limit in the current window. what names the attempts in the error.
func (s *Service) checkThrottle(ctx context.Context, rules []throttleRule, what string) error {
	now := s.now()
	keys := make([]string, len(rules))
	for i, r := range rules {
		keys[i] = r.key
	}
	rows, err := s.client.LoginThrottle.Query().Where(loginthrottle.KeyIn(keys...)).All(ctx)
	if err != nil {
		return fmt.Errorf("reading login throttle: %w", err)
	}
	var wait time.Duration
	for _, row := range rows {
		for _, r := range rules {
			if r.key != row.Key {
				continue
			}
			end := row.WindowStart.Add(r.window)
			if row.Failures >= r.max && now.Before(end) {
				wait = max(wait, end.Sub(now))
			}
		}
	}
	if wait > 0 {
		return &ThrottledError{RetryAfter: wait, What: what}
	}
	return nil
}

// recordFailure counts an attempt against every rule's key. Each step is one
// conditional statement, so instances racing on the same key never lose a
// count: bump inside the window, else restart an expired window, else insert.
func (s *Service) recordFailure(ctx context.Context, rules []throttleRule) error {
	now := s.now()
	for _, r := range rules {
		key, cutoff := r.key, now.Add(-r.window)
		for attempt := 0; ; attempt++ {
			n, err := s.client.LoginThrottle.Update().
				Where(loginthrottle.Key(key), loginthrottle.WindowStartGT(cutoff)).
				AddFailures(1).Save(ctx)
			if err != nil {
				return fmt.Errorf("counting failed login: %w", err)
			}
			if n > 0 {
				break
			}
			n, err = s.client.LoginThrottle.Update().
				Where(loginthrottle.Key(key), loginthrottle.WindowStartLTE(cutoff)).
				SetFailures(1).SetWindowStart(now).Save(ctx)
			if err != nil {
				return fmt.Errorf("counting failed login: %w", err)
			}
			if n > 0 {
				break
			}
			err = s.client.LoginThrottle.Create().SetKey(key).SetFailures(1).SetWindowStart(now).Exec(ctx)
			if err == nil {
				break
			}
			if !ent.IsConstraintError(err) || attempt > 0 {
				return fmt.Errorf("counting failed login: %w", err)
			}
			// Someone inserted the row first; go round and bump it.
		}
	}
	return nil
}

// clearThrottle forgets a key's failures after a successful login. Failing
// to forget only delays the user, so it is logged, not returned.
func (s *Service) clearThrottle(ctx context.Context, key string) {
	if _, err := s.client.LoginThrottle.Delete().Where(loginthrottle.Key(key)).Exec(ctx); err != nil {
		slog.WarnContext(ctx, "clearing login throttle", "err", err)
	}
}
