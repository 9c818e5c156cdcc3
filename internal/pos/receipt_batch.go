package pos

import (
	"context"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/saleitem"
)

// Receipts renders the receipts of many sales with the same statements one
// receipt takes (settings, sales, and one query per edge), so a list of sales
// showing their receipts costs what one does. Ids that name no sale are left
// out of the map. Rendering is Receipt's, to the byte.
func (s Selling) Receipts(ctx context.Context, saleIDs []uuid.UUID) (map[uuid.UUID]string, error) {
	out := make(map[uuid.UUID]string, len(saleIDs))
	if len(saleIDs) == 0 {
		return out, nil
	}
	c := s.clientFor(ctx)
	st, err := readSettings(ctx, c)
	if err != nil {
		return nil, err
	}
	sales, err := c.Sale.Query().Where(sale.IDIn(saleIDs...)).
		WithItems(func(q *ent.SaleItemQuery) { q.Order(saleitem.ByCreatedAt(), saleitem.ByID()) }).
		WithPayments(func(q *ent.PaymentQuery) { q.Order(payment.ByPaidAt(), payment.ByID()) }).
		WithCustomer().All(ctx)
	if err != nil {
		return nil, err
	}
	sellers, err := s.sellerNames(ctx, sales)
	if err != nil {
		return nil, err
	}
	for _, sl := range sales {
		out[sl.ID] = renderReceipt(sl, st, sellers[sl.ID])
	}
	return out, nil
}
