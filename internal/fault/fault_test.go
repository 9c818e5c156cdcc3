package fault_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/pandac/pandac/internal/fault"
)

func TestAsFindsTheErrorInAChain(t *testing.T) {
	inner := fault.BadInput("price", "price must be positive, got %d", -1)
	wrapped := fmt.Errorf("saving product: %w", inner)
	if got := fault.As(wrapped); got != inner {
		t.Fatalf("As = %v, want %v", got, inner)
	}
	if got := fault.As(errors.New("disk on fire")); got != nil {
		t.Fatalf("As(plain error) = %v, want nil", got)
	}
	if got := fault.As(nil); got != nil {
		t.Fatalf("As(nil) = %v, want nil", got)
	}
	if inner.Field != "price" || inner.Error() != "price must be positive, got -1" {
		t.Fatalf("BadInput = %+v", inner)
	}
}

func TestConstructorsSetTheirCode(t *testing.T) {
	for _, c := range []struct {
		err  *fault.Error
		code fault.Code
		msg  string
	}{
		{fault.NotFound("product", 7), fault.CodeNotFound, "product 7 not found"},
		{fault.Conflict("sku %q is taken", "A1"), fault.CodeConflict, `sku "A1" is taken`},
		{fault.Unauthenticated("sign in"), fault.CodeUnauthenticated, "sign in"},
		{fault.Forbidden("needs %s", "ADMIN"), fault.CodeForbidden, "needs ADMIN"},
	} {
		if c.err.Code != c.code || c.err.Message != c.msg {
			t.Errorf("got %v %q, want %v %q", c.err.Code, c.err.Message, c.code, c.msg)
		}
	}
	if (&fault.Error{}).Code != fault.CodeInternal {
		t.Error("the zero Code must be CodeInternal")
	}
}
