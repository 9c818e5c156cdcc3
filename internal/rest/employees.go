package rest

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/employee"
)

func (c *call) listEmployees() (any, error) {
	off, lim := c.page()
	if err := c.done(); err != nil {
		return nil, err
	}
	es, err := c.client.Employee.Query().Order(ent.Asc(employee.FieldCreatedAt), ent.Asc(employee.FieldID)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(es, employeeOf), err
}

func (c *call) getEmployee() (any, error) {
	id := c.pathID("employee_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	e, err := c.client.Employee.Get(c.ctx, id)
	if err != nil {
		return nil, notFound(err, "Employee")
	}
	return employeeOf(e), nil
}

func (c *call) createEmployee() (any, error) {
	c.parseBody(true)
	in := ent.CreateEmployeeInput{}
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
	if err := c.done(); err != nil {
		return nil, err
	}
	e, err := c.pos.CreateEmployee(c.ctx, in)
	if err != nil {
		return nil, err
	}
	return employeeOf(e), nil
}

func (c *call) updateEmployee() (any, error) {
	id := c.pathID("employee_id")
	c.parseBody(true)
	in := ent.UpdateEmployeeInput{
		Name:     c.str("name", strOpts{min: 1, max: 100}),
		Position: c.str("position", strOpts{min: 1, max: 50}),
		Email:    c.str("email", strOpts{max: 254}),
		Phone:    c.str("phone", strOpts{max: 40}),
		IsActive: c.boolean("is_active"),
		HiredAt:  c.timestamp("hired_at", false),
		UserID:   c.id("user_id", false),
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	e, err := c.pos.UpdateEmployee(c.ctx, id, in)
	if err != nil {
		return nil, notFound(err, "Employee")
	}
	return employeeOf(e), nil
}

func (c *call) deleteEmployee() (any, error) {
	id := c.pathID("employee_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notFound(c.pos.DeleteEmployee(c.ctx, id), "Employee")
}
