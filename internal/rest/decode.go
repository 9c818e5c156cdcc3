package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/money"
)

// call is one request being served: the request, and the validation errors
// gathered while reading its path, query and body, reported together.
type call struct {
	*api
	w    http.ResponseWriter
	r    *http.Request
	ctx  context.Context
	errs []FieldError
	body map[string]json.RawMessage
	read bool
}

func (c *call) fail(loc []any, typ, msg string) {
	c.errs = append(c.errs, FieldError{Loc: loc, Msg: msg, Type: typ})
}

// done reports the gathered validation errors, if any.
func (c *call) done() error {
	if len(c.errs) == 0 {
		return nil
	}
	return &ValidationError{Fields: c.errs}
}

// pathID reads a UUID path parameter.
func (c *call) pathID(name string) uuid.UUID {
	s := chi.URLParam(c.r, name)
	id, err := uuid.Parse(s)
	if err != nil {
		c.fail([]any{"path", name}, "uuid_parsing", "Input should be a valid UUID")
	}
	return id
}

// pathDate reads a YYYY-MM-DD path parameter.
func (c *call) pathDate(name string) time.Time {
	d, err := time.Parse(time.DateOnly, chi.URLParam(c.r, name))
	if err != nil {
		c.fail([]any{"path", name}, "date_from_datetime_parsing", "Input should be a valid date in the format YYYY-MM-DD")
	}
	return d
}

// queryInt reads an optional integer query parameter within [lo, hi].
func (c *call) queryInt(name string, def, lo, hi int64) int64 {
	s := c.r.URL.Query().Get(name)
	if s == "" {
		return def
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		c.fail([]any{"query", name}, "int_parsing", "Input should be a valid integer, unable to parse string as an integer")
		return def
	}
	if v < lo {
		c.fail([]any{"query", name}, "greater_than_equal", fmt.Sprintf("Input should be greater than or equal to %d", lo))
		return def
	}
	if v > hi {
		c.fail([]any{"query", name}, "less_than_equal", fmt.Sprintf("Input should be less than or equal to %d", hi))
		return def
	}
	return v
}

// requiredQueryInt reads a mandatory integer query parameter.
func (c *call) requiredQueryInt(name string, lo, hi int64) int64 {
	if !c.r.URL.Query().Has(name) {
		c.fail([]any{"query", name}, "missing", "Field required")
		return 0
	}
	return c.queryInt(name, 0, lo, hi)
}

// queryString reads a query parameter; required ones must be non-empty.
func (c *call) queryString(name string, required bool) string {
	q := c.r.URL.Query()
	if required && !q.Has(name) {
		c.fail([]any{"query", name}, "missing", "Field required")
	}
	return q.Get(name)
}

// queryBool reads an optional boolean query parameter, FastAPI spellings.
func (c *call) queryBool(name string) bool {
	s := strings.ToLower(c.r.URL.Query().Get(name))
	switch s {
	case "", "false", "0", "no", "off", "f", "n":
		return false
	case "true", "1", "yes", "on", "t", "y":
		return true
	}
	c.fail([]any{"query", name}, "bool_parsing", "Input should be a valid boolean, unable to interpret input")
	return false
}

// queryID reads an optional UUID query parameter.
func (c *call) queryID(name string) *uuid.UUID {
	s := c.r.URL.Query().Get(name)
	if s == "" {
		return nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		c.fail([]any{"query", name}, "uuid_parsing", "Input should be a valid UUID")
		return nil
	}
	return &id
}

// timeOpts says how a date or date-time query parameter is read.
type timeOpts struct {
	required bool
	// endOfDay reads a bare date as the last instant of that day, so that an
	// end date includes the whole day.
	endOfDay bool
}

// queryTime reads a date or date-time query parameter. A bare date means the
// start of that day in UTC, or its end when o.endOfDay is set.
func (c *call) queryTime(name string, o timeOpts) *time.Time {
	s := c.queryString(name, o.required)
	if s == "" {
		return nil
	}
	t, ok := parseTime(s, o.endOfDay)
	if !ok {
		c.fail([]any{"query", name}, "datetime_parsing", "Input should be a valid datetime or date")
		return nil
	}
	return &t
}

func parseTime(s string, endOfDay bool) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		if endOfDay {
			return d.Add(24*time.Hour - time.Nanosecond), true
		}
		return d, true
	}
	return time.Time{}, false
}

// page reads FastAPI's skip/limit paging.
func (c *call) page() (offset, limit int) {
	return int(c.queryInt("skip", 0, 0, math.MaxInt32)), int(c.queryInt("limit", 100, 1, 1000))
}

// parseBody reads the JSON object body once. Unknown fields are kept but
// never read, so they are ignored, as pydantic does.
func (c *call) parseBody(required bool) bool {
	if c.read {
		return c.body != nil
	}
	c.read = true
	data, err := io.ReadAll(c.r.Body)
	if err != nil {
		c.fail([]any{"body"}, "json_invalid", "could not read the request body")
		return false
	}
	if len(bytes.TrimSpace(data)) == 0 {
		if required {
			c.fail([]any{"body"}, "missing", "Field required")
		}
		return false
	}
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&m); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			c.fail([]any{"body"}, "model_attributes_type", "Input should be a valid dictionary or object to extract fields from")
		} else {
			c.fail([]any{"body", 0}, "json_invalid", "JSON decode error")
		}
		return false
	}
	if dec.More() {
		c.fail([]any{"body", 0}, "json_invalid", "JSON decode error")
		return false
	}
	if m == nil {
		c.fail([]any{"body"}, "model_attributes_type", "Input should be a valid dictionary or object to extract fields from")
		return false
	}
	c.body = m
	return true
}

// raw returns a body field; a JSON null counts as absent.
func (c *call) raw(name string, required bool) (json.RawMessage, bool) {
	v, ok := c.body[name]
	if ok && string(bytes.TrimSpace(v)) == "null" {
		ok = false
	}
	if !ok && required {
		c.fail([]any{"body", name}, "missing", "Field required")
	}
	return v, ok
}

// has reports whether the body carries a field, null included, so updates
// can tell "clear" from "leave alone".
func (c *call) has(name string) bool { _, ok := c.body[name]; return ok }

// strOpts bounds a string field's length in characters; max 0 means
// unbounded.
type strOpts struct {
	required bool
	min, max int
}

// str reads a string field within o's bounds.
func (c *call) str(name string, o strOpts) *string {
	v, ok := c.raw(name, o.required)
	if !ok {
		return nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		c.fail([]any{"body", name}, "string_type", "Input should be a valid string")
		return nil
	}
	n := len([]rune(s))
	if n < o.min {
		c.fail([]any{"body", name}, "string_too_short", fmt.Sprintf("String should have at least %d characters", o.min))
		return nil
	}
	if o.max > 0 && n > o.max {
		c.fail([]any{"body", name}, "string_too_long", fmt.Sprintf("String should have at most %d characters", o.max))
		return nil
	}
	return &s
}

// amountOpts says which money values a field accepts.
type amountOpts struct {
	required bool
	// positive demands > 0, for amounts that must move money (a payment);
	// otherwise >= 0.
	positive bool
}

// amount reads a money field: a JSON number (or numeric string) with at most
// two decimals, never through a float.
func (c *call) amount(name string, o amountOpts) *money.Amount {
	v, ok := c.raw(name, o.required)
	if !ok {
		return nil
	}
	var a money.Amount
	if err := a.UnmarshalJSON(v); err != nil {
		typ, msg := "decimal_parsing", "Input should be a valid number with at most 2 decimal places"
		if errors.Is(err, money.ErrRange) {
			typ, msg = "less_than_equal", "Input is out of range"
		}
		c.fail([]any{"body", name}, typ, msg)
		return nil
	}
	if o.positive && a <= 0 {
		c.fail([]any{"body", name}, "greater_than", "Input should be greater than 0")
		return nil
	}
	if a < 0 {
		c.fail([]any{"body", name}, "greater_than_equal", "Input should be greater than or equal to 0")
		return nil
	}
	return &a
}

// intOpts bounds a whole-number field to [min, max]; max 0 means no upper
// bound.
type intOpts struct {
	required bool
	min, max int64
}

// integer reads a whole-number field within o's bounds.
func (c *call) integer(name string, o intOpts) *int64 {
	v, ok := c.raw(name, o.required)
	if !ok {
		return nil
	}
	n, err := parseInt(v)
	if err != nil {
		c.fail([]any{"body", name}, "int_parsing", "Input should be a valid integer")
		return nil
	}
	if n < o.min {
		c.fail([]any{"body", name}, "greater_than_equal", fmt.Sprintf("Input should be greater than or equal to %d", o.min))
		return nil
	}
	if o.max != 0 && n > o.max {
		c.fail([]any{"body", name}, "less_than_equal", fmt.Sprintf("Input should be less than or equal to %d", o.max))
		return nil
	}
	return &n
}

// parseInt accepts 3, 3.0 and "3" as pydantic does, and nothing fractional or
// beyond int64.
func parseInt(v json.RawMessage) (int64, error) {
	s := strings.TrimSpace(string(v))
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(v, &s); err != nil {
			return 0, err
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, errors.New("not an integer")
	}
	return int64(f), nil
}

// id reads a UUID field.
func (c *call) id(name string, required bool) *uuid.UUID {
	v, ok := c.raw(name, required)
	if !ok {
		return nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		c.fail([]any{"body", name}, "uuid_type", "UUID input should be a string")
		return nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		c.fail([]any{"body", name}, "uuid_parsing", "Input should be a valid UUID")
		return nil
	}
	return &id
}

// boolean reads a boolean field.
func (c *call) boolean(name string) *bool {
	v, ok := c.raw(name, false)
	if !ok {
		return nil
	}
	var b bool
	if err := json.Unmarshal(v, &b); err != nil {
		c.fail([]any{"body", name}, "bool_type", "Input should be a valid boolean")
		return nil
	}
	return &b
}

// timestamp reads an ISO-8601 date-time field.
func (c *call) timestamp(name string, required bool) *time.Time {
	v, ok := c.raw(name, required)
	if !ok {
		return nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		if t, ok := parseTime(s, false); ok {
			return &t
		}
	}
	c.fail([]any{"body", name}, "datetime_parsing", "Input should be a valid datetime")
	return nil
}

// strs reads a list of strings.
func (c *call) strs(name string) []string {
	v, ok := c.raw(name, false)
	if !ok {
		return nil
	}
	var out []string
	if err := json.Unmarshal(v, &out); err != nil {
		c.fail([]any{"body", name}, "list_type", "Input should be a valid list of strings")
		return nil
	}
	return out
}

// objects reads a list of JSON objects, for nested inputs (sale items,
// purchase-order lines).
func (c *call) objects(name string, required bool) []map[string]json.RawMessage {
	v, ok := c.raw(name, required)
	if !ok {
		return nil
	}
	var out []map[string]json.RawMessage
	if err := json.Unmarshal(v, &out); err != nil {
		c.fail([]any{"body", name}, "list_type", "Input should be a valid list of objects")
		return nil
	}
	return out
}

// nested returns a call reading one nested object, whose errors are reported
// under the parent's location (["body", "items", 0, "quantity"]).
func (c *call) nested(obj map[string]json.RawMessage) *call {
	return &call{api: c.api, r: c.r, ctx: c.ctx, body: obj, read: true, w: c.w, errs: nil}
}

// adopt moves a nested call's errors into c, prefixing their location.
func (c *call) adopt(n *call, loc ...any) {
	for _, e := range n.errs {
		l := append([]any{"body"}, loc...)
		l = append(l, e.Loc[1:]...)
		c.errs = append(c.errs, FieldError{Loc: l, Msg: e.Msg, Type: e.Type})
	}
}

// enumOf reads a string field that must be one of a table's REST spellings.
func (c *call) enumOf(name string, required bool, t enumTable) (string, bool) {
	s := c.str(name, strOpts{required: required})
	if s == nil {
		return "", false
	}
	core, ok := t.toCore(*s)
	if !ok {
		c.fail([]any{"body", name}, "enum", "Input should be "+t.expected())
		return "", false
	}
	return core, true
}

// uuids reads a list of UUIDs.
func (c *call) uuids(name string) []uuid.UUID {
	ss := c.strs(name)
	out := make([]uuid.UUID, 0, len(ss))
	for i, s := range ss {
		id, err := uuid.Parse(s)
		if err != nil {
			c.fail([]any{"body", name, i}, "uuid_parsing", "Input should be a valid UUID")
			continue
		}
		out = append(out, id)
	}
	return out
}
