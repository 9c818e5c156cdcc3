package rest

// Stand-ins until the core function lands: routed, validating, answering 501.

func (c *call) restock() (any, error) {
	c.pathID("product_id")
	c.requiredQueryInt("quantity", 1, 1_000_000_000)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("restocking")
}

func (c *call) adjustStock() (any, error) {
	c.pathID("product_id")
	c.requiredQueryInt("adjustment", -1_000_000_000, 1_000_000_000)
	c.queryString("reason", true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("stock adjustment")
}

func (c *call) createPurchaseOrder() (any, error) {
	c.parseBody(true)
	c.id("supplier_id", true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("purchase orders")
}

func (c *call) updatePurchaseOrderParam(param string) (any, error) {
	c.pathID(param)
	c.parseBody(true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("purchase orders")
}

func (c *call) updatePurchaseOrder() (any, error) {
	return c.updatePurchaseOrderParam("purchase_order_id")
}
func (c *call) updatePurchaseOrderByOrderID() (any, error) {
	return c.updatePurchaseOrderParam("order_id")
}
func (c *call) patchPurchaseOrderStatus() (any, error) { return c.updatePurchaseOrderParam("order_id") }

func (c *call) deletePurchaseOrderParam(param string) (any, error) {
	c.pathID(param)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("purchase orders")
}

func (c *call) deletePurchaseOrder() (any, error) {
	return c.deletePurchaseOrderParam("purchase_order_id")
}
func (c *call) deletePurchaseOrderWithBody() (any, error) {
	return c.deletePurchaseOrderParam("order_id")
}
