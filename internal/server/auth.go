package server

import (
	"context"
	"net"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/store"
)

// authenticate puts the caller's principal in the request context when the
// request carries a valid `Authorization: Bearer` token. A missing, invalid,
// expired or revoked token does not fail the request: it goes on anonymously
// (public fields still answer) and every field that needs a signed-in user
// answers UNAUTHENTICATED, saying why the token was refused. One policy for
// GraphQL and REST, and a stale token never breaks login or refreshToken.
func authenticate(svc *auth.Service) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// Marked as a request from outside: the ent read guard treats it
			// as anonymous until a principal is added.
			ctx := policy.FromAPI(auth.WithClientAddr(r.Context(), clientAddr(r)))
			if svc != nil {
				ctx = authenticateHeader(ctx, svc, r.Header.Get("Authorization"))
				if authUnavailable(ctx) {
					// The token could not be checked because the database is
					// away: say so, rather than call a good token bad.
					serviceUnavailable(w, r)
					return
				}
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// authenticateHeader resolves an Authorization value into the context.
func authenticateHeader(ctx context.Context, svc *auth.Service, header string) context.Context {
	token, ok := bearer(header)
	if !ok {
		if header != "" {
			return auth.WithFailure(ctx, fault.Unauthenticated("the Authorization header must be \"Bearer <token>\""))
		}
		return ctx
	}
	p, err := svc.Authenticate(ctx, token)
	if err != nil {
		if store.AsFault(err) == nil {
			return markAuthUnavailable(auth.WithFailure(ctx, err))
		}
		return auth.WithFailure(ctx, err)
	}
	// The token goes along with its principal, so a subscription can ask
	// again, per event and for as long as its socket lives, whether it still
	// speaks for its user.
	return svc.WithToken(auth.WithPrincipal(ctx, p), token)
}

func bearer(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// clientAddr is the caller's IP without the port, so throttling counts per
// machine and the request log names the machine. It is the address clientIP
// resolved (the TCP peer, or what a configured trusted proxy reports), never
// one read from headers any client can send: otherwise a brute-forcer would
// get a fresh per-address budget with every forged X-Forwarded-For, and the
// log would name whoever the client claimed to be.
func clientAddr(r *http.Request) string {
	if ip := middleware.GetClientIP(r.Context()); ip != "" {
		return ip
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// websocketInit authenticates a graphql-ws connection from its init payload
// (`Authorization` or `authorization`: "Bearer ..."). The HTTP upgrade request
// went through authenticate already; a token in the payload takes precedence.
// A refused token closes the connection: a subscription socket has no
// public use worth keeping open anonymously. A signed-in connection is
// closed when its session ends (token expiry, logout, deactivation,
// deletion, sessions ended): gqlgen closes the socket when the context
// returned here is cancelled, and auth.WatchSession cancels it.
func websocketInit(svc *auth.Service) transport.WebsocketInitFunc {
	return func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		if svc == nil {
			return ctx, nil, nil
		}
		if header := payload.Authorization(); header != "" {
			ctx = authenticateHeader(ctx, svc, header)
			if auth.FromContext(ctx) == nil {
				return ctx, nil, auth.Require(ctx)
			}
		}
		ctx = transport.AppendCloseReason(ctx, "session ended; sign in again")
		// The connection's context lives as long as the socket does; when
		// it ends, the watch ends with it, so the cancel is not needed.
		ctx, _ = svc.WatchSession(ctx)
		return ctx, nil, nil
	}
}
