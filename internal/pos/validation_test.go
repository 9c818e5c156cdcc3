package pos

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/cashmovement"
	"github.com/pandac/pandac/ent/discount"
	"github.com/pandac/pandac/ent/setting"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestSecretSettingsNeedAdmin is finding 4: a manager (WRITE) may not make
// an admin's secret setting public (nor a public one secret, nor change or
// delete a secret's value); an admin may; the server itself may.
func TestSecretSettingsNeedAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := New(db.Client)
		manager := till(t, s, "manager", managerPerms, false)
		admin := till(t, s, "admin", policy.Everything, false)
		yes, no := true, false

		secret, err := s.StoreSettings().CreateSetting(admin, CreateSettingRequest{Key: "payment_api_key", Value: "sk_live_1", IsSecret: &yes})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.StoreSettings().UpdateSetting(manager, secret.ID, UpdateSettingRequest{IsSecret: &no}, nil)
		wantCode(t, err, fault.CodeForbidden, "ADMIN")
		v := "sk_live_mine"
		_, err = s.StoreSettings().UpdateSetting(manager, secret.ID, UpdateSettingRequest{Value: &v}, nil)
		wantCode(t, err, fault.CodeForbidden, "ADMIN")
		wantCode(t, s.StoreSettings().DeleteSetting(manager, secret.ID), fault.CodeForbidden, "ADMIN")
		_, err = s.StoreSettings().CreateSetting(manager, CreateSettingRequest{Key: "other_secret", Value: "x", IsSecret: &yes})
		wantCode(t, err, fault.CodeForbidden, "ADMIN")
		if got := db.Client.Setting.Query().Where(setting.Key("payment_api_key")).OnlyX(context.Background()); !got.IsSecret || got.Value != "sk_live_1" {
			t.Fatalf("refused writes changed the secret: %+v", got)
		}

		// A manager still edits public settings and a secret's description.
		pub, err := s.StoreSettings().CreateSetting(manager, CreateSettingRequest{Key: "receipt_footer", Value: "Thanks"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.StoreSettings().UpdateSetting(manager, pub.ID, UpdateSettingRequest{IsSecret: &yes}, nil)
		wantCode(t, err, fault.CodeForbidden, "ADMIN")
		d := "the card processor key"
		if _, err := s.StoreSettings().UpdateSetting(manager, secret.ID, UpdateSettingRequest{Description: &d}, nil); err != nil {
			t.Fatalf("manager describing a secret: %v", err)
		}

		if _, err := s.StoreSettings().UpdateSetting(admin, secret.ID, UpdateSettingRequest{IsSecret: &no}, nil); err != nil {
			t.Fatalf("admin: %v", err)
		}
		if err := s.StoreSettings().DeleteSetting(context.Background(), pub.ID); err != nil {
			t.Fatalf("internal: %v", err)
		}
	})
}

// TestSettingValuesCheckedPerKey is finding 11's settings: known keys are
// checked as the core reads them (a tax_rate of -50 was accepted and then
// failed every checkout); unknown keys are free text.
func TestSettingValuesCheckedPerKey(t *testing.T) {
	for _, tc := range []struct {
		key, value string
		ok         bool
	}{
		{SettingTaxRate, "-50", false},
		{SettingTaxRate, "100.01", false},
		{SettingTaxRate, "abc", false},
		{SettingTaxRate, "8.875", true},
		{SettingTaxRate, "100", true},
		{SettingTaxRate, "", true},
		{SettingCurrency, "usd", false},
		{SettingCurrency, "DOLLARS", false},
		{SettingCurrency, "EUR", true},
		{SettingTimezone, "Mars/Olympus", false},
		{SettingTimezone, "Local", false},
		{SettingTimezone, "America/New_York", true},
		{SettingLoyaltyPointValue, "0", false},
		{SettingLoyaltyPointValue, "0.01", true},
		{SettingLoyaltyPointsPerUnit, "-1", false},
		{SettingLoyaltyTierGold, "-5", false},
		{SettingLoyaltyTierGold, "2000", true},
		{SettingRequireCashSession, "maybe", false},
		{SettingRequireCashSession, "true", true},
		{"receipt_footer", "=anything -50", true},
	} {
		err := checkSettingValue(tc.key, tc.value)
		if tc.ok && err != nil {
			t.Errorf("%s=%q: %v", tc.key, tc.value, err)
		}
		if !tc.ok {
			if pe := store.AsFault(err); pe == nil || pe.Code != fault.CodeBadInput {
				t.Errorf("%s=%q: got %v, want BAD_USER_INPUT", tc.key, tc.value, err)
			}
		}
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := New(db.Client)
		manager := till(t, s, "manager", managerPerms, false)
		_, err := s.StoreSettings().CreateSetting(manager, CreateSettingRequest{Key: SettingTaxRate, Value: "-50"})
		wantCode(t, err, fault.CodeBadInput, "between 0 and 100")
		tax, err := s.StoreSettings().CreateSetting(manager, CreateSettingRequest{Key: SettingTaxRate, Value: "8.875"})
		if err != nil {
			t.Fatal(err)
		}
		bad := "-50"
		_, err = s.StoreSettings().UpdateSetting(manager, tax.ID, UpdateSettingRequest{Value: &bad}, nil)
		wantCode(t, err, fault.CodeBadInput, "tax_rate")
		// Renaming a free-text setting onto a known key checks its value too.
		other, err := s.StoreSettings().CreateSetting(manager, CreateSettingRequest{Key: "note", Value: "Mars/Olympus"})
		if err != nil {
			t.Fatal(err)
		}
		tz := SettingTimezone
		_, err = s.StoreSettings().UpdateSetting(manager, other.ID, UpdateSettingRequest{Key: &tz}, nil)
		wantCode(t, err, fault.CodeBadInput, "timezone")
		if st, err := s.StoreSettings().Current(context.Background()); err != nil || st.TaxRatePPM != 88750 {
			t.Fatalf("settings after refused writes: %+v %v", st, err)
		}
	})
}

// TestDiscountBounds is finding 11's discounts: a PERCENTAGE of 150 is
// refused, on create and on an update of the value or of the type alone.
func TestDiscountBounds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := New(db.Client)
		ctx := context.Background()
		pct := func(v string) *money.Amount { a := money.MustParse(v); return &a }
		_, err := s.Catalogue().CreateDiscount(ctx, CreateDiscountRequest{Name: "Too much", Type: discount.TypePERCENTAGE, Value: pct("150")})
		wantCode(t, err, fault.CodeBadInput, "between 0 and 100")
		if n := db.Client.Discount.Query().CountX(ctx); n != 0 {
			t.Fatalf("refused discount was stored (%d)", n)
		}
		d, err := s.Catalogue().CreateDiscount(ctx, CreateDiscountRequest{Name: "Full", Type: discount.TypePERCENTAGE, Value: pct("100")})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Catalogue().UpdateDiscount(ctx, d.ID, UpdateDiscountRequest{Value: pct("100.01")})
		wantCode(t, err, fault.CodeBadInput, "PERCENTAGE")
		fixed, err := s.Catalogue().CreateDiscount(ctx, CreateDiscountRequest{Name: "Five off", Type: discount.TypeFIXED_AMOUNT, Value: pct("500")})
		if err != nil {
			t.Fatalf("a FIXED_AMOUNT above 100: %v", err)
		}
		pctType := discount.TypePERCENTAGE
		_, err = s.Catalogue().UpdateDiscount(ctx, fixed.ID, UpdateDiscountRequest{Type: &pctType})
		wantCode(t, err, fault.CodeBadInput, "PERCENTAGE")
		if got := db.Client.Discount.GetX(ctx, fixed.ID); got.Type != discount.TypeFIXED_AMOUNT {
			t.Fatalf("refused update changed the type to %s", got.Type)
		}
	})
}

// TestCashMovementBounds is finding 11's paid-out: 99,999,999,999 is refused
// (BAD_USER_INPUT), as is paying out more than the drawer holds; a sane
// paid-out works.
func TestCashMovementBounds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := New(db.Client)
		ctx := till(t, s, "alice", cashierPerms, true) // float 100.00
		_, err := s.CashSessions().RecordCashMovement(ctx, cashmovement.KindPAID_OUT, money.MustParse("99999999999"), "lunch")
		wantCode(t, err, fault.CodeBadInput, "at most")
		_, err = s.CashSessions().RecordCashMovement(ctx, cashmovement.KindPAID_IN, MaxCashMovement+1, "float")
		wantCode(t, err, fault.CodeBadInput, "at most")
		_, err = s.CashSessions().RecordCashMovement(ctx, cashmovement.KindPAID_OUT, money.MustParse("100.01"), "supplies")
		wantCode(t, err, fault.CodeBadInput, "drawer")
		if _, err := s.CashSessions().RecordCashMovement(ctx, cashmovement.KindPAID_IN, money.MustParse("50.00"), "change"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CashSessions().RecordCashMovement(ctx, cashmovement.KindPAID_OUT, money.MustParse("150.00"), "bank"); err != nil {
			t.Fatalf("paying out all the drawer holds: %v", err)
		}
		_, err = s.CashSessions().RecordCashMovement(ctx, cashmovement.KindPAID_OUT, money.MustParse("0.01"), "more")
		wantCode(t, err, fault.CodeBadInput, "drawer")
	})
}

// TestCSVCellsNeutralised is finding 11's CSV: a product named
// =HYPERLINK(...) (or starting +, -, @, tab, CR) is written with a leading
// quote, while the server's own negative amounts stay numbers.
func TestCSVCellsNeutralised(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://evil","x")`: `'=HYPERLINK("http://evil","x")`,
		"+1":                            "'+1",
		"-2+3":                          "'-2+3",
		"@SUM(A1)":                      "'@SUM(A1)",
		"\tx":                           "'\tx",
		"\rx":                           "'\rx",
		"Tea":                           "Tea",
		"":                              "",
		"a=b":                           "a=b",
	} {
		if got := csvText(in); got != want {
			t.Errorf("csvText(%q) = %q, want %q", in, got, want)
		}
	}
	var buf bytes.Buffer
	err := WriteCSV(&buf, []*TopProduct{{ProductID: uuid.New(), Product: &ent.Product{Sku: "-SKU", Name: `=HYPERLINK("http://evil","x")`},
		Quantity: 1, Revenue: money.MustParse("1.00"), Cost: money.MustParse("6.00"), Profit: money.MustParse("-5.00")}})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	row := rows[1]
	if row[1] != "'-SKU" || row[2] != `'=HYPERLINK("http://evil","x")` {
		t.Fatalf("text cells not neutralised: %q", row)
	}
	if row[6] != "-5.00" {
		t.Fatalf("the server's own amount changed: %q", row[6])
	}
}
