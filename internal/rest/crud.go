package rest

import (
	"context"

	"github.com/google/uuid"
)

// The shape most /v1 resources share: a page of records, one record by id,
// a create or a change, and a delete, each answering the documented statuses
// and bodies. A handler whose shape differs (a check before deleting, a
// record read again after saving) stays written out.

// pageQuery is an ent query that can be paged and run; Q is the query type
// itself, which ent's builder methods return.
type pageQuery[Q, T any] interface {
	Offset(int) Q
	Limit(int) Q
	All(context.Context) ([]T, error)
}

// listPage answers a list: FastAPI's skip/limit from the query string, then
// that page of q as views. q must be ordered, so that pages do not overlap.
func listPage[Q pageQuery[Q, T], T, V any](c *call, q Q, view func(T) V) (any, error) {
	off, lim := c.page()
	if err := c.done(); err != nil {
		return nil, err
	}
	rows, err := q.Offset(off).Limit(lim).All(c.ctx)
	return mapAll(rows, view), err
}

// getOne answers a read of the record whose id is the path parameter param,
// naming it what in a NOT_FOUND.
func getOne[T, V any](c *call, param, what string, fetch func(context.Context, uuid.UUID) (T, error), view func(T) V) (any, error) {
	id := c.pathID(param)
	if err := c.done(); err != nil {
		return nil, err
	}
	rec, err := fetch(c.ctx, id)
	if err != nil {
		return nil, notFound(err, what)
	}
	return view(rec), nil
}

// saveNew answers a create: once the request has decoded cleanly, the record
// save returns, as its view. The core's errors pass through unchanged: a
// NOT_FOUND there is about a record the new one refers to.
func saveNew[T, V any](c *call, save func() (T, error), view func(T) V) (any, error) {
	if err := c.done(); err != nil {
		return nil, err
	}
	rec, err := save()
	if err != nil {
		return nil, err
	}
	return view(rec), nil
}

// saveChange answers a change to an existing record, like saveNew, but a
// NOT_FOUND names the record changed (what), as the documented API did.
func saveChange[T, V any](c *call, what string, save func() (T, error), view func(T) V) (any, error) {
	if err := c.done(); err != nil {
		return nil, err
	}
	rec, err := save()
	if err != nil {
		return nil, notFound(err, what)
	}
	return view(rec), nil
}

// deleteOne answers a delete of the record whose id is the path parameter
// param, with no body.
func deleteOne(c *call, param, what string, del func(context.Context, uuid.UUID) error) (any, error) {
	id := c.pathID(param)
	if err := c.done(); err != nil {
		return nil, err
	}
	return nil, notFound(del(c.ctx, id), what)
}

// deleteWithBody is deleteOne for the routes the reference API answered with
// a 200 and a body naming what was deleted.
func deleteWithBody(c *call, param, what string, del func(context.Context, uuid.UUID) error) (any, error) {
	if _, err := deleteOne(c, param, what, del); err != nil {
		return nil, err
	}
	// The id parsed once already, so this second read cannot fail.
	return deleted(what, c.pathID(param)), nil
}
