package auth_test

import (
	"context"
	"fmt"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/storetest"
)

// BenchmarkBcrypt measures the costs DefaultBcryptCost was chosen among.
func BenchmarkBcrypt(b *testing.B) {
	pw := []byte("correct horse battery")
	for _, cost := range []int{10, 11, 12} {
		hash, _ := bcrypt.GenerateFromPassword(pw, cost)
		b.Run(fmt.Sprintf("cost=%d", cost), func(b *testing.B) {
			for b.Loop() {
				if bcrypt.CompareHashAndPassword(hash, pw) != nil {
					b.Fatal("mismatch")
				}
			}
		})
	}
}

// BenchmarkLogin is a whole successful login on SQLite at the default cost:
// throttle check, user lookup, bcrypt, refresh token insert, access token.
func BenchmarkLogin(b *testing.B) {
	db := storetest.Open(b, "sqlite")
	ctx := context.Background()
	svc, err := auth.New(ctx, db.Client, auth.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := svc.ProvisionUser(ctx, auth.NewUser{Username: "bench", Password: "benchmark-pw", Role: "cashier"}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := svc.Login(ctx, "bench", "benchmark-pw", "10.0.0.1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyAccessToken is the signature/claims check alone;
// BenchmarkAuthenticate adds the per-request revocation and user+role reads.
func BenchmarkVerifyAccessToken(b *testing.B) {
	svc, tok := benchToken(b)
	for b.Loop() {
		if _, err := svc.VerifyAccessToken(tok); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAuthenticate(b *testing.B) {
	svc, tok := benchToken(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := svc.Authenticate(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}

func benchToken(b *testing.B) (*auth.Service, string) {
	db := storetest.Open(b, "sqlite")
	ctx := context.Background()
	svc, err := auth.New(ctx, db.Client, auth.Options{BcryptCost: 4})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := svc.ProvisionUser(ctx, auth.NewUser{Username: "bench", Password: "benchmark-pw", Role: "cashier"}); err != nil {
		b.Fatal(err)
	}
	tok, _, err := svc.Login(ctx, "bench", "benchmark-pw", "")
	if err != nil {
		b.Fatal(err)
	}
	return svc, tok.AccessToken
}
