package pos

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/setting"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
)

// The setting keys the selling rules read, each with its default in
// readSettings.
const (
	SettingTaxRate              = "tax_rate"
	SettingTimezone             = "timezone"
	SettingStoreName            = "store_name"
	SettingStoreAddress         = "store_address"
	SettingCurrency             = "currency"
	SettingLoyaltyPointsPerUnit = "loyalty_points_per_unit"
	SettingLoyaltyPointValue    = "loyalty_point_value"
	SettingLoyaltyTierSilver    = "loyalty_tier_silver"
	SettingLoyaltyTierGold      = "loyalty_tier_gold"
	SettingLoyaltyTierPlatinum  = "loyalty_tier_platinum"
	SettingRequireCashSession   = "require_cash_session"
)

// Settings is the typed view of the store settings selling depends on. A
// missing setting takes its default; a malformed one is an error naming the
// key, since silently taxing at 0% would be worse than refusing to sell.
type Settings struct {
	// TaxRatePPM is the tax rate in parts per million (8.875% = 88750).
	TaxRatePPM   int64
	Location     *time.Location
	StoreName    string
	StoreAddress string
	Currency     string
	// PointsPerUnitE4 is loyalty points per whole currency unit, times 10^4
	// (money.ParseRate's unit), so fractional rates like 1.5 stay exact.
	PointsPerUnitE4 int64
	// PointValue is what one loyalty point is worth when redeemed.
	PointValue money.Amount
	// Tier thresholds in points.
	TierSilver, TierGold, TierPlatinum int64
	// RequireCashSession refuses cash taken or given back by a cashier with
	// no open cash session, whose drawer would then never be reconciled.
	RequireCashSession bool
}

var settingKeys = []string{SettingTaxRate, SettingTimezone, SettingStoreName, SettingStoreAddress, SettingCurrency,
	SettingLoyaltyPointsPerUnit, SettingLoyaltyPointValue, SettingLoyaltyTierSilver, SettingLoyaltyTierGold, SettingLoyaltyTierPlatinum,
	SettingRequireCashSession}

// Current reads the store settings with their defaults.
func (s StoreSettings) Current(ctx context.Context) (Settings, error) { return s.settings(ctx) }

// settings reads the store settings with their defaults, in the caller's
// transaction when there is one.
func (s *core) settings(ctx context.Context) (Settings, error) {
	return readSettings(ctx, s.clientFor(ctx))
}

// clientFor returns the transaction's client when ctx carries one, so reads
// inside a mutation never wait for a second SQLite connection, and a write
// made in a caller's transaction reads back what it just wrote (the main
// client cannot see it before the caller commits).
func (s *core) clientFor(ctx context.Context) *ent.Client {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return tx.Client()
	}
	return s.client
}

func readSettings(ctx context.Context, c *ent.Client) (Settings, error) {
	rows, err := c.Setting.Query().Where(setting.KeyIn(settingKeys...)).All(ctx)
	if err != nil {
		return Settings{}, fmt.Errorf("reading settings: %w", err)
	}
	kv := make(map[string]string, len(rows))
	for _, r := range rows {
		kv[r.Key] = r.Value
	}
	return parseSettings(kv)
}

// parseSettings reads the settings selling depends on from kv (key to
// stored value, missing keys absent), with their defaults.
func parseSettings(kv map[string]string) (Settings, error) {
	var err error
	for k, v := range kv {
		kv[k] = strings.TrimSpace(v)
	}
	get := func(k, def string) string {
		if v, ok := kv[k]; ok && v != "" {
			return v
		}
		return def
	}
	bad := func(k string, err error) error {
		return &fault.Error{Code: fault.CodeInternal, Field: k, Message: fmt.Sprintf("setting %s is invalid: %v", k, err)}
	}
	var st Settings
	if st.TaxRatePPM, err = money.ParseRate(get(SettingTaxRate, "0")); err != nil {
		return st, bad(SettingTaxRate, err)
	}
	if st.Location, err = time.LoadLocation(get(SettingTimezone, "UTC")); err != nil {
		return st, bad(SettingTimezone, err)
	}
	st.StoreName = get(SettingStoreName, "Pandac POS")
	st.StoreAddress = get(SettingStoreAddress, "")
	st.Currency = get(SettingCurrency, "USD")
	if st.PointsPerUnitE4, err = money.ParseRate(get(SettingLoyaltyPointsPerUnit, "1")); err != nil {
		return st, bad(SettingLoyaltyPointsPerUnit, err)
	}
	if st.PointValue, err = money.Parse(get(SettingLoyaltyPointValue, "0.01")); err != nil || st.PointValue <= 0 {
		if err == nil {
			err = fmt.Errorf("must be positive")
		}
		return st, bad(SettingLoyaltyPointValue, err)
	}
	for _, t := range []struct {
		key string
		def string
		dst *int64
	}{{SettingLoyaltyTierSilver, "500", &st.TierSilver}, {SettingLoyaltyTierGold, "2000", &st.TierGold}, {SettingLoyaltyTierPlatinum, "5000", &st.TierPlatinum}} {
		if *t.dst, err = strconv.ParseInt(get(t.key, t.def), 10, 64); err != nil || *t.dst < 0 {
			if err == nil {
				err = fmt.Errorf("must not be negative")
			}
			return st, bad(t.key, err)
		}
	}
	if st.RequireCashSession, err = strconv.ParseBool(get(SettingRequireCashSession, "false")); err != nil {
		return st, bad(SettingRequireCashSession, err)
	}
	return st, nil
}

// CreateSetting adds a setting. A known key's value is checked as the
// selling rules will read it (checkSettingValue); a secret one needs the
// Setting.secretWrite rule of the permission table (ADMIN).
func (s StoreSettings) CreateSetting(ctx context.Context, in CreateSettingRequest) (*ent.Setting, error) {
	if in.IsSecret != nil && *in.IsSecret {
		if err := checkSecretWrite(ctx); err != nil {
			return nil, err
		}
	}
	if err := checkSettingValue(in.Key, in.Value); err != nil {
		return nil, err
	}
	return write(ctx, s.core, func(ctx context.Context, tx *ent.Tx) (*ent.Setting, error) {
		c := tx.Setting.Create()
		in.mutate(c.Mutation())
		return c.Save(ctx)
	})
}

// UpdateSetting changes a setting, with optional optimistic concurrency.
// Making a setting secret or public, or changing a secret setting's key or
// value, needs Setting.secretWrite (ADMIN): otherwise a manager could unmask
// an admin's secret for every reader. The value it ends with is checked as
// in CreateSetting.
func (s StoreSettings) UpdateSetting(ctx context.Context, id uuid.UUID, in UpdateSettingRequest, expectedVersion *int) (*ent.Setting, error) {
	return write(ctx, s.core, func(ctx context.Context, tx *ent.Tx) (*ent.Setting, error) {
		cur, err := tx.Setting.Get(ctx, id)
		if ent.IsNotFound(err) {
			return nil, fault.NotFound("setting", id)
		}
		if err != nil {
			return nil, err
		}
		flips := in.IsSecret != nil && *in.IsSecret != cur.IsSecret
		touchesSecret := cur.IsSecret && (in.Key != nil && *in.Key != cur.Key || in.Value != nil && *in.Value != cur.Value)
		if flips || touchesSecret {
			if err := checkSecretWrite(ctx); err != nil {
				return nil, err
			}
		}
		key, value := cur.Key, cur.Value
		if in.Key != nil {
			key = *in.Key
		}
		if in.Value != nil {
			value = *in.Value
		}
		if err := checkSettingValue(key, value); err != nil {
			return nil, err
		}
		upd := tx.Setting.Update().Where(setting.ID(id)).AddVersion(1)
		in.mutate(upd.Mutation())
		if expectedVersion != nil {
			upd.Where(setting.Version(*expectedVersion))
		}
		if err := versionedUpdate(ctx, "setting", id, expectedVersion, func() (int, error) { return upd.Save(ctx) }, func() (int, error) {
			return tx.Setting.Query().Where(setting.ID(id)).Select(setting.FieldVersion).Int(ctx)
		}); err != nil {
			return nil, err
		}
		return tx.Setting.Get(ctx, id)
	})
}

// DeleteSetting removes a setting; the selling rules fall back to its
// default. Deleting a secret one needs Setting.secretWrite (ADMIN).
func (s StoreSettings) DeleteSetting(ctx context.Context, id uuid.UUID) error {
	return s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		cur, err := tx.Setting.Get(ctx, id)
		if ent.IsNotFound(err) {
			return fault.NotFound("setting", id)
		}
		if err != nil {
			return err
		}
		if cur.IsSecret {
			if err := checkSecretWrite(ctx); err != nil {
				return err
			}
		}
		return tx.Setting.DeleteOneID(id).Exec(ctx)
	})
}

// checkSecretWrite applies the table's Setting.secretWrite rule to the
// caller. The server itself (no request: command line, seed) passes.
func checkSecretWrite(ctx context.Context) error {
	c := policy.CallerFrom(ctx)
	if c == nil && policy.ReaderOf(ctx) == policy.Internal {
		return nil
	}
	rule, ok := policy.Field("Setting", "secretWrite")
	if !ok {
		rule = policy.Deny
	}
	if rule.Allows(c) {
		return nil
	}
	return fault.Forbidden("making a setting secret or public, or changing or deleting a secret setting, needs the ADMIN permission")
}

// checkSettingValue checks the value of a key the core reads as the core
// will read it, so a bad value is refused when written instead of failing
// every checkout afterwards (a tax_rate of -50 did). Empty means the
// default. Unknown keys are the store's own free text.
func checkSettingValue(key, value string) error {
	key = strings.TrimSpace(key)
	if !slices.Contains(settingKeys, key) {
		return nil
	}
	v := strings.TrimSpace(value)
	if _, err := parseSettings(map[string]string{key: v}); err != nil {
		msg := err.Error()
		if pe := store.AsFault(err); pe != nil {
			msg = pe.Message
		}
		return fault.BadInput("value", "%s", msg)
	}
	switch key {
	case SettingCurrency:
		if v != "" && !isCurrencyCode(v) {
			return fault.BadInput("value", "setting %s must be a 3-letter ISO 4217 code such as USD, got %q", key, v)
		}
	case SettingTimezone:
		// "Local" is whatever zone the server runs in: not a store's zone.
		if v == "Local" {
			return fault.BadInput("value", "setting %s must be an IANA time zone such as America/New_York, got %q", key, v)
		}
	case SettingStoreName, SettingStoreAddress:
		if utf8.RuneCountInString(v) > maxStoreText {
			return fault.BadInput("value", "setting %s is longer than %d characters", key, maxStoreText)
		}
	}
	return nil
}

// maxStoreText bounds the store name and address, which every receipt prints.
const maxStoreText = 200

func isCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
