package rest

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/user"
	"github.com/pandac/pandac/internal/auth"
)

func (c *call) listUsers() (any, error) {
	off, lim := c.page()
	if err := c.done(); err != nil {
		return nil, err
	}
	us, err := c.client.User.Query().Order(ent.Asc(user.FieldUsername)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(us, userOf), err
}

// createUser goes through the auth code, which hashes the password.
func (c *call) createUser() (any, error) {
	c.parseBody(true)
	in := auth.NewUser{
		FullName: c.str("full_name", strOpts{max: 100}),
		Email:    c.str("email", strOpts{max: 254}),
		RoleID:   c.id("role_id", false),
		IsActive: c.boolean("is_active"),
	}
	if s := c.str("username", strOpts{required: true, min: 3, max: 20}); s != nil {
		in.Username = *s
	}
	if s := c.str("password", strOpts{required: true, min: 8}); s != nil {
		in.Password = *s
	}
	if s := c.str("role", strOpts{min: 1, max: 50}); s != nil {
		in.Role = *s
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	u, err := c.auth.CreateUser(c.ctx, in)
	if err != nil {
		return nil, err
	}
	return userOf(u), nil
}

func (c *call) getUser() (any, error) {
	id := c.pathID("user_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	u, err := c.client.User.Get(c.ctx, id)
	if err != nil {
		return nil, notFound(err, "User")
	}
	return userOf(u), nil
}

func (c *call) updateUser() (any, error) {
	id := c.pathID("user_id")
	c.parseBody(true)
	in := ent.UpdateUserInput{
		Username: c.str("username", strOpts{min: 3, max: 20}),
		FullName: c.str("full_name", strOpts{max: 100}),
		Email:    c.str("email", strOpts{max: 254}),
		IsActive: c.boolean("is_active"),
		RoleID:   c.id("role_id", false),
	}
	password := c.str("password", strOpts{min: 8})
	if err := c.done(); err != nil {
		return nil, err
	}
	u, err := c.auth.UpdateUser(c.ctx, id, in, password)
	if err != nil {
		return nil, notFound(err, "User")
	}
	return userOf(u), nil
}

func (c *call) deleteUser() (any, error) {
	id := c.pathID("user_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notFound(c.auth.DeleteUser(c.ctx, id), "User")
}
