package rest

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pandac/pandac/internal/pos"
)

// Answers that are not plain JSON. A handler returns one of these types and
// the endpoint chooses how to write it, so the content negotiation is written
// once here and not in each report route.

// export is a report answer: its REST view, served as JSON by default, and
// the core's report, served as CSV by pos.WriteCSV when the client asks for
// it with ?format=csv or Accept: text/csv (spreadsheets and accounting
// imports want files, not JSON).
type export struct {
	view   any    // the JSON body
	report any    // a value pos.WriteCSV knows
	name   string // the file is <name>-<dates>.csv
	dates  string
}

// plainText is an answer served as text/plain, such as a receipt, which a
// till prints as it is.
type plainText string

// Formats a report can be asked for with ?format=.
const (
	formatJSON = "json"
	formatCSV  = "csv"
)

// wantsCSV reads the format the client asked for: the format query
// parameter when given (json or csv), otherwise the Accept header. Anything
// but an explicit preference for text/csv keeps JSON, the documented answer.
func wantsCSV(r *http.Request) (bool, error) {
	if f := r.URL.Query().Get("format"); f != "" {
		switch strings.ToLower(f) {
		case formatJSON:
			return false, nil
		case formatCSV:
			return true, nil
		}
		return false, &ValidationError{Fields: []FieldError{{Loc: []any{"query", "format"}, Msg: "Input should be 'json' or 'csv'", Type: "literal_error"}}}
	}
	return acceptsCSV(r.Header.Values("Accept")), nil
}

// acceptsCSV reports whether the Accept header ranks text/csv above JSON:
// text/csv must be listed by name with a weight above zero, and JSON (named,
// or application/*, or */*) must not weigh more.
func acceptsCSV(accept []string) bool {
	csvQ, jsonQ := 0.0, 0.0
	for _, h := range accept {
		for _, part := range strings.Split(h, ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			q := 1.0
			if s, ok := params["q"]; ok {
				if v, err := strconv.ParseFloat(s, 64); err == nil {
					q = v
				}
			}
			switch mt {
			case "text/csv":
				csvQ = max(csvQ, q)
			case "application/json", "application/*", "*/*":
				jsonQ = max(jsonQ, q)
			}
		}
	}
	return csvQ > 0 && csvQ >= jsonQ
}

// writeCSV streams the report. The headers are sent before the first row,
// so a failure part-way can only be logged: the client sees a short file.
func (a *api) writeCSV(w http.ResponseWriter, status int, e *export) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", e.name+"-"+e.dates+".csv"))
	w.WriteHeader(status)
	if err := pos.WriteCSV(w, e.report); err != nil {
		a.log.Error("rest: writing CSV report", "report", e.name, "err", err)
	}
}

func writePlain(w http.ResponseWriter, status int, s plainText) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, string(s))
}

// spanDates names a [from, to) range by its first and last day: an end at
// midnight, as span gives, belongs to the day before.
func spanDates(from, to time.Time) string {
	last := to
	if to.Equal(time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, to.Location())) {
		last = to.AddDate(0, 0, -1)
	}
	first, end := from.Format(time.DateOnly), last.Format(time.DateOnly)
	if !last.After(from) || first == end {
		return first
	}
	return first + "_" + end
}

// today is the store's current date, naming snapshot reports (stock and
// loyalty), which cover no range.
func (c *call) today() (string, error) {
	loc, err := c.pos.Reports().StoreLocation(c.ctx, "")
	if err != nil {
		return "", err
	}
	return time.Now().In(loc).Format(time.DateOnly), nil
}
