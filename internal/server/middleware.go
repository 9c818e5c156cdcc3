package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"
)

// requestLogger writes one structured line per request.
func requestLogger(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			start := time.Now()
			r, who := withUserSlot(r)
			next.ServeHTTP(ww, r)
			log.Info("request",
				"request_id", middleware.GetReqID(r.Context()),
				"user_id", who.String(),
				"method", r.Method, "path", r.URL.Path,
				"status", ww.Status(), "bytes", ww.BytesWritten(),
				"latency_ms", float64(time.Since(start).Microseconds())/1000,
				"remote", clientAddr(r))
		})
	}
}

// recoverer turns a panic into a 500 with no detail, and logs it.
func recoverer(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					log.Error("panic", "panic", v, "request_id", middleware.GetReqID(r.Context()), "path", r.URL.Path)
					writeJSON(w, http.StatusInternalServerError, map[string]string{"detail": "internal server error"})
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// securityHeaders sets the headers every response should carry.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		// HSTS only on a TLS connection: sent over plain HTTP it is ignored by
		// browsers, and behind a TLS-terminating proxy the proxy owns it.
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody caps request bodies; reading past the cap fails the decode.
func limitBody(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > n {
				writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"detail": "request body too large"})
				return
			}
			if r.Body == nil || r.Body == http.NoBody || isWebsocket(r) {
				next.ServeHTTP(w, r)
				return
			}
			next.ServeHTTP(guardBody(w, r, n))
		})
	}
}
