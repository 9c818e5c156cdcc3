package pos

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/saleitem"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/fault"
)

// CreateSaleInput opens a sale to be built step by step.
type CreateSaleInput struct {
	CustomerID   *uuid.UUID
	Notes        string
	Items        []ItemInput
	DiscountCode string
}

// CreateSale opens a sale (OPEN) with optional first items. Nothing leaves
// stock until the sale completes.
func (s Selling) CreateSale(ctx context.Context, in CreateSaleInput) (*ent.Sale, error) {
	items, err := mergeItems(in.Items)
	if err != nil {
		return nil, err
	}
	// CreateSale is a checkout without payments: the same draft, written
	// as it stands.
	id := sale.DefaultID()
	err = s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		d, err := s.draftSale(ctx, tx, id, CheckoutInput{CustomerID: in.CustomerID, Items: items,
			DiscountCode: strings.TrimSpace(in.DiscountCode), Notes: strings.TrimSpace(in.Notes)})
		if err != nil {
			return err
		}
		return writeSale(ctx, tx, d)
	})
	if err != nil {
		return nil, err
	}
	return s.clientFor(ctx).Sale.Get(ctx, id)
}

// AddSaleItem adds a product to an OPEN sale (or more of one already on it).
func (s Selling) AddSaleItem(ctx context.Context, saleID, productID uuid.UUID, quantity int64) (*ent.Sale, error) {
	items, err := mergeItems([]ItemInput{{ProductID: productID, Quantity: quantity}})
	if err != nil {
		return nil, err
	}
	return s.withSale(ctx, func(ctx context.Context, tx *ent.Tx, st Settings) (*ent.Sale, error) {
		sl, err := editableSale(ctx, tx, saleID)
		if err != nil {
			return nil, err
		}
		if err := s.addLines(ctx, tx, sl, items); err != nil {
			return nil, err
		}
		return s.reprice(ctx, tx, sl, "", st)
	})
}

// UpdateSaleItem sets the quantity of a line of an OPEN sale.
func (s Selling) UpdateSaleItem(ctx context.Context, itemID uuid.UUID, quantity int64) (*ent.Sale, error) {
	if quantity <= 0 || quantity > maxLineQuantity {
		return nil, fault.BadInput("quantity", "quantity must be between 1 and %d, got %d (use removeSaleItem to drop a line)", maxLineQuantity, quantity)
	}
	return s.withItem(ctx, itemID, func(ctx context.Context, tx *ent.Tx, it *ent.SaleItem) error {
		return tx.SaleItem.UpdateOne(it).SetQuantity(quantity).Exec(ctx)
	})
}

// RemoveSaleItem drops a line from an OPEN sale.
func (s Selling) RemoveSaleItem(ctx context.Context, itemID uuid.UUID) (*ent.Sale, error) {
	return s.withItem(ctx, itemID, func(ctx context.Context, tx *ent.Tx, it *ent.SaleItem) error {
		return tx.SaleItem.DeleteOne(it).Exec(ctx)
	})
}

// CompleteSale completes an OPEN sale whose payments cover its total.
func (s Selling) CompleteSale(ctx context.Context, id uuid.UUID) (*ent.Sale, error) {
	return s.withSale(ctx, func(ctx context.Context, tx *ent.Tx, st Settings) (*ent.Sale, error) {
		sl, err := loadSale(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		till, err := tillOf(ctx, tx)
		if err != nil {
			return nil, err
		}
		return s.complete(ctx, tx, sl, st, till)
	})
}

// VoidSale cancels a sale as a whole. An OPEN sale is simply cancelled; a
// COMPLETED one has its stock returned (VOID movements) and its loyalty
// reversed. Either way points spent on it are given back, and every payment
// taken on it is paid back: each COMPLETED SALE payment is marked REFUNDED
// (taken, then given back) and answered by a COMPLETED REFUND payment of the
// same method and amount, in the voiding cashier's open session, since the
// cash leaves that drawer (a manager approving on a cashier's till, with no
// session of their own, pays back out of the sale's: see drawerFor). This is
// what the Z-report (cashsession.go) and the reports read: money taken is a SALE payment, COMPLETED or REFUNDED; money
// given back is a COMPLETED REFUND payment. refunded_total is left alone: it
// counts refunds of lines, and a voided sale is counted apart. The sale
// itself is kept.
//
// Without the VOID permission a caller voids only a sale of their own open
// cash session, or a cart of their own nobody has paid into (see
// checkVoidControl).
func (s Selling) VoidSale(ctx context.Context, id uuid.UUID, reason string) (*ent.Sale, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fault.BadInput("reason", "a reason is required to void a sale")
	}
	return s.withSale(ctx, func(ctx context.Context, tx *ent.Tx, st Settings) (*ent.Sale, error) {
		sl, err := loadSale(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		to, err := CheckSaleTransition(sl.Status, ActionVoid)
		if err != nil {
			return nil, err
		}
		if err := checkVoidControl(ctx, tx, sl); err != nil {
			return nil, err
		}
		till, err := drawerFor(ctx, tx, sl)
		if err != nil {
			return nil, err
		}
		if err := s.payBack(ctx, tx, sl, till, st, "void: "+reason); err != nil {
			return nil, err
		}
		if sl.Status == sale.StatusCOMPLETED {
			items, err := tx.SaleItem.Query().Where(saleitem.SaleID(id)).Order(saleitem.ByProductID()).All(ctx)
			if err != nil {
				return nil, err
			}
			var ms []Movement
			for _, it := range items {
				if n := it.Quantity - it.RefundedQuantity; n > 0 {
					ms = append(ms, Movement{ProductID: it.ProductID, Delta: n, Kind: stockmovement.KindVOID,
						Reason: "void: " + reason, Reference: id.String(), UnitCost: it.UnitCost})
				}
			}
			if _, err := applyMovements(ctx, tx, ms); err != nil {
				return nil, err
			}
			if sl.CustomerID != nil {
				if err := reversePoints(ctx, tx, *sl.CustomerID, sl.LoyaltyPointsEarned, st); err != nil {
					return nil, err
				}
			}
		}
		if sl.CustomerID != nil && sl.LoyaltyPointsRedeemed > 0 {
			if err := addPoints(ctx, tx, *sl.CustomerID, sl.LoyaltyPointsRedeemed, st); err != nil {
				return nil, err
			}
		}
		return tx.Sale.UpdateOne(sl).SetStatus(to).SetVoidedAt(s.now()).SetVoidReason(reason).Save(ctx)
	})
}

// payBack answers every COMPLETED SALE payment of a sale being voided with a
// REFUND payment in till, and marks the original REFUNDED. Points paid with
// are credited back by the caller; their REFUND row is the record of it.
func (s *core) payBack(ctx context.Context, tx *ent.Tx, sl *ent.Sale, till *uuid.UUID, st Settings, notes string) error {
	taken, err := tx.Payment.Query().
		Where(payment.SaleID(sl.ID), payment.KindEQ(payment.KindSALE), payment.StatusEQ(payment.StatusCOMPLETED)).
		Order(payment.ByPaidAt(), payment.ByID()).All(ctx)
	if err != nil {
		return err
	}
	if len(taken) == 0 {
		return nil
	}
	now := s.now()
	backs := make([]*ent.PaymentCreate, len(taken))
	for i, p := range taken {
		if err := checkTill(till, p.Method, st, "id"); err != nil {
			return err
		}
		backs[i] = tx.Payment.Create().SetSaleID(sl.ID).SetMethod(p.Method).SetKind(payment.KindREFUND).
			SetStatus(payment.StatusCOMPLETED).SetAmount(p.Amount).SetTendered(p.Amount).SetReference(p.Reference).
			SetNotes(truncate(notes, 500)).SetPaidAt(now).SetNillableCashSessionID(till)
	}
	if err := tx.Payment.CreateBulk(backs...).Exec(ctx); err != nil {
		return err
	}
	return tx.Payment.Update().Where(payment.SaleID(sl.ID), payment.KindEQ(payment.KindSALE), payment.StatusEQ(payment.StatusCOMPLETED)).
		SetStatus(payment.StatusREFUNDED).Exec(ctx)
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence, for
// free text copied into a column with a length limit.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// withSale runs fn in a transaction with the settings loaded and returns the
// sale re-read after commit.
func (s *core) withSale(ctx context.Context, fn func(ctx context.Context, tx *ent.Tx, st Settings) (*ent.Sale, error)) (*ent.Sale, error) {
	var id uuid.UUID
	err := s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		st, err := readSettings(ctx, tx.Client())
		if err != nil {
			return err
		}
		sl, err := fn(ctx, tx, st)
		if err != nil {
			return err
		}
		id = sl.ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.clientFor(ctx).Sale.Get(ctx, id)
}

// withItem changes one line of an OPEN sale and reprices it.
func (s *core) withItem(ctx context.Context, itemID uuid.UUID, fn func(ctx context.Context, tx *ent.Tx, it *ent.SaleItem) error) (*ent.Sale, error) {
	return s.withSale(ctx, func(ctx context.Context, tx *ent.Tx, st Settings) (*ent.Sale, error) {
		it, err := tx.SaleItem.Get(ctx, itemID)
		if ent.IsNotFound(err) {
			return nil, fault.NotFound("sale item", itemID)
		}
		if err != nil {
			return nil, err
		}
		sl, err := editableSale(ctx, tx, it.SaleID)
		if err != nil {
			return nil, err
		}
		if err := fn(ctx, tx, it); err != nil {
			return nil, err
		}
		return s.reprice(ctx, tx, sl, "", st)
	})
}

// loadSale reads a sale for a change, locking its row first (an update that
// touches updated_at): on PostgreSQL two tills changing one sale then take
// turns, and each sees the other's result instead of a stale status.
func loadSale(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.Sale, error) {
	sl, err := tx.Sale.UpdateOneID(id).SetUpdatedAt(time.Now()).Save(ctx)
	if ent.IsNotFound(err) {
		return nil, fault.NotFound("sale", id)
	}
	return sl, err
}

// editableSale loads a sale whose lines may change: OPEN and not yet paid
// into, since changing the basket under a taken payment would leave the
// payment for a different sale.
func editableSale(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.Sale, error) {
	sl, err := loadSale(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if _, err := CheckSaleTransition(sl.Status, ActionEditItems); err != nil {
		return nil, err
	}
	if sl.PaidTotal > 0 {
		return nil, fault.BadInput("saleId", "sale %s already has payments; void it to start again", id)
	}
	return sl, nil
}
