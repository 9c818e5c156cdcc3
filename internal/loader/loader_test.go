package loader_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/loader"
	"github.com/pandac/pandac/internal/pos"
)

type fakeSource struct {
	calls   atomic.Int32
	sizes   []int
	mu      sync.Mutex
	err     error
	missing map[uuid.UUID]bool
}

func (f *fakeSource) Receipts(_ context.Context, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	f.calls.Add(1)
	f.mu.Lock()
	f.sizes = append(f.sizes, len(ids))
	f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	out := map[uuid.UUID]string{}
	for _, id := range ids {
		if !f.missing[id] {
			out[id] = "receipt " + id.String()
		}
	}
	return out, nil
}

func (f *fakeSource) SaleItemCounts(_ context.Context, ids []uuid.UUID) (map[uuid.UUID]int64, error) {
	f.calls.Add(1)
	out := map[uuid.UUID]int64{}
	for i, id := range ids {
		out[id] = int64(i)
	}
	return out, nil
}

func (f *fakeSource) StaffMembers(_ context.Context, ids []uuid.UUID) (map[uuid.UUID]*pos.StaffMember, error) {
	out := map[uuid.UUID]*pos.StaffMember{}
	for _, id := range ids {
		out[id] = &pos.StaffMember{ID: id, DisplayName: id.String()}
	}
	return out, nil
}

// TestConcurrentLoadsAreOneBatch: the way gqlgen resolves a list (one
// goroutine per element) turns into one fetch, each caller gets its own value,
// and missing keys fail alone.
func TestConcurrentLoadsAreOneBatch(t *testing.T) {
	src := &fakeSource{missing: map[uuid.UUID]bool{}}
	// A window far longer than it takes to start 50 goroutines, so the test
	// does not depend on how busy the machine is: all 50 keys join one batch.
	l := loader.NewWithWait(src, 2*time.Second)
	ids := make([]uuid.UUID, 50)
	for i := range ids {
		ids[i] = uuid.New()
		if i%10 == 9 { // every tenth sale "does not exist"
			src.missing[ids[i]] = true
		}
	}
	var wg sync.WaitGroup
	got := make([]string, len(ids))
	errs := make([]error, len(ids))
	for i, id := range ids {
		wg.Go(func() { got[i], errs[i] = l.Receipt.Load(t.Context(), id)() })
	}
	wg.Wait()
	if n := src.calls.Load(); n != 1 {
		t.Fatalf("%d fetches for 50 concurrent loads, want 1 (batch sizes %v)", n, src.sizes)
	}
	for i, id := range ids {
		var nf *loader.NotFoundError
		switch {
		case i%10 == 9:
			if !errors.As(errs[i], &nf) || nf.ID != id {
				t.Fatalf("key %d: error %v, want not found", i, errs[i])
			}
		case errs[i] != nil || got[i] != "receipt "+id.String():
			t.Fatalf("key %d: %q, %v", i, got[i], errs[i])
		}
	}
}

func TestFetchErrorReachesEveryCaller(t *testing.T) {
	boom := errors.New("database down")
	l := loader.New(&fakeSource{err: boom})
	thunks := []func() (string, error){l.Receipt.Load(t.Context(), uuid.New()), l.Receipt.Load(t.Context(), uuid.New())}
	for _, th := range thunks {
		if _, err := th(); !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
	}
}

// TestMiddlewareGivesEachRequestItsOwnLoaders: nothing cached in one request
// is visible to the next.
func TestMiddlewareGivesEachRequestItsOwnLoaders(t *testing.T) {
	src := &fakeSource{}
	id := uuid.New()
	var seen []*loader.Loaders
	h := loader.Middleware(src, 0)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		l := loader.For(r.Context())
		if l == nil {
			t.Fatal("no loaders in the request context")
		}
		if _, err := l.Receipt.Load(r.Context(), id)(); err != nil {
			t.Fatal(err)
		}
		seen = append(seen, l)
	}))
	for range 2 {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	}
	if seen[0] == seen[1] || src.calls.Load() != 2 {
		t.Fatalf("loaders shared between requests (fetches %d)", src.calls.Load())
	}
	if loader.For(context.Background()) != nil {
		t.Fatal("For outside a request should be nil")
	}
}

func TestWebsocketsGetNoLoaders(t *testing.T) {
	var got *loader.Loaders
	h := loader.Middleware(&fakeSource{}, 0)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		got = loader.For(r.Context())
	}))
	req := httptest.NewRequest(http.MethodGet, "/graphql", nil)
	req.Header.Set("Upgrade", "websocket")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if got != nil {
		t.Fatal("a websocket got a request-scoped cache that would outlive its data")
	}
}
