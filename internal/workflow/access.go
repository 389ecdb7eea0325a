package workflow

import (
	"errors"

	"github.com/moj-portal/tiepnhan/internal/auth"
)

// ErrNotFound is returned for an item that does not exist or that the
// principal may not see (the two are not told apart).
var ErrNotFound = errors.New("không tìm thấy hồ sơ")

// ErrForbidden is returned for an action the principal may not take.
var ErrForbidden = errors.New("bạn không có quyền thực hiện thao tác này")

// Perm is the permission an action needs.
func Perm(a Action) auth.Perm {
	switch a {
	case ActAssign:
		return auth.PermAssign
	case ActSubmit, ActReturn:
		return auth.PermEdit
	case ActApprove, ActReviewed:
		return auth.PermApprove
	case ActPublish, ActConfirmPublished, ActDismissPublished:
		return auth.PermPublish
	case ActAnswer:
		return auth.PermUnitWork
	}
	return auth.PermTriage
}

// CanView reports whether p may see an item of unit, forwarded to
// forwardedUnit, quarantined or not: the inbox roles within their units
// (quarantined items only for the Standing Board, Điều 14 khoản 2), a unit's
// liaison for what was forwarded to that unit.
func CanView(p auth.Principal, unit, forwardedUnit string, quarantined bool) bool {
	if quarantined && !p.Has(auth.PermViewQuarantined) {
		return false
	}
	if p.Can(auth.PermViewInbox, unit) {
		return true
	}
	return forwardedUnit != "" && p.Can(auth.PermUnitWork, forwardedUnit)
}
