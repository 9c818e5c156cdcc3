package rest

// Stand-ins until the core function lands: routed, validating, answering 501.

func (c *call) createSale() (any, error) {
	_ = c.readSale()
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("creating a sale")
}

func (c *call) updateSale() (any, error) {
	c.pathID("sale_id")
	c.parseBody(true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("updating a sale")
}

func (c *call) voidSale() (any, error) {
	c.pathID("sale_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("voiding a sale")
}

func (c *call) addSaleItem() (any, error) {
	c.pathID("sale_id")
	c.parseBody(true)
	_ = c.readSaleLine(c)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("adding a sale item")
}

func (c *call) addSalePayment() (any, error) {
	c.pathID("sale_id")
	_ = c.readPayment(false)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("adding a payment")
}

func (c *call) createPayment() (any, error) {
	_ = c.readPayment(false)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("recording a payment")
}

func (c *call) updatePayment() (any, error) {
	c.pathID("payment_id")
	c.parseBody(true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("changing a payment")
}

func (c *call) deletePayment() (any, error) {
	c.pathID("payment_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("deleting a payment")
}
