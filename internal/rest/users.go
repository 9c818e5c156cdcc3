package rest

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/user"
	"github.com/pandac/pandac/internal/auth"
)

func (c *call) listUsers() (any, error) {
	return listPage(c, c.client.User.Query().Order(ent.Asc(user.FieldUsername)), userOf)
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
	return saveNew(c, func() (*ent.User, error) { return c.auth.CreateUser(c.ctx, in) }, userOf)
}

func (c *call) getUser() (any, error) {
	return getOne(c, "user_id", "User", c.client.User.Get, userOf)
}

func (c *call) updateUser() (any, error) {
	id := c.pathID("user_id")
	c.parseBody(true)
	in := auth.UpdateUserRequest{
		Username: c.str("username", strOpts{min: 3, max: 20}),
		FullName: c.str("full_name", strOpts{max: 100}),
		Email:    c.str("email", strOpts{max: 254}),
		IsActive: c.boolean("is_active"),
		RoleID:   c.id("role_id", false),
	}
	password := c.str("password", strOpts{min: 8})
	return saveChange(c, "User", func() (*ent.User, error) { return c.auth.UpdateUser(c.ctx, id, in, password) }, userOf)
}

func (c *call) deleteUser() (any, error) {
	return deleteOne(c, "user_id", "User", c.auth.DeleteUser)
}
