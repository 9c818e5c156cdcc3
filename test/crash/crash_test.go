//go:build crash

package crash

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/inventory"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
)

const (
	products     = 6
	initialStock = 1_000_000
	workers      = 8
	loadFor      = 6 * time.Second
	// minAcked is the fewest acknowledged sales that make a run meaningful;
	// SQLite with synchronous=FULL commits a few dozen a second on a busy disk.
	minAcked = 20
)

// ack is a sale the server acknowledged, with what the client asked for.
type ack struct {
	id    uuid.UUID
	items map[uuid.UUID]int64
}

// TestKillDuringCheckouts drives checkouts at full speed, SIGKILLs the server
// mid-load, restarts it and checks that nothing acknowledged was lost and
// nothing half-written exists, on SQLite and PostgreSQL.
func TestKillDuringCheckouts(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) { crashOnce(t, dialect) })
	}
}

func crashOnce(t *testing.T, dialect string) {
	url := databaseURL(t, dialect)
	port := freePort(t)
	srv := startServer(t, url, port)
	c := login(t, srv.URL)

	productIDs := make([]uuid.UUID, products)
	for i := range productIDs {
		var out struct {
			CreateProduct struct{ ID uuid.UUID } `json:"createProduct"`
		}
		c.must(t, `mutation($in: CreateProductInput!, $q: Int!) { createProduct(input: $in, stock: {quantity: $q}) { id } }`,
			map[string]any{"in": map[string]any{"name": fmt.Sprintf("Crash %d", i), "sku": fmt.Sprintf("CRASH-%d", i), "price": "2.35"}, "q": initialStock},
			&out)
		productIDs[i] = out.CreateProduct.ID
	}

	var (
		mu      sync.Mutex
		acked   []ack
		sent    atomic.Int64
		failed  atomic.Int64
		stop    atomic.Bool
		wg      sync.WaitGroup
		refused = map[string]int{}
	)
	const checkout = `mutation($in: CheckoutInput!) { checkout(input: $in) { id status } }`
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 7))
			for !stop.Load() {
				want := map[uuid.UUID]int64{}
				var items []map[string]any
				for _, k := range rng.Perm(products)[:1+rng.IntN(3)] {
					q := int64(1 + rng.IntN(3))
					want[productIDs[k]] = q
					items = append(items, map[string]any{"productId": productIDs[k], "quantity": q})
				}
				in := map[string]any{
					"idempotencyKey": uuid.NewString(),
					"items":          items,
					"payments":       []map[string]any{{"method": "CASH", "amount": "1000.00"}},
				}
				var out struct {
					Checkout struct {
						ID     uuid.UUID
						Status string
					}
				}
				sent.Add(1)
				errs, err := c.do(context.Background(), checkout, map[string]any{"in": in}, &out)
				switch {
				case err != nil:
					failed.Add(1) // the connection died with the server: unknown outcome
				case errs != nil:
					mu.Lock()
					refused[errs[0].Message]++
					mu.Unlock()
				case out.Checkout.Status == "COMPLETED":
					mu.Lock()
					acked = append(acked, ack{id: out.Checkout.ID, items: want})
					mu.Unlock()
				}
			}
		}(uint64(w))
	}
	time.Sleep(loadFor)
	_ = srv.kill(t, syscall.SIGKILL, 10*time.Second)
	stop.Store(true)
	wg.Wait()
	if len(refused) > 0 {
		t.Errorf("checkouts refused while the server was up: %v", refused)
	}

	// Restart on the same database; it must come up and sell again.
	srv2 := startServer(t, url, freePort(t))
	c2 := login(t, srv2.URL)
	var after struct {
		Checkout struct {
			ID     uuid.UUID
			Status string
		}
	}
	c2.must(t, checkout, map[string]any{"in": map[string]any{
		"idempotencyKey": uuid.NewString(),
		"items":          []map[string]any{{"productId": productIDs[0], "quantity": 1}},
		"payments":       []map[string]any{{"method": "CASH", "amount": "1000.00"}},
	}}, &after)
	acked = append(acked, ack{id: after.Checkout.ID, items: map[uuid.UUID]int64{productIDs[0]: 1}})
	if err := srv2.kill(t, syscall.SIGTERM, 30*time.Second); err != nil {
		t.Errorf("SIGTERM exit: %v", err)
	}

	db, err := store.Open(url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	found, mismatches, total := verify(t, db.Client, acked, productIDs)
	t.Logf("crash[%s]: requests sent=%d, connection errors at kill=%d, sales acknowledged=%d, found after restart=%d, sales in database=%d, mismatches=%d",
		dialect, sent.Load(), failed.Load(), len(acked), found, total, mismatches)
	fmt.Printf("crash[%s]: sales acknowledged=%d found after restart=%d mismatches=%d (sales in database=%d)\n",
		dialect, len(acked), found, mismatches, total)
	if len(acked) < minAcked {
		t.Errorf("only %d sales acknowledged in %v; the load was too light to prove anything", len(acked), loadFor)
	}
	if found != len(acked) || mismatches != 0 {
		t.Errorf("lost or broken sales: acknowledged %d, found %d, mismatches %d", len(acked), found, mismatches)
	}
}

// verify checks every acknowledged sale, every sale in the database and every
// product's stock. It returns how many acknowledged sales were found intact,
// the number of broken invariants, and the number of sales stored.
func verify(t *testing.T, c *ent.Client, acked []ack, productIDs []uuid.UUID) (found, mismatches, total int) {
	ctx := context.Background()
	bad := func(format string, args ...any) {
		mismatches++
		if mismatches <= 20 {
			t.Errorf(format, args...)
		}
	}
	sales, err := c.Sale.Query().WithItems().WithPayments().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	total = len(sales)
	byID := map[uuid.UUID]*ent.Sale{}
	sold := map[uuid.UUID]int64{}
	for _, s := range sales {
		byID[s.ID] = s
		if s.Status != sale.StatusCOMPLETED {
			bad("sale %s is %s: checkout must complete or leave nothing", s.ID, s.Status)
		}
		if len(s.Edges.Items) == 0 || len(s.Edges.Payments) == 0 {
			bad("sale %s has %d lines and %d payments", s.ID, len(s.Edges.Items), len(s.Edges.Payments))
		}
		var lines, paid money.Amount
		for _, it := range s.Edges.Items {
			lines += it.Subtotal + it.TaxTotal
			sold[it.ProductID] += it.Quantity - it.RefundedQuantity
		}
		for _, p := range s.Edges.Payments {
			if p.Kind == payment.KindSALE {
				paid += p.Amount
			}
		}
		if lines != s.Total || paid != s.Total || s.PaidTotal != s.Total {
			bad("sale %s: total %s, lines %s, payments %s, paid_total %s", s.ID, s.Total, lines, paid, s.PaidTotal)
		}
	}
	for _, a := range acked {
		s, ok := byID[a.id]
		if !ok {
			bad("acknowledged sale %s is missing after the crash", a.id)
			continue
		}
		got := map[uuid.UUID]int64{}
		for _, it := range s.Edges.Items {
			got[it.ProductID] += it.Quantity
		}
		same := len(got) == len(a.items)
		for p, q := range a.items {
			same = same && got[p] == q
		}
		if !same {
			bad("acknowledged sale %s has lines %v, client asked for %v", a.id, got, a.items)
			continue
		}
		found++
	}
	for _, p := range productIDs {
		inv, err := c.Inventory.Query().Where(inventory.ProductID(p)).Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var sum struct{ Sum int64 }
		var sums []struct {
			Sum int64 `json:"sum"`
		}
		if err := c.StockMovement.Query().Where(stockmovement.ProductID(p)).
			Aggregate(ent.Sum(stockmovement.FieldDelta)).Scan(ctx, &sums); err != nil {
			t.Fatal(err)
		}
		if len(sums) == 1 {
			sum.Sum = sums[0].Sum
		}
		if want := initialStock - sold[p]; inv.Quantity != want || sum.Sum != inv.Quantity {
			bad("product %s: on hand %d, initial - sold = %d, sum of movements %d", p, inv.Quantity, want, sum.Sum)
		}
	}
	return found, mismatches, total
}
