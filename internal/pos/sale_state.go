package pos

import (
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/internal/fault"
)

// SaleAction is something done to a sale that its status may forbid.
type SaleAction string

// The actions of the sale lifecycle.
const (
	ActionEditItems SaleAction = "edit items of"
	ActionPay       SaleAction = "add a payment to"
	ActionComplete  SaleAction = "complete"
	ActionVoid      SaleAction = "void"
	ActionRefund    SaleAction = "refund"
)

// saleTransitions is the sale lifecycle: for each action, the statuses it is
// allowed from and the status it leads to. A refund leads to
// PARTIALLY_REFUNDED or REFUNDED depending on what is left, so its target is
// decided by the caller (refundTarget).
var saleTransitions = map[SaleAction]struct {
	from []sale.Status
	to   sale.Status
}{
	ActionEditItems: {from: []sale.Status{sale.StatusOPEN}, to: sale.StatusOPEN},
	ActionPay:       {from: []sale.Status{sale.StatusOPEN}, to: sale.StatusOPEN},
	ActionComplete:  {from: []sale.Status{sale.StatusOPEN}, to: sale.StatusCOMPLETED},
	// Voiding a partially refunded sale is refused: what was refunded already
	// left the till, so the rest must be refunded, not voided.
	ActionVoid:   {from: []sale.Status{sale.StatusOPEN, sale.StatusCOMPLETED}, to: sale.StatusVOIDED},
	ActionRefund: {from: []sale.Status{sale.StatusCOMPLETED, sale.StatusPARTIALLY_REFUNDED}, to: sale.StatusPARTIALLY_REFUNDED},
}

// CheckSaleTransition returns the status a sale in status from moves to
// under action, or a fault.CodeBadInput error naming the current status.
func CheckSaleTransition(from sale.Status, action SaleAction) (sale.Status, error) {
	t, ok := saleTransitions[action]
	if !ok {
		return from, fault.BadInput("status", "unknown sale action %q", action)
	}
	for _, f := range t.from {
		if f == from {
			return t.to, nil
		}
	}
	return from, fault.BadInput("status", "cannot %s a %s sale", action, from)
}

// refundTarget is the status after a refund: REFUNDED once every unit of
// every line has been returned.
func refundTarget(allReturned bool) sale.Status {
	if allReturned {
		return sale.StatusREFUNDED
	}
	return sale.StatusPARTIALLY_REFUNDED
}
