// Command steady sends GraphQL requests at a constant arrival rate and reports
// the latency distribution. It is the open-loop half of `make bench`: wrk
// (closed loop, a fixed number of connections) finds an operation's peak
// throughput; steady then asks for a fixed rate below that peak and measures
// what a client sees at that rate.
//
// Request i is due at start + i/rate whatever happened to the earlier ones,
// and its latency is counted from that due time, not from when it was
// actually sent, so a stalled server or a late scheduler shows up in the
// percentiles instead of hiding in fewer samples (coordinated omission). At
// most -max-inflight requests are outstanding; a request due while the cap is
// reached is not sent and is counted as dropped, and one sent more than 1 ms
// after its due time is counted as late.
//
// The body is the JSON file of bench/graphql.lua, with the same placeholders:
// each $ID, $ID1, $ID2, ... becomes a random line of -ids and $KEY a unique
// idempotency key. A response that is not 2xx or whose body contains
// "errors" is a failure. Only loopback targets are accepted.
//
//	steady -url http://127.0.0.1:18080/graphql -body q3.json -ids ids.txt -rate 500 -duration 10s
//
// It prints one line for scripts (stdout) and a summary (stderr):
//
//	STEADY asked=500.0 sent=5000 ok=5000 failed=0 dropped=0 late=0 rate=500.0 p50=1.20 p99=3.40 p999=5.10 max=6.00
//
// Latencies are in milliseconds; p99.9 needs at least 1,000 requests to be
// more than the maximum.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// config is one run.
type config struct {
	URL         string
	Body        *template
	Token       string
	Rate        float64 // requests per second
	Duration    time.Duration
	MaxInflight int
	Timeout     time.Duration
}

// result is what a run measured.
type result struct {
	Asked     float64
	Sent      int // requests started
	OK        int
	Failed    int // non-2xx, a GraphQL error, or no answer
	Dropped   int // due while MaxInflight requests were outstanding; not sent
	Late      int // sent more than lateAfter after their due time
	Elapsed   time.Duration
	Latencies []time.Duration // every answered or failed request, sorted
}

const lateAfter = time.Millisecond

// Rate is the rate at which requests were started over the scheduled window.
func (r result) Rate() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Sent) / r.Elapsed.Seconds()
}

// percentile returns the nearest-rank p-quantile (0 < p <= 1) of sorted: the
// smallest value with at least p of the values at or below it.
func percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(n)-1e-9)) - 1
	if i < 0 {
		i = 0
	}
	if i >= n {
		i = n - 1
	}
	return sorted[i]
}

func ms(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 2, 64) }

// Line is the line scripts parse.
func (r result) Line() string {
	l := r.Latencies
	var max time.Duration
	if len(l) > 0 {
		max = l[len(l)-1]
	}
	return fmt.Sprintf("STEADY asked=%.1f sent=%d ok=%d failed=%d dropped=%d late=%d rate=%.1f p50=%s p99=%s p999=%s max=%s",
		r.Asked, r.Sent, r.OK, r.Failed, r.Dropped, r.Late, r.Rate(),
		ms(percentile(l, 0.50)), ms(percentile(l, 0.99)), ms(percentile(l, 0.999)), ms(max))
}

// template is a request body with $ID, $ID<digit> and $KEY placeholders.
type template struct {
	parts []string // literal text; between two parts, holes[i]
	holes []byte   // 'I' for an id, 'K' for a key
	ids   []string
	seq   atomic.Uint64
	run   string
}

// parseTemplate splits body at its placeholders; ids may be empty only when
// the body has no $ID.
func parseTemplate(body string, ids []string) (*template, error) {
	t := &template{ids: ids, run: strconv.FormatInt(time.Now().UnixNano(), 36)}
	var lit strings.Builder
	for i := 0; i < len(body); {
		switch {
		case strings.HasPrefix(body[i:], "$ID"):
			i += 3
			if i < len(body) && body[i] >= '0' && body[i] <= '9' {
				i++
			}
			t.parts, t.holes = append(t.parts, lit.String()), append(t.holes, 'I')
			lit.Reset()
		case strings.HasPrefix(body[i:], "$KEY"):
			i += 4
			t.parts, t.holes = append(t.parts, lit.String()), append(t.holes, 'K')
			lit.Reset()
		default:
			lit.WriteByte(body[i])
			i++
		}
	}
	t.parts = append(t.parts, lit.String())
	if slices.Contains(t.holes, 'I') && len(ids) == 0 {
		return nil, errors.New("the body has $ID but there are no ids")
	}
	return t, nil
}

// render returns a body with fresh ids and a unique key.
func (t *template) render() []byte {
	if len(t.holes) == 0 {
		return []byte(t.parts[0])
	}
	var b bytes.Buffer
	for i, h := range t.holes {
		b.WriteString(t.parts[i])
		if h == 'I' {
			b.WriteString(t.ids[rand.IntN(len(t.ids))])
		} else {
			fmt.Fprintf(&b, "steady-%s-%d", t.run, t.seq.Add(1))
		}
	}
	b.WriteString(t.parts[len(t.parts)-1])
	return b.Bytes()
}

// checkLoopback refuses a target that is not a loopback address (or
// "localhost", whose addresses the dialer checks again).
func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%s: not an http URL", raw)
	}
	h := u.Hostname()
	if h == "localhost" {
		return nil
	}
	if ip := net.ParseIP(h); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("%s: only loopback targets are allowed", raw)
}

// dialLoopback is the dialer's last word: the address actually dialled must
// be loopback, whatever a name resolved to.
func dialLoopback(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to dial %s: not loopback", address)
	}
	return nil
}

func newClient(c config) *http.Client {
	d := &net.Dialer{Timeout: c.Timeout, Control: dialLoopback}
	return &http.Client{
		Timeout: c.Timeout,
		Transport: &http.Transport{
			DialContext:         d.DialContext,
			MaxIdleConns:        c.MaxInflight,
			MaxIdleConnsPerHost: c.MaxInflight,
			IdleConnTimeout:     90 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// run sends requests at c.Rate for c.Duration, then waits for the
// outstanding ones.
func run(ctx context.Context, c config) (result, error) {
	if err := checkLoopback(c.URL); err != nil {
		return result{}, err
	}
	if c.Rate <= 0 || c.Duration <= 0 || c.MaxInflight <= 0 {
		return result{}, errors.New("rate, duration and max-inflight must be positive")
	}
	client := newClient(c)
	defer client.CloseIdleConnections()

	res := result{Asked: c.Rate}
	var (
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, int(c.Rate*c.Duration.Seconds())+1)
		ok, fail  int
		wg        sync.WaitGroup
	)
	slots := make(chan struct{}, c.MaxInflight)
	interval := time.Duration(float64(time.Second) / c.Rate)
	n := int(c.Rate * c.Duration.Seconds())
	if n < 1 {
		n = 1
	}
	start := time.Now()
	for i := 0; i < n; i++ {
		due := start.Add(time.Duration(i) * interval)
		if d := time.Until(due); d > 0 {
			select {
			case <-time.After(d):
			case <-ctx.Done():
				n = i
			}
		}
		if ctx.Err() != nil {
			break
		}
		select {
		case slots <- struct{}{}:
		default:
			res.Dropped++
			continue
		}
		if time.Since(due) > lateAfter {
			res.Late++
		}
		res.Sent++
		wg.Add(1)
		go func(due time.Time) {
			defer func() { <-slots; wg.Done() }()
			good := send(ctx, client, c, c.Body.render())
			lat := time.Since(due)
			mu.Lock()
			latencies = append(latencies, lat)
			if good {
				ok++
			} else {
				fail++
			}
			mu.Unlock()
		}(due)
	}
	// The window is the n scheduled intervals, so a run that kept up has a
	// rate equal to the one asked.
	res.Elapsed = max(time.Duration(n)*interval, time.Since(start))
	wg.Wait()
	slices.Sort(latencies)
	res.Latencies, res.OK, res.Failed = latencies, ok, fail
	return res, nil
}

// send posts one body and reads the whole answer; it reports whether the
// answer was a 2xx without GraphQL errors.
func send(ctx context.Context, client *http.Client, c config, body []byte) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(body))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return false
	}
	return resp.StatusCode/100 == 2 && !bytes.Contains(b, []byte(`"errors"`))
}

func readIDs(path string) ([]string, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			ids = append(ids, l)
		}
	}
	return ids, nil
}

func main() {
	var (
		c                 config
		bodyPath, idsPath string
	)
	flag.StringVar(&c.URL, "url", "http://127.0.0.1:18080/graphql", "GraphQL endpoint (loopback only)")
	flag.StringVar(&bodyPath, "body", "", "JSON request body with $ID, $ID1.. and $KEY placeholders")
	flag.StringVar(&idsPath, "ids", "", "file of ids, one a line, for $ID")
	flag.StringVar(&c.Token, "token", os.Getenv("BENCH_TOKEN"), "bearer token (default $BENCH_TOKEN)")
	flag.Float64Var(&c.Rate, "rate", 100, "requests per second")
	flag.DurationVar(&c.Duration, "duration", 10*time.Second, "how long to send")
	flag.IntVar(&c.MaxInflight, "max-inflight", 512, "outstanding requests at most; a request due beyond it is dropped")
	flag.DurationVar(&c.Timeout, "timeout", 10*time.Second, "per request")
	flag.Parse()
	fatal := func(err error) { fmt.Fprintln(os.Stderr, "steady:", err); os.Exit(2) }
	if bodyPath == "" {
		fatal(errors.New("-body is required"))
	}
	body, err := os.ReadFile(bodyPath)
	if err != nil {
		fatal(err)
	}
	ids, err := readIDs(idsPath)
	if err != nil {
		fatal(err)
	}
	if c.Body, err = parseTemplate(string(body), ids); err != nil {
		fatal(err)
	}
	res, err := run(context.Background(), c)
	if err != nil {
		fatal(err)
	}
	fmt.Println(res.Line())
	fmt.Fprintf(os.Stderr, "steady: %d requests at %.1f/s (asked %.1f/s), %d failed, %d dropped at the cap of %d, %d late; p50 %s ms, p99 %s ms, p99.9 %s ms\n",
		res.Sent, res.Rate(), res.Asked, res.Failed, res.Dropped, c.MaxInflight, res.Late,
		ms(percentile(res.Latencies, 0.5)), ms(percentile(res.Latencies, 0.99)), ms(percentile(res.Latencies, 0.999)))
}
