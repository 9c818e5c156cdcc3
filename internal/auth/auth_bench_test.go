package auth_test

import (
	"context"
	"fmt"
	"testing"
	"time"

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
	svc, tok := benchToken(b, "sqlite")
	for b.Loop() {
		if _, err := svc.VerifyAccessToken(tok); err != nil {
			b.Fatal(err)
		}
	}
}

// It runs on SQLite and, with PANDAC_TEST_DATABASE_URL set, on PostgreSQL,
// where each statement is a network round trip.
func BenchmarkAuthenticate(b *testing.B) {
	for _, dialect := range storetest.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			svc, tok := benchToken(b, dialect)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := svc.Authenticate(ctx, tok); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAuthenticateCached is Authenticate with the principal cache on, as
// `pandac serve` runs it, for a token seen before: no statement, no signature
// check.
func BenchmarkAuthenticateCached(b *testing.B) {
	for _, dialect := range storetest.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			svc, tok := benchToken(b, dialect)
			ctx, stop := context.WithCancel(context.Background())
			defer stop()
			svc.CachePrincipals(ctx, time.Minute, nil)
			if _, err := svc.Authenticate(ctx, tok); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := svc.Authenticate(ctx, tok); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchToken(b *testing.B, dialect string) (*auth.Service, string) {
	db := storetest.Open(b, dialect)
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
