package server

import (
	"net/http/httptest"
	"testing"

	"github.com/pandac/pandac/internal/config"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// The audit log is readable through the generated auditEntries connection.
func TestAuditEntriesThroughGraphQL(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := httptest.NewServer(New(Deps{Config: config.Config{}, DB: db, POS: pos.New(db.Client), Logger: discardLogger()}))
		defer srv.Close()
		data, errs := gql(t, srv.URL, `mutation { createSupplier(input: {name: "Acme", email: "a@acme.test"}) { id } }`, nil)
		if errs != nil {
			t.Fatalf("createSupplier: %v", errs)
		}
		id := data["createSupplier"].(map[string]any)["id"].(string)
		data, errs = gql(t, srv.URL, `query($id: UUID) { auditEntries(first: 10, where: {entityType: "Supplier", entityID: $id}) {
			totalCount edges { node { action entityType entityID changes createdAt } } } }`, map[string]any{"id": id})
		if errs != nil {
			t.Fatalf("auditEntries: %v", errs)
		}
		conn := data["auditEntries"].(map[string]any)
		if conn["totalCount"].(float64) != 1 {
			t.Fatalf("totalCount = %v, want 1", conn["totalCount"])
		}
		node := conn["edges"].([]any)[0].(map[string]any)["node"].(map[string]any)
		ch := node["changes"].(map[string]any)
		if node["action"] != "CREATE" || node["entityID"] != id || ch["name"] != "Acme" || ch["email"] != "a@acme.test" {
			t.Errorf("entry = %v", node)
		}
	})
}
