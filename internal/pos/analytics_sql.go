package pos

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
)

// The analytics statement is built on an ent query of its grain's root
// entity (Sale, SaleItem or Payment) and rewritten by a modifier into one
// SELECT ... GROUP BY, so the client's interceptors (the read guard) judge
// it like any other read and the where-input predicates apply as ent writes
// them. Key expressions carry no parameters (the zone is a literal, checked
// by zoneLiteral), so GROUP BY repeats the SELECT's expressions verbatim and
// PostgreSQL accepts them as the same.

// analyticsStatement is one request being turned into SQL.
type analyticsStatement struct {
	req     *AnalyticsRequest
	grain   grain
	loc     *time.Location
	dialect string
}

// analyticsRaw is one grouped row as scanned: up to two keys (text, number,
// label) and the base sums every measure is derived from. Total is 1 on the
// totals row.
type analyticsRaw struct {
	Total int64             `json:"t"`
	K0    stdsql.NullString `json:"k0"`
	O0    stdsql.NullInt64  `json:"o0"`
	L0    stdsql.NullString `json:"l0"`
	K1    stdsql.NullString `json:"k1"`
	O1    stdsql.NullInt64  `json:"o1"`
	L1    stdsql.NullString `json:"l1"`
	N     int64             `json:"n"`
	Units int64             `json:"units"`
	Gross int64             `json:"gross"`
	Disc  int64             `json:"disc"`
	Tax   int64             `json:"tax"`
	Ref   int64             `json:"ref"`
	Cost  int64             `json:"cost"`
	Custs int64             `json:"custs"`
}

// rawKey is one key of a raw row.
type rawKey struct {
	text  stdsql.NullString
	num   stdsql.NullInt64
	label stdsql.NullString
}

func (r analyticsRaw) key(i int) rawKey {
	if i == 0 {
		return rawKey{r.K0, r.O0, r.L0}
	}
	return rawKey{r.K1, r.O1, r.L1}
}

// Line refunds: the line's share of the money paid back (subtotal plus tax)
// for its refunded units, rounded half to even as ProratedShare does, so the
// lines of a sale add up to its refunded_total.
const (
	lineWhole  = "(i.subtotal + i.tax_total)"
	lineRefund = "CASE WHEN i.refunded_quantity = 0 THEN 0 WHEN i.refunded_quantity >= i.quantity THEN " + lineWhole +
		" ELSE (" + lineWhole + " * i.refunded_quantity) / i.quantity + CASE WHEN 2 * ((" + lineWhole + " * i.refunded_quantity) % i.quantity) > i.quantity" +
		" OR (2 * ((" + lineWhole + " * i.refunded_quantity) % i.quantity) = i.quantity AND ((" + lineWhole + " * i.refunded_quantity) / i.quantity) % 2 = 1)" +
		" THEN 1 ELSE 0 END END"
)

// sums returns the base aggregates of the grain, in analyticsRaw order.
func (st *analyticsStatement) sums(lineAgg bool) [][2]string {
	units, cost := "0", "0"
	switch st.grain {
	case lineGrain:
		return [][2]string{
			{"n", "COUNT(DISTINCT s.id)"},
			{"units", sum(keptQty)},
			{"gross", sum("i.quantity * i.unit_price")},
			{"disc", sum("i.discount_total")},
			{"tax", sum("i.tax_total")},
			{"ref", sum(lineRefund)},
			{"cost", sum(keptCost)},
			{"custs", "COUNT(DISTINCT s.customer_id)"},
		}
	case paymentGrain:
		return [][2]string{
			{"n", "COUNT(DISTINCT s.id)"},
			{"units", "0"},
			{"gross", sum("CASE WHEN pm.kind = 'SALE' THEN pm.amount ELSE 0 END")},
			{"disc", "0"},
			{"tax", "0"},
			{"ref", sum("CASE WHEN pm.kind = 'REFUND' THEN pm.amount ELSE 0 END")},
			{"cost", "0"},
			{"custs", "COUNT(DISTINCT s.customer_id)"},
		}
	}
	if lineAgg {
		units, cost = sum("la.units"), sum("la.cost")
	}
	return [][2]string{
		{"n", "COUNT(s.id)"},
		{"units", units},
		{"gross", sum("s.subtotal")},
		{"disc", sum("s.discount_total")},
		{"tax", sum("s.tax_total")},
		{"ref", sum("s.refunded_total")},
		{"cost", cost},
		{"custs", "COUNT(DISTINCT s.customer_id)"},
	}
}

// dimSQL is how one dimension is selected: a text key, a number, a label
// (an aggregate), and the tables it needs joined.
type dimSQL struct {
	key, num, label string
	joins           []string
}

// Joins a dimension may need, by name; each is added once.
var analyticsJoins = map[string]struct {
	table, alias, on string
	after            string
}{
	"pr":  {"products", "pr", "pr.id = i.product_id", ""},
	"inv": {"inventories", "inv", "inv.product_id = i.product_id", ""},
	"su":  {"suppliers", "su", "su.id = inv.supplier_id", "inv"},
	"u":   {"users", "u", "u.id = s.cashier_id", ""},
	"cu":  {"customers", "cu", "cu.id = s.customer_id", ""},
	"d":   {"discounts", "d", "d.id = s.discount_id", ""},
}

// zoneName matches the IANA names PostgreSQL knows; anything else never
// reaches the SQL text.
var zoneName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_+\-/]*$`)

// local returns the expression of the sale's wall-clock time in the zone.
func (st *analyticsStatement) local() (string, error) {
	if st.dialect == dialectPostgres {
		name := st.loc.String()
		if !zoneName.MatchString(name) || name == "Local" {
			return "", fault.BadInput("timezone", "time zone %q cannot be used in a query", name)
		}
		return "(s.completed_at AT TIME ZONE '" + name + "')", nil
	}
	// The stored text starts with the UTC wall clock to the second.
	return "datetime(substr(s.completed_at, 1, 19), " + st.offsetCase(true) + ")", nil
}

// offsetCase is, for SQLite, which has no zone functions, the zone's UTC
// offset at the sale's time as a CASE over the offset intervals that
// [From, To) crosses (time.ZoneBounds, a handful a year): a modifier for
// datetime() when modifier is set, else seconds. Completed times are stored
// as UTC text in Go's time.String form ("2006-01-02 15:04:05.999999999 +0000
// UTC"), so comparing them with a "2006-01-02 15:04:05" UTC literal orders
// them in time (an instant equal to the literal sorts after it, as it
// belongs to the next offset).
func (st *analyticsStatement) offsetCase(modifier bool) string {
	val := func(off int) string {
		if modifier {
			return fmt.Sprintf("'%+d seconds'", off)
		}
		return strconv.Itoa(off)
	}
	var b strings.Builder
	b.WriteString("CASE")
	t := st.req.From
	for {
		_, off := t.In(st.loc).Zone()
		_, end := t.In(st.loc).ZoneBounds()
		if end.IsZero() || !end.Before(st.req.To) {
			if b.Len() == len("CASE") {
				// One offset all along. As a key it must not be a bare
				// integer, which SQLite's GROUP BY reads as a column number.
				if !modifier {
					return "CAST(" + val(off) + " AS INTEGER)"
				}
				return val(off)
			}
			b.WriteString(" ELSE " + val(off) + " END")
			return b.String()
		}
		b.WriteString(" WHEN s.completed_at < '" + end.UTC().Format(time.DateTime) + "' THEN " + val(off))
		t = end
	}
}

// dim returns the SQL of a dimension in the statement's grain and dialect.
func (st *analyticsStatement) dim(d AnalyticsDimension) (dimSQL, error) {
	pg := st.dialect == dialectPostgres
	if isTimeDim(d) {
		l, err := st.local()
		if err != nil {
			return dimSQL{}, err
		}
		switch d {
		case DimHour:
			// The wall-clock hour and the offset: the repeated hour of a
			// fall-back night is two rows, as it is two real hours.
			if pg {
				return dimSQL{key: "to_char(" + l + ", 'YYYY-MM-DD HH24')",
					num: "CAST(EXTRACT(EPOCH FROM (" + l + " - (s.completed_at AT TIME ZONE 'UTC'))) AS BIGINT)"}, nil
			}
			return dimSQL{key: "strftime('%Y-%m-%d %H', " + l + ")", num: st.offsetCase(false)}, nil
		case DimDay:
			if pg {
				return dimSQL{key: "to_char(" + l + ", 'YYYY-MM-DD')"}, nil
			}
			return dimSQL{key: "date(" + l + ")"}, nil
		case DimWeek:
			if pg {
				return dimSQL{key: "to_char(date_trunc('week', " + l + "), 'YYYY-MM-DD')"}, nil
			}
			return dimSQL{key: "date(" + l + ", '-6 days', 'weekday 1')"}, nil
		case DimMonth:
			if pg {
				return dimSQL{key: "to_char(date_trunc('month', " + l + "), 'YYYY-MM-DD')"}, nil
			}
			return dimSQL{key: "strftime('%Y-%m-01', " + l + ")"}, nil
		case DimQuarter:
			if pg {
				return dimSQL{key: "to_char(date_trunc('quarter', " + l + "), 'YYYY-MM-DD')"}, nil
			}
			m := "CAST(strftime('%m', " + l + ") AS INTEGER)"
			return dimSQL{key: "(strftime('%Y', " + l + ") || CASE WHEN " + m + " <= 3 THEN '-01-01' WHEN " + m + " <= 6 THEN '-04-01' WHEN " +
				m + " <= 9 THEN '-07-01' ELSE '-10-01' END)"}, nil
		case DimYear:
			if pg {
				return dimSQL{key: "to_char(date_trunc('year', " + l + "), 'YYYY-MM-DD')"}, nil
			}
			return dimSQL{key: "strftime('%Y-01-01', " + l + ")"}, nil
		case DimWeekday:
			if pg {
				return dimSQL{num: "(CAST(EXTRACT(ISODOW FROM " + l + ") AS BIGINT) - 1)"}, nil
			}
			return dimSQL{num: "((CAST(strftime('%w', " + l + ") AS INTEGER) + 6) % 7)"}, nil
		default: // DimHourOfDay
			if pg {
				return dimSQL{num: "CAST(EXTRACT(HOUR FROM " + l + ") AS BIGINT)"}, nil
			}
			return dimSQL{num: "CAST(strftime('%H', " + l + ") AS INTEGER)"}, nil
		}
	}
	switch d {
	case DimProduct:
		return dimSQL{key: "CAST(i.product_id AS TEXT)", label: "MAX(pr.name)", joins: []string{"pr"}}, nil
	case DimCategory:
		return dimSQL{key: "NULLIF(pr.category, '')", joins: []string{"pr"}}, nil
	case DimSupplier:
		return dimSQL{key: "CAST(inv.supplier_id AS TEXT)", label: "MAX(su.name)", joins: []string{"inv", "su"}}, nil
	case DimCashier:
		return dimSQL{key: "CAST(s.cashier_id AS TEXT)", label: "MAX(COALESCE(NULLIF(u.full_name, ''), u.username))", joins: []string{"u"}}, nil
	case DimCustomer:
		return dimSQL{key: "CAST(s.customer_id AS TEXT)", label: "MAX(cu.name)", joins: []string{"cu"}}, nil
	case DimCustomerTier:
		return dimSQL{key: "CAST(cu.tier AS TEXT)", joins: []string{"cu"}}, nil
	case DimPaymentMethod:
		return dimSQL{key: "CAST(pm.method AS TEXT)"}, nil
	case DimDiscount:
		return dimSQL{key: "CAST(s.discount_id AS TEXT)", label: "MAX(d.name)", joins: []string{"d"}}, nil
	}
	return dimSQL{}, fault.BadInput("groupBy", "unknown dimension %q", d)
}

// measureSums are the base sums each measure is derived from (see values
// and measureOrder).
var measureSums = map[AnalyticsMeasure][]string{
	MeasureSaleCount:         {"n"},
	MeasureUnits:             {"units"},
	MeasureGross:             {"gross"},
	MeasureDiscounts:         {"disc"},
	MeasureTax:               {"tax"},
	MeasureNet:               {"gross", "disc", "ref"},
	MeasureRefunds:           {"ref"},
	MeasureCostOfGoods:       {"cost"},
	MeasureGrossProfit:       {"gross", "disc", "ref", "cost"},
	MeasureMargin:            {"gross", "disc", "ref", "cost"},
	MeasureAverageBasket:     {"n", "gross", "disc", "ref"},
	MeasureDistinctCustomers: {"custs"},
}

// neededSums are the base sums the requested measures read (orders name
// requested measures only).
func (st *analyticsStatement) neededSums() map[string]bool {
	out := map[string]bool{}
	add := func(m AnalyticsMeasure) {
		for _, s := range measureSums[m] {
			out[s] = true
		}
	}
	for _, m := range st.req.Measures {
		add(m)
	}
	return out
}

// measureOrder is the SQL a measure sorts by, from the base sums.
func measureOrder(m AnalyticsMeasure, sums map[string]string) string {
	net := "(" + sums["gross"] + " - " + sums["disc"] + " - " + sums["ref"] + ")"
	switch m {
	case MeasureSaleCount:
		return sums["n"]
	case MeasureUnits:
		return sums["units"]
	case MeasureGross:
		return sums["gross"]
	case MeasureDiscounts:
		return sums["disc"]
	case MeasureTax:
		return sums["tax"]
	case MeasureRefunds:
		return sums["ref"]
	case MeasureCostOfGoods:
		return sums["cost"]
	case MeasureGrossProfit:
		return "(" + net + " - " + sums["cost"] + ")"
	case MeasureMargin:
		return "CASE WHEN " + net + " = 0 THEN NULL ELSE (" + net + " - " + sums["cost"] + ") * 1.0 / " + net + " END"
	case MeasureAverageBasket:
		return "CASE WHEN " + sums["n"] + " = 0 THEN NULL ELSE " + net + " * 1.0 / " + sums["n"] + " END"
	case MeasureDistinctCustomers:
		return sums["custs"]
	}
	return net
}

// rawP is a predicate of SQL text and parameters (arg values), written in
// the dialect's placeholder style by ent's builder.
func rawP(parts ...any) *sql.Predicate {
	return sql.P(func(b *sql.Builder) {
		for _, p := range parts {
			switch v := p.(type) {
			case string:
				b.WriteString(v)
			case time.Time:
				b.Arg(v.UTC())
			default:
				b.Arg(v)
			}
		}
	})
}

// modify rewrites the root query's selector into the grouped statement.
func (st *analyticsStatement) modify(sel *sql.Selector, limit int) error {
	req := st.req
	root := map[grain][2]string{saleGrain: {"pos_sales", "s"}, lineGrain: {"pos_sale_items", "i"}, paymentGrain: {"payments", "pm"}}[st.grain]
	sel.From(sql.Table(root[0]).As(root[1]))
	switch st.grain {
	case lineGrain:
		sel.Join(sql.Table("pos_sales").As("s")).OnP(sql.ExprP("s.id = i.sale_id"))
	case paymentGrain:
		sel.Join(sql.Table("pos_sales").As("s")).OnP(sql.ExprP("s.id = pm.sale_id"))
		// Pending and failed payments took no money.
		sel.Where(sql.ExprP("pm.status IN ('COMPLETED', 'REFUNDED')"))
	}
	sel.Where(sql.ExprP(countedStatuses))
	sel.Where(rawP("s.completed_at >= ", req.From, " AND s.completed_at < ", req.To))
	if req.Filter.Sale != nil && st.grain != saleGrain {
		// The sale predicates, qualified by the joined sale's alias.
		ss := sql.Dialect(st.dialect).Select().From(sql.Table("pos_sales").As("s"))
		req.Filter.Sale(ss)
		if p := ss.P(); p != nil {
			sel.Where(p)
		}
	}
	lineAgg := false
	if st.grain == saleGrain {
		for _, m := range req.Measures {
			lineAgg = lineAgg || needsLines(m)
		}
	}
	if lineAgg {
		// Units and cost of each sale in range, joined to the sale rows.
		la := sql.Dialect(st.dialect).Select().From(sql.Table("pos_sale_items").As("i")).
			Join(sql.Table("pos_sales").As("ls")).OnP(sql.ExprP("ls.id = i.sale_id"))
		la.SelectExpr(sql.Expr("i.sale_id AS sale_id"), sql.Expr(sum(keptQty)+" AS units"), sql.Expr(sum(keptCost)+" AS cost"))
		la.Where(rawP("ls.completed_at >= ", req.From, " AND ls.completed_at < ", req.To))
		la.GroupBy("(i.sale_id)")
		sel.LeftJoin(la.As("la")).OnP(sql.ExprP("la.sale_id = s.id"))
	}

	var cols []sql.Querier
	var group []string
	var order []sql.Querier
	pos := 0
	col := func(expr, alias string) int {
		cols = append(cols, sql.Expr(expr+" AS "+alias))
		pos++
		return pos
	}
	totals := "0"
	if req.WithTotals {
		// Each input row is read twice: once for its group (t = 0), once for
		// the one totals row (t = 1), which sorts first.
		sel.Join(sql.Select().SelectExpr(sql.Expr("0 AS t UNION ALL SELECT 1 AS t")).As("g")).OnP(sql.ExprP("1 = 1"))
		totals = "g.t"
		group = append(group, "(g.t)")
		order = append(order, sql.Expr(strconv.Itoa(col(totals, "t"))+" DESC"))
	} else {
		col(totals, "t")
	}
	keyed := func(expr string) string {
		if req.WithTotals {
			return "(CASE WHEN g.t = 0 THEN " + expr + " END)"
		}
		return "(" + expr + ")"
	}
	joined := map[string]bool{}
	var join func(name string)
	join = func(name string) {
		if joined[name] {
			return
		}
		j := analyticsJoins[name]
		if j.after != "" {
			join(j.after)
		}
		joined[name] = true
		sel.LeftJoin(sql.Table(j.table).As(j.alias)).OnP(sql.ExprP(j.on))
	}
	natural := make([][]int, len(req.GroupBy))
	for i, d := range req.GroupBy {
		ds, err := st.dim(d)
		if err != nil {
			return err
		}
		for _, name := range ds.joins {
			join(name)
		}
		n := strconv.Itoa(i)
		var keyPos, numPos, labelPos int
		if ds.key != "" {
			e := keyed(ds.key)
			keyPos = col(e, "k"+n)
			group = append(group, e)
		}
		if ds.num != "" {
			e := keyed(ds.num)
			numPos = col(e, "o"+n)
			group = append(group, e)
		}
		if ds.label != "" {
			labelPos = col(ds.label, "l"+n)
		}
		switch {
		case d == DimHour:
			// Wall-clock hour, then the earlier of a repeated hour (the
			// larger offset) first.
			natural[i] = []int{keyPos, -numPos}
		case labelPos != 0:
			natural[i] = []int{labelPos, keyPos}
		case keyPos != 0:
			natural[i] = []int{keyPos}
		default:
			natural[i] = []int{numPos}
		}
	}
	sums := map[string]string{}
	needed := st.neededSums()
	for _, s := range st.sums(lineAgg) {
		if !needed[s[0]] {
			// A sum no measure asked for costs the database work for
			// nothing (a distinct count is a sort); it reads as 0.
			s[1] = "0"
		}
		sums[s[0]] = s[1]
		col(s[1], s[0])
	}
	byPos := func(p int, desc bool) sql.Querier {
		dir := " ASC"
		if p < 0 {
			p, desc = -p, !desc
		}
		if desc {
			dir = " DESC"
		}
		return sql.Expr(strconv.Itoa(p) + dir + " NULLS LAST")
	}
	used := make([]bool, len(req.GroupBy))
	for _, o := range req.OrderBy {
		if o.Measure != "" {
			dir := " ASC NULLS LAST"
			if o.Desc {
				dir = " DESC NULLS LAST"
			}
			order = append(order, sql.Expr(measureOrder(o.Measure, sums)+dir))
			continue
		}
		for i, d := range req.GroupBy {
			if d == o.Dimension {
				used[i] = true
				for _, p := range natural[i] {
					order = append(order, byPos(p, o.Desc))
				}
			}
		}
	}
	// Ties, and the default order: the dimensions' natural order.
	for i := range req.GroupBy {
		if !used[i] {
			for _, p := range natural[i] {
				order = append(order, byPos(p, false))
			}
		}
	}
	sel.SelectExpr(cols...)
	if len(group) > 0 {
		sel.GroupBy(group...)
	}
	if len(order) > 0 {
		sel.OrderExpr(order...)
	}
	if req.WithTotals {
		limit++
	}
	sel.Limit(limit)
	return nil
}

// run executes the statement through the grain's root query and returns
// at most limit rows besides the totals row.
func (st *analyticsStatement) run(ctx context.Context, c *ent.Client, limit int) ([]analyticsRaw, error) {
	var modErr error
	mod := func(sel *sql.Selector) {
		if err := st.modify(sel, limit); err != nil {
			modErr = err
		}
	}
	var rows []analyticsRaw
	var err error
	switch st.grain {
	case lineGrain:
		q := c.SaleItem.Query()
		if st.req.Filter.Line != nil {
			q.Where(st.req.Filter.Line)
		}
		err = q.Modify(mod).Scan(ctx, &rows)
	case paymentGrain:
		err = c.Payment.Query().Modify(mod).Scan(ctx, &rows)
	default:
		q := c.Sale.Query()
		if st.req.Filter.Sale != nil {
			q.Where(st.req.Filter.Sale)
		}
		err = q.Modify(mod).Scan(ctx, &rows)
	}
	if modErr != nil {
		return nil, modErr
	}
	if err != nil {
		if fault.As(err) != nil {
			return nil, err
		}
		return nil, fmt.Errorf("analytics query: %w", err)
	}
	return rows, nil
}

// weekdayNames label WEEKDAY keys, Monday first.
var weekdayNames = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

// noneLabel labels the group of rows without a value for the dimension.
const noneLabel = "(none)"

// key turns a scanned key into its typed form.
func (st *analyticsStatement) key(d AnalyticsDimension, k rawKey) (AnalyticsKey, error) {
	out := AnalyticsKey{Dimension: d}
	num := func() *int {
		n := int(k.num.Int64)
		return &n
	}
	switch d {
	case DimWeekday:
		out.Number = num()
		out.Label = weekdayNames[*out.Number%7]
		return out, nil
	case DimHourOfDay:
		out.Number = num()
		out.Label = strconv.Itoa(*out.Number)
		return out, nil
	}
	if !k.text.Valid {
		out.None, out.Label = true, noneLabel
		return out, nil
	}
	text := k.text.String
	if isTimeDim(d) {
		var start time.Time
		if d == DimHour {
			wall, err := time.ParseInLocation("2006-01-02 15", text, time.UTC)
			if err != nil {
				return out, fmt.Errorf("analytics: reading hour %q: %w", text, err)
			}
			start = wall.Add(-time.Duration(k.num.Int64) * time.Second).In(st.loc)
		} else {
			day, err := time.Parse(time.DateOnly, text)
			if err != nil {
				return out, fmt.Errorf("analytics: reading period %q: %w", text, err)
			}
			y, m, dd := day.Date()
			start = time.Date(y, m, dd, 0, 0, 0, 0, st.loc)
		}
		out.PeriodStart = &start
		switch d {
		case DimHour:
			out.Label = start.Format("2006-01-02 15:04 MST")
		case DimDay:
			out.Label = text
		case DimWeek:
			y, w := start.ISOWeek()
			out.Label = fmt.Sprintf("%d-W%02d", y, w)
		case DimMonth:
			out.Label = text[:7]
		case DimQuarter:
			out.Label = fmt.Sprintf("%s-Q%d", text[:4], (int(start.Month())-1)/3+1)
		case DimYear:
			out.Label = text[:4]
		}
		return out, nil
	}
	switch d {
	case DimCategory, DimCustomerTier, DimPaymentMethod:
		out.Text, out.Label = &text, text
		return out, nil
	}
	id, err := uuid.Parse(text)
	if err != nil {
		return out, fmt.Errorf("analytics: reading %s id %q: %w", d, text, err)
	}
	out.ID, out.Label = &id, text
	if k.label.Valid {
		out.Label = k.label.String
	}
	return out, nil
}

// values derives the requested measures from a row's base sums.
func (st *analyticsStatement) values(r analyticsRaw) []AnalyticsValue {
	net := money.Amount(r.Gross - r.Disc - r.Ref)
	cost := money.Amount(r.Cost)
	out := make([]AnalyticsValue, len(st.req.Measures))
	for i, m := range st.req.Measures {
		v := AnalyticsValue{Measure: m}
		amount := func(a money.Amount) { v.Amount = &a }
		count := func(n int64) { v.Count = &n }
		switch m {
		case MeasureSaleCount:
			count(r.N)
		case MeasureUnits:
			count(r.Units)
		case MeasureGross:
			amount(money.Amount(r.Gross))
		case MeasureDiscounts:
			amount(money.Amount(r.Disc))
		case MeasureTax:
			amount(money.Amount(r.Tax))
		case MeasureNet:
			amount(net)
		case MeasureRefunds:
			amount(money.Amount(r.Ref))
		case MeasureCostOfGoods:
			amount(cost)
		case MeasureGrossProfit:
			amount(net - cost)
		case MeasureMargin:
			v.Percent = marginPercent(net-cost, net)
		case MeasureAverageBasket:
			var avg money.Amount
			if r.N > 0 {
				avg = money.Amount(money.DivRound(int64(net), r.N))
			}
			amount(avg)
		case MeasureDistinctCustomers:
			count(r.Custs)
		}
		out[i] = v
	}
	return out
}

// marginPercent is profit / revenue x 100, rounded half to even to two
// decimals as profitAndLoss rounds it; nil when there is no revenue.
func marginPercent(profit, revenue money.Amount) *float64 {
	if revenue == 0 {
		return nil
	}
	hundredths := money.DivRound(int64(profit)*10000, int64(revenue))
	if revenue < 0 {
		hundredths = -money.DivRound(int64(profit)*10000, -int64(revenue))
	}
	m := float64(hundredths) / 100
	return &m
}
