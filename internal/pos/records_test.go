package pos

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/auditentry"
	"github.com/pandac/pandac/ent/discount"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// catalogueKind drives one kind of catalogue record through the Service's
// create, update and delete; label reads back the field both set.
type catalogueKind struct {
	typ    string // the audit log's entity type
	create func(ctx context.Context, label string) (uuid.UUID, error)
	update func(ctx context.Context, id uuid.UUID, label string) error
	remove func(ctx context.Context, id uuid.UUID) error
	label  func(ctx context.Context, id uuid.UUID) (string, error)
	count  func(ctx context.Context) (int, error)
}

func catalogueKinds(s *Service, customerID uuid.UUID) []catalogueKind {
	c := s.client
	ten := money.MustParse("10")
	return []catalogueKind{
		{
			typ: "Product",
			create: func(ctx context.Context, l string) (uuid.UUID, error) {
				p, err := s.Catalogue().CreateProduct(ctx, CreateProductRequest{Name: l, Price: &ten}, StockInput{})
				if err != nil {
					return uuid.Nil, err
				}
				return p.ID, nil
			},
			update: func(ctx context.Context, id uuid.UUID, l string) error {
				_, err := s.Catalogue().UpdateProduct(ctx, id, UpdateProductRequest{Name: &l}, nil)
				return err
			},
			remove: s.Catalogue().DeleteProduct,
			label: func(ctx context.Context, id uuid.UUID) (string, error) {
				p, err := c.Product.Get(ctx, id)
				if err != nil {
					return "", err
				}
				return p.Name, nil
			},
			count: c.Product.Query().Count,
		},
		{
			typ: "Customer",
			create: func(ctx context.Context, l string) (uuid.UUID, error) {
				v, err := s.Customers().CreateCustomer(ctx, CreateCustomerRequest{Name: l})
				if err != nil {
					return uuid.Nil, err
				}
				return v.ID, nil
			},
			update: func(ctx context.Context, id uuid.UUID, l string) error {
				_, err := s.Customers().UpdateCustomer(ctx, id, UpdateCustomerRequest{Name: &l}, nil)
				return err
			},
			remove: s.Customers().DeleteCustomer,
			label: func(ctx context.Context, id uuid.UUID) (string, error) {
				v, err := c.Customer.Get(ctx, id)
				if err != nil {
					return "", err
				}
				return v.Name, nil
			},
			count: c.Customer.Query().Count,
		},
		{
			typ: "Supplier",
			create: func(ctx context.Context, l string) (uuid.UUID, error) {
				v, err := s.Stock().CreateSupplier(ctx, CreateSupplierRequest{Name: l})
				if err != nil {
					return uuid.Nil, err
				}
				return v.ID, nil
			},
			update: func(ctx context.Context, id uuid.UUID, l string) error {
				_, err := s.Stock().UpdateSupplier(ctx, id, UpdateSupplierRequest{Name: &l})
				return err
			},
			remove: s.Stock().DeleteSupplier,
			label: func(ctx context.Context, id uuid.UUID) (string, error) {
				v, err := c.Supplier.Get(ctx, id)
				if err != nil {
					return "", err
				}
				return v.Name, nil
			},
			count: c.Supplier.Query().Count,
		},
		{
			typ: "Discount",
			create: func(ctx context.Context, l string) (uuid.UUID, error) {
				v, err := s.Catalogue().CreateDiscount(ctx, CreateDiscountRequest{Name: l, Type: discount.TypePERCENTAGE, Value: &ten})
				if err != nil {
					return uuid.Nil, err
				}
				return v.ID, nil
			},
			update: func(ctx context.Context, id uuid.UUID, l string) error {
				_, err := s.Catalogue().UpdateDiscount(ctx, id, UpdateDiscountRequest{Name: &l})
				return err
			},
			remove: s.Catalogue().DeleteDiscount,
			label: func(ctx context.Context, id uuid.UUID) (string, error) {
				v, err := c.Discount.Get(ctx, id)
				if err != nil {
					return "", err
				}
				return v.Name, nil
			},
			count: c.Discount.Query().Count,
		},
		{
			typ: "LoyaltyProgram",
			create: func(ctx context.Context, l string) (uuid.UUID, error) {
				v, err := s.Customers().CreateLoyaltyProgram(ctx, CreateLoyaltyProgramRequest{Name: &l, CustomerID: customerID})
				if err != nil {
					return uuid.Nil, err
				}
				return v.ID, nil
			},
			update: func(ctx context.Context, id uuid.UUID, l string) error {
				_, err := s.Customers().UpdateLoyaltyProgram(ctx, id, UpdateLoyaltyProgramRequest{Name: &l})
				return err
			},
			remove: s.Customers().DeleteLoyaltyProgram,
			label: func(ctx context.Context, id uuid.UUID) (string, error) {
				v, err := c.LoyaltyProgram.Get(ctx, id)
				if err != nil {
					return "", err
				}
				return v.Name, nil
			},
			count: c.LoyaltyProgram.Query().Count,
		},
		{
			typ: "Setting",
			create: func(ctx context.Context, l string) (uuid.UUID, error) {
				v, err := s.StoreSettings().CreateSetting(ctx, CreateSettingRequest{Key: "audit_test", Value: l})
				if err != nil {
					return uuid.Nil, err
				}
				return v.ID, nil
			},
			update: func(ctx context.Context, id uuid.UUID, l string) error {
				_, err := s.StoreSettings().UpdateSetting(ctx, id, UpdateSettingRequest{Value: &l}, nil)
				return err
			},
			remove: s.StoreSettings().DeleteSetting,
			label: func(ctx context.Context, id uuid.UUID) (string, error) {
				v, err := c.Setting.Get(ctx, id)
				if err != nil {
					return "", err
				}
				return v.Value, nil
			},
			count: c.Setting.Query().Count,
		},
		{
			typ: "Employee",
			create: func(ctx context.Context, l string) (uuid.UUID, error) {
				v, err := s.Staff().CreateEmployee(ctx, CreateEmployeeRequest{Name: l, Position: "clerk"})
				if err != nil {
					return uuid.Nil, err
				}
				return v.ID, nil
			},
			update: func(ctx context.Context, id uuid.UUID, l string) error {
				_, err := s.Staff().UpdateEmployee(ctx, id, UpdateEmployeeRequest{Name: &l})
				return err
			},
			remove: s.Staff().DeleteEmployee,
			label: func(ctx context.Context, id uuid.UUID) (string, error) {
				v, err := c.Employee.Get(ctx, id)
				if err != nil {
					return "", err
				}
				return v.Name, nil
			},
			count: c.Employee.Query().Count,
		},
	}
}

// Every catalogue write commits together with its audit entry: when the entry
// cannot be written the change is not made, and when it can there is exactly
// one entry per change.
func TestCatalogueWritesCommitWithTheirAuditEntry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := New(db.Client)
		broken := storetest.BreakAudit(db)
		holder, err := s.Customers().CreateCustomer(ctx, CreateCustomerRequest{Name: "Loyal"})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range catalogueKinds(s, holder.ID) {
			t.Run(k.typ, func(t *testing.T) {
				failed := func(op string, err error) {
					t.Helper()
					if !errors.Is(err, storetest.ErrAuditBroken) {
						t.Fatalf("%s with the audit log down: err = %v, want %v", op, err, storetest.ErrAuditBroken)
					}
				}
				labelIs := func(id uuid.UUID, want string) {
					t.Helper()
					if got, err := k.label(ctx, id); err != nil || got != want {
						t.Fatalf("%s %s: label %q, %v; want %q", k.typ, id, got, err, want)
					}
				}
				before, err := k.count(ctx)
				if err != nil {
					t.Fatal(err)
				}
				broken.Store(true)
				_, err = k.create(ctx, "first")
				broken.Store(false)
				failed("create", err)
				if after, err := k.count(ctx); err != nil || after != before {
					t.Fatalf("create without its audit entry left %d rows (was %d), %v", after, before, err)
				}

				id, err := k.create(ctx, "first")
				if err != nil {
					t.Fatal(err)
				}
				broken.Store(true)
				err = k.update(ctx, id, "second")
				broken.Store(false)
				failed("update", err)
				labelIs(id, "first")

				broken.Store(true)
				err = k.remove(ctx, id)
				broken.Store(false)
				failed("delete", err)
				labelIs(id, "first")

				if err := k.update(ctx, id, "second"); err != nil {
					t.Fatal(err)
				}
				labelIs(id, "second")
				if err := k.remove(ctx, id); err != nil {
					t.Fatal(err)
				}
				if _, err := k.label(ctx, id); !ent.IsNotFound(err) {
					t.Fatalf("after delete: %v, want not found", err)
				}
				es, err := db.Client.AuditEntry.Query().Where(auditentry.EntityID(id)).
					Order(auditentry.ByCreatedAt(), auditentry.ByID()).All(ctx)
				if err != nil {
					t.Fatal(err)
				}
				var got []auditentry.Action
				for _, e := range es {
					got = append(got, e.Action)
				}
				want := []auditentry.Action{auditentry.ActionCREATE, auditentry.ActionUPDATE, auditentry.ActionDELETE}
				if !slices.Equal(got, want) {
					t.Fatalf("audit actions = %v, want %v", got, want)
				}
			})
		}
	})
}

// A record written in a transaction of its own comes back usable after it
// ends (its edges load), and one written in the caller's transaction stays in
// it: rolled back with it, and readable through it until then.
func TestCatalogueWritesReturnUsableRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := New(db.Client)
		ten := money.MustParse("10")
		p, err := s.Catalogue().CreateProduct(ctx, CreateProductRequest{Name: "Tea", Price: &ten}, StockInput{})
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.Catalogue().CreateDiscount(ctx, CreateDiscountRequest{Name: "Ten", Type: discount.TypePERCENTAGE, Value: &ten, ProductIDs: []uuid.UUID{p.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if ps, err := d.QueryProducts().All(ctx); err != nil || len(ps) != 1 || ps[0].ID != p.ID {
			t.Fatalf("discount's products after its transaction: %v, %v", ps, err)
		}

		rollback := errors.New("roll back")
		err = store.InTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
			five := int64(5)
			coffee, err := s.Catalogue().CreateProduct(ctx, CreateProductRequest{Name: "Coffee", Sku: "COFFEE", Price: &ten}, StockInput{Quantity: &five})
			if err != nil {
				return err
			}
			if inv, err := coffee.QueryInventory().Only(ctx); err != nil || inv.Quantity != 5 {
				t.Errorf("new product's stock inside the caller's transaction: %v, %v; want 5", inv, err)
			}
			d, err := s.Catalogue().CreateDiscount(ctx, CreateDiscountRequest{Name: "Five", Type: discount.TypePERCENTAGE, Value: &ten, ProductIDs: []uuid.UUID{coffee.ID}})
			if err != nil {
				return err
			}
			// Only a query inside the transaction sees the uncommitted rows.
			if n, err := d.QueryProducts().Count(ctx); err != nil || n != 1 {
				t.Errorf("discount's products inside the caller's transaction: %d, %v; want 1", n, err)
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatalf("err = %v", err)
		}
		if n, err := db.Client.Discount.Query().Count(ctx); err != nil || n != 1 {
			t.Fatalf("%d discounts after the caller rolled back (%v), want 1", n, err)
		}
		if n, err := db.Client.Product.Query().Count(ctx); err != nil || n != 1 {
			t.Fatalf("%d products after the caller rolled back (%v), want 1", n, err)
		}
	})
}
