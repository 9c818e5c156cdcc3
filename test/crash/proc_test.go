//go:build crash

// Package crash holds tests that run the real pandac binary and abuse it:
// SIGKILL under load, SIGTERM with requests in flight. They are behind the
// `crash` build tag (they build the binary and take a few minutes) and run
// from .ci/run: go test -tags crash ./test/crash.
package crash

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pandac/pandac/internal/storetest"
)

// binary is the pandac executable built once for the package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pandac-crash-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "pandac")
	build := exec.Command("go", "build", "-o", binary, "./cmd/pandac")
	build.Dir = "../.."
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building pandac:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const (
	adminUser = "crashadmin"
	adminPass = "crash-test-password-1"
)

// server is one running pandac process.
type server struct {
	cmd  *exec.Cmd
	URL  string
	log  *lockedBuffer
	done chan error
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startServer runs `pandac serve` on databaseURL and waits until it is ready.
func startServer(t *testing.T, databaseURL string, port int, extraEnv ...string) *server {
	t.Helper()
	s := &server{URL: fmt.Sprintf("http://127.0.0.1:%d", port), log: &lockedBuffer{}, done: make(chan error, 1)}
	s.cmd = exec.Command(binary, "serve")
	s.cmd.Dir = t.TempDir()
	s.cmd.Env = append(os.Environ(),
		"DATABASE_URL="+databaseURL,
		fmt.Sprintf("PANDAC_ADDR=127.0.0.1:%d", port),
		"PANDAC_ADMIN_USERNAME="+adminUser, "PANDAC_ADMIN_PASSWORD="+adminPass,
		"PANDAC_JWT_SECRET=crash-test-secret-0123456789abcdef-0123456789",
		"PANDAC_RATE_LIMIT=0", "PANDAC_LOG_LEVEL=warn",
	)
	s.cmd.Env = append(s.cmd.Env, extraEnv...)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			_ = s.cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			t.Logf("server log (%s):\n%s", s.URL, tail(s.log.String(), 4000))
		}
	})
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := http.Get(s.URL + "/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		select {
		case err := <-s.done:
			s.done <- err
			t.Fatalf("server exited during start: %v\n%s", err, tail(s.log.String(), 4000))
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not ready after 90s\n%s", tail(s.log.String(), 4000))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// kill sends sig and waits for the process to exit.
func (s *server) kill(t *testing.T, sig syscall.Signal, within time.Duration) error {
	t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		s.done <- err
		return err
	case <-time.After(within):
		t.Fatalf("server still running %v after %v", within, sig)
		return nil
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// client speaks GraphQL to one server with a bearer token.
type client struct {
	url   string
	token string
	http  *http.Client
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

func (c *client) do(ctx context.Context, query string, vars map[string]any, out any) ([]gqlError, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var env struct {
		Data   json.RawMessage `json:"data"`
		Errors []gqlError      `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		return nil, fmt.Errorf("status %d: %w", resp.StatusCode, err)
	}
	if len(env.Errors) > 0 {
		return env.Errors, nil
	}
	if out != nil {
		if err := json.Unmarshal(env.Data, out); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

func (c *client) must(t *testing.T, query string, vars map[string]any, out any) {
	t.Helper()
	errs, err := c.do(context.Background(), query, vars, out)
	if err != nil || errs != nil {
		t.Fatalf("%s: %v %v", strings.Fields(query)[0:2], err, errs)
	}
}

// login signs in as the bootstrap admin.
func login(t *testing.T, url string) *client {
	t.Helper()
	c := &client{url: url, http: &http.Client{Timeout: 30 * time.Second}}
	var out struct {
		Login struct {
			AccessToken string `json:"accessToken"`
		} `json:"login"`
	}
	c.must(t, `mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { accessToken } }`,
		map[string]any{"u": adminUser, "p": adminPass}, &out)
	c.token = out.Login.AccessToken
	return c
}

// dialects are the databases the process tests run on: SQLite always, and
// PostgreSQL (required in CI) when the test cluster is configured.
func databaseURL(t *testing.T, dialect string) string {
	t.Helper()
	if dialect == "sqlite" {
		return "sqlite:" + filepath.Join(t.TempDir(), "crash.db")
	}
	admin := os.Getenv("PANDAC_TEST_DATABASE_URL")
	if admin == "" {
		t.Fatal("the crash tests need PANDAC_TEST_DATABASE_URL (scripts/pgtest.sh start)")
	}
	return storetest.URL(t, "postgres")
}
