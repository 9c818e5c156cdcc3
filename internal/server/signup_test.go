package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestUsernamesUniqueIgnoringCase: ADMIN beside admin is refused by
// register, createUser and a rename, each as CONFLICT; sign-in ignores case.
func TestUsernamesUniqueIgnoringCase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		admin := e.user("admin", "admin")
		reg := `mutation($u:String!){ register(input:{username:$u,password:"password-xx"}){ accessToken } }`
		e.expectCode(e.gql("", reg, map[string]any{"u": "ADMIN"}), "CONFLICT")
		e.expectCode(e.gql(admin.AccessToken, `mutation{ createUser(input:{username:"Admin", password:"password-xx", roleName:"admin"}){ id } }`, nil), "CONFLICT")
		other := e.user("nora", "user")
		e.expectCode(e.gql(admin.AccessToken, `mutation($id:ID!){ updateUser(id:$id, input:{username:"aDmIn"}){ id } }`,
			map[string]any{"id": other.User.ID}), "CONFLICT")
		// Sign-in ignores case and names the account as registered.
		p := e.login("NORA", "password-nora")
		if p.User.Username != "nora" {
			t.Fatalf("signed in as %q", p.User.Username)
		}
		// A new name differing only in case from one's own is fine.
		e.must(admin.AccessToken, `mutation($id:ID!){ updateUser(id:$id, input:{username:"Nora"}){ id } }`, map[string]any{"id": other.User.ID})
		e.login("nora", "password-nora")
		created, err := e.auth.EnsureAdmin(context.Background(), "ADMIN", "password-other")
		if err != nil || created {
			t.Fatalf("EnsureAdmin(ADMIN) beside admin: created %v, err %v", created, err)
		}
	})
}

// TestRegisterIsRateLimitedPerAddress: a few sign-ups per address and window,
// refusals included, then TOO_MANY_REQUESTS with retryAfter.
func TestRegisterIsRateLimitedPerAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.user("taken", "user")
		reg := `mutation($u:String!){ register(input:{username:$u,password:"password-xx"}){ accessToken } }`
		for i := range auth.DefaultRegisterLimit {
			name := "taken" // probing for accounts counts as much as signing up
			if i%2 == 0 {
				name = "fresh" + string(rune('a'+i))
			}
			if r := e.gql("", reg, map[string]any{"u": name}); r.code() == "TOO_MANY_REQUESTS" {
				t.Fatalf("attempt %d already refused: %+v", i+1, r.Errors)
			}
		}
		r := e.gql("", reg, map[string]any{"u": "onemore"})
		e.expectCode(r, "TOO_MANY_REQUESTS")
		if retry, _ := r.Errors[0].Extensions["retryAfter"].(float64); retry < 1 || retry > 3600 {
			t.Fatalf("retryAfter = %v", r.Errors[0].Extensions["retryAfter"])
		}
		if !strings.Contains(r.Errors[0].Message, "sign-up") {
			t.Fatalf("message %q", r.Errors[0].Message)
		}
		// Sign-in from the same address is a separate budget.
		e.login("taken", "password-taken")
		e.now = e.now.Add(auth.DefaultRegisterWindow + time.Minute)
		e.must("", reg, map[string]any{"u": "onemore"})
	})
}
