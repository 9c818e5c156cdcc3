// Package memory runs the real pandac binary and floods it with large
// invalid GraphQL documents from anonymous callers, reading the process's
// peak resident memory (VmHWM) from /proc: the query limits must hold the
// server's memory, not only its answers, within bounds.
package memory

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	// concurrent requests per round, and rounds.
	concurrent = 32
	rounds     = 3
	// maxPeakRSS is the most resident memory the server may ever reach.
	maxPeakRSS = 300 << 20
	// maxLatency is how long one refused request may take, sent alongside
	// 31 others on a busy two-core machine.
	maxLatency = 2 * time.Second
	maxErrors  = 50
	// bodySize is the size each document is built to, under the 1 MiB body cap.
	bodySize = 900 << 10
)

// binary is the pandac executable built once for the package.
var binary string

func TestMain(m *testing.M) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		fmt.Println("memory: no /proc on this system; skipping")
		os.Exit(0)
	}
	dir, err := os.MkdirTemp("", "pandac-memory-bin-")
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
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// documents returns the invalid documents of about bodySize bytes each:
// unknown fields past the token limit, repeated directives past it, 9,000
// unknown fields padded with whitespace (under the token limit, past the
// field limit) and 1,900 unknown fields, which validation refuses one by one.
func documents() map[string]string {
	var fields strings.Builder
	fields.WriteString("{")
	for i := 0; fields.Len() < bodySize-16; i++ {
		fmt.Fprintf(&fields, " x%d", i)
	}
	fields.WriteString(" }")

	directives := "{ __typename" + strings.Repeat("@include(if:true)", (bodySize-32)/17) + " }"

	padded := func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, " x%d", i)
		}
		b.WriteString(strings.Repeat(" ", bodySize-b.Len()-2))
		b.WriteString(" }")
		return b.String()
	}
	return map[string]string{
		"unknown fields":        fields.String(),
		"repeated directives":   directives,
		"under the token limit": padded(9000),
		"validated in full":     padded(1900),
	}
}

func TestFloodOfLargeInvalidQueriesKeepsMemoryBounded(t *testing.T) {
	srv := startServer(t)
	before := peakRSS(t, srv.pid)

	docs := documents()
	var bodies [][]byte
	var names []string
	for name, q := range docs {
		b, err := json.Marshal(map[string]string{"query": q})
		if err != nil {
			t.Fatal(err)
		}
		if len(b) >= 1<<20 {
			t.Fatalf("%s body is %d bytes, past the body cap", name, len(b))
		}
		bodies = append(bodies, b)
		names = append(names, name)
	}

	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: concurrent}}
	var slowest time.Duration
	for round := range rounds {
		var wg sync.WaitGroup
		var mu sync.Mutex
		var failures []string
		start := make(chan struct{})
		for i := range concurrent {
			wg.Add(1)
			go func() {
				defer wg.Done()
				k := i % len(bodies)
				<-start
				took, err := post(client, srv.url, bodies[k])
				mu.Lock()
				defer mu.Unlock()
				slowest = max(slowest, took)
				if err != nil {
					failures = append(failures, fmt.Sprintf("%s: %v", names[k], err))
				} else if took > maxLatency {
					failures = append(failures, fmt.Sprintf("%s: answered in %v, more than %v", names[k], took, maxLatency))
				}
			}()
		}
		close(start)
		wg.Wait()
		if len(failures) > 0 {
			t.Fatalf("round %d: %d of %d requests failed:\n%s", round, len(failures), concurrent, strings.Join(failures, "\n"))
		}
	}
	peak := peakRSS(t, srv.pid)
	t.Logf("peak RSS %.1f MiB (%.1f MiB before the flood); slowest answer %v; %d rounds of %d requests of ~%d KiB",
		float64(peak)/(1<<20), float64(before)/(1<<20), slowest.Round(time.Millisecond), rounds, concurrent, bodySize>>10)
	if peak > maxPeakRSS {
		t.Fatalf("peak RSS %d MiB, above %d MiB", peak>>20, maxPeakRSS>>20)
	}
}

// post sends one document anonymously and checks the answer is a small
// 4xx refusal with at most maxErrors errors, each with a code.
func post(client *http.Client, url string, body []byte) (time.Duration, error) {
	began := time.Now()
	res, err := client.Post(url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		return time.Since(began), err
	}
	raw, err := io.ReadAll(res.Body)
	res.Body.Close()
	took := time.Since(began)
	if err != nil {
		return took, err
	}
	if res.StatusCode < 400 || res.StatusCode >= 500 {
		return took, fmt.Errorf("status %d, want 4xx: %.200s", res.StatusCode, raw)
	}
	var out struct {
		Errors []struct {
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return took, fmt.Errorf("decoding %d bytes: %v", len(raw), err)
	}
	if n := len(out.Errors); n == 0 || n > maxErrors {
		return took, fmt.Errorf("%d errors, want 1 to %d", n, maxErrors)
	}
	for _, e := range out.Errors {
		if e.Extensions["code"] == nil {
			return took, fmt.Errorf("an error without extensions.code: %.200s", raw)
		}
	}
	return took, nil
}

// server is one running `pandac serve`.
type server struct {
	url string
	pid int
}

func startServer(t *testing.T) server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	cmd := exec.Command(binary, "serve")
	cmd.Dir = dir
	// The production runtime settings: serve picks its own GOGC.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOGC=") && !strings.HasPrefix(kv, "GOMEMLIMIT=") && !strings.HasPrefix(kv, "PANDAC_") && !strings.HasPrefix(kv, "DATABASE_URL=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env,
		"DATABASE_URL=sqlite:"+filepath.Join(dir, "pandac.db"),
		"PANDAC_ADDR="+addr,
		"PANDAC_JWT_SECRET=memory-test-secret-0123456789abcdef-0123",
		"PANDAC_RATE_LIMIT=0", "PANDAC_LOG_LEVEL=error",
	)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-done
		if t.Failed() {
			t.Logf("server log:\n%.4000s", log.String())
		}
	})
	url := "http://" + addr
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	for {
		select {
		case <-done:
			t.Fatalf("pandac serve exited: %s", log.String())
		case <-ctx.Done():
			t.Fatal("pandac serve not ready after 90s")
		case <-time.After(100 * time.Millisecond):
		}
		res, err := http.Get(url + "/ready")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return server{url: url, pid: cmd.Process.Pid}
			}
		}
	}
}

// peakRSS reads VmHWM, the process's peak resident set size, in bytes.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				t.Fatalf("VmHWM %q: %v", rest, err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}
