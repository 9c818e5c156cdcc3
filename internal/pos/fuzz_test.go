package pos

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
)

var fuzzProducts = []uuid.UUID{
	uuid.MustParse("00000000-0000-7000-8000-000000000001"),
	uuid.MustParse("00000000-0000-7000-8000-000000000002"),
	uuid.MustParse("00000000-0000-7000-8000-000000000003"),
	uuid.MustParse("00000000-0000-7000-8000-000000000004"),
}

// FuzzMergeItems feeds checkout's item validation arbitrary baskets: it must
// either refuse with BAD_USER_INPUT or return lines that are unique, sorted,
// within bounds and add up to what was asked.
func FuzzMergeItems(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 0, 0, 0, 0, 0})
	f.Add(bytes.Repeat([]byte{1, 0x40, 0x42, 0x0f, 0, 0, 0, 0, 0}, 3))
	f.Add([]byte{2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})
	f.Fuzz(func(t *testing.T, data []byte) {
		var in []ItemInput
		for len(data) >= 9 {
			in = append(in, ItemInput{
				ProductID: fuzzProducts[int(data[0])%len(fuzzProducts)],
				Quantity:  int64(binary.LittleEndian.Uint64(data[1:9])),
			})
			data = data[9:]
		}
		out, err := mergeItems(in)
		if err != nil {
			if pe := store.AsFault(err); pe == nil || pe.Code != fault.CodeBadInput {
				t.Fatalf("refusal is not BAD_USER_INPUT: %v", err)
			}
			return
		}
		want := map[uuid.UUID]int64{}
		for _, it := range in {
			want[it.ProductID] += it.Quantity
		}
		if len(out) != len(want) {
			t.Fatalf("%d distinct products in, %d lines out", len(want), len(out))
		}
		for i, it := range out {
			if it.Quantity < 1 || it.Quantity > maxLineQuantity || it.Quantity != want[it.ProductID] {
				t.Fatalf("line %d: quantity %d, asked for %d", i, it.Quantity, want[it.ProductID])
			}
			if i > 0 && bytes.Compare(out[i-1].ProductID[:], it.ProductID[:]) >= 0 {
				t.Fatalf("lines not sorted or not unique at %d", i)
			}
		}
	})
}

// FuzzQuote prices baskets within the limits validation lets through (unit
// prices up to money.Max, quantities up to maxLineQuantity, tax up to 100%,
// any discount) and checks the books balance: no negative amounts, no line
// discounted below zero, and totals that add up line by line.
func FuzzQuote(f *testing.F) {
	f.Add(int64(235), int64(3), int64(5), int64(1), int64(88750), uint8(0), int64(1000), int64(0))
	f.Add(int64(999), int64(1), int64(1), int64(1000), int64(0), uint8(1), int64(50000), int64(100))
	f.Add(int64(1), int64(1_000_000), int64(33), int64(7), int64(1_000_000), uint8(2), int64(10000), int64(0))
	f.Fuzz(func(t *testing.T, price, qty, price2, qty2, taxPPM int64, kind uint8, value, minSubtotal int64) {
		clamp := func(v, lo, hi int64) int64 {
			if v < lo || v > hi {
				v = lo + (v%(hi-lo+1)+(hi-lo+1))%(hi-lo+1)
			}
			return v
		}
		// Prices and quantities as validation lets them through.
		price, price2 = clamp(price, 0, int64(money.Max)), clamp(price2, 0, int64(money.Max))
		qty, qty2 = clamp(qty, 1, maxLineQuantity), clamp(qty2, 1, maxLineQuantity)
		lines := []QuoteLine{
			{ProductID: fuzzProducts[0], Quantity: qty, UnitPrice: money.Amount(price)},
			{ProductID: fuzzProducts[1], Quantity: qty2, UnitPrice: money.Amount(price2)},
		}
		if err := checkBasket(lines); err != nil {
			if pe := store.AsFault(err); pe == nil || pe.Code != fault.CodeBadInput {
				t.Fatalf("refusal is not BAD_USER_INPUT: %v", err)
			}
			return // checkout refuses it before pricing
		}
		var code *DiscountRule
		switch kind % 3 {
		case 1:
			code = &DiscountRule{Kind: DiscountPercentage, Value: money.Amount(clamp(value, 0, 10000)), MinSubtotal: money.Amount(clamp(minSubtotal, 0, int64(money.Max)))}
		case 2:
			code = &DiscountRule{Kind: DiscountFixedAmount, Value: money.Amount(clamp(value, 0, int64(money.Max))), ProductIDs: fuzzProducts[:1]}
		}
		lines[1].Automatic = []DiscountRule{{Kind: DiscountPercentage, Value: money.Amount(clamp(value, 0, 10000))}}
		q := Quote(lines, code, clamp(taxPPM, 0, 1_000_000))

		var sumTotal, sumTax, sumDiscount, gross money.Amount
		for i, l := range q.Lines {
			if l.Discount < 0 || l.Discount > l.Gross || l.Tax < 0 || l.Subtotal != l.Gross-l.Discount || l.Total != l.Subtotal+l.Tax {
				t.Fatalf("line %d does not balance: %+v", i, l)
			}
			sumTotal += l.Total
			sumTax += l.Tax
			sumDiscount += l.Discount
			gross += l.Gross
		}
		if q.Total != sumTotal || q.Tax != sumTax || q.Discount != sumDiscount || q.Subtotal != gross {
			t.Fatalf("totals %+v do not match the lines (total %s tax %s discount %s gross %s)", q, sumTotal, sumTax, sumDiscount, gross)
		}
		if q.Total != q.Subtotal-q.Discount+q.Tax || q.Total < 0 {
			t.Fatalf("total %s != %s - %s + %s", q.Total, q.Subtotal, q.Discount, q.Tax)
		}
	})
}
