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

// ThrottledError refuses a login after too many recent failures. The GraphQL
// port shows it as extensions.code TOO_MANY_REQUESTS with retryAfter seconds;
// the REST port maps it to HTTP 429 with a Retry-After header.
type ThrottledError struct {
	RetryAfter time.Duration
}

// CodeTooManyRequests is the extensions.code of a ThrottledError.
const CodeTooManyRequests = "TOO_MANY_REQUESTS"

// Error implements error.
func (e *ThrottledError) Error() string {
	return fmt.Sprintf("too many failed login attempts; try again in %d seconds", e.RetrySeconds())
}

// RetrySeconds is RetryAfter rounded up to whole seconds (at least 1), the
// unit of HTTP's Retry-After.
func (e *ThrottledError) RetrySeconds() int {
	s := int((e.RetryAfter + time.Second - 1) / time.Second)
	return max(s, 1)
}

// Extensions gives the GraphQL error its code and retry delay.
func (e *ThrottledError) Extensions() map[string]any {
	return map[string]any{"code": CodeTooManyRequests, "retryAfter": e.RetrySeconds()}
}

// throttleKeys names the counters a login attempt feeds: the username first,
// then the client address (when known).
func throttleKeys(username, clientAddr string) []string {
	keys := []string{"user:" + strings.ToLower(strings.TrimSpace(username))}
	if clientAddr != "" {
		keys = append(keys, "addr:"+clientAddr)
	}
	for i, k := range keys {
		if len(k) > 300 {
			// Cut on a rune boundary: half a UTF-8 character is text
			// PostgreSQL refuses, which turned a long username into INTERNAL.
			k = k[:300]
			for !utf8.ValidString(k) {
				k = k[:len(k)-1]
			}
			keys[i] = k
		}
	}
	return keys
}

// checkThrottle refuses the attempt while any key has reached the limit in
// the current window.
func (s *Service) checkThrottle(ctx context.Context, keys []string) error {
	now := s.now()
	rows, err := s.client.LoginThrottle.Query().Where(loginthrottle.KeyIn(keys...)).All(ctx)
	if err != nil {
		return fmt.Errorf("reading login throttle: %w", err)
	}
	var wait time.Duration
	for _, r := range rows {
		end := r.WindowStart.Add(s.opts.FailureWindow)
		if r.Failures >= s.opts.MaxFailures && now.Before(end) {
			wait = max(wait, end.Sub(now))
		}
	}
	if wait > 0 {
		return &ThrottledError{RetryAfter: wait}
	}
	return nil
}

// recordFailure counts a failed attempt against every key. Each step is one
// conditional statement, so instances racing on the same key never lose a
// count: bump inside the window, else restart an expired window, else insert.
func (s *Service) recordFailure(ctx context.Context, keys []string) error {
	now := s.now()
	cutoff := now.Add(-s.opts.FailureWindow)
	for _, key := range keys {
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

// clearThrottle forgets the keys' failures after a successful login. Failing
// to forget only delays the user, so it is logged, not returned.
func (s *Service) clearThrottle(ctx context.Context, keys []string) {
	if _, err := s.client.LoginThrottle.Delete().Where(loginthrottle.KeyIn(keys...)).Exec(ctx); err != nil {
		slog.WarnContext(ctx, "clearing login throttle", "err", err)
	}
}
