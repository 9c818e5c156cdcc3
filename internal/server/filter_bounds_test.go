package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestFilterArgumentsAreBounded: the filters of finding 11 (a 60 KB
// nameContains, a 5,000-element or, a 100,000-element nameIn) and their
// nested forms are refused with BAD_USER_INPUT naming the argument and the
// limit, inline and as variables, before any statement runs; filters at the
// limits still run, on SQLite and PostgreSQL.
func TestFilterArgumentsAreBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestServer(t, db)
		seedShop(t, s.client, 3, 1, 1)
		names := func(n int) []any {
			out := make([]any, n)
			for i := range out {
				out[i] = fmt.Sprintf("n%d", i)
			}
			return out
		}
		ors := func(n int) []any {
			out := make([]any, n)
			for i := range out {
				out[i] = map[string]any{"nameContains": fmt.Sprint(i)}
			}
			return out
		}
		empties := func(n int) []any {
			out := make([]any, n)
			for i := range out {
				out[i] = map[string]any{}
			}
			return out
		}
		nest := func(levels int) map[string]any {
			w := map[string]any{"name": "x"}
			for range levels - 1 {
				w = map[string]any{"not": w}
			}
			return w
		}
		long := strings.Repeat("a", 60<<10)
		const byVar = `query($w: ProductWhereInput) { products(where: $w) { totalCount } }`

		refused := []struct {
			name     string
			where    map[string]any
			argument string // the start of the path the error names
			limit    int
		}{
			{"60 KB nameContains", map[string]any{"nameContains": long}, "products(where:).nameContains", server.MaxFilterStringBytes},
			{"5,000-element or", map[string]any{"or": ors(5000)}, "products(where:).or", server.MaxFilterBranches},
			{"100,000-element nameIn", map[string]any{"nameIn": names(100000)}, "products(where:).nameIn", server.MaxFilterListLen},
			{"long string deep inside", map[string]any{"and": []any{map[string]any{"hasInventoryWith": []any{map[string]any{"hasSupplierWith": []any{map[string]any{"nameHasPrefix": long}}}}}}},
				"products(where:).and[0].hasInventoryWith[0].hasSupplierWith[0].nameHasPrefix", server.MaxFilterStringBytes},
			{"101-element hasInventoryWith", map[string]any{"hasInventoryWith": empties(101)}, "products(where:).hasInventoryWith", server.MaxFilterBranches},
			{"too many predicates in all", map[string]any{"or": []any{map[string]any{"or": ors(100)}, map[string]any{"or": ors(100)}, map[string]any{"or": ors(100)}, map[string]any{"or": ors(100)}, map[string]any{"or": ors(100)}}},
				"products(where:).or", server.MaxFilterPredicates},
			{"too many listed values in all", map[string]any{"or": []any{
				map[string]any{"nameIn": names(1000)}, map[string]any{"nameIn": names(1000)}, map[string]any{"nameIn": names(1000)},
				map[string]any{"nameIn": names(1000)}, map[string]any{"nameIn": names(1000)}, map[string]any{"skuIn": names(1000)}}},
				"products(where:).or", server.MaxFilterValues},
			{"nested too deep", nest(server.MaxFilterDepth + 1), "products(where:).not", server.MaxFilterDepth},
			{"11 has...With in all", map[string]any{"and": func() []any {
				out := make([]any, server.MaxFilterEdges+1)
				for i := range out {
					out[i] = map[string]any{"hasInventoryWith": []any{map[string]any{"quantityGT": i}}}
				}
				return out
			}()}, "products(where:).and", server.MaxFilterEdges},
		}
		for _, tc := range refused {
			t.Run(tc.name, func(t *testing.T) {
				resp, n := s.query(t, byVar, map[string]any{"w": tc.where})
				checkBound(t, "variable", resp, tc.argument, tc.limit)
				if n > s.auth {
					t.Errorf("refused filter ran %d statements", n-s.auth)
				}
				// The same filter written inline, when it fits the token limit.
				if lit := graphqlLiteral(tc.where); len(lit) < 200000 {
					resp, _ = s.query(t, `{ products(where: `+lit+`) { totalCount } }`, nil)
					if resp.code() != server.CodeQueryTooComplex { // past the parser's token limit
						checkBound(t, "inline", resp, tc.argument, tc.limit)
					}
				}
			})
		}
		// An empty filter inside a where is the client's mistake, not ours.
		for _, w := range []map[string]any{{"not": map[string]any{}}, {"and": []any{map[string]any{}}}, {"hasInventoryWith": []any{map[string]any{}}}} {
			resp, n := s.query(t, byVar, map[string]any{"w": w})
			if resp.code() != "BAD_USER_INPUT" || n > s.auth {
				t.Errorf("empty filter %v: code %q, %d statements", w, resp.code(), n-s.auth)
			}
		}

		// The aliased second connection and a fragment are checked too.
		resp, _ := s.query(t, `query($w: ProductWhereInput) { a: products { totalCount } ...F } fragment F on Query { b: products(where: $w) { totalCount } }`,
			map[string]any{"w": map[string]any{"nameContains": long}})
		checkBound(t, "fragment", resp, "b(where:).nameContains", server.MaxFilterStringBytes)

		// Filters at the limits run and answer.
		for name, w := range map[string]map[string]any{
			"1,024-byte nameContains": {"nameContains": strings.Repeat("b", server.MaxFilterStringBytes)},
			"100-element or":          {"or": ors(server.MaxFilterBranches)},
			"1,000-element nameIn":    {"nameIn": names(server.MaxFilterListLen)},
			"five 1,000-value lists":  {"or": []any{map[string]any{"nameIn": names(1000)}, map[string]any{"nameIn": names(1000)}, map[string]any{"skuIn": names(1000)}, map[string]any{"skuIn": names(1000)}, map[string]any{"nameNotIn": names(1000)}}},
			"nested 10 deep":          nest(server.MaxFilterDepth),
			"a real nested filter":    {"nameContains": "Product", "hasInventoryWith": []any{map[string]any{"hasSupplierWith": []any{map[string]any{"nameHasPrefix": "Acme"}}}}},
		} {
			resp, _ := s.mustQuery(t, byVar, map[string]any{"w": w})
			var data struct{ Products struct{ TotalCount int } }
			if err := json.Unmarshal(resp.Data, &data); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if name == "a real nested filter" && data.Products.TotalCount != 3 {
				t.Errorf("%s: %d products, want 3", name, data.Products.TotalCount)
			}
		}
	})
}

func checkBound(t *testing.T, how string, resp gqlResponse, argument string, limit int) {
	t.Helper()
	if resp.code() != "BAD_USER_INPUT" {
		t.Fatalf("%s: errors %.400v, want BAD_USER_INPUT", how, resp.Errors)
	}
	e := resp.Errors[0]
	if got, _ := e.Extensions["argument"].(string); !strings.HasPrefix(got, argument) || !strings.Contains(e.Message, got) {
		t.Errorf("%s: argument %q (message %q), want one starting %q", how, got, e.Message, argument)
	}
	if got, _ := e.Extensions["limit"].(float64); int(got) != limit {
		t.Errorf("%s: limit %v, want %d", how, e.Extensions["limit"], limit)
	}
	if resp.Data != nil && string(resp.Data) != "null" {
		t.Errorf("%s: data %s alongside the refusal", how, resp.Data)
	}
}

// graphqlLiteral writes a JSON-like value as a GraphQL input literal.
func graphqlLiteral(v any) string {
	switch x := v.(type) {
	case map[string]any:
		var parts []string
		for k, e := range x {
			parts = append(parts, k+": "+graphqlLiteral(e))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = graphqlLiteral(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}
