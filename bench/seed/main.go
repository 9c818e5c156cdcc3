// Command seed fills a Pandac database with benchmark data through ent (so ids,
// defaults and audit fields are what the server itself writes): products with
// plentiful stock and their INITIAL stock movements, customers, one cashier,
// and completed sales of one to five lines with a cash payment each, spread
// over the last 90 days. It stands in for `pandac seed` where that command is
// missing; scripts/bench.sh prefers the real one.
//
//	DATABASE_URL=postgres://... go run ./bench/seed --products 10000 --customers 2000 --sales 50000
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/payment"
	"github.com/pandac/pandac/ent/sale"
	"github.com/pandac/pandac/ent/stockmovement"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
)

// batch keeps each INSERT under PostgreSQL's 65535 bind parameters.
const batch = 1000

// stock is each product's starting quantity: enough that benchmark checkouts
// never run out.
const stock = 1_000_000

func main() {
	products := flag.Int("products", 10000, "number of products")
	customers := flag.Int("customers", 2000, "number of customers")
	sales := flag.Int("sales", 50000, "number of sales")
	flag.Parse()
	if err := run(context.Background(), os.Getenv("DATABASE_URL"), *products, *customers, *sales); err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, url string, nProducts, nCustomers, nSales int) error {
	if nProducts < 1 || nCustomers < 1 || nSales < 0 {
		return fmt.Errorf("need at least one product and one customer")
	}
	db, err := store.Open(url, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	c := db.Client
	rng := rand.New(rand.NewPCG(7, 7))
	start := time.Now()

	sup, err := c.Supplier.Create().SetName("Bench Wholesale").Save(ctx)
	if err != nil {
		return err
	}
	prices := make([]money.Amount, nProducts)
	productIDs := make([]uuid.UUID, 0, nProducts)
	names := make([]string, nProducts)
	for lo := 0; lo < nProducts; lo += batch {
		hi := min(lo+batch, nProducts)
		pb := make([]*ent.ProductCreate, 0, hi-lo)
		for i := lo; i < hi; i++ {
			prices[i] = money.Amount(99 + rng.IntN(20000))
			names[i] = fmt.Sprintf("%s %s %05d", adjectives[rng.IntN(len(adjectives))], nouns[rng.IntN(len(nouns))], i)
			pb = append(pb, c.Product.Create().SetName(names[i]).SetSku(fmt.Sprintf("SKU-%06d", i)).
				SetCategory(nouns[i%len(nouns)]).SetPrice(prices[i]).SetCost(prices[i]*6/10))
		}
		ps, err := c.Product.CreateBulk(pb...).Save(ctx)
		if err != nil {
			return fmt.Errorf("products: %w", err)
		}
		ib := make([]*ent.InventoryCreate, len(ps))
		mb := make([]*ent.StockMovementCreate, len(ps))
		for j, p := range ps {
			productIDs = append(productIDs, p.ID)
			ib[j] = c.Inventory.Create().SetProductID(p.ID).SetQuantity(stock).SetReorderLevel(10).SetSupplierID(sup.ID)
			mb[j] = c.StockMovement.Create().SetProductID(p.ID).SetDelta(stock).SetQuantityAfter(stock).
				SetKind(stockmovement.KindINITIAL).SetReason("benchmark seed")
		}
		if err := c.Inventory.CreateBulk(ib...).Exec(ctx); err != nil {
			return fmt.Errorf("inventories: %w", err)
		}
		if err := c.StockMovement.CreateBulk(mb...).Exec(ctx); err != nil {
			return fmt.Errorf("stock movements: %w", err)
		}
	}

	customerIDs := make([]uuid.UUID, 0, nCustomers)
	for lo := 0; lo < nCustomers; lo += batch {
		hi := min(lo+batch, nCustomers)
		cb := make([]*ent.CustomerCreate, 0, hi-lo)
		for i := lo; i < hi; i++ {
			cb = append(cb, c.Customer.Create().SetName(fmt.Sprintf("Customer %05d", i)).
				SetEmail(fmt.Sprintf("customer%05d@example.com", i)))
		}
		cs, err := c.Customer.CreateBulk(cb...).Save(ctx)
		if err != nil {
			return fmt.Errorf("customers: %w", err)
		}
		for _, cu := range cs {
			customerIDs = append(customerIDs, cu.ID)
		}
	}

	cashier, err := c.User.Create().SetUsername("benchcashier").SetPasswordHash("!").Save(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	for lo := 0; lo < nSales; lo += batch {
		hi := min(lo+batch, nSales)
		type line struct {
			product int
			qty     int64
		}
		lines := make([][]line, 0, hi-lo)
		sb := make([]*ent.SaleCreate, 0, hi-lo)
		for i := lo; i < hi; i++ {
			var ls []line
			var total money.Amount
			for range 1 + rng.IntN(5) {
				l := line{product: rng.IntN(nProducts), qty: int64(1 + rng.IntN(3))}
				total += prices[l.product] * money.Amount(l.qty)
				ls = append(ls, l)
			}
			lines = append(lines, ls)
			// Oldest first, so ids and created_at agree on order.
			at := now.Add(-time.Duration(nSales-i) * 90 * 24 * time.Hour / time.Duration(nSales+1))
			sb = append(sb, c.Sale.Create().SetStatus(sale.StatusCOMPLETED).
				SetCustomerID(customerIDs[rng.IntN(nCustomers)]).SetCashierID(cashier.ID).
				SetSubtotal(total).SetTotal(total).SetPaidTotal(total).
				SetCreatedAt(at).SetUpdatedAt(at).SetCompletedAt(at))
		}
		ss, err := c.Sale.CreateBulk(sb...).Save(ctx)
		if err != nil {
			return fmt.Errorf("sales: %w", err)
		}
		var ib []*ent.SaleItemCreate
		pb := make([]*ent.PaymentCreate, len(ss))
		for j, s := range ss {
			for _, l := range lines[j] {
				sub := prices[l.product] * money.Amount(l.qty)
				ib = append(ib, c.SaleItem.Create().SetSaleID(s.ID).SetProductID(productIDs[l.product]).
					SetQuantity(l.qty).SetUnitPrice(prices[l.product]).SetUnitCost(prices[l.product]*6/10).
					SetSubtotal(sub).SetProductName(names[l.product]).SetCreatedAt(s.CreatedAt).SetUpdatedAt(s.CreatedAt))
			}
			pb[j] = c.Payment.Create().SetSaleID(s.ID).SetMethod(payment.MethodCASH).SetAmount(s.Total).
				SetTendered(s.Total).SetPaidAt(*s.CompletedAt).SetCreatedAt(s.CreatedAt).SetUpdatedAt(s.CreatedAt)
		}
		for k := 0; k < len(ib); k += batch {
			if err := c.SaleItem.CreateBulk(ib[k:min(k+batch, len(ib))]...).Exec(ctx); err != nil {
				return fmt.Errorf("sale items: %w", err)
			}
		}
		if err := c.Payment.CreateBulk(pb...).Exec(ctx); err != nil {
			return fmt.Errorf("payments: %w", err)
		}
	}
	fmt.Fprintf(os.Stderr, "seed: %d products, %d customers, %d sales in %v\n", nProducts, nCustomers, nSales, time.Since(start).Round(time.Millisecond))
	return nil
}

var (
	adjectives = []string{"Organic", "Classic", "Fresh", "Smoked", "Spicy", "Golden", "Roasted", "Crispy", "Wild", "Sparkling"}
	nouns      = []string{"Coffee", "Tea", "Bread", "Cheese", "Olives", "Honey", "Salsa", "Granola", "Juice", "Chocolate", "Pasta", "Rice"}
)
