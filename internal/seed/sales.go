package seed

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/pos"
)

// plannedSale is a sale worked out in memory before any row is written.
type plannedSale struct {
	at       time.Time
	customer *uuid.UUID
	cashier  uuid.UUID
	products []int // index into gen.products, one per line
	lines    []pos.QuoteLine
	priced   pos.Totals
	status   sale.Status
	// undoneAt is when the sale was voided or (partly) refunded.
	undoneAt time.Time
	// refunded marks the lines given back (all of them for a void or a full refund).
	refunded []bool
	payments []plannedPayment
}

type plannedPayment struct {
	method   payment.Method
	amount   money.Amount
	tendered money.Amount
}

// movement is one ledger entry before it is written; saleIdx links it to its
// sale (-1 for initial stock).
type movement struct {
	at      time.Time
	product int
	delta   int64
	kind    stockmovement.Kind
	saleIdx int
}

var paymentMix = []struct {
	method payment.Method
	weight int
}{
	{payment.MethodCARD, 45}, {payment.MethodCASH, 35}, {payment.MethodDIGITAL_WALLET, 15},
	{payment.MethodBANK_TRANSFER, 3}, {payment.MethodCHECK, 2},
}

func (g *gen) method() payment.Method {
	n := g.rng.IntN(100)
	for _, m := range paymentMix {
		if n < m.weight {
			return m.method
		}
		n -= m.weight
	}
	return payment.MethodCARD
}

// salesRows plans every sale against a running stock count, so no sale takes
// more than is on hand, then writes sales, lines, payments, the stock ledger
// and the inventory rows it adds up to.
func (g *gen) salesRows(ctx context.Context, tx *ent.Tx) error {
	n := len(g.products)
	if n == 0 {
		return nil
	}
	start := time.Now()
	stock := make([]int64, n)
	reorder := make([]int64, n)
	for i := range stock {
		stock[i] = 40 + g.rng.Int64N(400)
		reorder[i] = 5 + g.rng.Int64N(20)
		if g.rng.IntN(100) < 3 { // a few products run low, for the low-stock report
			stock[i] = 3 + g.rng.Int64N(10)
		}
	}
	// Returned units only go back on sale after the whole plan: a refund dated
	// next week must not stock a sale planned for tomorrow.
	returned := make([]int64, n)
	initialAt := g.now.AddDate(0, 0, -g.opts.Days-1)
	moves := make([]movement, 0, n+g.opts.Sales*4)
	for i := range stock {
		moves = append(moves, movement{at: initialAt, product: i, delta: stock[i], kind: stockmovement.KindINITIAL, saleIdx: -1})
	}

	// Sale times, spread over the period during opening hours, oldest first.
	span := time.Duration(g.opts.Days) * 24 * time.Hour
	times := make([]time.Time, g.opts.Sales)
	for i := range times {
		day := g.now.Add(-span).Truncate(24 * time.Hour).Add(time.Duration(g.rng.Int64N(int64(span))))
		day = day.Truncate(24 * time.Hour).Add(13*time.Hour + time.Duration(g.rng.Int64N(int64(12*time.Hour))))
		if day.After(g.now) {
			day = g.now.Add(-time.Duration(g.rng.Int64N(int64(time.Hour))))
		}
		times[i] = day
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })

	plans := make([]plannedSale, 0, g.opts.Sales)
	for _, at := range times {
		ps := plannedSale{at: at, cashier: g.users[g.rng.IntN(len(g.users))], status: sale.StatusCOMPLETED}
		if len(g.customers) > 0 && g.rng.IntN(10) < 7 {
			c := g.customers[g.rng.IntN(len(g.customers))]
			ps.customer = &c
		}
		want := 1 + g.rng.IntN(5)
		for tries := 0; len(ps.lines) < want && tries < want*4; tries++ {
			// Squaring a uniform draw makes some products best-sellers.
			u := g.rng.Float64()
			p := int(u * u * float64(n))
			if slices.Contains(ps.products, p) {
				continue
			}
			qty := int64(1)
			if r := g.rng.IntN(10); r >= 7 {
				qty = int64(2 + r - 7)
			}
			qty = min(qty, stock[p])
			if qty == 0 {
				continue
			}
			stock[p] -= qty
			prod := g.products[p]
			ps.products = append(ps.products, p)
			ps.lines = append(ps.lines, pos.QuoteLine{ProductID: prod.ID, Quantity: qty, UnitPrice: prod.Price, UnitCost: prod.Cost})
		}
		if len(ps.lines) == 0 {
			continue
		}
		ps.priced = price(ps.lines, g.taxPPM)
		ps.refunded = make([]bool, len(ps.lines))
		g.planPayments(&ps)
		idx := len(plans)
		for i, p := range ps.products {
			moves = append(moves, movement{at: at, product: p, delta: -ps.lines[i].Quantity, kind: stockmovement.KindSALE, saleIdx: idx})
		}
		switch r := g.rng.IntN(100); {
		case r < 2:
			ps.status = sale.StatusVOIDED
			ps.undoneAt = at.Add(time.Duration(2+g.rng.IntN(30)) * time.Minute)
		case r < 5:
			ps.status = sale.StatusREFUNDED
			ps.undoneAt = at.Add(time.Duration(1+g.rng.IntN(7*24)) * time.Hour)
		case r < 8 && len(ps.lines) > 1:
			ps.status = sale.StatusPARTIALLY_REFUNDED
			ps.undoneAt = at.Add(time.Duration(1+g.rng.IntN(7*24)) * time.Hour)
		}
		if ps.undoneAt.After(g.now) {
			ps.undoneAt = g.now
		}
		kind := stockmovement.KindREFUND
		if ps.status == sale.StatusVOIDED {
			kind = stockmovement.KindVOID
		}
		for i, p := range ps.products {
			back := ps.status == sale.StatusVOIDED || ps.status == sale.StatusREFUNDED ||
				(ps.status == sale.StatusPARTIALLY_REFUNDED && i == len(ps.products)-1)
			if back {
				ps.refunded[i] = true
				returned[p] += ps.lines[i].Quantity
				moves = append(moves, movement{at: ps.undoneAt, product: p, delta: ps.lines[i].Quantity, kind: kind, saleIdx: idx})
			}
		}
		plans = append(plans, ps)
	}

	for i := range stock {
		stock[i] += returned[i]
	}
	g.progress("  planning sales", start)
	saleIDs, err := g.writeSales(ctx, tx, plans)
	if err != nil {
		return err
	}
	start = time.Now()
	if err := g.writeMovements(ctx, tx, moves, saleIDs); err != nil {
		return err
	}
	g.progress("  stock movements", start)
	inv := make([]*ent.InventoryCreate, n)
	for i, p := range g.products {
		inv[i] = tx.Inventory.Create().SetProductID(p.ID).SetQuantity(stock[i]).SetReorderLevel(reorder[i]).
			SetSupplierID(g.suppliers[i%len(g.suppliers)]).SetCreatedAt(initialAt).SetUpdatedAt(g.now)
	}
	if _, err := insertAll(ctx, inv, func(ctx context.Context, b []*ent.InventoryCreate) ([]*ent.Inventory, error) {
		return nil, tx.Inventory.CreateBulk(b...).Exec(ctx)
	}); err != nil {
		return fmt.Errorf("inventories: %w", err)
	}
	return nil
}

// planPayments settles the total: usually one tender, sometimes card plus cash;
// cash is handed over rounded up to the next five, with change given.
func (g *gen) planPayments(ps *plannedSale) {
	total := ps.priced.Total
	cash := func(amount money.Amount) plannedPayment {
		tendered := amount
		if g.rng.IntN(3) > 0 {
			tendered = (amount/500 + 1) * 500
		}
		return plannedPayment{method: payment.MethodCASH, amount: amount, tendered: tendered}
	}
	if total >= 2000 && g.rng.IntN(100) < 8 {
		card := money.Amount(money.DivRound(int64(total)*6, 10))
		ps.payments = []plannedPayment{{method: payment.MethodCARD, amount: card, tendered: card}, cash(total - card)}
		return
	}
	m := g.method()
	if m == payment.MethodCASH {
		ps.payments = []plannedPayment{cash(total)}
		return
	}
	ps.payments = []plannedPayment{{method: m, amount: total, tendered: total}}
}

func (g *gen) writeSales(ctx context.Context, tx *ent.Tx, plans []plannedSale) ([]uuid.UUID, error) {
	sb := make([]*ent.SaleCreate, len(plans))
	for i := range plans {
		ps := &plans[i]
		var change, refundedTotal money.Amount
		for _, p := range ps.payments {
			change += p.tendered - p.amount
		}
		for l, back := range ps.refunded {
			if back && ps.status != sale.StatusVOIDED {
				refundedTotal += ps.priced.Lines[l].Total
			}
		}
		updated := ps.at
		if !ps.undoneAt.IsZero() {
			updated = ps.undoneAt
		}
		c := tx.Sale.Create().SetStatus(ps.status).SetSubtotal(ps.priced.Subtotal).SetDiscountTotal(ps.priced.Discount).
			SetTaxTotal(ps.priced.Tax).SetTotal(ps.priced.Total).SetPaidTotal(ps.priced.Total).SetChangeDue(change).
			SetRefundedTotal(refundedTotal).SetCompletedAt(ps.at).SetCreatedAt(ps.at).SetUpdatedAt(updated).
			SetNillableCustomerID(ps.customer).SetCashierID(ps.cashier).SetCreatedBy(ps.cashier).SetUpdatedBy(ps.cashier)
		if ps.status == sale.StatusVOIDED {
			c.SetVoidedAt(ps.undoneAt).SetVoidReason(pick(g.rng, voidReasons))
		}
		sb[i] = c
		switch ps.status {
		case sale.StatusVOIDED:
			g.res.Voided++
		case sale.StatusREFUNDED:
			g.res.Refunded++
		case sale.StatusPARTIALLY_REFUNDED:
			g.res.PartiallyRefunded++
		}
	}
	start := time.Now()
	sales, err := insertAll(ctx, sb, func(ctx context.Context, b []*ent.SaleCreate) ([]*ent.Sale, error) {
		return tx.Sale.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("sales: %w", err)
	}
	g.progress("  sale rows", start)
	start = time.Now()
	ids := make([]uuid.UUID, len(sales))
	var items []*ent.SaleItemCreate
	var pays []*ent.PaymentCreate
	for i, s := range sales {
		ids[i] = s.ID
		ps := &plans[i]
		for l, line := range ps.lines {
			pl := ps.priced.Lines[l]
			var back int64
			if ps.refunded[l] && ps.status != sale.StatusVOIDED {
				back = line.Quantity
			}
			items = append(items, tx.SaleItem.Create().SetSaleID(s.ID).SetProductID(line.ProductID).
				SetQuantity(line.Quantity).SetRefundedQuantity(back).SetUnitPrice(line.UnitPrice).SetUnitCost(line.UnitCost).
				SetDiscountTotal(pl.Discount).SetTaxTotal(pl.Tax).SetSubtotal(pl.Subtotal).
				SetProductName(g.products[ps.products[l]].Name).SetCreatedAt(ps.at).SetUpdatedAt(ps.at))
		}
		for _, p := range ps.payments {
			pays = append(pays, tx.Payment.Create().SetSaleID(s.ID).SetMethod(p.method).SetKind(payment.KindSALE).
				SetAmount(p.amount).SetTendered(p.tendered).SetPaidAt(ps.at).SetCreatedAt(ps.at).SetUpdatedAt(ps.at).
				SetReference(reference(p.method, g)))
		}
		if !ps.undoneAt.IsZero() {
			back := s.RefundedTotal
			if ps.status == sale.StatusVOIDED {
				back = s.Total
			}
			pays = append(pays, tx.Payment.Create().SetSaleID(s.ID).SetMethod(ps.payments[0].method).SetKind(payment.KindREFUND).
				SetAmount(back).SetTendered(back).SetPaidAt(ps.undoneAt).SetCreatedAt(ps.undoneAt).SetUpdatedAt(ps.undoneAt).
				SetNotes(string(ps.status)))
		}
	}
	if _, err := insertAll(ctx, items, func(ctx context.Context, b []*ent.SaleItemCreate) ([]*ent.SaleItem, error) {
		return nil, tx.SaleItem.CreateBulk(b...).Exec(ctx)
	}); err != nil {
		return nil, fmt.Errorf("sale items: %w", err)
	}
	g.progress("  sale lines", start)
	start = time.Now()
	if _, err := insertAll(ctx, pays, func(ctx context.Context, b []*ent.PaymentCreate) ([]*ent.Payment, error) {
		return nil, tx.Payment.CreateBulk(b...).Exec(ctx)
	}); err != nil {
		return nil, fmt.Errorf("payments: %w", err)
	}
	g.progress("  payments", start)
	g.res.Sales, g.res.SaleItems, g.res.Payments = len(sales), len(items), len(pays)
	return ids, nil
}

func reference(m payment.Method, g *gen) string {
	switch m {
	case payment.MethodCARD:
		return fmt.Sprintf("card ****%04d", g.rng.IntN(10000))
	case payment.MethodCHECK:
		return fmt.Sprintf("check #%d", 1000+g.rng.IntN(9000))
	case payment.MethodBANK_TRANSFER, payment.MethodDIGITAL_WALLET:
		return fmt.Sprintf("txn-%08x", g.rng.Uint32())
	}
	return ""
}

// writeMovements replays the ledger in time order per product, so each row's
// quantity_after is the running balance and the last one is the on-hand count.
func (g *gen) writeMovements(ctx context.Context, tx *ent.Tx, moves []movement, saleIDs []uuid.UUID) error {
	slices.SortStableFunc(moves, func(a, b movement) int { return a.at.Compare(b.at) })
	balance := make([]int64, len(g.products))
	b := make([]*ent.StockMovementCreate, len(moves))
	for i, m := range moves {
		balance[m.product] += m.delta
		if balance[m.product] < 0 {
			return fmt.Errorf("seed planned negative stock for product %d", m.product)
		}
		p := g.products[m.product]
		c := tx.StockMovement.Create().SetProductID(p.ID).SetDelta(m.delta).SetQuantityAfter(balance[m.product]).
			SetKind(m.kind).SetUnitCost(p.Cost).SetCreatedAt(m.at).SetUpdatedAt(m.at)
		if m.saleIdx >= 0 {
			c.SetReference("sale:" + saleIDs[m.saleIdx].String())
		} else {
			c.SetReason("initial stock")
		}
		b[i] = c
	}
	if _, err := insertAll(ctx, b, func(ctx context.Context, b []*ent.StockMovementCreate) ([]*ent.StockMovement, error) {
		return nil, tx.StockMovement.CreateBulk(b...).Exec(ctx)
	}); err != nil {
		return fmt.Errorf("stock movements: %w", err)
	}
	g.res.Movements = len(moves)
	return nil
}
