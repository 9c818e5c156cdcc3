package rest

import (
	"bytes"
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/money"
)

// FuzzDecodeBody feeds the REST body decoder arbitrary bytes and reads typed
// fields from whatever it accepts: it must never panic, every value it hands
// back must be within the bounds asked for, and anything it refuses must be
// reported as a validation error (a 422), never silently dropped.
func FuzzDecodeBody(f *testing.F) {
	for _, s := range []string{
		`{"name": "Tea", "price": 2.35, "quantity": 3, "product_id": "0190d3e4-0000-7000-8000-000000000001"}`,
		`{"price": "1e30", "quantity": 2.5}`, `{"name": null}`, `[]`, `null`, `{`, ``, `{"a":1}{"b":2}`,
		`{"price": -0.001, "quantity": "9223372036854775808", "name": "` + strings.Repeat("ŝ", 120) + `"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		req := httptest.NewRequest(http.MethodPost, "/v1/products", bytes.NewReader(data))
		c := &call{w: httptest.NewRecorder(), r: req, ctx: context.Background()}
		if !c.parseBody(true) {
			if len(c.errs) == 0 {
				t.Fatalf("body %q refused without a validation error", data)
			}
			return
		}
		before := len(c.errs)
		if s := c.str("name", strOpts{min: 1, max: 100}); s != nil {
			if n := len([]rune(*s)); n < 1 || n > 100 {
				t.Fatalf("name of %d characters accepted", n)
			}
		}
		if a := c.amount("price", amountOpts{}); a != nil && (*a < 0 || *a > money.Max) {
			t.Fatalf("price %s accepted", *a)
		}
		if n := c.integer("quantity", intOpts{min: 1, max: 1_000_000}); n != nil && (*n < 1 || *n > 1_000_000) {
			t.Fatalf("quantity %d accepted", *n)
		}
		_ = c.id("product_id", false)
		// A field that is present, not null and yet produced nothing must
		// have been reported.
		reported := len(c.errs) > before
		for _, name := range []string{"name", "price", "quantity", "product_id"} {
			if raw, ok := c.body[name]; ok && string(bytes.TrimSpace(raw)) != "null" && !reported {
				var got bool
				switch name {
				case "name":
					got = c.str(name, strOpts{min: 1, max: 100}) != nil
				case "price":
					got = c.amount(name, amountOpts{}) != nil
				case "quantity":
					got = c.integer(name, intOpts{min: 1, max: 1_000_000}) != nil
				case "product_id":
					got = c.id(name, false) != nil
				}
				if !got && len(c.errs) == before {
					t.Fatalf("field %s=%s dropped without an error", name, raw)
				}
			}
		}
	})
}

// FuzzParseInt: integers as pydantic reads them (3, 3.0, "3"); whatever is
// accepted is exactly the integer written, never a rounded float.
func FuzzParseInt(f *testing.F) {
	for _, s := range []string{"3", "3.0", `"3"`, "2.5", "1e30", "9223372036854775807", "9223372036854775808", "-0", `"abc"`, "9007199254740993.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseInt([]byte(s))
		if err != nil {
			return
		}
		text := strings.Trim(strings.TrimSpace(s), `"`)
		if exact, perr := strconv.ParseInt(text, 10, 64); perr == nil {
			if exact != n {
				t.Fatalf("%q read as %d", s, n)
			}
			return
		}
		fl, ferr := strconv.ParseFloat(text, 64)
		if ferr != nil || fl != math.Trunc(fl) || math.Abs(fl) > 1<<53 || int64(fl) != n {
			t.Fatalf("%q accepted as %d", s, n)
		}
	})
}
