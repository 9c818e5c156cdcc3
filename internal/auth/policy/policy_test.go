package policy_test

import (
	"testing"

	"github.com/pandac/pandac/internal/auth/policy"
)

// TestParseStored: only "*" grants ADMIN; a role spelling out "admin" gets
// nothing for it, and names are read case-insensitively.
func TestParseStored(t *testing.T) {
	if s := policy.ParseStored([]string{"*"}); s != policy.Everything || !s.Has(policy.Admin) {
		t.Errorf("* = %s", s)
	}
	if s := policy.ParseStored([]string{"admin", "READ", " pos ", "bogus"}); s.Has(policy.Admin) || !s.Has(policy.Read) || !s.Has(policy.POS) || s.Has(policy.Write) {
		t.Errorf("spelled-out admin = %s", s)
	}
	if got := policy.SetOf(policy.POS, policy.Reports).String(); got != "POS, REPORTS" {
		t.Errorf("String = %q", got)
	}
}

// TestRuleAllows covers every kind of rule for an anonymous caller, a caller
// holding the permission and one who does not.
func TestRuleAllows(t *testing.T) {
	reader := &policy.Caller{Perms: policy.SetOf(policy.Read)}
	admin := &policy.Caller{Perms: policy.Everything}
	for _, tc := range []struct {
		name                string
		rule                policy.Rule
		anon, reader, admin bool
	}{
		{"public", policy.Rule{Public: true}, true, true, true},
		{"signed in", policy.Rule{}, false, true, true},
		{"read", policy.Rule{AnyOf: policy.SetOf(policy.Read)}, false, true, true},
		{"pos", policy.Rule{AnyOf: policy.SetOf(policy.POS)}, false, false, true},
		{"inherit", policy.Rule{Inherit: true}, true, true, true},
		{"nobody", policy.Deny, false, false, false},
		{"owner rule without ownership", policy.Rule{AnyOf: policy.SetOf(policy.Admin), Owner: true}, false, false, true},
	} {
		if got := [3]bool{tc.rule.Allows(nil), tc.rule.Allows(reader), tc.rule.Allows(admin)}; got != [3]bool{tc.anon, tc.reader, tc.admin} {
			t.Errorf("%s: anonymous/reader/admin = %v", tc.name, got)
		}
	}
}

// TestLookups: Relay wrappers of a listed type inherit, anything else missing
// from the table is refused to everyone, admins included.
func TestLookups(t *testing.T) {
	admin := &policy.Caller{Perms: policy.Everything}
	if !policy.Type("ProductConnection").Inherit || !policy.Type("SaleEdge").Inherit {
		t.Error("Relay wrappers of listed types must inherit")
	}
	if policy.Type("RefreshToken").Allows(admin) || policy.Type("SecretConnection").Allows(admin) {
		t.Error("a type missing from the table must be refused")
	}
	if policy.Operation("Mutation.dropEverything").Allows(admin) {
		t.Error("an operation missing from the table must be refused")
	}
	if policy.CanRead(&policy.Caller{Perms: policy.SetOf(policy.Read, policy.POS)}, "Product", "cost") {
		t.Error("a cashier reads cost prices")
	}
	if !policy.CanRead(&policy.Caller{Perms: policy.SetOf(policy.Read, policy.Reports)}, "Product", "cost") {
		t.Error("reports cannot read cost prices")
	}
}

// TestAggregateLookups: a connection's aggregate types inherit like the
// connection, and an aggregated field carries the rule of the field it is
// computed from, so a sum of costs needs what a cost needs.
func TestAggregateLookups(t *testing.T) {
	cashier := &policy.Caller{Perms: policy.SetOf(policy.Read, policy.POS)}
	manager := &policy.Caller{Perms: policy.SetOf(policy.Read, policy.Write, policy.Reports)}
	for _, name := range []string{"ProductAggregate", "ProductAggregateSum", "SaleItemAggregateMax"} {
		if !policy.Type(name).Inherit {
			t.Errorf("%s does not inherit", name)
		}
	}
	if policy.Type("RefreshTokenAggregate").Allows(manager) {
		t.Error("the aggregate of an unlisted type is readable")
	}
	for _, typ := range []string{"ProductAggregateSum", "ProductAggregateAvg", "ProductAggregateMin", "ProductAggregateMax"} {
		if policy.CanRead(cashier, typ, "cost") || !policy.CanRead(manager, typ, "cost") {
			t.Errorf("%s.cost does not follow Product.cost", typ)
		}
		if !policy.CanRead(cashier, typ, "price") {
			t.Errorf("%s.price refused to a cashier", typ)
		}
	}
	if _, ok := policy.Field("ProductAggregate", "cost"); ok {
		t.Error("the aggregate itself has no per-field rules")
	}
}
