package graph

import (
	"github.com/google/uuid"

	"github.com/pandac/pandac/graph/model"
)

// toInt64 reads an optional Int field of an optional input as *int64.
func toInt64[T any](in *T, get func(*T) *int) *int64 {
	if in == nil {
		return nil
	}
	v := get(in)
	if v == nil {
		return nil
	}
	n := int64(*v)
	return &n
}

func supplierOf(in *model.ProductStockInput) *uuid.UUID {
	if in == nil {
		return nil
	}
	return in.SupplierID
}
