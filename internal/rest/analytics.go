package rest

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/pandac/pandac/internal/pos"
)

// The /v1/analytics route is not in the reference API: it is salesAnalytics
// (analytics.graphqls) for spreadsheet users and scripts. GET takes the input
// as query parameters (groupBy and measures comma-separated, orderBy as
// NAME:asc|desc pairs) so a link can be pasted into a spreadsheet; POST takes
// it as a JSON body in the GraphQL input's shape. Both answer JSON, or CSV
// with Accept: text/csv (or ?format=csv). The filter where-inputs are
// GraphQL's only: the where checks that guard them live in the GraphQL port.

// analyticsView is the JSON answer: keys and values by name.
type analyticsView struct {
	Timezone   string                   `json:"timezone"`
	Dimensions []pos.AnalyticsDimension `json:"dimensions"`
	Measures   []pos.AnalyticsMeasure   `json:"measures"`
	Rows       []analyticsRowView       `json:"rows"`
	Totals     map[string]any           `json:"totals,omitempty"`
	EmptyCells int                      `json:"emptyCells"`
}

type analyticsRowView struct {
	Keys   map[string]string `json:"keys"`
	Values map[string]any    `json:"values"`
}

// analyticsValues maps measure names to their JSON values: money as a
// decimal string (exact, as GraphQL's Decimal), counts as numbers, MARGIN as
// a number or null.
func analyticsValues(vs []pos.AnalyticsValue) map[string]any {
	out := make(map[string]any, len(vs))
	for _, v := range vs {
		switch {
		case v.Amount != nil:
			out[string(v.Measure)] = v.Amount.String()
		case v.Count != nil:
			out[string(v.Measure)] = *v.Count
		case v.Percent != nil:
			out[string(v.Measure)] = *v.Percent
		default:
			out[string(v.Measure)] = nil
		}
	}
	return out
}

func analyticsViewOf(r *pos.AnalyticsResult) *analyticsView {
	v := &analyticsView{Timezone: r.Timezone, Dimensions: r.Dimensions, Measures: r.Measures, Rows: make([]analyticsRowView, len(r.Rows)), EmptyCells: r.EmptyCells}
	if v.Dimensions == nil {
		v.Dimensions = []pos.AnalyticsDimension{}
	}
	for i, row := range r.Rows {
		keys := make(map[string]string, len(row.Keys))
		for _, k := range row.Keys {
			keys[string(k.Dimension)] = k.Label
		}
		v.Rows[i] = analyticsRowView{Keys: keys, Values: analyticsValues(row.Values)}
	}
	if r.Totals != nil {
		v.Totals = analyticsValues(r.Totals)
	}
	return v
}

// analyticsBody is the POST body: SalesAnalyticsInput as JSON.
type analyticsBody struct {
	From       *time.Time               `json:"from"`
	To         *time.Time               `json:"to"`
	Timezone   string                   `json:"timezone"`
	Filter     json.RawMessage          `json:"filter"`
	GroupBy    []pos.AnalyticsDimension `json:"groupBy"`
	Measures   []pos.AnalyticsMeasure   `json:"measures"`
	OrderBy    []analyticsOrderBody     `json:"orderBy"`
	Limit      *int                     `json:"limit"`
	WithTotals bool                     `json:"withTotals"`
}

type analyticsOrderBody struct {
	Measure   pos.AnalyticsMeasure   `json:"measure"`
	Dimension pos.AnalyticsDimension `json:"dimension"`
	Direction string                 `json:"direction"`
}

// analytics serves GET and POST /v1/analytics.
func (c *call) analytics() (any, error) {
	var req pos.AnalyticsRequest
	if c.r.Method == "POST" {
		if !c.parseBody(true) {
			return nil, c.done()
		}
		raw, _ := json.Marshal(c.body)
		var b analyticsBody
		if err := json.Unmarshal(raw, &b); err != nil {
			c.fail([]any{"body"}, "model_attributes_type", "Input should be a SalesAnalyticsInput: "+err.Error())
			return nil, c.done()
		}
		if b.From == nil {
			c.fail([]any{"body", "from"}, "missing", "Field required")
		}
		if b.To == nil {
			c.fail([]any{"body", "to"}, "missing", "Field required")
		}
		if len(b.Filter) > 0 && string(b.Filter) != "null" {
			c.fail([]any{"body", "filter"}, "value_error", "filter is only available through GraphQL (salesAnalytics), where its where-inputs are checked field by field")
		}
		if err := c.done(); err != nil {
			return nil, err
		}
		req = pos.AnalyticsRequest{From: *b.From, To: *b.To, Timezone: b.Timezone, GroupBy: b.GroupBy, Measures: b.Measures, Limit: b.Limit, WithTotals: b.WithTotals}
		for i, o := range b.OrderBy {
			desc, ok := direction(o.Direction)
			if !ok {
				c.fail([]any{"body", "orderBy", i, "direction"}, "literal_error", "Input should be 'ASC' or 'DESC'")
			}
			req.OrderBy = append(req.OrderBy, pos.AnalyticsOrder{Measure: o.Measure, Dimension: o.Dimension, Desc: desc})
		}
	} else {
		from := c.queryTime("from", timeOpts{required: true})
		to := c.queryTime("to", timeOpts{required: true})
		req.Timezone = c.queryString("timezone", false)
		for _, d := range list(c.queryString("groupBy", false)) {
			req.GroupBy = append(req.GroupBy, pos.AnalyticsDimension(strings.ToUpper(d)))
		}
		for _, m := range list(c.queryString("measures", true)) {
			req.Measures = append(req.Measures, pos.AnalyticsMeasure(strings.ToUpper(m)))
		}
		for _, o := range list(c.queryString("orderBy", false)) {
			name, dir, _ := strings.Cut(o, ":")
			desc, ok := direction(dir)
			if !ok {
				c.fail([]any{"query", "orderBy"}, "literal_error", "an order is NAME, NAME:asc or NAME:desc")
			}
			ord := pos.AnalyticsOrder{Desc: desc}
			name = strings.ToUpper(name)
			if isDimension(name) {
				ord.Dimension = pos.AnalyticsDimension(name)
			} else {
				ord.Measure = pos.AnalyticsMeasure(name)
			}
			req.OrderBy = append(req.OrderBy, ord)
		}
		if s := c.queryString("limit", false); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				c.fail([]any{"query", "limit"}, "int_parsing", "Input should be a valid integer")
			}
			req.Limit = &n
		}
		req.WithTotals = c.queryBool("withTotals")
		if err := c.done(); err != nil {
			return nil, err
		}
		req.From, req.To = *from, *to
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	res, err := c.pos.Reports().SalesAnalytics(c.ctx, req)
	if err != nil {
		return nil, err
	}
	return &export{view: analyticsViewOf(res), report: res, name: "analytics", dates: spanDates(req.From.In(time.UTC), req.To.In(time.UTC))}, nil
}

// direction reads asc/desc in either case; empty is the GraphQL default, DESC.
func direction(s string) (desc, ok bool) {
	switch strings.ToUpper(s) {
	case "", "DESC":
		return true, true
	case "ASC":
		return false, true
	}
	return false, false
}

func isDimension(name string) bool {
	for _, d := range pos.AnalyticsDimensions {
		if string(d) == name {
			return true
		}
	}
	return false
}

// list splits a comma-separated parameter, dropping empty items.
func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
