package pos

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/internal/actor"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestIdempotencyKeysBelongToTheirUser is finding 8: the same key from two
// users is two sales (before, the second user got the first user's sale
// back), a replay by the same user is still the first sale, and the sale
// shows the key as its client sent it. Payments likewise.
func TestIdempotencyKeysBelongToTheirUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sh := newShop(t, db)
		p := sh.product("Tea", "10.00", 50)
		alice := till(t, sh.s, "alice", cashierPerms, true)
		bob := till(t, sh.s, "bob", cashierPerms, true)
		in := func() CheckoutInput {
			return CheckoutInput{IdempotencyKey: "till-1-0001", Items: []ItemInput{{ProductID: p.ID, Quantity: 1}},
				Payments: []PaymentInput{{Method: payment.MethodCASH, Amount: money.MustParse("10.00")}}}
		}
		a, err := sh.s.Selling().Checkout(alice, in())
		if err != nil {
			t.Fatal(err)
		}
		b, err := sh.s.Selling().Checkout(bob, in())
		if err != nil {
			t.Fatalf("second user's checkout with the same key: %v", err)
		}
		if a.ID == b.ID {
			t.Fatal("bob got alice's sale back for her key")
		}
		again, err := sh.s.Selling().Checkout(alice, in())
		if err != nil || again.ID != a.ID {
			t.Fatalf("alice's replay: %v, %v", again, err)
		}
		if n := db.Client.Sale.Query().CountX(context.Background()); n != 2 {
			t.Fatalf("%d sales, want 2", n)
		}
		if got := sh.stock(p.ID); got != 48 {
			t.Fatalf("stock %d, want 48", got)
		}
		for _, sl := range []*ent.Sale{a, b, db.Client.Sale.GetX(context.Background(), b.ID)} {
			if sl.IdempotencyKey == nil || *sl.IdempotencyKey != "till-1-0001" {
				t.Fatalf("sale shows key %v, want the client's own", sl.IdempotencyKey)
			}
		}

		// Payments: two open sales, one payment key each user.
		open := func(ctx context.Context) *ent.Sale {
			sl, err := sh.s.Selling().CreateSale(ctx, CreateSaleInput{Items: []ItemInput{{ProductID: p.ID, Quantity: 1}}})
			if err != nil {
				t.Fatal(err)
			}
			return sl
		}
		sa, sb := open(alice), open(bob)
		pa, err := sh.s.Selling().AddPaymentRecord(alice, AddPaymentInput{SaleID: sa.ID, Method: payment.MethodCARD, Amount: money.MustParse("4.00"), IdempotencyKey: "pay-1"})
		if err != nil {
			t.Fatal(err)
		}
		pb, err := sh.s.Selling().AddPaymentRecord(bob, AddPaymentInput{SaleID: sb.ID, Method: payment.MethodCARD, Amount: money.MustParse("4.00"), IdempotencyKey: "pay-1"})
		if err != nil {
			t.Fatalf("second user's payment with the same key: %v", err)
		}
		if pa.ID == pb.ID || pb.SaleID == nil || *pb.SaleID != sb.ID {
			t.Fatal("bob's payment is not his own")
		}
		if pb.IdempotencyKey == nil || *pb.IdempotencyKey != "pay-1" {
			t.Fatalf("payment shows key %v", pb.IdempotencyKey)
		}

		// Refunds: bob's key cannot replay alice's refund.
		cash := payment.MethodCASH
		ra, err := sh.s.Selling().RefundSale(alice, RefundInput{SaleID: a.ID, IdempotencyKey: "r-1", Method: &cash})
		if err != nil {
			t.Fatal(err)
		}
		if ra.Status != sale.StatusREFUNDED {
			t.Fatalf("status %s", ra.Status)
		}
		rb, err := sh.s.Selling().RefundSale(bob, RefundInput{SaleID: b.ID, IdempotencyKey: "r-1", Method: &cash})
		if err != nil || rb.ID != b.ID || rb.Status != sale.StatusREFUNDED {
			t.Fatalf("bob's refund with alice's key: %v, %v", rb, err)
		}
	})
}

// TestIdempotencyKeyRefusesControlCharacters: the stored owned form uses a
// control character as separator, so a client's key may hold none.
func TestIdempotencyKeyRefusesControlCharacters(t *testing.T) {
	if err := checkKey("a\x1fb"); store.AsFault(err) == nil || store.AsFault(err).Code != fault.CodeBadInput {
		t.Fatalf("got %v", err)
	}
	if err := checkKey(strings.Repeat("k", maxKeyLen+1)); store.AsFault(err) == nil {
		t.Fatal("overlong key accepted")
	}
	owner := uuid.New()
	ctx := actor.With(context.Background(), owner)
	if got := ClientKey(ownedKey(ctx, "k-1")); got != "k-1" {
		t.Fatalf("ClientKey(ownedKey) = %q", got)
	}
	if got := ClientKey(ClientKey(ownedKey(ctx, owner.String()+"x"))); got != owner.String()+"x" {
		t.Fatalf("double strip changed the key: %q", got)
	}
	if got := len(ownedKey(ctx, strings.Repeat("k", maxKeyLen))); got > 200 {
		t.Fatalf("owned key of %d characters does not fit the column", got)
	}
}
