package money

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"testing"
)

func TestParseAndString(t *testing.T) {
	cases := []struct {
		in   string
		want Amount
		out  string
	}{
		{"34.99", 3499, "34.99"},
		{"0", 0, "0.00"},
		{"-0.5", -50, "-0.50"},
		{"12", 1200, "12.00"},
		{"1e2", 10000, "100.00"},
		{" 7.1 ", 710, "7.10"},
		{"0.01", 1, "0.01"},
		{"-0.01", -1, "-0.01"},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.in, err)
		}
		if got != c.want || got.String() != c.out {
			t.Errorf("Parse(%q) = %d (%s), want %d (%s)", c.in, got, got, c.want, c.out)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for in, want := range map[string]error{
		"":                           ErrInvalid,
		"abc":                        ErrInvalid,
		"1/3":                        ErrInvalid,
		"0x10":                       ErrInvalid,
		"NaN":                        ErrInvalid,
		"Inf":                        ErrInvalid,
		"1_000":                      ErrInvalid,
		"0.333":                      ErrPrecision,
		"1.005":                      ErrPrecision,
		"100000000000000000000":      ErrRange,
		"-10000000000000000.01":      ErrRange,
		"1e400":                      ErrRange,
		"123456789012345678901234.5": ErrRange,
	} {
		_, err := Parse(in)
		if !errors.Is(err, want) {
			t.Errorf("Parse(%q) error = %v, want %v", in, err, want)
		}
	}
}

func TestStringMinInt(t *testing.T) {
	if got := Amount(math.MinInt64).String(); got != "-92233720368547758.08" {
		t.Fatalf("MinInt64 formats as %s", got)
	}
}

func TestFromFloatIsExact(t *testing.T) {
	for f, want := range map[float64]Amount{34.99: 3499, 0.1: 10, 19.99: 1999, 1.15: 115, 4.35: 435} {
		got, err := FromFloat(f)
		if err != nil || got != want {
			t.Errorf("FromFloat(%v) = %d, %v; want %d", f, got, err, want)
		}
	}
	if _, err := FromFloat(math.NaN()); err == nil {
		t.Error("FromFloat(NaN) accepted")
	}
}

func TestJSON(t *testing.T) {
	var v struct{ Price Amount }
	if err := json.Unmarshal([]byte(`{"Price": 34.99}`), &v); err != nil || v.Price != 3499 {
		t.Fatalf("number: %v %d", err, v.Price)
	}
	if err := json.Unmarshal([]byte(`{"Price": "1.10"}`), &v); err != nil || v.Price != 110 {
		t.Fatalf("string: %v %d", err, v.Price)
	}
	if err := json.Unmarshal([]byte(`{"Price": true}`), &v); err == nil {
		t.Fatal("bool accepted")
	}
	b, _ := json.Marshal(struct{ Price Amount }{3499})
	if string(b) != `{"Price":34.99}` {
		t.Fatalf("marshal: %s", b)
	}
}

func TestUnmarshalGQL(t *testing.T) {
	for in, want := range map[any]Amount{
		"34.99":             3499,
		json.Number("0.10"): 10,
		int64(5):            500,
		34.99:               3499,
		int(2):              200,
	} {
		var a Amount
		if err := a.UnmarshalGQL(in); err != nil || a != want {
			t.Errorf("UnmarshalGQL(%#v) = %d, %v; want %d", in, a, err, want)
		}
	}
	var a Amount
	if err := a.UnmarshalGQL(true); err == nil {
		t.Error("bool accepted")
	}
}

func TestDivRoundHalfEven(t *testing.T) {
	cases := []struct{ num, den, want int64 }{
		{5, 2, 2}, {7, 2, 4}, {-5, 2, -2}, {-7, 2, -4},
		{1, 3, 0}, {2, 3, 1}, {-2, 3, -1}, {10, 4, 2}, {14, 4, 4}, {0, 7, 0}, {6, 3, 2},
	}
	for _, c := range cases {
		if got := DivRound(c.num, c.den); got != c.want {
			t.Errorf("DivRound(%d, %d) = %d, want %d", c.num, c.den, got, c.want)
		}
	}
}

func TestPercent(t *testing.T) {
	rate, err := ParseRate("8.875")
	if err != nil || rate != 88750 {
		t.Fatalf("ParseRate: %d %v", rate, err)
	}
	cases := []struct {
		amt  Amount
		rate int64
		want Amount
	}{
		{1000, rate, 89},  // 88.75 -> 89
		{100, rate, 9},    // 8.875 -> 9
		{200, 25000, 5},   // exactly 5
		{50, 10000, 0},    // 0.5 -> 0 (even)
		{150, 10000, 2},   // 1.5 -> 2 (even)
		{-150, 10000, -2}, // symmetric
		{99, 333333, 33},  // 32.99997 -> 33
	}
	for _, c := range cases {
		if got := c.amt.Percent(c.rate); got != c.want {
			t.Errorf("%s at %d ppm = %s, want %s", c.amt, c.rate, got, c.want)
		}
	}
	for _, bad := range []string{"-1", "101", "1.00001", "x"} {
		if _, err := ParseRate(bad); err == nil {
			t.Errorf("ParseRate(%q) accepted", bad)
		}
	}
}

func TestAllocateSumsExactly(t *testing.T) {
	cases := []struct {
		total   Amount
		weights []int64
		want    []Amount
	}{
		{100, []int64{1, 1, 1}, []Amount{34, 33, 33}},
		{-100, []int64{1, 1, 1}, []Amount{-34, -33, -33}},
		{5, []int64{33, 33, 34}, []Amount{2, 1, 2}},
		{0, []int64{1, 2}, []Amount{0, 0}},
		{7, []int64{0, 0}, []Amount{0, 0}},
	}
	for _, c := range cases {
		got := c.total.Allocate(c.weights)
		var sum Amount
		for i := range got {
			sum += got[i]
			if got[i] != c.want[i] {
				t.Errorf("Allocate(%d, %v) = %v, want %v", c.total, c.weights, got, c.want)
				break
			}
		}
		var wsum int64
		for _, w := range c.weights {
			wsum += w
		}
		if wsum > 0 && sum != c.total {
			t.Errorf("Allocate(%d, %v) sums to %d", c.total, c.weights, sum)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"34.99", "-0.5", "1e2", "0.333", "abc", "", "1e400", "9999999999999999.99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			return
		}
		if a > Max || a < -Max {
			t.Fatalf("Parse(%q) = %d beyond Max", s, a)
		}
		// Whatever parses must format and re-parse to the same amount.
		b, err := Parse(a.String())
		if err != nil || b != a {
			t.Fatalf("round trip of %q: %s -> %d, %v", s, a, b, err)
		}
	})
}

func FuzzAllocate(f *testing.F) {
	f.Add(int64(100), int64(1), int64(2), int64(3))
	f.Fuzz(func(t *testing.T, total, w1, w2, w3 int64) {
		if total > int64(Max) || total < -int64(Max) {
			return
		}
		ws := []int64{w1 % 1_000_000, w2 % 1_000_000, w3 % 1_000_000}
		for i := range ws {
			if ws[i] < 0 {
				ws[i] = -ws[i]
			}
		}
		if ws[0]+ws[1]+ws[2] == 0 {
			return
		}
		var sum Amount
		for _, p := range Amount(total).Allocate(ws) {
			sum += p
		}
		if sum != Amount(total) {
			t.Fatalf("Allocate(%d, %v) sums to %d", total, ws, sum)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		_, _ = Parse("1234.56")
	}
}

func BenchmarkPercent(b *testing.B) {
	a := Amount(123456)
	for b.Loop() {
		_ = a.Percent(88750)
	}
}

func BenchmarkString(b *testing.B) {
	a := Amount(123456)
	for b.Loop() {
		_ = a.String()
	}
}

// TestStringMatchesReference: the fmt-free formatting equals the plain
// "%d.%02d" reading of the minor units, and MarshalGQL is its JSON string.
func TestStringMatchesReference(t *testing.T) {
	values := []int64{0, 1, 9, 10, 99, 100, 101, 109, 110, 12345, 999999999, math.MaxInt64, math.MinInt64, math.MinInt64 + 1}
	for i := int64(-1000); i <= 1000; i += 7 {
		values = append(values, i)
	}
	for _, v := range values {
		u := new(big.Int).Abs(big.NewInt(v))
		q, r := new(big.Int).QuoRem(u, big.NewInt(Scale), new(big.Int))
		want := fmt.Sprintf("%s.%02d", q, r.Int64())
		if v < 0 {
			want = "-" + want
		}
		if got := Amount(v).String(); got != want {
			t.Errorf("Amount(%d).String() = %q, want %q", v, got, want)
		}
		var buf bytes.Buffer
		Amount(v).MarshalGQL(&buf)
		if buf.String() != strconv.Quote(want) {
			t.Errorf("Amount(%d).MarshalGQL = %s, want %q", v, buf.String(), want)
		}
	}
}
