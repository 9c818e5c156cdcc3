package rest

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/role"
)

func (c *call) listRoles() (any, error) {
	off, lim := c.page()
	if err := c.done(); err != nil {
		return nil, err
	}
	rs, err := c.client.Role.Query().Order(ent.Asc(role.FieldName)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(rs, roleOf), err
}

func (c *call) getRole() (any, error) {
	id := c.pathID("role_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	r, err := c.client.Role.Get(c.ctx, id)
	if err != nil {
		return nil, notFound(err, "Role")
	}
	return roleOf(r), nil
}

func (c *call) createRole() (any, error) {
	c.parseBody(true)
	in := ent.CreateRoleInput{}
	if s := c.str("name", strOpts{required: true, min: 1, max: 50}); s != nil {
		in.Name = *s
	}
	in.Description = c.str("description", strOpts{max: 200})
	in.Permissions = c.strs("permissions")
	if err := c.done(); err != nil {
		return nil, err
	}
	r, err := c.auth.CreateRole(c.ctx, in)
	if err != nil {
		return nil, err
	}
	return roleOf(r), nil
}

func (c *call) updateRole() (any, error) {
	id := c.pathID("role_id")
	c.parseBody(true)
	in := ent.UpdateRoleInput{Name: c.str("name", strOpts{min: 1, max: 50}), Description: c.str("description", strOpts{max: 200})}
	if c.has("permissions") {
		in.Permissions = c.strs("permissions")
		in.ClearPermissions = in.Permissions == nil
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	r, err := c.auth.UpdateRole(c.ctx, id, in)
	if err != nil {
		return nil, notFound(err, "Role")
	}
	return roleOf(r), nil
}

func (c *call) deleteRole() (any, error) {
	id := c.pathID("role_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notFound(c.auth.DeleteRole(c.ctx, id), "Role")
}
