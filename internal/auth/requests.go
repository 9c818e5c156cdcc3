package auth

import (
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
)

// UpdateUserRequest lists the changes to another user's account: a nil field
// keeps its value, a Clear flag empties an optional one. UpdatedAt, when
// set, replaces the current time.
type UpdateUserRequest struct {
	UpdatedAt     *time.Time
	Username      *string
	ClearFullName bool
	FullName      *string
	ClearEmail    bool
	Email         *string
	IsActive      *bool
	ClearRole     bool
	RoleID        *uuid.UUID
}

// mutate sets the request's fields on m.
func (r *UpdateUserRequest) mutate(m *ent.UserMutation) { (*ent.UpdateUserInput)(r).Mutate(m) }

// CreateRoleRequest is a new role. Optional fields are nil when not given.
type CreateRoleRequest struct {
	Name        string
	Description *string
	Permissions []string
}

// mutate sets the request's fields on m.
func (r *CreateRoleRequest) mutate(m *ent.RoleMutation) {
	m.SetName(r.Name)
	if v := r.Description; v != nil {
		m.SetDescription(*v)
	}
	if v := r.Permissions; v != nil {
		m.SetPermissions(v)
	}
}

// UpdateRoleRequest lists the changes to a role: a nil field keeps its
// value, a Clear flag empties an optional one.
type UpdateRoleRequest struct {
	Name              *string
	ClearDescription  bool
	Description       *string
	ClearPermissions  bool
	Permissions       []string
	AppendPermissions []string
}

// mutate sets the request's fields on m.
func (r *UpdateRoleRequest) mutate(m *ent.RoleMutation) {
	if v := r.Name; v != nil {
		m.SetName(*v)
	}
	if r.ClearDescription {
		m.ClearDescription()
	}
	if v := r.Description; v != nil {
		m.SetDescription(*v)
	}
	if r.ClearPermissions {
		m.ClearPermissions()
	}
	if v := r.Permissions; v != nil {
		m.SetPermissions(v)
	}
	if r.AppendPermissions != nil {
		m.AppendPermissions(r.AppendPermissions)
	}
}
