// Package schema is the data model of Pandac POS: every entity, field, edge,
// index and GraphQL annotation is written here once; ent and entgql generate the
// rest.
package schema

import (
	"context"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/actor"
	"github.com/pandac/pandac/internal/aggregate"
	"github.com/pandac/pandac/internal/ids"
	"github.com/pandac/pandac/internal/money"
)

// idMixin gives a table its tagged, time-ordered UUID primary key.
type idMixin struct {
	mixin.Schema
	tag byte
}

// Fields of the idMixin.
func (m idMixin) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(ids.Generator(m.tag)).Immutable(),
	}
}

// auditMixin records when a row was created and changed, and by whom.
type auditMixin struct{ mixin.Schema }

// Fields of the auditMixin.
func (auditMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(time.Now).Immutable().
			Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("updated_at").Default(time.Now).UpdateDefault(time.Now).
			Annotations(entgql.OrderField("UPDATED_AT")),
		field.UUID("created_by", uuid.UUID{}).Optional().Nillable().Immutable().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.UUID("updated_by", uuid.UUID{}).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Hooks of the auditMixin stamp the acting user on every write.
func (auditMixin) Hooks() []ent.Hook {
	return []ent.Hook{stampActor}
}

type actorStamped interface {
	SetUpdatedBy(uuid.UUID)
	SetCreatedBy(uuid.UUID)
}

func stampActor(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if who, ok := actor.From(ctx); ok {
			if s, ok := m.(actorStamped); ok {
				if m.Op().Is(ent.OpCreate) {
					s.SetCreatedBy(who)
				}
				s.SetUpdatedBy(who)
			}
		}
		return next.Mutate(ctx, m)
	})
}

// versionMixin adds an optimistic-concurrency version, bumped by internal/pos.
type versionMixin struct{ mixin.Schema }

// Fields of the versionMixin.
func (versionMixin) Fields() []ent.Field {
	return []ent.Field{
		// A concurrency counter, not a quantity: nothing to sum.
		field.Int("version").Default(1).NonNegative().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput), aggregate.Skip()),
	}
}

// moneyField declares an int64 minor-unit column exposed as the Decimal scalar.
// Extra annotations (an order field, say) come after the Decimal type.
func moneyField(name string, extra ...schema.Annotation) ent.Field {
	return field.Int64(name).GoType(money.Amount(0)).Default(0).
		Annotations(append([]schema.Annotation{entgql.Type("Decimal")}, extra...)...)
}

// setValues marks an entity the core builds in memory before inserting it,
// so code generation gives its create builder SetValues (see
// ent/template/create_values.tmpl) and no column list is written by hand.
type setValues struct {
	// Enabled is always true: the generator reads an empty annotation as
	// absent.
	Enabled bool
}

// Name implements schema.Annotation.
func (setValues) Name() string { return "SetValues" }

// withSetValues is the setValues annotation.
var withSetValues = setValues{Enabled: true}
