package rest

import (
	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/auth"
)

// Authentication and accounts, through the same auth code as GraphQL.

// tokenView is the documented Token: token_type is "bearer", lower case, as
// FastAPI clients compare it.
type tokenView struct {
	AccessToken  string   `json:"access_token"`
	RefreshToken string   `json:"refresh_token"`
	TokenType    string   `json:"token_type"`
	ExpiresIn    int      `json:"expires_in"`
	User         userView `json:"user"`
}

func tokenOf(t auth.Tokens, u *ent.User, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return tokenView{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, TokenType: "bearer", ExpiresIn: t.ExpiresIn, User: userOf(u)}, nil
}

func (c *call) login() (any, error) {
	c.parseBody(true)
	user := c.str("username", strOpts{required: true})
	pass := c.str("password", strOpts{required: true})
	if err := c.done(); err != nil {
		return nil, err
	}
	return tokenOf(c.auth.Login(c.ctx, *user, *pass, auth.ClientAddr(c.ctx)))
}

func (c *call) register() (any, error) {
	c.parseBody(true)
	in := auth.RegisterInput{FullName: c.str("full_name", strOpts{max: 100}), Email: c.str("email", strOpts{max: 254})}
	if s := c.str("username", strOpts{required: true, min: 3, max: 20}); s != nil {
		in.Username = *s
	}
	if s := c.str("password", strOpts{required: true, min: 8}); s != nil {
		in.Password = *s
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	_, u, err := c.auth.Register(c.ctx, in, auth.ClientAddr(c.ctx))
	if err != nil {
		return nil, err
	}
	return userOf(u), nil
}

func (c *call) refresh() (any, error) {
	c.parseBody(true)
	tok := c.str("refresh_token", strOpts{required: true})
	if err := c.done(); err != nil {
		return nil, err
	}
	return tokenOf(c.auth.Refresh(c.ctx, *tok))
}

// logout ends the caller's session: the access token presented stops
// working, and the refresh token sent, if any, is revoked with its family.
func (c *call) logout() (any, error) {
	c.parseBody(false)
	tok := c.str("refresh_token", strOpts{})
	if err := c.done(); err != nil {
		return nil, err
	}
	refresh := ""
	if tok != nil {
		refresh = *tok
	}
	if err := c.auth.Logout(c.ctx, refresh); err != nil {
		return nil, err
	}
	return map[string]string{"detail": "Successfully logged out"}, nil
}
