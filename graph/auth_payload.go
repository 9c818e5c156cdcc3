package graph

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/graph/model"
	"github.com/pandac/pandac/internal/auth"
)

// authPayload shapes a login, registration or refresh result.
func authPayload(tok auth.Tokens, u *ent.User, err error) (*model.AuthPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.AuthPayload{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, TokenType: tok.TokenType, ExpiresIn: tok.ExpiresIn, User: u}, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
