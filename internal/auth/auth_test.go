package auth_test

import (
	"context"
	"sync"
	"testing"

	"github.com/pandac/pandac/ent/refreshtoken"
	"github.com/pandac/pandac/ent/role"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

func TestPrincipalHas(t *testing.T) {
	admin := &auth.Principal{Permissions: []string{"*"}}
	mgr := &auth.Principal{Permissions: []string{"read", "write", "pos", "reports"}}
	sneaky := &auth.Principal{Permissions: []string{"admin"}}
	var anon *auth.Principal
	if !admin.Has(auth.PermAdmin) || !admin.Has(auth.PermPOS) {
		t.Error("* must grant everything")
	}
	if mgr.Has(auth.PermAdmin) || !mgr.Has(auth.PermWrite) {
		t.Error("manager permissions wrong")
	}
	if sneaky.Has(auth.PermAdmin) {
		t.Error(`a stored "admin" string must not grant ADMIN; only "*" does`)
	}
	if anon.Has(auth.PermRead) {
		t.Error("nil principal has nothing")
	}
	err := auth.Require(context.Background(), auth.PermRead)
	if pe := store.AsFault(err); pe == nil || pe.Code != fault.CodeUnauthenticated {
		t.Errorf("anonymous Require = %v", err)
	}
	err = auth.Require(auth.WithPrincipal(context.Background(), mgr), auth.PermAdmin)
	if pe := store.AsFault(err); pe == nil || pe.Code != fault.CodeForbidden {
		t.Errorf("manager Require(admin) = %v", err)
	}
}

// Two instances starting at once agree on one signing key and one set of
// roles.
func TestConcurrentStartSharesKeyAndRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		svcs := make([]*auth.Service, 4)
		errs := make([]error, 4)
		for i := range svcs {
			wg.Go(func() { svcs[i], errs[i] = auth.New(ctx, db.Client, auth.Options{BcryptCost: 4}) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := db.Client.SystemSecret.Query().CountX(ctx); n != 1 {
			t.Fatalf("%d keys", n)
		}
		if n := db.Client.Role.Query().Where(role.NameIn("admin", "manager", "cashier", "user")).CountX(ctx); n != 4 {
			t.Fatalf("%d default roles", n)
		}
		if _, err := svcs[0].ProvisionUser(ctx, auth.NewUser{Username: "zed", Password: "password-1", Role: "user"}); err != nil {
			t.Fatal(err)
		}
		tok, _, err := svcs[1].Login(ctx, "zed", "password-1", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svcs[3].Authenticate(ctx, tok.AccessToken); err != nil {
			t.Fatalf("token from one instance refused by another: %v", err)
		}
	})
}

func TestEnsureAdminIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, err := auth.New(ctx, db.Client, auth.Options{BcryptCost: 4})
		if err != nil {
			t.Fatal(err)
		}
		created, err := svc.EnsureAdmin(ctx, "boss", "boss-password")
		if err != nil || !created {
			t.Fatalf("first EnsureAdmin: %v %v", created, err)
		}
		created, err = svc.EnsureAdmin(ctx, "boss", "other-password")
		if err != nil || created {
			t.Fatalf("second EnsureAdmin: %v %v", created, err)
		}
		_, u, err := svc.Login(ctx, "boss", "boss-password", "")
		if err != nil || u.Edges.Role == nil || u.Edges.Role.Name != "admin" {
			t.Fatalf("bootstrap admin login: %v", err)
		}
	})
}

// TestAuthenticateRevocationIsPerToken: the revocation check folded into the
// user query refuses exactly the logged-out access token, while another
// session of the same user keeps working, and a deactivated user's token is
// refused as disabled.
func TestAuthenticateRevocationIsPerToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, err := auth.New(ctx, db.Client, auth.Options{BcryptCost: 4})
		if err != nil {
			t.Fatal(err)
		}
		u, err := svc.ProvisionUser(ctx, auth.NewUser{Username: "frank", Password: "password-frank", Role: "cashier"})
		if err != nil {
			t.Fatal(err)
		}
		first, _, err := svc.Login(ctx, "frank", "password-frank", "")
		if err != nil {
			t.Fatal(err)
		}
		second, _, err := svc.Login(ctx, "frank", "password-frank", "")
		if err != nil {
			t.Fatal(err)
		}
		p, err := svc.Authenticate(ctx, first.AccessToken)
		if err != nil {
			t.Fatal(err)
		}
		if p.UserID != u.ID || p.Role != "cashier" || !p.Has(auth.PermPOS) || p.Has(auth.PermWrite) {
			t.Fatalf("principal %+v", p)
		}
		if err := svc.Logout(auth.WithPrincipal(ctx, p), first.RefreshToken); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Authenticate(ctx, first.AccessToken); err != auth.ErrRevokedToken {
			t.Fatalf("logged-out token: err %v, want %v", err, auth.ErrRevokedToken)
		}
		if _, err := svc.Authenticate(ctx, second.AccessToken); err != nil {
			t.Fatalf("the other session: %v", err)
		}
		if err := db.Client.User.UpdateOneID(u.ID).SetIsActive(false).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Authenticate(ctx, second.AccessToken); err != auth.ErrInactiveUser {
			t.Fatalf("deactivated user: err %v, want %v", err, auth.ErrInactiveUser)
		}
		if _, err := db.Client.RefreshToken.Delete().Where(refreshtoken.UserID(u.ID)).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.Client.User.DeleteOneID(u.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Authenticate(ctx, second.AccessToken); err != auth.ErrInvalidToken {
			t.Fatalf("deleted user: err %v, want %v", err, auth.ErrInvalidToken)
		}
	})
}
