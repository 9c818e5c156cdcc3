package config

import (
	"strings"
	"testing"
	"time"
)

// DATABASE_READ_URL only makes sense as a PostgreSQL standby of a PostgreSQL
// primary; anything else stops the server at start with the reason.
func TestDatabaseReadURL(t *testing.T) {
	base := Config{AccessTokenTTL: time.Minute, RefreshTokenTTL: time.Hour, DBReadCheckInterval: 5 * time.Second}
	for _, tc := range []struct {
		primary, read, wantErr string
	}{
		{"postgres://p/db", "postgres://r/db", ""},
		{"postgresql://p/db", "postgresql://r/db", ""},
		{"", "", ""},
		{"", "postgres://r/db", "DATABASE_URL is not a PostgreSQL URL"},
		{"sqlite:pandac.db", "postgres://r/db", "DATABASE_URL is not a PostgreSQL URL"},
		{"postgres://p/db", "sqlite:replica.db", "DATABASE_READ_URL must be a postgres://"},
	} {
		c := base
		c.DatabaseURL, c.DatabaseReadURL = tc.primary, tc.read
		err := c.Validate()
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("primary %q, read %q: %v", tc.primary, tc.read, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("primary %q, read %q: %v, want %q", tc.primary, tc.read, err, tc.wantErr)
		}
	}
}
