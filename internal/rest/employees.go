package rest

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/employee"
	"github.com/pandac/pandac/internal/pos"
)

func (c *call) listEmployees() (any, error) {
	return listPage(c, c.client.Employee.Query().Order(ent.Asc(employee.FieldCreatedAt), ent.Asc(employee.FieldID)), employeeOf)
}

func (c *call) getEmployee() (any, error) {
	return getOne(c, "employee_id", "Employee", c.client.Employee.Get, employeeOf)
}

func (c *call) createEmployee() (any, error) {
	c.parseBody(true)
	in := pos.CreateEmployeeRequest{}
	if s := c.str("name", strOpts{required: true, min: 1, max: 100}); s != nil {
		in.Name = *s
	}
	if s := c.str("position", strOpts{required: true, min: 1, max: 50}); s != nil {
		in.Position = *s
	}
	in.Email = c.str("email", strOpts{max: 254})
	in.Phone = c.str("phone", strOpts{max: 40})
	in.IsActive = c.boolean("is_active")
	in.HiredAt = c.timestamp("hired_at", false)
	in.UserID = c.id("user_id", false)
	return saveNew(c, func() (*ent.Employee, error) { return c.pos.Staff().CreateEmployee(c.ctx, in) }, employeeOf)
}

func (c *call) updateEmployee() (any, error) {
	id := c.pathID("employee_id")
	c.parseBody(true)
	in := pos.UpdateEmployeeRequest{
		Name:     c.str("name", strOpts{min: 1, max: 100}),
		Position: c.str("position", strOpts{min: 1, max: 50}),
		Email:    c.str("email", strOpts{max: 254}),
		Phone:    c.str("phone", strOpts{max: 40}),
		IsActive: c.boolean("is_active"),
		HiredAt:  c.timestamp("hired_at", false),
		UserID:   c.id("user_id", false),
	}
	return saveChange(c, "Employee", func() (*ent.Employee, error) { return c.pos.Staff().UpdateEmployee(c.ctx, id, in) }, employeeOf)
}

func (c *call) deleteEmployee() (any, error) {
	return deleteOne(c, "employee_id", "Employee", c.pos.Staff().DeleteEmployee)
}
