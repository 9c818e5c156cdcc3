// Package fault is the error vocabulary the core and the ports share: what
// kind of failure happened (a Code), a message safe to show the client, and
// the input field at fault.
//
// A Code names a failure by its meaning, not by any wire format: each port
// maps it once to its own terms (internal/server to GraphQL's
// extensions.code, internal/rest to an HTTP status). The package imports
// only the standard library, so the core, auth and the ports can all speak it
// without importing one another.
package fault

import (
	"errors"
	"fmt"
)

// Code classifies a failure by what the client can do about it.
type Code uint8

// The codes every port maps. The zero Code is CodeInternal, so an Error that
// does not say what went wrong counts as the server's fault.
const (
	// CodeInternal is a failure of the server; changing the request will not
	// help.
	CodeInternal Code = iota
	// CodeBadInput is a value the request must change.
	CodeBadInput
	// CodeNotFound is a record that does not exist, or that the caller may
	// not see.
	CodeNotFound
	// CodeConflict is a request that is well formed but clashes with the
	// current state (a taken name, a sale already completed).
	CodeConflict
	// CodeInsufficientStock is a sale or movement that needs more stock than
	// there is.
	CodeInsufficientStock
	// CodeUnauthenticated is a request that needs a signed-in caller.
	CodeUnauthenticated
	// CodeForbidden is a signed-in caller without the permission needed.
	CodeForbidden
	// CodeTooManyRequests is a caller refused for a while after too many
	// attempts.
	CodeTooManyRequests
)

var codeNames = [...]string{
	CodeInternal:          "internal",
	CodeBadInput:          "bad input",
	CodeNotFound:          "not found",
	CodeConflict:          "conflict",
	CodeInsufficientStock: "insufficient stock",
	CodeUnauthenticated:   "unauthenticated",
	CodeForbidden:         "forbidden",
	CodeTooManyRequests:   "too many requests",
}

// String names the code for logs; it is not a wire value.
func (c Code) String() string {
	if int(c) < len(codeNames) {
		return codeNames[c]
	}
	return fmt.Sprintf("fault.Code(%d)", uint8(c))
}

// Error is a failure the client can act on: a code, a message safe to show,
// and optionally the input field at fault.
type Error struct {
	Code    Code
	Message string
	Field   string
}

// Error implements error.
func (e *Error) Error() string { return e.Message }

// BadInput returns a CodeBadInput error about a field.
func BadInput(field, format string, args ...any) *Error {
	return &Error{Code: CodeBadInput, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns a CodeNotFound error naming what was looked for.
func NotFound(what string, id any) *Error {
	return &Error{Code: CodeNotFound, Message: fmt.Sprintf("%s %v not found", what, id)}
}

// Conflict returns a CodeConflict error.
func Conflict(format string, args ...any) *Error {
	return &Error{Code: CodeConflict, Message: fmt.Sprintf(format, args...)}
}

// Unauthenticated returns a CodeUnauthenticated error: nobody, or nobody
// valid, is signed in.
func Unauthenticated(format string, args ...any) *Error {
	return &Error{Code: CodeUnauthenticated, Message: fmt.Sprintf(format, args...)}
}

// Forbidden returns a CodeForbidden error: the caller is signed in but may
// not do this.
func Forbidden(format string, args ...any) *Error {
	return &Error{Code: CodeForbidden, Message: fmt.Sprintf(format, args...)}
}

// As finds the *Error in err's chain, or returns nil. It does not translate
// other errors; store.AsFault also reads the database's and the privacy
// policy's errors.
func As(err error) *Error {
	var fe *Error
	if errors.As(err, &fe) {
		return fe
	}
	return nil
}
