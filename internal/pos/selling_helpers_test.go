package pos

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/inventory"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/actor"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
)

// shop is a test store: a service, a cashier in the context, and helpers.
type shop struct {
	t   testing.TB
	db  *store.DB
	s   *Service
	ctx context.Context
}

func newShop(t testing.TB, db *store.DB) *shop {
	t.Helper()
	ctx := context.Background()
	u, err := db.Client.User.Create().SetUsername("cashier1").SetPasswordHash("x").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Client.Employee.Create().SetName("Cass Hier").SetPosition("cashier").SetUserID(u.ID).Save(ctx); err != nil {
		t.Fatal(err)
	}
	return &shop{t: t, db: db, s: New(db.Client), ctx: actor.With(ctx, u.ID)}
}

func (sh *shop) setting(key, value string) {
	sh.t.Helper()
	if err := sh.db.Client.Setting.Create().SetKey(key).SetValue(value).Exec(sh.ctx); err != nil {
		sh.t.Fatal(err)
	}
}

func (sh *shop) product(name, price string, stock int64) *ent.Product {
	sh.t.Helper()
	p, err := sh.s.Catalogue().CreateProduct(sh.ctx, CreateProductRequest{Name: name, Sku: name + "-sku", Price: ptr(money.MustParse(price)), Cost: ptr(money.MustParse(price) / 2)},
		StockInput{Quantity: &stock})
	if err != nil {
		sh.t.Fatal(err)
	}
	return p
}

func (sh *shop) customer(points int64) *ent.Customer {
	sh.t.Helper()
	c, err := sh.db.Client.Customer.Create().SetName("Ann").SetLoyaltyPoints(points).Save(sh.ctx)
	if err != nil {
		sh.t.Fatal(err)
	}
	return c
}

func (sh *shop) stock(id uuid.UUID) int64 {
	sh.t.Helper()
	inv, err := sh.db.Client.Inventory.Query().Where(inventory.ProductID(id)).Only(sh.ctx)
	if err != nil {
		sh.t.Fatal(err)
	}
	return inv.Quantity
}

// ledger checks on-hand equals the sum of the product's movements and
// returns it.
func (sh *shop) ledger(id uuid.UUID) int64 {
	sh.t.Helper()
	ms, err := sh.db.Client.StockMovement.Query().Where(stockmovement.ProductID(id)).All(sh.ctx)
	if err != nil {
		sh.t.Fatal(err)
	}
	var sum int64
	for _, m := range ms {
		sum += m.Delta
	}
	if on := sh.stock(id); on != sum {
		sh.t.Fatalf("on-hand %d != ledger sum %d", on, sum)
	}
	return sum
}
