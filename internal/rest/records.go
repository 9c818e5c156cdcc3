package rest

import (
	"encoding/json"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/purchaseorder"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/saleitem"
	"github.com/pandac/pandac/ent/transaction"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/pos"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// ---- Sale reads ----

func (c *call) saleByID(id uuid.UUID) (saleView, error) {
	s, err := c.client.Sale.Query().Where(sale.ID(id)).
		WithItems(func(q *ent.SaleItemQuery) { q.Order(ent.Asc(saleitem.FieldCreatedAt), ent.Asc(saleitem.FieldID)) }).
		WithPayments(func(q *ent.PaymentQuery) { q.Order(ent.Asc(payment.FieldCreatedAt), ent.Asc(payment.FieldID)) }).
		Only(c.ctx)
	if err != nil {
		return saleView{}, notFound(err, "Sale")
	}
	return saleOf(s), nil
}

func (c *call) listSales() (any, error) {
	off, lim := c.page()
	from := c.queryTime("start_date", timeOpts{})
	to := c.queryTime("end_date", timeOpts{endOfDay: true})
	cashier := c.queryID("cashier_id")
	cust := c.queryID("customer_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	q := c.client.Sale.Query()
	if from != nil {
		q.Where(sale.CreatedAtGTE(*from))
	}
	if to != nil {
		q.Where(sale.CreatedAtLTE(*to))
	}
	if cashier != nil {
		q.Where(sale.Or(sale.CashierID(*cashier), sale.EmployeeID(*cashier)))
	}
	if cust != nil {
		q.Where(sale.CustomerID(*cust))
	}
	ss, err := q.WithItems().WithPayments().Order(ent.Desc(sale.FieldCreatedAt), ent.Desc(sale.FieldID)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(ss, saleOf), err
}

func (c *call) getSale() (any, error) {
	id := c.pathID("sale_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	return c.saleByID(id)
}

// receipt is the sale as the till prints it, rendered by the core (the
// same text as GraphQL's Sale.receipt).
func (c *call) receipt() (any, error) {
	id := c.pathID("sale_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	text, err := c.pos.Selling().Receipt(c.ctx, id)
	if err != nil {
		return nil, err
	}
	return plainText(text), nil
}

func (c *call) listSaleItems() (any, error) {
	s, err := c.getSale()
	if err != nil {
		return nil, err
	}
	return s.(saleView).Items, nil
}

func (c *call) listSalePayments() (any, error) {
	s, err := c.getSale()
	if err != nil {
		return nil, err
	}
	return s.(saleView).Payments, nil
}

// ---- Legacy payments: the core's Payment records ----

func (c *call) listPayments() (any, error) {
	return listPage(c, c.client.Payment.Query().Order(ent.Desc(payment.FieldCreatedAt), ent.Desc(payment.FieldID)), paymentOf)
}

func (c *call) paymentByID(id uuid.UUID) (*ent.Payment, error) {
	p, err := c.client.Payment.Get(c.ctx, id)
	return p, notFound(err, "Payment")
}

func (c *call) getPayment() (any, error) {
	id := c.pathID("payment_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	p, err := c.paymentByID(id)
	if err != nil {
		return nil, err
	}
	return paymentOf(p), nil
}

// ---- Legacy transactions ----

func (c *call) listTransactions() (any, error) {
	return listPage(c, pos.LegacyTransactions(c.client.Transaction).Order(ent.Desc(transaction.FieldCreatedAt), ent.Desc(transaction.FieldID)), transactionOf)
}

func (c *call) transaction() (*ent.Transaction, error) {
	id := c.pathID("transaction_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	t, err := pos.LegacyTransaction(c.ctx, c.client.Transaction, id)
	return t, notFound(err, "Transaction")
}

func (c *call) getTransaction() (any, error) {
	t, err := c.transaction()
	if err != nil {
		return nil, err
	}
	return transactionOf(t), nil
}

// readTransaction reads the legacy fields; the ids must name existing
// records (the database's foreign keys say so, answered as 404 here).
func (c *call) readTransaction(required bool) (pt *string, saleID, empID, payID *uuid.UUID) {
	c.parseBody(true)
	pt = c.str("payment_type", strOpts{required: required, min: 1, max: 20})
	saleID = c.id("sale_id", false)
	empID = c.id("employee_id", false)
	payID = c.id("payment_id", false)
	return
}

func (c *call) checkRefs(saleID, empID, payID *uuid.UUID) error {
	if saleID != nil {
		if ok, err := c.client.Sale.Query().Where(sale.ID(*saleID)).Exist(c.ctx); err != nil || !ok {
			return orNotFound(err, "Sale")
		}
	}
	if empID != nil {
		if _, err := c.client.Employee.Get(c.ctx, *empID); err != nil {
			return notFound(err, "Employee")
		}
	}
	if payID != nil {
		if _, err := c.client.Payment.Get(c.ctx, *payID); err != nil {
			return notFound(err, "Payment")
		}
	}
	return nil
}

func orNotFound(err error, what string) error {
	if err != nil {
		return err
	}
	return &fault.Error{Code: fault.CodeNotFound, Message: what + " not found"}
}

func (c *call) createTransaction() (any, error) {
	pt, saleID, empID, payID := c.readTransaction(true)
	if err := c.done(); err != nil {
		return nil, err
	}
	if err := c.checkRefs(saleID, empID, payID); err != nil {
		return nil, err
	}
	t, err := c.pos.Legacy().CreateTransaction(c.ctx, pos.TransactionInput{PaymentType: pt, SaleID: saleID, EmployeeID: empID, PaymentID: payID})
	if err != nil {
		return nil, err
	}
	return transactionOf(t), nil
}

func (c *call) updateTransaction() (any, error) {
	id := c.pathID("transaction_id")
	pt, saleID, empID, payID := c.readTransaction(false)
	if err := c.done(); err != nil {
		return nil, err
	}
	if err := c.checkRefs(saleID, empID, payID); err != nil {
		return nil, err
	}
	t, err := c.pos.Legacy().UpdateTransaction(c.ctx, id, pos.TransactionInput{PaymentType: pt, SaleID: saleID, EmployeeID: empID, PaymentID: payID})
	if err != nil {
		return nil, notFound(err, "Transaction")
	}
	return transactionOf(t), nil
}

func (c *call) deleteTransaction() (any, error) {
	return deleteOne(c, "transaction_id", "Transaction", c.pos.Legacy().DeleteTransaction)
}

func (c *call) transactionEmployee() (any, error) {
	t, err := c.transaction()
	if err != nil {
		return nil, err
	}
	if t.EmployeeID == nil {
		return nil, &fault.Error{Code: fault.CodeNotFound, Message: "Employee not found"}
	}
	e, err := c.client.Employee.Get(c.ctx, *t.EmployeeID)
	if err != nil {
		return nil, notFound(err, "Employee")
	}
	return employeeOf(e), nil
}

func (c *call) transactionSale() (any, error) {
	t, err := c.transaction()
	if err != nil {
		return nil, err
	}
	if t.SaleID == nil {
		return nil, &fault.Error{Code: fault.CodeNotFound, Message: "Sale not found"}
	}
	return c.saleByID(*t.SaleID)
}

func (c *call) transactionPayment() (any, error) {
	t, err := c.transaction()
	if err != nil {
		return nil, err
	}
	if t.PaymentID == nil {
		return nil, &fault.Error{Code: fault.CodeNotFound, Message: "Payment not found"}
	}
	p, err := c.paymentByID(*t.PaymentID)
	if err != nil {
		return nil, err
	}
	return paymentOf(p), nil
}

func (c *call) employeeTransactions() (any, error) {
	id := c.pathID("employee_id")
	if err := c.done(); err != nil {
		return nil, err
	}
	if _, err := c.client.Employee.Get(c.ctx, id); err != nil {
		return nil, notFound(err, "Employee")
	}
	ts, err := pos.LegacyTransactions(c.client.Transaction).Where(transaction.EmployeeID(id)).Order(ent.Desc(transaction.FieldCreatedAt)).All(c.ctx)
	return mapAll(ts, transactionOf), err
}

// ---- Stock and purchase-order reads ----

func (c *call) listPurchaseOrdersWhere(preds ...func(*ent.PurchaseOrderQuery)) (any, error) {
	off, lim := c.page()
	sup := c.queryID("supplier_id")
	var status *purchaseorder.Status
	if s := c.queryString("status", false); s != "" {
		core, ok := purchaseOrderStatuses.toCore(s)
		if !ok {
			c.fail([]any{"query", "status"}, "enum", "Input should be "+purchaseOrderStatuses.expected())
		}
		st := purchaseorder.Status(core)
		status = &st
	}
	if err := c.done(); err != nil {
		return nil, err
	}
	q := c.client.PurchaseOrder.Query().WithLines()
	if sup != nil {
		q.Where(purchaseorder.SupplierID(*sup))
	}
	if status != nil {
		q.Where(purchaseorder.StatusEQ(*status))
	}
	for _, p := range preds {
		p(q)
	}
	pos, err := q.Order(ent.Desc(purchaseorder.FieldCreatedAt), ent.Desc(purchaseorder.FieldID)).Offset(off).Limit(lim).All(c.ctx)
	return mapAll(pos, purchaseOrderOf), err
}

func (c *call) listPurchaseOrders() (any, error) { return c.listPurchaseOrdersWhere() }

func (c *call) pendingPurchaseOrders() (any, error) {
	return c.listPurchaseOrdersWhere(func(q *ent.PurchaseOrderQuery) { q.Where(purchaseorder.StatusEQ(purchaseorder.StatusPENDING)) })
}

func (c *call) purchaseOrderByID(id uuid.UUID) (any, error) {
	po, err := c.client.PurchaseOrder.Query().Where(purchaseorder.ID(id)).WithLines().Only(c.ctx)
	if err != nil {
		return nil, notFound(err, "Purchase order")
	}
	return purchaseOrderOf(po), nil
}

func (c *call) getPurchaseOrderParam(param string) (any, error) {
	id := c.pathID(param)
	if err := c.done(); err != nil {
		return nil, err
	}
	return c.purchaseOrderByID(id)
}

func (c *call) getPurchaseOrder() (any, error)          { return c.getPurchaseOrderParam("purchase_order_id") }
func (c *call) getPurchaseOrderByOrderID() (any, error) { return c.getPurchaseOrderParam("order_id") }
