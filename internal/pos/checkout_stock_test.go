package pos

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// One statement takes the stock of every line; a line it could not cover is
// reported with its own product, what was asked and what is left, and the
// other lines keep their stock.
func TestCheckoutShortLineAmongOthers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		a := sh.product("apple", "1.00", 10)
		b := sh.product("banana", "1.00", 1)
		c := sh.product("cherry", "1.00", 10)
		_, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: []ItemInput{
			{ProductID: c.ID, Quantity: 1}, {ProductID: b.ID, Quantity: 3}, {ProductID: a.ID, Quantity: 2}}, Payments: cash("6")})
		var ise *InsufficientStockError
		if !errors.As(err, &ise) || ise.ProductID != b.ID || ise.ProductName != "banana" || ise.Requested != 3 || ise.Available != 1 {
			t.Fatalf("got %v, want banana short: requested 3, available 1", err)
		}
		for p, want := range map[uuid.UUID]int64{a.ID: 10, b.ID: 1, c.ID: 10} {
			if got := sh.ledger(p); got != want {
				t.Errorf("stock of %s = %d after a refused checkout, want %d", p, got, want)
			}
		}
		if n := db.Client.Sale.Query().CountX(sh.ctx); n != 0 {
			t.Errorf("refused checkout left %d sales", n)
		}
		sl, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: []ItemInput{
			{ProductID: c.ID, Quantity: 1}, {ProductID: b.ID, Quantity: 1}, {ProductID: a.ID, Quantity: 2}}, Payments: cash("4")})
		if err != nil {
			t.Fatal(err)
		}
		ms := db.Client.StockMovement.Query().Where(stockmovement.Reference(sl.ID.String())).AllX(sh.ctx)
		after := map[uuid.UUID]int64{}
		for _, m := range ms {
			after[m.ProductID] = m.QuantityAfter
		}
		if len(ms) != 3 || after[a.ID] != 8 || after[b.ID] != 0 || after[c.ID] != 9 {
			t.Fatalf("movements %v, want a 8, b 0, c 9 after", after)
		}
	})
}

// Baskets sharing products, rung up at once, lock their stock rows in the same
// order, so none deadlocks (PostgreSQL would abort one of two transactions
// waiting on each other) and every unit is accounted for.
func TestCheckoutOverlappingBasketsConcurrently(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		var ps []uuid.UUID
		for _, name := range []string{"p1", "p2", "p3", "p4"} {
			ps = append(ps, sh.product(name, "1.00", 1000).ID)
		}
		baskets := [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {1, 3}, {2, 0}, {3, 1, 0}, {0, 2, 3}}
		const rounds = 5
		var wg sync.WaitGroup
		errs := make(chan error, rounds*len(baskets))
		sold := make([]int64, len(ps))
		for r := 0; r < rounds; r++ {
			for _, bk := range baskets {
				var items []ItemInput
				for _, i := range bk {
					items = append(items, ItemInput{ProductID: ps[i], Quantity: int64(i + 1)})
					sold[i] += int64(i + 1)
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: items, Payments: cash("100")}); err != nil {
						errs <- err
					}
				}()
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		for i, p := range ps {
			if got := sh.ledger(p); got != 1000-sold[i] {
				t.Errorf("stock of p%d = %d, want %d", i+1, got, 1000-sold[i])
			}
		}
		if n := db.Client.Sale.Query().Where(sale.StatusEQ(sale.StatusCOMPLETED)).CountX(sh.ctx); n != rounds*len(baskets) {
			t.Errorf("%d completed sales, want %d", n, rounds*len(baskets))
		}
	})
}

// TestCheckoutRefusesWhatTheSchemaRefuses: the columns a caller gives are
// checked by the schema's own validators when the sale and its payments are
// inserted (there is no second copy of them), answer as an insert through
// ent would, and leave stock as it was.
func TestCheckoutRefusesWhatTheSchemaRefuses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		p := sh.product("pen", "1.00", 10)
		item := []ItemInput{{ProductID: p.ID, Quantity: 1}}
		long := strings.Repeat("x", 1001)
		_, entErr := db.Client.Sale.Create().SetNotes(long).Save(sh.ctx)
		_, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Notes: long, Items: item, Payments: cash("1")})
		if got, want := store.AsFault(err), store.AsFault(entErr); got == nil || want == nil || *got != *want {
			t.Errorf("long notes: got %+v, want %+v", got, want)
		}
		// A client's key is stored behind its owner's id, so its own bound
		// is tighter than the column's.
		_, err = sh.s.Selling().Checkout(sh.ctx, CheckoutInput{IdempotencyKey: strings.Repeat("k", maxKeyLen+1), Items: item, Payments: cash("1")})
		if f := store.AsFault(err); f == nil || f.Code != fault.CodeBadInput || f.Field != "idempotencyKey" {
			t.Errorf("long idempotency key: got %+v", err)
		}
		ref := strings.Repeat("r", 101)
		_, entErr = db.Client.Payment.Create().SetMethod(payment.MethodCARD).SetReference(ref).Save(sh.ctx)
		_, err = sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: item,
			Payments: []PaymentInput{{Method: payment.MethodCARD, Amount: money.MustParse("1.00"), Reference: ref}}})
		if got, want := store.AsFault(err), store.AsFault(entErr); got == nil || want == nil || *got != *want {
			t.Errorf("long reference: got %+v, want %+v", got, want)
		}
		if got := sh.ledger(p.ID); got != 10 {
			t.Errorf("stock %d after refused checkouts", got)
		}
	})
}
