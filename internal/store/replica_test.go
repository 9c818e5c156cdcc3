package store_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// A read replica is a PostgreSQL standby: a SQLite primary, or a read URL
// that is not PostgreSQL, is refused with a message naming the variable.
func TestOpenReplicaRefusesWhatCannotReplicate(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	err := db.OpenReplica("postgres://u:p@127.0.0.1:5432/db", store.Options{})
	if err == nil || !strings.Contains(err.Error(), "DATABASE_READ_URL") {
		t.Fatalf("replica of a SQLite primary: %v, want a DATABASE_READ_URL error", err)
	}
	if os.Getenv(storetest.EnvPostgresURL) == "" {
		return
	}
	pg := storetest.Open(t, "postgres")
	if err := pg.OpenReplica("sqlite:replica.db", store.Options{}); err == nil || !strings.Contains(err.Error(), "DATABASE_READ_URL") {
		t.Fatalf("a SQLite read URL: %v, want a DATABASE_READ_URL error", err)
	}
}

// The read client's connections are read-only even when the read URL names
// a primary, and a check says it is not a standby.
func TestReplicaClientIsReadOnly(t *testing.T) {
	db := storetest.Open(t, "postgres")
	var name string
	if err := db.SQL.QueryRow("SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	// The primary's own database stands in for a misconfigured read URL.
	u, err := url.Parse(os.Getenv(storetest.EnvPostgresURL))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	if err := db.OpenReplica(u.String(), store.Options{}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if st := db.Replica.Check(ctx); !st.Up || st.InRecovery || st.Lag != 0 {
		t.Fatalf("check of a primary as replica: %+v, want up, not in recovery, no lag", st)
	}
	_, err = db.Replica.Client.ExecContext(ctx, "CREATE TABLE replica_probe (id int)")
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("writing through the read client: %v, want a read-only transaction error", err)
	}
	if _, err := db.Replica.Client.Setting.Query().All(ctx); err != nil {
		t.Fatalf("reading through the read client: %v", err)
	}
	// The read guard is on it too: an anonymous API request reads nothing.
	var denied *policy.DeniedError
	if _, err := db.Replica.Client.Product.Query().All(policy.FromAPI(ctx)); !errors.As(err, &denied) {
		t.Fatalf("anonymous read through the read client: %v, want the read guard's refusal", err)
	}
}

// When the replica drops away reports carry on from the primary, and when
// it comes back a check sends them to it again. A TCP proxy in front of the
// test server plays the replica (so no standby is needed), and which pool
// answered shows in default_transaction_read_only: on only for the
// replica's connections.
func TestReplicaFallsBackAndRecovers(t *testing.T) {
	db := storetest.Open(t, "postgres")
	var name string
	if err := db.SQL.QueryRow("SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(os.Getenv(storetest.EnvPostgresURL))
	if err != nil {
		t.Fatal(err)
	}
	p := startProxy(t, u.Host)
	u.Host, u.Path = p.addr, "/"+name
	if err := db.OpenReplica(u.String(), store.Options{ConnectTimeout: time.Second}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	readOnly := func() string {
		t.Helper()
		rows, err := db.Replica.Client.QueryContext(ctx, "SELECT current_setting('default_transaction_read_only')")
		if err != nil {
			t.Fatalf("reading through the read client: %v", err)
		}
		defer rows.Close()
		var v string
		for rows.Next() {
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
		}
		return v
	}
	if got := readOnly(); got != "on" {
		t.Fatalf("with the replica up the read came from the pool with read_only=%s, want the replica's (on)", got)
	}
	p.stop()
	if got := readOnly(); got != "off" {
		t.Fatalf("with the replica gone the read came from read_only=%s, want the primary's (off)", got)
	}
	if st := db.Replica.Status(); st.Up {
		t.Fatalf("status after the replica dropped: %+v, want down", st)
	}
	if got := readOnly(); got != "off" {
		t.Fatalf("while marked down the read came from read_only=%s, want the primary's (off)", got)
	}
	p.start()
	if st := db.Replica.Check(ctx); !st.Up {
		t.Fatalf("check with the replica back: %+v, want up", st)
	}
	if got := readOnly(); got != "on" {
		t.Fatalf("with the replica back the read came from read_only=%s, want the replica's (on)", got)
	}
}

// proxy forwards TCP connections on addr to target until stopped, and can
// start again on the same address.
type proxy struct {
	t            *testing.T
	addr, target string
	mu           sync.Mutex
	ln           net.Listener
	conns        []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, addr: "127.0.0.1:0", target: target}
	p.start()
	t.Cleanup(p.stop)
	return p
}

func (p *proxy) start() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(s, c); s.Close() }()
			go func() { _, _ = io.Copy(c, s); c.Close() }()
		}
	}()
}

// stop closes the listener and every connection through it, as a replica
// host going away does.
func (p *proxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
