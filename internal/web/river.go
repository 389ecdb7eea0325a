package web

import (
	"bytes"
	"io"
	"net/http"
	"strings"

	"github.com/moj-portal/tiepnhan/internal/pii"
)

// riverAudited serves River's UI. Its reads pass as they are; a call that
// changes the queue (cancel, delete, retry a job; pause a queue: anything
// but GET and HEAD) is written to the audit trail first, with who, the
// call and its request body, and refused if that write fails (Điều 6
// khoản 2: every deletion recorded; issue 12, finding 9: deleting a
// scheduled warning left no trace).
func (u *UI) riverAudited(w http.ResponseWriter, r *http.Request, rc *req) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		u.RiverUI.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(r.Body) // capped by limitBodies
	if err != nil {
		http.Error(w, tr(rc.Lang, "bad_request"), http.StatusRequestEntityTooLarge)
		return
	}
	detail := map[string]any{"method": r.Method, "path": r.URL.Path, "query": r.URL.RawQuery, "body": pii.Redact(strings.ToValidUTF8(string(body), "\uFFFD"))}
	if err := u.Auth.Store.AuditEvent(r.Context(), rc.P.Actor(), "river_ui", "river_job", "", detail); err != nil {
		u.Log.Error("audit river ui call", "err", err)
		http.Error(w, tr(rc.Lang, "internal"), http.StatusInternalServerError)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	u.RiverUI.ServeHTTP(w, r)
}
