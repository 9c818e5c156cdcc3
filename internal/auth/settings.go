package auth

import (
	"context"
	"slices"

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
	if st.IsSecret && !SecretValuesReadable(ctx) {
		return MaskedValue
	}
	return st.Value
}

// SecretValuesReadable reports whether the caller may read secret settings'
// values (the table's Setting.secretValue). A settings query from a caller
// who may not, filtering on the value, must leave secret rows out: otherwise
// they could guess a secret one predicate at a time though it prints masked.
func SecretValuesReadable(ctx context.Context) bool {
	r, _ := policy.Field("Setting", "secretValue")
	return r.Allows(policy.CallerFrom(ctx))
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
