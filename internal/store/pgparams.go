package store

import (
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// withPostgresTimeouts adds connect_timeout (whole seconds, at least 1) and
// statement_timeout (milliseconds, sent as a session parameter) to a
// PostgreSQL URL, unless the URL already sets them: an operator's URL wins.
// connect_timeout is what makes requests fail fast while the database host is
// unreachable instead of waiting out the kernel's TCP timeout.
func withPostgresTimeouts(raw string, connect, statement time.Duration) (string, error) {
	if connect <= 0 && statement <= 0 {
		return raw, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("parsing DATABASE_URL: %w", err)
	}
	q := u.Query()
	if connect > 0 && !q.Has("connect_timeout") {
		secs := int64((connect + time.Second - 1) / time.Second)
		q.Set("connect_timeout", strconv.FormatInt(secs, 10))
	}
	if statement > 0 && !q.Has("statement_timeout") {
		q.Set("statement_timeout", strconv.FormatInt(statement.Milliseconds(), 10))
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}
