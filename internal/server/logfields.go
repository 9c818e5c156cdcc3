package server

import (
	"context"
	"net/http"
	"sync/atomic"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/auth"
)

// userSlot carries the signed-in user's id from the authentication
// middleware, which runs inside the request logger, back out to the log
// line: a context only flows inwards, so the logger hands down a slot.
type userSlot struct{ id atomic.Pointer[uuid.UUID] }

// String is the user id, or "" for an anonymous request.
func (s *userSlot) String() string {
	if id := s.id.Load(); id != nil {
		return id.String()
	}
	return ""
}

type userSlotKey struct{}

func withUserSlot(r *http.Request) (*http.Request, *userSlot) {
	s := &userSlot{}
	return r.WithContext(context.WithValue(r.Context(), userSlotKey{}, s)), s
}

// noteUser fills the request's log slot with the authenticated user, if any.
func noteUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s, ok := r.Context().Value(userSlotKey{}).(*userSlot); ok {
			if p := auth.FromContext(r.Context()); p != nil {
				id := p.UserID
				s.id.Store(&id)
			}
		}
		next.ServeHTTP(w, r)
	})
}
