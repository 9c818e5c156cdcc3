//go:build crash

package crash

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A request in flight when SIGTERM arrives is finished; new connections are
// refused; the process then exits cleanly.
func TestGracefulShutdownFinishesInFlightRequests(t *testing.T) {
	port := freePort(t)
	srv := startServer(t, "sqlite:"+filepath.Join(t.TempDir(), "s.db"), port, "PANDAC_SHUTDOWN_TIMEOUT=10s")
	addr := strings.TrimPrefix(srv.URL, "http://")
	body := `{"query":"{ __typename }"}`
	conn := startRequest(t, addr, body, len(body)/2)
	defer conn.Close()

	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The listener closes at once...
	deadline := time.Now().Add(3 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("server still accepting connections 3s after SIGTERM")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// ...while the request already in flight is still served.
	if _, err := io.WriteString(conn, body[len(body)/2:]); err != nil {
		t.Fatalf("finishing the in-flight request: %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("in-flight request got no answer: %v", err)
	}
	answer, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(answer), `"__typename":"Query"`) {
		t.Errorf("in-flight request: %d %s", resp.StatusCode, answer)
	}
	select {
	case err := <-srv.done:
		srv.done <- err
		if err != nil {
			t.Errorf("exit after graceful shutdown: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not exit after its last request finished")
	}
}

// A request that never finishes cannot hold the process past
// PANDAC_SHUTDOWN_TIMEOUT.
func TestShutdownIsBoundedByTimeout(t *testing.T) {
	port := freePort(t)
	srv := startServer(t, "sqlite:"+filepath.Join(t.TempDir(), "s.db"), port, "PANDAC_SHUTDOWN_TIMEOUT=1s")
	conn := startRequest(t, strings.TrimPrefix(srv.URL, "http://"), `{"query":"{ __typename }"}`, 5)
	defer conn.Close()
	start := time.Now()
	_ = srv.kill(t, syscall.SIGTERM, 10*time.Second)
	if took := time.Since(start); took < 900*time.Millisecond || took > 4*time.Second {
		t.Errorf("shutdown with a stuck request took %v; want about the 1s timeout", took)
	}
}

// startRequest sends headers and the first n bytes of body, leaving the
// request in flight on the server.
func startRequest(t *testing.T, addr, body string, n int) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", addr, len(body), body[:n])
	time.Sleep(300 * time.Millisecond) // let the server start handling it
	return conn
}
