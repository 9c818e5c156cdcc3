package graph_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestAppendInputsAppend: the append<Field> inputs of the generated update
// mutations add what the client sent to the list (entgql's own template
// appended the set<Field> value, which is empty then, so nothing happened).
func TestAppendInputsAppend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := servertest.New(t, db)
		admin := env.Token("admin")
		var created struct {
			CreateSupplier struct {
				ID          string   `json:"id"`
				ProductList []string `json:"productList"`
			} `json:"createSupplier"`
		}
		r := env.Must(admin, `mutation { createSupplier(input: {name: "Acme", productList: ["tea"]}) { id productList } }`, nil)
		if err := json.Unmarshal(r.Data["createSupplier"], &created.CreateSupplier); err != nil {
			t.Fatal(err)
		}
		r = env.Must(admin, `mutation($id: ID!) { updateSupplier(id: $id, input: {appendProductList: ["coffee", "cocoa"]}) { productList } }`,
			map[string]any{"id": created.CreateSupplier.ID})
		var updated struct {
			ProductList []string `json:"productList"`
		}
		if err := json.Unmarshal(r.Data["updateSupplier"], &updated); err != nil {
			t.Fatal(err)
		}
		if want := []string{"tea", "coffee", "cocoa"}; !slices.Equal(updated.ProductList, want) {
			t.Fatalf("productList %v, want %v", updated.ProductList, want)
		}

		r = env.Must(admin, `{ roles(where: {name: "cashier"}) { edges { node { id } } } }`, nil)
		var roles struct {
			Edges []struct{ Node struct{ ID string } } `json:"edges"`
		}
		if err := json.Unmarshal(r.Data["roles"], &roles); err != nil || len(roles.Edges) != 1 {
			t.Fatalf("roles %s: %v", r.Data["roles"], err)
		}
		r = env.Must(admin, `mutation($id: ID!) { updateRole(id: $id, input: {appendPermissions: ["reports"]}) { permissions } }`,
			map[string]any{"id": roles.Edges[0].Node.ID})
		var role struct {
			Permissions []string `json:"permissions"`
		}
		if err := json.Unmarshal(r.Data["updateRole"], &role); err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(role.Permissions, "reports") || !slices.Contains(role.Permissions, "pos") {
			t.Fatalf("cashier permissions %v, want pos kept and reports added", role.Permissions)
		}
	})
}
