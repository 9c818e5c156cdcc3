package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/auditentry"
	"github.com/pandac/pandac/ent/inventory"
	"github.com/pandac/pandac/ent/product"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/actor"
	"github.com/pandac/pandac/internal/ids"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

func entries(t *testing.T, c *ent.Client, typ string) []*ent.AuditEntry {
	t.Helper()
	es, err := c.AuditEntry.Query().Where(auditentry.EntityType(typ)).
		Order(auditentry.ByCreatedAt(), auditentry.ByID()).All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestAuditRecordsCreateUpdateDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		who := ids.New(ids.TagUser)
		ctx := actor.With(context.Background(), who)
		var p *ent.Product
		err := store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
			var err error
			p, err = tx.Product.Create().SetName("Tea").SetSku("TEA-1").SetPrice(money.Amount(350)).Save(ctx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// Outside a transaction too.
		if _, err := db.Client.Product.UpdateOneID(p.ID).SetName("Green tea").Save(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.Client.Product.DeleteOneID(p.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		es := entries(t, db.Client, "Product")
		if len(es) != 3 {
			t.Fatalf("got %d entries, want 3: %+v", len(es), es)
		}
		for i, want := range []auditentry.Action{auditentry.ActionCREATE, auditentry.ActionUPDATE, auditentry.ActionDELETE} {
			e := es[i]
			if e.Action != want || e.EntityID == nil || *e.EntityID != p.ID || e.ActorID == nil || *e.ActorID != who {
				t.Errorf("entry %d = %s %v by %v, want %s %s by %s", i, e.Action, e.EntityID, e.ActorID, want, p.ID, who)
			}
		}
		if got := es[0].Changes; got["name"] != "Tea" || got["sku"] != "TEA-1" || got["price"] != 3.5 {
			t.Errorf("create changes = %v, want name Tea, sku TEA-1, price 3.50", got)
		}
		if _, ok := es[0].Changes["created_by"]; ok {
			t.Errorf("create changes repeat bookkeeping columns: %v", es[0].Changes)
		}
		if got := es[1].Changes; got["name"] != "Green tea" || len(got) != 1 {
			t.Errorf("update changes = %v, want only name", got)
		}
		if es[2].Changes != nil {
			t.Errorf("delete changes = %v, want none", es[2].Changes)
		}
	})
}

func TestAuditNeverRecordsSensitiveFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u, err := db.Client.User.Create().SetUsername("alice").SetPasswordHash("$2a$10$secret-hash").Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Client.User.UpdateOne(u).SetPasswordHash("$2a$10$other-hash").SetFullName("Alice").Save(ctx); err != nil {
			t.Fatal(err)
		}
		es := entries(t, db.Client, "User")
		if len(es) != 2 {
			t.Fatalf("got %d entries, want 2", len(es))
		}
		for _, e := range es {
			if _, ok := e.Changes["password_hash"]; ok {
				t.Errorf("%s entry leaks password_hash: %v", e.Action, e.Changes)
			}
			if e.ActorID != nil {
				t.Errorf("entry without an actor in context has actor %v", e.ActorID)
			}
		}
		if es[0].Changes["username"] != "alice" || es[1].Changes["full_name"] != "Alice" {
			t.Errorf("changes = %v / %v", es[0].Changes, es[1].Changes)
		}
		if !store.SensitiveFieldsHidden("User", "password_hash") {
			t.Error("password_hash is not marked hidden")
		}
	})
}

func TestAuditRollsBackWithTheChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
			if _, err := tx.Supplier.Create().SetName("Acme").Save(ctx); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		// A failed write outside a transaction leaves no entry either.
		if _, err := db.Client.Product.Create().SetName("A").SetSku("DUP").Save(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Client.Product.Create().SetName("B").SetSku("DUP").Save(ctx); err == nil {
			t.Fatal("duplicate sku accepted")
		}
		if n := db.Client.AuditEntry.Query().Where(auditentry.EntityType("Supplier")).CountX(ctx); n != 0 {
			t.Errorf("rolled-back create left %d audit entries", n)
		}
		if n := db.Client.AuditEntry.Query().Where(auditentry.EntityType("Product")).CountX(ctx); n != 1 {
			t.Errorf("one product created, %d audit entries", n)
		}
	})
}

func TestAuditBulkUpdateRecordsEveryRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		want := map[uuid.UUID]bool{}
		for _, sku := range []string{"A", "B", "C"} {
			p := db.Client.Product.Create().SetName(sku).SetSku(sku).SetCategory("tea").SaveX(ctx)
			want[p.ID] = true
		}
		db.Client.Product.Create().SetName("D").SetSku("D").SetCategory("coffee").SaveX(ctx)
		n, err := db.Client.Product.Update().Where(product.Category("tea")).SetIsActive(false).Save(ctx)
		if err != nil || n != 3 {
			t.Fatalf("updated %d, err %v", n, err)
		}
		upd := db.Client.AuditEntry.Query().Where(auditentry.EntityType("Product"), auditentry.ActionEQ(auditentry.ActionUPDATE)).AllX(ctx)
		if len(upd) != 3 {
			t.Fatalf("got %d update entries, want 3", len(upd))
		}
		for _, e := range upd {
			if !want[*e.EntityID] || e.Changes["is_active"] != false {
				t.Errorf("unexpected entry %v %v", *e.EntityID, e.Changes)
			}
		}
		if _, err := db.Client.Product.Delete().Where(product.Category("coffee")).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if n := db.Client.AuditEntry.Query().Where(auditentry.ActionEQ(auditentry.ActionDELETE)).CountX(ctx); n != 1 {
			t.Errorf("bulk delete of one row gave %d entries", n)
		}
	})
}

// The stock ledger is the audit trail of quantity changes; anything else done
// to inventory is audited.
func TestAuditLeavesLedgerWritesToTheLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := db.Client.Product.Create().SetName("Tea").SetSku("T").SaveX(ctx)
		inv := db.Client.Inventory.Create().SetProductID(p.ID).SaveX(ctx)
		err := store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
			n, err := tx.Inventory.Update().Where(inventory.ProductID(p.ID), inventory.QuantityGTE(0)).AddQuantity(5).Save(ctx)
			if err != nil || n != 1 {
				return errors.Join(err, errors.New("conditional update missed"))
			}
			return tx.StockMovement.Create().SetProductID(p.ID).SetDelta(5).SetQuantityAfter(5).
				SetKind(stockmovement.KindRESTOCK).Exec(ctx)
		})
		if err != nil {
			t.Fatal(err)
		}
		if es := entries(t, db.Client, "Inventory"); len(es) != 1 || es[0].Action != auditentry.ActionCREATE {
			t.Fatalf("inventory entries after a ledger change = %d, want only the create", len(es))
		}
		if n := len(entries(t, db.Client, "StockMovement")); n != 0 {
			t.Errorf("stock movement create audited %d times; the ledger row is its own record", n)
		}
		db.Client.Inventory.UpdateOne(inv).SetReorderLevel(3).ExecX(ctx)
		es := entries(t, db.Client, "Inventory")
		if len(es) != 2 || es[1].Changes["reorder_level"] != 3.0 {
			t.Errorf("reorder level change not audited: %d entries", len(es))
		}
	})
}

func TestAuditSkipsWritesThatMatchNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Client.Supplier.DeleteOneID(ids.New(ids.TagSupplier)).Exec(ctx); !ent.IsNotFound(err) {
			t.Fatalf("deleting an unknown supplier: %v", err)
		}
		if _, err := db.Client.Supplier.Update().Where().SetName("x").Save(ctx); err != nil {
			t.Fatal(err)
		}
		if n := db.Client.AuditEntry.Query().CountX(ctx); n != 0 {
			t.Errorf("%d audit entries for writes that changed nothing", n)
		}
	})
}

// InTx collects the entries of its transaction and writes them as it
// commits, in the order the writes happened; a rollback writes none.
func TestAuditInTxWritesEntriesAtCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		who := ids.New(ids.TagUser)
		ctx := actor.With(context.Background(), who)
		var made []uuid.UUID
		err := store.InTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
			for _, name := range []string{"A", "B", "C"} {
				s, err := tx.Supplier.Create().SetName(name).Save(ctx)
				if err != nil {
					return err
				}
				made = append(made, s.ID)
			}
			if err := tx.Supplier.UpdateOneID(made[0]).SetName("A2").Exec(ctx); err != nil {
				return err
			}
			if n := tx.AuditEntry.Query().CountX(ctx); n != 0 {
				t.Errorf("%d entries written before commit, want them held for it", n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		es := entries(t, db.Client, "Supplier")
		if len(es) != 4 {
			t.Fatalf("got %d entries, want 4", len(es))
		}
		for i, id := range append(made, made[0]) {
			e := es[i]
			if *e.EntityID != id || e.ActorID == nil || *e.ActorID != who {
				t.Errorf("entry %d is for %v by %v, want %s by %s", i, *e.EntityID, e.ActorID, id, who)
			}
		}
		if es[3].Action != auditentry.ActionUPDATE || es[3].Changes["name"] != "A2" {
			t.Errorf("last entry = %s %v, want the rename", es[3].Action, es[3].Changes)
		}

		boom := errors.New("boom")
		err = store.InTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
			if _, err := tx.Supplier.Create().SetName("D").Save(ctx); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		if n := len(entries(t, db.Client, "Supplier")); n != 4 {
			t.Errorf("rolled-back create left an entry: %d entries", n)
		}
	})
}

// TestAuditListsASalesPartsInItsEntry: the lines and payments created with a
// sale are listed in the sale's one entry; a payment added later to a sale
// the transaction leaves alone, and one on no sale, keep entries of their own.
func TestAuditListsASalesPartsInItsEntry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := actor.With(context.Background(), ids.New(ids.TagUser))
		p := db.Client.Product.Create().SetName("Tea").SetSku("TEA-1").SetPrice(money.Amount(350)).SaveX(ctx)
		var sale *ent.Sale
		var items []*ent.SaleItem
		var pay *ent.Payment
		err := store.InTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
			var err error
			if sale, err = tx.Sale.Create().SetTotal(700).Save(ctx); err != nil {
				return err
			}
			if items, err = tx.SaleItem.CreateBulk(
				tx.SaleItem.Create().SetSaleID(sale.ID).SetProductID(p.ID).SetQuantity(1).SetUnitPrice(350),
				tx.SaleItem.Create().SetSaleID(sale.ID).SetProductID(p.ID).SetQuantity(1).SetUnitPrice(350),
			).Save(ctx); err != nil {
				return err
			}
			pay, err = tx.Payment.Create().SetSaleID(sale.ID).SetMethod("CASH").SetAmount(700).Save(ctx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		es := entries(t, db.Client, "Sale")
		if len(es) != 1 || len(entries(t, db.Client, "SaleItem")) != 0 || len(entries(t, db.Client, "Payment")) != 0 {
			t.Fatalf("%d sale entries (want 1), %d line and %d payment entries (want none)",
				len(es), len(entries(t, db.Client, "SaleItem")), len(entries(t, db.Client, "Payment")))
		}
		listed := func(key string) []string {
			var out []string
			parts, _ := es[0].Changes[key].([]any)
			for _, part := range parts {
				m, _ := part.(map[string]any)
				id, _ := m["id"].(string)
				out = append(out, id)
			}
			return out
		}
		if got := listed("items"); len(got) != 2 || got[0] != items[0].ID.String() || got[1] != items[1].ID.String() {
			t.Errorf("items listed %v, want %s and %s", got, items[0].ID, items[1].ID)
		}
		if got := listed("payments"); len(got) != 1 || got[0] != pay.ID.String() {
			t.Errorf("payments listed %v, want %s", got, pay.ID)
		}
		if m, _ := es[0].Changes["payments"].([]any)[0].(map[string]any); m["method"] != "CASH" || m["sale_id"] != sale.ID.String() {
			t.Errorf("payment listed as %v", m)
		}

		err = store.InTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
			if err := tx.Payment.Create().SetSaleID(sale.ID).SetMethod("CARD").SetAmount(1).Exec(ctx); err != nil {
				return err
			}
			return tx.Payment.Create().SetMethod("CARD").SetAmount(1).Exec(ctx)
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, m := len(entries(t, db.Client, "Payment")), len(entries(t, db.Client, "Sale")); n != 2 || m != 1 {
			t.Errorf("%d payment entries (want 2), %d sale entries (want 1)", n, m)
		}
	})
}
