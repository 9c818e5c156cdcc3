package schema

import (
	"context"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/ids"
)

// User is a login: a person who signs in to the POS or its back office.
type User struct{ ent.Schema }

// Mixin of User.
func (User) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagUser}, auditMixin{}}
}

// Fields of User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("username").MinLen(3).MaxLen(20).Unique().
			Annotations(entgql.OrderField("USERNAME")),
		// username_key is the username in lower case, set by the hook below
		// whenever the username is written. Its unique index makes "ADMIN"
		// beside "admin" impossible in the database itself, whatever path
		// writes users. NULL only on rows from before the key existed that
		// shared a lower-case name with an older account (the migration leaves
		// those alone rather than fail); they still sign in by exact name.
		field.String("username_key").Optional().Nillable().Unique().
			Annotations(entgql.Skip()),
		// session_version ends sessions: access tokens carry the version they
		// were issued under, and a token whose version is not the user's
		// current one is refused. auth bumps it on a password change or reset,
		// deactivation, role change and refresh-token reuse.
		field.Int64("session_version").Default(0).NonNegative().
			Annotations(entgql.Skip()),
		field.String("password_hash").Sensitive().NotEmpty().
			Annotations(entgql.Skip()),
		field.String("full_name").Optional().MaxLen(100),
		field.String("email").Optional().MaxLen(254),
		field.Bool("is_active").Default(true),
		field.Time("last_login_at").Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.UUID("role_id", uuid.UUID{}).Optional().Nillable(),
	}
}

// Hooks of User keep username_key in step with username.
func (User) Hooks() []ent.Hook {
	return []ent.Hook{setUsernameKey}
}

// setUsernameKey writes the lower-cased username next to every username
// written. Usernames are ASCII (auth.ValidateUsername), so strings.ToLower
// and SQL lower() agree, which the backfill in the migration relies on.
func setUsernameKey(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if v, ok := m.Field("username"); ok {
			if name, ok := v.(string); ok {
				if err := m.SetField("username_key", strings.ToLower(name)); err != nil {
					return nil, err
				}
			}
		}
		return next.Mutate(ctx, m)
	})
}

// Edges of User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("role", Role.Type).Ref("users").Field("role_id").Unique(),
		edge.To("employee", Employee.Type).Unique().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("refresh_tokens", RefreshToken.Type).Annotations(entgql.Skip()),
		edge.To("sales", Sale.Type).Annotations(entgql.Skip()),
		edge.To("cash_sessions", CashSession.Type).Annotations(entgql.Skip()),
	}
}

// Annotations of User.
func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(), entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationUpdate()),
	}
}

// Role is a named set of permissions ("*" grants everything).
type Role struct{ ent.Schema }

// Mixin of Role.
func (Role) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagRole}, auditMixin{}}
}

// Fields of Role.
func (Role) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(50).Unique().
			Annotations(entgql.OrderField("NAME")),
		field.String("description").Optional().MaxLen(200),
		field.Strings("permissions").Optional(),
	}
}

// Edges of Role.
func (Role) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("users", User.Type).Annotations(entgql.Skip()),
	}
}

// Annotations of Role.
func (Role) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(), entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Employee is a staff member's HR profile, optionally linked to a login.
type Employee struct{ ent.Schema }

// Mixin of Employee.
func (Employee) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagEmployee}, auditMixin{}}
}

// Fields of Employee.
func (Employee) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(100).
			Annotations(entgql.OrderField("NAME")),
		field.String("position").NotEmpty().MaxLen(50),
		field.String("email").Optional().MaxLen(254),
		field.String("phone").Optional().MaxLen(40),
		field.Bool("is_active").Default(true),
		field.Time("hired_at").Optional().Nillable(),
		field.UUID("user_id", uuid.UUID{}).Optional().Nillable().Unique(),
	}
}

// Edges of Employee.
func (Employee) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("employee").Field("user_id").Unique(),
		edge.To("sales", Sale.Type).Annotations(entgql.Skip()),
		edge.To("transactions", Transaction.Type).Annotations(entgql.Skip()),
	}
}

// Indexes of Employee.
func (Employee) Indexes() []ent.Index {
	return []ent.Index{index.Fields("name")}
}

// Annotations of Employee.
func (Employee) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(), entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Customer is a shopper known to the store, with contact details and loyalty.
type Customer struct{ ent.Schema }

// Mixin of Customer.
func (Customer) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagCustomer}, auditMixin{}, versionMixin{}}
}

// Fields of Customer.
func (Customer) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(100).
			Annotations(entgql.OrderField("NAME")),
		field.String("contact_info").Default("").MaxLen(100),
		field.String("email").Optional().MaxLen(254),
		field.String("phone").Optional().MaxLen(40),
		field.String("address").Optional().MaxLen(300),
		field.Int64("loyalty_points").Default(0).NonNegative().
			Annotations(entgql.OrderField("LOYALTY_POINTS"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Enum("tier").Values("BRONZE", "SILVER", "GOLD", "PLATINUM").Default("BRONZE").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Edges of Customer.
func (Customer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("sales", Sale.Type).Annotations(entgql.Skip()),
		edge.To("loyalty_programs", LoyaltyProgram.Type).
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Indexes of Customer.
func (Customer) Indexes() []ent.Index {
	return []ent.Index{index.Fields("name"), index.Fields("email"), index.Fields("phone")}
}

// Annotations of Customer.
func (Customer) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(), entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// LoyaltyProgram is a customer's membership: points balance and tier.
type LoyaltyProgram struct{ ent.Schema }

// Mixin of LoyaltyProgram.
func (LoyaltyProgram) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{tag: ids.TagLoyaltyProgram}, auditMixin{}}
}

// Fields of LoyaltyProgram.
func (LoyaltyProgram) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Default("Rewards").MaxLen(100),
		field.Int64("points").Default(0).NonNegative().
			Annotations(entgql.OrderField("POINTS")),
		field.Enum("tier").Values("BRONZE", "SILVER", "GOLD", "PLATINUM").Default("BRONZE"),
		field.UUID("customer_id", uuid.UUID{}),
	}
}

// Edges of LoyaltyProgram.
func (LoyaltyProgram) Edges() []ent.Edge {
	return []ent.Edge{
		// The catalogue-level READ permission covers programs, not the
		// customer's personal data behind them.
		edge.From("customer", Customer.Type).Ref("loyalty_programs").Field("customer_id").Unique().Required(),
	}
}

// Annotations of LoyaltyProgram.
func (LoyaltyProgram) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(), entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
