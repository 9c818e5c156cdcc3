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
func (r *UpdateUserRequest) mutate(m *ent.UserMutation) {
	if v := r.UpdatedAt; v != nil {
		m.SetUpdatedAt(*v)
	}
	if v := r.Username; v != nil {
		m.SetUsername(*v)
	}
	if r.ClearFullName {
		m.ClearFullName()
	}
	if v := r.FullName; v != nil {
		m.SetFullName(*v)
	}
	if r.ClearEmail {
		m.ClearEmail()
	}
	if v := r.Email; v != nil {
		m.SetEmail(*v)
	}
	if v := r.IsActive; v != nil {
		m.SetIsActive(*v)
	}
	if r.ClearRole {
		m.ClearRole()
	}
	if v := r.RoleID; v != nil {
		m.SetRoleID(*v)
	}
}

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
