package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/config"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
	"github.com/pandac/pandac/test/pgcluster"
)

// When PostgreSQL goes away, requests fail fast with a clear message and
// /ready turns 503; when it comes back, the server recovers by itself.
func TestDatabaseOutageAndRecovery(t *testing.T) {
	if os.Getenv(storetest.EnvPostgresURL) == "" {
		t.Skip("PostgreSQL fault tests need " + storetest.EnvPostgresURL + " (and scripts/pgtest.sh)")
	}
	cluster := pgcluster.Start(t)
	db, err := store.Open(cluster.URL, store.Options{ConnectTimeout: 2 * time.Second, StatementTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	const requestTimeout = 3 * time.Second
	authSvc, err := auth.New(context.Background(), db.Client, auth.Options{BcryptCost: 4})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := authSvc.ProvisionUser(context.Background(), auth.NewUser{Username: "outage", Password: "outage-password", Role: "admin"}); err != nil {
		t.Fatal(err)
	}
	toks, _, err := authSvc.Login(context.Background(), "outage", "outage-password", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	token := toks.AccessToken
	srv := httptest.NewServer(New(Deps{
		Config: config.Config{RequestTimeout: requestTimeout},
		DB:     db, POS: pos.New(db.Client), Auth: authSvc, Logger: discardLogger(),
	}))
	defer srv.Close()

	const query = `{ suppliers(first: 1) { totalCount } }`
	ready := func() int {
		resp, err := http.Get(srv.URL + "/ready")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if _, errs := gqlAs(t, srv.URL, token, query, nil); errs != nil || ready() != http.StatusOK {
		t.Fatalf("healthy server: errors %v", errs)
	}

	// A frozen database neither answers nor refuses: only the deadline helps.
	cluster.Freeze(t)
	frozen := true
	defer func() {
		if frozen {
			cluster.Thaw(t)
		}
	}()
	expectOutage(t, srv.URL, token, query, "frozen", requestTimeout)
	start := time.Now()
	if got := ready(); got != http.StatusServiceUnavailable {
		t.Errorf("/ready = %d with the database frozen, want 503", got)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("/ready took %v with the database frozen", took)
	}
	cluster.Thaw(t)
	frozen = false
	waitReady(t, ready)

	cluster.Stop(t)
	expectOutage(t, srv.URL, token, query, "stopped", requestTimeout)
	start = time.Now()
	if got := ready(); got != http.StatusServiceUnavailable {
		t.Errorf("/ready = %d with the database down, want 503", got)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("/ready took %v", took)
	}

	cluster.Resume(t)
	waitReady(t, ready)
	if _, errs := gqlAs(t, srv.URL, token, query, nil); errs != nil {
		t.Errorf("after recovery: %v", errs)
	}
}

func waitReady(t *testing.T, ready func() int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for ready() != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("server did not become ready within 30s of the database returning")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// expectOutage sends requests while the database is unavailable and checks
// each fails with INTERNAL and a clear message within the request deadline.
func expectOutage(t *testing.T, url, token, query, phase string, requestTimeout time.Duration) {
	t.Helper()
	for i := 0; i < 3; i++ {
		start := time.Now()
		data, errs := gqlAs(t, url, token, query, nil)
		took := time.Since(start)
		if len(errs) == 0 {
			t.Fatalf("%s: request %d succeeded with the database unavailable after %v: %v", phase, i, took, data)
		}
		code, _ := errs[0]["extensions"].(map[string]any)["code"].(string)
		msg, _ := errs[0]["message"].(string)
		if code != "INTERNAL" || !strings.Contains(msg, "temporarily unavailable") {
			t.Errorf("%s: request %d: code %q message %q, want INTERNAL and a clear outage message", phase, i, code, msg)
		}
		if took > requestTimeout+500*time.Millisecond {
			t.Errorf("%s: request %d took %v; the deadline is %v", phase, i, took, requestTimeout)
		}
		t.Logf("%s database: request %d answered in %v", phase, i, took.Round(time.Millisecond))
	}
}
