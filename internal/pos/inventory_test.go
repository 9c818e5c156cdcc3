package pos

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/inventory"
	"github.com/pandac/pandac/ent/notification"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// recorder is a Publisher that remembers what it was given.
type recorder struct {
	mu     sync.Mutex
	events []Event
}

func (r *recorder) Publish(_ context.Context, e Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

func (r *recorder) count(kind EventKind) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, e := range r.events {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

var skuSeq struct {
	sync.Mutex
	n int
}

func newProduct(t *testing.T, s *Service, qty, reorder int64, cost string) *ent.Product {
	t.Helper()
	skuSeq.Lock()
	skuSeq.n++
	sku := fmt.Sprintf("SKU-%d", skuSeq.n)
	skuSeq.Unlock()
	price, c := money.MustParse("9.99"), money.MustParse(cost)
	p, err := s.Catalogue().CreateProduct(context.Background(), CreateProductRequest{Name: "Widget " + sku, Sku: sku, Price: &price, Cost: &c},
		StockInput{Quantity: &qty, ReorderLevel: &reorder})
	if err != nil {
		t.Fatalf("create product: %v", err)
	}
	return p
}

func onHand(t *testing.T, s *Service, productID uuid.UUID) int64 {
	t.Helper()
	inv, err := s.client.Inventory.Query().Where(inventory.ProductID(productID)).Only(context.Background())
	if err != nil {
		t.Fatalf("read inventory: %v", err)
	}
	return inv.Quantity
}

// checkLedger asserts on-hand equals the sum of the product's movements and
// that every movement's quantity_after is non-negative.
func checkLedger(t *testing.T, s *Service, productID uuid.UUID) int64 {
	t.Helper()
	ctx := context.Background()
	moves, err := s.client.StockMovement.Query().Where(stockmovement.ProductID(productID)).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, m := range moves {
		sum += m.Delta
		if m.QuantityAfter < 0 {
			t.Fatalf("movement %s left quantity %d", m.ID, m.QuantityAfter)
		}
	}
	q := onHand(t, s, productID)
	if q != sum {
		t.Fatalf("on hand %d != sum of movements %d", q, sum)
	}
	if q < 0 {
		t.Fatalf("negative on hand %d", q)
	}
	return q
}

// succeeded is what codeOf reports for a nil error; no fault.Code has its
// value.
const succeeded fault.Code = math.MaxUint8

// codeOf is the code a port would report for err: succeeded for success and
// fault.CodeInternal for an error no port would explain.
func codeOf(err error) fault.Code {
	if err == nil {
		return succeeded
	}
	var ise *InsufficientStockError
	if errors.As(err, &ise) {
		return fault.CodeInsufficientStock
	}
	if pe := store.AsFault(err); pe != nil {
		return pe.Code
	}
	return fault.CodeInternal
}

func TestRestockAndAdjust(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := New(db.Client)
		p := newProduct(t, s, 5, 0, "2.00")

		m, err := s.Stock().RestockProduct(ctx, RestockInput{ProductID: p.ID, Quantity: 7, Reason: "weekly delivery"})
		if err != nil {
			t.Fatalf("restock: %v", err)
		}
		if m.Kind != stockmovement.KindRESTOCK || m.Delta != 7 || m.QuantityAfter != 12 || m.UnitCost != money.MustParse("2.00") || m.Reason != "weekly delivery" {
			t.Fatalf("restock movement = %+v", m)
		}

		m, err = s.Stock().AdjustStock(ctx, AdjustStockInput{ProductID: p.ID, Delta: -12, Reason: "flood damage"})
		if err != nil {
			t.Fatalf("adjust to zero: %v", err)
		}
		if m.Kind != stockmovement.KindADJUSTMENT || m.QuantityAfter != 0 {
			t.Fatalf("adjust movement = %+v", m)
		}

		_, err = s.Stock().AdjustStock(ctx, AdjustStockInput{ProductID: p.ID, Delta: -1, Reason: "shrinkage"})
		var ise *InsufficientStockError
		if !errors.As(err, &ise) || ise.Available != 0 || ise.Requested != 1 {
			t.Fatalf("adjust below zero: got %v, want insufficient stock with 0 available", err)
		}
		if _, err := s.Stock().RestockProduct(ctx, RestockInput{ProductID: p.ID, Quantity: 3}); err != nil {
			t.Fatal(err)
		}
		_, err = s.Stock().AdjustStock(ctx, AdjustStockInput{ProductID: p.ID, Delta: -4, Reason: "count"})
		if !errors.As(err, &ise) || ise.Available != 3 || !strings.Contains(err.Error(), "available 3") {
			t.Fatalf("adjust 4 of 3: got %v", err)
		}

		bad := []struct {
			name string
			err  error
			code fault.Code
		}{
			{"restock zero", second(s.Stock().RestockProduct(ctx, RestockInput{ProductID: p.ID, Quantity: 0})), fault.CodeBadInput},
			{"restock negative", second(s.Stock().RestockProduct(ctx, RestockInput{ProductID: p.ID, Quantity: -2})), fault.CodeBadInput},
			{"restock negative cost", second(s.Stock().RestockProduct(ctx, RestockInput{ProductID: p.ID, Quantity: 1, UnitCost: ptr(money.MustParse("-1.00"))})), fault.CodeBadInput},
			{"restock unknown product", second(s.Stock().RestockProduct(ctx, RestockInput{ProductID: uuid.New(), Quantity: 1})), fault.CodeNotFound},
			{"adjust without reason", second(s.Stock().AdjustStock(ctx, AdjustStockInput{ProductID: p.ID, Delta: 1, Reason: "  "})), fault.CodeBadInput},
			{"adjust by zero", second(s.Stock().AdjustStock(ctx, AdjustStockInput{ProductID: p.ID, Delta: 0, Reason: "x"})), fault.CodeBadInput},
			{"adjust unknown product", second(s.Stock().AdjustStock(ctx, AdjustStockInput{ProductID: uuid.New(), Delta: 1, Reason: "x"})), fault.CodeNotFound},
		}
		for _, b := range bad {
			if got := codeOf(b.err); got != b.code {
				t.Errorf("%s: code %s (%v), want %s", b.name, got, b.err, b.code)
			}
		}
		if q := checkLedger(t, s, p.ID); q != 3 {
			t.Fatalf("on hand %d, want 3", q)
		}
	})
}

func second[T any](_ T, err error) error { return err }

func ptr[T any](v T) *T { return &v }

func TestConcurrentAdjustmentsNeverGoNegative(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := New(db.Client)
		p := newProduct(t, s, 10, 0, "1.00")
		const workers, each = 8, 6
		var wg sync.WaitGroup
		var mu sync.Mutex
		var ok, short int
		errs := make(chan error, workers*each)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; i < each; i++ {
					delta := int64(-3)
					if (w+i)%4 == 0 {
						delta = 2
					}
					_, err := s.Stock().AdjustStock(ctx, AdjustStockInput{ProductID: p.ID, Delta: delta, Reason: "race"})
					var ise *InsufficientStockError
					mu.Lock()
					switch {
					case err == nil:
						ok++
					case errors.As(err, &ise):
						short++
					default:
						errs <- err
					}
					mu.Unlock()
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("unexpected error: %v", err)
		}
		if short == 0 {
			t.Errorf("expected some adjustments to be refused for lack of stock (ok=%d)", ok)
		}
		q := checkLedger(t, s, p.ID)
		n, err := s.client.StockMovement.Query().Where(stockmovement.ProductID(p.ID), stockmovement.KindEQ(stockmovement.KindADJUSTMENT)).Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != ok {
			t.Fatalf("%d adjustment movements for %d successful adjustments", n, ok)
		}
		t.Logf("%d applied, %d refused, on hand %d", ok, short, q)
	})
}

func lowStockCount(t *testing.T, s *Service, productID uuid.UUID) int {
	t.Helper()
	n, err := s.client.Notification.Query().Where(notification.ProductID(productID), notification.TypeEQ(notification.TypeLOW_STOCK)).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLowStockNotifiesOncePerCrossing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := New(db.Client)
		rec := &recorder{}
		s.SetPublisher(rec)
		p := newProduct(t, s, 10, 5, "1.00")

		// 10 -> 6: still above the level.
		for i := 0; i < 4; i++ {
			if _, err := s.Stock().AdjustStock(ctx, AdjustStockInput{ProductID: p.ID, Delta: -1, Reason: "sold"}); err != nil {
				t.Fatal(err)
			}
		}
		if n := lowStockCount(t, s, p.ID); n != 0 {
			t.Fatalf("%d notifications above the level", n)
		}
		// 6 -> 0: crosses at 5, then keeps falling.
		for i := 0; i < 6; i++ {
			if _, err := s.Stock().AdjustStock(ctx, AdjustStockInput{ProductID: p.ID, Delta: -1, Reason: "sold"}); err != nil {
				t.Fatal(err)
			}
		}
		if n := lowStockCount(t, s, p.ID); n != 1 {
			t.Fatalf("%d notifications after crossing once, want 1", n)
		}
		if n := rec.count(EventStockLow); n != 1 {
			t.Fatalf("%d STOCK_LOW events, want 1", n)
		}
		// A refused movement changes nothing.
		if _, err := s.Stock().AdjustStock(ctx, AdjustStockInput{ProductID: p.ID, Delta: -1, Reason: "sold"}); err == nil {
			t.Fatal("adjusting below zero succeeded")
		}
		// Back to exactly the level: still low, no new alert.
		if _, err := s.Stock().RestockProduct(ctx, RestockInput{ProductID: p.ID, Quantity: 5}); err != nil {
			t.Fatal(err)
		}
		if n := lowStockCount(t, s, p.ID); n != 1 {
			t.Fatalf("%d notifications at the level, want 1", n)
		}
		// Above the level re-arms; falling again alerts a second time.
		if _, err := s.Stock().RestockProduct(ctx, RestockInput{ProductID: p.ID, Quantity: 10}); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 12; i++ {
			if _, err := s.Stock().AdjustStock(ctx, AdjustStockInput{ProductID: p.ID, Delta: -1, Reason: "sold"}); err != nil {
				t.Fatal(err)
			}
		}
		if n := lowStockCount(t, s, p.ID); n != 2 {
			t.Fatalf("%d notifications after crossing twice, want 2", n)
		}
		if n := rec.count(EventStockLow); n != 2 {
			t.Fatalf("%d STOCK_LOW events, want 2", n)
		}
		// Raising the level above the stock on hand also crosses it.
		q := onHand(t, s, p.ID) // 3
		if _, err := s.Stock().RestockProduct(ctx, RestockInput{ProductID: p.ID, Quantity: 10}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Stock().SetReorderLevel(ctx, p.ID, q+20); err != nil {
			t.Fatal(err)
		}
		if n := lowStockCount(t, s, p.ID); n != 3 {
			t.Fatalf("%d notifications after raising the level, want 3", n)
		}
		// Marking it read.
		note, err := s.client.Notification.Query().Where(notification.ProductID(p.ID)).First(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Stock().MarkNotificationRead(ctx, note.ID)
		if err != nil || !got.IsRead {
			t.Fatalf("mark read: %v %+v", err, got)
		}
		if _, err := s.Stock().MarkNotificationRead(ctx, uuid.New()); codeOf(err) != fault.CodeNotFound {
			t.Fatalf("mark unknown read: %v", err)
		}
		checkLedger(t, s, p.ID)
	})
}

func TestLowStockConcurrentSalesNotifyOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := New(db.Client)
		rec := &recorder{}
		s.SetPublisher(rec)
		p := newProduct(t, s, 20, 10, "1.00")
		var wg sync.WaitGroup
		for i := 0; i < 15; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.Stock().AdjustStock(ctx, AdjustStockInput{ProductID: p.ID, Delta: -1, Reason: "sold"}); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if n := lowStockCount(t, s, p.ID); n != 1 {
			t.Fatalf("%d notifications, want 1", n)
		}
		if n := rec.count(EventStockLow); n != 1 {
			t.Fatalf("%d events, want 1", n)
		}
		if q := checkLedger(t, s, p.ID); q != 5 {
			t.Fatalf("on hand %d, want 5", q)
		}
	})
}

func TestWeightedAverageCost(t *testing.T) {
	cases := []struct {
		onHand   int64
		cost     string
		qty      int64
		unitCost string
		want     string
	}{
		// (10*2.00 + 5*3.00) / 15 = 35.00/15 = 2.3333 -> 2.33
		{10, "2.00", 5, "3.00", "2.33"},
		// (4*1.00 + 4*2.00) / 8 = 1.50 exactly
		{4, "1.00", 4, "2.00", "1.50"},
		// nothing on hand: the new unit cost
		{0, "7.00", 3, "4.25", "4.25"},
		// (1*0.01 + 1*0.02) / 2 = 1.5 cents -> 2 (half to even)
		{1, "0.01", 1, "0.02", "0.02"},
		// (1*0.02 + 1*0.03) / 2 = 2.5 cents -> 2 (half to even)
		{1, "0.02", 1, "0.03", "0.02"},
		// (2*0.05 + 1*0.06) / 3 = 5.333 cents -> 5
		{2, "0.05", 1, "0.06", "0.05"},
		// (1*0.05 + 2*0.06) / 3 = 5.667 cents -> 6
		{1, "0.05", 2, "0.06", "0.06"},
		// huge amounts do not overflow: (1e9*1e15 + 1e9*1e15)/2e9
		{1_000_000_000, "10000000000000.00", 1_000_000_000, "10000000000000.00", "10000000000000.00"},
	}
	for _, c := range cases {
		got := weightedAverageCost(c.onHand, money.MustParse(c.cost), c.qty, money.MustParse(c.unitCost))
		if got.String() != c.want {
			t.Errorf("WAC(%d@%s + %d@%s) = %s, want %s", c.onHand, c.cost, c.qty, c.unitCost, got, c.want)
		}
	}
}

func TestRestockUpdatesWeightedAverageCost(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := New(db.Client)
		p := newProduct(t, s, 10, 0, "2.00")
		// (10*2.00 + 5*3.00)/15 = 2.33
		if _, err := s.Stock().RestockProduct(ctx, RestockInput{ProductID: p.ID, Quantity: 5, UnitCost: ptr(money.MustParse("3.00"))}); err != nil {
			t.Fatal(err)
		}
		got, err := s.client.Product.Get(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Cost.String() != "2.33" || got.Version != p.Version+1 {
			t.Fatalf("cost %s version %d, want 2.33 and %d", got.Cost, got.Version, p.Version+1)
		}
		// No unit cost: the current cost is recorded and stays.
		m, err := s.Stock().RestockProduct(ctx, RestockInput{ProductID: p.ID, Quantity: 5})
		if err != nil {
			t.Fatal(err)
		}
		got, _ = s.client.Product.Get(ctx, p.ID)
		if m.UnitCost.String() != "2.33" || got.Cost.String() != "2.33" {
			t.Fatalf("movement cost %s, product cost %s, want 2.33", m.UnitCost, got.Cost)
		}
	})
}

// BenchmarkStockMovements measures one restock or adjustment: a transaction
// with the conditional update, the ledger row and the low-stock check.
func BenchmarkStockMovements(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(d, func(b *testing.B) {
			s := New(storetest.Open(b, d).Client)
			ctx := context.Background()
			price := money.MustParse("1.00")
			qty, level := int64(1_000_000), int64(10)
			p, err := s.Catalogue().CreateProduct(ctx, CreateProductRequest{Name: "bench", Sku: "BENCH", Price: &price, Cost: &price}, StockInput{Quantity: &qty, ReorderLevel: &level})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%2 == 0 {
					_, err = s.Stock().AdjustStock(ctx, AdjustStockInput{ProductID: p.ID, Delta: -1, Reason: "bench"})
				} else {
					_, err = s.Stock().RestockProduct(ctx, RestockInput{ProductID: p.ID, Quantity: 1, UnitCost: &price})
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
