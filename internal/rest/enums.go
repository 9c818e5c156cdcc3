package rest

import "strings"

// enumTable maps the REST spellings of an enum to the core's, in one place
// per enum. The first pair naming a core value gives its REST spelling.
type enumTable []struct{ rest, core string }

// toCore accepts the REST spelling, matched case-insensitively, or the
// core's own spelling.
func (t enumTable) toCore(s string) (string, bool) {
	for _, p := range t {
		if strings.EqualFold(p.rest, s) || p.core == s {
			return p.core, true
		}
	}
	return "", false
}

// toRest gives the REST spelling of a core value; unknown values pass
// through lower-cased so a newer core never breaks an answer.
func (t enumTable) toRest(core string) string {
	for _, p := range t {
		if p.core == core {
			return p.rest
		}
	}
	return strings.ToLower(core)
}

func (t enumTable) expected() string {
	seen := map[string]bool{}
	var names []string
	for _, p := range t {
		if !seen[p.rest] {
			seen[p.rest] = true
			names = append(names, "'"+p.rest+"'")
		}
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// paymentMethods: the documented cash/card/digital/check, plus the core's
// other methods under their own names.
var paymentMethods = enumTable{
	{"cash", "CASH"}, {"card", "CARD"}, {"digital", "DIGITAL_WALLET"}, {"check", "CHECK"},
	{"bank_transfer", "BANK_TRANSFER"}, {"loyalty_points", "LOYALTY_POINTS"},
}

// paymentStatuses are the same words in both.
var paymentStatuses = enumTable{
	{"pending", "PENDING"}, {"completed", "COMPLETED"}, {"failed", "FAILED"}, {"refunded", "REFUNDED"},
}

// saleStatuses: an open sale is "pending", a voided one "cancelled"; a
// partial refund reads as "refunded" (REST has no finer word).
var saleStatuses = enumTable{
	{"pending", "OPEN"}, {"completed", "COMPLETED"}, {"cancelled", "VOIDED"},
	{"refunded", "REFUNDED"}, {"refunded", "PARTIALLY_REFUNDED"},
}

// purchaseOrderStatuses: capitalised in REST; "Cancelled" exists only in the core.
var purchaseOrderStatuses = enumTable{
	{"Pending", "PENDING"}, {"Shipped", "SHIPPED"}, {"Delivered", "DELIVERED"}, {"Cancelled", "CANCELLED"},
}

// discountTypes as the FastAPI system named them.
var discountTypes = enumTable{
	{"percentage", "PERCENTAGE"}, {"fixed_amount", "FIXED_AMOUNT"}, {"fixed", "FIXED_AMOUNT"},
}

// loyaltyTiers are capitalised words in REST.
var loyaltyTiers = enumTable{
	{"Bronze", "BRONZE"}, {"Silver", "SILVER"}, {"Gold", "GOLD"}, {"Platinum", "PLATINUM"},
}

// notificationTypes as the FastAPI system wrote them.
var notificationTypes = enumTable{
	{"low_stock", "LOW_STOCK"}, {"system", "SYSTEM"}, {"payment", "PAYMENT"}, {"user", "USER"},
}
