package rest

import (
	"context"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/product"
	"github.com/pandac/pandac/internal/pos"
)

func (c *call) listProducts() (any, error) {
	return listPage(c, c.client.Product.Query().WithInventory().Order(ent.Asc(product.FieldCreatedAt), ent.Asc(product.FieldID)), productOf)
}

// loadProduct reads a product with its stock, which its view shows.
func (c *call) loadProduct(ctx context.Context, id uuid.UUID) (*ent.Product, error) {
	return c.client.Product.Query().Where(product.ID(id)).WithInventory().Only(ctx)
}

func (c *call) getProduct() (any, error) {
	return getOne(c, "product_id", "Product", c.loadProduct, productOf)
}

func (c *call) createProduct() (any, error) {
	c.parseBody(true)
	in := pos.CreateProductRequest{}
	if s := c.str("name", strOpts{required: true, min: 1, max: 100}); s != nil {
		in.Name = *s
	}
	in.Price = c.amount("price", amountOpts{required: true})
	in.Cost = c.amount("cost", amountOpts{})
	in.Description = c.str("description", strOpts{max: 500})
	in.Category = c.str("category", strOpts{min: 1, max: 50})
	in.DiscountID = c.id("discount_id", false)
	in.Barcode = c.str("barcode", strOpts{min: 1, max: 64})
	in.IsActive = c.boolean("is_active")
	if s := c.str("sku", strOpts{min: 1, max: 64}); s != nil {
		in.Sku = *s
	}
	stock := pos.StockInput{
		Quantity:     c.integer("stock_quantity", intOpts{max: 1 << 40}),
		ReorderLevel: c.integer("reorder_level", intOpts{max: 1 << 40}),
		SupplierID:   c.id("supplier_id", false),
	}
	if q := c.integer("quantity", intOpts{max: 1 << 40}); q != nil && stock.Quantity == nil {
		stock.Quantity = q
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	p, err := c.pos.Catalogue().CreateProduct(c.ctx, in, stock)
	if err != nil {
		return nil, err
	}
	return c.productByID(p.ID)
}

// productByID answers with a product as saved, read again so that its view
// carries the stock the core wrote beside it.
func (c *call) productByID(id uuid.UUID) (any, error) {
	p, err := c.loadProduct(c.ctx, id)
	if err != nil {
		return nil, notFound(err, "Product")
	}
	return productOf(p), nil
}

func (c *call) updateProduct() (any, error) {
	id := c.pathID("product_id")
	c.parseBody(true)
	in := pos.UpdateProductRequest{
		Name:     c.str("name", strOpts{min: 1, max: 100}),
		Price:    c.amount("price", amountOpts{}),
		Cost:     c.amount("cost", amountOpts{}),
		Sku:      c.str("sku", strOpts{min: 1, max: 64}),
		IsActive: c.boolean("is_active"),
	}
	if in.Description = c.str("description", strOpts{max: 500}); in.Description == nil && c.has("description") {
		in.ClearDescription = true
	}
	if in.Category = c.str("category", strOpts{min: 1, max: 50}); in.Category == nil && c.has("category") {
		in.ClearCategory = true
	}
	if in.DiscountID = c.id("discount_id", false); in.DiscountID == nil && c.has("discount_id") {
		in.ClearDiscount = true
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	if _, err := c.pos.Catalogue().UpdateProduct(c.ctx, id, in, nil); err != nil {
		return nil, notFound(err, "Product")
	}
	return c.productByID(id)
}

func (c *call) deleteProduct() (any, error) {
	return deleteWithBody(c, "product_id", "Product", c.pos.Catalogue().DeleteProduct)
}
