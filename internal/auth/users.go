package auth

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/role"
	"github.com/pandac/pandac/ent/user"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/store"
)

// Me returns the signed-in user, role loaded.
func (s *Service) Me(ctx context.Context) (*ent.User, error) {
	// Signing in and reading one's own account read User and Role, which the
	// table gives only to administrators: the server reads them itself.
	ctx = policy.AsSystem(ctx)
	p := FromContext(ctx)
	if p == nil {
		return nil, fault.Unauthenticated("authentication required")
	}
	return s.client.User.Query().Where(user.ID(p.UserID)).WithRole().Only(ctx)
}

// UpdateMeInput is what users may change about themselves. Role and activity
// are absent on purpose: nobody raises their own privileges.
type UpdateMeInput struct {
	FullName        *string
	Email           *string
	CurrentPassword *string
	NewPassword     *string
}

// UpdateMe changes the caller's own profile. A new password needs the current
// one, and ends every session of the caller, the one making the change
// included: whoever learnt the old password may be signed in with it too, and
// an access token does not say who typed the password. The client signs in
// again with the new password.
func (s *Service) UpdateMe(ctx context.Context, in UpdateMeInput) (*ent.User, error) {
	// Signing in and reading one's own account read User and Role, which the
	// table gives only to administrators: the server reads them itself.
	ctx = policy.AsSystem(ctx)
	u, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	if err := validateEmail(in.Email); err != nil {
		return nil, err
	}
	var hash string
	if in.NewPassword != nil {
		if in.CurrentPassword == nil || !s.checkPassword(u, *in.CurrentPassword) {
			return nil, fault.BadInput("currentPassword", "the current password is wrong")
		}
		if err := ValidatePassword("newPassword", *in.NewPassword); err != nil {
			return nil, err
		}
		if hash, err = s.hashPassword(*in.NewPassword); err != nil {
			return nil, err
		}
	}
	err = store.WithTx(ctx, s.client, func(tx *ent.Tx) error {
		upd := tx.User.UpdateOneID(u.ID).SetNillableFullName(in.FullName).SetNillableEmail(in.Email)
		if hash != "" {
			upd.SetPasswordHash(hash)
		}
		if err := upd.Exec(ctx); err != nil {
			return err
		}
		if hash != "" {
			return s.revokeUserSessions(ctx, tx, u.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.client.User.Query().Where(user.ID(u.ID)).WithRole().Only(ctx)
}

// UpdateUser changes another user's account; administrators only. Admins
// cannot deactivate or demote themselves, so the last admin cannot lock the
// store out by accident. Deactivation, a new password or a change of role ends
// every session of the user at once: their access tokens are refused on the
// next request, on every instance, and their refresh tokens are revoked.
func (s *Service) UpdateUser(ctx context.Context, id uuid.UUID, in UpdateUserRequest, newPassword *string) (*ent.User, error) {
	if err := Require(ctx, PermAdmin); err != nil {
		return nil, err
	}
	p := FromContext(ctx)
	if id == p.UserID && ((in.IsActive != nil && !*in.IsActive) || in.RoleID != nil || in.ClearRole) {
		return nil, fault.BadInput("id", "administrators cannot change their own role or deactivate themselves")
	}
	if in.Username != nil {
		if err := ValidateUsername(*in.Username); err != nil {
			return nil, err
		}
	}
	if err := validateEmail(in.Email); err != nil {
		return nil, err
	}
	var hash string
	if newPassword != nil {
		if err := ValidatePassword("password", *newPassword); err != nil {
			return nil, err
		}
		var err error
		if hash, err = s.hashPassword(*newPassword); err != nil {
			return nil, err
		}
	}
	err := store.WithTx(ctx, s.client, func(tx *ent.Tx) error {
		cur, err := tx.User.Get(ctx, id)
		if err != nil {
			return err
		}
		upd := tx.User.UpdateOneID(id)
		in.mutate(upd.Mutation())
		if hash != "" {
			upd.SetPasswordHash(hash)
		}
		if err := upd.Exec(ctx); err != nil {
			return err
		}
		roleChanged := (in.RoleID != nil && (cur.RoleID == nil || *cur.RoleID != *in.RoleID)) || (in.ClearRole && cur.RoleID != nil)
		if hash != "" || (in.IsActive != nil && !*in.IsActive) || roleChanged {
			return s.revokeUserSessions(ctx, tx, id)
		}
		return nil
	})
	if ent.IsConstraintError(err) {
		if in.RoleID != nil {
			if ok, _ := s.client.Role.Query().Where(role.ID(*in.RoleID)).Exist(ctx); !ok {
				return nil, fault.BadInput("roleId", "role %s does not exist", *in.RoleID)
			}
		}
		if in.Username != nil {
			return nil, fault.Conflict("username %q is taken", *in.Username)
		}
	}
	if err != nil {
		return nil, err
	}
	return s.client.User.Query().Where(user.ID(id)).WithRole().Only(ctx)
}

// DeleteUser deactivates a user (their sales and audit trail keep pointing at
// them) and ends their sessions; administrators only.
func (s *Service) DeleteUser(ctx context.Context, id uuid.UUID) error {
	f := false
	_, err := s.UpdateUser(ctx, id, UpdateUserRequest{IsActive: &f}, nil)
	return err
}

// validatePermissions checks role permissions and stores them in lower case.
func validatePermissions(perms []string) ([]string, error) {
	out := make([]string, 0, len(perms))
	for _, p := range perms {
		p = strings.ToLower(strings.TrimSpace(p))
		switch Permission(p) {
		case PermRead, PermWrite, PermPOS, PermReports, PermVoid, PermRefund:
		case Wildcard:
		case PermAdmin:
			return nil, fault.BadInput("permissions", "grant administration with \"*\", not \"admin\"")
		default:
			return nil, fault.BadInput("permissions", "unknown permission %q; use read, write, pos, reports, void, refund or *", p)
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out, nil
}

// CreateRole adds a role; administrators only.
func (s *Service) CreateRole(ctx context.Context, in CreateRoleRequest) (*ent.Role, error) {
	if err := Require(ctx, PermAdmin); err != nil {
		return nil, err
	}
	perms, err := validatePermissions(in.Permissions)
	if err != nil {
		return nil, err
	}
	in.Permissions = perms
	c := s.client.Role.Create()
	in.mutate(c.Mutation())
	return c.Save(ctx)
}

// UpdateRole changes a role; administrators only. The admin role keeps its
// name and "*".
func (s *Service) UpdateRole(ctx context.Context, id uuid.UUID, in UpdateRoleRequest) (*ent.Role, error) {
	if err := Require(ctx, PermAdmin); err != nil {
		return nil, err
	}
	r, err := s.client.Role.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if in.Permissions, err = validatePermissions(in.Permissions); err != nil {
		return nil, err
	}
	if in.AppendPermissions, err = validatePermissions(in.AppendPermissions); err != nil {
		return nil, err
	}
	if len(in.Permissions) == 0 && !in.ClearPermissions {
		in.Permissions = nil
	}
	if len(in.AppendPermissions) == 0 {
		in.AppendPermissions = nil
	}
	if r.Name == AdminRole {
		renamed := in.Name != nil && *in.Name != AdminRole
		dropsAll := in.ClearPermissions || (in.Permissions != nil && !slices.Contains(in.Permissions, Wildcard))
		if renamed || dropsAll {
			return nil, fault.BadInput("id", "the admin role keeps its name and the \"*\" permission")
		}
	}
	u := r.Update()
	in.mutate(u.Mutation())
	return u.Save(ctx)
}

// DeleteRole removes a role no user holds; administrators only. The admin
// role cannot be deleted.
func (s *Service) DeleteRole(ctx context.Context, id uuid.UUID) error {
	if err := Require(ctx, PermAdmin); err != nil {
		return err
	}
	return store.WithTx(ctx, s.client, func(tx *ent.Tx) error {
		r, err := tx.Role.Get(ctx, id)
		if err != nil {
			return err
		}
		if r.Name == AdminRole {
			return fault.Conflict("the admin role cannot be deleted")
		}
		n, err := tx.User.Query().Where(user.RoleID(id)).Count(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return fault.Conflict("role %q is held by %d user(s); move them to another role first", r.Name, n)
		}
		return tx.Role.DeleteOneID(id).Where(role.Not(role.HasUsers())).Exec(ctx)
	})
}
