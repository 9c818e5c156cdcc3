package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/pandac/pandac/internal/fault"
)

// Bounds on GraphQL requests with large bodies. Real operations are a few
// kilobytes (long lists travel as variables of a few tens); a body past
// largeBodyBytes is almost always a flood. Decoding and parsing one costs
// several times its size in short-lived memory, and with the server's GOGC
// of 400 the heap may grow to five times what is live before a collection:
// 32 such requests at once, unqueued, took the process past 250 MB. Letting
// only largeBodySlots of them be read and parsed at a time keeps that memory
// small whatever the number of callers; small requests never wait.
const (
	largeBodyBytes = 64 << 10
	largeBodySlots = 4
	// largeBodyWait is how long a large request may wait for a slot
	// before it is answered 429.
	largeBodyWait = 5 * time.Second
	// largeBodyRead bounds reading a large body once it holds a slot, so a
	// client trickling its upload cannot keep the slot for the server's
	// whole read timeout.
	largeBodyRead = 10 * time.Second
)

// queueLargeBodies runs requests whose body is (or may be, when chunked)
// larger than largeBodyBytes at most largeBodySlots at a time.
func queueLargeBodies(next http.Handler) http.Handler {
	slots := make(chan struct{}, largeBodySlots)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody || (r.ContentLength >= 0 && r.ContentLength <= largeBodyBytes) {
			next.ServeHTTP(w, r)
			return
		}
		wait := time.NewTimer(largeBodyWait)
		defer wait.Stop()
		select {
		case slots <- struct{}{}:
		case <-wait.C:
			busy(w)
			return
		case <-r.Context().Done():
			busy(w)
			return
		}
		defer func() { <-slots }()
		_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(largeBodyRead))
		next.ServeHTTP(w, r)
	})
}

// busy answers a large request that found no slot, as GraphQL.
func busy(w http.ResponseWriter) {
	secs := int(largeBodyWait / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	writeJSON(w, http.StatusTooManyRequests, map[string]any{"errors": []map[string]any{{
		"message":    "too many large requests at once; retry shortly, or send a smaller document",
		"extensions": map[string]any{"code": graphQLCode(fault.CodeTooManyRequests), "retryAfter": secs},
	}}})
}
