// Package seed loads realistic demo data (catalogue with stock, customers,
// suppliers, staff accounts and months of completed sales with payments,
// refunds and voids) so the playground, dashboard and reports have something
// to show. It runs once per database: a "seeded" setting marks it done.
package seed

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	mrand "math/rand/v2"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/role"
	"github.com/pandac/pandac/ent/setting"
	"github.com/pandac/pandac/ent/user"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/store"
)

// MarkerKey is the setting whose presence means the database was seeded.
const MarkerKey = "seeded"

// Options says how much to generate. Zero values take the defaults.
type Options struct {
	Products  int // default 300
	Customers int // default 100
	Suppliers int // default products/25, at least 5
	Sales     int // default 3000
	Days      int // sales spread over this many days before Now; default 90
	// Password is given to the seeded staff accounts; empty means a random
	// one per account, returned in Result.Accounts.
	Password string
	// HashPassword turns a password into the stored hash (bcrypt, as
	// internal/auth checks it). Required.
	HashPassword func(password string) (string, error)
	Now          func() time.Time
	// RandSeed makes the data reproducible; 0 picks one.
	RandSeed uint64
	// Progress, if set, hears about each step as it finishes.
	Progress func(step string, took time.Duration)
}

// Account is a seeded login. Password is empty when the user already existed
// and was left untouched.
type Account struct {
	Username, Role, Password string
}

// Result reports what was created.
type Result struct {
	// AlreadySeeded is true when the marker was found and nothing was done.
	AlreadySeeded                                                         bool
	Products, Customers, Suppliers, Sales, SaleItems, Payments, Movements int
	Voided, Refunded, PartiallyRefunded                                   int
	Accounts                                                              []Account
	Elapsed                                                               time.Duration
}

func (o *Options) defaults() error {
	if o.Products <= 0 {
		o.Products = 300
	}
	if o.Customers <= 0 {
		o.Customers = 100
	}
	if o.Suppliers <= 0 {
		o.Suppliers = max(5, o.Products/25)
	}
	if o.Sales < 0 {
		return errors.New("sales must not be negative")
	}
	if o.Sales == 0 {
		o.Sales = 3000
	}
	if o.Days <= 0 {
		o.Days = 90
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.RandSeed == 0 {
		o.RandSeed = uint64(time.Now().UnixNano())
	}
	if o.HashPassword == nil {
		return errors.New("seed: HashPassword is required")
	}
	return nil
}

// Run seeds the database in one transaction, so it either loads everything or
// nothing, and the unique marker setting makes a second or concurrent run a
// no-op (AlreadySeeded) rather than a duplicate.
func Run(ctx context.Context, db *store.DB, opts Options) (Result, error) {
	ctx = store.WithoutAudit(ctx)
	start := time.Now()
	if err := opts.defaults(); err != nil {
		return Result{}, err
	}
	if done, err := db.Client.Setting.Query().Where(setting.Key(MarkerKey)).Exist(ctx); err != nil {
		return Result{}, err
	} else if done {
		return Result{AlreadySeeded: true}, nil
	}
	g := &gen{opts: opts, rng: mrand.New(mrand.NewPCG(opts.RandSeed, opts.RandSeed^0x9e3779b97f4a7c15)), now: opts.Now().UTC()}
	err := store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		// The marker goes in first: a concurrent seed blocks or fails on its
		// unique key instead of loading a second copy.
		if err := tx.Setting.Create().SetKey(MarkerKey).SetValue(g.now.Format(time.RFC3339)).
			SetDescription("demo data loaded by pandac seed").Exec(ctx); err != nil {
			if ent.IsConstraintError(err) {
				g.res.AlreadySeeded = true
				return errAlreadySeeded
			}
			return err
		}
		return g.run(ctx, tx)
	})
	if errors.Is(err, errAlreadySeeded) {
		return Result{AlreadySeeded: true}, nil
	}
	if err != nil {
		return Result{}, err
	}
	g.res.Elapsed = time.Since(start)
	return g.res, nil
}

var errAlreadySeeded = errors.New("already seeded")

type gen struct {
	opts Options
	rng  *mrand.Rand
	now  time.Time
	res  Result

	taxPPM    int64
	users     []uuid.UUID
	suppliers []uuid.UUID
	products  []*ent.Product
	customers []uuid.UUID
}

func (g *gen) run(ctx context.Context, tx *ent.Tx) error {
	steps := []struct {
		name string
		fn   func(context.Context, *ent.Tx) error
	}{
		{"settings", g.settings}, {"staff", g.staff}, {"suppliers", g.supplierRows}, {"products", g.productRows},
		{"customers", g.customerRows}, {"discounts", g.discountRows}, {"sales", g.salesRows},
	}
	for _, s := range steps {
		start := time.Now()
		if err := s.fn(ctx, tx); err != nil {
			return err
		}
		g.progress(s.name, start)
	}
	return nil
}

func (g *gen) progress(step string, start time.Time) {
	if g.opts.Progress != nil {
		g.opts.Progress(step, time.Since(start))
	}
}

// settings adds the store settings the demo relies on, keeping any that
// exist, then reads them back the way checkout does.
func (g *gen) settings(ctx context.Context, tx *ent.Tx) error {
	for _, s := range []struct{ key, value, desc string }{
		{pos.SettingStoreName, "Pandac Demo Store", "name printed on receipts"},
		{pos.SettingCurrency, "USD", "ISO 4217 currency of every amount"},
		{pos.SettingTaxRate, "8.875", "sales tax, percent"},
		{pos.SettingTimezone, "America/New_York", "time zone of daily reports"},
	} {
		err := tx.Setting.Create().SetKey(s.key).SetValue(s.value).SetDescription(s.desc).
			OnConflictColumns(setting.FieldKey).DoNothing().Exec(ctx)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("setting %s: %w", s.key, err)
		}
	}
	st, err := pos.New(tx.Client()).StoreSettings().Current(ent.NewTxContext(ctx, tx))
	if err != nil {
		return err
	}
	g.taxPPM = st.TaxRatePPM
	return nil
}

// staff ensures the default roles and the admin, manager and cashier logins.
// Existing roles and users are left as they are.
func (g *gen) staff(ctx context.Context, tx *ent.Tx) error {
	roleIDs := map[string]uuid.UUID{}
	for _, name := range slices.Sorted(maps.Keys(auth.DefaultRoles)) {
		err := tx.Role.Create().SetName(name).SetPermissions(auth.DefaultRoles[name]).SetDescription("built-in " + name + " role").
			OnConflictColumns(role.FieldName).DoNothing().Exec(ctx)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("role %s: %w", name, err)
		}
		id, err := tx.Role.Query().Where(role.Name(name)).OnlyID(ctx)
		if err != nil {
			return err
		}
		roleIDs[name] = id
	}
	for _, name := range []string{"admin", "manager", "cashier"} {
		if u, err := tx.User.Query().Where(user.Username(name)).Only(ctx); err == nil {
			g.users = append(g.users, u.ID)
			g.res.Accounts = append(g.res.Accounts, Account{Username: name, Role: name})
			continue
		} else if !ent.IsNotFound(err) {
			return err
		}
		pw := g.opts.Password
		if pw == "" {
			pw = randomPassword()
		}
		hash, err := g.opts.HashPassword(pw)
		if err != nil {
			return err
		}
		u, err := tx.User.Create().SetUsername(name).SetPasswordHash(hash).SetRoleID(roleIDs[name]).
			SetFullName(titles[name]).SetEmail(name + "@demo.pandac.example").Save(ctx)
		if err != nil {
			return fmt.Errorf("user %s: %w", name, err)
		}
		if _, err := tx.Employee.Create().SetName(titles[name]).SetPosition(name).SetUserID(u.ID).
			SetEmail(name + "@demo.pandac.example").SetHiredAt(g.now.AddDate(-1, 0, 0)).Save(ctx); err != nil {
			return err
		}
		g.users = append(g.users, u.ID)
		g.res.Accounts = append(g.res.Accounts, Account{Username: name, Role: name, Password: pw})
	}
	return nil
}

var titles = map[string]string{"admin": "Ada Admin", "manager": "Morgan Manager", "cashier": "Casey Cashier"}

func randomPassword() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// chunk is how many rows go into one INSERT: under PostgreSQL's 65535 and
// SQLite's 32766 bind parameters for the widest table (sales, ~27 columns).
const chunk = 1000

// insertAll saves builders in chunks and returns the saved rows.
func insertAll[B any, T any](ctx context.Context, builders []B, save func(context.Context, []B) ([]T, error)) ([]T, error) {
	out := make([]T, 0, len(builders))
	for i := 0; i < len(builders); i += chunk {
		rows, err := save(ctx, builders[i:min(i+chunk, len(builders))])
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

func (g *gen) supplierRows(ctx context.Context, tx *ent.Tx) error {
	b := make([]*ent.SupplierCreate, g.opts.Suppliers)
	for i := range b {
		name := fmt.Sprintf("%s %s", pick(g.rng, supplierWords), pick(g.rng, supplierKinds))
		if i >= len(supplierWords)*len(supplierKinds)/2 {
			name = fmt.Sprintf("%s %d", name, i)
		}
		b[i] = tx.Supplier.Create().SetName(name).SetContactPerson(g.personName()).
			SetEmail(fmt.Sprintf("orders%d@supplier.example", i)).SetPhone(g.phone()).
			SetAddress(g.address()).SetCreatedAt(g.now.AddDate(0, 0, -g.opts.Days-30))
	}
	rows, err := insertAll(ctx, b, func(ctx context.Context, b []*ent.SupplierCreate) ([]*ent.Supplier, error) {
		return tx.Supplier.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return fmt.Errorf("suppliers: %w", err)
	}
	for _, s := range rows {
		g.suppliers = append(g.suppliers, s.ID)
	}
	g.res.Suppliers = len(rows)
	return nil
}

func (g *gen) productRows(ctx context.Context, tx *ent.Tx) error {
	created := g.now.AddDate(0, 0, -g.opts.Days-1)
	b := make([]*ent.ProductCreate, g.opts.Products)
	for i := range b {
		cat := categories[g.rng.IntN(len(categories))]
		name := fmt.Sprintf("%s %s", pick(g.rng, adjectives), pick(g.rng, cat.items))
		p := money.Amount(cat.minPrice + g.rng.Int64N(cat.maxPrice-cat.minPrice+1))
		p = p - p%5 + 4 // prices end in 4 or 9 cents, like shelf prices do
		costPct := 40 + g.rng.Int64N(31)
		c := tx.Product.Create().SetName(name).SetSku(fmt.Sprintf("SKU-%06d", i+1)).SetCategory(cat.name).
			SetPrice(p).SetCost(money.Amount(money.DivRound(int64(p)*costPct, 100))).
			SetDescription(fmt.Sprintf("%s from our %s range.", name, cat.name)).
			SetCreatedAt(created).SetUpdatedAt(created)
		if g.rng.IntN(10) < 8 {
			c.SetBarcode(fmt.Sprintf("20%011d", i+1))
		}
		b[i] = c
	}
	rows, err := insertAll(ctx, b, func(ctx context.Context, b []*ent.ProductCreate) ([]*ent.Product, error) {
		return tx.Product.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return fmt.Errorf("products: %w", err)
	}
	g.products = rows
	g.res.Products = len(rows)
	return nil
}

func (g *gen) customerRows(ctx context.Context, tx *ent.Tx) error {
	b := make([]*ent.CustomerCreate, g.opts.Customers)
	for i := range b {
		name := g.personName()
		at := g.now.AddDate(0, 0, -g.opts.Days-g.rng.IntN(365))
		b[i] = tx.Customer.Create().SetName(name).
			SetEmail(fmt.Sprintf("customer%d@mail.example", i+1)).SetPhone(g.phone()).SetAddress(g.address()).
			SetContactInfo(g.phone()).SetCreatedAt(at).SetUpdatedAt(at)
	}
	rows, err := insertAll(ctx, b, func(ctx context.Context, b []*ent.CustomerCreate) ([]*ent.Customer, error) {
		return tx.Customer.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return fmt.Errorf("customers: %w", err)
	}
	for _, c := range rows {
		g.customers = append(g.customers, c.ID)
	}
	g.res.Customers = len(rows)
	return nil
}

// discountRows adds a few discounts to browse; seeded sales use none.
func (g *gen) discountRows(ctx context.Context, tx *ent.Tx) error {
	start := g.now.AddDate(0, 0, -g.opts.Days)
	end := g.now.AddDate(0, 3, 0)
	return tx.Discount.CreateBulk(
		tx.Discount.Create().SetName("Welcome 10%").SetCode("WELCOME10").SetType("PERCENTAGE").SetValue(1000).
			SetStartsAt(start).SetEndsAt(end),
		tx.Discount.Create().SetName("5 off 50").SetCode("FIVEOFF").SetType("FIXED_AMOUNT").SetValue(500).
			SetMinSubtotal(5000).SetStartsAt(start).SetEndsAt(end),
		tx.Discount.Create().SetName("Old promotion").SetCode("SUMMER").SetType("PERCENTAGE").SetValue(1500).
			SetIsActive(false),
	).Exec(ctx)
}

func pick(r *mrand.Rand, s []string) string { return s[r.IntN(len(s))] }

func (g *gen) personName() string {
	return pick(g.rng, firstNames) + " " + pick(g.rng, lastNames)
}

func (g *gen) phone() string {
	return fmt.Sprintf("+1-555-%03d-%04d", g.rng.IntN(1000), g.rng.IntN(10000))
}

func (g *gen) address() string {
	return fmt.Sprintf("%d %s, %s", 1+g.rng.IntN(999), pick(g.rng, streets), pick(g.rng, cities))
}
