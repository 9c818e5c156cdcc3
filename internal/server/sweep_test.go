package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/pandac/pandac/graph"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// sweepSkipTables are written by design when a request fails: failed logins
// are counted for throttling.
var sweepSkipTables = map[string]bool{"login_throttles": true}

// leakMarkers are fragments of driver errors, SQL and Go stack traces that
// must never reach a client.
var leakMarkers = []string{"SQLSTATE", "sqlite", "pgx", "pq:", "sql:", "ent: ", "goroutine ", "runtime error", ".go:", "panic", "constraint failed", "violates"}

// badValue is one malformed value and whether the server may legitimately
// accept it (a zero or negative number is valid for some fields, such as a
// stock adjustment); values that may never be accepted make the sweep fail
// when a mutation takes them.
type badValue struct {
	label   string
	value   any
	mayPass bool
}

var overlong = strings.Repeat("ŝ", 60_000) // 120 KB: longer than any field allows

func badValuesFor(s *ast.Schema, t *ast.Type) []badValue {
	if t.Elem != nil {
		return []badValue{{"list of wrong type", []any{map[string]any{"x": []any{1}}}, false}, {"object for list", map[string]any{"a": 1}, false}}
	}
	def := s.Types[t.NamedType]
	switch {
	case def == nil:
		return nil
	case def.Kind == ast.Enum:
		return []badValue{{"unknown enum", "NOT_A_VALUE", false}, {"html enum", "<script>alert(1)</script>", false}, {"number for enum", 7, false}}
	case def.Kind == ast.InputObject:
		return []badValue{{"string for object", "'; DROP TABLE products; --", false}, {"number for object", 12, false}}
	}
	switch t.NamedType {
	case "ID", "UUID":
		return []badValue{{"invalid uuid", "not-a-uuid", false}, {"sql uuid", "1' OR '1'='1", false}, {"number uuid", 12345, false}, {"unknown uuid", uuid.NewString(), false}}
	case "Int":
		return []badValue{{"negative int", -1, true}, {"zero int", 0, true}, {"huge int", json.Number("1e30"), false}, {"2^63", json.Number("9223372036854775808"), false}, {"fraction", 2.5, false}, {"string int", "12", true}}
	case "Float":
		return []badValue{{"huge float", json.Number("1e400"), false}, {"string float", "abc", false}}
	case "Decimal":
		return []badValue{{"negative decimal", "-1.00", true}, {"huge decimal", "1e30", false}, {"20 digits", "99999999999999999999.99", false}, {"text decimal", "twelve", false}, {"sql decimal", "1; DROP TABLE sales", false}, {"3 decimals", "1.005", false}, {"bool decimal", true, false}}
	case "String":
		return []badValue{{"overlong string", overlong, false}, {"number for string", 42, true}, {"object for string", map[string]any{"a": "b"}, false}}
	case "Boolean":
		return []badValue{{"string bool", "yes", false}, {"number bool", 1, false}}
	case "Time":
		return []badValue{{"text time", "yesterday", false}, {"number time", 1e12, false}}
	case "Map":
		return []badValue{{"string map", "not a map", false}, {"list map", []any{1, 2}, false}}
	}
	return nil
}

// validValue builds a plausible value: required input fields filled in,
// ids random (so they refer to nothing).
func validValue(s *ast.Schema, t *ast.Type, depth int) any {
	if t.Elem != nil {
		return []any{validValue(s, t.Elem, depth)}
	}
	def := s.Types[t.NamedType]
	if def != nil && def.Kind == ast.Enum {
		return def.EnumValues[0].Name
	}
	if def != nil && def.Kind == ast.InputObject {
		obj := map[string]any{}
		if depth > 4 {
			return obj
		}
		for _, f := range def.Fields {
			if f.Type.NonNull && f.DefaultValue == nil {
				obj[f.Name] = validValue(s, f.Type, depth+1)
			}
		}
		return obj
	}
	switch t.NamedType {
	case "ID", "UUID":
		return uuid.NewString()
	case "Int":
		return 1
	case "Float":
		return 1.0
	case "Decimal":
		return "1.00"
	case "Boolean":
		return true
	case "Time":
		return "2026-01-01T00:00:00Z"
	case "Map":
		return map[string]any{}
	}
	return "sweep"
}

// target is one place in a mutation's arguments to put a bad value.
type target struct {
	path []any // argument name, then field names and list indexes
	typ  *ast.Type
}

func targets(s *ast.Schema, prefix []any, t *ast.Type, depth int) []target {
	out := []target{{path: prefix, typ: t}}
	if depth >= 3 {
		return out
	}
	if t.Elem != nil {
		if def := s.Types[t.Elem.NamedType]; def != nil && def.Kind == ast.InputObject {
			return append(out, targets(s, append(append([]any{}, prefix...), 0), t.Elem, depth+1)[1:]...)
		}
		return out
	}
	if def := s.Types[t.NamedType]; def != nil && def.Kind == ast.InputObject {
		for _, f := range def.Fields {
			out = append(out, targets(s, append(append([]any{}, prefix...), f.Name), f.Type, depth+1)...)
		}
	}
	return out
}

// setPath puts v at path inside vars, creating containers along the way.
func setPath(s *ast.Schema, vars map[string]any, path []any, v any) {
	var cur any = vars
	for i, p := range path {
		last := i == len(path)-1
		switch key := p.(type) {
		case string:
			m := cur.(map[string]any)
			if last {
				m[key] = v
				return
			}
			next, ok := m[key]
			if !ok || next == nil {
				if _, isIdx := path[i+1].(int); isIdx {
					next = []any{map[string]any{}}
				} else {
					next = map[string]any{}
				}
				m[key] = next
			}
			cur = next
		case int:
			l := cur.([]any)
			if last {
				l[key] = v
				return
			}
			cur = l[key]
		}
	}
}

func clone(v any) any {
	b, _ := json.Marshal(v)
	var out any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	_ = d.Decode(&out)
	return out
}

func pathString(p []any) string {
	var b strings.Builder
	for i, e := range p {
		switch e := e.(type) {
		case string:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(e)
		case int:
			fmt.Fprintf(&b, "[%d]", e)
		}
	}
	return b.String()
}

// rowCounts counts the rows of every table in one query.
func rowCounts(t *testing.T, db *store.DB) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if db.Dialect == "postgres" {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
	}
	rows, err := db.SQL.QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		if !sweepSkipTables[n] {
			tables = append(tables, n)
		}
	}
	rows.Close()
	sort.Strings(tables)
	parts := make([]string, len(tables))
	for i, n := range tables {
		parts[i] = fmt.Sprintf(`(SELECT count(*) FROM "%s")`, n)
	}
	vals := make([]any, len(tables))
	counts := make([]int64, len(tables))
	for i := range counts {
		vals[i] = &counts[i]
	}
	if err := db.SQL.QueryRowContext(ctx, "SELECT "+strings.Join(parts, ", ")).Scan(vals...); err != nil {
		t.Fatal(err)
	}
	out := make(map[string]int64, len(tables))
	for i, n := range tables {
		out[n] = counts[i]
	}
	return out
}

func diffCounts(before, after map[string]int64) string {
	var d []string
	for k, v := range after {
		if before[k] != v {
			d = append(d, fmt.Sprintf("%s %d->%d", k, before[k], v))
		}
	}
	sort.Strings(d)
	return strings.Join(d, ", ")
}

// sweepResult classifies one answer.
type sweepResult struct {
	status   int
	accepted bool // no errors: the server took the input
	problem  string
}

func classify(status int, body []byte, public bool) sweepResult {
	r := sweepResult{status: status}
	if status >= 500 {
		r.problem = fmt.Sprintf("status %d", status)
		return r
	}
	for _, m := range leakMarkers {
		if bytes.Contains(body, []byte(m)) {
			r.problem = fmt.Sprintf("answer leaks %q: %.300s", m, body)
			return r
		}
	}
	var env struct {
		Data   map[string]any   `json:"data"`
		Errors []map[string]any `json:"errors"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		if status >= 400 {
			return r // a plain 4xx (413 and the like)
		}
		r.problem = fmt.Sprintf("status %d with an unreadable body: %.200s", status, body)
		return r
	}
	if len(env.Errors) == 0 {
		r.accepted = status < 300
		return r
	}
	for _, e := range env.Errors {
		ext, _ := e["extensions"].(map[string]any)
		code, _ := ext["code"].(string)
		if (code == "UNAUTHENTICATED" && !public) || code == "FORBIDDEN" {
			r.problem = fmt.Sprintf("refused as %s, so the input was never looked at: %v", code, e["message"])
			return r
		}
		if code == "" || code == "INTERNAL" {
			r.problem = fmt.Sprintf("error with code %q: %v", code, e["message"])
			return r
		}
	}
	return r
}

// TestBadInputSweep sends malformed input to every GraphQL mutation of the
// live schema and checks each answer is a client error (never 5xx or
// INTERNAL, never a leaked driver message or stack trace), and that a refused
// request wrote nothing: the row count of every table is unchanged.
func TestBadInputSweep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// As an admin, so every mutation gets past authorization to its input.
		env := servertest.New(t, db)
		srv := env.Server
		ctx := context.Background()
		if _, err := env.Auth.ProvisionUser(ctx, auth.NewUser{Username: "sweeper", Password: "sweeper-password", Role: "admin"}); err != nil {
			t.Fatal(err)
		}
		var authorization string
		var counts map[string]int64
		signIn := func() {
			defer func() {
				if counts != nil {
					counts = rowCounts(t, db) // signing in writes a refresh token
				}
			}()
			toks, _, err := env.Auth.Login(ctx, "sweeper", "sweeper-password", "192.0.2.1")
			if err != nil {
				t.Fatal(err)
			}
			authorization = "Bearer " + toks.AccessToken
		}
		signIn()
		schema := graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{}}).Schema()

		var sent, fiveXX, internal, accepted int
		var problems []string
		counts = rowCounts(t, db)
		post := func(label string, body []byte, mayPass, public bool) {
			sent++
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", authorization)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("%s: %v", label, err)
			}
			answer, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			r := classify(resp.StatusCode, answer, public)
			if r.status >= 500 {
				fiveXX++
			}
			if r.problem != "" {
				if strings.Contains(r.problem, "INTERNAL") {
					internal++
				}
				problems = append(problems, label+": "+r.problem)
			}
			after := rowCounts(t, db)
			if r.accepted {
				accepted++
				// Taking a value that should be refused and storing something.
				if d := diffCounts(counts, after); !mayPass && d != "" {
					problems = append(problems, fmt.Sprintf("%s: accepted and stored (%s)", label, d))
				}
			} else if d := diffCounts(counts, after); d != "" {
				problems = append(problems, fmt.Sprintf("%s: refused but wrote rows: %s", label, d))
			}
			counts = after
		}

		// Requests broken before GraphQL even starts.
		for label, body := range map[string]string{
			"malformed json":      `{"query": "mutation {`,
			"query is a number":   `{"query": 5}`,
			"batch array":         `[{"query": "{ __typename }"}]`,
			"variables as string": `{"query": "mutation($id: ID!) { deleteSupplier(id: $id) }", "variables": "x"}`,
			"syntax error":        `{"query": "mutation { createSupplier(input: {name: \"x\"} { id } }"}`,
			"unknown field":       `{"query": "mutation { dropAllTables }"}`,
			"empty body":          ``,
		} {
			post(label, []byte(body), false, false)
		}

		mutation := schema.Mutation
		if mutation == nil {
			t.Fatal("schema has no Mutation type")
		}
		for _, f := range mutation.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			var decl, use []string
			base := map[string]any{}
			var tgts []target
			for _, a := range f.Arguments {
				decl = append(decl, fmt.Sprintf("$%s: %s", a.Name, a.Type.String()))
				use = append(use, fmt.Sprintf("%s: $%s", a.Name, a.Name))
				if a.Type.NonNull && a.DefaultValue == nil {
					base[a.Name] = validValue(schema, a.Type, 0)
				}
				tgts = append(tgts, targets(schema, []any{a.Name}, a.Type, 0)...)
			}
			// Public fields (login, refreshToken) rightly answer bad
			// credentials with UNAUTHENTICATED.
			public := policy.Operation("Mutation." + f.Name).Public
			sel := ""
			if def := schema.Types[f.Type.Name()]; def != nil && (def.Kind == ast.Object || def.Kind == ast.Interface || def.Kind == ast.Union) {
				sel = "{ __typename }"
			}
			query := "mutation"
			if len(decl) > 0 {
				query += "(" + strings.Join(decl, ", ") + ")"
			}
			query += " { " + f.Name
			if len(use) > 0 {
				query += "(" + strings.Join(use, ", ") + ")"
			}
			query += " " + sel + " }"

			if hasRequired(f) {
				body, _ := json.Marshal(map[string]any{"query": query, "variables": map[string]any{}})
				post(f.Name+" without required arguments", body, false, public)
			}
			for _, tg := range tgts {
				for _, bv := range badValuesFor(schema, tg.typ) {
					vars := clone(base).(map[string]any)
					setPath(schema, vars, tg.path, bv.value)
					body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
					if err != nil {
						t.Fatal(err)
					}
					// Logging out revokes the bearer token whatever refresh
					// token is named, which is the point of logout.
					post(fmt.Sprintf("%s %s=%s", f.Name, pathString(tg.path), bv.label), body, bv.mayPass || f.Name == "logout", public)
					if f.Name == "logout" {
						signIn()
					}
				}
			}
		}
		t.Logf("bad-input sweep (%s): %d requests sent, %d answered 5xx, %d INTERNAL, %d accepted, %d problems",
			db.Dialect, sent, fiveXX, internal, accepted, len(problems))
		if path := os.Getenv("PANDAC_SWEEP_REPORT"); path != "" {
			_ = os.WriteFile(path, []byte(strings.Join(problems, "\n")), 0o644)
		}
		for i, p := range problems {
			if i == 40 {
				t.Errorf("... and %d more", len(problems)-40)
				break
			}
			t.Error(p)
		}
		if fiveXX != 0 {
			t.Errorf("%d answers were 5xx", fiveXX)
		}
	})
}

func hasRequired(f *ast.FieldDefinition) bool {
	for _, a := range f.Arguments {
		if a.Type.NonNull && a.DefaultValue == nil {
			return true
		}
	}
	return false
}
