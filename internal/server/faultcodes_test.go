package server

import (
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/fault"
)

// TestEveryFaultCodeHasAGraphQLCode keeps the table whole: a fault code
// added without a GraphQL name would reach clients as INTERNAL.
func TestEveryFaultCodeHasAGraphQLCode(t *testing.T) {
	seen := map[string]fault.Code{}
	for c := fault.Code(0); !strings.HasPrefix(c.String(), "fault.Code("); c++ {
		name, ok := graphQLCodes[c]
		if !ok {
			t.Errorf("fault code %v has no GraphQL code", c)
			continue
		}
		if other, dup := seen[name]; dup {
			t.Errorf("fault codes %v and %v both answer %s", other, c, name)
		}
		seen[name] = c
	}
}
