package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pandac/pandac/ent/role"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// expectSessionEnded asserts an access token is refused because its user's
// sessions were ended.
func (e *env) expectSessionEnded(token string) {
	e.t.Helper()
	r := e.gql(token, meQuery, nil)
	e.expectCode(r, "UNAUTHENTICATED")
	if !strings.Contains(r.Errors[0].Message, "session ended") {
		e.t.Fatalf("message %q, want the session ended", r.Errors[0].Message)
	}
}

// TestPasswordChangeEndsEverySession: after updateMe(newPassword) the access
// tokens of every sign-in of that user, the one that made the change
// included, are refused at once, and their refresh tokens too; the new
// password signs in.
func TestPasswordChangeEndsEverySession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		till := e.user("kim", "cashier")
		phone := e.login("kim", "password-kim")
		e.must(till.AccessToken, meQuery, nil)
		e.must(phone.AccessToken, meQuery, nil)
		e.must(till.AccessToken, `mutation{ updateMe(input:{currentPassword:"password-kim", newPassword:"a-new-password"}){ id } }`, nil)
		e.expectSessionEnded(till.AccessToken)
		e.expectSessionEnded(phone.AccessToken)
		e.expectCode(e.gql("", refreshMutation, map[string]any{"t": phone.RefreshToken}), "UNAUTHENTICATED")
		e.must(e.login("kim", "a-new-password").AccessToken, meQuery, nil)
	})
}

// TestAdminActionsEndSessions: an admin's password reset, a change of role,
// deactivation (deleteUser) each end the user's existing access tokens at
// once; a profile edit does not.
func TestAdminActionsEndSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		admin := e.user("boss", "admin")
		p := e.user("lena", "cashier")
		update := `mutation($id:ID!,$in:UpdateUserInput!,$pw:String){ updateUser(id:$id, input:$in, password:$pw){ id } }`

		e.must(admin.AccessToken, update, map[string]any{"id": p.User.ID, "in": map[string]any{"fullName": "Lena L."}})
		e.must(p.AccessToken, meQuery, nil) // a profile edit keeps sessions

		e.must(admin.AccessToken, update, map[string]any{"id": p.User.ID, "in": map[string]any{}, "pw": "reset-by-admin"})
		e.expectSessionEnded(p.AccessToken)

		p = e.login("lena", "reset-by-admin")
		e.must(p.AccessToken, meQuery, nil)
		mgr := db.Client.Role.Query().Where(role.Name("manager")).OnlyX(context.Background())
		e.must(admin.AccessToken, update, map[string]any{"id": p.User.ID, "in": map[string]any{"roleID": mgr.ID}})
		e.expectSessionEnded(p.AccessToken)

		p = e.login("lena", "reset-by-admin")
		e.must(admin.AccessToken, `mutation($id:ID!){ deleteUser(id:$id) }`, map[string]any{"id": p.User.ID})
		e.expectCode(e.gql(p.AccessToken, meQuery, nil), "UNAUTHENTICATED")
		// Reactivated, the old token stays dead: deactivation ended it.
		e.must(admin.AccessToken, update, map[string]any{"id": p.User.ID, "in": map[string]any{"isActive": true}})
		e.expectSessionEnded(p.AccessToken)
	})
}

// TestRefreshReuseEndsTheStolenAccessToken: a refresh token spent twice
// revokes its family, and the access token minted from it by whoever spent
// it first is refused too.
func TestRefreshReuseEndsTheStolenAccessToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		p := e.user("mona", "cashier")
		thief := decode[payload](t, e.must("", refreshMutation, map[string]any{"t": p.RefreshToken}).Data["refreshToken"])
		e.must(thief.AccessToken, meQuery, nil)
		// The owner presents the same refresh token: reuse.
		e.expectCode(e.gql("", refreshMutation, map[string]any{"t": p.RefreshToken}), "UNAUTHENTICATED")
		e.expectSessionEnded(thief.AccessToken)
		e.expectCode(e.gql("", refreshMutation, map[string]any{"t": thief.RefreshToken}), "UNAUTHENTICATED")
		e.must(e.login("mona", "password-mona").AccessToken, meQuery, nil)
	})
}
