package server

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// requestDeadline bounds the work of each request with a context deadline, so
// a database that stops answering costs a client at most d, not a hung
// connection. It is a deadline rather than http.TimeoutHandler because the
// latter buffers the response and cannot serve websockets; upgrade requests
// (GraphQL subscriptions) live as long as their connection and are left alone.
func requestDeadline(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if d <= 0 {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if isWebsocket(r) {
				next.ServeHTTP(w, r)
				return
			}
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

func isWebsocket(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}
