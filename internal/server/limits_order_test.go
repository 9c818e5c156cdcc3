package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// rawAnswer is one GraphQL exchange as the client saw it.
type rawAnswer struct {
	status int
	size   int
	resp   gqlResponse
}

// postAs sends body to h with the bearer token (none when empty).
func postAs(t testing.TB, h http.Handler, token string, body any) rawAnswer {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var resp gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("status %d, body %.300s: %v", rec.Code, rec.Body.String(), err)
	}
	return rawAnswer{status: rec.Code, size: rec.Body.Len(), resp: resp}
}

// unknownFields is `{ x0 x1 ... }` with n names the schema does not have.
func unknownFields(n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " x%d", i)
	}
	b.WriteString(" }")
	return b.String()
}

// aliased is sel selected n times under the aliases a0, a1, ...
func aliased(sel string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, " a%d: %s", i, sel)
	}
	return b.String()
}

// unknownArgs is `z0: 1 z1: 1 ...`, n arguments no field takes.
func unknownArgs(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, " z%d: 1", i)
	}
	return b.String()
}

// TestFloodsAreRefusedByTheParserTokenLimit: the documents of finding 1 (a
// megabyte of unknown fields, 60,000 repeated directives) stop at the
// parser's token limit with one small QUERY_TOO_COMPLEX error, for an
// anonymous caller, instead of megabytes of validation errors.
func TestFloodsAreRefusedByTheParserTokenLimit(t *testing.T) {
	s := newTestServer(t, storetest.Open(t, "sqlite"))
	for name, q := range map[string]string{
		"130,000 unknown fields":    unknownFields(130000),
		"60,000 repeated @include":  "{ __typename" + strings.Repeat("@include(if:true)", 60000) + " }",
		"just over the token limit": unknownFields(server.DefaultMaxParserTokens),
	} {
		t.Run(name, func(t *testing.T) {
			a := postAs(t, s.h, "", map[string]any{"query": q})
			if a.status < 400 || a.status >= 500 {
				t.Errorf("status %d, want 4xx", a.status)
			}
			if len(a.resp.Errors) != 1 || a.resp.code() != server.CodeQueryTooComplex {
				t.Fatalf("errors = %.500v, want one %s", a.resp.Errors, server.CodeQueryTooComplex)
			}
			if msg := a.resp.Errors[0].Message; !strings.Contains(msg, fmt.Sprint(server.DefaultMaxParserTokens)) {
				t.Errorf("message %q does not name the limit", msg)
			}
			if a.size > 2048 {
				t.Errorf("answer is %d bytes", a.size)
			}
		})
	}
	// A document just under the token limit is answered as before.
	s.mustQuery(t, "{"+aliased("__typename", server.MaxDocumentFields)+strings.Repeat(" ", 1000)+" }", nil)
	// Past MaxDocumentFields fields it is refused before validation.
	a := postAs(t, s.h, "", map[string]any{"query": unknownFields(server.MaxDocumentFields + 1)})
	if len(a.resp.Errors) != 1 || a.resp.code() != server.CodeQueryTooComplex || a.status != http.StatusUnprocessableEntity {
		t.Fatalf("%d unknown fields: status %d, %.300v", server.MaxDocumentFields+1, a.status, a.resp.Errors)
	}
	// So is a field repeated past MaxRepeatedSelections in one selection
	// set, which validation would compare pairwise.
	a = postAs(t, s.h, "", map[string]any{"query": "{ products { edges { node {" + strings.Repeat(" name", server.MaxRepeatedSelections+1) + " } } } }"})
	if len(a.resp.Errors) != 1 || a.resp.code() != server.CodeQueryTooComplex || !strings.Contains(a.resp.Errors[0].Message, `"name"`) {
		t.Fatalf("repeated name: status %d, %.300v", a.status, a.resp.Errors)
	}
}

// TestValidationErrorsAreCapped: a document under the token limit that breaks
// validation thousands of times answers MaxErrors errors, the last saying
// the rest were dropped.
func TestValidationErrorsAreCapped(t *testing.T) {
	s := newTestServer(t, storetest.Open(t, "sqlite"))
	for name, q := range map[string]string{
		"1,500 unknown fields":               unknownFields(1500),
		"1,000 repeated @include":            "{ __typename" + strings.Repeat(" @include(if: true)", 1000) + " }",
		"900 unknown arguments":              "{ products(" + unknownArgs(900) + ") { totalCount } }",
		"errors from several rules together": "{ x y z " + aliased("products { nope }", 200) + "}",
	} {
		t.Run(name, func(t *testing.T) {
			for _, token := range []string{"", s.token} {
				a := postAs(t, s.h, token, map[string]any{"query": q})
				if a.status < 400 || a.status >= 500 {
					t.Errorf("status %d, want 4xx", a.status)
				}
				if len(a.resp.Errors) != server.MaxErrors {
					t.Fatalf("%d errors, want %d", len(a.resp.Errors), server.MaxErrors)
				}
				last := a.resp.Errors[server.MaxErrors-1].Message
				if !strings.Contains(last, "dropped") {
					t.Errorf("last error %q does not say errors were dropped", last)
				}
				for _, e := range a.resp.Errors {
					if e.Extensions["code"] == nil {
						t.Fatalf("error without a code: %+v", e)
					}
				}
			}
		})
	}
	// A handful of errors is answered whole.
	a := postAs(t, s.h, "", map[string]any{"query": unknownFields(3)})
	if len(a.resp.Errors) != 3 {
		t.Fatalf("3 unknown fields: %d errors", len(a.resp.Errors))
	}
}

// TestNodesTakesAtMost100IDs: nodes(ids:) past MaxNodeIDs is refused with
// BAD_USER_INPUT before any query runs, inline or through a variable, and
// the cost counts one object per id.
func TestNodesTakesAtMost100IDs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestServer(t, db)
		ids := func(n int) []any {
			out := make([]any, n)
			for i := range out {
				out[i] = newID()
			}
			return out
		}
		const q = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`
		resp, n := s.query(t, q, map[string]any{"ids": ids(server.MaxNodeIDs + 1)})
		if resp.code() != "BAD_USER_INPUT" || !strings.Contains(resp.Errors[0].Message, "nodes(ids:)") {
			t.Fatalf("101 ids: %+v", resp.Errors)
		}
		if n > s.auth {
			t.Errorf("101 ids cost %d statements beyond authentication", n-s.auth)
		}
		raw, _ := json.Marshal(ids(1000))
		resp, _ = s.query(t, `{ nodes(ids: `+string(raw)+`) { id } }`, nil)
		if resp.code() != "BAD_USER_INPUT" {
			t.Fatalf("1,000 inline ids: %+v", resp.Errors)
		}
		// 25,000 ids written inline stop at the parser already.
		raw, _ = json.Marshal(ids(25000))
		resp, _ = s.query(t, `{ nodes(ids: `+string(raw)+`) { id } }`, nil)
		if resp.code() != server.CodeQueryTooComplex {
			t.Fatalf("25,000 inline ids: %+v", resp.Errors)
		}
		resp, _ = s.query(t, q, map[string]any{"ids": ids(server.MaxNodeIDs)})
		if len(resp.Errors) > 0 && resp.code() != "NOT_FOUND" {
			t.Fatalf("100 ids: %+v", resp.Errors)
		}
		if got := resp.Extensions.Cost.RequestedQueryCost; got != server.MaxNodeIDs {
			t.Errorf("nodes of 100 ids costs %d, want %d", got, server.MaxNodeIDs)
		}
		// Each id's object is priced with its selection.
		resp, _ = s.query(t, `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Product { inventory { quantity } } } }`, map[string]any{"ids": ids(10)})
		if got := resp.Extensions.Cost.RequestedQueryCost; got != 20 {
			t.Errorf("nodes of 10 ids with inventory costs %d, want 20", got)
		}
	})
}
