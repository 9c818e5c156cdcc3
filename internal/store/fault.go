package store

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
)

// AsFault is fault.As that also reads the errors ent and the privacy policy
// return: a missing row is CodeNotFound, a field validator's refusal
// CodeBadInput, a broken constraint CodeConflict, and a policy denial
// CodeUnauthenticated or CodeForbidden. They are translated here, beside the
// database, so the fault package stays free of ent. Anything else is nil: an
// internal failure whose text must not reach the client.
func AsFault(err error) *fault.Error {
	if err == nil {
		return nil
	}
	if fe := fault.As(err); fe != nil {
		return fe
	}
	var denied *policy.DeniedError
	if errors.As(err, &denied) {
		code := fault.CodeForbidden
		if denied.Anonymous {
			code = fault.CodeUnauthenticated
		}
		return &fault.Error{Code: code, Message: denied.Error()}
	}
	var nf *ent.NotFoundError
	if errors.As(err, &nf) {
		return &fault.Error{Code: fault.CodeNotFound, Message: strings.TrimPrefix(nf.Error(), "ent: ")}
	}
	var ve *ent.ValidationError
	if errors.As(err, &ve) {
		// ent's own wording names Go types ("ent: validator failed for field
		// \"Product.name\""); the client needs the field and the rule.
		if innermost(ve) == error(ve) {
			return &fault.Error{Code: fault.CodeBadInput, Field: ve.Name, Message: ve.Error()}
		}
		return InvalidField(ve.Name, ve)
	}
	if ent.IsConstraintError(err) {
		return &fault.Error{Code: fault.CodeConflict, Message: constraintMessage(err)}
	}
	return nil
}

// InvalidField is the error AsFault makes of ent's validation error for
// field. The core uses it for a value it checks with the schema's validator
// before the row is written (rows written together are checked one by one
// first, so the first bad input is reported, as when each was written on its
// own).
func InvalidField(field string, err error) *fault.Error {
	return &fault.Error{Code: fault.CodeBadInput, Field: field, Message: fmt.Sprintf("invalid %s: %v", field, innermost(err))}
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
	case isUnique(msg):
		return "a record with the same unique value already exists"
	case containsAny(msg, "FOREIGN KEY", "foreign key"):
		return "the record is referenced by, or refers to, records that do not allow this change"
	case containsAny(msg, "CHECK", "check constraint"):
		return "the change would break a data rule (for example, a negative quantity or amount)"
	}
	return "the change conflicts with existing data"
}

// IsUniqueViolation reports a constraint error from a unique index, in either
// database's wording.
func IsUniqueViolation(err error) bool {
	return ent.IsConstraintError(err) && isUnique(err.Error())
}

func isUnique(msg string) bool {
	return containsAny(msg, "UNIQUE", "unique", "duplicate key")
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
