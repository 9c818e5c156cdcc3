package pos

import (
	"testing"

	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// A basket worth more than money.Max (a product at the top price times the
// top quantity overflows int64 minor units) is refused, not priced as garbage.
func TestCheckoutRefusesBasketsBeyondMoneyMax(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		p := sh.product("Yacht", money.Max.String(), maxLineQuantity)
		_, err := sh.s.Selling().Checkout(sh.ctx, CheckoutInput{
			Items:    []ItemInput{{ProductID: p.ID, Quantity: maxLineQuantity}},
			Payments: []PaymentInput{{Method: payment.MethodCARD, Amount: money.Max}},
		})
		if pe := store.AsFault(err); pe == nil || pe.Code != fault.CodeBadInput {
			t.Fatalf("checkout of %s x %d: err = %v, want BAD_USER_INPUT", money.Max, maxLineQuantity, err)
		}
		if n := db.Client.Sale.Query().CountX(sh.ctx); n != 0 {
			t.Errorf("%d sales stored", n)
		}
	})
}
