package graph

import (
	"github.com/google/uuid"

	"github.com/pandac/pandac/graph/model"
	"github.com/pandac/pandac/internal/pos"
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

// valueOf reads an optional string argument, "" when absent.
func valueOf(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// poLines converts purchase order lines; nil stays nil (no change on update).
func poLines(in []*model.PurchaseOrderLineInput) []pos.PurchaseOrderLineInput {
	if in == nil {
		return nil
	}
	out := make([]pos.PurchaseOrderLineInput, 0, len(in))
	for _, l := range in {
		out = append(out, pos.PurchaseOrderLineInput{ProductID: l.ProductID, Quantity: int64(l.Quantity), UnitCost: l.UnitCost})
	}
	return out
}
