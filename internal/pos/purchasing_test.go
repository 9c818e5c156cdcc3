package pos

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/purchaseorder"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

var allPOStatuses = []purchaseorder.Status{
	purchaseorder.StatusPENDING, purchaseorder.StatusSHIPPED, purchaseorder.StatusDELIVERED, purchaseorder.StatusCANCELLED,
}

// legalPO lists, by hand, the only moves the state machine allows.
var legalPO = map[[2]purchaseorder.Status]bool{
	{purchaseorder.StatusPENDING, purchaseorder.StatusSHIPPED}:   true,
	{purchaseorder.StatusPENDING, purchaseorder.StatusCANCELLED}: true,
	{purchaseorder.StatusSHIPPED, purchaseorder.StatusDELIVERED}: true,
	{purchaseorder.StatusSHIPPED, purchaseorder.StatusCANCELLED}: true,
}

func TestPOTransitionTable(t *testing.T) {
	for _, from := range allPOStatuses {
		for _, to := range allPOStatuses {
			err := checkPOTransition(from, to)
			if legalPO[[2]purchaseorder.Status{from, to}] {
				if err != nil {
					t.Errorf("%s -> %s refused: %v", from, to, err)
				}
				continue
			}
			pe := store.AsFault(err)
			if pe == nil || pe.Code != fault.CodeBadInput || !strings.Contains(pe.Message, "is "+from.String()) {
				t.Errorf("%s -> %s: got %v, want BAD_USER_INPUT naming %s", from, to, err, from)
			}
		}
	}
	if err := checkPOTransition(purchaseorder.StatusPENDING, "LOST"); codeOf(err) != fault.CodeBadInput {
		t.Errorf("unknown status: %v", err)
	}
}

func newSupplier(t *testing.T, s *Service) *ent.Supplier {
	t.Helper()
	sup, err := s.client.Supplier.Create().SetName("Acme Wholesale").Save(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return sup
}

// pathTo drives a new purchase order into status via legal moves.
func pathTo(status purchaseorder.Status) []purchaseorder.Status {
	switch status {
	case purchaseorder.StatusSHIPPED:
		return []purchaseorder.Status{purchaseorder.StatusSHIPPED}
	case purchaseorder.StatusDELIVERED:
		return []purchaseorder.Status{purchaseorder.StatusSHIPPED, purchaseorder.StatusDELIVERED}
	case purchaseorder.StatusCANCELLED:
		return []purchaseorder.Status{purchaseorder.StatusCANCELLED}
	}
	return nil
}

func TestPurchaseOrderStateMachine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := New(db.Client)
		sup := newSupplier(t, s)
		p := newProduct(t, s, 0, 0, "1.00")
		newPO := func() *ent.PurchaseOrder {
			po, err := s.Stock().CreatePurchaseOrder(ctx, PurchaseOrderInput{SupplierID: sup.ID, Lines: []PurchaseOrderLineInput{{ProductID: p.ID, Quantity: 1, UnitCost: money.MustParse("1.00")}}})
			if err != nil {
				t.Fatal(err)
			}
			return po
		}
		for _, from := range allPOStatuses {
			for _, to := range allPOStatuses {
				po := newPO()
				for _, st := range pathTo(from) {
					if _, err := s.Stock().UpdatePurchaseOrderStatus(ctx, po.ID, st); err != nil {
						t.Fatalf("setting up %s: %v", from, err)
					}
				}
				before := onHand(t, s, p.ID)
				got, err := s.Stock().UpdatePurchaseOrderStatus(ctx, po.ID, to)
				if legalPO[[2]purchaseorder.Status{from, to}] {
					if err != nil || got.Status != to {
						t.Errorf("%s -> %s: %v", from, to, err)
					}
					continue
				}
				pe := store.AsFault(err)
				if pe == nil || pe.Code != fault.CodeBadInput || !strings.Contains(pe.Message, from.String()) {
					t.Errorf("%s -> %s: got %v, want BAD_USER_INPUT naming %s", from, to, err, from)
				}
				cur, _ := s.client.PurchaseOrder.Get(ctx, po.ID)
				if cur.Status != from || onHand(t, s, p.ID) != before {
					t.Errorf("%s -> %s refused but status is %s and stock moved", from, to, cur.Status)
				}
			}
		}
		// Timestamps follow the moves.
		po := newPO()
		po, _ = s.Stock().UpdatePurchaseOrderStatus(ctx, po.ID, purchaseorder.StatusSHIPPED)
		po, _ = s.Stock().UpdatePurchaseOrderStatus(ctx, po.ID, purchaseorder.StatusCANCELLED)
		if po.ShippedAt == nil || po.CancelledAt == nil || po.DeliveredAt != nil {
			t.Errorf("timestamps: %+v", po)
		}
		if _, err := s.Stock().UpdatePurchaseOrderStatus(ctx, uuid.New(), purchaseorder.StatusSHIPPED); codeOf(err) != fault.CodeNotFound {
			t.Errorf("unknown order: %v", err)
		}
		checkLedger(t, s, p.ID)
	})
}

func TestPurchaseOrderCreateEditDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := New(db.Client)
		sup := newSupplier(t, s)
		a := newProduct(t, s, 0, 0, "1.00")
		b := newProduct(t, s, 0, 0, "1.00")
		po, err := s.Stock().CreatePurchaseOrder(ctx, PurchaseOrderInput{SupplierID: sup.ID, Notes: "rush", Lines: []PurchaseOrderLineInput{
			{ProductID: a.ID, Quantity: 3, UnitCost: money.MustParse("2.50")},
			{ProductID: b.ID, Quantity: 10, UnitCost: money.MustParse("0.99")},
		}})
		if err != nil {
			t.Fatal(err)
		}
		// 3*2.50 + 10*0.99 = 7.50 + 9.90 = 17.40
		if po.TotalCost.String() != "17.40" || po.Status != purchaseorder.StatusPENDING {
			t.Fatalf("po = %s %s", po.TotalCost, po.Status)
		}
		if n, _ := po.QueryLines().Count(ctx); n != 2 {
			t.Fatalf("%d lines", n)
		}
		po, err = s.Stock().UpdatePurchaseOrder(ctx, po.ID, PurchaseOrderChanges{Notes: ptr("not so rush"), Lines: []PurchaseOrderLineInput{{ProductID: a.ID, Quantity: 4, UnitCost: money.MustParse("2.25")}}})
		if err != nil {
			t.Fatal(err)
		}
		if po.TotalCost.String() != "9.00" || po.Notes != "not so rush" {
			t.Fatalf("after edit: %s %q", po.TotalCost, po.Notes)
		}
		if n, _ := po.QueryLines().Count(ctx); n != 1 {
			t.Fatalf("%d lines after edit", n)
		}

		bad := []struct {
			name string
			in   PurchaseOrderInput
			code fault.Code
		}{
			{"no lines", PurchaseOrderInput{SupplierID: sup.ID}, fault.CodeBadInput},
			{"zero quantity", PurchaseOrderInput{SupplierID: sup.ID, Lines: []PurchaseOrderLineInput{{ProductID: a.ID, Quantity: 0}}}, fault.CodeBadInput},
			{"negative cost", PurchaseOrderInput{SupplierID: sup.ID, Lines: []PurchaseOrderLineInput{{ProductID: a.ID, Quantity: 1, UnitCost: -1}}}, fault.CodeBadInput},
			{"overflowing total", PurchaseOrderInput{SupplierID: sup.ID, Lines: []PurchaseOrderLineInput{{ProductID: a.ID, Quantity: MaxStockChange, UnitCost: money.Max}}}, fault.CodeBadInput},
			{"unknown product", PurchaseOrderInput{SupplierID: sup.ID, Lines: []PurchaseOrderLineInput{{ProductID: uuid.New(), Quantity: 1}}}, fault.CodeNotFound},
			{"unknown supplier", PurchaseOrderInput{SupplierID: uuid.New(), Lines: []PurchaseOrderLineInput{{ProductID: a.ID, Quantity: 1}}}, fault.CodeNotFound},
		}
		for _, c := range bad {
			if _, err := s.Stock().CreatePurchaseOrder(ctx, c.in); codeOf(err) != c.code {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
		}

		// Once shipped, neither editing nor deleting is allowed, and the error names the state.
		if _, err := s.Stock().UpdatePurchaseOrderStatus(ctx, po.ID, purchaseorder.StatusSHIPPED); err != nil {
			t.Fatal(err)
		}
		_, err = s.Stock().UpdatePurchaseOrder(ctx, po.ID, PurchaseOrderChanges{Notes: ptr("x")})
		if pe := store.AsFault(err); pe == nil || pe.Code != fault.CodeBadInput || !strings.Contains(pe.Message, "SHIPPED") {
			t.Errorf("edit shipped: %v", err)
		}
		err = s.Stock().DeletePurchaseOrder(ctx, po.ID)
		if pe := store.AsFault(err); pe == nil || pe.Code != fault.CodeBadInput || !strings.Contains(pe.Message, "SHIPPED") {
			t.Errorf("delete shipped: %v", err)
		}
		// A PENDING one deletes, lines and all.
		other, err := s.Stock().CreatePurchaseOrder(ctx, PurchaseOrderInput{SupplierID: sup.ID, Lines: []PurchaseOrderLineInput{{ProductID: b.ID, Quantity: 1, UnitCost: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Stock().DeletePurchaseOrder(ctx, other.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Stock().DeletePurchaseOrder(ctx, other.ID); codeOf(err) != fault.CodeNotFound {
			t.Errorf("delete twice: %v", err)
		}
	})
}

func TestPurchaseOrderDeliveredExactlyOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := New(db.Client)
		sup := newSupplier(t, s)
		a := newProduct(t, s, 10, 0, "2.00")
		b := newProduct(t, s, 0, 0, "5.00")
		po, err := s.Stock().CreatePurchaseOrder(ctx, PurchaseOrderInput{SupplierID: sup.ID, Lines: []PurchaseOrderLineInput{
			{ProductID: a.ID, Quantity: 5, UnitCost: money.MustParse("3.00")},
			{ProductID: b.ID, Quantity: 4, UnitCost: money.MustParse("4.00")},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Stock().UpdatePurchaseOrderStatus(ctx, po.ID, purchaseorder.StatusSHIPPED); err != nil {
			t.Fatal(err)
		}
		const callers = 10
		var wg sync.WaitGroup
		errs := make([]error, callers)
		start := make(chan struct{})
		for i := 0; i < callers; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				_, errs[i] = s.Stock().UpdatePurchaseOrderStatus(ctx, po.ID, purchaseorder.StatusDELIVERED)
			}(i)
		}
		close(start)
		wg.Wait()
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
				continue
			}
			pe := store.AsFault(err)
			if pe == nil || pe.Code != fault.CodeBadInput || !strings.Contains(pe.Message, "DELIVERED") {
				t.Errorf("loser error: %v", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d callers delivered the order, want exactly 1", won)
		}
		moves, err := s.client.StockMovement.Query().Where(stockmovement.Reference(po.ID.String())).All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(moves) != 2 {
			t.Fatalf("%d receipt movements, want 2", len(moves))
		}
		for _, m := range moves {
			if m.Kind != stockmovement.KindPURCHASE_RECEIPT {
				t.Errorf("movement kind %s", m.Kind)
			}
		}
		if q := checkLedger(t, s, a.ID); q != 15 {
			t.Errorf("a on hand %d, want 15", q)
		}
		if q := checkLedger(t, s, b.ID); q != 4 {
			t.Errorf("b on hand %d, want 4", q)
		}
		// Costs: a (10*2.00 + 5*3.00)/15 = 2.33; b had none on hand, so 4.00.
		ga, _ := s.client.Product.Get(ctx, a.ID)
		gb, _ := s.client.Product.Get(ctx, b.ID)
		if ga.Cost.String() != "2.33" || gb.Cost.String() != "4.00" {
			t.Errorf("costs %s and %s, want 2.33 and 4.00", ga.Cost, gb.Cost)
		}
		// Delivered is final: cancelling fails.
		_, err = s.Stock().UpdatePurchaseOrderStatus(ctx, po.ID, purchaseorder.StatusCANCELLED)
		if pe := store.AsFault(err); pe == nil || !strings.Contains(pe.Message, "DELIVERED") {
			t.Errorf("cancel delivered: %v", err)
		}
		var ise *InsufficientStockError
		if errors.As(err, &ise) {
			t.Errorf("unexpected stock error")
		}
	})
}

// BenchmarkPurchaseOrderReceipt measures creating a 5-line purchase order and
// taking it through SHIPPED to DELIVERED (5 receipts with cost updates).
func BenchmarkPurchaseOrderReceipt(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(d, func(b *testing.B) {
			s := New(storetest.Open(b, d).Client)
			ctx := context.Background()
			sup, err := s.client.Supplier.Create().SetName("bench").Save(ctx)
			if err != nil {
				b.Fatal(err)
			}
			var lines []PurchaseOrderLineInput
			for i := 0; i < 5; i++ {
				price := money.MustParse("2.00")
				p, err := s.Catalogue().CreateProduct(ctx, CreateProductRequest{Name: "bench", Sku: "BENCH-" + string(rune('A'+i)), Price: &price, Cost: &price}, StockInput{})
				if err != nil {
					b.Fatal(err)
				}
				lines = append(lines, PurchaseOrderLineInput{ProductID: p.ID, Quantity: 3, UnitCost: money.MustParse("1.75")})
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				po, err := s.Stock().CreatePurchaseOrder(ctx, PurchaseOrderInput{SupplierID: sup.ID, Lines: lines})
				if err != nil {
					b.Fatal(err)
				}
				for _, st := range []purchaseorder.Status{purchaseorder.StatusSHIPPED, purchaseorder.StatusDELIVERED} {
					if _, err := s.Stock().UpdatePurchaseOrderStatus(ctx, po.ID, st); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
