package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/ids"
)

// Setting is one key/value of store configuration (tax_rate, timezone, ...).
type Setting struct{ ent.Schema }

// Mixin of Setting.
func (Setting) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagSetting}, auditMixin{}, versionMixin{}}
}

// Fields of Setting.
func (Setting) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().MaxLen(100).Unique().
			Annotations(entgql.OrderField("KEY")),
		field.Text("value").MaxLen(10000),
		field.String("description").Optional().MaxLen(500),
		// is_secret hides the value from everyone but admins.
		field.Bool("is_secret").Default(false),
	}
}

// Annotations of Setting.
func (Setting) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(), entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Notification is an alert for the staff, such as a product running low.
type Notification struct{ ent.Schema }

// Mixin of Notification.
func (Notification) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagNotification}, auditMixin{}}
}

// Fields of Notification.
func (Notification) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("type").Values("LOW_STOCK", "SYSTEM", "PAYMENT", "USER").
			Annotations(entgql.OrderField("TYPE")),
		field.String("message").NotEmpty().MaxLen(500),
		field.Time("timestamp").Default(time.Now).
			Annotations(entgql.OrderField("TIMESTAMP")),
		field.Bool("is_read").Default(false),
		field.UUID("product_id", uuid.UUID{}).Optional().Nillable(),
	}
}

// Indexes of Notification.
func (Notification) Indexes() []ent.Index {
	return []ent.Index{index.Fields("type", "timestamp")}
}

// Annotations of Notification.
func (Notification) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection()}
}

// StockMovement is one entry of the inventory ledger. A product's on-hand
// quantity always equals the sum of its movements' deltas.
type StockMovement struct{ ent.Schema }

// Mixin of StockMovement.
func (StockMovement) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagStockMovement}, auditMixin{}}
}

// Fields of StockMovement.
func (StockMovement) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("delta"),
		field.Int64("quantity_after").NonNegative(),
		field.Enum("kind").Values("INITIAL", "SALE", "VOID", "REFUND", "RESTOCK", "ADJUSTMENT", "PURCHASE_RECEIPT").
			Annotations(entgql.OrderField("KIND")),
		field.String("reason").Optional().MaxLen(500),
		moneyField("unit_cost"),
		// reference names what caused the movement: a sale, purchase order, ...
		field.String("reference").Optional().MaxLen(100),
		field.UUID("product_id", uuid.UUID{}).Immutable(),
		field.UUID("actor_id", uuid.UUID{}).Optional().Nillable().Immutable(),
	}
}

// Edges of StockMovement.
func (StockMovement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("product", Product.Type).Ref("stock_movements").Field("product_id").Unique().Required().Immutable(),
	}
}

// Indexes of StockMovement.
func (StockMovement) Indexes() []ent.Index {
	return []ent.Index{index.Fields("product_id", "created_at"), index.Fields("kind", "created_at"), index.Fields("reference")}
}

// Annotations of StockMovement.
func (StockMovement) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection()}
}

// RefreshToken is an opaque, hashed, single-use refresh token. Tokens issued by
// rotation share a family; reuse of a spent token revokes the whole family.
type RefreshToken struct{ ent.Schema }

// Mixin of RefreshToken.
func (RefreshToken) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagRefreshToken}, auditMixin{}}
}

// Fields of RefreshToken.
func (RefreshToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").NotEmpty().Unique().Sensitive(),
		field.UUID("family_id", uuid.UUID{}),
		field.Time("expires_at"),
		field.Time("used_at").Optional().Nillable(),
		field.Time("revoked_at").Optional().Nillable(),
		field.UUID("user_id", uuid.UUID{}),
	}
}

// Edges of RefreshToken.
func (RefreshToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("refresh_tokens").Field("user_id").Unique().Required(),
	}
}

// Indexes of RefreshToken.
func (RefreshToken) Indexes() []ent.Index {
	return []ent.Index{index.Fields("family_id"), index.Fields("user_id")}
}

// Annotations of RefreshToken.
func (RefreshToken) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// RevokedToken is the jti of an access token revoked before its expiry (logout).
type RevokedToken struct{ ent.Schema }

// Mixin of RevokedToken.
func (RevokedToken) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagRevokedToken}}
}

// Fields of RevokedToken.
func (RevokedToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("jti").NotEmpty().Unique(),
		field.Time("expires_at"),
	}
}

// Annotations of RevokedToken.
func (RevokedToken) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// LoginThrottle counts recent failed logins for a key (a username or a client
// address), in the database so every instance sees the same count.
type LoginThrottle struct{ ent.Schema }

// Mixin of LoginThrottle.
func (LoginThrottle) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagLoginThrottle}}
}

// Fields of LoginThrottle.
func (LoginThrottle) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().MaxLen(300).Unique(),
		field.Int("failures").Default(0),
		field.Time("window_start").Default(time.Now),
		field.Time("locked_until").Optional().Nillable(),
	}
}

// Annotations of LoginThrottle.
func (LoginThrottle) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// SystemSecret holds server secrets generated at first start (the JWT signing
// key when PANDAC_JWT_SECRET is unset). Never exposed through any API.
type SystemSecret struct{ ent.Schema }

// Mixin of SystemSecret.
func (SystemSecret) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagSystemSecret}}
}

// Fields of SystemSecret.
func (SystemSecret) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Unique(),
		field.Bytes("value").Sensitive(),
		field.Time("created_at").Default(time.Now).Immutable(),
	}
}

// Annotations of SystemSecret.
func (SystemSecret) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// IdempotencyRecord remembers the outcome of a request made with an
// idempotency key, so a replay returns the first result and creates nothing.
type IdempotencyRecord struct{ ent.Schema }

// Mixin of IdempotencyRecord.
func (IdempotencyRecord) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagIdempotencyRecord}}
}

// Fields of IdempotencyRecord.
func (IdempotencyRecord) Fields() []ent.Field {
	return []ent.Field{
		field.String("scope").NotEmpty().MaxLen(50),
		field.String("key").NotEmpty().MaxLen(200),
		field.String("request_hash").NotEmpty(),
		field.UUID("result_id", uuid.UUID{}),
		field.UUID("user_id", uuid.UUID{}).Optional().Nillable(),
		field.Time("created_at").Default(time.Now).Immutable(),
	}
}

// Indexes of IdempotencyRecord.
func (IdempotencyRecord) Indexes() []ent.Index {
	return []ent.Index{index.Fields("scope", "key").Unique(), index.Fields("created_at")}
}

// Annotations of IdempotencyRecord.
func (IdempotencyRecord) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// AuditEntry records who created, changed or deleted what, and when.
type AuditEntry struct{ ent.Schema }

// Mixin of AuditEntry.
func (AuditEntry) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagAuditEntry}}
}

// Fields of AuditEntry.
func (AuditEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("action").Values("CREATE", "UPDATE", "DELETE").
			Annotations(entgql.OrderField("ACTION")),
		field.String("entity_type").NotEmpty().MaxLen(50),
		field.UUID("entity_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("actor_id", uuid.UUID{}).Optional().Nillable(),
		field.JSON("changes", map[string]any{}).Optional().Annotations(entgql.Type("Map")),
		field.Time("created_at").Default(time.Now).Immutable().
			Annotations(entgql.OrderField("CREATED_AT")),
	}
}

// Indexes of AuditEntry.
func (AuditEntry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("entity_type", "entity_id"), index.Fields("created_at"), index.Fields("actor_id")}
}

// Annotations of AuditEntry.
func (AuditEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection()}
}
