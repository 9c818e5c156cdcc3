package server

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pandac/pandac/internal/store"
)

// unavailableMessage is what a client reads when the database is away: it
// says the failure is temporary without exposing driver text.
const unavailableMessage = "service temporarily unavailable: the database is not answering; retry shortly"

// databaseUnavailable reports whether err means the database could not be
// reached in time (down, restarting, refusing connections, or slower than
// the request deadline), as opposed to a bug.
func databaseUnavailable(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || store.Unreachable(err) {
		return true
	}
	// query_canceled: the statement timeout.
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "57014"
}

// tooLargeForDatabase reports a statement the database refused for its size
// rather than its meaning: SQLite's compile-time limits (bind variables,
// expression depth, LIKE pattern length, compound terms, string length) and
// PostgreSQL's program_limit_exceeded class (54xxx) and pgx's bind-parameter
// cap. Such a statement comes from a client's filter, never from a bug in a
// fixed query, so it is answered BAD_USER_INPUT, not INTERNAL.
func tooLargeForDatabase(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return strings.HasPrefix(pgErr.Code, "54")
	}
	msg := strings.ToLower(err.Error())
	for _, s := range []string{
		"too many sql variables",
		"expression tree is too large",
		"like or glob pattern too complex",
		"too many terms in compound select",
		"string or blob too big",
		"extended protocol limited to",
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
