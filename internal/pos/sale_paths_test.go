package pos

import (
	"testing"
	"time"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// A basket rung up at once and the same basket built step by step come to
// the same amounts: both read automatic discounts by one rule (active,
// without a code, in their window) and price through priceBasket.
func TestCheckoutAndOpenSalePriceAlike(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		sh.setting(SettingTaxRate, "10")
		a := sh.product("apple", "10.00", 100)
		b := sh.product("bread", "4.00", 100)
		past := time.Now().Add(-time.Hour)
		discounts := []*ent.DiscountCreate{
			db.Client.Discount.Create().SetName("apples 10%").SetType("PERCENTAGE").SetValue(money.MustParse("10.00")).AddProductIDs(a.ID),
			db.Client.Discount.Create().SetName("expired").SetType("FIXED_AMOUNT").SetValue(money.MustParse("5.00")).SetEndsAt(past).AddProductIDs(a.ID),
			db.Client.Discount.Create().SetName("inactive").SetType("PERCENTAGE").SetValue(money.MustParse("50.00")).SetIsActive(false).AddProductIDs(a.ID, b.ID),
			db.Client.Discount.Create().SetName("coded").SetCode("HALF").SetType("PERCENTAGE").SetValue(money.MustParse("50.00")).AddProductIDs(b.ID),
		}
		for _, d := range discounts {
			if err := d.Exec(sh.ctx); err != nil {
				t.Fatal(err)
			}
		}
		done, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{Items: []ItemInput{{ProductID: a.ID, Quantity: 2}, {ProductID: b.ID, Quantity: 1}},
			Payments: cash("100")})
		if err != nil {
			t.Fatal(err)
		}
		open, err := sh.s.Selling().CreateSale(sh.ctx, CreateSaleInput{Items: []ItemInput{{ProductID: a.ID, Quantity: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		if open, err = sh.s.Selling().AddSaleItem(sh.ctx, open.ID, b.ID, 1); err != nil {
			t.Fatal(err)
		}
		if open, err = sh.s.Selling().AddSaleItem(sh.ctx, open.ID, a.ID, 1); err != nil {
			t.Fatal(err)
		}
		want := [4]money.Amount{money.MustParse("24.00"), money.MustParse("2.00"), money.MustParse("2.20"), money.MustParse("24.20")}
		for _, sl := range []*ent.Sale{done, open} {
			if got := [4]money.Amount{sl.Subtotal, sl.DiscountTotal, sl.TaxTotal, sl.Total}; got != want {
				t.Errorf("%s sale: subtotal, discount, tax, total = %v, want %v", sl.Status, got, want)
			}
		}
	})
}
