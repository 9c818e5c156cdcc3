package rest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pandac/pandac/internal/fault"
)

// TestEveryFaultCodeHasAStatus keeps statusOf whole: every fault code but
// CodeInternal, which is answered 500 without its message, has a 4xx.
func TestEveryFaultCodeHasAStatus(t *testing.T) {
	for c := fault.Code(0); !strings.HasPrefix(c.String(), "fault.Code("); c++ {
		status, ok := statusOf[c]
		switch {
		case c == fault.CodeInternal:
			if ok {
				t.Errorf("CodeInternal must not be mapped, got %d", status)
			}
		case !ok:
			t.Errorf("fault code %v has no HTTP status", c)
		case status < http.StatusBadRequest || status >= http.StatusInternalServerError:
			t.Errorf("fault code %v answers %d, want a 4xx", c, status)
		}
	}
}
