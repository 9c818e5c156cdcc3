package rest

// Stand-ins until the core function lands: routed, validating, answering 501.

// ---- Authentication ----

func (c *call) login() (any, error) {
	c.parseBody(true)
	c.str("username", true, 0, 0)
	c.str("password", true, 0, 0)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("login")
}

func (c *call) register() (any, error) {
	c.parseBody(true)
	c.str("username", true, 3, 20)
	c.str("password", true, 8, 0)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("registration")
}

func (c *call) refresh() (any, error) {
	c.parseBody(true)
	c.str("refresh_token", true, 0, 0)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("token refresh")
}

func (c *call) logout() (any, error) {
	c.parseBody(false)
	c.str("refresh_token", false, 0, 0)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("logout")
}

func (c *call) createUser() (any, error) {
	c.parseBody(true)
	c.str("username", true, 3, 20)
	c.str("password", true, 8, 0)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notYet("creating users")
}
