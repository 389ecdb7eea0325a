package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// accounts lists every account (Điều 7 khoản 1) with the create form.
func (u *UI) accounts(w http.ResponseWriter, r *http.Request, rc *req) {
	list, err := u.Admin.Accounts(r.Context())
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	u.render(w, r, rc, http.StatusOK, "accounts", map[string]any{"Accounts": list, "Roles": auth.Roles})
}

// accountCreate makes an account with one first grant.
func (u *UI) accountCreate(w http.ResponseWriter, r *http.Request, rc *req) {
	f := r.PostFormValue
	hash, err := u.Hasher.Hash(f("password"))
	if err == nil {
		g := auth.Grant{Role: auth.Role(f("role")), Unit: f("unit")}
		if err = g.Validate(); err == nil {
			var id int64
			id, err = u.Admin.CreateAccount(r.Context(), rc.P.Actor(), auth.Account{Username: auth.NormalizeUsername(f("username")),
				DisplayName: strings.TrimSpace(f("display_name")), Email: strings.TrimSpace(f("email")), PasswordHash: hash, Locale: "vi"}, []auth.Grant{g})
			if err == nil {
				http.Redirect(w, r, "/admin/accounts/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
				return
			}
		}
	}
	if isUserError(err) {
		u.fail(w, r, rc, http.StatusUnprocessableEntity, err.Error())
		return
	}
	if strings.Contains(err.Error(), "account_username") || strings.Contains(err.Error(), "23505") || strings.Contains(err.Error(), "23514") {
		u.fail(w, r, rc, http.StatusUnprocessableEntity, "tên đăng nhập đã có hoặc không hợp lệ (chữ thường, số, . _ @ -)")
		return
	}
	u.failErr(w, r, rc, err)
}

// account shows one account with its grants and the forms that limit,
// lock and revoke it.
func (u *UI) account(w http.ResponseWriter, r *http.Request, rc *req) {
	id, ok := pathID(r, "id")
	if !ok {
		u.fail(w, r, rc, http.StatusNotFound, tr(rc.Lang, "not_found"))
		return
	}
	a, err := u.Admin.AccountInfo(r.Context(), id)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	u.render(w, r, rc, http.StatusOK, "account", map[string]any{"A": a, "Roles": auth.Roles})
}

func (u *UI) afterAccount(w http.ResponseWriter, r *http.Request, rc *req, id int64, err error) {
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	http.Redirect(w, r, "/admin/accounts/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// accountGrant grants a role, for all units or one, possibly until a date.
func (u *UI) accountGrant(w http.ResponseWriter, r *http.Request, rc *req) {
	id, ok := pathID(r, "id")
	if !ok {
		u.fail(w, r, rc, http.StatusNotFound, tr(rc.Lang, "not_found"))
		return
	}
	g := auth.Grant{Role: auth.Role(r.PostFormValue("role")), Unit: r.PostFormValue("unit"), Note: r.PostFormValue("note")}
	if s := r.PostFormValue("expires"); s != "" {
		t, err := time.ParseInLocation("2006-01-02", s, workday.Zone)
		if err != nil {
			u.fail(w, r, rc, http.StatusUnprocessableEntity, "ngày hết hạn không hợp lệ")
			return
		}
		t = t.AddDate(0, 0, 1)
		g.ExpiresAt = &t
	}
	u.afterAccount(w, r, rc, id, u.Admin.AddGrant(r.Context(), rc.P.Actor(), id, g))
}

// accountUngrant removes one grant, effective on the account's next request.
func (u *UI) accountUngrant(w http.ResponseWriter, r *http.Request, rc *req) {
	id, ok1 := pathID(r, "id")
	gid, ok2 := pathID(r, "gid")
	if !ok1 || !ok2 {
		u.fail(w, r, rc, http.StatusNotFound, tr(rc.Lang, "not_found"))
		return
	}
	u.afterAccount(w, r, rc, id, u.Admin.RemoveGrant(r.Context(), rc.P.Actor(), id, gid))
}

// accountState locks, unlocks or revokes (Điều 7 khoản 3); sessions end at
// once. An administrator cannot lock themself out.
func (u *UI) accountState(w http.ResponseWriter, r *http.Request, rc *req) {
	id, ok := pathID(r, "id")
	if !ok {
		u.fail(w, r, rc, http.StatusNotFound, tr(rc.Lang, "not_found"))
		return
	}
	st := auth.AccountState(r.PostFormValue("state"))
	if id == rc.P.AccountID && st != auth.StateActive {
		u.fail(w, r, rc, http.StatusUnprocessableEntity, "không thể tự khóa hoặc thu hồi tài khoản của mình")
		return
	}
	if strings.TrimSpace(r.PostFormValue("reason")) == "" {
		u.fail(w, r, rc, http.StatusUnprocessableEntity, "ghi rõ lý do (Điều 7)")
		return
	}
	u.afterAccount(w, r, rc, id, u.Admin.SetAccountState(r.Context(), rc.P.Actor(), id, st, r.PostFormValue("reason")))
}

// accountPassword sets a new password; the account's sessions end.
func (u *UI) accountPassword(w http.ResponseWriter, r *http.Request, rc *req) {
	id, ok := pathID(r, "id")
	if !ok {
		u.fail(w, r, rc, http.StatusNotFound, tr(rc.Lang, "not_found"))
		return
	}
	hash, err := u.Hasher.Hash(r.PostFormValue("password"))
	if err == nil {
		err = u.Admin.SetPassword(r.Context(), rc.P.Actor(), id, hash)
	}
	u.afterAccount(w, r, rc, id, err)
}

// reviewRow is one line of the access review, with what to look at.
type reviewRow struct {
	auth.AccountInfo
	Dormant  bool
	Expiring bool
}

func (u *UI) reviewRows(r *http.Request) ([]reviewRow, error) {
	list, err := u.Admin.Accounts(r.Context())
	if err != nil {
		return nil, err
	}
	now := u.now()
	var out []reviewRow
	for _, a := range list {
		x := reviewRow{AccountInfo: a}
		x.Dormant = a.State == auth.StateActive && (a.LastLoginAt == nil && now.Sub(a.CreatedAt) > 90*24*time.Hour || a.LastLoginAt != nil && now.Sub(*a.LastLoginAt) > 90*24*time.Hour)
		for _, g := range a.Grants {
			x.Expiring = x.Expiring || g.ExpiresAt != nil && g.ExpiresAt.Sub(now) < 30*24*time.Hour
		}
		out = append(out, x)
	}
	return out, nil
}

// accessReview is the periodic review of who may do what (Điều 7 khoản 1:
// rà soát, kiểm tra): every account, its grants, last sign-in, dormancy.
func (u *UI) accessReview(w http.ResponseWriter, r *http.Request, rc *req) {
	rows, err := u.reviewRows(r)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	u.render(w, r, rc, http.StatusOK, "access_review", rows)
}

// accessReviewCSV exports the review for signing off.
func (u *UI) accessReviewCSV(w http.ResponseWriter, r *http.Request, rc *req) {
	rows, err := u.reviewRows(r)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	var b bytes.Buffer
	b.WriteString("\ufeff")
	cw := csv.NewWriter(&b)
	cw.Write([]string{"tên đăng nhập", "tên", "tình trạng", "quyền", "tạo bởi", "tạo lúc", "đăng nhập gần nhất", "không dùng > 90 ngày"})
	for _, x := range rows {
		var gs []string
		for _, g := range x.Grants {
			s := string(g.Role)
			if g.Unit != "" {
				s += "@" + g.Unit
			}
			if g.ExpiresAt != nil {
				s += " đến " + g.ExpiresAt.In(workday.Zone).Format("02/01/2006")
			}
			gs = append(gs, s)
		}
		last := ""
		if x.LastLoginAt != nil {
			last = x.LastLoginAt.In(workday.Zone).Format("02/01/2006 15:04")
		}
		cw.Write([]string{x.Username, x.DisplayName, string(x.State), strings.Join(gs, "; "), x.CreatedBy,
			x.CreatedAt.In(workday.Zone).Format("02/01/2006"), last, strconv.FormatBool(x.Dormant)})
	}
	cw.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="ra-soat-quyen.csv"`)
	w.Write(b.Bytes())
}

// auditLog shows the newest rows of the audit trail and how many are not
// sealed yet; `tiepnhan audit verify` checks the chain.
func (u *UI) auditLog(w http.ResponseWriter, r *http.Request, rc *req) {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	rows, err := u.Audit.AuditRows(r.Context(), r.URL.Query().Get("table"), r.URL.Query().Get("row"), before, 100)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	unsealed, err := u.Audit.AuditUnsealed(r.Context())
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	var next int64
	if len(rows) == 100 {
		next = rows[len(rows)-1].ID
	}
	u.render(w, r, rc, http.StatusOK, "audit", map[string]any{"Rows": rows, "Unsealed": unsealed, "Next": next})
}
