package pos

import (
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/money"
)

func pid(n byte) uuid.UUID { return uuid.UUID{15: n} }

// checkSums asserts the invariants every quote must keep.
func checkSums(t *testing.T, q Totals) {
	t.Helper()
	var gross, disc, tax, total money.Amount
	for i, l := range q.Lines {
		if l.Gross != l.UnitPrice.Mul(l.Quantity) {
			t.Errorf("line %d gross %s != %s x %d", i, l.Gross, l.UnitPrice, l.Quantity)
		}
		if l.Subtotal != l.Gross-l.Discount || l.Total != l.Subtotal+l.Tax {
			t.Errorf("line %d parts do not add up: %+v", i, l)
		}
		if l.Discount < 0 || l.Discount > l.Gross || l.Tax < 0 {
			t.Errorf("line %d out of range: %+v", i, l)
		}
		gross += l.Gross
		disc += l.Discount
		tax += l.Tax
		total += l.Total
	}
	if gross != q.Subtotal || disc != q.Discount || tax != q.Tax || total != q.Total {
		t.Errorf("sale totals %s/%s/%s/%s differ from line sums %s/%s/%s/%s", q.Subtotal, q.Discount, q.Tax, q.Total, gross, disc, tax, total)
	}
	if q.Total != q.Subtotal-q.Discount+q.Tax {
		t.Errorf("total %s != %s - %s + %s", q.Total, q.Subtotal, q.Discount, q.Tax)
	}
}

func TestQuoteAwkwardAmounts(t *testing.T) {
	rate, err := money.ParseRate("8.875")
	if err != nil {
		t.Fatal(err)
	}
	third := &DiscountRule{Kind: DiscountPercentage, Value: money.MustParse("33.33")}
	lines := []QuoteLine{
		{ProductID: pid(1), Quantity: 1, UnitPrice: money.MustParse("0.33")},
		{ProductID: pid(2), Quantity: 1, UnitPrice: money.MustParse("0.33")},
		{ProductID: pid(3), Quantity: 1, UnitPrice: money.MustParse("0.34")},
	}
	q := Quote(lines, third, rate)
	checkSums(t, q)
	// 1.00 x 33.33% = 0.3333 -> 0.33; taxable 0.67 x 8.875% = 0.0594625 -> 0.06.
	if q.Subtotal != 100 || q.Discount != 33 || q.Tax != 6 || q.Total != 73 {
		t.Fatalf("got subtotal %s discount %s tax %s total %s, want 1.00 0.33 0.06 0.73", q.Subtotal, q.Discount, q.Tax, q.Total)
	}
	// 0.33 is spread 11/11/11 by weight 33/33/34 (remainders tie -> earlier lines first).
	for i, want := range []money.Amount{11, 11, 11} {
		if q.Lines[i].Discount != want {
			t.Errorf("line %d discount %s, want %s", i, q.Lines[i].Discount, want)
		}
	}
}

func TestQuoteHalfEvenTax(t *testing.T) {
	// 0.40 x 8.875% = 0.0355 -> 0.04 (above half); 2.00 x 0.25% = 0.005 -> 0.00
	// (half to even), 6.00 x 0.25% = 0.015 -> 0.02 (half to even).
	cases := []struct {
		price string
		rate  string
		tax   money.Amount
	}{
		{"0.40", "8.875", 4},
		{"2.00", "0.25", 0},
		{"6.00", "0.25", 2},
		{"10.00", "0", 0},
		{"19.99", "8.875", 177}, // 1.7741125
	}
	for _, c := range cases {
		r, err := money.ParseRate(c.rate)
		if err != nil {
			t.Fatal(err)
		}
		q := Quote([]QuoteLine{{ProductID: pid(1), Quantity: 1, UnitPrice: money.MustParse(c.price)}}, nil, r)
		checkSums(t, q)
		if q.Tax != c.tax {
			t.Errorf("tax on %s at %s%% = %s, want %s", c.price, c.rate, q.Tax, c.tax)
		}
	}
}

func TestQuoteBestAutomaticPlusCode(t *testing.T) {
	tenPct := DiscountRule{ID: pid(10), Kind: DiscountPercentage, Value: money.MustParse("10.00")}
	oneOff := DiscountRule{ID: pid(11), Kind: DiscountFixedAmount, Value: money.MustParse("1.00")}
	lines := []QuoteLine{
		// 3 x 5.00: 10% = 1.50, 1.00 off each = 3.00 -> fixed wins.
		{ProductID: pid(1), Quantity: 3, UnitPrice: money.MustParse("5.00"), Automatic: []DiscountRule{tenPct, oneOff}},
		// 1 x 30.00: 10% = 3.00, 1.00 off = 1.00 -> percentage wins.
		{ProductID: pid(2), Quantity: 1, UnitPrice: money.MustParse("30.00"), Automatic: []DiscountRule{tenPct, oneOff}},
		{ProductID: pid(3), Quantity: 2, UnitPrice: money.MustParse("2.50")},
	}
	code := &DiscountRule{Kind: DiscountFixedAmount, Value: money.MustParse("5.00"), ProductIDs: []uuid.UUID{pid(2), pid(3)}}
	q := Quote(lines, code, 0)
	checkSums(t, q)
	if q.Lines[0].Discount != 300 || *q.Lines[0].AutoDiscountID != pid(11) {
		t.Errorf("line 0: %+v", q.Lines[0])
	}
	// Code 5.00 over 27.00 and 5.00 -> 4.22 (4.21875) and 0.78.
	if q.Lines[1].Discount != 300+422 || *q.Lines[1].AutoDiscountID != pid(10) {
		t.Errorf("line 1: %+v", q.Lines[1])
	}
	if q.Lines[2].Discount != 78 || q.Lines[2].AutoDiscountID != nil {
		t.Errorf("line 2: %+v", q.Lines[2])
	}
	if !q.CodeApplied || q.CodeDiscount != 500 {
		t.Errorf("code: applied %v, %s", q.CodeApplied, q.CodeDiscount)
	}
}

func TestQuoteLimits(t *testing.T) {
	lines := []QuoteLine{{ProductID: pid(1), Quantity: 2, UnitPrice: money.MustParse("3.00"),
		Automatic: []DiscountRule{{Kind: DiscountFixedAmount, Value: money.MustParse("9.00")}}}}
	q := Quote(lines, &DiscountRule{Kind: DiscountPercentage, Value: money.MustParse("50.00")}, 100000)
	checkSums(t, q)
	if q.Lines[0].Discount != 600 || q.Total != 0 || q.CodeDiscount != 0 || q.CodeApplied {
		t.Errorf("fixed discount must cap at the line and leave nothing to the code: %+v", q)
	}
	// min_subtotal not reached: neither the automatic nor the code discount applies.
	min := DiscountRule{Kind: DiscountPercentage, Value: money.MustParse("10.00"), MinSubtotal: money.MustParse("100.00")}
	q = Quote([]QuoteLine{{ProductID: pid(1), Quantity: 1, UnitPrice: money.MustParse("99.99"), Automatic: []DiscountRule{min}}}, &min, 0)
	checkSums(t, q)
	if q.Discount != 0 || q.CodeApplied {
		t.Errorf("min subtotal ignored: %+v", q)
	}
	// A percentage above 100% is read as 100%.
	q = Quote([]QuoteLine{{ProductID: pid(1), Quantity: 1, UnitPrice: 500}}, &DiscountRule{Kind: DiscountPercentage, Value: 20000}, 0)
	if q.Total != 0 {
		t.Errorf("over-100%% discount: %+v", q)
	}
}

func TestQuoteManyLinesSum(t *testing.T) {
	rate, _ := money.ParseRate("8.875")
	var lines []QuoteLine
	for i := 1; i <= 37; i++ {
		lines = append(lines, QuoteLine{ProductID: pid(byte(i)), Quantity: int64(i%4 + 1), UnitPrice: money.Amount(i*37 + 1),
			Automatic: []DiscountRule{{Kind: DiscountPercentage, Value: money.Amount(i * 17)}}})
	}
	for _, code := range []*DiscountRule{nil, {Kind: DiscountPercentage, Value: 3333}, {Kind: DiscountFixedAmount, Value: 777}} {
		q := Quote(lines, code, rate)
		checkSums(t, q)
		var taxable money.Amount
		for _, l := range q.Lines {
			taxable += l.Subtotal
		}
		if q.Tax != taxable.Percent(rate) {
			t.Errorf("sale tax %s != rate x taxable %s", q.Tax, taxable.Percent(rate))
		}
	}
}

func TestProratedShare(t *testing.T) {
	// 1.00 over 3 units, refunded one at a time: 0.33 + 0.34 + 0.33 = 1.00.
	var sum money.Amount
	for done := int64(0); done < 3; done++ {
		sum += ProratedShare(100, 3, done, 1)
	}
	if sum != 100 {
		t.Fatalf("shares sum to %s", sum)
	}
	if got := ProratedShare(100, 3, 0, 2); got != 67 {
		t.Errorf("2 of 3 = %s, want 0.67", got)
	}
	if got := ProratedShare(100, 3, 2, 1); got != 33 {
		t.Errorf("last of 3 = %s, want 0.33", got)
	}
	if got := ProratedShare(100, 0, 0, 1); got != 0 {
		t.Errorf("zero count = %s", got)
	}
}
