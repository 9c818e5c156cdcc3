package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pandac/pandac/internal/config"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/storetest"
)

// newTestServer serves the real handler over a fresh SQLite database.
func newTestServer(t *testing.T, cfg config.Config) (*httptest.Server, *pos.Service) {
	t.Helper()
	db := storetest.Open(t, "sqlite")
	svc := pos.New(db.Client)
	srv := httptest.NewServer(New(Deps{Config: cfg, DB: db, POS: svc, Logger: discardLogger()}))
	t.Cleanup(srv.Close)
	return srv, svc
}

func TestBodyLargerThanOneMiBIsRefused(t *testing.T) {
	srv, _ := newTestServer(t, config.Config{})
	big := `{"query":"{ __typename }","variables":{"pad":"` + strings.Repeat("x", MaxBodyBytes) + `"}}`
	// With a Content-Length the server refuses before reading.
	resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(big))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("declared oversize body: status %d, want 413", resp.StatusCode)
	}
	// Chunked, with no length declared, reading stops at the cap.
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", io.MultiReader(strings.NewReader(big)))
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = -1
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode < 400 || resp.StatusCode >= 500 {
		t.Errorf("chunked oversize body: status %d (%s), want 4xx", resp.StatusCode, body)
	}
	// Just under the cap is fine.
	ok := `{"query":"{ __typename }"}` + strings.Repeat(" ", MaxBodyBytes-100)
	resp, err = http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(ok))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("body under the cap: status %d, want 200", resp.StatusCode)
	}
}

func TestRateLimitPerClientIP(t *testing.T) {
	const perSecond = 5
	srv, _ := newTestServer(t, config.Config{RateLimit: perSecond, RateLimitWindow: time.Second})
	get := func(path, xff string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	limited := 0
	var last *http.Response
	for i := 0; i < 3*perSecond; i++ {
		// A forged X-Forwarded-For must not buy a fresh bucket.
		last = get("/", "203.0.113."+string(rune('1'+i%9)))
		if last.StatusCode == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Fatalf("%d requests at once against a limit of %d/s: none refused", 3*perSecond, perSecond)
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Errorf("last answer %d, Retry-After %q; want 429 with Retry-After", last.StatusCode, last.Header.Get("Retry-After"))
	}
	if r := get("/health", ""); r.StatusCode != http.StatusOK {
		t.Errorf("/health was limited: %d", r.StatusCode)
	}
	// /metrics is not served without PANDAC_METRICS_TOKEN; limited, it would answer 429.
	if r := get("/metrics", ""); r.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics was limited: %d", r.StatusCode)
	}
}

func TestRateLimitTrustsConfiguredProxiesOnly(t *testing.T) {
	srv, _ := newTestServer(t, config.Config{RateLimit: 2, RateLimitWindow: time.Second, TrustedProxies: []string{"127.0.0.0/8"}})
	// Behind a trusted proxy, clients are told apart by X-Forwarded-For.
	for i := 0; i < 6; i++ {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/", nil)
		req.Header.Set("X-Forwarded-For", "198.51.100."+string(rune('1'+i)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("client %d of a trusted proxy limited: %d", i, resp.StatusCode)
		}
	}
}

func TestRequestDeadline(t *testing.T) {
	var got time.Time
	var had bool
	h := requestDeadline(50 * time.Millisecond)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, had = r.Context().Deadline()
	}))
	start := time.Now()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/graphql", nil))
	if !had || got.Sub(start) > 100*time.Millisecond {
		t.Errorf("plain request: deadline %v (set %v), want about 50ms", got.Sub(start), had)
	}
	ws := httptest.NewRequest(http.MethodGet, "/graphql", nil)
	ws.Header.Set("Connection", "Upgrade")
	ws.Header.Set("Upgrade", "websocket")
	h.ServeHTTP(httptest.NewRecorder(), ws)
	if had {
		t.Error("websocket upgrade got a deadline; subscriptions would be cut off")
	}
}

// A client that trickles its request headers (slowloris) is disconnected
// once ReadHeaderTimeout passes, instead of holding the connection.
func TestSlowClientIsCutOff(t *testing.T) {
	cfg := config.Config{ReadHeaderTimeout: 300 * time.Millisecond, ReadTimeout: time.Second, WriteTimeout: time.Second, IdleTimeout: time.Second}
	hs := NewHTTPServer(cfg, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = hs.Serve(ln) }()
	t.Cleanup(func() { _ = hs.Close() })

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n"); err != nil {
		t.Fatal(err)
	}
	// Keep sending a header line every 100ms; the server must still hang up.
	closed := make(chan time.Duration, 1)
	go func() {
		_, _ = io.Copy(io.Discard, conn)
		closed <- time.Since(start)
	}()
	for i := 0; ; i++ {
		select {
		case d := <-closed:
			if d > 2*time.Second {
				t.Errorf("slow client held the connection for %v", d)
			}
			return
		case <-time.After(100 * time.Millisecond):
		}
		if _, err := io.WriteString(conn, "X-Slow: "+strings.Repeat("a", i)+"\r\n"); err != nil {
			return // the server closed the connection
		}
		if time.Since(start) > 5*time.Second {
			t.Fatal("slow client still connected after 5s")
		}
	}
}

func TestStockOutsAndCheckoutsAreMetered(t *testing.T) {
	const token = "metrics-token-for-this-test"
	srv, _ := newTestServer(t, config.Config{MetricsToken: token})
	m := NewMetrics(nil)
	present := errorPresenter(discardLogger(), m)
	present(context.Background(), &pos.InsufficientStockError{Requested: 3, Available: 1})
	m.domain.Publish(context.Background(), pos.Event{Kind: pos.EventSaleCompleted})
	m.domain.Publish(context.Background(), pos.Event{Kind: pos.EventSaleCompleted})
	m.domain.Publish(context.Background(), pos.Event{Kind: pos.EventStockLow})
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, want := range []string{"pandac_checkouts_total 2", "pandac_stock_outs_total 1", "pandac_stock_low_total 1"} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	// The served /metrics carries the counters from the start.
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	found := 0
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "pandac_checkouts_total ") || strings.HasPrefix(sc.Text(), "pandac_stock_outs_total ") {
			found++
		}
	}
	if found != 2 {
		t.Errorf("served /metrics shows %d of the 2 domain counters", found)
	}
}

// gqlAs posts a GraphQL request with a bearer token and decodes the answer.
func gqlAs(t *testing.T, url, token, query string, vars map[string]any) (data map[string]any, errs []map[string]any) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]any   `json:"data"`
		Errors []map[string]any `json:"errors"`
	}
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("decoding %d answer: %v", resp.StatusCode, err)
	}
	if out.Data == nil && out.Errors == nil {
		t.Errorf("answer %d without data or errors: %s", resp.StatusCode, raw)
	}
	return out.Data, out.Errors
}
