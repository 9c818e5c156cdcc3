package store

import (
	"net/url"
	"testing"
	"time"
)

func TestWithPostgresTimeouts(t *testing.T) {
	got, err := withPostgresTimeouts("postgres://u:p@h:5432/db?sslmode=disable", 2500*time.Millisecond, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	q := mustQuery(t, got)
	if q.Get("connect_timeout") != "3" || q.Get("statement_timeout") != "30000" || q.Get("sslmode") != "disable" {
		t.Errorf("got %s", got)
	}
	// The operator's own settings win.
	got, _ = withPostgresTimeouts("postgres://h/db?connect_timeout=9&statement_timeout=100", time.Second, time.Second)
	q = mustQuery(t, got)
	if q.Get("connect_timeout") != "9" || q.Get("statement_timeout") != "100" {
		t.Errorf("URL settings overridden: %s", got)
	}
	if got, _ := withPostgresTimeouts("postgres://h/db", 0, 0); got != "postgres://h/db" {
		t.Errorf("zero timeouts changed the URL: %s", got)
	}
}

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}
