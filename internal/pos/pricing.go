package pos

import (
	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/money"
)

// Pricing rules (the one place a sale's amounts are computed).
//
// Rounding: every derived cent is rounded half to even, exactly once, by
// money.Amount.Percent (percentages and tax) or split without rounding loss by
// money.Amount.Allocate (sale-level amounts spread over lines). Nothing else
// in Pandac rounds money.
//
// Discounts combine like this, so a shopper never gets two automatic
// discounts stacked on one line, yet a code still adds to them:
//
//  1. Automatic discounts (active, no code, linked to the product) are
//     applied per line: the single automatic discount worth the most on that
//     line wins. A PERCENTAGE takes value% of the line; a FIXED_AMOUNT takes
//     value off each unit (capped at the unit price), because "1.00 off this
//     product" is meant per item.
//  2. Then one code discount may apply on top, to the lines it names (or the
//     whole basket when it names none), on what is left after step 1. A
//     PERCENTAGE is rounded once on the eligible amount; a FIXED_AMOUNT is
//     taken once per sale, capped at the eligible amount. Either is then
//     spread over the eligible lines in proportion to their amounts with
//     Allocate, so the line discounts add up to the sale discount exactly.
//
// min_subtotal is compared with the gross basket subtotal (quantity x unit
// price of every line, before any discount).
//
// Tax is computed once on the sale's discounted amount (sum of the line
// subtotals), rounded half to even, then spread over the lines with Allocate
// in proportion to their subtotals. The sale's tax is therefore exactly
// rate x taxable amount, and the line taxes sum to it, so
// total = subtotal - discount + tax = sum of line totals, to the cent.

// DiscountKind says how a discount's value is read.
type DiscountKind string

// The discount kinds, matching the Discount.type column.
const (
	DiscountPercentage  DiscountKind = "PERCENTAGE"
	DiscountFixedAmount DiscountKind = "FIXED_AMOUNT"
)

// DiscountRule is a discount as pricing sees it, already checked for being
// active and inside its validity window.
type DiscountRule struct {
	ID   uuid.UUID
	Name string
	Kind DiscountKind
	// Value is hundredths of a percent (1000 = 10.00%) for PERCENTAGE and minor
	// units for FIXED_AMOUNT, as stored in the Discount.value column.
	Value       money.Amount
	MinSubtotal money.Amount
	// ProductIDs limits the discount to these products; empty means every line.
	ProductIDs []uuid.UUID
}

func (d *DiscountRule) appliesTo(p uuid.UUID) bool {
	if len(d.ProductIDs) == 0 {
		return true
	}
	for _, id := range d.ProductIDs {
		if id == p {
			return true
		}
	}
	return false
}

// ratePPM converts a percentage value in hundredths of a percent to parts
// per million, the unit money.Amount.Percent takes (10.00% = 100000 ppm).
func (d *DiscountRule) ratePPM() int64 {
	v := int64(d.Value)
	if v > 10000 {
		v = 10000
	}
	return v * 100
}

// QuoteLine is one basket line to price: the product and the prices captured
// from it.
type QuoteLine struct {
	ProductID uuid.UUID
	Quantity  int64
	UnitPrice money.Amount
	UnitCost  money.Amount
	// Automatic lists the automatic discounts linked to the product; the best
	// single one is applied.
	Automatic []DiscountRule
}

// LineTotals is the priced form of one QuoteLine.
type LineTotals struct {
	ProductID uuid.UUID
	Quantity  int64
	UnitPrice money.Amount
	UnitCost  money.Amount
	// Gross is quantity x unit price.
	Gross money.Amount
	// AutoDiscountID is the automatic discount applied to the line, if any.
	AutoDiscountID *uuid.UUID
	// Discount is the line's automatic discount plus its share of the code discount.
	Discount money.Amount
	// Subtotal is Gross - Discount, the taxable amount of the line.
	Subtotal money.Amount
	// Tax is the line's share of the sale tax.
	Tax money.Amount
	// Total is Subtotal + Tax.
	Total money.Amount
}

// Totals is a priced basket. Subtotal is gross (before discount), and
// Total = Subtotal - Discount + Tax = sum of the line totals.
type Totals struct {
	Lines    []LineTotals
	Subtotal money.Amount
	Discount money.Amount
	Tax      money.Amount
	Total    money.Amount
	// CodeDiscount is what the code discount took in all; CodeApplied reports
	// whether the code's conditions (min_subtotal, eligible lines) were met.
	CodeDiscount money.Amount
	CodeApplied  bool
}

// Quote prices a basket: captured unit prices, the best automatic discount
// per line, then the optional code discount, then tax at taxRatePPM (parts
// per million, as money.ParseRate returns). It is pure and never fails;
// quantities below one are treated as zero.
func Quote(lines []QuoteLine, code *DiscountRule, taxRatePPM int64) Totals {
	var t Totals
	t.Lines = make([]LineTotals, len(lines))
	for i, l := range lines {
		q := l.Quantity
		if q < 0 {
			q = 0
		}
		lt := LineTotals{ProductID: l.ProductID, Quantity: q, UnitPrice: l.UnitPrice, UnitCost: l.UnitCost, Gross: l.UnitPrice.Mul(q)}
		t.Subtotal += lt.Gross
		t.Lines[i] = lt
	}
	// Step 1: best single automatic discount per line.
	for i, l := range lines {
		lt := &t.Lines[i]
		var best money.Amount
		for j := range l.Automatic {
			d := &l.Automatic[j]
			if t.Subtotal < d.MinSubtotal {
				continue
			}
			if off := lineDiscount(d, lt); off > best {
				best = off
				id := d.ID
				lt.AutoDiscountID = &id
			}
		}
		lt.Discount = best
	}
	// Step 2: one code discount on what is left of the eligible lines.
	if code != nil && t.Subtotal >= code.MinSubtotal {
		weights := make([]int64, len(t.Lines))
		var base money.Amount
		for i := range t.Lines {
			lt := &t.Lines[i]
			if code.appliesTo(lt.ProductID) {
				left := lt.Gross - lt.Discount
				weights[i] = int64(left)
				base += left
			}
		}
		if base > 0 {
			var off money.Amount
			switch code.Kind {
			case DiscountPercentage:
				off = base.Percent(code.ratePPM())
			case DiscountFixedAmount:
				off = money.Min(code.Value, base)
			}
			if off < 0 {
				off = 0
			}
			for i, share := range off.Allocate(weights) {
				t.Lines[i].Discount += share
			}
			t.CodeDiscount = off
			t.CodeApplied = true
		}
	}
	// Step 3: tax once on the sale, spread over the lines.
	weights := make([]int64, len(t.Lines))
	var taxable money.Amount
	for i := range t.Lines {
		lt := &t.Lines[i]
		lt.Subtotal = lt.Gross - lt.Discount
		weights[i] = int64(lt.Subtotal)
		taxable += lt.Subtotal
		t.Discount += lt.Discount
	}
	t.Tax = taxable.Percent(taxRatePPM)
	for i, share := range t.Tax.Allocate(weights) {
		lt := &t.Lines[i]
		lt.Tax = share
		lt.Total = lt.Subtotal + lt.Tax
		t.Total += lt.Total
	}
	return t
}

// lineDiscount is what an automatic discount takes off one line, never more
// than the line is worth.
func lineDiscount(d *DiscountRule, lt *LineTotals) money.Amount {
	if !d.appliesTo(lt.ProductID) || lt.Gross <= 0 {
		return 0
	}
	var off money.Amount
	switch d.Kind {
	case DiscountPercentage:
		off = lt.Gross.Percent(d.ratePPM())
	case DiscountFixedAmount:
		off = money.Min(d.Value, lt.UnitPrice).Mul(lt.Quantity)
	}
	if off < 0 {
		return 0
	}
	return money.Min(off, lt.Gross)
}

// ProratedShare returns the part of whole that belongs to part of count
// units, such that the shares of successive parts add up to whole exactly
// once all count units are taken: it is the difference of the cumulative
// shares cum(done+part) - cum(done), each rounded half to even. Refunds use it
// to give back a line's captured amounts unit by unit.
func ProratedShare(whole money.Amount, count, done, part int64) money.Amount {
	if count <= 0 {
		return 0
	}
	cum := func(n int64) money.Amount {
		if n >= count {
			return whole
		}
		return money.Amount(money.DivRound(int64(whole)*n, count))
	}
	return cum(done+part) - cum(done)
}
