package rest

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/customer"
	"github.com/pandac/pandac/internal/pos"
)

func (c *call) listCustomers() (any, error) {
	return listPage(c, c.client.Customer.Query().Order(ent.Asc(customer.FieldCreatedAt), ent.Asc(customer.FieldID)), customerOf)
}

func (c *call) getCustomer() (any, error) {
	return getOne(c, "customer_id", "Customer", c.client.Customer.Get, customerOf)
}

func (c *call) createCustomer() (any, error) {
	c.parseBody(true)
	in := pos.CreateCustomerRequest{}
	if s := c.str("name", strOpts{required: true, min: 1, max: 100}); s != nil {
		in.Name = *s
	}
	in.ContactInfo = c.str("contact_info", strOpts{required: true, min: 5, max: 100})
	in.Email = c.str("email", strOpts{max: 254})
	in.Phone = c.str("phone", strOpts{max: 40})
	in.Address = c.str("address", strOpts{max: 300})
	// loyalty_points is validated but not taken: points are earned through
	// sales, never set by a client.
	c.integer("loyalty_points", intOpts{max: 1 << 40})
	return saveNew(c, func() (*ent.Customer, error) { return c.pos.Customers().CreateCustomer(c.ctx, in) }, customerOf)
}

func (c *call) updateCustomer() (any, error) {
	id := c.pathID("customer_id")
	c.parseBody(true)
	in := pos.UpdateCustomerRequest{
		Name:        c.str("name", strOpts{min: 1, max: 100}),
		ContactInfo: c.str("contact_info", strOpts{min: 5, max: 100}),
		Email:       c.str("email", strOpts{max: 254}),
		Phone:       c.str("phone", strOpts{max: 40}),
		Address:     c.str("address", strOpts{max: 300}),
	}
	c.integer("loyalty_points", intOpts{max: 1 << 40})
	return saveChange(c, "Customer", func() (*ent.Customer, error) { return c.pos.Customers().UpdateCustomer(c.ctx, id, in, nil) }, customerOf)
}

func (c *call) deleteCustomer() (any, error) {
	id := c.pathID("customer_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	if _, err := c.client.Customer.Get(c.ctx, id); err != nil {
		return nil, notFound(err, "Customer")
	}
	if err := c.pos.Customers().DeleteCustomer(c.ctx, id); err != nil {
		return nil, err
	}
	return deleted("Customer", id), nil
}
