package pos

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/customer"
	"github.com/pandac/pandac/ent/inventory"
	"github.com/pandac/pandac/ent/loyaltyprogram"
	"github.com/pandac/pandac/ent/product"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/saleitem"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
)

// StockInput sets up a new product's inventory.
type StockInput struct {
	Quantity     *int64
	ReorderLevel *int64
	SupplierID   *uuid.UUID
}

func checkMoney(field string, a money.Amount) error {
	if a < 0 {
		return fault.BadInput(field, "%s must not be negative, got %s", field, a)
	}
	if a > money.Max {
		return fault.BadInput(field, "%s is too large", field)
	}
	return nil
}

// CreateProduct adds a product with its inventory record; initial stock, if
// any, enters the ledger as an INITIAL movement. A product sent without a SKU
// (the documented REST API never had one) gets a generated, unique one.
func (s Catalogue) CreateProduct(ctx context.Context, in CreateProductRequest, stock StockInput) (*ent.Product, error) {
	if strings.TrimSpace(in.Sku) == "" {
		in.Sku = newSKU()
	}
	if err := checkMoney("price", valueOr(in.Price)); err != nil {
		return nil, err
	}
	if err := checkMoney("cost", valueOr(in.Cost)); err != nil {
		return nil, err
	}
	var qty, reorder int64
	if stock.Quantity != nil {
		qty = *stock.Quantity
	}
	if stock.ReorderLevel != nil {
		reorder = *stock.ReorderLevel
	}
	if qty < 0 {
		return nil, fault.BadInput("stock.quantity", "initial quantity must not be negative, got %d", qty)
	}
	if reorder < 0 {
		return nil, fault.BadInput("stock.reorderLevel", "reorder level must not be negative, got %d", reorder)
	}
	var p *ent.Product
	err := s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		var err error
		c := tx.Product.Create()
		in.mutate(c.Mutation())
		p, err = c.Save(ctx)
		if err != nil {
			return err
		}
		inv := tx.Inventory.Create().SetProductID(p.ID).SetReorderLevel(reorder).SetNillableSupplierID(stock.SupplierID)
		if _, err := inv.Save(ctx); err != nil {
			return err
		}
		if qty > 0 {
			if _, err := applyMovement(ctx, tx, Movement{ProductID: p.ID, Delta: qty, Kind: stockmovement.KindINITIAL, Reason: "initial stock", UnitCost: p.Cost}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Re-read outside the finished transaction so edges resolve later, or in
	// the caller's transaction, the only place the new row is visible yet.
	return s.clientFor(ctx).Product.Get(ctx, p.ID)
}

// newSKU makes a SKU for a product created without one.
func newSKU() string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return "SKU-" + strings.ToUpper(hex.EncodeToString(b))
}

func valueOr[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// UpdateProduct changes a product. With expectedVersion set, the update only
// applies when the stored version matches (optimistic concurrency).
func (s Catalogue) UpdateProduct(ctx context.Context, id uuid.UUID, in UpdateProductRequest, expectedVersion *int) (*ent.Product, error) {
	if in.Price != nil {
		if err := checkMoney("price", *in.Price); err != nil {
			return nil, err
		}
	}
	if in.Cost != nil {
		if err := checkMoney("cost", *in.Cost); err != nil {
			return nil, err
		}
	}
	return write(ctx, s.core, func(ctx context.Context, tx *ent.Tx) (*ent.Product, error) {
		upd := tx.Product.Update().Where(product.ID(id)).AddVersion(1)
		in.mutate(upd.Mutation())
		if expectedVersion != nil {
			upd.Where(product.Version(*expectedVersion))
		}
		if err := versionedUpdate(ctx, "product", id, expectedVersion, func() (int, error) { return upd.Save(ctx) }, func() (int, error) {
			return tx.Product.Query().Where(product.ID(id)).Select(product.FieldVersion).Int(ctx)
		}); err != nil {
			return nil, err
		}
		return tx.Product.Get(ctx, id)
	})
}

// versionedUpdate runs a conditional update and explains a miss: the row is
// gone (fault.CodeNotFound) or someone changed it first (fault.CodeConflict, naming both versions).
func versionedUpdate(ctx context.Context, what string, id uuid.UUID, expected *int, update func() (int, error), current func() (int, error)) error {
	n, err := update()
	if err != nil {
		return err
	}
	if n == 1 {
		return nil
	}
	v, err := current()
	if ent.IsNotFound(err) {
		return fault.NotFound(what, id)
	}
	if err != nil {
		return err
	}
	if expected != nil {
		return fault.Conflict("%s %s was changed by someone else: expected version %d, current version %d", what, id, *expected, v)
	}
	return fault.NotFound(what, id)
}

// DeleteProduct removes a product that has never been sold or stocked, and
// archives (deactivates) one with history, since sales must keep pointing at it.
func (s Catalogue) DeleteProduct(ctx context.Context, id uuid.UUID) error {
	return s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		p, err := tx.Product.Get(ctx, id)
		if err != nil {
			return err
		}
		used, err := tx.SaleItem.Query().Where(saleitem.ProductID(id)).Exist(ctx)
		if err != nil {
			return err
		}
		moved, err := tx.StockMovement.Query().Where(stockmovement.ProductID(id)).Exist(ctx)
		if err != nil {
			return err
		}
		if used || moved {
			return tx.Product.UpdateOne(p).SetIsActive(false).AddVersion(1).Exec(ctx)
		}
		if _, err := tx.Inventory.Delete().Where(inventory.ProductID(id)).Exec(ctx); err != nil {
			return err
		}
		return tx.Product.DeleteOne(p).Exec(ctx)
	})
}

// UpdateCustomer changes a customer, with optional optimistic concurrency.
func (s Customers) UpdateCustomer(ctx context.Context, id uuid.UUID, in UpdateCustomerRequest, expectedVersion *int) (*ent.Customer, error) {
	return write(ctx, s.core, func(ctx context.Context, tx *ent.Tx) (*ent.Customer, error) {
		upd := tx.Customer.Update().Where(customer.ID(id)).AddVersion(1)
		in.mutate(upd.Mutation())
		if expectedVersion != nil {
			upd.Where(customer.Version(*expectedVersion))
		}
		if err := versionedUpdate(ctx, "customer", id, expectedVersion, func() (int, error) { return upd.Save(ctx) }, func() (int, error) {
			return tx.Customer.Query().Where(customer.ID(id)).Select(customer.FieldVersion).Int(ctx)
		}); err != nil {
			return nil, err
		}
		return tx.Customer.Get(ctx, id)
	})
}

// DeleteCustomer removes a customer without sales; one with sales is kept, as
// the sales must keep their customer.
func (s Customers) DeleteCustomer(ctx context.Context, id uuid.UUID) error {
	return s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		has, err := tx.Sale.Query().Where(sale.CustomerID(id)).Exist(ctx)
		if err != nil {
			return err
		}
		if has {
			return fault.Conflict("customer %s has sales and cannot be deleted", id)
		}
		if _, err := tx.LoyaltyProgram.Delete().Where(loyaltyprogram.CustomerID(id)).Exec(ctx); err != nil {
			return err
		}
		return tx.Customer.DeleteOneID(id).Exec(ctx)
	})
}
