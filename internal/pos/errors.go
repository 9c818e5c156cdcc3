package pos

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/auth/policy"
)

// Code classifies an error for the API ports, which map it to a GraphQL
// extensions.code and an HTTP status.
type Code string

// The error codes every port understands.
const (
	CodeBadInput          Code = "BAD_USER_INPUT"
	CodeNotFound          Code = "NOT_FOUND"
	CodeConflict          Code = "CONFLICT"
	CodeInsufficientStock Code = "INSUFFICIENT_STOCK"
	CodeUnauthenticated   Code = "UNAUTHENTICATED"
	CodeForbidden         Code = "FORBIDDEN"
	CodeInternal          Code = "INTERNAL"
)

// Error is a failure the client can act on: a code, a message safe to show,
// and optionally the input field at fault.
type Error struct {
	Code    Code
	Message string
	Field   string
}

// Error implements error.
func (e *Error) Error() string { return e.Message }

// BadInput returns a BAD_USER_INPUT error about a field.
func BadInput(field, format string, args ...any) *Error {
	return &Error{Code: CodeBadInput, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns a NOT_FOUND error naming what was looked for.
func NotFound(what string, id any) *Error {
	return &Error{Code: CodeNotFound, Message: fmt.Sprintf("%s %v not found", what, id)}
}

// Conflict returns a CONFLICT error.
func Conflict(format string, args ...any) *Error {
	return &Error{Code: CodeConflict, Message: fmt.Sprintf(format, args...)}
}

// AsError finds the *Error in err's chain, translating ent's not-found,
// constraint and validation errors on the way. Anything else is nil: an
// internal failure whose text must not reach the client.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	var denied *policy.DeniedError
	if errors.As(err, &denied) {
		code := CodeForbidden
		if denied.Anonymous {
			code = CodeUnauthenticated
		}
		return &Error{Code: code, Message: denied.Error()}
	}
	var nf *ent.NotFoundError
	if errors.As(err, &nf) {
		return &Error{Code: CodeNotFound, Message: strings.TrimPrefix(nf.Error(), "ent: ")}
	}
	var ve *ent.ValidationError
	if errors.As(err, &ve) {
		// ent's own wording names Go types ("ent: validator failed for field
		// \"Product.name\""); the client needs the field and the rule.
		msg := ve.Error()
		if inner := innermost(ve); inner != error(ve) {
			msg = fmt.Sprintf("invalid %s: %v", ve.Name, inner)
		}
		return &Error{Code: CodeBadInput, Field: ve.Name, Message: msg}
	}
	if ent.IsConstraintError(err) {
		return &Error{Code: CodeConflict, Message: constraintMessage(err)}
	}
	return nil
}

// invalidField is the error AsError makes of ent's validation error for
// field, for a value checked with the schema's validator before the row is
// written (rows written together are checked one by one first, so the first
// bad input is reported, as when each was written on its own).
func invalidField(field string, err error) *Error {
	return &Error{Code: CodeBadInput, Field: field, Message: fmt.Sprintf("invalid %s: %v", field, innermost(err))}
}

// innermost unwraps err to the error that started the chain.
func innermost(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// constraintMessage names the broken rule without echoing SQL.
func constraintMessage(err error) string {
	msg := err.Error()
	switch {
	case containsAny(msg, "UNIQUE", "unique", "duplicate key"):
		return "a record with the same unique value already exists"
	case containsAny(msg, "FOREIGN KEY", "foreign key"):
		return "the record is referenced by, or refers to, records that do not allow this change"
	case containsAny(msg, "CHECK", "check constraint"):
		return "the change would break a data rule (for example, a negative quantity or amount)"
	}
	return "the change conflicts with existing data"
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
