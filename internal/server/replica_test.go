package server_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

const (
	replicaCheckout = `mutation($p: ID!) { checkout(input: {items: [{productId: $p, quantity: 2}], payments: [{method: CASH, amount: "10.00"}]}) { id total } }`
	replicaReport   = `query($from: Time!, $to: Time!) { salesReport(from: $from, to: $to, groupBy: DAY, timezone: "UTC") { saleCount netSales } }`
)

// salesToday is the sale count and net sales salesReport answers for the
// UTC day around now, asked through the real handler.
func salesToday(t *testing.T, env *servertest.Env, token string) (int, string) {
	t.Helper()
	now := time.Now().UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	r := env.Must(token, replicaReport, map[string]any{"from": day.Format(time.RFC3339), "to": day.AddDate(0, 0, 1).Format(time.RFC3339)})
	var rows []struct {
		SaleCount int    `json:"saleCount"`
		NetSales  string `json:"netSales"`
	}
	if err := json.Unmarshal(r.Data["salesReport"], &rows); err != nil || len(rows) != 1 {
		t.Fatalf("salesReport: %s (%v)", r.Data["salesReport"], err)
	}
	return rows[0].SaleCount, rows[0].NetSales
}

// health is the decoded /health answer.
func health(t *testing.T, env *servertest.Env) map[string]any {
	t.Helper()
	res := env.Do(http.MethodGet, "/health", "", nil)
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/health = %d, want 200", res.StatusCode)
	}
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// A sale completed on the primary shows in salesReport once the streaming
// standby has replayed it, and not before: with replay paused on the
// standby the report (read from it) does not have the sale the primary
// holds, which is how we know it read from the standby at all.
func TestReadReplicaServesSalesReport(t *testing.T) {
	db := storetest.OpenReplicated(t)
	env := servertest.New(t, db)
	p := env.Product("Replicated pen", "REP-1", "2.50", 10)
	admin, cashier := env.Token("admin"), env.Token("cashier")

	if st := db.Replica.Check(context.Background()); !st.Up || !st.InRecovery {
		t.Fatalf("replica check: %+v, want up and in recovery", st)
	}
	if h := health(t, env); h["readReplica"] != "up" || h["status"] != "healthy" {
		t.Fatalf("/health = %v, want healthy with readReplica up", h)
	}

	standby, err := sql.Open("pgx", os.Getenv(storetest.EnvReadURL))
	if err != nil {
		t.Fatal(err)
	}
	defer standby.Close()
	if _, err := standby.Exec("SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatalf("pausing replay on the standby: %v", err)
	}
	resumed := false
	defer func() {
		if !resumed {
			_, _ = standby.Exec("SELECT pg_wal_replay_resume()")
		}
	}()

	env.Must(cashier, replicaCheckout, map[string]any{"p": p.ID})
	var onPrimary int
	if err := db.SQL.QueryRow("SELECT count(*) FROM pos_sales").Scan(&onPrimary); err != nil || onPrimary != 1 {
		t.Fatalf("primary holds %d sales (%v), want 1", onPrimary, err)
	}
	if n, _ := salesToday(t, env, admin); n != 0 {
		t.Fatalf("salesReport counted %d sales while the standby's replay was paused: it did not read from the standby", n)
	}

	if _, err := standby.Exec("SELECT pg_wal_replay_resume()"); err != nil {
		t.Fatal(err)
	}
	resumed = true
	t.Logf("standby replayed the sale %v after replay resumed", storetest.WaitReplayed(t, db))
	if n, net := salesToday(t, env, admin); n != 1 || net != "5.00" {
		t.Fatalf("salesReport from the caught-up standby: %d sales, net %s; want 1 sale, net 5.00", n, net)
	}

	// The read client cannot write, whatever it points at.
	if _, err := db.Replica.Client.ExecContext(context.Background(), "CREATE TABLE replica_probe (id int)"); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("writing through the read client: %v, want a read-only transaction error", err)
	}
}

// With the replica unreachable reports read from the primary, writes are
// untouched, and /health says the replica is down while answering 200.
func TestReadReplicaDownFallsBackToPrimary(t *testing.T) {
	db := storetest.Open(t, "postgres")
	// Nothing listens on port 1: every connection is refused at once.
	if err := db.OpenReplica("postgres://pandac:x@127.0.0.1:1/none?sslmode=disable", store.Options{ConnectTimeout: time.Second}); err != nil {
		t.Fatal(err)
	}
	env := servertest.New(t, db)
	p := env.Product("Fallback pen", "FB-1", "2.50", 10)
	admin, cashier := env.Token("admin"), env.Token("cashier")
	env.Must(cashier, replicaCheckout, map[string]any{"p": p.ID})

	// No check has run yet: the first report finds the replica unreachable
	// itself and is answered from the primary.
	if n, net := salesToday(t, env, admin); n != 1 || net != "5.00" {
		t.Fatalf("salesReport with the replica down: %d sales, net %s; want 1, 5.00 from the primary", n, net)
	}
	if st := db.Replica.Status(); st.Up {
		t.Fatalf("replica status after a refused connection: %+v, want down", st)
	}
	if h := health(t, env); h["readReplica"] != "down" || h["status"] != "healthy" {
		t.Fatalf("/health = %v, want healthy with readReplica down", h)
	}
	res := env.Do(http.MethodGet, "/metrics", servertest.MetricsToken, nil)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{"pandac_db_read_replica_up 0\n", "pandac_db_read_replica_lag_seconds -1\n", `db_name="pandac_read"`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", strings.TrimSpace(want))
		}
	}
	res = env.Do(http.MethodGet, "/ready", "", nil)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/ready = %d with only the replica down, want 200", res.StatusCode)
	}
	// Writes never touch the replica.
	env.Must(cashier, replicaCheckout, map[string]any{"p": p.ID})
	if n, _ := salesToday(t, env, admin); n != 2 {
		t.Fatalf("salesReport after a second sale: %d, want 2", n)
	}
	if st := db.Replica.Check(context.Background()); st.Up {
		t.Fatalf("a check of the unreachable replica: %+v, want down", st)
	}
}
