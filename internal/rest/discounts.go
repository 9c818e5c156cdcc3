package rest

import (
	"context"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/discount"
	"github.com/pandac/pandac/internal/pos"
)

// loadDiscount reads a discount with the products it applies to, which its
// view lists.
func (c *call) loadDiscount(ctx context.Context, id uuid.UUID) (*ent.Discount, error) {
	return c.client.Discount.Query().Where(discount.ID(id)).WithProducts().Only(ctx)
}

// discountByID answers with a discount as saved, read again with its
// products.
func (c *call) discountByID(id uuid.UUID) (any, error) {
	d, err := c.loadDiscount(c.ctx, id)
	if err != nil {
		return nil, notFound(err, "Discount")
	}
	return discountOf(d), nil
}

func (c *call) listDiscounts() (any, error) {
	return listPage(c, c.client.Discount.Query().WithProducts().Order(ent.Asc(discount.FieldCreatedAt), ent.Asc(discount.FieldID)), discountOf)
}

func (c *call) getDiscount() (any, error) {
	return getOne(c, "discount_id", "Discount", c.loadDiscount, discountOf)
}

func (c *call) createDiscount() (any, error) {
	c.parseBody(true)
	in := pos.CreateDiscountRequest{}
	if s := c.str("name", strOpts{required: true, min: 1, max: 100}); s != nil {
		in.Name = *s
	}
	if t, ok := c.enumOf("type", true, discountTypes); ok {
		in.Type = discount.Type(t)
	}
	in.Value = c.amount("value", amountOpts{required: true})
	in.Code = c.str("code", strOpts{min: 1, max: 40})
	in.MinSubtotal = c.amount("min_subtotal", amountOpts{})
	in.StartsAt = c.timestamp("starts_at", false)
	in.EndsAt = c.timestamp("ends_at", false)
	in.IsActive = c.boolean("is_active")
	in.ProductIDs = c.uuids("applicable_products")
	if err := c.done(); err != nil {
		return nil, err
	}
	d, err := c.pos.Catalogue().CreateDiscount(c.ctx, in)
	if err != nil {
		return nil, err
	}
	return c.discountByID(d.ID)
}

func (c *call) updateDiscount() (any, error) {
	id := c.pathID("discount_id")
	c.parseBody(true)
	in := pos.UpdateDiscountRequest{
		Name:        c.str("name", strOpts{min: 1, max: 100}),
		Value:       c.amount("value", amountOpts{}),
		Code:        c.str("code", strOpts{min: 1, max: 40}),
		MinSubtotal: c.amount("min_subtotal", amountOpts{}),
		StartsAt:    c.timestamp("starts_at", false),
		EndsAt:      c.timestamp("ends_at", false),
		IsActive:    c.boolean("is_active"),
	}
	if t, ok := c.enumOf("type", false, discountTypes); ok {
		dt := discount.Type(t)
		in.Type = &dt
	}
	if c.has("applicable_products") {
		in.ClearProducts = true
		in.AddProductIDs = c.uuids("applicable_products")
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	if _, err := c.pos.Catalogue().UpdateDiscount(c.ctx, id, in); err != nil {
		return nil, notFound(err, "Discount")
	}
	return c.discountByID(id)
}

func (c *call) deleteDiscount() (any, error) {
	return deleteOne(c, "discount_id", "Discount", c.pos.Catalogue().DeleteDiscount)
}
