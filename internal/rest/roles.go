package rest

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/role"
	"github.com/pandac/pandac/internal/auth"
)

func (c *call) listRoles() (any, error) {
	return listPage(c, c.client.Role.Query().Order(ent.Asc(role.FieldName)), roleOf)
}

func (c *call) getRole() (any, error) {
	return getOne(c, "role_id", "Role", c.client.Role.Get, roleOf)
}

func (c *call) createRole() (any, error) {
	c.parseBody(true)
	in := auth.CreateRoleRequest{}
	if s := c.str("name", strOpts{required: true, min: 1, max: 50}); s != nil {
		in.Name = *s
	}
	in.Description = c.str("description", strOpts{max: 200})
	in.Permissions = c.strs("permissions")
	return saveNew(c, func() (*ent.Role, error) { return c.auth.CreateRole(c.ctx, in) }, roleOf)
}

func (c *call) updateRole() (any, error) {
	id := c.pathID("role_id")
	c.parseBody(true)
	in := auth.UpdateRoleRequest{Name: c.str("name", strOpts{min: 1, max: 50}), Description: c.str("description", strOpts{max: 200})}
	if c.has("permissions") {
		in.Permissions = c.strs("permissions")
		in.ClearPermissions = in.Permissions == nil
	}
	return saveChange(c, "Role", func() (*ent.Role, error) { return c.auth.UpdateRole(c.ctx, id, in) }, roleOf)
}

func (c *call) deleteRole() (any, error) {
	return deleteOne(c, "role_id", "Role", c.auth.DeleteRole)
}
