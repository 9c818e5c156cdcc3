package rest_test

import (
	"fmt"
	"testing"

	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// TestRegisterRateLimitAndLookAlikes: /v1/auth/register refuses a username
// differing only in case from an existing one with the status of any
// duplicate (an exact one answers the same),
// counts that refusal against the address's sign-up budget, and answers 429
// with Retry-After once the budget is spent; /v1/users refuses look-alikes
// too.
func TestRegisterRateLimitAndLookAlikes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		anon := c.as("")
		anon.must(201, "POST", "/v1/auth/register", map[string]any{"username": "olga", "password": "password123"})
		dup := c.do("POST", "/v1/users/", map[string]any{"username": "olga", "password": "password123"}).Status
		if dup < 400 || dup >= 500 {
			t.Fatalf("exact duplicate: %d", dup)
		}
		anon.must(dup, "POST", "/v1/auth/register", map[string]any{"username": "OLGA", "password": "password123"})
		c.must(dup, "POST", "/v1/users/", map[string]any{"username": "Olga", "password": "password123"})
		for i := 2; i < auth.DefaultRegisterLimit; i++ {
			anon.must(201, "POST", "/v1/auth/register", map[string]any{"username": fmt.Sprintf("user%d", i), "password": "password123"})
		}
		r := anon.do("POST", "/v1/auth/register", map[string]any{"username": "late", "password": "password123"})
		if r.Status != 429 || r.Header.Get("Retry-After") == "" {
			t.Fatalf("over budget: %d, Retry-After %q: %s", r.Status, r.Header.Get("Retry-After"), r.Body)
		}
	})
}
