package rest

// Stand-ins until the core function lands: routed, validating, answering 501.

func (c *call) stockLevels() (any, error) {
	c.queryBool("low_stock_only")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("stock levels")
}

// ---- Reports ----

func (c *call) revenueAnalytics() (any, error) {
	c.queryTime("start_date", true, false)
	c.queryTime("end_date", true, true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}

func (c *call) topProducts() (any, error) {
	c.queryTime("start_date", true, false)
	c.queryTime("end_date", true, true)
	c.queryInt("limit", 10, 1, 1000)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}

func (c *call) dailySummaryPath() (any, error) {
	c.pathDate("date")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}

func (c *call) dailySummaryQuery() (any, error) {
	c.queryTime("date", true, false)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}

func (c *call) salesReport() (any, error) {
	c.queryTime("start_date", true, false)
	c.queryTime("end_date", false, true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}

func (c *call) periodReport() (any, error) {
	c.queryTime("start", false, false)
	c.queryTime("end", false, true)
	c.queryTime("start_date", false, false)
	c.queryTime("end_date", false, true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}

func (c *call) inventoryReport() (any, error) { return nil, notYet("reports") }

func (c *call) loyaltyReport() (any, error) {
	c.queryInt("top_n", 10, 1, 1000)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}

func (c *call) profitLoss() (any, error) {
	c.queryTime("start_date", true, false)
	c.queryTime("end_date", true, true)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("reports")
}
