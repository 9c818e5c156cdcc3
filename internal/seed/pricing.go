package seed

import (
	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/money"
)

// basketLine is one line of a generated sale, before pricing.
type basketLine struct {
	ProductID uuid.UUID
	Quantity  int64
	UnitPrice money.Amount
	UnitCost  money.Amount
}

// pricedLine is a line's amounts as the seed stores them.
type pricedLine struct {
	Discount, Subtotal, Tax, Total money.Amount
}

// priced is a sale's amounts: Subtotal is gross, Total = Subtotal - Discount + Tax.
type priced struct {
	Lines                          []pricedLine
	Subtotal, Discount, Tax, Total money.Amount
}

// price is the single place the seed gets a sale's amounts. Seeded sales carry
// no discounts, so this is the discount-free path of the pricing rules: tax
// once on the sale's taxable amount, rounded half to even by money.Percent,
// and spread over the lines by money.Allocate. When pos.Quote is on main this
// body becomes a call to it (pos.Quote(lines, nil, taxPPM) and a field copy),
// so demo data can never disagree with checkout.
func price(lines []basketLine, taxPPM int64) priced {
	var p priced
	p.Lines = make([]pricedLine, len(lines))
	weights := make([]int64, len(lines))
	for i, l := range lines {
		gross := l.UnitPrice.Mul(l.Quantity)
		p.Subtotal += gross
		p.Lines[i].Subtotal = gross
		weights[i] = int64(gross)
	}
	p.Tax = p.Subtotal.Percent(taxPPM)
	for i, share := range p.Tax.Allocate(weights) {
		p.Lines[i].Tax = share
		p.Lines[i].Total = p.Lines[i].Subtotal + share
	}
	p.Total = p.Subtotal - p.Discount + p.Tax
	return p
}
