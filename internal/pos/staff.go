package pos

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/employee"
	"github.com/pandac/pandac/ent/user"
	"github.com/pandac/pandac/internal/auth/policy"
)

// StaffMember is how a user appears where a sale, a cash session or a report
// names them: an id and a name to show. The full User record (email, role,
// last sign-in) is an administrator's; the permission table gives every
// signed-in caller this view instead.
type StaffMember struct {
	ID uuid.UUID
	// DisplayName is the user's full name, or the username when none is set.
	DisplayName string
}

// StaffMembers returns the staff view of the users, by id; ids it cannot find
// are left out. It reads only the columns the view shows, on the server's
// own behalf, so callers who may not read User still see who rang a sale up.
func (s Staff) StaffMembers(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]*StaffMember, error) {
	return s.staffMembers(ctx, ids)
}

// staffMembers is StaffMembers for every capability: reports and receipts
// name cashiers too.
func (s *core) staffMembers(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]*StaffMember, error) {
	return s.staffMembersFrom(ctx, s.clientFor(ctx), ids)
}

// staffMembersFrom is staffMembers read through c: reports name their
// cashiers from where they read their figures (reader).
func (s *core) staffMembersFrom(ctx context.Context, c *ent.Client, ids []uuid.UUID) (map[uuid.UUID]*StaffMember, error) {
	out := make(map[uuid.UUID]*StaffMember, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID       uuid.UUID `json:"id"`
		Username string    `json:"username"`
		FullName *string   `json:"full_name"`
	}
	err := c.User.Query().Where(user.IDIn(ids...)).
		Select(user.FieldID, user.FieldUsername, user.FieldFullName).
		Scan(policy.AsSystem(ctx), &rows)
	if err != nil {
		return nil, fmt.Errorf("loading staff: %w", err)
	}
	for _, r := range rows {
		name := r.Username
		if r.FullName != nil && *r.FullName != "" {
			name = *r.FullName
		}
		out[r.ID] = &StaffMember{ID: r.ID, DisplayName: name}
	}
	return out, nil
}

// sellerNames returns, by sale id, the name a receipt prints as the cashier:
// the employee's name when the sale names one, else the cashier's staff view.
// Employee and User rows are an administrator's to read; a receipt shows only
// these names, so they are read on the server's own behalf.
func (s *core) sellerNames(ctx context.Context, sales []*ent.Sale) (map[uuid.UUID]string, error) {
	var employees, cashiers []uuid.UUID
	for _, sl := range sales {
		switch {
		case sl.EmployeeID != nil:
			employees = append(employees, *sl.EmployeeID)
		case sl.CashierID != nil:
			cashiers = append(cashiers, *sl.CashierID)
		}
	}
	names := make(map[uuid.UUID]string, len(employees))
	if len(employees) > 0 {
		var rows []struct {
			ID   uuid.UUID `json:"id"`
			Name string    `json:"name"`
		}
		err := s.clientFor(ctx).Employee.Query().Where(employee.IDIn(employees...)).
			Select(employee.FieldID, employee.FieldName).Scan(policy.AsSystem(ctx), &rows)
		if err != nil {
			return nil, fmt.Errorf("loading employees: %w", err)
		}
		for _, r := range rows {
			names[r.ID] = r.Name
		}
	}
	staff, err := s.staffMembers(ctx, cashiers)
	if err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID]string, len(sales))
	for _, sl := range sales {
		switch {
		case sl.EmployeeID != nil:
			out[sl.ID] = names[*sl.EmployeeID]
		case sl.CashierID != nil && staff[*sl.CashierID] != nil:
			out[sl.ID] = staff[*sl.CashierID].DisplayName
		}
	}
	return out, nil
}
