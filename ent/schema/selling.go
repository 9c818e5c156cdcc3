package schema

import (
	"time"

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

// Sale is a basket rung up at the till: OPEN while it is built, COMPLETED when
// paid, then possibly VOIDED, PARTIALLY_REFUNDED or REFUNDED. Every amount on it
// is computed by internal/pos.
type Sale struct{ ent.Schema }

// Mixin of Sale.
func (Sale) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagSale}, auditMixin{}}
}

// Fields of Sale.
func (Sale) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("status").Values("OPEN", "COMPLETED", "VOIDED", "PARTIALLY_REFUNDED", "REFUNDED").Default("OPEN").
			Annotations(entgql.OrderField("STATUS")),
		moneyField("subtotal"),
		moneyField("discount_total"),
		moneyField("tax_total"),
		moneyField("total", entgql.OrderField("TOTAL")),
		moneyField("paid_total"),
		moneyField("change_due"),
		moneyField("refunded_total"),
		field.Int64("loyalty_points_earned").Default(0),
		field.Int64("loyalty_points_redeemed").Default(0),
		field.String("notes").Optional().MaxLen(1000),
		field.String("void_reason").Optional().MaxLen(500),
		field.String("discount_code").Optional().MaxLen(40),
		field.String("idempotency_key").Optional().Nillable().MaxLen(200).
			Annotations(entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField)),
		field.Time("completed_at").Optional().Nillable().
			Annotations(entgql.OrderField("COMPLETED_AT")),
		field.Time("voided_at").Optional().Nillable(),
		field.UUID("customer_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("cashier_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("employee_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("discount_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("cash_session_id", uuid.UUID{}).Optional().Nillable(),
	}
}

// Edges of Sale.
func (Sale) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("customer", Customer.Type).Ref("sales").Field("customer_id").Unique(),
		// GraphQL shows the cashier as a StaffMember (selling.graphqls).
		edge.From("cashier", User.Type).Ref("sales").Field("cashier_id").Unique().Annotations(entgql.Skip()),
		edge.From("employee", Employee.Type).Ref("sales").Field("employee_id").Unique(),
		edge.From("discount", Discount.Type).Ref("sales").Field("discount_id").Unique(),
		edge.From("cash_session", CashSession.Type).Ref("sales").Field("cash_session_id").Unique(),
		edge.To("items", SaleItem.Type),
		edge.To("payments", Payment.Type),
		edge.To("transactions", Transaction.Type).Annotations(entgql.Skip()),
	}
}

// Indexes of Sale.
func (Sale) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("customer_id", "created_at"),
		index.Fields("status", "completed_at"),
		index.Fields("cashier_id", "completed_at"),
		// The legacy transactions derived from a sale's payments are an
		// employee's by the sale's employee (/v1/employees/{id}/transactions).
		index.Fields("employee_id"),
		index.Fields("completed_at"),
		index.Fields("created_at"),
		index.Fields("idempotency_key").Unique(),
	}
}

// Annotations of Sale.
func (Sale) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Annotation{Table: "pos_sales"},
		entgql.QueryField(), entgql.RelayConnection(),
		withSetValues,
		entsql.Checks(map[string]string{"sale_total_nonnegative": "total >= 0"}),
	}
}

// SaleItem is one line of a sale. Unit price and cost are captured when the
// line is added, so later catalogue changes never rewrite history.
type SaleItem struct{ ent.Schema }

// Mixin of SaleItem.
func (SaleItem) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagSaleItem}, auditMixin{}}
}

// Fields of SaleItem.
func (SaleItem) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("quantity").Positive(),
		field.Int64("refunded_quantity").Default(0).NonNegative(),
		moneyField("unit_price"),
		moneyField("unit_cost"),
		moneyField("discount_total"),
		moneyField("tax_total"),
		// subtotal is quantity x unit price less the line's discount, before tax.
		moneyField("subtotal"),
		field.String("product_name").Default("").MaxLen(100),
		field.UUID("sale_id", uuid.UUID{}),
		field.UUID("product_id", uuid.UUID{}),
	}
}

// Edges of SaleItem.
func (SaleItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("sale", Sale.Type).Ref("items").Field("sale_id").Unique().Required(),
		edge.From("product", Product.Type).Ref("sale_items").Field("product_id").Unique().Required(),
	}
}

// Indexes of SaleItem.
func (SaleItem) Indexes() []ent.Index {
	return []ent.Index{index.Fields("sale_id", "product_id"), index.Fields("product_id")}
}

// Annotations of SaleItem.
func (SaleItem) Annotations() []schema.Annotation {
	return []schema.Annotation{
		// Listed on their own so sale lines can be filtered and aggregated
		// across sales (units sold of a product, say).
		entgql.QueryField(), entgql.RelayConnection(),
		entsql.Annotation{Table: "pos_sale_items"},
		withSetValues,
		entsql.Checks(map[string]string{
			"sale_item_quantity_positive": "quantity > 0",
			"sale_item_refund_bounded":    "refunded_quantity <= quantity",
		}),
	}
}

// Payment is money received for a sale (kind SALE) or paid back (kind REFUND).
type Payment struct{ ent.Schema }

// Mixin of Payment.
func (Payment) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagPayment}, auditMixin{}}
}

// Fields of Payment.
func (Payment) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("method").Values("CASH", "CARD", "DIGITAL_WALLET", "BANK_TRANSFER", "CHECK", "LOYALTY_POINTS").
			Annotations(entgql.OrderField("METHOD")),
		field.Enum("kind").Values("SALE", "REFUND").Default("SALE"),
		field.Enum("status").Values("PENDING", "COMPLETED", "FAILED", "REFUNDED").Default("COMPLETED"),
		moneyField("amount", entgql.OrderField("AMOUNT")),
		// tendered is what the customer handed over (cash); change = tendered - amount.
		moneyField("tendered"),
		field.String("reference").Optional().MaxLen(100),
		field.String("notes").Optional().MaxLen(500),
		field.String("idempotency_key").Optional().Nillable().MaxLen(200).
			Annotations(entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField)),
		field.Time("paid_at").Optional().
			Annotations(entgql.OrderField("PAID_AT")),
		field.UUID("sale_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("cash_session_id", uuid.UUID{}).Optional().Nillable(),
		// derives_transaction says whether the payment, when it belongs to a
		// sale, is also its sale's legacy /v1 Transaction (internal/pos
		// derives those records instead of storing them). It is false for
		// payments taken before transactions were derived, whose records are
		// stored rows, and once /v1 has changed or deleted the derived record.
		field.Bool("derives_transaction").Default(true).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of Payment.
func (Payment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("sale", Sale.Type).Ref("payments").Field("sale_id").Unique(),
		edge.From("cash_session", CashSession.Type).Ref("payments").Field("cash_session_id").Unique(),
		edge.To("transactions", Transaction.Type).Annotations(entgql.Skip()),
	}
}

// Indexes of Payment.
func (Payment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("sale_id"),
		index.Fields("method", "paid_at"),
		index.Fields("cash_session_id"),
		index.Fields("idempotency_key").Unique(),
	}
}

// Annotations of Payment.
func (Payment) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(), entgql.RelayConnection(),
		entsql.Checks(map[string]string{"payment_amount_nonnegative": "amount >= 0"}),
	}
}

// Transaction is the legacy record tying an employee, a sale and a payment,
// kept for clients of the documented /v1/transactions API.
type Transaction struct{ ent.Schema }

// Mixin of Transaction.
func (Transaction) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagTransaction}, auditMixin{}}
}

// Fields of Transaction.
func (Transaction) Fields() []ent.Field {
	return []ent.Field{
		field.String("payment_type").NotEmpty().MaxLen(20),
		field.UUID("sale_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("employee_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("payment_id", uuid.UUID{}).Optional().Nillable(),
	}
}

// Edges of Transaction.
func (Transaction) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("sale", Sale.Type).Ref("transactions").Field("sale_id").Unique(),
		edge.From("employee", Employee.Type).Ref("transactions").Field("employee_id").Unique(),
		edge.From("payment", Payment.Type).Ref("transactions").Field("payment_id").Unique(),
	}
}

// Indexes of Transaction.
func (Transaction) Indexes() []ent.Index {
	return []ent.Index{index.Fields("employee_id"), index.Fields("sale_id")}
}

// CashSession is one cashier's shift at a register, from opening float to the
// counted close and its Z-report.
type CashSession struct{ ent.Schema }

// Mixin of CashSession.
func (CashSession) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagCashSession}, auditMixin{}}
}

// Fields of CashSession.
func (CashSession) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("status").Values("OPEN", "CLOSED").Default("OPEN"),
		moneyField("opening_float"),
		moneyField("expected_cash"),
		moneyField("counted_cash"),
		moneyField("difference"),
		field.Time("opened_at").Immutable().Default(time.Now),
		field.Time("closed_at").Optional().Nillable(),
		field.JSON("z_report", map[string]any{}).Optional().Annotations(entgql.Skip()),
		field.UUID("cashier_id", uuid.UUID{}),
		// open_marker is the cashier id while the session is open and null after,
		// so a unique index allows at most one open session per cashier.
		field.UUID("open_marker", uuid.UUID{}).Optional().Nillable().Annotations(entgql.Skip()),
	}
}

// Edges of CashSession.
func (CashSession) Edges() []ent.Edge {
	return []ent.Edge{
		// GraphQL shows the cashier as a StaffMember (inventory.graphqls).
		edge.From("cashier", User.Type).Ref("cash_sessions").Field("cashier_id").Unique().Required().Annotations(entgql.Skip()),
		edge.To("sales", Sale.Type).Annotations(entgql.Skip()),
		edge.To("payments", Payment.Type).Annotations(entgql.Skip()),
		edge.To("movements", CashMovement.Type),
	}
}

// Indexes of CashSession.
func (CashSession) Indexes() []ent.Index {
	return []ent.Index{index.Fields("open_marker").Unique(), index.Fields("cashier_id", "opened_at")}
}

// Annotations of CashSession.
func (CashSession) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection()}
}

// CashMovement is cash put into or taken out of a register outside a sale.
type CashMovement struct{ ent.Schema }

// Mixin of CashMovement.
func (CashMovement) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagCashMovement}, auditMixin{}}
}

// Fields of CashMovement.
func (CashMovement) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("PAID_IN", "PAID_OUT"),
		moneyField("amount"),
		field.String("reason").NotEmpty().MaxLen(500),
		field.UUID("cash_session_id", uuid.UUID{}),
	}
}

// Edges of CashMovement.
func (CashMovement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("cash_session", CashSession.Type).Ref("movements").Field("cash_session_id").Unique().Required(),
	}
}
