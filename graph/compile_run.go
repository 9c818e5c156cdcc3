package graph

import (
	"bytes"
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/money"
)

// connectionArgs decodes the arguments of each root connection the compiler
// answers, with gqlgen's generated decoders (the same errors, the same
// types). A connection missing here runs through gqlgen. Only connections
// whose resolver does nothing but paginate belong here: settings, whose
// resolver hides secret rows from non-admins, must stay out
// (TestCompiledConnections).
var connectionArgs = map[string]func(ec *executionContext, ctx context.Context, raw map[string]any) (map[string]any, error){
	"auditEntries":    (*executionContext).field_Query_auditEntries_args,
	"cashSessions":    (*executionContext).field_Query_cashSessions_args,
	"customers":       (*executionContext).field_Query_customers_args,
	"discounts":       (*executionContext).field_Query_discounts_args,
	"employees":       (*executionContext).field_Query_employees_args,
	"inventories":     (*executionContext).field_Query_inventories_args,
	"loyaltyPrograms": (*executionContext).field_Query_loyaltyPrograms_args,
	"notifications":   (*executionContext).field_Query_notifications_args,
	"payments":        (*executionContext).field_Query_payments_args,
	"products":        (*executionContext).field_Query_products_args,
	"purchaseOrders":  (*executionContext).field_Query_purchaseOrders_args,
	"roles":           (*executionContext).field_Query_roles_args,
	"sales":           (*executionContext).field_Query_sales_args,
	"saleItems":       (*executionContext).field_Query_saleItems_args,
	"stockMovements":  (*executionContext).field_Query_stockMovements_args,
	"suppliers":       (*executionContext).field_Query_suppliers_args,
	"users":           (*executionContext).field_Query_users_args,
}

// run answers the root field from its statement. ok is false when gqlgen
// must answer instead: the arguments or the caller's filter are refused, or
// node(id) finds nothing (gqlgen's own error says so, the same way as ever).
func (p *rootPlan) run(ctx context.Context, c *ReadCompiler, op *graphql.OperationContext, field graphql.CollectedField) ([]byte, bool, error) {
	ec := newExecutionContext(op, c.es, nil)
	args, err := p.args(ec, ctx, field.ArgumentMap(op.Variables))
	if err != nil {
		return nil, false, nil
	}
	if p.guard != nil {
		fc := &graphql.FieldContext{Object: "Query", Field: field, Args: args, IsMethod: true, IsResolver: true}
		if err := p.guard.check(ctx, c.guards, fc); err != nil {
			return nil, false, nil
		}
	}
	if p.node != nil {
		return p.runNode(ctx, c, args)
	}
	return p.runConnection(ctx, c, args)
}

func (p *rootPlan) runNode(ctx context.Context, c *ReadCompiler, args map[string]any) ([]byte, bool, error) {
	id, ok := args["id"].(uuid.UUID)
	if !ok || auth.RequireNode(ctx, id) != nil {
		return nil, false, nil
	}
	typ := nodeTypeOf(id)
	if typ == nil {
		return nil, false, nil
	}
	obj := p.node.forType(c, policy.CallerFrom(ctx), typ)
	if obj == nil {
		return nil, false, nil
	}
	sel, err := typ.Node(ctx, c.client, id)
	if err != nil {
		return nil, false, nil
	}
	ref := sel.TableName()
	sel.SelectExpr(entsql.Expr(c.rowSQL(obj, quoteIdent(ref), new(int), nil)))
	query, qargs := sel.Query()
	raw, found, err := c.queryOne(ctx, query, qargs)
	if err != nil || !found {
		return nil, false, err
	}
	var buf bytes.Buffer
	if err := c.writeObject(&buf, obj, raw); err != nil {
		return nil, false, err
	}
	return buf.Bytes(), true, nil
}

func (p *rootPlan) runConnection(ctx context.Context, c *ReadCompiler, args map[string]any) ([]byte, bool, error) {
	cp := p.conn
	first, _ := args["first"].(*int)
	last, _ := args["last"].(*int)
	after, _ := args["after"].(*ent.Cursor)
	before, _ := args["before"].(*ent.Cursor)
	first, last, err := pageSize(first, last)
	if err != nil {
		return nil, false, nil
	}
	readNodes := cp.edges && !(first != nil && *first == 0) && !(last != nil && *last == 0)
	page, err := cp.typ.Page(ctx, c.client, ent.CompilePageArgs{
		After: after, Before: before, First: first, Last: last,
		OrderBy: args["orderBy"], Where: args["where"],
		Count: cp.count, Nodes: readNodes,
	})
	if err != nil {
		return nil, false, nil
	}
	query, qargs := c.pageStatement(cp, page)
	count, raw, err := c.queryPage(ctx, query, qargs)
	if err != nil {
		return nil, false, err
	}
	pg, err := buildPage(cp, page, count, raw, pageArgs{first: first, last: last, after: after != nil, before: before != nil}, c.postgres)
	if err != nil {
		return nil, false, err
	}
	var buf bytes.Buffer
	if err := c.writeConnection(&buf, cp, pg); err != nil {
		return nil, false, err
	}
	return buf.Bytes(), true, nil
}

// pageStatement is a connection's one statement: its count (or NULL) and
// its page of rows as one JSON array (or NULL).
func (c *ReadCompiler) pageStatement(cp *connectionPlan, page *ent.CompiledPage) (string, []any) {
	var b entsql.Builder
	b.SetDialect(c.client.Dialect())
	b.WriteString("SELECT ")
	if page.Count != nil {
		page.Count.Select(entsql.Count("*"))
		b.WriteString("(").Join(page.Count).WriteString(")")
	} else {
		b.WriteString("NULL")
	}
	b.WriteString(", ")
	if page.Nodes == nil {
		b.WriteString("NULL")
		return b.Query()
	}
	ref := quoteIdent(page.Nodes.TableName())
	idCol := cp.typ.Columns["id"].Column
	var extra []string
	if cp.cursors {
		// A row's cursor is made from its id and order column, appended
		// after the row's own elements.
		extra = []string{ref + "." + quoteIdent(idCol), ref + "." + quoteIdent(page.OrderColumn)}
	}
	row := c.rowSQL(cp.node, ref, new(int), extra)
	// The page's sort keys come out under their own names, so the
	// aggregate orders its few rows by the page's own ORDER BY, and the
	// page keeps its LIMIT's top-N plan.
	keys := []string{page.OrderColumn}
	if idCol != page.OrderColumn {
		keys = append(keys, idCol)
	}
	page.Nodes.SelectExpr(entsql.ExprFunc(func(b *entsql.Builder) {
		b.WriteString(row).WriteString(" AS j")
		for _, k := range keys {
			b.WriteString(", " + ref + "." + quoteIdent(k) + " AS " + quoteIdent(k))
		}
	}))
	if c.postgres {
		b.WriteString("(SELECT coalesce(json_agg(q.j ORDER BY ").Join(page.OrderBy).WriteString("), '[]') FROM (")
	} else {
		b.WriteString("(SELECT json_group_array(json(q.j) ORDER BY ").Join(page.OrderBy).WriteString(") FROM (")
	}
	b.Join(page.Nodes).WriteString(") AS q)")
	return b.Query()
}

// pageArgs are the page size and which cursors a connection was given.
type pageArgs struct {
	first, last   *int
	after, before bool
}

// connectionPage is what a connection answers: its count, page info, rows
// and their cursors.
type connectionPage struct {
	total            int
	hasNext, hasPrev bool
	rows             [][]byte
	cursors          []string
}

// buildPage makes of the statement's count and rows what Paginate and the
// connection's build make of theirs, step by step.
func buildPage(cp *connectionPlan, page *ent.CompiledPage, count int64, raw []byte, a pageArgs, postgres bool) (*connectionPage, error) {
	pg := &connectionPage{}
	if raw != nil {
		rows, err := elements(raw, nil)
		if err != nil {
			return nil, err
		}
		pg.rows = rows
	}
	if cp.count {
		pg.total = int(count)
		pg.hasNext = a.first != nil && pg.total > 0
		pg.hasPrev = a.last != nil && pg.total > 0
	}
	if page.Nodes == nil {
		return pg, nil
	}
	pg.hasNext, pg.hasPrev = a.before, a.after
	if a.first != nil && *a.first+1 == len(pg.rows) {
		pg.hasNext = true
		pg.rows = pg.rows[:len(pg.rows)-1]
	} else if a.last != nil && *a.last+1 == len(pg.rows) {
		pg.hasPrev = true
		pg.rows = pg.rows[:len(pg.rows)-1]
	}
	if a.last != nil {
		slices.Reverse(pg.rows)
	}
	if pg.total == 0 {
		pg.total = len(pg.rows)
	}
	if cp.cursors {
		kind := columnKind(cp.typ, page.OrderColumn)
		n := len(cp.node.elems)
		pg.cursors = make([]string, len(pg.rows))
		for i, r := range pg.rows {
			cur, err := cursorOf(page, r, n, kind, postgres)
			if err != nil {
				return nil, err
			}
			pg.cursors[i] = cur
		}
	}
	return pg, nil
}

// writeConnection writes the connection's fields in the query's order.
func (c *ReadCompiler) writeConnection(buf *bytes.Buffer, cp *connectionPlan, pg *connectionPage) error {
	buf.WriteByte('{')
	for i, f := range cp.fields {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeKey(buf, f.alias)
		switch f.kind {
		case connTypename:
			writeString(buf, cp.name)
		case connTotal:
			buf.WriteString(strconv.Itoa(pg.total))
		case connPageInfo:
			writePageInfo(buf, f.sub, pg)
		case connEdges:
			buf.WriteByte('[')
			for r, row := range pg.rows {
				if r > 0 {
					buf.WriteByte(',')
				}
				buf.WriteByte('{')
				for j, s := range f.sub {
					if j > 0 {
						buf.WriteByte(',')
					}
					writeKey(buf, s.alias)
					switch s.name {
					case "__typename":
						writeString(buf, s.typename)
					case "cursor":
						buf.WriteString(pg.cursors[r])
					case "node":
						if err := c.writeObject(buf, cp.node, row); err != nil {
							return err
						}
					}
				}
				buf.WriteByte('}')
			}
			buf.WriteByte(']')
		}
	}
	buf.WriteByte('}')
	return nil
}

// writePageInfo writes the selected fields of pageInfo.
func writePageInfo(buf *bytes.Buffer, sub []subField, pg *connectionPage) {
	buf.WriteByte('{')
	for j, s := range sub {
		if j > 0 {
			buf.WriteByte(',')
		}
		writeKey(buf, s.alias)
		switch s.name {
		case "__typename":
			writeString(buf, s.typename)
		case "hasNextPage":
			buf.WriteString(strconv.FormatBool(pg.hasNext))
		case "hasPreviousPage":
			buf.WriteString(strconv.FormatBool(pg.hasPrev))
		case "startCursor":
			if len(pg.cursors) == 0 {
				buf.WriteString("null")
			} else {
				buf.WriteString(pg.cursors[0])
			}
		case "endCursor":
			if len(pg.cursors) == 0 {
				buf.WriteString("null")
			} else {
				buf.WriteString(pg.cursors[len(pg.cursors)-1])
			}
		}
	}
	buf.WriteByte('}')
}

// cursorOf makes a row's cursor from the id and order column the statement
// appended after the row's own n elements.
func cursorOf(page *ent.CompiledPage, row []byte, n int, kind string, postgres bool) (string, error) {
	els, err := elements(row, nil)
	if err != nil || len(els) < n+2 {
		return "", fmt.Errorf("compiled read: cursor columns missing")
	}
	idText, err := jsonString(els[n])
	if err != nil {
		return "", err
	}
	id, err := uuid.Parse(idText)
	if err != nil {
		return "", err
	}
	value, err := driverValue(els[n+1], kind, postgres)
	if err != nil {
		return "", err
	}
	cur, err := page.Cursor(id, value)
	if err != nil {
		return "", err
	}
	var w bytes.Buffer
	cur.MarshalGQL(&w)
	return w.String(), nil
}

// driverValue is a JSON element as the value the database driver would
// have scanned for a column of kind.
func driverValue(raw []byte, kind string, postgres bool) (driver.Value, error) {
	if string(raw) == "null" {
		return nil, nil
	}
	switch {
	case kind == "time.Time":
		return parseTime(raw, postgres)
	case kind == "bool":
		return string(raw) == "true" || string(raw) == "1", nil
	case kind == "float64":
		return strconv.ParseFloat(string(raw), 64)
	case strings.HasPrefix(kind, "int") || strings.HasPrefix(kind, "uint"):
		return strconv.ParseInt(string(raw), 10, 64)
	default:
		return jsonString(raw)
	}
}

// rowSQL is the JSON array expression of one row of p, columns read from
// ref, edges as correlated subqueries with aliases numbered from n, and
// extra expressions appended.
func (c *ReadCompiler) rowSQL(p *objectPlan, ref string, n *int, extra []string) string {
	var b strings.Builder
	if c.postgres {
		b.WriteString("json_build_array(")
	} else {
		b.WriteString("json_array(")
	}
	for i, e := range p.elems {
		if i > 0 {
			b.WriteString(", ")
		}
		if e.edge == nil {
			b.WriteString(ref + "." + quoteIdent(e.column))
			continue
		}
		*n++
		alias := "c" + strconv.Itoa(*n)
		target := ent.CompiledTypes[e.edge.Type]
		targetID := quoteIdent(target.Columns["id"].Column)
		sourceID := quoteIdent(p.typ.Columns["id"].Column)
		var cond string
		if e.edge.OwnFK {
			cond = alias + "." + targetID + " = " + ref + "." + quoteIdent(e.edge.Column)
		} else {
			cond = alias + "." + quoteIdent(e.edge.Column) + " = " + ref + "." + sourceID
		}
		from := " FROM " + quoteIdent(target.Table) + " AS " + alias + " WHERE " + cond
		row := c.rowSQL(e.child, alias, n, nil)
		switch {
		case e.edge.Unique && c.postgres:
			b.WriteString("(SELECT " + row + from + " LIMIT 1)")
		case e.edge.Unique:
			b.WriteString("json((SELECT " + row + from + " LIMIT 1))")
		case c.postgres:
			b.WriteString("(SELECT coalesce(json_agg(" + row + " ORDER BY " + alias + "." + targetID + "), '[]')" + from + ")")
		default:
			b.WriteString("json((SELECT json_group_array(json(" + row + ") ORDER BY " + alias + "." + targetID + ")" + from + "))")
		}
	}
	for i, x := range extra {
		if i > 0 || len(p.elems) > 0 {
			b.WriteString(", ")
		}
		b.WriteString(x)
	}
	b.WriteString(")")
	return b.String()
}

// columnKind is the ent field type of a column of typ.
func columnKind(typ *ent.CompiledType, column string) string {
	for _, c := range typ.Columns {
		if c.Column == column {
			return c.Kind
		}
	}
	return ""
}

// quoteIdent quotes an identifier for both dialects.
func quoteIdent(s string) string {
	if strings.HasPrefix(s, `"`) || strings.HasPrefix(s, "`") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// queryOne runs a statement answering at most one row of one JSON column.
func (c *ReadCompiler) queryOne(ctx context.Context, query string, args []any) ([]byte, bool, error) {
	rows, err := c.client.CompiledQuery(ctx, query, args)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, false, rows.Err()
	}
	var raw []byte
	if err := rows.Scan(&raw); err != nil {
		return nil, false, err
	}
	return raw, true, rows.Close()
}

// queryPage runs a connection's statement: the count and the page's rows.
func (c *ReadCompiler) queryPage(ctx context.Context, query string, args []any) (int64, []byte, error) {
	rows, err := c.client.CompiledQuery(ctx, query, args)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return 0, nil, err
		}
		return 0, nil, errors.New("compiled read: no row")
	}
	var (
		count *int64
		raw   []byte
	)
	if err := rows.Scan(&count, &raw); err != nil {
		return 0, nil, err
	}
	var n int64
	if count != nil {
		n = *count
	}
	return n, raw, rows.Close()
}

// writeObject writes one object of p from its row.
func (c *ReadCompiler) writeObject(buf *bytes.Buffer, p *objectPlan, row []byte) error {
	if string(row) == "null" {
		buf.WriteString("null")
		return nil
	}
	els, err := elements(row, make([][]byte, 0, len(p.elems)+2))
	if err != nil {
		return err
	}
	if len(els) < len(p.elems) {
		return fmt.Errorf("compiled read: %s row has %d elements, want %d", p.typ.Name, len(els), len(p.elems))
	}
	buf.WriteByte('{')
	for i, f := range p.fields {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeKey(buf, f.alias)
		if f.typename != "" {
			writeString(buf, f.typename)
			continue
		}
		raw := els[f.elem]
		e := p.elems[f.elem]
		switch {
		case e.edge == nil:
			if f.zero != "" && string(raw) == "null" {
				raw = []byte(f.zero)
			}
			if err := c.writeScalar(buf, f.scalar, raw); err != nil {
				return err
			}
		case f.list:
			if string(raw) == "null" {
				buf.WriteString("null")
				continue
			}
			items, err := elements(raw, nil)
			if err != nil {
				return err
			}
			buf.WriteByte('[')
			for j, item := range items {
				if j > 0 {
					buf.WriteByte(',')
				}
				if err := c.writeObject(buf, e.child, item); err != nil {
					return err
				}
			}
			buf.WriteByte(']')
		default:
			if err := c.writeObject(buf, e.child, raw); err != nil {
				return err
			}
		}
	}
	buf.WriteByte('}')
	return nil
}

// writeScalar writes a column's JSON value as gqlgen writes the GraphQL
// type: through the same marshalers.
func (c *ReadCompiler) writeScalar(buf *bytes.Buffer, scalar string, raw []byte) error {
	if string(raw) == "null" {
		buf.WriteString("null")
		return nil
	}
	switch scalar {
	case "Int":
		if plainInteger(raw) {
			buf.Write(raw)
			return nil
		}
		n, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			return err
		}
		buf.WriteString(strconv.FormatInt(n, 10))
	case "Decimal":
		n, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			return err
		}
		money.Amount(n).MarshalGQL(buf)
	case "Boolean":
		graphql.MarshalBoolean(string(raw) == "true" || string(raw) == "1").MarshalGQL(buf)
	case "Float":
		f, err := strconv.ParseFloat(string(raw), 64)
		if err != nil {
			return err
		}
		return graphql.MarshalFloatContext(f).MarshalGQLContext(context.Background(), buf)
	case "Time":
		t, err := parseTime(raw, c.postgres)
		if err != nil {
			return err
		}
		graphql.MarshalTime(t).MarshalGQL(buf)
	case "ID", "UUID":
		if canonicalUUID(raw) {
			buf.Write(raw)
			return nil
		}
		s, err := jsonString(raw)
		if err != nil {
			return err
		}
		u, err := uuid.Parse(s)
		if err != nil {
			return err
		}
		graphql.MarshalUUID(u).MarshalGQL(buf)
	default:
		// String and enums. Without a backslash the database's JSON string
		// is already what gqlgen writes: quotes around the bytes as they are.
		if len(raw) >= 2 && raw[0] == '"' && bytes.IndexByte(raw, '\\') < 0 {
			buf.Write(raw)
			return nil
		}
		s, err := jsonString(raw)
		if err != nil {
			return err
		}
		graphql.MarshalString(s).MarshalGQL(buf)
	}
	return nil
}

// sqliteTimeLayouts are the forms modernc.org/sqlite writes and reads
// times in.
var sqliteTimeLayouts = []string{
	// time.Time.String(), what the driver writes by default.
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

// parseTime reads a time from its JSON text as the driver would have
// scanned it: PostgreSQL's in the local zone (as pgx gives timestamptz),
// SQLite's with the offset it was written with.
func parseTime(raw []byte, postgres bool) (time.Time, error) {
	s, err := jsonString(raw)
	if err != nil {
		return time.Time{}, err
	}
	if postgres {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return time.Time{}, err
		}
		return t.Local(), nil
	}
	for _, layout := range sqliteTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("compiled read: time %q", s)
}

// plainInteger reports a JSON number written as a plain integer: an
// optional minus and digits, without a leading zero, as strconv writes it.
func plainInteger(raw []byte) bool {
	digits := raw
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 18 || (digits[0] == '0' && len(digits) > 1) || (len(raw) > 1 && raw[0] == '-' && digits[0] == '0') {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// canonicalUUID reports a JSON string holding a UUID as uuid.String
// writes it (lowercase, hyphenated) and not the nil UUID, which gqlgen
// writes as null.
func canonicalUUID(raw []byte) bool {
	if len(raw) != 38 || raw[0] != '"' || raw[37] != '"' {
		return false
	}
	nonZero := false
	for i, c := range raw[1:37] {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
			continue
		}
		switch {
		case c >= '1' && c <= '9', c >= 'a' && c <= 'f':
			nonZero = true
		case c == '0':
		default:
			return false
		}
	}
	return nonZero
}

func writeKey(buf *bytes.Buffer, key string) {
	writeString(buf, key)
	buf.WriteByte(':')
}

func writeString(buf *bytes.Buffer, s string) {
	graphql.MarshalString(s).MarshalGQL(buf)
}

// jsonString decodes a JSON string.
func jsonString(raw []byte) (string, error) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", fmt.Errorf("compiled read: not a string: %.20s", raw)
	}
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner), nil
	}
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}

// elements splits a JSON array into its elements' raw text, appended to dst.
func elements(raw []byte, dst [][]byte) ([][]byte, error) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return nil, fmt.Errorf("compiled read: not an array: %.20s", raw)
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == ']' {
		return dst, nil
	}
	for {
		start := i
		end, err := skipValue(raw, i)
		if err != nil {
			return nil, err
		}
		dst = append(dst, raw[start:end])
		i = skipSpace(raw, end)
		if i >= len(raw) {
			return nil, errors.New("compiled read: unterminated array")
		}
		switch raw[i] {
		case ',':
			i = skipSpace(raw, i+1)
		case ']':
			return dst, nil
		default:
			return nil, fmt.Errorf("compiled read: unexpected %q in array", raw[i])
		}
	}
}

func skipSpace(raw []byte, i int) int {
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\n' || raw[i] == '\t' || raw[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the end of the JSON value starting at i.
func skipValue(raw []byte, i int) (int, error) {
	if i >= len(raw) {
		return 0, errors.New("compiled read: value expected")
	}
	switch raw[i] {
	case '"':
		for j := i + 1; j < len(raw); j++ {
			switch raw[j] {
			case '\\':
				j++
			case '"':
				return j + 1, nil
			}
		}
		return 0, errors.New("compiled read: unterminated string")
	case '[', '{':
		depth := 0
		for j := i; j < len(raw); j++ {
			switch raw[j] {
			case '"':
				end, err := skipValue(raw, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '[', '{':
				depth++
			case ']', '}':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errors.New("compiled read: unterminated array")
	default:
		j := i
		for j < len(raw) && raw[j] != ',' && raw[j] != ']' && raw[j] != '}' && raw[j] != ' ' && raw[j] != '\n' {
			j++
		}
		return j, nil
	}
}
