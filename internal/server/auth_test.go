package server_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/pandac/pandac/ent/systemsecret"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/server"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// env is a real server over a real database, with helpers to call it.
type env struct {
	t    *testing.T
	db   *store.DB
	auth *auth.Service
	srv  *httptest.Server
	now  time.Time
}

func newEnv(t *testing.T, db *store.DB, mod ...func(*auth.Options)) *env {
	t.Helper()
	e := &env{t: t, db: db, now: time.Now()}
	opts := auth.Options{AllowSignup: true, SignupRole: "user", BcryptCost: 4, Now: func() time.Time { return e.now }}
	for _, m := range mod {
		m(&opts)
	}
	svc, err := auth.New(context.Background(), db.Client, opts)
	if err != nil {
		t.Fatalf("auth.New: %v", err)
	}
	e.auth = svc
	e.srv = httptest.NewServer(server.New(server.Deps{DB: db, POS: pos.New(db.Client), Auth: svc, Logger: slog.New(slog.DiscardHandler)}))
	t.Cleanup(e.srv.Close)
	return e
}

type gqlResult struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (r gqlResult) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// gql posts a query with an optional bearer token.
func (e *env) gql(token, query string, vars map[string]any) gqlResult {
	e.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("POST /graphql: %v", err)
	}
	defer res.Body.Close()
	var out gqlResult
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		e.t.Fatalf("decoding response: %v", err)
	}
	return out
}

func (e *env) must(token, query string, vars map[string]any) gqlResult {
	e.t.Helper()
	r := e.gql(token, query, vars)
	if len(r.Errors) > 0 {
		e.t.Fatalf("%s: unexpected errors %+v", strings.Fields(query)[0:2], r.Errors)
	}
	return r
}

func (e *env) expectCode(r gqlResult, want string) {
	e.t.Helper()
	if got := r.code(); got != want {
		e.t.Fatalf("extensions.code = %q, want %q (errors %+v)", got, want, r.Errors)
	}
}

type payload struct {
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
	TokenType    string `json:"tokenType"`
	ExpiresIn    int    `json:"expiresIn"`
	User         struct {
		ID       string `json:"id"`
		Username string `json:"username"`
	} `json:"user"`
}

const payloadFields = `{ accessToken refreshToken tokenType expiresIn user { id username } }`

func decode[T any](t *testing.T, raw json.RawMessage) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	return v
}

// user creates an account with the role and logs it in.
func (e *env) user(name, role string) payload {
	e.t.Helper()
	if _, err := e.auth.ProvisionUser(context.Background(), auth.NewUser{Username: name, Password: "password-" + name, Role: role}); err != nil {
		e.t.Fatalf("creating %s: %v", name, err)
	}
	return e.login(name, "password-"+name)
}

func (e *env) login(name, password string) payload {
	e.t.Helper()
	r := e.must("", `mutation($u:String!,$p:String!){ login(input:{username:$u,password:$p}) `+payloadFields+` }`, map[string]any{"u": name, "p": password})
	return decode[payload](e.t, r.Data["login"])
}

func (e *env) secret() []byte {
	e.t.Helper()
	s, err := e.db.Client.SystemSecret.Query().Where(systemsecret.Name("jwt_signing_key")).Only(context.Background())
	if err != nil {
		e.t.Fatalf("reading signing key: %v", err)
	}
	return s.Value
}

const meQuery = `{ me { id username role { name } } }`

func TestLoginMeAndTokenShape(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		p := e.user("alice", "cashier")
		if p.TokenType != "bearer" || p.ExpiresIn != 1800 || p.RefreshToken == "" || p.User.Username != "alice" {
			t.Fatalf("unexpected payload %+v", p)
		}
		r := e.must(p.AccessToken, meQuery, nil)
		me := decode[struct {
			Username string
			Role     struct{ Name string }
		}](t, r.Data["me"])
		if me.Username != "alice" || me.Role.Name != "cashier" {
			t.Fatalf("me = %+v", me)
		}
		e.expectCode(e.gql("", meQuery, nil), "UNAUTHENTICATED")

		// The claims: HS256, issuer, subject, jti, 30 minute lifetime.
		tok, _, err := jwt.NewParser().ParseUnverified(p.AccessToken, &jwt.RegisteredClaims{})
		if err != nil {
			t.Fatal(err)
		}
		c := tok.Claims.(*jwt.RegisteredClaims)
		if tok.Method.Alg() != "HS256" || c.Issuer != "pandac" || c.Subject != p.User.ID || c.ID == "" ||
			c.ExpiresAt.Sub(c.IssuedAt.Time) != 30*time.Minute {
			t.Fatalf("claims %+v alg %s", c, tok.Method.Alg())
		}
	})
}

func TestForgedTokensAreRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		p := e.user("bob", "admin")
		claims := jwt.RegisteredClaims{Issuer: "pandac", Subject: p.User.ID, ID: uuid.NewString(),
			IssuedAt: jwt.NewNumericDate(e.now), ExpiresAt: jwt.NewNumericDate(e.now.Add(time.Hour))}
		sign := func(m jwt.SigningMethod, key any, c jwt.Claims) string {
			s, err := jwt.NewWithClaims(m, c).SignedString(key)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		parts := strings.Split(p.AccessToken, ".")
		sig := []byte(parts[2])
		if sig[0] == 'A' {
			sig[0] = 'B'
		} else {
			sig[0] = 'A'
		}
		tampered := parts[0] + "." + parts[1] + "." + string(sig)
		// A payload swapped under the real signature (claim a different user).
		otherBody := strings.Split(sign(jwt.SigningMethodHS256, []byte("x"), jwt.RegisteredClaims{Issuer: "pandac", Subject: uuid.NewString()}), ".")[1]
		swapped := parts[0] + "." + otherBody + "." + parts[2]
		none := sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims)
		hs512 := sign(jwt.SigningMethodHS512, e.secret(), claims)
		// RS256 in the header, HMAC'd with the server's key: the classic
		// algorithm-confusion forgery.
		rsHeader := func() string {
			h, _ := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT"})
			body := strings.Split(sign(jwt.SigningMethodHS256, e.secret(), claims), ".")[1]
			signing := base64.RawURLEncoding.EncodeToString(h) + "." + body
			s, err := jwt.SigningMethodHS256.Sign(signing, e.secret())
			if err != nil {
				t.Fatal(err)
			}
			return signing + "." + base64.RawURLEncoding.EncodeToString(s)
		}()
		wrongIssuer := sign(jwt.SigningMethodHS256, e.secret(), jwt.RegisteredClaims{Issuer: "evil", Subject: p.User.ID, ID: uuid.NewString(),
			IssuedAt: jwt.NewNumericDate(e.now), ExpiresAt: jwt.NewNumericDate(e.now.Add(time.Hour))})
		wrongKey := sign(jwt.SigningMethodHS256, []byte(strings.Repeat("k", 64)), claims)
		expired := sign(jwt.SigningMethodHS256, e.secret(), jwt.RegisteredClaims{Issuer: "pandac", Subject: p.User.ID, ID: uuid.NewString(),
			IssuedAt: jwt.NewNumericDate(e.now.Add(-2 * time.Hour)), ExpiresAt: jwt.NewNumericDate(e.now.Add(-time.Hour))})
		noExpiry := sign(jwt.SigningMethodHS256, e.secret(), jwt.RegisteredClaims{Issuer: "pandac", Subject: p.User.ID, ID: uuid.NewString()})

		e.must(p.AccessToken, meQuery, nil) // the genuine token works
		for name, tok := range map[string]string{
			"tampered signature": tampered, "swapped payload": swapped, "alg none": none,
			"HS512": hs512, "RS256 header": rsHeader, "wrong issuer": wrongIssuer,
			"wrong key": wrongKey, "expired": expired, "no expiry": noExpiry, "garbage": "not.a.jwt",
		} {
			t.Run(name, func(t *testing.T) {
				r := e.gql(tok, meQuery, nil)
				e.expectCode(r, "UNAUTHENTICATED")
				if r.Data["me"] != nil && string(r.Data["me"]) != "null" {
					t.Fatalf("forged token got data %s", r.Data["me"])
				}
			})
		}
		r := e.gql(expired, meQuery, nil)
		if !strings.Contains(r.Errors[0].Message, "expired") {
			t.Fatalf("expired token message %q", r.Errors[0].Message)
		}
		// An expired token still lets the caller reach public fields (login).
		e.login("bob", "password-bob")

		// The service's own clock: a real token stops working after 30 minutes.
		e.now = e.now.Add(31 * time.Minute)
		e.expectCode(e.gql(p.AccessToken, meQuery, nil), "UNAUTHENTICATED")
	})
}

func TestDeactivatedUserTokenStopsWorking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		admin := e.user("root", "admin")
		p := e.user("carol", "cashier")
		e.must(p.AccessToken, meQuery, nil)
		e.must(admin.AccessToken, `mutation($id:ID!){ deleteUser(id:$id) }`, map[string]any{"id": p.User.ID})
		r := e.gql(p.AccessToken, meQuery, nil)
		e.expectCode(r, "UNAUTHENTICATED")
		if !strings.Contains(r.Errors[0].Message, "disabled") {
			t.Fatalf("message %q", r.Errors[0].Message)
		}
		e.expectCode(e.gql("", `mutation($t:String!){ refreshToken(refreshToken:$t){ accessToken } }`, map[string]any{"t": p.RefreshToken}), "UNAUTHENTICATED")
		e.expectCode(e.gql("", `mutation{ login(input:{username:"carol",password:"password-carol"}){ accessToken } }`, nil), "UNAUTHENTICATED")
	})
}

const refreshMutation = `mutation($t:String!){ refreshToken(refreshToken:$t) ` + payloadFields + ` }`

func TestRefreshRotationAndReuse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		p0 := e.user("dave", "manager")
		r := e.must("", refreshMutation, map[string]any{"t": p0.RefreshToken})
		p1 := decode[payload](t, r.Data["refreshToken"])
		if p1.RefreshToken == p0.RefreshToken || p1.AccessToken == "" {
			t.Fatalf("refresh did not rotate: %+v", p1)
		}
		e.must(p1.AccessToken, meQuery, nil)
		p2 := decode[payload](t, e.must("", refreshMutation, map[string]any{"t": p1.RefreshToken}).Data["refreshToken"])

		// p0 was spent: presenting it again is reuse, which kills the family,
		// including the newest token p2 that the legitimate client holds.
		e.expectCode(e.gql("", refreshMutation, map[string]any{"t": p0.RefreshToken}), "UNAUTHENTICATED")
		e.expectCode(e.gql("", refreshMutation, map[string]any{"t": p2.RefreshToken}), "UNAUTHENTICATED")
		// Another session of the same user (another family) is untouched.
		other := e.login("dave", "password-dave")
		e.must("", refreshMutation, map[string]any{"t": other.RefreshToken})
		e.expectCode(e.gql("", refreshMutation, map[string]any{"t": "made-up"}), "UNAUTHENTICATED")

		// Refresh tokens expire.
		late := e.login("dave", "password-dave")
		e.now = e.now.Add(31 * 24 * time.Hour)
		e.expectCode(e.gql("", refreshMutation, map[string]any{"t": late.RefreshToken}), "UNAUTHENTICATED")
	})
}

func TestLogoutRevokesBothTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		p := e.user("erin", "cashier")
		e.expectCode(e.gql("", `mutation($t:String!){ logout(refreshToken:$t) }`, map[string]any{"t": p.RefreshToken}), "UNAUTHENTICATED")
		e.must(p.AccessToken, `mutation($t:String!){ logout(refreshToken:$t) }`, map[string]any{"t": p.RefreshToken})
		r := e.gql(p.AccessToken, meQuery, nil)
		e.expectCode(r, "UNAUTHENTICATED")
		if !strings.Contains(r.Errors[0].Message, "revoked") {
			t.Fatalf("message %q", r.Errors[0].Message)
		}
		e.expectCode(e.gql("", refreshMutation, map[string]any{"t": p.RefreshToken}), "UNAUTHENTICATED")
		// A fresh login works again.
		e.must(e.login("erin", "password-erin").AccessToken, meQuery, nil)
	})
}

func TestLoginThrottling(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.user("frank", "user")
		bad := `mutation($u:String!){ login(input:{username:$u,password:"wrong-password"}){ accessToken } }`
		var unknownMsg, wrongMsg string
		for i := range 5 {
			r := e.gql("", bad, map[string]any{"u": "frank"})
			e.expectCode(r, "UNAUTHENTICATED")
			wrongMsg = r.Errors[0].Message
			_ = i
		}
		r := e.gql("", bad, map[string]any{"u": "nobody_here"})
		unknownMsg = r.Errors[0].Message
		if unknownMsg != wrongMsg {
			// Same client address: by now the address is throttled too.
			if r.code() != "TOO_MANY_REQUESTS" {
				t.Fatalf("unknown user said %q, wrong password said %q", unknownMsg, wrongMsg)
			}
		}
		// The right password is refused too while throttled.
		r = e.gql("", `mutation{ login(input:{username:"frank",password:"password-frank"}){ accessToken } }`, nil)
		e.expectCode(r, "TOO_MANY_REQUESTS")
		retry, _ := r.Errors[0].Extensions["retryAfter"].(float64)
		if retry < 1 || retry > 15*60 {
			t.Fatalf("retryAfter = %v", r.Errors[0].Extensions["retryAfter"])
		}
		// After the window the user can log in again.
		e.now = e.now.Add(16 * time.Minute)
		e.login("frank", "password-frank")
	})
}

func TestUnknownUserAndWrongPasswordLookAlike(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.user("gina", "user")
		a := e.gql("", `mutation{ login(input:{username:"gina",password:"wrong-password"}){ accessToken } }`, nil)
		b := e.gql("", `mutation{ login(input:{username:"ghost",password:"wrong-password"}){ accessToken } }`, nil)
		if a.code() != "UNAUTHENTICATED" || a.Errors[0].Message != b.Errors[0].Message || a.code() != b.code() {
			t.Fatalf("distinguishable: %+v vs %+v", a.Errors, b.Errors)
		}
	})
}

func TestRegistration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		reg := `mutation($u:String!,$p:String!){ register(input:{username:$u,password:$p}) ` + payloadFields + ` }`
		for _, c := range []struct{ u, p, field string }{
			{"ab", "long-enough", "username"},
			{strings.Repeat("a", 21), "long-enough", "username"},
			{"bad name", "long-enough", "username"},
			{"émile", "long-enough", "username"},
			{"shortpw", "1234567", "password"},
			{"longpw", strings.Repeat("x", 73), "password"},
		} {
			r := e.gql("", reg, map[string]any{"u": c.u, "p": c.p})
			e.expectCode(r, "BAD_USER_INPUT")
			if r.Errors[0].Extensions["field"] != c.field {
				t.Fatalf("%q/%q: field %v, want %s", c.u, c.p, r.Errors[0].Extensions["field"], c.field)
			}
		}
		p := decode[payload](t, e.must("", reg, map[string]any{"u": "new_user", "p": "12345678"}).Data["register"])
		r := e.must(p.AccessToken, meQuery, nil)
		if !strings.Contains(string(r.Data["me"]), `"name":"user"`) {
			t.Fatalf("self-registered role: %s", r.Data["me"])
		}
		e.expectCode(e.gql("", reg, map[string]any{"u": "new_user", "p": "12345678"}), "CONFLICT")

		// With sign-up off, registration is refused.
		off := newEnv(t, db, func(o *auth.Options) { o.AllowSignup = false })
		off.expectCode(off.gql("", reg, map[string]any{"u": "another", "p": "12345678"}), "FORBIDDEN")
	})
}

func TestPrivilegeEscalationAttempts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("henry", "user")
		cashier := e.user("ivy", "cashier")
		admin := e.user("jane", "admin")

		// updateMe has no role or isActive: the request does not validate.
		r := e.gql(u.AccessToken, `mutation{ updateMe(input:{fullName:"H", roleID:"00000000-0000-0000-0000-000000000000"}){ id } }`, nil)
		if len(r.Errors) == 0 {
			t.Fatal("updateMe accepted a role")
		}
		r = e.gql(u.AccessToken, `mutation{ updateMe(input:{fullName:"H", isActive:false}){ id } }`, nil)
		if len(r.Errors) == 0 {
			t.Fatal("updateMe accepted isActive")
		}
		// What a user may change, they can; the role stays.
		r = e.must(u.AccessToken, `mutation{ updateMe(input:{fullName:"Henry"}){ fullName role { name } } }`, nil)
		if !strings.Contains(string(r.Data["updateMe"]), `"name":"user"`) {
			t.Fatalf("updateMe: %s", r.Data["updateMe"])
		}
		// Password change needs the current password.
		e.expectCode(e.gql(u.AccessToken, `mutation{ updateMe(input:{newPassword:"new-password-1", currentPassword:"nope-nope"}){ id } }`, nil), "BAD_USER_INPUT")

		// Admin-only mutations refuse lesser roles.
		create := `mutation{ createUser(input:{username:"mallory", password:"password-1", roleName:"admin"}){ id } }`
		e.expectCode(e.gql(cashier.AccessToken, create, nil), "FORBIDDEN")
		e.expectCode(e.gql(u.AccessToken, create, nil), "FORBIDDEN")
		e.expectCode(e.gql("", create, nil), "UNAUTHENTICATED")
		e.expectCode(e.gql(cashier.AccessToken, `mutation($id:ID!){ updateUser(id:$id, input:{isActive:true}){ id } }`, map[string]any{"id": cashier.User.ID}), "FORBIDDEN")
		e.expectCode(e.gql(cashier.AccessToken, `mutation{ createRole(input:{name:"boss", permissions:["*"]}){ id } }`, nil), "FORBIDDEN")
		e.expectCode(e.gql(u.AccessToken, `{ users { totalCount } }`, nil), "FORBIDDEN")

		// The admin can; and cannot demote itself or delete the admin role.
		e.must(admin.AccessToken, create, nil)
		e.expectCode(e.gql(admin.AccessToken, `mutation($id:ID!){ deleteUser(id:$id) }`, map[string]any{"id": admin.User.ID}), "BAD_USER_INPUT")
		roles := e.must(admin.AccessToken, `{ roles(where:{name:"admin"}) { edges { node { id } } } }`, nil)
		adminRole := decode[struct {
			Edges []struct{ Node struct{ ID string } }
		}](t, roles.Data["roles"]).Edges[0].Node.ID
		e.expectCode(e.gql(admin.AccessToken, `mutation($id:ID!){ deleteRole(id:$id) }`, map[string]any{"id": adminRole}), "CONFLICT")
		e.expectCode(e.gql(admin.AccessToken, `mutation($id:ID!){ updateRole(id:$id, input:{permissions:["read"]}){ id } }`, map[string]any{"id": adminRole}), "BAD_USER_INPUT")
		e.expectCode(e.gql(admin.AccessToken, `mutation{ createRole(input:{name:"boss", permissions:["admin"]}){ id } }`, nil), "BAD_USER_INPUT")
		// A role in use cannot be deleted; an unused one can.
		cr := e.must(admin.AccessToken, `{ roles(where:{name:"cashier"}) { edges { node { id } } } }`, nil)
		cashierRole := decode[struct {
			Edges []struct{ Node struct{ ID string } }
		}](t, cr.Data["roles"]).Edges[0].Node.ID
		e.expectCode(e.gql(admin.AccessToken, `mutation($id:ID!){ deleteRole(id:$id) }`, map[string]any{"id": cashierRole}), "CONFLICT")
		nr := e.must(admin.AccessToken, `mutation{ createRole(input:{name:"auditor", permissions:["REPORTS"]}){ id permissions } }`, nil)
		if !strings.Contains(string(nr.Data["createRole"]), `["reports"]`) {
			t.Fatalf("permissions not normalised: %s", nr.Data["createRole"])
		}
		newRole := decode[struct{ ID string }](t, nr.Data["createRole"]).ID
		e.must(admin.AccessToken, `mutation($id:ID!){ deleteRole(id:$id) }`, map[string]any{"id": newRole})
	})
}

func TestNodeAppliesTypePermission(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("kate", "user")
		cashier := e.user("liam", "cashier")
		ctx := context.Background()
		cust := db.Client.Customer.Create().SetName("Secret Shopper").SetEmail("s@example.com").SaveX(ctx)
		prod := db.Client.Product.Create().SetName("Tea").SetSku("TEA-1").SaveX(ctx)

		q := `query($id:ID!){ node(id:$id){ id } }`
		e.expectCode(e.gql(u.AccessToken, q, map[string]any{"id": cust.ID}), "FORBIDDEN")
		e.expectCode(e.gql("", q, map[string]any{"id": prod.ID}), "UNAUTHENTICATED")
		e.must(u.AccessToken, q, map[string]any{"id": prod.ID})
		e.must(cashier.AccessToken, q, map[string]any{"id": cust.ID})
		e.expectCode(e.gql(u.AccessToken, `query($ids:[ID!]!){ nodes(ids:$ids){ id } }`, map[string]any{"ids": []any{prod.ID, cust.ID}}), "FORBIDDEN")
		e.expectCode(e.gql(cashier.AccessToken, q, map[string]any{"id": u.User.ID}), "FORBIDDEN")
		e.expectCode(e.gql(u.AccessToken, `{ customers { totalCount } }`, nil), "FORBIDDEN")
		e.must(u.AccessToken, `{ products { totalCount } }`, nil)
	})
}

func TestSecretSettingsHiddenFromNonAdmins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		manager := e.user("mia", "manager")
		admin := e.user("noah", "admin")
		ctx := context.Background()
		db.Client.Setting.Create().SetKey("payment_api_key").SetValue("sk_live_123").SetIsSecret(true).SaveX(ctx)
		db.Client.Setting.Create().SetKey("currency").SetValue("USD").SaveX(ctx)
		list := `{ settings(orderBy:{field:KEY}) { edges { node { key value } } } }`
		got := string(e.must(manager.AccessToken, list, nil).Data["settings"])
		if strings.Contains(got, "sk_live") || !strings.Contains(got, auth.MaskedValue) || !strings.Contains(got, "USD") {
			t.Fatalf("manager sees %s", got)
		}
		if got := string(e.must(admin.AccessToken, list, nil).Data["settings"]); !strings.Contains(got, "sk_live_123") {
			t.Fatalf("admin sees %s", got)
		}
		// Filtering on the value cannot be used to guess a secret.
		probe := `{ settings(where:{valueHasPrefix:"sk_"}) { totalCount } }`
		if got := string(e.must(manager.AccessToken, probe, nil).Data["settings"]); !strings.Contains(got, `"totalCount":0`) {
			t.Fatalf("probe by manager: %s", got)
		}
		if got := string(e.must(admin.AccessToken, probe, nil).Data["settings"]); !strings.Contains(got, `"totalCount":1`) {
			t.Fatalf("probe by admin: %s", got)
		}
	})
}

func TestSigningKeyIsPersisted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		p := e.user("olga", "user")
		// A second instance (or a restart) reads the same key: old tokens work.
		again := newEnv(t, db)
		again.must(p.AccessToken, meQuery, nil)
		if n := db.Client.SystemSecret.Query().CountX(context.Background()); n != 1 {
			t.Fatalf("%d signing keys stored", n)
		}
	})
}
