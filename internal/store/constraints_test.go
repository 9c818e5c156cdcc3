package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// The database itself keeps these rules, so a bug in Go code or a hand-run
// UPDATE cannot break them.

func newProduct(t *testing.T, c *ent.Client, sku string, barcode *string) *ent.Product {
	t.Helper()
	p, err := c.Product.Create().SetName("Widget " + sku).SetSku(sku).SetNillableBarcode(barcode).
		SetPrice(money.MustParse("9.99")).Save(context.Background())
	if err != nil {
		t.Fatalf("create product %s: %v", sku, err)
	}
	return p
}

// wantConflict checks err is a database constraint error that store.AsFault
// turns into CONFLICT with a message free of SQL and table names.
func wantConflict(t *testing.T, err error, what string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: succeeded, want a constraint error", what)
	}
	if !ent.IsConstraintError(err) {
		t.Fatalf("%s: err = %v, want an ent constraint error", what, err)
	}
	pe := store.AsFault(err)
	if pe == nil || pe.Code != fault.CodeConflict {
		t.Fatalf("%s: store.AsFault = %+v, want CONFLICT", what, pe)
	}
	for _, leak := range []string{"INSERT", "UPDATE", "DELETE", "constraint failed", "violates", "products", "inventories", "sku", "SQLSTATE"} {
		if strings.Contains(pe.Message, leak) {
			t.Fatalf("%s: client message %q leaks %q", what, pe.Message, leak)
		}
	}
}

// wantRawFailure runs SQL the ent layer would never send and expects the
// database to refuse it, naming the check.
func wantRawFailure(t *testing.T, db *store.DB, query, check string) {
	t.Helper()
	_, err := db.SQL.Exec(query)
	if err == nil {
		t.Fatalf("%s: succeeded, want the database to refuse it", query)
	}
	if !strings.Contains(err.Error(), check) {
		t.Fatalf("%s: err = %v, want it to name %s", query, err, check)
	}
}

func TestUniqueSKU(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		newProduct(t, db.Client, "SKU-1", nil)
		_, err := db.Client.Product.Create().SetName("Other").SetSku("SKU-1").Save(context.Background())
		wantConflict(t, err, "second product with SKU-1")
	})
}

func TestUniqueBarcodeWhenSet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		newProduct(t, db.Client, "A", nil)
		newProduct(t, db.Client, "B", nil) // two products without a barcode are fine
		code := "4006381333931"
		newProduct(t, db.Client, "C", &code)
		_, err := db.Client.Product.Create().SetName("D").SetSku("D").SetBarcode(code).Save(context.Background())
		wantConflict(t, err, "second product with the same barcode")
	})
}

func TestForeignKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, err := db.Client.Inventory.Create().SetProductID(uuid.Must(uuid.NewV7())).Save(ctx)
		wantConflict(t, err, "inventory for a missing product")

		sup, err := db.Client.Supplier.Create().SetName("Acme").Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Client.PurchaseOrder.Create().SetSupplierID(sup.ID).Save(ctx); err != nil {
			t.Fatal(err)
		}
		err = db.Client.Supplier.DeleteOneID(sup.ID).Exec(ctx)
		wantConflict(t, err, "deleting a supplier with a purchase order")
		if n, _ := db.Client.Supplier.Query().Count(ctx); n != 1 {
			t.Fatalf("suppliers after the refused delete = %d, want 1", n)
		}
	})
}

func TestStockNeverNegativeInTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := newProduct(t, db.Client, "S", nil)
		inv, err := db.Client.Inventory.Create().SetProductID(p.ID).SetQuantity(3).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantRawFailure(t, db, "UPDATE inventories SET quantity = -1", "inventory_quantity_nonnegative")
		// An ent update that skips validation (AddQuantity) still meets the check.
		_, err = db.Client.Inventory.UpdateOne(inv).AddQuantity(-4).Save(ctx)
		wantConflict(t, err, "taking 4 from 3 in stock")
		if got, _ := db.Client.Inventory.Get(ctx, inv.ID); got.Quantity != 3 {
			t.Fatalf("quantity after refused updates = %d, want 3", got.Quantity)
		}
	})
}

func TestPriceAndSaleItemChecks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := newProduct(t, db.Client, "P", nil)
		wantRawFailure(t, db, "UPDATE products SET price = -1", "product_price_nonnegative")

		s, err := db.Client.Sale.Create().Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Client.SaleItem.Create().SetSaleID(s.ID).SetProductID(p.ID).SetQuantity(1).Save(ctx); err != nil {
			t.Fatal(err)
		}
		wantRawFailure(t, db, "UPDATE pos_sale_items SET quantity = 0", "sale_item_quantity_positive")
		wantRawFailure(t, db, "UPDATE pos_sale_items SET refunded_quantity = 2", "sale_item_refund_bounded")
	})
}
