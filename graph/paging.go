package graph

import (
	"context"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/ids"
)

// DefaultPageSize is the page size of a connection asked for without first/last.
const DefaultPageSize = 50

// MaxPageSize bounds first/last so one request cannot read a whole table.
const MaxPageSize = 250

// pageSize applies the default page size and rejects pages above the maximum.
func pageSize(first, last *int) (*int, *int, error) {
	for name, v := range map[string]*int{"first": first, "last": last} {
		if v == nil {
			continue
		}
		if *v < 0 {
			return nil, nil, fault.BadInput(name, "%s must not be negative, got %d", name, *v)
		}
		if *v > MaxPageSize {
			return nil, nil, fault.BadInput(name, "%s must be at most %d, got %d", name, MaxPageSize, *v)
		}
	}
	if first == nil && last == nil {
		n := DefaultPageSize
		first = &n
	}
	return first, last, nil
}

// nodeType tells ent which table an id belongs to from the tag inside it.
func nodeType(_ context.Context, id uuid.UUID) (string, error) {
	t, ok := ids.Table(id)
	if !ok {
		return "", fault.NotFound("node", id)
	}
	return t, nil
}
