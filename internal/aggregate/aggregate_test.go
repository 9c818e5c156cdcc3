package aggregate

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestDivHalfEven: ties go to the even neighbour, on both signs; everything
// else to the nearest.
func TestDivHalfEven(t *testing.T) {
	for _, tc := range []struct{ a, b, want int64 }{
		{145, 2, 72}, {147, 2, 74}, {649, 2, 324}, {651, 2, 326},
		{-145, 2, -72}, {-147, 2, -74}, {749, 3, 250}, {748, 3, 249},
		{10, 4, 2}, {14, 4, 4}, {0, 7, 0}, {6, 3, 2}, {-749, 3, -250},
		{9_223_372_036_854_775_807, 2, 4_611_686_018_427_387_904},
	} {
		if got := DivHalfEven(tc.a, tc.b); got != tc.want {
			t.Errorf("DivHalfEven(%d, %d) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestBigInt: written as a string, read from a string or a number.
func TestBigInt(t *testing.T) {
	var buf bytes.Buffer
	BigInt(4_000_000_013).MarshalGQL(&buf)
	if buf.String() != `"4000000013"` {
		t.Errorf("MarshalGQL = %s", buf.String())
	}
	for _, in := range []any{"4000000013", int64(4_000_000_013), json.Number("4000000013")} {
		var b BigInt
		if err := b.UnmarshalGQL(in); err != nil || b != 4_000_000_013 {
			t.Errorf("UnmarshalGQL(%v) = %d, %v", in, b, err)
		}
	}
	var b BigInt
	if err := b.UnmarshalGQL("1.5"); err == nil {
		t.Error("UnmarshalGQL accepted 1.5")
	}
}

// TestBase: the type names round-trip; other names are not aggregates.
func TestBase(t *testing.T) {
	for _, op := range Operations {
		if n, o, ok := Base(OpTypeName("SaleItem", op)); !ok || n != "SaleItem" || o != op {
			t.Errorf("Base(%s) = %q %q %v", OpTypeName("SaleItem", op), n, o, ok)
		}
	}
	if n, o, ok := Base(TypeName("Product")); !ok || n != "Product" || o != "" {
		t.Errorf("Base(ProductAggregate) = %q %q %v", n, o, ok)
	}
	for _, name := range []string{"Aggregate", "Product", "ProductConnection", "AggregateSum"} {
		if _, _, ok := Base(name); ok {
			t.Errorf("Base(%s) says aggregate", name)
		}
	}
}

// TestAverages: null over no rows; money rounds half to even.
func TestAverages(t *testing.T) {
	if AvgMoney(nil, nil) != nil || AvgFloat(nil, nil) != nil {
		t.Error("average over no rows is not null")
	}
	sum, n := int64(145), int64(2)
	if a := AvgMoney(&sum, &n); a == nil || a.String() != "0.72" {
		t.Errorf("AvgMoney(1.45 / 2) = %v", a)
	}
	if f := AvgFloat(&sum, &n); f == nil || *f != 72.5 {
		t.Errorf("AvgFloat = %v", f)
	}
}
