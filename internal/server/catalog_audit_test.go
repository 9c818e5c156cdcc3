package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// catalogueWrite sends one create, update or delete of a record through a
// port. It answers the id of the record written, or failed when the port
// reported an internal error (anything else fails the test).
type catalogueWrite func(t *testing.T, op, id, name string) (written string, failed bool)

// graphqlWrite writes a record of typ (Supplier, Discount) through GraphQL;
// extra completes the create input with the type's other required fields.
func graphqlWrite(env *servertest.Env, token, typ, extra string) catalogueWrite {
	return func(t *testing.T, op, id, name string) (string, bool) {
		t.Helper()
		var q string
		field := op + typ
		switch op {
		case "create":
			q = fmt.Sprintf(`mutation($name: String!) { %s(input: {name: $name%s}) { id } }`, field, extra)
		case "update":
			q = fmt.Sprintf(`mutation($id: ID!, $name: String) { %s(id: $id, input: {name: $name}) { id } }`, field)
		case "delete":
			q = fmt.Sprintf(`mutation($id: ID!) { %s(id: $id) }`, field)
		}
		vars := map[string]any{"name": name}
		if id != "" {
			vars["id"] = id
		}
		r := env.GraphQL(token, q, vars)
		if len(r.Errors) > 0 {
			if r.Code() != "INTERNAL" {
				t.Fatalf("%s: %+v, want an internal error", field, r.Errors)
			}
			return "", true
		}
		if op == "delete" {
			return decode[string](t, r.Data[field]), false
		}
		return decode[struct{ ID string }](t, r.Data[field]).ID, false
	}
}

// restWrite writes a record at path (a collection, ending in "/") through
// REST; create is the create body's other required fields.
func restWrite(env *servertest.Env, token, path string, create map[string]any) catalogueWrite {
	return func(t *testing.T, op, id, name string) (string, bool) {
		t.Helper()
		method, url, want := map[string]string{"create": http.MethodPost, "update": http.MethodPut, "delete": http.MethodDelete}[op], path+id, map[string]int{"create": http.StatusCreated, "update": http.StatusOK, "delete": http.StatusNoContent}[op]
		body := map[string]any{"name": name}
		if op == "create" {
			for k, v := range create {
				body[k] = v
			}
		}
		var rd io.Reader
		if op != "delete" {
			raw, _ := json.Marshal(body)
			rd = strings.NewReader(string(raw))
		}
		res := env.Do(method, url, token, rd)
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		switch res.StatusCode {
		case http.StatusInternalServerError:
			return "", true
		case want:
		default:
			t.Fatalf("%s %s: %d, want %d or 500: %s", method, url, res.StatusCode, want, raw)
		}
		if op == "delete" {
			return id, false
		}
		return decode[struct {
			ID string `json:"id"`
		}](t, raw).ID, false
	}
}

// Catalogue writes through either port commit together with their audit
// entry: with the audit log failing, the port answers an internal error and
// the record is not created, changed or deleted; with it back, the same
// request goes through.
func TestCatalogueWritesThroughThePortsCommitWithTheirAuditEntry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := servertest.New(t, db)
		admin := env.Token("admin")
		broken := storetest.BreakAudit(db)
		ctx := context.Background()
		names := map[string]func(id uuid.UUID) (string, error){
			"Supplier": func(id uuid.UUID) (string, error) {
				s, err := db.Client.Supplier.Get(ctx, id)
				if err != nil {
					return "", err
				}
				return s.Name, nil
			},
			"Discount": func(id uuid.UUID) (string, error) {
				d, err := db.Client.Discount.Get(ctx, id)
				if err != nil {
					return "", err
				}
				return d.Name, nil
			},
		}
		counts := map[string]func(context.Context) (int, error){
			"Supplier": db.Client.Supplier.Query().Count,
			"Discount": db.Client.Discount.Query().Count,
		}
		for _, c := range []struct {
			port, typ string
			write     catalogueWrite
		}{
			{"graphql", "Supplier", graphqlWrite(env, admin, "Supplier", "")},
			{"graphql", "Discount", graphqlWrite(env, admin, "Discount", `, type: PERCENTAGE, value: "10"`)},
			{"rest", "Supplier", restWrite(env, admin, "/v1/suppliers/", map[string]any{"contact_info": "call 555-0100"})},
			{"rest", "Discount", restWrite(env, admin, "/v1/discounts/", map[string]any{"type": "percentage", "value": 10})},
		} {
			t.Run(c.port+"/"+c.typ, func(t *testing.T) {
				name := names[c.typ]
				nameIs := func(id, want string) {
					t.Helper()
					if got, err := name(uuid.MustParse(id)); err != nil || got != want {
						t.Fatalf("%s %s: name %q, %v; want %q", c.typ, id, got, err, want)
					}
				}
				// do runs op with the audit log failing, expecting nothing to
				// change (check), then again with it back.
				do := func(op, id, label string, check func()) string {
					t.Helper()
					broken.Store(true)
					_, failed := c.write(t, op, id, label)
					broken.Store(false)
					if !failed {
						t.Fatalf("%s went through without its audit entry", op)
					}
					check()
					written, failed := c.write(t, op, id, label)
					if failed {
						t.Fatalf("%s failed with the audit log working", op)
					}
					return written
				}
				before, err := counts[c.typ](ctx)
				if err != nil {
					t.Fatal(err)
				}
				id := do("create", "", "First", func() {
					if n, err := counts[c.typ](ctx); err != nil || n != before {
						t.Fatalf("%d %s rows after a failed create, want %d (%v)", n, c.typ, before, err)
					}
				})
				nameIs(id, "First")
				do("update", id, "Second", func() { nameIs(id, "First") })
				nameIs(id, "Second")
				do("delete", id, "", func() { nameIs(id, "Second") })
				if _, err := name(uuid.MustParse(id)); err == nil {
					t.Fatalf("%s %s still there after delete", c.typ, id)
				}
			})
		}
	})
}
