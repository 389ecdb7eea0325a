package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/pii"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// completeSubmitter fills s with what the author's answer to a supplement
// request supplied (Điều 11 khoản 2): each field the answer gives, and does
// not list as invalid, replaces a missing or invalid one; the field names
// taken are returned. A field the first message had right is kept.
func completeSubmitter(s *finding.Submitter, answer finding.Submitter) []string {
	var took []string
	fields := []struct {
		key       string
		dst, from *string
	}{
		{"organization", &s.Organization, &answer.Organization}, {"name", &s.Name, &answer.Name},
		{"title", &s.Title, &answer.Title}, {"tax_code", &s.TaxCode, &answer.TaxCode},
		{"citizen_id", &s.CitizenID, &answer.CitizenID}, {"phone", &s.Phone, &answer.Phone},
		{"address", &s.Address, &answer.Address},
	}
	for _, f := range fields {
		needed := *f.dst == "" || slices.Contains(s.Invalid, f.key)
		if !needed || *f.from == "" || slices.Contains(answer.Invalid, f.key) {
			continue
		}
		*f.dst = *f.from
		s.Missing = slices.DeleteFunc(s.Missing, func(k string) bool { return k == f.key })
		s.Invalid = slices.DeleteFunc(s.Invalid, func(k string) bool { return k == f.key })
		took = append(took, f.key)
	}
	return took
}

// itemView is what the item page shows.
type itemView struct {
	D view.Detail
	// R is what was read from the first message (the store's typed
	// reading; the classification and screening are in D), nil when not
	// read yet.
	R        *finding.Reading
	Revealed *view.Submitter
	// Supplied are the sender-data fields the author's answer to the
	// supplement request completed.
	Supplied                                     []string
	Assignable                                   []auth.Account
	Kinds, Categories, Timings, Targets, Grounds []string
	Error                                        string
}

func pathID(r *http.Request, name string) (int64, bool) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return n, err == nil && n > 0
}

// item shows one item: the original mail and attachments, the extracted
// text, document fields, sender-data check, classification with evidence,
// screening flags, deadlines with their article and calculation, history,
// and the actions the principal may take.
func (u *UI) item(w http.ResponseWriter, r *http.Request, rc *req) {
	u.showItem(w, r, rc, http.StatusOK, nil, "")
}

func (u *UI) showItem(w http.ResponseWriter, r *http.Request, rc *req, status int, revealed *view.Submitter, errMsg string) {
	id, ok := pathID(r, "id")
	if !ok {
		u.fail(w, r, rc, http.StatusNotFound, tr(rc.Lang, "not_found"))
		return
	}
	d, err := u.Store.Item(r.Context(), rc.P, id)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	// Điều 4 khoản 4: personal numbers in the mail text and the extracted
	// text are masked on screen; the reveal shows the sender data, audited.
	for i := range d.Messages {
		d.Messages[i].Text = pii.Redact(d.Messages[i].Text)
		for j := range d.Messages[i].Attachments {
			d.Messages[i].Attachments[j].Text = pii.Redact(d.Messages[i].Attachments[j].Text)
		}
	}
	v := itemView{D: d, Revealed: revealed, Error: errMsg, Kinds: workflow.Kinds, Categories: workflow.Categories, Timings: workflow.Timings,
		Targets: workflow.Targets, Grounds: workflow.Grounds}
	if d.Reading != nil {
		r := *d.Reading
		v.R = &r
		if d.AnswerReading != nil {
			// Điều 11 khoản 2: the author's answer completes the sender data.
			v.Supplied = completeSubmitter(&v.R.Submitter, d.AnswerReading.Submitter)
		}
	}
	if rc.P.Has(auth.PermAssign) {
		v.Assignable, _ = u.Store.Assignable(r.Context())
	}
	u.render(w, r, rc, status, "item", v)
}

// itemAction applies one action from the item page's forms.
func (u *UI) itemAction(w http.ResponseWriter, r *http.Request, rc *req) {
	id, ok := pathID(r, "id")
	if !ok {
		u.fail(w, r, rc, http.StatusNotFound, tr(rc.Lang, "not_found"))
		return
	}
	f := r.PostFormValue
	c := workflow.Command{Action: workflow.Action(r.PathValue("action")), Note: f("note"), Unit: f("unit"), URL: f("url"),
		Ground: f("ground"), Kind: f("kind"), Quarantine: f("quarantine") == "1", Review: f("review") == "1",
		Classification: workflow.Classification{Kind: f("c_kind"), Category: f("c_category"), Timing: f("c_timing"),
			Unit: f("c_unit"), Target: f("c_target"), Language: f("c_language")}}
	if c.Action == workflow.ActAssign {
		n, err := strconv.ParseInt(f("assignee"), 10, 64)
		if err != nil {
			u.showItem(w, r, rc, http.StatusUnprocessableEntity, nil, "chọn người được phân công")
			return
		}
		c.AssigneeID = n
	}
	if (c.Action == workflow.ActForward && !u.knownUnit(r.Context(), c.Unit)) || (c.Action == workflow.ActClassify && c.Classification.Unit != "" && !u.knownUnit(r.Context(), c.Classification.Unit)) {
		u.showItem(w, r, rc, http.StatusUnprocessableEntity, nil, "đơn vị không có trong danh bạ")
		return
	}
	var err error
	switch c.Action {
	case workflow.ActConfirmPublished, workflow.ActDismissPublished:
		// A publication the Portal's feed showed: the proposal gives the
		// URL and the time, nothing typed (issue 14).
		pid, perr := strconv.ParseInt(f("proposal"), 10, 64)
		if perr != nil || pid <= 0 {
			u.fail(w, r, rc, http.StatusNotFound, tr(rc.Lang, "not_found"))
			return
		}
		err = u.Desk.DecideProposal(r.Context(), rc.P, id, pid, c.Action == workflow.ActConfirmPublished)
	default:
		err = u.Desk.Act(r.Context(), rc.P, id, c)
	}
	if err != nil {
		if isUserError(err) {
			u.showItem(w, r, rc, http.StatusUnprocessableEntity, nil, err.Error())
			return
		}
		u.failErr(w, r, rc, err)
		return
	}
	http.Redirect(w, r, "/items/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (u *UI) knownUnit(ctx context.Context, code string) bool {
	u.refreshUnits(ctx, false)
	for _, x := range u.unitList() {
		if x.Code == code {
			return true
		}
	}
	return false
}

// itemReveal shows the sender's personal data in clear once, for a role
// that may see it (Điều 4 khoản 4); the store records the reveal in the
// audit trail. The page is not cached.
func (u *UI) itemReveal(w http.ResponseWriter, r *http.Request, rc *req) {
	id, ok := pathID(r, "id")
	if !ok {
		u.fail(w, r, rc, http.StatusNotFound, tr(rc.Lang, "not_found"))
		return
	}
	s, err := u.Store.RevealSubmitter(r.Context(), rc.P, id)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	u.showItem(w, r, rc, http.StatusOK, &s, "")
}
