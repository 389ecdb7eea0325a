package web

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

const maxScan = 50 << 20

// registerForm shows the form for a submission that arrived on paper or by
// another channel (Điều 9 khoản 1).
func (u *UI) registerForm(w http.ResponseWriter, r *http.Request, rc *req) {
	u.render(w, r, rc, http.StatusOK, "register", map[string]any{"Now": u.now().In(workday.Zone).Format("2006-01-02T15:04")})
}

// register stores it with its scan; the pipeline then reads it like mail.
func (u *UI) register(w http.ResponseWriter, r *http.Request, rc *req) {
	r.Body = http.MaxBytesReader(w, r.Body, maxScan+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		u.fail(w, r, rc, http.StatusRequestEntityTooLarge, "bản quét quá lớn hoặc biểu mẫu hỏng")
		return
	}
	f := r.PostFormValue
	at, err := time.ParseInLocation("2006-01-02T15:04", f("received_at"), workday.Zone)
	if err != nil {
		at = time.Time{}
	}
	x := view.Paper{Channel: f("channel"), ReceivedAt: at, Subject: f("subject"), Organization: f("organization"),
		Name: f("name"), Title: f("title"), Email: f("email"), CitizenID: f("citizen_id"), TaxCode: f("tax_code"),
		Phone: f("phone"), Address: f("address"), DoNotPublishName: f("do_not_publish") == "1", Note: f("note")}
	if file, hdr, err := r.FormFile("scan"); err == nil {
		x.Scan, err = io.ReadAll(io.LimitReader(file, maxScan+1))
		file.Close()
		if err != nil {
			u.failErr(w, r, rc, err)
			return
		}
		x.ScanName, x.ScanType = hdr.Filename, hdr.Header.Get("Content-Type")
	}
	mid, err := u.Desk.RegisterPaper(r.Context(), rc.P, x)
	if err != nil {
		if isUserError(err) {
			x.CitizenID, x.TaxCode, x.Phone, x.Address, x.Scan = "", "", "", "", nil // never echo personal data
			u.render(w, r, rc, http.StatusUnprocessableEntity, "register", map[string]any{"Error": err.Error(), "Form": x, "Now": f("received_at")})
			return
		}
		u.failErr(w, r, rc, err)
		return
	}
	http.Redirect(w, r, "/inbox?registered="+strconv.FormatInt(mid, 10), http.StatusSeeOther)
}
