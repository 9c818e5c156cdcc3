// Package money is the one representation of money in Pandac: an integer count
// of minor units (cents), with exact decimal parsing and formatting and the one
// rounding rule (half to even) used for every derived amount.
//
// Floats never hold money here. Inputs that arrive as JSON or GraphQL numbers are
// read as their decimal text and parsed exactly.
package money

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Scale is the number of minor units in one major unit (cents per dollar).
const Scale = 100

// Decimals is the number of digits after the decimal point in formatted amounts.
const Decimals = 2

// Amount is a sum of money in minor units of the store currency.
type Amount int64

// Max is the largest amount accepted from clients: ten trillion major units, far
// above any till yet small enough that sums of many lines cannot overflow int64.
const Max Amount = 1_000_000_000_000_000

// ErrInvalid is returned (wrapped) for text that is not a decimal amount.
var ErrInvalid = errors.New("invalid amount")

// ErrPrecision is returned (wrapped) for amounts with more decimals than the currency has.
var ErrPrecision = errors.New("amount has more than 2 decimal places")

// ErrRange is returned (wrapped) for amounts whose magnitude exceeds Max.
var ErrRange = errors.New("amount out of range")

// FromMinor returns the amount of the given number of minor units.
func FromMinor(minor int64) Amount { return Amount(minor) }

// Minor returns the amount as minor units.
func (a Amount) Minor() int64 { return int64(a) }

// Parse reads a decimal amount such as "34.99", "-0.5", "12" or "1e2".
// It rejects more than two decimal places rather than silently rounding, since
// a client that sends 0.333 as a price has made a mistake worth reporting.
func Parse(s string) (Amount, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("%w: empty", ErrInvalid)
	}
	if len(t) > 64 {
		return 0, fmt.Errorf("%w: too long", ErrInvalid)
	}
	r, ok := new(big.Rat).SetString(t)
	if !ok || strings.ContainsAny(t, "/xXpP_") || strings.EqualFold(t, "nan") || strings.Contains(strings.ToLower(t), "inf") {
		return 0, fmt.Errorf("%w: %q", ErrInvalid, s)
	}
	r.Mul(r, big.NewRat(Scale, 1))
	if !r.IsInt() {
		return 0, fmt.Errorf("%w: %q", ErrPrecision, s)
	}
	n := r.Num()
	if !n.IsInt64() || n.Int64() > int64(Max) || n.Int64() < -int64(Max) {
		return 0, fmt.Errorf("%w: %q", ErrRange, s)
	}
	return Amount(n.Int64()), nil
}

// MustParse is Parse for constants in code and tests; it panics on bad input.
func MustParse(s string) Amount {
	a, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return a
}

// FromFloat converts a float that came from a decoder (JSON, GraphQL literal)
// through its shortest decimal text, so 34.99 stays 34.99 and never 34.98999.
func FromFloat(f float64) (Amount, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%w: %v", ErrInvalid, f)
	}
	return Parse(strconv.FormatFloat(f, 'f', -1, 64))
}

// String formats the amount with exactly two decimals, e.g. "-3.05".
func (a Amount) String() string {
	var buf [24]byte
	return string(a.appendTo(buf[:0]))
}

// appendTo appends the amount as String formats it, without fmt: amounts
// are written for every price in every response.
func (a Amount) appendTo(b []byte) []byte {
	v := int64(a)
	var u uint64
	if v < 0 {
		b = append(b, '-')
		u = uint64(-(v + 1)) + 1
	} else {
		u = uint64(v)
	}
	b = strconv.AppendUint(b, u/Scale, 10)
	b = append(b, '.')
	if f := u % Scale; f < 10 {
		b = append(b, '0', byte('0'+f))
	} else {
		b = strconv.AppendUint(b, f, 10)
	}
	return b
}

// Float64 returns the amount in major units as a float, for JSON clients that
// expect numbers. It is exact for every amount below 2^53 minor units.
func (a Amount) Float64() float64 { return float64(a) / Scale }

// MarshalJSON writes the amount as a JSON number with two decimals (34.99).
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalJSON reads a JSON number or numeric string exactly.
func (a *Amount) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if strings.HasPrefix(s, `"`) {
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			return fmt.Errorf("%w: %s", ErrInvalid, s)
		}
		s = str
	}
	v, err := Parse(s)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// MarshalGQL writes the amount as a GraphQL Decimal: a JSON string ("34.99").
func (a Amount) MarshalGQL(w io.Writer) {
	var buf [26]byte
	b := append(a.appendTo(append(buf[:0], '"')), '"')
	_, _ = w.Write(b)
}

// UnmarshalGQL reads a GraphQL Decimal input: a string, a json.Number from
// variables, or an int64/float64 literal.
func (a *Amount) UnmarshalGQL(v any) error {
	var (
		out Amount
		err error
	)
	switch x := v.(type) {
	case string:
		out, err = Parse(x)
	case json.Number:
		out, err = Parse(x.String())
	case int64:
		out, err = Parse(strconv.FormatInt(x, 10))
	case int:
		out, err = Parse(strconv.Itoa(x))
	case float64:
		out, err = FromFloat(x)
	default:
		return fmt.Errorf("%w: Decimal must be a string or number, got %T", ErrInvalid, v)
	}
	if err != nil {
		return err
	}
	*a = out
	return nil
}

// Add returns a+b.
func (a Amount) Add(b Amount) Amount { return a + b }

// Sub returns a-b.
func (a Amount) Sub(b Amount) Amount { return a - b }

// Mul returns the amount times a whole quantity.
func (a Amount) Mul(qty int64) Amount { return a * Amount(qty) }

// Neg returns -a.
func (a Amount) Neg() Amount { return -a }

// Min returns the smaller of a and b.
func Min(a, b Amount) Amount {
	if a < b {
		return a
	}
	return b
}

// DivRound divides num by den and rounds half to even. It is the one rounding
// rule of Pandac: every derived cent (tax, percentage discount, proration) goes
// through it. den must be positive.
func DivRound(num, den int64) int64 {
	if den <= 0 {
		panic("money: DivRound with non-positive denominator")
	}
	q, r := num/den, num%den
	if r == 0 {
		return q
	}
	// Work with the remainder's magnitude against half the denominator.
	twice := 2 * absInt(r)
	neg := (num < 0) != (den < 0)
	away := twice > den || (twice == den && q%2 != 0)
	if away {
		if neg {
			q--
		} else {
			q++
		}
	}
	return q
}

func absInt(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// Percent applies a rate in parts per million of the whole (8.875% = 88750,
// as ParseRate returns it) to the amount, rounding half to even.
func (a Amount) Percent(ratePPM int64) Amount {
	// Use big arithmetic so large amounts times rates cannot overflow.
	p := new(big.Int).Mul(big.NewInt(int64(a)), big.NewInt(ratePPM))
	den := big.NewInt(1_000_000)
	q, r := new(big.Int).QuoRem(p, den, new(big.Int))
	if r.Sign() != 0 {
		twice := new(big.Int).Abs(r)
		twice.Mul(twice, big.NewInt(2))
		c := twice.Cmp(den)
		if c > 0 || (c == 0 && q.Bit(0) == 1) {
			if p.Sign() < 0 {
				q.Sub(q, big.NewInt(1))
			} else {
				q.Add(q, big.NewInt(1))
			}
		}
	}
	return Amount(q.Int64())
}

// ParseRate reads a percentage such as "8.875" (meaning 8.875%) into parts per
// million of the whole (8.875% = 88750), the unit Percent takes. Up to four
// decimals of a percent are accepted; rates must lie in [0, 100].
func ParseRate(s string) (int64, error) {
	t := strings.TrimSpace(s)
	r, ok := new(big.Rat).SetString(t)
	if !ok || t == "" || strings.ContainsAny(t, "/xXpP_") {
		return 0, fmt.Errorf("invalid rate %q: want a percentage like 8.875", s)
	}
	r.Mul(r, big.NewRat(10_000, 1))
	if !r.IsInt() {
		return 0, fmt.Errorf("invalid rate %q: at most 4 decimal places", s)
	}
	n := r.Num()
	if !n.IsInt64() || n.Int64() < 0 || n.Int64() > 1_000_000 {
		return 0, fmt.Errorf("invalid rate %q: must be between 0 and 100", s)
	}
	return n.Int64(), nil
}

// Allocate splits the amount across weights in proportion, so that the parts
// always sum to the amount exactly (largest-remainder method; ties go to the
// earlier weight). It is used to spread a sale-level discount over its lines.
func (a Amount) Allocate(weights []int64) []Amount {
	out := make([]Amount, len(weights))
	var total int64
	for _, w := range weights {
		total += w
	}
	if total == 0 || len(weights) == 0 {
		return out
	}
	var given Amount
	rems := make([]int64, len(weights))
	for i, w := range weights {
		p := new(big.Int).Mul(big.NewInt(int64(a)), big.NewInt(w))
		q, r := new(big.Int).QuoRem(p, big.NewInt(total), new(big.Int))
		out[i] = Amount(q.Int64())
		given += out[i]
		rems[i] = absInt(r.Int64())
	}
	left := a - given
	step := Amount(1)
	if left < 0 {
		step = -1
	}
	// Hand out the leftover cents by largest remainder, ties to the earlier index.
	used := make([]bool, len(weights))
	for left != 0 {
		best := -1
		for j, r := range rems {
			if !used[j] && (best == -1 || r > rems[best]) {
				best = j
			}
		}
		if best == -1 {
			break
		}
		out[best] += step
		used[best] = true
		left -= step
	}
	return out
}
