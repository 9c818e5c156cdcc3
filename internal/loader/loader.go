// Package loader holds Pandac's per-request dataloaders: GraphQL fields that
// are not ent edges (hand-written field resolvers such as Sale.receipt) would
// otherwise cost one round of queries per row; a loader gathers the keys asked
// for while a list is resolved and fetches them in one batch. Edges need none:
// entgql's field collection eager-loads them.
//
// A field served by a loader carries @batched in the schema: lists resolve
// their elements one after another unless they select such a field
// (internal/gqlexec), and one after another each element would wait out the
// batch window alone.
//
// Loaders are created per request by Middleware (a cache shared between
// requests would serve one user's data to another and never see updates) and
// read by resolvers with For(ctx).
package loader

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/graph-gophers/dataloader/v7"

	"github.com/pandac/pandac/internal/pos"
)

// wait is how long a loader collects keys before it fetches. A list selecting
// a @batched field resolves its elements concurrently, so all of a page's keys
// arrive within microseconds; a short window keeps single-row queries fast.
const wait = time.Millisecond

// maxBatch matches the largest page (graph.MaxPageSize): a full page is one
// batch, fetched as soon as it is complete.
const maxBatch = 250

// Source fetches what the loaders serve, many keys at a time. internal/pos
// implements it, so the rules stay there.
type Source interface {
	// Receipts renders the receipts of the sales, by sale id; ids it cannot
	// find are left out.
	Receipts(ctx context.Context, saleIDs []uuid.UUID) (map[uuid.UUID]string, error)
	// SaleItemCounts counts the units on the sales, by sale id.
	SaleItemCounts(ctx context.Context, saleIDs []uuid.UUID) (map[uuid.UUID]int64, error)
	// StaffMembers returns the staff view of the users, by user id.
	StaffMembers(ctx context.Context, userIDs []uuid.UUID) (map[uuid.UUID]*pos.StaffMember, error)
}

// ServiceSource is the Source over the core's capabilities: receipts are
// the selling side's, item counts a report's and staff members the staff's.
func ServiceSource(s *pos.Service) Source { return serviceSource{s} }

type serviceSource struct{ s *pos.Service }

func (x serviceSource) Receipts(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	return x.s.Selling().Receipts(ctx, ids)
}

func (x serviceSource) SaleItemCounts(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]int64, error) {
	return x.s.Reports().SaleItemCounts(ctx, ids)
}

func (x serviceSource) StaffMembers(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]*pos.StaffMember, error) {
	return x.s.Staff().StaffMembers(ctx, ids)
}

// Loaders are one request's dataloaders.
type Loaders struct {
	// Receipt loads Sale.receipt.
	Receipt *dataloader.Loader[uuid.UUID, string]
	// ItemCount loads Sale.itemCount.
	ItemCount *dataloader.Loader[uuid.UUID, int64]
	// Staff loads Sale.cashier and CashSession.cashier.
	Staff *dataloader.Loader[uuid.UUID, *pos.StaffMember]
}

// New returns fresh loaders reading from src.
func New(src Source) *Loaders { return newLoaders(src, wait) }

// newLoaders is New with the batch window as a parameter, so a test can
// widen it beyond any scheduling delay of a busy machine.
func newLoaders(src Source, wait time.Duration) *Loaders {
	return &Loaders{
		Receipt: dataloader.NewBatchedLoader(byID(src.Receipts, "sale"),
			dataloader.WithWait[uuid.UUID, string](wait),
			dataloader.WithBatchCapacity[uuid.UUID, string](maxBatch)),
		ItemCount: dataloader.NewBatchedLoader(byID(src.SaleItemCounts, "sale"),
			dataloader.WithWait[uuid.UUID, int64](wait),
			dataloader.WithBatchCapacity[uuid.UUID, int64](maxBatch)),
		Staff: dataloader.NewBatchedLoader(byID(src.StaffMembers, "user"),
			dataloader.WithWait[uuid.UUID, *pos.StaffMember](wait),
			dataloader.WithBatchCapacity[uuid.UUID, *pos.StaffMember](maxBatch)),
	}
}

type ctxKey struct{}

// Middleware gives every request its own loaders. A websocket (GraphQL
// subscriptions) lives for hours and its cache would serve stale values to
// later events, so it gets none and its resolvers read directly.
// A positive window replaces the default batch window (1 ms); tests widen it
// so batching does not depend on how busy the machine is.
func Middleware(src Source, window time.Duration) func(http.Handler) http.Handler {
	if window <= 0 {
		window = wait
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
				next.ServeHTTP(w, r)
				return
			}
			next.ServeHTTP(w, r.WithContext(With(r.Context(), newLoaders(src, window))))
		})
	}
}

// With returns ctx carrying l.
func With(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// For returns the request's loaders. Outside Middleware (a test calling a
// resolver directly) it returns nil, and callers fall back to a direct read.
func For(ctx context.Context) *Loaders {
	l, _ := ctx.Value(ctxKey{}).(*Loaders)
	return l
}

// NotFoundError is the error of a key the source did not return.
type NotFoundError struct {
	Kind string
	ID   uuid.UUID
}

func (e *NotFoundError) Error() string { return e.Kind + " " + e.ID.String() + " not found" }

// byID adapts a map-returning fetch to dataloader's ordered results.
func byID[V any](fetch func(context.Context, []uuid.UUID) (map[uuid.UUID]V, error), kind string) dataloader.BatchFunc[uuid.UUID, V] {
	return func(ctx context.Context, keys []uuid.UUID) []*dataloader.Result[V] {
		out := make([]*dataloader.Result[V], len(keys))
		got, err := fetch(ctx, keys)
		for i, k := range keys {
			switch v, ok := got[k]; {
			case err != nil:
				out[i] = &dataloader.Result[V]{Error: err}
			case !ok:
				out[i] = &dataloader.Result[V]{Error: &NotFoundError{Kind: kind, ID: k}}
			default:
				out[i] = &dataloader.Result[V]{Data: v}
			}
		}
		return out
	}
}
