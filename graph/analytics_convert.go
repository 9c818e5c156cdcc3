package graph

import (
	"context"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/google/uuid"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/customer"
	"github.com/pandac/pandac/ent/discount"
	"github.com/pandac/pandac/ent/product"
	"github.com/pandac/pandac/ent/supplier"
	"github.com/pandac/pandac/graph/model"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/pos"
)

// analyticsRequest converts the GraphQL input into the core's request; the
// where-inputs become ent predicates through their generated P().
func analyticsRequest(in model.SalesAnalyticsInput) (pos.AnalyticsRequest, error) {
	req := pos.AnalyticsRequest{From: in.From, To: in.To, Timezone: deref(in.Timezone), GroupBy: in.GroupBy,
		Measures: in.Measures, Limit: in.Limit, WithTotals: in.WithTotals}
	if f := in.Filter; f != nil {
		if f.Sale != nil {
			p, err := f.Sale.P()
			if err != nil {
				return req, fault.BadInput("filter.sale", "%s", err.Error())
			}
			req.Filter.Sale = p
		}
		if f.Line != nil {
			p, err := f.Line.P()
			if err != nil {
				return req, fault.BadInput("filter.line", "%s", err.Error())
			}
			req.Filter.Line = p
		}
	}
	for _, o := range in.OrderBy {
		if o == nil {
			continue
		}
		ord := pos.AnalyticsOrder{Desc: o.Direction == entgql.OrderDirectionDesc}
		if o.Measure != nil {
			ord.Measure = *o.Measure
		}
		if o.Dimension != nil {
			ord.Dimension = *o.Dimension
		}
		req.OrderBy = append(req.OrderBy, ord)
	}
	return req, nil
}

// analyticsEntityFields are the AnalyticsKey fields that show a row of
// another type, by the dimension that sets them.
var analyticsEntityFields = map[pos.AnalyticsDimension]string{
	pos.DimProduct: "product", pos.DimSupplier: "supplier", pos.DimCashier: "cashier",
	pos.DimCustomer: "customer", pos.DimDiscount: "discount",
}

// attachEntities loads, one query per dimension, the rows the keys name when
// the selection asks for them, so a page of 10,000 product rows is not
// 10,000 product reads. The loads go through the read guard with the
// caller's context.
func (r *Resolver) attachEntities(ctx context.Context, res *pos.AnalyticsResult) error {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return nil
	}
	keys := []*pos.AnalyticsKey{}
	for i := range res.Rows {
		for j := range res.Rows[i].Keys {
			keys = append(keys, &res.Rows[i].Keys[j])
		}
	}
	if res.Pivot != nil {
		for i := range res.Pivot.Rows {
			keys = append(keys, &res.Pivot.Rows[i])
		}
		for i := range res.Pivot.Columns {
			keys = append(keys, &res.Pivot.Columns[i])
		}
	}
	for _, d := range res.Dimensions {
		field, ok := analyticsEntityFields[d]
		if !ok || !selects(fc.Field.Selections, field) {
			continue
		}
		var ids []uuid.UUID
		for _, k := range keys {
			if k.Dimension == d && k.ID != nil {
				ids = append(ids, *k.ID)
			}
		}
		if len(ids) == 0 {
			continue
		}
		byID := map[uuid.UUID]any{}
		var err error
		switch d {
		case pos.DimProduct:
			err = collect(ctx, r.Client.Product.Query().Where(product.IDIn(ids...)).All, func(e *ent.Product) { byID[e.ID] = e })
		case pos.DimSupplier:
			err = collect(ctx, r.Client.Supplier.Query().Where(supplier.IDIn(ids...)).All, func(e *ent.Supplier) { byID[e.ID] = e })
		case pos.DimCustomer:
			err = collect(ctx, r.Client.Customer.Query().Where(customer.IDIn(ids...)).All, func(e *ent.Customer) { byID[e.ID] = e })
		case pos.DimDiscount:
			err = collect(ctx, r.Client.Discount.Query().Where(discount.IDIn(ids...)).All, func(e *ent.Discount) { byID[e.ID] = e })
		case pos.DimCashier:
			var staff map[uuid.UUID]*pos.StaffMember
			staff, err = r.POS.Staff().StaffMembers(ctx, ids)
			for id, m := range staff {
				byID[id] = m
			}
		}
		if err != nil {
			return err
		}
		for _, k := range keys {
			if k.Dimension == d && k.ID != nil {
				k.Entity = byID[*k.ID]
			}
		}
	}
	return nil
}

func collect[T any](ctx context.Context, all func(context.Context) ([]T, error), put func(T)) error {
	rows, err := all(ctx)
	for _, e := range rows {
		put(e)
	}
	return err
}

// selects reports whether a field of that name is selected anywhere below.
func selects(set ast.SelectionSet, name string) bool {
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			if s.Name == name || selects(s.SelectionSet, name) {
				return true
			}
		case *ast.InlineFragment:
			if selects(s.SelectionSet, name) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition != nil && selects(s.Definition.SelectionSet, name) {
				return true
			}
		}
	}
	return false
}

// keyEntity returns the key's loaded row of type T, or nil.
func keyEntity[T any](obj *pos.AnalyticsKey, d pos.AnalyticsDimension) (*T, error) {
	if obj.Dimension != d {
		return nil, nil
	}
	e, _ := obj.Entity.(*T)
	return e, nil
}

// keyText returns the key's text when it is of dimension d.
func keyText(obj *pos.AnalyticsKey, d pos.AnalyticsDimension) *string {
	if obj.Dimension != d {
		return nil
	}
	return obj.Text
}
