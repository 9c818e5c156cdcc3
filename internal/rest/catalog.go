package rest

import (
	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/customer"
	"github.com/pandac/pandac/ent/discount"
	"github.com/pandac/pandac/ent/employee"
	"github.com/pandac/pandac/ent/loyaltyprogram"
	"github.com/pandac/pandac/ent/notification"
	"github.com/pandac/pandac/ent/product"
	"github.com/pandac/pandac/ent/role"
	"github.com/pandac/pandac/ent/setting"
	"github.com/pandac/pandac/ent/supplier"
	"github.com/pandac/pandac/ent/user"
	"github.com/pandac/pandac/internal/pos"
)

// deleted is the body of the documented 200-on-delete answers.
func deleted(what string, id uuid.UUID) map[string]any {
	return map[string]any{"detail": what + " deleted", "id": id}
}

// ---- Products ----

func (c *call) listProducts() (any, error) {
	off, lim := c.page()
	if err := c.done(); err != nil {
		return nil, err
	}
	ps, err := c.client.Product.Query().WithInventory().Order(ent.Asc(product.FieldCreatedAt), ent.Asc(product.FieldID)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(ps, productOf), err
}

func (c *call) getProduct() (any, error) {
	id := c.pathID("product_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	p, err := c.client.Product.Query().Where(product.ID(id)).WithInventory().Only(c.ctx)
	if err != nil {
		return nil, notFound(err, "Product", id)
	}
	return productOf(p), nil
}

func (c *call) createProduct() (any, error) {
	c.parseBody(true)
	in := ent.CreateProductInput{}
	if s := c.str("name", true, 1, 100); s != nil {
		in.Name = *s
	}
	in.Price = c.amount("price", true, false)
	in.Cost = c.amount("cost", false, false)
	in.Description = c.str("description", false, 0, 500)
	in.Category = c.str("category", false, 1, 50)
	in.DiscountID = c.id("discount_id", false)
	in.Barcode = c.str("barcode", false, 1, 64)
	in.IsActive = c.boolean("is_active")
	if s := c.str("sku", false, 1, 64); s != nil {
		in.Sku = *s
	}
	stock := pos.StockInput{
		Quantity:     c.integer("stock_quantity", false, 0, 1<<40),
		ReorderLevel: c.integer("reorder_level", false, 0, 1<<40),
		SupplierID:   c.id("supplier_id", false),
	}
	if q := c.integer("quantity", false, 0, 1<<40); q != nil && stock.Quantity == nil {
		stock.Quantity = q
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	p, err := c.pos.CreateProduct(c.ctx, in, stock)
	if err != nil {
		return nil, err
	}
	return c.productByID(p.ID)
}

func (c *call) productByID(id uuid.UUID) (any, error) {
	p, err := c.client.Product.Query().Where(product.ID(id)).WithInventory().Only(c.ctx)
	if err != nil {
		return nil, notFound(err, "Product", id)
	}
	return productOf(p), nil
}

func (c *call) updateProduct() (any, error) {
	id := c.pathID("product_id")
	c.parseBody(true)
	in := ent.UpdateProductInput{
		Name:     c.str("name", false, 1, 100),
		Price:    c.amount("price", false, false),
		Cost:     c.amount("cost", false, false),
		Sku:      c.str("sku", false, 1, 64),
		IsActive: c.boolean("is_active"),
	}
	if in.Description = c.str("description", false, 0, 500); in.Description == nil && c.has("description") {
		in.ClearDescription = true
	}
	if in.Category = c.str("category", false, 1, 50); in.Category == nil && c.has("category") {
		in.ClearCategory = true
	}
	if in.DiscountID = c.id("discount_id", false); in.DiscountID == nil && c.has("discount_id") {
		in.ClearDiscount = true
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	if _, err := c.pos.UpdateProduct(c.ctx, id, in, nil); err != nil {
		return nil, notFound(err, "Product", id)
	}
	return c.productByID(id)
}

func (c *call) deleteProduct() (any, error) {
	id := c.pathID("product_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	if err := c.pos.DeleteProduct(c.ctx, id); err != nil {
		return nil, notFound(err, "Product", id)
	}
	return deleted("Product", id), nil
}

// ---- Customers ----

func (c *call) listCustomers() (any, error) {
	off, lim := c.page()
	if err := c.done(); err != nil {
		return nil, err
	}
	cs, err := c.client.Customer.Query().Order(ent.Asc(customer.FieldCreatedAt), ent.Asc(customer.FieldID)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(cs, customerOf), err
}

func (c *call) getCustomer() (any, error) {
	id := c.pathID("customer_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	cu, err := c.client.Customer.Get(c.ctx, id)
	if err != nil {
		return nil, notFound(err, "Customer", id)
	}
	return customerOf(cu), nil
}

func (c *call) createCustomer() (any, error) {
	c.parseBody(true)
	in := ent.CreateCustomerInput{}
	if s := c.str("name", true, 1, 100); s != nil {
		in.Name = *s
	}
	in.ContactInfo = c.str("contact_info", true, 5, 100)
	in.Email = c.str("email", false, 0, 254)
	in.Phone = c.str("phone", false, 0, 40)
	in.Address = c.str("address", false, 0, 300)
	// loyalty_points is validated but not taken: points are earned through
	// sales, never set by a client.
	c.integer("loyalty_points", false, 0, 1<<40)
	if err := c.done(); err != nil {
		return nil, err
	}
	cu, err := c.pos.CreateCustomer(c.ctx, in)
	if err != nil {
		return nil, err
	}
	return customerOf(cu), nil
}

func (c *call) updateCustomer() (any, error) {
	id := c.pathID("customer_id")
	c.parseBody(true)
	in := ent.UpdateCustomerInput{
		Name:        c.str("name", false, 1, 100),
		ContactInfo: c.str("contact_info", false, 5, 100),
		Email:       c.str("email", false, 0, 254),
		Phone:       c.str("phone", false, 0, 40),
		Address:     c.str("address", false, 0, 300),
	}
	c.integer("loyalty_points", false, 0, 1<<40)
	if err := c.done(); err != nil {
		return nil, err
	}
	cu, err := c.pos.UpdateCustomer(c.ctx, id, in, nil)
	if err != nil {
		return nil, notFound(err, "Customer", id)
	}
	return customerOf(cu), nil
}

func (c *call) deleteCustomer() (any, error) {
	id := c.pathID("customer_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	if _, err := c.client.Customer.Get(c.ctx, id); err != nil {
		return nil, notFound(err, "Customer", id)
	}
	if err := c.pos.DeleteCustomer(c.ctx, id); err != nil {
		return nil, err
	}
	return deleted("Customer", id), nil
}

// ---- Suppliers ----

// productList reads a supplier's product_list: product objects or ids or
// names, stored as product ids where given and names otherwise.
func (c *call) productList() []string {
	v, ok := c.raw("product_list", false)
	if !ok {
		return nil
	}
	var items []any
	if err := jsonUnmarshal(v, &items); err != nil {
		c.fail([]any{"body", "product_list"}, "list_type", "Input should be a valid list")
		return nil
	}
	out := make([]string, 0, len(items))
	for i, it := range items {
		switch x := it.(type) {
		case string:
			out = append(out, x)
		case map[string]any:
			if id, ok := x["id"].(string); ok {
				if _, err := uuid.Parse(id); err != nil {
					c.fail([]any{"body", "product_list", i, "id"}, "uuid_parsing", "Input should be a valid UUID")
					continue
				}
				out = append(out, id)
			} else if name, ok := x["name"].(string); ok && name != "" {
				out = append(out, name)
			} else {
				c.fail([]any{"body", "product_list", i}, "missing", "Field required: id or name")
			}
		default:
			c.fail([]any{"body", "product_list", i}, "model_type", "Input should be a product object, id or name")
		}
	}
	return out
}

func (c *call) listSuppliers() (any, error) {
	off, lim := c.page()
	if err := c.done(); err != nil {
		return nil, err
	}
	ss, err := c.client.Supplier.Query().Order(ent.Asc(supplier.FieldCreatedAt), ent.Asc(supplier.FieldID)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(ss, supplierOf), err
}

func (c *call) searchSuppliers() (any, error) {
	name := c.queryString("name", false)
	if err := c.done(); err != nil {
		return nil, err
	}
	q := c.client.Supplier.Query()
	if name != "" {
		q.Where(supplier.NameContainsFold(name))
	}
	ss, err := q.Order(ent.Asc(supplier.FieldName)).Limit(100).All(c.ctx)
	return mapAll(ss, supplierOf), err
}

func (c *call) getSupplier() (any, error) {
	id := c.pathID("supplier_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	s, err := c.client.Supplier.Get(c.ctx, id)
	if err != nil {
		return nil, notFound(err, "Supplier", id)
	}
	return supplierOf(s), nil
}

func (c *call) createSupplier() (any, error) {
	c.parseBody(true)
	in := ent.CreateSupplierInput{}
	if s := c.str("name", true, 1, 100); s != nil {
		in.Name = *s
	}
	in.ContactInfo = c.str("contact_info", true, 5, 100)
	in.ContactPerson = c.str("contact_person", false, 0, 100)
	in.Email = c.str("email", false, 0, 254)
	in.Phone = c.str("phone", false, 0, 40)
	in.Address = c.str("address", false, 0, 300)
	in.ProductList = c.productList()
	in.IsActive = c.boolean("is_active")
	if err := c.done(); err != nil {
		return nil, err
	}
	s, err := c.pos.CreateSupplier(c.ctx, in)
	if err != nil {
		return nil, err
	}
	return supplierOf(s), nil
}

func (c *call) updateSupplier() (any, error) {
	id := c.pathID("supplier_id")
	c.parseBody(true)
	in := ent.UpdateSupplierInput{
		Name:          c.str("name", false, 1, 100),
		ContactInfo:   c.str("contact_info", false, 5, 100),
		ContactPerson: c.str("contact_person", false, 0, 100),
		Email:         c.str("email", false, 0, 254),
		Phone:         c.str("phone", false, 0, 40),
		Address:       c.str("address", false, 0, 300),
		IsActive:      c.boolean("is_active"),
	}
	if c.has("product_list") {
		in.ProductList = c.productList()
		in.ClearProductList = in.ProductList == nil
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	s, err := c.pos.UpdateSupplier(c.ctx, id, in)
	if err != nil {
		return nil, notFound(err, "Supplier", id)
	}
	return supplierOf(s), nil
}

func (c *call) deleteSupplier() (any, error) {
	id := c.pathID("supplier_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notFound(c.pos.DeleteSupplier(c.ctx, id), "Supplier", id)
}

func (c *call) deleteSupplierWithBody() (any, error) {
	if _, err := c.deleteSupplier(); err != nil {
		return nil, err
	}
	return deleted("Supplier", c.pathID("supplier_id")), nil
}

// ---- Discounts ----

func (c *call) discountByID(id uuid.UUID) (any, error) {
	d, err := c.client.Discount.Query().Where(discount.ID(id)).WithProducts().Only(c.ctx)
	if err != nil {
		return nil, notFound(err, "Discount", id)
	}
	return discountOf(d), nil
}

func (c *call) listDiscounts() (any, error) {
	off, lim := c.page()
	if err := c.done(); err != nil {
		return nil, err
	}
	ds, err := c.client.Discount.Query().WithProducts().Order(ent.Asc(discount.FieldCreatedAt), ent.Asc(discount.FieldID)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(ds, discountOf), err
}

func (c *call) getDiscount() (any, error) {
	id := c.pathID("discount_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return c.discountByID(id)
}

// uuids reads a list of UUIDs.
func (c *call) uuids(name string) []uuid.UUID {
	ss := c.strs(name)
	out := make([]uuid.UUID, 0, len(ss))
	for i, s := range ss {
		id, err := uuid.Parse(s)
		if err != nil {
			c.fail([]any{"body", name, i}, "uuid_parsing", "Input should be a valid UUID")
			continue
		}
		out = append(out, id)
	}
	return out
}

func (c *call) createDiscount() (any, error) {
	c.parseBody(true)
	in := ent.CreateDiscountInput{}
	if s := c.str("name", true, 1, 100); s != nil {
		in.Name = *s
	}
	if t, ok := c.enumOf("type", true, discountTypes); ok {
		in.Type = discount.Type(t)
	}
	in.Value = c.amount("value", true, false)
	in.Code = c.str("code", false, 1, 40)
	in.MinSubtotal = c.amount("min_subtotal", false, false)
	in.StartsAt = c.timestamp("starts_at", false)
	in.EndsAt = c.timestamp("ends_at", false)
	in.IsActive = c.boolean("is_active")
	in.ProductIDs = c.uuids("applicable_products")
	if err := c.done(); err != nil {
		return nil, err
	}
	d, err := c.pos.CreateDiscount(c.ctx, in)
	if err != nil {
		return nil, err
	}
	return c.discountByID(d.ID)
}

func (c *call) updateDiscount() (any, error) {
	id := c.pathID("discount_id")
	c.parseBody(true)
	in := ent.UpdateDiscountInput{
		Name:        c.str("name", false, 1, 100),
		Value:       c.amount("value", false, false),
		Code:        c.str("code", false, 1, 40),
		MinSubtotal: c.amount("min_subtotal", false, false),
		StartsAt:    c.timestamp("starts_at", false),
		EndsAt:      c.timestamp("ends_at", false),
		IsActive:    c.boolean("is_active"),
	}
	if t, ok := c.enumOf("type", false, discountTypes); ok {
		dt := discount.Type(t)
		in.Type = &dt
	}
	if c.has("applicable_products") {
		in.ClearProducts = true
		in.AddProductIDs = c.uuids("applicable_products")
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	if _, err := c.pos.UpdateDiscount(c.ctx, id, in); err != nil {
		return nil, notFound(err, "Discount", id)
	}
	return c.discountByID(id)
}

func (c *call) deleteDiscount() (any, error) {
	id := c.pathID("discount_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notFound(c.pos.DeleteDiscount(c.ctx, id), "Discount", id)
}

// ---- Loyalty programs ----

func (c *call) listLoyalty() (any, error) {
	off, lim := c.page()
	if err := c.done(); err != nil {
		return nil, err
	}
	ls, err := c.client.LoyaltyProgram.Query().Order(ent.Asc(loyaltyprogram.FieldCreatedAt), ent.Asc(loyaltyprogram.FieldID)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(ls, loyaltyOf), err
}

func (c *call) getLoyalty() (any, error) {
	id := c.pathID("program_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	l, err := c.client.LoyaltyProgram.Get(c.ctx, id)
	if err != nil {
		return nil, notFound(err, "Loyalty program", id)
	}
	return loyaltyOf(l), nil
}

func (c *call) createLoyalty() (any, error) {
	c.parseBody(true)
	in := ent.CreateLoyaltyProgramInput{}
	if id := c.id("customer_id", true); id != nil {
		in.CustomerID = *id
	}
	in.Name = c.str("name", false, 1, 100)
	in.Points = c.integer("points", false, 0, 1<<40)
	if t, ok := c.enumOf("tier", false, loyaltyTiers); ok {
		tier := loyaltyprogram.Tier(t)
		in.Tier = &tier
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	l, err := c.pos.CreateLoyaltyProgram(c.ctx, in)
	if err != nil {
		return nil, err
	}
	return loyaltyOf(l), nil
}

func (c *call) updateLoyalty() (any, error) {
	id := c.pathID("program_id")
	c.parseBody(true)
	in := ent.UpdateLoyaltyProgramInput{
		Name:       c.str("name", false, 1, 100),
		Points:     c.integer("points", false, 0, 1<<40),
		CustomerID: c.id("customer_id", false),
	}
	if t, ok := c.enumOf("tier", false, loyaltyTiers); ok {
		tier := loyaltyprogram.Tier(t)
		in.Tier = &tier
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	l, err := c.pos.UpdateLoyaltyProgram(c.ctx, id, in)
	if err != nil {
		return nil, notFound(err, "Loyalty program", id)
	}
	return loyaltyOf(l), nil
}

func (c *call) deleteLoyalty() (any, error) {
	id := c.pathID("program_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notFound(c.pos.DeleteLoyaltyProgram(c.ctx, id), "Loyalty program", id)
}

// ---- Settings ----

func (c *call) listSettings() (any, error) {
	off, lim := c.page()
	if err := c.done(); err != nil {
		return nil, err
	}
	ss, err := c.client.Setting.Query().Order(ent.Asc(setting.FieldKey)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(ss, c.settingOf), err
}

func (c *call) getSetting() (any, error) {
	id := c.pathID("setting_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	s, err := c.client.Setting.Get(c.ctx, id)
	if err != nil {
		return nil, notFound(err, "Setting", id)
	}
	return c.settingOf(s), nil
}

func (c *call) createSetting() (any, error) {
	c.parseBody(true)
	in := ent.CreateSettingInput{}
	if s := c.str("key", true, 1, 100); s != nil {
		in.Key = *s
	}
	if s := c.str("value", true, 0, 10000); s != nil {
		in.Value = *s
	}
	in.Description = c.str("description", false, 0, 500)
	in.IsSecret = c.boolean("is_secret")
	if err := c.done(); err != nil {
		return nil, err
	}
	s, err := c.pos.CreateSetting(c.ctx, in)
	if err != nil {
		return nil, err
	}
	return c.settingOf(s), nil
}

func (c *call) updateSetting() (any, error) {
	id := c.pathID("setting_id")
	c.parseBody(true)
	in := ent.UpdateSettingInput{
		Key:         c.str("key", false, 1, 100),
		Value:       c.str("value", false, 0, 10000),
		Description: c.str("description", false, 0, 500),
		IsSecret:    c.boolean("is_secret"),
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	s, err := c.pos.UpdateSetting(c.ctx, id, in, nil)
	if err != nil {
		return nil, notFound(err, "Setting", id)
	}
	return c.settingOf(s), nil
}

func (c *call) deleteSetting() (any, error) {
	id := c.pathID("setting_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notFound(c.pos.DeleteSetting(c.ctx, id), "Setting", id)
}

// ---- Employees ----

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
		return nil, notFound(err, "Employee", id)
	}
	return employeeOf(e), nil
}

func (c *call) createEmployee() (any, error) {
	c.parseBody(true)
	in := ent.CreateEmployeeInput{}
	if s := c.str("name", true, 1, 100); s != nil {
		in.Name = *s
	}
	if s := c.str("position", true, 1, 50); s != nil {
		in.Position = *s
	}
	in.Email = c.str("email", false, 0, 254)
	in.Phone = c.str("phone", false, 0, 40)
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
		Name:     c.str("name", false, 1, 100),
		Position: c.str("position", false, 1, 50),
		Email:    c.str("email", false, 0, 254),
		Phone:    c.str("phone", false, 0, 40),
		IsActive: c.boolean("is_active"),
		HiredAt:  c.timestamp("hired_at", false),
		UserID:   c.id("user_id", false),
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	e, err := c.pos.UpdateEmployee(c.ctx, id, in)
	if err != nil {
		return nil, notFound(err, "Employee", id)
	}
	return employeeOf(e), nil
}

func (c *call) deleteEmployee() (any, error) {
	id := c.pathID("employee_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notFound(c.pos.DeleteEmployee(c.ctx, id), "Employee", id)
}

// ---- Roles ----

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
		return nil, notFound(err, "Role", id)
	}
	return roleOf(r), nil
}

func (c *call) createRole() (any, error) {
	c.parseBody(true)
	in := ent.CreateRoleInput{}
	if s := c.str("name", true, 1, 50); s != nil {
		in.Name = *s
	}
	in.Description = c.str("description", false, 0, 200)
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
	in := ent.UpdateRoleInput{Name: c.str("name", false, 1, 50), Description: c.str("description", false, 0, 200)}
	if c.has("permissions") {
		in.Permissions = c.strs("permissions")
		in.ClearPermissions = in.Permissions == nil
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	r, err := c.auth.UpdateRole(c.ctx, id, in)
	if err != nil {
		return nil, notFound(err, "Role", id)
	}
	return roleOf(r), nil
}

func (c *call) deleteRole() (any, error) {
	id := c.pathID("role_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notFound(c.auth.DeleteRole(c.ctx, id), "Role", id)
}

// ---- Users (reads and profile changes; creation hashes a password, so it
// goes through the auth code) ----

func (c *call) listUsers() (any, error) {
	off, lim := c.page()
	if err := c.done(); err != nil {
		return nil, err
	}
	us, err := c.client.User.Query().Order(ent.Asc(user.FieldUsername)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(us, userOf), err
}

func (c *call) getUser() (any, error) {
	id := c.pathID("user_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	u, err := c.client.User.Get(c.ctx, id)
	if err != nil {
		return nil, notFound(err, "User", id)
	}
	return userOf(u), nil
}

func (c *call) updateUser() (any, error) {
	id := c.pathID("user_id")
	c.parseBody(true)
	in := ent.UpdateUserInput{
		Username: c.str("username", false, 3, 20),
		FullName: c.str("full_name", false, 0, 100),
		Email:    c.str("email", false, 0, 254),
		IsActive: c.boolean("is_active"),
		RoleID:   c.id("role_id", false),
	}
	password := c.str("password", false, 8, 0)
	if err := c.done(); err != nil {
		return nil, err
	}
	u, err := c.auth.UpdateUser(c.ctx, id, in, password)
	if err != nil {
		return nil, notFound(err, "User", id)
	}
	return userOf(u), nil
}

func (c *call) deleteUser() (any, error) {
	id := c.pathID("user_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notFound(c.auth.DeleteUser(c.ctx, id), "User", id)
}

// ---- Notifications ----

func (c *call) listNotifications() (any, error) {
	off, lim := c.page()
	if err := c.done(); err != nil {
		return nil, err
	}
	ns, err := c.client.Notification.Query().Order(ent.Desc(notification.FieldTimestamp), ent.Desc(notification.FieldID)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(ns, notificationOf), err
}

func (c *call) createNotification() (any, error) {
	c.parseBody(true)
	t, _ := c.enumOf("type", true, notificationTypes)
	msg := c.str("message", true, 1, 500)
	ts := c.timestamp("timestamp", false)
	pid := c.id("product_id", false)
	if err := c.done(); err != nil {
		return nil, err
	}
	n, err := c.pos.CreateNotification(c.ctx, pos.NotificationInput{Type: notification.Type(t), Message: *msg, Timestamp: ts, ProductID: pid})
	if err != nil {
		return nil, err
	}
	return notificationOf(n), nil
}

// notFound names a missing record the way the documented API did, and
// passes every other error through.
func notFound(err error, what string, id uuid.UUID) error {
	if err != nil && ent.IsNotFound(err) {
		return &pos.Error{Code: pos.CodeNotFound, Message: what + " not found"}
	}
	if pe := pos.AsError(err); pe != nil && pe.Code == pos.CodeNotFound {
		return &pos.Error{Code: pos.CodeNotFound, Message: what + " not found"}
	}
	return err
}
