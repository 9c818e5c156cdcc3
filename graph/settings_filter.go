package graph

import (
	"context"
	"reflect"
	"strings"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/auth"
)

// mustHideSecretSettings reports whether a settings query must leave secret
// rows out: the caller may not read secret values (auth.SecretValuesReadable)
// and filters on the value, which would let them guess a secret one
// predicate at a time even though it prints masked.
func mustHideSecretSettings(ctx context.Context, where *ent.SettingWhereInput) bool {
	return !auth.SecretValuesReadable(ctx) && filtersOnValue(reflect.ValueOf(where))
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
