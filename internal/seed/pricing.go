package seed

import "github.com/pandac/pandac/internal/pos"

// price is the single place the seed gets a sale's amounts, and it is the
// checkout's own pricing function, so demo data never disagrees with what
// the till would have charged. Seeded sales use no discount code.
func price(lines []pos.QuoteLine, taxPPM int64) pos.Totals {
	return pos.Quote(lines, nil, taxPPM)
}
