package rest

import (
	"context"
	"testing"

	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/money"
)

// TestRedactWalksEveryShape: a tagged field is cleared for a caller the table
// refuses, whether the view comes by value, by pointer, in a slice or inside
// a map, and nothing else is touched (nil map values included).
func TestRedactWalksEveryShape(t *testing.T) {
	cashier := policy.WithCaller(context.Background(), &policy.Caller{Perms: policy.SetOf(policy.Read, policy.POS)})
	manager := policy.WithCaller(context.Background(), &policy.Caller{Perms: policy.SetOf(policy.Read, policy.Write, policy.Reports)})
	view := func() productView {
		cost := money.MustParse("1.50")
		return productView{Name: "Tea", Cost: &cost}
	}
	if got := redact(cashier, view()).(productView); got.Cost != nil || got.Name != "Tea" {
		t.Errorf("by value: %+v", got)
	}
	if got := redact(manager, view()).(productView); got.Cost == nil {
		t.Errorf("manager lost the cost: %+v", got)
	}
	p := view()
	redact(cashier, &p)
	list := []productView{view(), view()}
	redact(cashier, list)
	m := map[string]any{"items": []productView{view()}, "one": view(), "none": nil}
	redact(cashier, m)
	if p.Cost != nil || list[0].Cost != nil || list[1].Cost != nil ||
		m["items"].([]productView)[0].Cost != nil || m["one"].(productView).Cost != nil {
		t.Errorf("pointer %v, slice %v, map %v", p.Cost, list, m)
	}
	if _, ok := m["none"]; !ok {
		t.Error("a nil map value was dropped")
	}
}
