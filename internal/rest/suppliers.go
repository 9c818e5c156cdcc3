package rest

import (
	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/supplier"
	"github.com/pandac/pandac/internal/pos"
)

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
	return listPage(c, c.client.Supplier.Query().Order(ent.Asc(supplier.FieldCreatedAt), ent.Asc(supplier.FieldID)), supplierOf)
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
	return getOne(c, "supplier_id", "Supplier", c.client.Supplier.Get, supplierOf)
}

func (c *call) createSupplier() (any, error) {
	c.parseBody(true)
	in := pos.CreateSupplierRequest{}
	if s := c.str("name", strOpts{required: true, min: 1, max: 100}); s != nil {
		in.Name = *s
	}
	in.ContactInfo = c.str("contact_info", strOpts{required: true, min: 5, max: 100})
	in.ContactPerson = c.str("contact_person", strOpts{max: 100})
	in.Email = c.str("email", strOpts{max: 254})
	in.Phone = c.str("phone", strOpts{max: 40})
	in.Address = c.str("address", strOpts{max: 300})
	in.ProductList = c.productList()
	in.IsActive = c.boolean("is_active")
	return saveNew(c, func() (*ent.Supplier, error) { return c.pos.Stock().CreateSupplier(c.ctx, in) }, supplierOf)
}

func (c *call) updateSupplier() (any, error) {
	id := c.pathID("supplier_id")
	c.parseBody(true)
	in := pos.UpdateSupplierRequest{
		Name:          c.str("name", strOpts{min: 1, max: 100}),
		ContactInfo:   c.str("contact_info", strOpts{min: 5, max: 100}),
		ContactPerson: c.str("contact_person", strOpts{max: 100}),
		Email:         c.str("email", strOpts{max: 254}),
		Phone:         c.str("phone", strOpts{max: 40}),
		Address:       c.str("address", strOpts{max: 300}),
		IsActive:      c.boolean("is_active"),
	}
	if c.has("product_list") {
		in.ProductList = c.productList()
		in.ClearProductList = in.ProductList == nil
	}
	return saveChange(c, "Supplier", func() (*ent.Supplier, error) { return c.pos.Stock().UpdateSupplier(c.ctx, id, in) }, supplierOf)
}

func (c *call) deleteSupplier() (any, error) {
	return deleteOne(c, "supplier_id", "Supplier", c.pos.Stock().DeleteSupplier)
}

func (c *call) deleteSupplierWithBody() (any, error) {
	return deleteWithBody(c, "supplier_id", "Supplier", c.pos.Stock().DeleteSupplier)
}
