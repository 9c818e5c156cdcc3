package pos

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent/predicate"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
)

// How salesAnalytics counts (analytics.graphqls says the same to clients):
//
//   - Sales count as in every other report (countedStatuses): COMPLETED,
//     PARTIALLY_REFUNDED and REFUNDED sales, in the period their completed_at
//     falls in, refunds included in the period of the sale.
//   - The grain of the grouped rows follows the dimensions. Sale grain (time,
//     CASHIER, CUSTOMER, CUSTOMER_TIER, DISCOUNT, or none): money measures are
//     the sales' own columns, so DAY x NET equals salesReport. Line grain
//     (PRODUCT, CATEGORY, SUPPLIER, or a line filter): money is measured on
//     the lines, which add up to their sale because checkout allocates the
//     sale discount and the sale tax to the lines (Quote); a line's refund is
//     its share of the money paid back (ProratedShare of its subtotal plus
//     tax over the units refunded), and SALE_COUNT counts distinct sales.
//     Payment grain (PAYMENT_METHOD): GROSS is what the method took, REFUNDS
//     what it paid back, NET the difference (salesByPaymentMethod's amount);
//     measures that have no meaning per tender are refused.

// AnalyticsDimension is what analytics rows are grouped by.
type AnalyticsDimension string

// The dimensions. Time buckets are cut in the request's zone; weeks start on
// Monday.
const (
	DimHour          AnalyticsDimension = "HOUR"
	DimDay           AnalyticsDimension = "DAY"
	DimWeek          AnalyticsDimension = "WEEK"
	DimMonth         AnalyticsDimension = "MONTH"
	DimQuarter       AnalyticsDimension = "QUARTER"
	DimYear          AnalyticsDimension = "YEAR"
	DimWeekday       AnalyticsDimension = "WEEKDAY"
	DimHourOfDay     AnalyticsDimension = "HOUR_OF_DAY"
	DimProduct       AnalyticsDimension = "PRODUCT"
	DimCategory      AnalyticsDimension = "CATEGORY"
	DimSupplier      AnalyticsDimension = "SUPPLIER"
	DimCashier       AnalyticsDimension = "CASHIER"
	DimCustomer      AnalyticsDimension = "CUSTOMER"
	DimCustomerTier  AnalyticsDimension = "CUSTOMER_TIER"
	DimPaymentMethod AnalyticsDimension = "PAYMENT_METHOD"
	DimDiscount      AnalyticsDimension = "DISCOUNT"
)

// AnalyticsDimensions lists every dimension, in the order the API documents
// them.
var AnalyticsDimensions = []AnalyticsDimension{DimHour, DimDay, DimWeek, DimMonth, DimQuarter, DimYear, DimWeekday, DimHourOfDay,
	DimProduct, DimCategory, DimSupplier, DimCashier, DimCustomer, DimCustomerTier, DimPaymentMethod, DimDiscount}

// AnalyticsMeasure is a figure computed for each analytics row.
type AnalyticsMeasure string

// The measures.
const (
	MeasureSaleCount         AnalyticsMeasure = "SALE_COUNT"
	MeasureUnits             AnalyticsMeasure = "UNITS"
	MeasureGross             AnalyticsMeasure = "GROSS"
	MeasureDiscounts         AnalyticsMeasure = "DISCOUNTS"
	MeasureTax               AnalyticsMeasure = "TAX"
	MeasureNet               AnalyticsMeasure = "NET"
	MeasureRefunds           AnalyticsMeasure = "REFUNDS"
	MeasureCostOfGoods       AnalyticsMeasure = "COST_OF_GOODS"
	MeasureGrossProfit       AnalyticsMeasure = "GROSS_PROFIT"
	MeasureMargin            AnalyticsMeasure = "MARGIN"
	MeasureAverageBasket     AnalyticsMeasure = "AVERAGE_BASKET"
	MeasureDistinctCustomers AnalyticsMeasure = "DISTINCT_CUSTOMERS"
)

// AnalyticsMeasures lists every measure, in the order the API documents them.
var AnalyticsMeasures = []AnalyticsMeasure{MeasureSaleCount, MeasureUnits, MeasureGross, MeasureDiscounts, MeasureTax, MeasureNet,
	MeasureRefunds, MeasureCostOfGoods, MeasureGrossProfit, MeasureMargin, MeasureAverageBasket, MeasureDistinctCustomers}

// Limits of one salesAnalytics request.
const (
	// MaxAnalyticsRows bounds the rows of one answer; more is an error unless
	// the request set a limit itself (then it is a top-N).
	MaxAnalyticsRows = 10000
	// MaxAnalyticsDimensions: two make a pivot, a third would be a cube no
	// client lays out.
	MaxAnalyticsDimensions = 2
)

// MaxAnalyticsSpan bounds [from, to): ten years in general (every sale the
// store is likely to have), one year (plus a day) when grouped by HOUR, so
// the statement never scans more than it can answer within the row limit.
var (
	MaxAnalyticsSpan     = 10 * 366 * 24 * time.Hour
	MaxAnalyticsHourSpan = 367 * 24 * time.Hour
)

// AnalyticsFilter narrows the sales and lines analysed, with the predicates
// of the generated where-inputs (the GraphQL port converts them with P()).
type AnalyticsFilter struct {
	Sale predicate.Sale
	Line predicate.SaleItem
}

// AnalyticsOrder sorts rows by one requested measure or dimension.
type AnalyticsOrder struct {
	Measure   AnalyticsMeasure
	Dimension AnalyticsDimension
	Desc      bool
}

// AnalyticsRequest is one salesAnalytics question.
type AnalyticsRequest struct {
	From, To time.Time
	// Timezone is an IANA name; empty means the store's setting.
	Timezone string
	Filter   AnalyticsFilter
	GroupBy  []AnalyticsDimension
	Measures []AnalyticsMeasure
	OrderBy  []AnalyticsOrder
	// Limit, when set, cuts the answer to that many rows (1..MaxAnalyticsRows)
	// silently; unset, more than MaxAnalyticsRows rows is an error.
	Limit      *int
	WithTotals bool
}

// AnalyticsKey is one group key of a row. Exactly one of the typed members
// matches the dimension; None marks a group of rows without a value (no
// customer, no supplier), labelled "(none)".
type AnalyticsKey struct {
	Dimension AnalyticsDimension
	Label     string
	// PeriodStart is the start of a time bucket (HOUR..YEAR), in the zone.
	PeriodStart *time.Time
	// Number is WEEKDAY (0 = Monday) or HOUR_OF_DAY (0-23).
	Number *int
	// ID is the product, supplier, cashier, customer or discount.
	ID *uuid.UUID
	// Text is the category, the customer tier or the payment method.
	Text *string
	None bool
	// Entity is the row the key names (*ent.Product, *ent.Supplier,
	// *ent.Customer, *ent.Discount, *StaffMember) when a port has loaded it
	// for display; the core leaves it nil, to stay one statement per call.
	Entity any
}

// AnalyticsValue is one measure of a row: money in Amount, counts in Count,
// MARGIN in Percent (nil when NET is zero).
type AnalyticsValue struct {
	Measure AnalyticsMeasure
	Amount  *money.Amount
	Count   *int64
	Percent *float64
}

// AnalyticsRow is one group: its keys in groupBy order and its values in
// measures order.
type AnalyticsRow struct {
	Keys   []AnalyticsKey
	Values []AnalyticsValue
}

// AnalyticsPivot lists the distinct keys of each axis of a two-dimension
// answer, in row order.
type AnalyticsPivot struct {
	Rows, Columns []AnalyticsKey
}

// AnalyticsResult is the answer to an AnalyticsRequest.
type AnalyticsResult struct {
	Timezone   string
	Dimensions []AnalyticsDimension
	Measures   []AnalyticsMeasure
	Rows       []AnalyticsRow
	// Totals is nil unless asked for.
	Totals []AnalyticsValue
	// EmptyCells counts the (row, column) pairs of a pivot with no sales.
	EmptyCells int
	Pivot      *AnalyticsPivot
}

// grain is what one row of the grouped statement's input is.
type grain int

const (
	saleGrain grain = iota
	lineGrain
	paymentGrain
)

func isTimeDim(d AnalyticsDimension) bool {
	switch d {
	case DimHour, DimDay, DimWeek, DimMonth, DimQuarter, DimYear, DimWeekday, DimHourOfDay:
		return true
	}
	return false
}

func isLineDim(d AnalyticsDimension) bool {
	return d == DimProduct || d == DimCategory || d == DimSupplier
}

// needsLines reports whether a measure is read from the sale lines.
func needsLines(m AnalyticsMeasure) bool {
	return m == MeasureUnits || m == MeasureCostOfGoods || m == MeasureGrossProfit || m == MeasureMargin
}

// validate checks the request and says which grain answers it.
func (r *AnalyticsRequest) validate() (grain, error) {
	if r.From.IsZero() || r.To.IsZero() || !r.From.Before(r.To) {
		return 0, fault.BadInput("to", "to must be after from")
	}
	span := r.To.Sub(r.From)
	if span > MaxAnalyticsSpan {
		return 0, fault.BadInput("to", "the range from %s to %s is longer than the 10 years one request may cover",
			r.From.Format(time.RFC3339), r.To.Format(time.RFC3339))
	}
	if len(r.GroupBy) > MaxAnalyticsDimensions {
		return 0, fault.BadInput("groupBy", "groupBy takes at most %d dimensions, got %d", MaxAnalyticsDimensions, len(r.GroupBy))
	}
	g := saleGrain
	if r.Filter.Line != nil {
		g = lineGrain
	}
	for i, d := range r.GroupBy {
		if !slices.Contains(AnalyticsDimensions, d) {
			return 0, fault.BadInput("groupBy", "unknown dimension %q", d)
		}
		if slices.Index(r.GroupBy, d) != i {
			return 0, fault.BadInput("groupBy", "dimension %s is given twice", d)
		}
		if d == DimHour && span > MaxAnalyticsHourSpan {
			return 0, fault.BadInput("to", "grouped by HOUR, the range may cover at most one year")
		}
		if isLineDim(d) {
			g = lineGrain
		}
	}
	if slices.Contains(r.GroupBy, DimPaymentMethod) {
		if g == lineGrain {
			return 0, fault.BadInput("groupBy", "PAYMENT_METHOD cannot be combined with a line dimension or a line filter: a payment pays the whole sale, not a line")
		}
		g = paymentGrain
	}
	if len(r.Measures) == 0 {
		return 0, fault.BadInput("measures", "ask for at least one measure")
	}
	for i, m := range r.Measures {
		if !slices.Contains(AnalyticsMeasures, m) {
			return 0, fault.BadInput("measures", "unknown measure %q", m)
		}
		if slices.Index(r.Measures, m) != i {
			return 0, fault.BadInput("measures", "measure %s is given twice", m)
		}
		if g == paymentGrain {
			switch m {
			case MeasureUnits, MeasureDiscounts, MeasureTax, MeasureCostOfGoods, MeasureGrossProfit, MeasureMargin:
				return 0, fault.BadInput("measures", "measure %s has no meaning per PAYMENT_METHOD (a tender pays the sale, not its lines, discounts or tax)", m)
			}
		}
	}
	for i, o := range r.OrderBy {
		field := fmt.Sprintf("orderBy[%d]", i)
		switch {
		case (o.Measure == "") == (o.Dimension == ""):
			return 0, fault.BadInput(field, "an order names either a measure or a dimension")
		case o.Measure != "" && !slices.Contains(r.Measures, o.Measure):
			return 0, fault.BadInput(field, "order by %s, which is not one of the requested measures", o.Measure)
		case o.Dimension != "" && !slices.Contains(r.GroupBy, o.Dimension):
			return 0, fault.BadInput(field, "order by %s, which is not one of the groupBy dimensions", o.Dimension)
		}
	}
	if r.Limit != nil && (*r.Limit < 1 || *r.Limit > MaxAnalyticsRows) {
		return 0, fault.BadInput("limit", "limit must be between 1 and %d", MaxAnalyticsRows)
	}
	return g, nil
}

// checkAnalyticsRules applies the permission table's value rules
// (policy.Values) to the dimensions and measures asked for. It runs in the
// core so both ports enforce them alike; work with no request behind it
// passes, as the read guard lets it.
func checkAnalyticsRules(ctx context.Context, r *AnalyticsRequest) error {
	switch policy.ReaderOf(ctx) {
	case policy.Internal, policy.System:
		return nil
	}
	c := policy.CallerFrom(ctx)
	check := func(enum, value, what string) error {
		rule, ok := policy.Value(enum, value)
		if !ok || rule.Allows(c) {
			return nil
		}
		return &policy.DeniedError{What: what + " " + value, Rule: rule, Anonymous: c == nil}
	}
	for _, d := range r.GroupBy {
		if err := check("AnalyticsDimension", string(d), "grouping by"); err != nil {
			return err
		}
	}
	for _, m := range r.Measures {
		if err := check("AnalyticsMeasure", string(m), "measure"); err != nil {
			return err
		}
	}
	return nil
}

// SalesAnalytics answers a grouped question about the counted sales of
// [From, To) in one SQL statement (GROUP BY in the database, time buckets cut
// there in the zone), plus the settings read when no zone is given. The rows
// come back in the requested order, by default the dimensions' natural order.
func (s Reports) SalesAnalytics(ctx context.Context, req AnalyticsRequest) (*AnalyticsResult, error) {
	g, err := req.validate()
	if err != nil {
		return nil, err
	}
	if err := checkAnalyticsRules(ctx, &req); err != nil {
		return nil, err
	}
	loc, err := s.StoreLocation(ctx, req.Timezone)
	if err != nil {
		return nil, err
	}
	limit := MaxAnalyticsRows
	if req.Limit != nil {
		limit = *req.Limit
	}
	st := &analyticsStatement{req: &req, grain: g, loc: loc, dialect: s.client.Dialect()}
	raw, err := st.run(ctx, s.reader(ctx), limit+1)
	if err != nil {
		return nil, err
	}
	out := &AnalyticsResult{Timezone: loc.String(), Dimensions: req.GroupBy, Measures: req.Measures, Rows: []AnalyticsRow{}}
	for _, r := range raw {
		if r.Total == 1 {
			out.Totals = st.values(r)
			continue
		}
		if len(out.Rows) == limit {
			if req.Limit == nil {
				return nil, fault.BadInput("limit", "the answer has more than %d rows: narrow the range or the filter, use a coarser dimension, or set a limit to get the first rows only", MaxAnalyticsRows)
			}
			continue
		}
		keys := make([]AnalyticsKey, len(req.GroupBy))
		for i, d := range req.GroupBy {
			if keys[i], err = st.key(d, r.key(i)); err != nil {
				return nil, err
			}
		}
		out.Rows = append(out.Rows, AnalyticsRow{Keys: keys, Values: st.values(r)})
	}
	if req.WithTotals && out.Totals == nil {
		// No counted sale at all: the totals are zeros.
		out.Totals = st.values(analyticsRaw{})
	}
	if len(req.GroupBy) == 2 {
		out.Pivot, out.EmptyCells = pivotOf(out.Rows)
	}
	return out, nil
}

// pivotOf lists the distinct keys of each axis in row order and counts the
// pairs of them no row holds.
func pivotOf(rows []AnalyticsRow) (*AnalyticsPivot, int) {
	p := &AnalyticsPivot{Rows: []AnalyticsKey{}, Columns: []AnalyticsKey{}}
	seenRow, seenCol := map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		if k := r.Keys[0].identity(); !seenRow[k] {
			seenRow[k] = true
			p.Rows = append(p.Rows, r.Keys[0])
		}
		if k := r.Keys[1].identity(); !seenCol[k] {
			seenCol[k] = true
			p.Columns = append(p.Columns, r.Keys[1])
		}
	}
	return p, len(p.Rows)*len(p.Columns) - len(rows)
}

// identity is what makes two keys of one dimension the same group.
func (k AnalyticsKey) identity() string {
	switch {
	case k.None:
		return "\x00none"
	case k.PeriodStart != nil:
		return k.PeriodStart.UTC().Format(time.RFC3339)
	case k.ID != nil:
		return k.ID.String()
	case k.Number != nil:
		return fmt.Sprint(*k.Number)
	case k.Text != nil:
		return *k.Text
	}
	return k.Label
}

// MarshalGQL writes the dimension as a GraphQL enum value, so the GraphQL
// port binds the enum to this type as money.Amount binds Decimal.
func (d AnalyticsDimension) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(d)))
}

// UnmarshalGQL reads a GraphQL enum value naming a dimension.
func (d *AnalyticsDimension) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	if !slices.Contains(AnalyticsDimensions, AnalyticsDimension(s)) {
		return fmt.Errorf("%v is not a valid AnalyticsDimension", v)
	}
	*d = AnalyticsDimension(s)
	return nil
}

// MarshalGQL writes the measure as a GraphQL enum value.
func (m AnalyticsMeasure) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(m))) }

// UnmarshalGQL reads a GraphQL enum value naming a measure.
func (m *AnalyticsMeasure) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	if !slices.Contains(AnalyticsMeasures, AnalyticsMeasure(s)) {
		return fmt.Errorf("%v is not a valid AnalyticsMeasure", v)
	}
	*m = AnalyticsMeasure(s)
	return nil
}
