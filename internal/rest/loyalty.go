package rest

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/loyaltyprogram"
	"github.com/pandac/pandac/internal/pos"
)

func (c *call) listLoyalty() (any, error) {
	return listPage(c, c.client.LoyaltyProgram.Query().Order(ent.Asc(loyaltyprogram.FieldCreatedAt), ent.Asc(loyaltyprogram.FieldID)), loyaltyOf)
}

func (c *call) getLoyalty() (any, error) {
	return getOne(c, "program_id", "Loyalty program", c.client.LoyaltyProgram.Get, loyaltyOf)
}

func (c *call) createLoyalty() (any, error) {
	c.parseBody(true)
	in := pos.CreateLoyaltyProgramRequest{}
	if id := c.id("customer_id", true); id != nil {
		in.CustomerID = *id
	}
	in.Name = c.str("name", strOpts{min: 1, max: 100})
	in.Points = c.integer("points", intOpts{max: 1 << 40})
	if t, ok := c.enumOf("tier", false, loyaltyTiers); ok {
		tier := loyaltyprogram.Tier(t)
		in.Tier = &tier
	}
	return saveNew(c, func() (*ent.LoyaltyProgram, error) { return c.pos.Customers().CreateLoyaltyProgram(c.ctx, in) }, loyaltyOf)
}

func (c *call) updateLoyalty() (any, error) {
	id := c.pathID("program_id")
	c.parseBody(true)
	in := pos.UpdateLoyaltyProgramRequest{
		Name:       c.str("name", strOpts{min: 1, max: 100}),
		Points:     c.integer("points", intOpts{max: 1 << 40}),
		CustomerID: c.id("customer_id", false),
	}
	if t, ok := c.enumOf("tier", false, loyaltyTiers); ok {
		tier := loyaltyprogram.Tier(t)
		in.Tier = &tier
	}
	return saveChange(c, "Loyalty program", func() (*ent.LoyaltyProgram, error) { return c.pos.Customers().UpdateLoyaltyProgram(c.ctx, id, in) }, loyaltyOf)
}

func (c *call) deleteLoyalty() (any, error) {
	return deleteOne(c, "program_id", "Loyalty program", c.pos.Customers().DeleteLoyaltyProgram)
}
