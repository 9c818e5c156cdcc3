package auth

import (
	"context"
	"reflect"
	"slices"
	"strings"

	entgo "entgo.io/ent"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/setting"
	"github.com/pandac/pandac/internal/auth/policy"
)

// MaskedValue stands in for a secret setting's value for non-admins.
const MaskedValue = "********"

// SettingValue is the value of st the caller may see: secret settings
// (is_secret) show MaskedValue to everyone but administrators.
func SettingValue(ctx context.Context, st *ent.Setting) string {
	if st.IsSecret && !secretReadable(ctx) {
		return MaskedValue
	}
	return st.Value
}

// MustHideSecretSettings reports whether a settings query must leave secret
// rows out: the caller is no admin and filters on the value, which would let
// them guess a secret one predicate at a time even though it prints masked.
func MustHideSecretSettings(ctx context.Context, where *ent.SettingWhereInput) bool {
	return !secretReadable(ctx) && filtersOnValue(reflect.ValueOf(where))
}

// secretReadable reports whether the caller may read secret settings' values
// (the table's Setting.secretValue).
func secretReadable(ctx context.Context) bool {
	r, _ := policy.Field("Setting", "secretValue")
	return r.Allows(policy.CallerFrom(ctx))
}

// filtersOnValue walks a where-input (and its Not/And/Or) for any predicate on
// the value column. Reflection keeps it right when entgql adds predicates.
func filtersOnValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && filtersOnValue(v.Elem())
	case reflect.Slice:
		for i := range v.Len() {
			if filtersOnValue(v.Index(i)) {
				return true
			}
		}
		return false
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f, fv := t.Field(i), v.Field(i)
			if !f.IsExported() {
				continue
			}
			switch {
			case f.Name == "Not" || f.Name == "And" || f.Name == "Or":
				if filtersOnValue(fv) {
					return true
				}
			case strings.HasPrefix(f.Name, "Value") && !fv.IsZero():
				return true
			}
		}
	}
	return false
}

// loadSecretFlag makes every Setting read that selects only some columns (as
// GraphQL field collection does) also load is_secret: without it a query for
// {key value} would leave IsSecret false and SettingValue could not mask.
func loadSecretFlag(next ent.Querier) ent.Querier {
	return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
		if qc := entgo.QueryFromContext(ctx); qc != nil && len(qc.Fields) > 0 &&
			(qc.Op == entgo.OpQueryAll || qc.Op == entgo.OpQueryOnly || qc.Op == entgo.OpQueryFirst) &&
			!slices.Contains(qc.Fields, setting.FieldIsSecret) {
			qc.Fields = append(qc.Fields, setting.FieldIsSecret)
		}
		return next.Query(ctx, q)
	})
}
