package pos

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/purchaseorder"
	"github.com/pandac/pandac/ent/saleitem"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestLedgerPropertyRandomOperations runs a seeded random mix of checkouts,
// voids, refunds, restocks, adjustments and purchase receipts, and checks
// after every step that each product's on-hand stock equals the sum of its
// movements and is never negative.
func TestLedgerPropertyRandomOperations(t *testing.T) {
	const steps = 300
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		s, ctx := sh.s, sh.ctx
		rng := rand.New(rand.NewPCG(20261127, 4))
		sup := newSupplier(t, s)
		var products []*ent.Product
		for i := 0; i < 4; i++ {
			products = append(products, sh.product(fmt.Sprintf("prop-%d", i), "3.00", int64(5+5*i)))
		}
		const reorderLevel = 6
		for _, p := range products {
			if _, err := s.Stock().SetReorderLevel(ctx, p.ID, reorderLevel); err != nil {
				t.Fatal(err)
			}
		}
		pick := func() uuid.UUID { return products[rng.IntN(len(products))].ID }
		var sales []uuid.UUID
		counts := map[string]int{}
		// expect fails the test unless err is nil or one of the codes a
		// legitimate refusal would carry.
		expect := func(step int, op string, err error, allowed ...fault.Code) {
			t.Helper()
			c := codeOf(err)
			if c == succeeded {
				counts[op]++
				return
			}
			for _, a := range allowed {
				if c == a {
					counts[op+" refused"]++
					return
				}
			}
			t.Fatalf("step %d %s: %v (%s)", step, op, err, c)
		}
		for step := 0; step < steps; step++ {
			switch r := rng.IntN(100); {
			case r < 35:
				var items []ItemInput
				for n := 1 + rng.IntN(3); n > 0; n-- {
					items = append(items, ItemInput{ProductID: pick(), Quantity: 1 + rng.Int64N(4)})
				}
				sl, err := s.Selling().Checkout(ctx, CheckoutInput{IdempotencyKey: fmt.Sprintf("prop-%d", step), Items: items,
					Payments: []PaymentInput{{Method: payment.MethodCASH, Amount: money.MustParse("1000.00")}}})
				expect(step, "checkout", err, fault.CodeInsufficientStock)
				if err == nil {
					sales = append(sales, sl.ID)
				}
			case r < 45 && len(sales) > 0:
				_, err := s.Selling().VoidSale(ctx, sales[rng.IntN(len(sales))], "property test")
				expect(step, "void", err, fault.CodeBadInput)
			case r < 58 && len(sales) > 0:
				id := sales[rng.IntN(len(sales))]
				lines, err := db.Client.SaleItem.Query().Where(saleitem.SaleID(id)).All(ctx)
				if err != nil {
					t.Fatal(err)
				}
				l := lines[rng.IntN(len(lines))]
				restock := rng.IntN(4) != 0
				_, err = s.Selling().RefundSale(ctx, RefundInput{SaleID: id, IdempotencyKey: fmt.Sprintf("prop-refund-%d", step), Restock: &restock,
					Items: []RefundItemInput{{SaleItemID: l.ID, Quantity: 1 + rng.Int64N(l.Quantity)}}, Reason: "property test"})
				expect(step, "refund", err, fault.CodeBadInput)
			case r < 68:
				_, err := s.Stock().RestockProduct(ctx, RestockInput{ProductID: pick(), Quantity: 1 + rng.Int64N(8), UnitCost: ptr(money.FromMinor(100 + rng.Int64N(300)))})
				expect(step, "restock", err)
			case r < 85:
				delta := rng.Int64N(13) - 8
				if delta == 0 {
					delta = 1
				}
				_, err := s.Stock().AdjustStock(ctx, AdjustStockInput{ProductID: pick(), Delta: delta, Reason: "property test"})
				expect(step, "adjust", err, fault.CodeInsufficientStock)
			default:
				po, err := s.Stock().CreatePurchaseOrder(ctx, PurchaseOrderInput{SupplierID: sup.ID, Lines: []PurchaseOrderLineInput{
					{ProductID: pick(), Quantity: 1 + rng.Int64N(10), UnitCost: money.FromMinor(50 + rng.Int64N(400))},
					{ProductID: pick(), Quantity: 1 + rng.Int64N(10), UnitCost: money.FromMinor(50 + rng.Int64N(400))},
				}})
				expect(step, "purchase order", err)
				final := purchaseorder.StatusDELIVERED
				if rng.IntN(5) == 0 {
					final = purchaseorder.StatusCANCELLED
				}
				for _, st := range []purchaseorder.Status{purchaseorder.StatusSHIPPED, final} {
					_, err := s.Stock().UpdatePurchaseOrderStatus(ctx, po.ID, st)
					expect(step, "purchase order "+st.String(), err)
				}
			}
			for _, p := range products {
				checkLedger(t, s, p.ID)
			}
		}
		// Replaying each product's ledger, a LOW_STOCK notification is due
		// each time stock goes from above the level to at or below it (the
		// level was set after the initial stock, which counts as a crossing).
		for _, p := range products {
			moves, err := db.Client.StockMovement.Query().Where(stockmovement.ProductID(p.ID)).Order(ent.Asc(stockmovement.FieldID)).All(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want, low := 0, false
			for _, m := range moves {
				switch {
				case m.QuantityAfter <= reorderLevel && !low:
					want, low = want+1, true
				case m.QuantityAfter > reorderLevel:
					low = false
				}
			}
			if got := lowStockCount(t, s, p.ID); got != want {
				t.Errorf("product %s: %d low-stock notifications, ledger replay says %d", p.Name, got, want)
			}
			counts["low-stock notifications"] += want
		}
		for _, op := range []string{"checkout", "void", "refund", "restock", "adjust", "purchase order DELIVERED", "checkout refused", "adjust refused"} {
			if counts[op] == 0 {
				t.Errorf("the run never did %q; change the seed or the mix (counts %v)", op, counts)
			}
		}
		t.Logf("%v", counts)
	})
}
