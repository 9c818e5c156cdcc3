package server_test

import (
	"testing"

	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// Admins read the audit log through the generated auditEntries connection;
// the entry names the admin who made the change. Other roles cannot read it.
func TestAuditEntriesThroughGraphQL(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := servertest.New(t, db)
		admin := env.Token("admin")
		created := decode[struct{ ID string }](t, env.Must(admin, `mutation { createSupplier(input: {name: "Acme", email: "a@acme.test"}) { id } }`, nil).Data["createSupplier"])
		id := created.ID
		const q = `query($id: UUID) { auditEntries(first: 10, where: {entityType: "Supplier", entityID: $id}) {
			totalCount edges { node { action entityType entityID actorID changes createdAt } } } }`
		conn := decode[struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					Action, EntityType, EntityID string
					ActorID                      *string
					Changes                      map[string]any
				}
			}
		}](t, env.Must(admin, q, map[string]any{"id": id}).Data["auditEntries"])
		if conn.TotalCount != 1 {
			t.Fatalf("totalCount = %d, want 1", conn.TotalCount)
		}
		n := conn.Edges[0].Node
		if n.Action != "CREATE" || n.EntityID != id || n.Changes["name"] != "Acme" || n.Changes["email"] != "a@acme.test" || n.ActorID == nil {
			t.Errorf("entry = %+v", n)
		}
		for _, role := range []string{"manager", "cashier", "user"} {
			r := env.GraphQL(env.Token(role), q, map[string]any{"id": id})
			if len(r.Errors) == 0 {
				t.Errorf("%s read the audit log", role)
			}
		}
	})
}
