package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/ids"
)

// Supplier is a vendor the store buys stock from.
type Supplier struct{ ent.Schema }

// Mixin of Supplier.
func (Supplier) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagSupplier}, auditMixin{}}
}

// Fields of Supplier.
func (Supplier) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(100).
			Annotations(entgql.OrderField("NAME")),
		field.String("contact_person").Optional().MaxLen(100),
		field.String("email").Optional().MaxLen(254),
		field.String("phone").Optional().MaxLen(40),
		field.String("address").Optional().MaxLen(300),
		field.String("contact_info").Default("").MaxLen(100),
		field.Strings("product_list").Optional(),
		field.Bool("is_active").Default(true),
	}
}

// Edges of Supplier.
func (Supplier) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("inventories", Inventory.Type).Annotations(entgql.Skip()),
		edge.To("purchase_orders", PurchaseOrder.Type).Annotations(entgql.Skip()),
	}
}

// Indexes of Supplier.
func (Supplier) Indexes() []ent.Index {
	return []ent.Index{index.Fields("name")}
}

// Annotations of Supplier.
func (Supplier) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(), entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Product is an item the store sells.
type Product struct{ ent.Schema }

// Mixin of Product.
func (Product) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagProduct}, auditMixin{}, versionMixin{}}
}

// Fields of Product.
func (Product) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(100).
			Annotations(entgql.OrderField("NAME")),
		field.Text("description").Optional().MaxLen(2000),
		field.String("sku").NotEmpty().MaxLen(64).Unique().
			Annotations(entgql.OrderField("SKU")),
		field.String("barcode").Optional().Nillable().MaxLen(64).Unique(),
		field.String("category").Optional().MaxLen(50).
			Annotations(entgql.OrderField("CATEGORY")),
		moneyField("price", entgql.OrderField("PRICE")),
		moneyField("cost"),
		field.Bool("is_active").Default(true),
		field.UUID("discount_id", uuid.UUID{}).Optional().Nillable(),
	}
}

// Edges of Product.
func (Product) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("inventory", Inventory.Type).Unique().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("discount", Discount.Type).Ref("legacy_products").Field("discount_id").Unique(),
		edge.From("discounts", Discount.Type).Ref("products").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("sale_items", SaleItem.Type).Annotations(entgql.Skip()),
		edge.To("stock_movements", StockMovement.Type).Annotations(entgql.Skip()),
		edge.To("purchase_order_lines", PurchaseOrderLine.Type).Annotations(entgql.Skip()),
	}
}

// Indexes of Product.
func (Product) Indexes() []ent.Index {
	return []ent.Index{index.Fields("name"), index.Fields("category"), index.Fields("price")}
}

// Annotations of Product.
func (Product) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(), entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entsql.Checks(map[string]string{
			"product_price_nonnegative": "price >= 0",
			"product_cost_nonnegative":  "cost >= 0",
		}),
	}
}

// Inventory is the on-hand stock of one product. Its quantity is the sum of
// the product's stock movements and is only changed by internal/pos.
type Inventory struct{ ent.Schema }

// Mixin of Inventory.
func (Inventory) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagInventory}, auditMixin{}}
}

// Fields of Inventory.
func (Inventory) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("quantity").Default(0).NonNegative().
			Annotations(entgql.OrderField("QUANTITY"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int64("reorder_level").Default(0).NonNegative(),
		field.Bool("low_stock_notified").Default(false).
			Annotations(entgql.Skip()),
		field.UUID("product_id", uuid.UUID{}).Unique(),
		field.UUID("supplier_id", uuid.UUID{}).Optional().Nillable(),
	}
}

// Edges of Inventory.
func (Inventory) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("product", Product.Type).Ref("inventory").Field("product_id").Unique().Required(),
		edge.From("supplier", Supplier.Type).Ref("inventories").Field("supplier_id").Unique(),
	}
}

// Annotations of Inventory.
func (Inventory) Annotations() []schema.Annotation {
	return []schema.Annotation{
		// Listed on their own so stock can be filtered and aggregated
		// (inventories { aggregate { sum { quantity } } }).
		entgql.QueryField(), entgql.RelayConnection(),
		entsql.Checks(map[string]string{
			"inventory_quantity_nonnegative": "quantity >= 0",
			"inventory_reorder_nonnegative":  "reorder_level >= 0",
		}),
	}
}

// Discount is a price reduction: a percentage or a fixed amount, reached by a
// code or applied automatically to its products, within a validity window.
type Discount struct{ ent.Schema }

// Mixin of Discount.
func (Discount) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagDiscount}, auditMixin{}}
}

// Fields of Discount.
func (Discount) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(100).
			Annotations(entgql.OrderField("NAME")),
		field.String("code").Optional().Nillable().MaxLen(40).Unique(),
		field.Enum("type").Values("PERCENTAGE", "FIXED_AMOUNT"),
		// value is a percentage with two decimals (10.00 = 10%) for PERCENTAGE and
		// an amount of money for FIXED_AMOUNT; both are hundredths.
		moneyField("value"),
		moneyField("min_subtotal"),
		field.Time("starts_at").Optional().Nillable(),
		field.Time("ends_at").Optional().Nillable(),
		field.Bool("is_active").Default(true),
	}
}

// Edges of Discount.
func (Discount) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("products", Product.Type),
		edge.To("legacy_products", Product.Type).Annotations(entgql.Skip()),
		edge.To("sales", Sale.Type).Annotations(entgql.Skip()),
	}
}

// Annotations of Discount.
func (Discount) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(), entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entsql.Checks(map[string]string{"discount_value_nonnegative": "value >= 0"}),
	}
}

// PurchaseOrder is an order of stock from a supplier.
type PurchaseOrder struct{ ent.Schema }

// Mixin of PurchaseOrder.
func (PurchaseOrder) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagPurchaseOrder}, auditMixin{}}
}

// Fields of PurchaseOrder.
func (PurchaseOrder) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("status").Values("PENDING", "SHIPPED", "DELIVERED", "CANCELLED").Default("PENDING").
			Annotations(entgql.OrderField("STATUS")),
		field.String("notes").Optional().MaxLen(1000),
		field.Time("expected_at").Optional().Nillable(),
		field.Time("shipped_at").Optional().Nillable(),
		field.Time("delivered_at").Optional().Nillable(),
		field.Time("cancelled_at").Optional().Nillable(),
		moneyField("total_cost"),
		field.UUID("supplier_id", uuid.UUID{}),
	}
}

// Edges of PurchaseOrder.
func (PurchaseOrder) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("supplier", Supplier.Type).Ref("purchase_orders").Field("supplier_id").Unique().Required(),
		edge.To("lines", PurchaseOrderLine.Type),
	}
}

// Indexes of PurchaseOrder.
func (PurchaseOrder) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "created_at"), index.Fields("supplier_id")}
}

// Annotations of PurchaseOrder.
func (PurchaseOrder) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection()}
}

// PurchaseOrderLine is one product and quantity on a purchase order.
type PurchaseOrderLine struct{ ent.Schema }

// Mixin of PurchaseOrderLine.
func (PurchaseOrderLine) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagPurchaseOrderLine}, auditMixin{}}
}

// Fields of PurchaseOrderLine.
func (PurchaseOrderLine) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("quantity").Positive(),
		moneyField("unit_cost"),
		field.UUID("purchase_order_id", uuid.UUID{}),
		field.UUID("product_id", uuid.UUID{}),
	}
}

// Edges of PurchaseOrderLine.
func (PurchaseOrderLine) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("purchase_order", PurchaseOrder.Type).Ref("lines").Field("purchase_order_id").Unique().Required(),
		edge.From("product", Product.Type).Ref("purchase_order_lines").Field("product_id").Unique().Required(),
	}
}

// Indexes of PurchaseOrderLine.
func (PurchaseOrderLine) Indexes() []ent.Index {
	return []ent.Index{index.Fields("purchase_order_id", "product_id")}
}

// Annotations of PurchaseOrderLine.
func (PurchaseOrderLine) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{"po_line_quantity_positive": "quantity > 0"}),
	}
}
