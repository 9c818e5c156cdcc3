package pos

import (
	"fmt"

	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/money"
)

// checkBasket refuses a basket whose gross value cannot be represented:
// prices go up to money.Max and quantities to maxLineQuantity, so one line
// alone can pass int64 minor units, and Quote (which never fails) would
// price it as a wrapped-around, possibly negative, amount. Every line and
// the sum of lines must stay within money.Max.
func checkBasket(lines []QuoteLine) error {
	var sum money.Amount
	for i, l := range lines {
		if l.Quantity <= 0 || l.UnitPrice <= 0 {
			continue
		}
		if l.Quantity > int64(money.Max/l.UnitPrice) {
			return fault.BadInput(fmt.Sprintf("items[%d].quantity", i), "%d x %s is more than the largest sale allowed (%s)", l.Quantity, l.UnitPrice, money.Max)
		}
		gross := l.UnitPrice.Mul(l.Quantity)
		if sum > money.Max-gross {
			return fault.BadInput("items", "the sale is worth more than the largest sale allowed (%s)", money.Max)
		}
		sum += gross
	}
	return nil
}
