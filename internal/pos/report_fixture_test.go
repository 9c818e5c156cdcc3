package pos_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/customer"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/internal/money"
)

// fixture is the fixed data set of the report tests. Every expected figure
// in report_test.go is worked out by hand from the comments here.
//
// Products (price / cost, on hand / reorder level):
//
//	Coffee COF 3.50 / 1.20, 40 / 10     Bagel BAG 2.00 / 0.50, 5 / 10 (low)
//	Mug    MUG 12.00 / 4.00, 3 / 2      Old   OLD (inactive) 1.00 / 1.00, 100 / 0
//
// Sales around the spring-forward day 2026-03-08 in America/New_York
// (midnight EST = 05:00Z; the next midnight, EDT, = 04:00Z on 03-09; 23 hours):
//
//	S1 alice         2026-03-08 04:59Z = 03-07 23:59 EST  1 Coffee             sub 3.50 tax .28 total 3.78   CARD 3.78
//	S2 alice C1      2026-03-08 05:01Z = 03-08 00:01 EST  2 Coffee (disc 1.00) + 1 Bagel
//	                                                       sub 9.00 disc 1.00 tax .64 total 8.64          CARD 8.64
//	S3 bob           2026-03-08 06:30Z = 01:30 EST        1 Mug                sub 12.00 tax .96 total 12.96 CASH 10.00 + CARD 2.96
//	S4 alice C2      2026-03-08 07:15Z = 03:15 EDT        3 Coffee, 1 refunded sub 10.50 tax .84 total 11.34 CASH 11.34, REFUND CASH 3.78
//	                 PARTIALLY_REFUNDED, refunded_total 3.78
//	S5 bob C1        2026-03-09 03:59Z = 03-08 23:59 EDT  3 Bagel (disc .50)   sub 6.00 disc .50 tax .44 total 5.94 DIGITAL_WALLET 5.94
//	S6 bob           2026-03-09 04:01Z = 03-09 00:01 EDT  1 Mug                sub 12.00 tax .96 total 12.96 CASH 12.96
//	V1 alice VOIDED  2026-03-08 12:00Z                    5 Mug                sub 60.00 tax 4.80 total 64.80 CARD 64.80
//	O1 OPEN, never completed                              1 Mug
//
// Sales on the fall-back day 2026-11-01 in New York (midnight EDT = 04:00Z,
// next midnight EST = 05:00Z on 11-02; 25 hours; 1 AM happens twice), each
// 1 Coffee, sub 3.50 tax .28 total 3.78, alice, CARD 3.78:
//
//	F4 04:30Z = 00:30 EDT   F1 05:30Z = 01:30 EDT   F2 06:30Z = 01:30 EST   F3 11-02 04:30Z = 23:30 EST
//
// Customers (points, tier): C1 500 GOLD, C2 120 SILVER, C3 0 BRONZE, C4 30 BRONZE.
type fixture struct {
	alice, bob             *ent.User
	c1, c2, c3, c4         *ent.Customer
	coffee, bagel, mug     *ent.Product
	s1, s2, s3, s4, s5, s6 *ent.Sale
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func m(s string) money.Amount { return money.MustParse(s) }

type line struct {
	p          *ent.Product
	qty        int64
	refunded   int64
	discount   string
	tax        string
	unitPrice  string
	unitCost   string
	lineSubtot string
}

type pay struct {
	method payment.Method
	kind   payment.Kind
	amount string
}

type saleSpec struct {
	status                                sale.Status
	at                                    string
	cashier                               *ent.User
	customer                              *ent.Customer
	subtotal, discount, tax, total, refnd string
	lines                                 []line
	pays                                  []pay
}

func mustCreateSale(t *testing.T, ctx context.Context, c *ent.Client, sp saleSpec) *ent.Sale {
	t.Helper()
	cr := c.Sale.Create().SetStatus(sp.status).
		SetSubtotal(m(sp.subtotal)).SetDiscountTotal(m(sp.discount)).SetTaxTotal(m(sp.tax)).
		SetTotal(m(sp.total)).SetPaidTotal(m(sp.total)).SetRefundedTotal(m(sp.refnd))
	if sp.at != "" {
		cr.SetCompletedAt(utc(sp.at))
	}
	if sp.cashier != nil {
		cr.SetCashierID(sp.cashier.ID)
	}
	if sp.customer != nil {
		cr.SetCustomerID(sp.customer.ID)
	}
	s, err := cr.Save(ctx)
	if err != nil {
		t.Fatalf("create sale: %v", err)
	}
	for _, l := range sp.lines {
		_, err := c.SaleItem.Create().SetSaleID(s.ID).SetProductID(l.p.ID).SetProductName(l.p.Name).
			SetQuantity(l.qty).SetRefundedQuantity(l.refunded).
			SetUnitPrice(m(l.unitPrice)).SetUnitCost(m(l.unitCost)).
			SetDiscountTotal(m(l.discount)).SetTaxTotal(m(l.tax)).SetSubtotal(m(l.lineSubtot)).Save(ctx)
		if err != nil {
			t.Fatalf("create sale item: %v", err)
		}
	}
	for _, p := range sp.pays {
		cr := c.Payment.Create().SetSaleID(s.ID).SetMethod(p.method).SetKind(p.kind).SetAmount(m(p.amount))
		if sp.at != "" {
			cr.SetPaidAt(utc(sp.at))
		}
		if _, err := cr.Save(ctx); err != nil {
			t.Fatalf("create payment: %v", err)
		}
	}
	return s
}

func mustProduct(t *testing.T, ctx context.Context, c *ent.Client, name, sku, price, cost string, qty, reorder int64, active bool) *ent.Product {
	t.Helper()
	p, err := c.Product.Create().SetName(name).SetSku(sku).SetPrice(m(price)).SetCost(m(cost)).SetIsActive(active).Save(ctx)
	if err != nil {
		t.Fatalf("create product: %v", err)
	}
	if _, err := c.Inventory.Create().SetProductID(p.ID).SetQuantity(qty).SetReorderLevel(reorder).Save(ctx); err != nil {
		t.Fatalf("create inventory: %v", err)
	}
	return p
}

func mustCustomer(t *testing.T, ctx context.Context, c *ent.Client, name string, points int64, tier customer.Tier) *ent.Customer {
	t.Helper()
	cu, err := c.Customer.Create().SetName(name).SetLoyaltyPoints(points).SetTier(tier).Save(ctx)
	if err != nil {
		t.Fatalf("create customer: %v", err)
	}
	return cu
}

func mustUser(t *testing.T, ctx context.Context, c *ent.Client, name string) *ent.User {
	t.Helper()
	u, err := c.User.Create().SetUsername(name).SetPasswordHash("x").Save(ctx)
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	return u
}

func loadFixture(t *testing.T, c *ent.Client) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{}
	f.alice, f.bob = mustUser(t, ctx, c, "alice"), mustUser(t, ctx, c, "bob")
	f.c1 = mustCustomer(t, ctx, c, "Cara", 500, customer.TierGOLD)
	f.c2 = mustCustomer(t, ctx, c, "Dev", 120, customer.TierSILVER)
	f.c3 = mustCustomer(t, ctx, c, "Eli", 0, customer.TierBRONZE)
	f.c4 = mustCustomer(t, ctx, c, "Fay", 30, customer.TierBRONZE)
	f.coffee = mustProduct(t, ctx, c, "Coffee", "COF", "3.50", "1.20", 40, 10, true)
	f.bagel = mustProduct(t, ctx, c, "Bagel", "BAG", "2.00", "0.50", 5, 10, true)
	f.mug = mustProduct(t, ctx, c, "Mug", "MUG", "12.00", "4.00", 3, 2, true)
	mustProduct(t, ctx, c, "Old", "OLD", "1.00", "1.00", 100, 0, false)

	done, partly, voided := sale.StatusCOMPLETED, sale.StatusPARTIALLY_REFUNDED, sale.StatusVOIDED
	coffee1 := line{p: f.coffee, qty: 1, unitPrice: "3.50", unitCost: "1.20", discount: "0", tax: "0.28", lineSubtot: "3.50"}
	mug1 := line{p: f.mug, qty: 1, unitPrice: "12.00", unitCost: "4.00", discount: "0", tax: "0.96", lineSubtot: "12.00"}
	card := func(a string) pay { return pay{payment.MethodCARD, payment.KindSALE, a} }
	cash := func(a string) pay { return pay{payment.MethodCASH, payment.KindSALE, a} }

	f.s1 = mustCreateSale(t, ctx, c, saleSpec{status: done, at: "2026-03-08T04:59:00Z", cashier: f.alice,
		subtotal: "3.50", discount: "0", tax: "0.28", total: "3.78", refnd: "0", lines: []line{coffee1}, pays: []pay{card("3.78")}})
	f.s2 = mustCreateSale(t, ctx, c, saleSpec{status: done, at: "2026-03-08T05:01:00Z", cashier: f.alice, customer: f.c1,
		subtotal: "9.00", discount: "1.00", tax: "0.64", total: "8.64", refnd: "0",
		lines: []line{
			{p: f.coffee, qty: 2, unitPrice: "3.50", unitCost: "1.20", discount: "1.00", tax: "0.48", lineSubtot: "6.00"},
			{p: f.bagel, qty: 1, unitPrice: "2.00", unitCost: "0.50", discount: "0", tax: "0.16", lineSubtot: "2.00"},
		},
		pays: []pay{card("8.64")}})
	f.s3 = mustCreateSale(t, ctx, c, saleSpec{status: done, at: "2026-03-08T06:30:00Z", cashier: f.bob,
		subtotal: "12.00", discount: "0", tax: "0.96", total: "12.96", refnd: "0", lines: []line{mug1},
		pays: []pay{cash("10.00"), card("2.96")}})
	f.s4 = mustCreateSale(t, ctx, c, saleSpec{status: partly, at: "2026-03-08T07:15:00Z", cashier: f.alice, customer: f.c2,
		subtotal: "10.50", discount: "0", tax: "0.84", total: "11.34", refnd: "3.78",
		lines: []line{{p: f.coffee, qty: 3, refunded: 1, unitPrice: "3.50", unitCost: "1.20", discount: "0", tax: "0.84", lineSubtot: "10.50"}},
		pays:  []pay{cash("11.34"), {payment.MethodCASH, payment.KindREFUND, "3.78"}}})
	f.s5 = mustCreateSale(t, ctx, c, saleSpec{status: done, at: "2026-03-09T03:59:00Z", cashier: f.bob, customer: f.c1,
		subtotal: "6.00", discount: "0.50", tax: "0.44", total: "5.94", refnd: "0",
		lines: []line{{p: f.bagel, qty: 3, unitPrice: "2.00", unitCost: "0.50", discount: "0.50", tax: "0.44", lineSubtot: "5.50"}},
		pays:  []pay{{payment.MethodDIGITAL_WALLET, payment.KindSALE, "5.94"}}})
	f.s6 = mustCreateSale(t, ctx, c, saleSpec{status: done, at: "2026-03-09T04:01:00Z", cashier: f.bob,
		subtotal: "12.00", discount: "0", tax: "0.96", total: "12.96", refnd: "0", lines: []line{mug1}, pays: []pay{cash("12.96")}})
	mustCreateSale(t, ctx, c, saleSpec{status: voided, at: "2026-03-08T12:00:00Z", cashier: f.alice,
		subtotal: "60.00", discount: "0", tax: "4.80", total: "64.80", refnd: "0",
		lines: []line{{p: f.mug, qty: 5, unitPrice: "12.00", unitCost: "4.00", discount: "0", tax: "4.80", lineSubtot: "60.00"}},
		pays:  []pay{card("64.80")}})
	mustCreateSale(t, ctx, c, saleSpec{status: sale.StatusOPEN, cashier: f.alice,
		subtotal: "12.00", discount: "0", tax: "0.96", total: "12.96", refnd: "0", lines: []line{mug1}})

	for _, at := range []string{"2026-11-01T04:30:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z", "2026-11-02T04:30:00Z"} {
		mustCreateSale(t, ctx, c, saleSpec{status: done, at: at, cashier: f.alice,
			subtotal: "3.50", discount: "0", tax: "0.28", total: "3.78", refnd: "0", lines: []line{coffee1}, pays: []pay{card("3.78")}})
	}
	return f
}

func setTimezone(t *testing.T, c *ent.Client, tz string) {
	t.Helper()
	if _, err := c.Setting.Create().SetKey("timezone").SetValue(tz).Save(context.Background()); err != nil {
		t.Fatalf("set timezone: %v", err)
	}
}

func idOf(u *ent.User) *uuid.UUID { return &u.ID }
