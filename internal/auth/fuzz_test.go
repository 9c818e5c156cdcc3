package auth

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/store"
)

// FuzzValidateUsername: whatever the input, the answer is either nil for a
// name that keeps the documented rule, or BAD_USER_INPUT.
func FuzzValidateUsername(f *testing.F) {
	for _, s := range []string{"alice", "ab", "a_b_c_d_e_f_g_h_i_j_k", "bob smith", "ŝarlo", "'; DROP TABLE users;--", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		err := ValidateUsername(name)
		if err != nil {
			if pe := store.AsFault(err); pe == nil || pe.Code != fault.CodeBadInput {
				t.Fatalf("%q: refusal %v is not BAD_USER_INPUT", name, err)
			}
			return
		}
		if len(name) < MinUsernameLen || len(name) > MaxUsernameLen || strings.Trim(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != "" {
			t.Fatalf("%q accepted against the rule", name)
		}
	})
}

// FuzzValidatePassword: accepted passwords have 8+ characters and fit
// bcrypt's 72 bytes; everything else is BAD_USER_INPUT.
func FuzzValidatePassword(f *testing.F) {
	for _, s := range []string{"password1", "short", strings.Repeat("ŝ", 40), strings.Repeat("a", 72), strings.Repeat("a", 73), "\x00\x00\x00\x00\x00\x00\x00\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pw string) {
		err := ValidatePassword("password", pw)
		if err != nil {
			if pe := store.AsFault(err); pe == nil || pe.Code != fault.CodeBadInput || pe.Field != "password" {
				t.Fatalf("refusal %v is not BAD_USER_INPUT on password", err)
			}
			return
		}
		if utf8.RuneCountInString(pw) < MinPasswordLen || len(pw) > MaxPasswordBytes {
			t.Fatalf("%q accepted against the rule", pw)
		}
	})
}

// FuzzThrottleKeys: any username or address becomes keys the database can
// store: valid UTF-8 and at most 300 bytes (LoginThrottle.key).
func FuzzThrottleKeys(f *testing.F) {
	f.Add("alice", "127.0.0.1")
	f.Add(strings.Repeat("ŝ", 200), "::1")
	f.Fuzz(func(t *testing.T, username, addr string) {
		if !utf8.ValidString(username) || !utf8.ValidString(addr) {
			return // GraphQL and JSON only deliver valid UTF-8
		}
		for _, k := range throttleKeys(username, addr) {
			if len(k) > 300 || !utf8.ValidString(k) || k == "" {
				t.Fatalf("key %q (%d bytes) cannot be stored", k, len(k))
			}
		}
	})
}
