package server

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pandac/pandac/internal/config"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/storetest"
)

func TestSecurityHeaders(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	h := New(Deps{Config: config.Config{}, DB: db, POS: pos.New(db.Client), Logger: discardLogger()})
	plain := httptest.NewServer(h)
	defer plain.Close()
	tls := httptest.NewTLSServer(h)
	defer tls.Close()
	for name, c := range map[string]struct {
		url    string
		client *http.Client
		hsts   bool
	}{"http": {plain.URL, http.DefaultClient, false}, "https": {tls.URL, tls.Client(), true}} {
		resp, err := c.client.Get(c.url + "/health")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
			if got := resp.Header.Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", name, k, got, want)
			}
		}
		if got := resp.Header.Get("Strict-Transport-Security") != ""; got != c.hsts {
			t.Errorf("%s: HSTS sent = %v, want %v", name, got, c.hsts)
		}
	}
}
