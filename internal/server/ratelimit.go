package server

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"
)

// clientIP resolves the address requests are rate limited by. Only the TCP
// peer is trusted unless trustedProxies lists the proxies in front of the
// server, whose X-Forwarded-For entries are then believed; a client can never
// pick its own bucket by sending that header itself.
func clientIP(trustedProxies []string) func(http.Handler) http.Handler {
	if len(trustedProxies) > 0 {
		return middleware.ClientIPFromXFF(trustedProxies...)
	}
	return middleware.ClientIPFromRemoteAddr
}

// rateLimit answers 429 with Retry-After once a client (by IP; IPv6 by /64)
// has made more than perSecond*window requests in the sliding window. A window
// longer than a second lets a client burst above the average rate, which a POS
// terminal syncing after a network blip does. Probes and metrics scrapes are
// never limited. perSecond <= 0 turns limiting off.
func rateLimit(perSecond int, window time.Duration) func(http.Handler) http.Handler {
	if perSecond <= 0 {
		return func(next http.Handler) http.Handler { return next }
	}
	if window < time.Second {
		window = time.Second
	}
	limit := perSecond * int(window/time.Second)
	limiter := httprate.NewRateLimiter(limit, window,
		httprate.WithKeyFuncs(func(r *http.Request) (string, error) {
			return httprate.CanonicalizeIP(middleware.GetClientIP(r.Context())), nil
		}),
		httprate.WithLimitHandler(func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, http.StatusTooManyRequests, map[string]string{"detail": "too many requests; retry after the time in the Retry-After header"})
		}),
	)
	return func(next http.Handler) http.Handler {
		limited := limiter.Handler(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/health", "/ready", "/metrics":
				next.ServeHTTP(w, r)
			default:
				limited.ServeHTTP(w, r)
			}
		})
	}
}
