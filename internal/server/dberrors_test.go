package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestDatabaseUnavailable(t *testing.T) {
	for _, err := range []error{
		fmt.Errorf("query: %w", context.DeadlineExceeded),
		&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED},
		fmt.Errorf("x: %w", &pgconn.PgError{Code: "57P01"}),
		fmt.Errorf("x: %w", &pgconn.PgError{Code: "57014"}),
	} {
		if !databaseUnavailable(err) {
			t.Errorf("%v: not classed as unavailable", err)
		}
	}
	for _, err := range []error{
		errors.New("nil pointer"),
		&pgconn.PgError{Code: "23505"}, // unique violation is a bug or a conflict, not an outage
	} {
		if databaseUnavailable(err) {
			t.Errorf("%v: classed as unavailable", err)
		}
	}
}
