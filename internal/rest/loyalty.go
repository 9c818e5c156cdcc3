package rest

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/loyaltyprogram"
)

func (c *call) listLoyalty() (any, error) {
	off, lim := c.page()
	if err := c.done(); err != nil {
		return nil, err
	}
	ls, err := c.client.LoyaltyProgram.Query().Order(ent.Asc(loyaltyprogram.FieldCreatedAt), ent.Asc(loyaltyprogram.FieldID)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(ls, loyaltyOf), err
}

func (c *call) getLoyalty() (any, error) {
	id := c.pathID("program_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	l, err := c.client.LoyaltyProgram.Get(c.ctx, id)
	if err != nil {
		return nil, notFound(err, "Loyalty program")
	}
	return loyaltyOf(l), nil
}

func (c *call) createLoyalty() (any, error) {
	c.parseBody(true)
	in := ent.CreateLoyaltyProgramInput{}
	if id := c.id("customer_id", true); id != nil {
		in.CustomerID = *id
	}
	in.Name = c.str("name", strOpts{min: 1, max: 100})
	in.Points = c.integer("points", intOpts{max: 1 << 40})
	if t, ok := c.enumOf("tier", false, loyaltyTiers); ok {
		tier := loyaltyprogram.Tier(t)
		in.Tier = &tier
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	l, err := c.pos.CreateLoyaltyProgram(c.ctx, in)
	if err != nil {
		return nil, err
	}
	return loyaltyOf(l), nil
}

func (c *call) updateLoyalty() (any, error) {
	id := c.pathID("program_id")
	c.parseBody(true)
	in := ent.UpdateLoyaltyProgramInput{
		Name:       c.str("name", strOpts{min: 1, max: 100}),
		Points:     c.integer("points", intOpts{max: 1 << 40}),
		CustomerID: c.id("customer_id", false),
	}
	if t, ok := c.enumOf("tier", false, loyaltyTiers); ok {
		tier := loyaltyprogram.Tier(t)
		in.Tier = &tier
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	l, err := c.pos.UpdateLoyaltyProgram(c.ctx, id, in)
	if err != nil {
		return nil, notFound(err, "Loyalty program")
	}
	return loyaltyOf(l), nil
}

func (c *call) deleteLoyalty() (any, error) {
	id := c.pathID("program_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notFound(c.pos.DeleteLoyaltyProgram(c.ctx, id), "Loyalty program")
}
