package pos

import (
	"context"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/customer"
	"github.com/pandac/pandac/ent/loyaltyprogram"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
)

// pointsEarned is the loyalty a sale earns: loyalty_points_per_unit points
// per whole currency unit of its net amount (after discounts, before tax),
// rounded down, since a fraction of a point cannot be held.
func pointsEarned(net money.Amount, st Settings) int64 {
	if net <= 0 {
		return 0
	}
	units := int64(net) / money.Scale
	return units * st.PointsPerUnitE4 / 10_000
}

// pointsFor is how many points pay for amount at the configured point value,
// rounded up so the store is never paid less than amount.
func pointsFor(amount money.Amount, st Settings) int64 {
	v := int64(st.PointValue)
	return (int64(amount) + v - 1) / v
}

// TierFor returns the loyalty tier of a points balance.
func TierFor(points int64, st Settings) customer.Tier {
	switch {
	case points >= st.TierPlatinum:
		return customer.TierPLATINUM
	case points >= st.TierGold:
		return customer.TierGOLD
	case points >= st.TierSilver:
		return customer.TierSILVER
	}
	return customer.TierBRONZE
}

// addPoints credits points to a customer and moves their tier to match.
func addPoints(ctx context.Context, tx *ent.Tx, id uuid.UUID, pts int64, st Settings) error {
	c, err := tx.Customer.UpdateOneID(id).AddLoyaltyPoints(pts).Save(ctx)
	if err != nil {
		return err
	}
	// UpdateOne has read the row back already: no second read for the tier.
	return syncTierOf(ctx, tx, c, st)
}

// spendPoints debits points for a redemption. The update is conditional, so
// two tills cannot both spend the same points.
func spendPoints(ctx context.Context, tx *ent.Tx, id uuid.UUID, pts int64, st Settings) error {
	n, err := tx.Customer.Update().Where(customer.ID(id), customer.LoyaltyPointsGTE(pts)).AddLoyaltyPoints(-pts).Save(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		c, err := tx.Customer.Get(ctx, id)
		if err != nil {
			return err
		}
		return fault.BadInput("amount", "customer has %d loyalty points, %d are needed", c.LoyaltyPoints, pts)
	}
	return syncTier(ctx, tx, id, st)
}

// reversePoints takes back points earned by a voided or refunded sale,
// never leaving the balance below zero (the customer may have spent them).
func reversePoints(ctx context.Context, tx *ent.Tx, id uuid.UUID, pts int64, st Settings) error {
	if pts <= 0 {
		return nil
	}
	n, err := tx.Customer.Update().Where(customer.ID(id), customer.LoyaltyPointsGTE(pts)).AddLoyaltyPoints(-pts).Save(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		if err := tx.Customer.UpdateOneID(id).SetLoyaltyPoints(0).Exec(ctx); err != nil {
			return err
		}
	}
	return syncTier(ctx, tx, id, st)
}

// syncTier is the one place a customer's loyalty settles after a change of
// points: the tier follows the balance, and the customer's LoyaltyProgram
// rows, when there are any, take the same points and tier, so the catalogue
// view of a membership never disagrees with the customer.
func syncTier(ctx context.Context, tx *ent.Tx, id uuid.UUID, st Settings) error {
	c, err := tx.Customer.Get(ctx, id)
	if err != nil {
		return err
	}
	return syncTierOf(ctx, tx, c, st)
}

// syncTierOf moves c's tier, and its loyalty program row, to match its
// balance; c must be current in tx.
func syncTierOf(ctx context.Context, tx *ent.Tx, c *ent.Customer, st Settings) error {
	t := TierFor(c.LoyaltyPoints, st)
	if t != c.Tier {
		if err := tx.Customer.UpdateOneID(c.ID).SetTier(t).Exec(ctx); err != nil {
			return err
		}
	}
	pt := loyaltyprogram.Tier(t)
	return tx.LoyaltyProgram.Update().
		Where(loyaltyprogram.CustomerID(c.ID), loyaltyprogram.Or(loyaltyprogram.PointsNEQ(c.LoyaltyPoints), loyaltyprogram.TierNEQ(pt))).
		SetPoints(c.LoyaltyPoints).SetTier(pt).Exec(ctx)
}
