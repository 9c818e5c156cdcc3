package servertest_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/storetest"
)

func TestIsQuery(t *testing.T) {
	for _, tc := range []struct {
		doc, op string
		want    bool
	}{
		{`{ products { totalCount } }`, "", true},
		{`query Q { me { id } }`, "", true},
		{`mutation { deleteProduct(id: "x") }`, "", false},
		{`subscription { saleCompleted { id } }`, "", false},
		{`query A { me { id } } mutation B { deleteProduct(id: "x") }`, "B", false},
		{`query A { me { id } } mutation B { deleteProduct(id: "x") }`, "A", true},
		// Refused before anything runs: asking twice is harmless.
		{`query A { me { id } } mutation B { deleteProduct(id: "x") }`, "", true},
		{`query A { me { id } }`, "C", true},
		{`{ not a document`, "", true},
	} {
		if got := servertest.IsQuery(tc.doc, tc.op); got != tc.want {
			t.Errorf("IsQuery(%q, %q) = %v, want %v", tc.doc, tc.op, got, tc.want)
		}
	}
}

func TestMismatch(t *testing.T) {
	if m := servertest.Mismatch(200, []byte(`{"a":1}`), 200, []byte(`{"a":1}`)); m != "" {
		t.Errorf("equal answers: %q", m)
	}
	m := servertest.Mismatch(200, []byte(`{"data":{"a":1}}`), 422, []byte(`{"data":{"a":2}}`))
	for _, want := range []string{"status: compiled 200, reference 422", "first difference at byte 13", `{"data":{"a":2}}`} {
		if !strings.Contains(m, want) {
			t.Errorf("Mismatch lacks %q:\n%s", want, m)
		}
	}
	long := strings.Repeat("x", 5000)
	if got := servertest.Truncate(long, 10); got != "xxxxxxxxxx... (4990 more bytes)" {
		t.Errorf("Truncate: %q", got)
	}
}

// The reference twin shares the database and the auth service: one token
// works on both, a row written through one is read by the other, and a
// mutation sent through GraphQL runs once.
func TestDifferentialTwin(t *testing.T) {
	env := servertest.New(t, storetest.Open(t, "sqlite"))
	env.Product("Pen", "PEN-1", "2.50", 5)
	admin := env.Token("admin")
	const q = `{ products { totalCount edges { node { name sku price inventory { quantity } } } } }`
	compiled, reference := env.Differential(admin, q, nil)
	if !bytes.Equal(compiled, reference) || !strings.Contains(string(compiled), `"name":"Pen"`) {
		t.Fatalf("compiled %s\nreference %s", compiled, reference)
	}
	anon, _ := env.Differential("", q, nil)
	if !strings.Contains(string(anon), "UNAUTHENTICATED") {
		t.Errorf("anonymous: %s", anon)
	}
	env.Must(admin, `mutation { createProduct(input: {name: "Ink", sku: "INK-1", price: "1.00"}) { id } }`, nil)
	r := env.Must(admin, `{ products(where: {sku: "INK-1"}) { totalCount } }`, nil)
	if got := string(r.Data["products"]); got != `{"totalCount":1}` {
		t.Errorf("after one createProduct: %s", got)
	}
}

// recorder is a testing.TB that keeps what Errorf says instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// GraphQL fails the test when the reference answers a query differently,
// and leaves mutations and opted-out environments alone.
func TestGraphQLReportsDifference(t *testing.T) {
	env := servertest.New(t, storetest.Open(t, "sqlite"))
	admin := env.Token("admin")
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"data":{"products":{"totalCount":99}}}`))
	}))
	defer other.Close()
	env.Reference = other
	rec := &recorder{TB: t}
	env.T = rec
	env.GraphQL(admin, `{ products { totalCount } }`, nil)
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], `"totalCount":99`) || !strings.Contains(rec.errors[0], `"totalCount":0`) {
		t.Errorf("a differing answer reported as %q", rec.errors)
	}
	rec.errors = nil
	env.GraphQL(admin, `mutation { createProduct(input: {name: "Ink", sku: "INK-1", price: "1.00"}) { id } }`, nil)
	env.GraphQLRequest(admin, servertest.Request{Query: `query A { products { totalCount } } mutation B { deleteProduct(id: "x") }`, OperationName: "B"})
	env.NoDifferential = true
	env.GraphQL(admin, `{ products { totalCount } }`, nil)
	if len(rec.errors) != 0 {
		t.Errorf("mutations or an opted-out query compared: %q", rec.errors)
	}
}
