package pos

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/setting"
	"github.com/pandac/pandac/internal/money"
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

// Settings reads the store settings with their defaults.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	return readSettings(ctx, s.clientFor(ctx))
}

// clientFor returns the transaction's client when ctx carries one, so reads
// inside a mutation never wait for a second SQLite connection, and a write
// made in a caller's transaction reads back what it just wrote (the main
// client cannot see it before the caller commits).
func (s *Service) clientFor(ctx context.Context) *ent.Client {
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
		return &Error{Code: CodeInternal, Field: k, Message: fmt.Sprintf("setting %s is invalid: %v", k, err)}
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
