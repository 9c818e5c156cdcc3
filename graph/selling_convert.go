package graph

import (
	"github.com/pandac/pandac/graph/model"
	"github.com/pandac/pandac/internal/pos"
)

// str reads an optional string argument.
func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func saleItems(in []*model.SaleItemInput) []pos.ItemInput {
	out := make([]pos.ItemInput, 0, len(in))
	for _, it := range in {
		out = append(out, pos.ItemInput{ProductID: it.ProductID, Quantity: int64(it.Quantity)})
	}
	return out
}

func salePayments(in []*model.SalePaymentInput) []pos.PaymentInput {
	out := make([]pos.PaymentInput, 0, len(in))
	for _, p := range in {
		out = append(out, pos.PaymentInput{Method: p.Method, Amount: p.Amount, Reference: str(p.Reference)})
	}
	return out
}

func refundItems(in []*model.RefundItemInput) []pos.RefundItemInput {
	out := make([]pos.RefundItemInput, 0, len(in))
	for _, it := range in {
		out = append(out, pos.RefundItemInput{SaleItemID: it.SaleItemID, Quantity: int64(it.Quantity)})
	}
	return out
}
