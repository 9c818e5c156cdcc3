package rest

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/store"
)

// FieldError is one entry of a FastAPI validation error: where the bad value
// is (["body", "price"], ["path", "product_id"], ["query", "limit"]), what is
// wrong, and a machine-readable type.
type FieldError struct {
	Loc  []any  `json:"loc"`
	Msg  string `json:"msg"`
	Type string `json:"type"`
}

// ValidationError is a 422 answer listing every bad field at once, as FastAPI
// clients expect.
type ValidationError struct{ Fields []FieldError }

// Error implements error.
func (e *ValidationError) Error() string {
	if len(e.Fields) == 0 {
		return "validation error"
	}
	return e.Fields[0].Msg
}

// statusOf is the one table from fault codes to HTTP statuses.
// CodeInsufficientStock is 409: the request was well formed but conflicts
// with the current stock. CodeInternal is absent on purpose: writeError
// answers it, and any code missing here, with a 500 that leaks nothing.
var statusOf = map[fault.Code]int{
	fault.CodeBadInput:          http.StatusUnprocessableEntity,
	fault.CodeNotFound:          http.StatusNotFound,
	fault.CodeConflict:          http.StatusConflict,
	fault.CodeInsufficientStock: http.StatusConflict,
	fault.CodeUnauthenticated:   http.StatusUnauthorized,
	fault.CodeForbidden:         http.StatusForbidden,
	fault.CodeTooManyRequests:   http.StatusTooManyRequests,
}

// writeError answers err in FastAPI's shape. Errors without a code are
// internal: logged, and answered with a generic 500 that leaks nothing.
func writeError(w http.ResponseWriter, log *slog.Logger, err error) {
	var ve *ValidationError
	if errors.As(err, &ve) {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"detail": ve.Fields})
		return
	}
	var te *auth.ThrottledError
	if errors.As(err, &te) {
		w.Header().Set("Retry-After", strconv.Itoa(te.RetrySeconds()))
		writeDetail(w, statusOf[fault.CodeTooManyRequests], te.Error())
		return
	}
	var ise *pos.InsufficientStockError
	if errors.As(err, &ise) {
		writeDetail(w, statusOf[fault.CodeInsufficientStock], ise.Error())
		return
	}
	pe := store.AsFault(err)
	if pe == nil {
		log.Error("rest: internal error", "err", err)
		writeDetail(w, http.StatusInternalServerError, "Internal Server Error")
		return
	}
	status, ok := statusOf[pe.Code]
	if !ok {
		log.Error("rest: internal error", "code", pe.Code, "err", err)
		writeDetail(w, http.StatusInternalServerError, "Internal Server Error")
		return
	}
	switch status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", "Bearer")
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "1")
	case http.StatusUnprocessableEntity:
		// A bad value the core caught is still a validation error to a
		// FastAPI client: answer in the list shape, naming the field.
		loc := []any{"body"}
		if pe.Field != "" {
			loc = append(loc, pe.Field)
		}
		writeJSON(w, status, map[string]any{"detail": []FieldError{{Loc: loc, Msg: pe.Message, Type: "value_error"}}})
		return
	}
	writeDetail(w, status, pe.Message)
}

func writeDetail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"detail": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// deleted is the body of the documented 200-on-delete answers.
func deleted(what string, id uuid.UUID) map[string]any {
	return map[string]any{"detail": what + " deleted", "id": id}
}

// notFound names a missing record the way the documented API did, by its
// kind only ("Product not found", never the id), and passes every other
// error through.
func notFound(err error, what string) error {
	if err != nil && ent.IsNotFound(err) {
		return &fault.Error{Code: fault.CodeNotFound, Message: what + " not found"}
	}
	if pe := store.AsFault(err); pe != nil && pe.Code == fault.CodeNotFound {
		return &fault.Error{Code: fault.CodeNotFound, Message: what + " not found"}
	}
	return err
}
