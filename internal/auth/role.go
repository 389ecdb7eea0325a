package auth

import (
	"fmt"
	"slices"
	"time"
)

// Role is what an account may do; a Grant scopes it to a unit.
type Role string

// The roles (rules.md glossary).
const (
	RoleStandingBoard Role = "standing_board"
	RoleEditor        Role = "editor"
	RoleBoardMember   Role = "board_member"
	RoleUnitLiaison   Role = "unit_liaison"
	RoleManager       Role = "manager"
	RoleAdmin         Role = "admin"
)

// Roles lists every role in display order.
var Roles = []Role{RoleStandingBoard, RoleEditor, RoleBoardMember, RoleUnitLiaison, RoleManager, RoleAdmin}

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if slices.Contains(Roles, r) {
		return r, nil
	}
	return "", Invalidf("vai trò %q không tồn tại (standing_board, editor, board_member, unit_liaison, manager, admin)", s)
}

// Perm is one permission; roles map to sets of them.
type Perm string

// Permissions. Each cites the article that gives the right to its role.
const (
	// PermViewInbox: the open items (Điều 11 khoản 1).
	PermViewInbox Perm = "view_inbox"
	// PermViewQuarantined: items with secrecy marks stay with the Standing
	// Board (Điều 14 khoản 2).
	PermViewQuarantined Perm = "view_quarantined"
	// PermTriage: confirm or correct the classification, request a supplement
	// (Điều 11 khoản 2), forward to a unit (Điều 11 khoản 1 bước 2), refuse
	// (Điều 14), take down (Điều 15 khoản 3), register a paper submission
	// (Điều 9 khoản 1).
	PermTriage Perm = "triage"
	// PermAssign: the Standing Board assigns editors and board members
	// (Điều 12 khoản 1 bước 2, khoản 3).
	PermAssign Perm = "assign"
	// PermEdit: edit and put in "pending approval" (Điều 12 khoản 1 bước 1).
	PermEdit Perm = "edit"
	// PermApprove: check and approve (Điều 12 khoản 1 bước 2); never one's own.
	PermApprove Perm = "approve"
	// PermPublish: record the publication and its Portal URL once approved.
	PermPublish Perm = "publish"
	// PermRevealPII: see a sender's citizen ID, tax code, phone, address in
	// clear (Điều 4 khoản 4); every reveal is audited.
	PermRevealPII Perm = "reveal_pii"
	// PermUnitWork: a unit answers and closes what was forwarded to it
	// (Điều 11 khoản 1 bước 2, gạch đầu dòng thứ hai).
	PermUnitWork Perm = "unit_work"
	// PermDashboard: timeliness charts and the overdue list (Điều 10, 13).
	PermDashboard Perm = "dashboard"
	// PermReport: the yearly report (Điều 22).
	PermReport Perm = "report"
	// PermAccounts: grant, limit, lock, revoke accounts (Điều 7 khoản 1, 3).
	PermAccounts Perm = "accounts"
	// PermAccessReview: the access-review report (Điều 7 khoản 1: rà soát).
	PermAccessReview Perm = "access_review"
	// PermAudit: read and verify the audit trail (Điều 6 khoản 2).
	PermAudit Perm = "audit"
	// PermJobs: River's own UI (the job queue).
	PermJobs Perm = "jobs"
)

var rolePerms = map[Role][]Perm{
	RoleStandingBoard: {PermViewInbox, PermViewQuarantined, PermTriage, PermAssign, PermEdit, PermApprove, PermPublish, PermRevealPII, PermDashboard},
	RoleEditor:        {PermViewInbox, PermEdit, PermPublish},
	RoleBoardMember:   {PermViewInbox, PermApprove, PermPublish},
	RoleUnitLiaison:   {PermUnitWork},
	RoleManager:       {PermViewInbox, PermDashboard, PermReport, PermAccessReview},
	RoleAdmin:         {PermAccounts, PermAccessReview, PermAudit, PermJobs, PermReport},
}

// PermsOf lists the permissions of a role.
func PermsOf(r Role) []Perm { return append([]Perm(nil), rolePerms[r]...) }

// Grant is a role given to an account, for all units (Unit "") or one unit,
// possibly until ExpiresAt (a limited grant, Điều 7 khoản 1: giới hạn).
type Grant struct {
	ID        int64
	Role      Role
	Unit      string
	GrantedBy string
	GrantedAt time.Time
	ExpiresAt *time.Time
	Note      string
}

// Validate checks a grant: a unit liaison always belongs to one unit.
func (g Grant) Validate() error {
	if _, err := ParseRole(string(g.Role)); err != nil {
		return err
	}
	if g.Role == RoleUnitLiaison && g.Unit == "" {
		return Invalidf("vai trò đầu mối đơn vị (unit_liaison) phải gắn với một đơn vị")
	}
	if g.Role == RoleAdmin && g.Unit != "" {
		return Invalidf("vai trò quản trị (admin) không giới hạn theo đơn vị %q", g.Unit)
	}
	return nil
}

// Active reports whether the grant is in force at now.
func (g Grant) Active(now time.Time) bool { return g.ExpiresAt == nil || now.Before(*g.ExpiresAt) }

// Principal is the signed-in person a request acts for.
type Principal struct {
	AccountID   int64
	Username    string
	DisplayName string
	Locale      string // "vi" or "en"
	Grants      []Grant
	// Now is when the principal was loaded; grants are judged at this instant.
	Now time.Time
}

// Actor is how the audit trail and histories name the principal.
func (p Principal) Actor() string { return "user:" + p.Username }

// Has reports whether some active grant gives perm, whatever its unit.
func (p Principal) Has(perm Perm) bool {
	for _, g := range p.Grants {
		if g.Active(p.Now) && slices.Contains(rolePerms[g.Role], perm) {
			return true
		}
	}
	return false
}

// Can reports whether the principal holds perm for an item of unit.
func (p Principal) Can(perm Perm, unit string) bool {
	for _, g := range p.Grants {
		if g.Active(p.Now) && slices.Contains(rolePerms[g.Role], perm) && (g.Unit == "" || g.Unit == unit) {
			return true
		}
	}
	return false
}

// Scope says for which units the principal holds perm: all of them, or the
// listed ones (none when it does not hold perm).
func (p Principal) Scope(perm Perm) (all bool, units []string) {
	for _, g := range p.Grants {
		if !g.Active(p.Now) || !slices.Contains(rolePerms[g.Role], perm) {
			continue
		}
		if g.Unit == "" {
			return true, nil
		}
		if !slices.Contains(units, g.Unit) {
			units = append(units, g.Unit)
		}
	}
	return false, units
}

// HasRole reports whether an active grant gives role r.
func (p Principal) HasRole(r Role) bool {
	for _, g := range p.Grants {
		if g.Active(p.Now) && g.Role == r {
			return true
		}
	}
	return false
}

// InvalidError is a mistake of the administrator acting (a liaison without
// unit, a revoked account): its Vietnamese message is shown as it is.
type InvalidError struct{ Msg string }

func (e *InvalidError) Error() string { return e.Msg }

// Invalidf makes an InvalidError.
func Invalidf(format string, args ...any) error {
	return &InvalidError{Msg: fmt.Sprintf(format, args...)}
}
