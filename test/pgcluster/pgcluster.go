// Package pgcluster gives fault-injection tests a PostgreSQL cluster of their
// own (started with scripts/pgtest.sh), which they may stop and start again
// without disturbing the shared test cluster other tests use.
package pgcluster

import (
	"bufio"
	"bytes"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// Cluster is a running throwaway cluster.
type Cluster struct {
	// URL connects to the cluster's test database.
	URL    string
	dir    string
	port   string
	bindir string
}

// RepoRoot finds the module root by walking up from the working directory.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("pgcluster: go.mod not found above the working directory")
		}
		dir = parent
	}
}

// Start starts a cluster that is removed when the test ends. Its directory
// lives under a private base so scripts/pgtest.sh's "last cluster" record of
// other users is left alone.
func Start(t testing.TB) *Cluster {
	t.Helper()
	base, err := os.MkdirTemp("", "pandac-fault-")
	if err != nil {
		t.Fatal(err)
	}
	// The cluster runs as the postgres user under root; it must reach its directory.
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(RepoRoot(t), "scripts", "pgtest.sh")
	cmd := exec.Command("bash", script, "start")
	cmd.Env = append(os.Environ(), "PANDAC_PGTEST_BASE="+base, "PANDAC_PGTEST_PORT=56100")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pgcluster: start: %v\n%s", err, stderr.String())
	}
	c := &Cluster{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := strings.TrimPrefix(sc.Text(), "export ")
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		v = strings.Trim(v, "'")
		switch k {
		case "PANDAC_TEST_DATABASE_URL":
			c.URL = v
		case "PANDAC_PGTEST_DIR":
			c.dir = v
		}
	}
	if c.URL == "" || c.dir == "" {
		t.Fatalf("pgcluster: unexpected output from pgtest.sh start: %s", out)
	}
	t.Cleanup(func() {
		stop := exec.Command("bash", script, "stop", c.dir)
		stop.Env = append(os.Environ(), "PANDAC_PGTEST_BASE="+base)
		_ = stop.Run()
		_ = os.RemoveAll(base)
	})
	u, err := url.Parse(c.URL)
	if err != nil {
		t.Fatal(err)
	}
	c.port = u.Port()
	meta, err := os.ReadFile(filepath.Join(c.dir, ".pandac-pgtest"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(meta), "\n") {
		if v, ok := strings.CutPrefix(l, "bindir="); ok {
			c.bindir = v
		}
	}
	if c.bindir == "" {
		t.Fatalf("pgcluster: no bindir in %s", meta)
	}
	return c
}

// Stop shuts the server down (fast mode: connections are cut, as in an outage).
func (c *Cluster) Stop(t testing.TB) {
	t.Helper()
	c.pgctl(t, "-D", filepath.Join(c.dir, "data"), "-m", "fast", "-w", "-t", "60", "stop")
}

// Resume starts the stopped server again on the same port.
func (c *Cluster) Resume(t testing.TB) {
	t.Helper()
	c.pgctl(t, "-D", filepath.Join(c.dir, "data"), "-l", filepath.Join(c.dir, "server.log"), "-o", "-p "+c.port, "-w", "-t", "60", "start")
}

func (c *Cluster) pgctl(t testing.TB, args ...string) {
	t.Helper()
	argv := append([]string{filepath.Join(c.bindir, "pg_ctl")}, args...)
	if os.Geteuid() == 0 {
		argv = append([]string{"runuser", "-u", "postgres", "--"}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = "/"
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pgcluster: %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// String describes the cluster for logs.
func (c *Cluster) String() string { return fmt.Sprintf("pgcluster(%s, port %s)", c.dir, c.port) }

// Freeze stops (SIGSTOP) the postmaster and every backend, so the database
// neither refuses nor answers: the hardest outage for a client, which only a
// deadline gets out of. Thaw undoes it.
func (c *Cluster) Freeze(t testing.TB) { c.signalAll(t, syscall.SIGSTOP) }

// Thaw resumes a frozen cluster.
func (c *Cluster) Thaw(t testing.TB) { c.signalAll(t, syscall.SIGCONT) }

func (c *Cluster) signalAll(t testing.TB, sig syscall.Signal) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, "data", "postmaster.pid"))
	if err != nil {
		t.Fatalf("pgcluster: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil {
		t.Fatalf("pgcluster: postmaster.pid: %v", err)
	}
	pids := []int{pid}
	if kids, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid)); err == nil {
		for _, f := range strings.Fields(string(kids)) {
			if k, err := strconv.Atoi(f); err == nil {
				pids = append(pids, k)
			}
		}
	}
	for _, p := range pids {
		_ = syscall.Kill(p, sig)
	}
}
