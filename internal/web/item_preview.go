package web

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strconv"

	"github.com/microcosm-cc/bluemonday"

	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/pii"
)

// mailPolicy sanitises an HTML mail body for preview: text structure,
// tables and links survive; scripts, event handlers, forms, styles
// (attributes and elements: CSS can fetch and overlay) and every image that
// is not inline data are removed, so nothing is fetched from elsewhere.
var mailPolicy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "div", "span", "b", "i", "u", "s", "strong", "em", "small", "sub", "sup", "ul", "ol", "li",
		"dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "h1", "h2", "h3", "h4", "h5", "h6",
		"blockquote", "pre", "code", "hr", "center", "font", "a", "img")
	p.AllowAttrs("colspan", "rowspan", "align", "valign").OnElements("td", "th")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	p.AllowDataURIImages()
	p.AllowAttrs("src").Matching(regexp.MustCompile(`^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$`)).OnElements("img")
	p.AllowAttrs("alt", "width", "height").OnElements("img")
	return p
}()

// previewCSP is the policy of the preview document, which is also sandboxed
// (no scripts, no same origin): only inline data images, no fetch at all.
const previewCSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox"

// messagePath reads the item and message ids of /items/{id}/messages/{mid}/….
func messagePath(r *http.Request) (id, mid int64, ok bool) {
	id, ok1 := pathID(r, "id")
	mid, ok2 := pathID(r, "mid")
	return id, mid, ok1 && ok2
}

// itemBody serves the sanitised HTML body of a message for the item page's
// sandboxed iframe.
func (u *UI) itemBody(w http.ResponseWriter, r *http.Request, rc *req) {
	id, mid, ok := messagePath(r)
	if !ok {
		u.fail(w, r, rc, http.StatusNotFound, tr(rc.Lang, "not_found"))
		return
	}
	html, err := u.Store.HTMLBody(r.Context(), rc.P, id, mid)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	var b bytes.Buffer
	b.WriteString(`<!doctype html><html><head><meta charset="utf-8"><style>body{font:14px/1.5 system-ui,sans-serif;margin:8px;color:#222}img{max-width:100%}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 4px}</style></head><body>`)
	b.WriteString(pii.Redact(mailPolicy.Sanitize(html)))
	b.WriteString(`</body></html>`)
	h := w.Header()
	h.Set("Content-Security-Policy", previewCSP)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.Write(b.Bytes())
}

// download sends bytes as a file: always an attachment, never sniffed,
// sandboxed if a browser renders it anyway.
func download(w http.ResponseWriter, name, ctype string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	if ctype == "message/rfc822" {
		h.Set("Content-Type", ctype)
	}
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// itemRaw downloads the message exactly as received (RFC 5322). It holds
// the sender's personal data in clear, so only roles that may reveal it for
// the item's unit get it, and each download is in the audit trail (Điều 4
// khoản 4, 6 khoản 2); the store decides both.
func (u *UI) itemRaw(w http.ResponseWriter, r *http.Request, rc *req) {
	id, mid, ok := messagePath(r)
	if !ok {
		u.fail(w, r, rc, http.StatusNotFound, tr(rc.Lang, "not_found"))
		return
	}
	raw, err := u.Store.Original(r.Context(), rc.P, id, mid)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	download(w, fmt.Sprintf("thu-%d.eml", mid), "message/rfc822", raw)
}

// itemAttachment downloads one attachment, decoded from the stored raw
// message where the stored outline says it lies, numbered as the parser
// numbered it (derive.OpenAttachment: no second MIME parse). The store
// audits it and asks for the reveal permission when the attachment
// carried sender data.
func (u *UI) itemAttachment(w http.ResponseWriter, r *http.Request, rc *req) {
	id, mid, ok := messagePath(r)
	idx, err := strconv.Atoi(r.PathValue("idx"))
	if !ok || err != nil || idx < 0 {
		u.fail(w, r, rc, http.StatusNotFound, tr(rc.Lang, "not_found"))
		return
	}
	raw, outline, err := u.Store.Attachment(r.Context(), rc.P, id, mid, idx)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	a, ok := derive.OpenAttachment(raw, outline, idx)
	if !ok {
		u.fail(w, r, rc, http.StatusNotFound, tr(rc.Lang, "not_found"))
		return
	}
	name := a.Filename
	if name == "" {
		name = fmt.Sprintf("tep-%d", idx)
	}
	download(w, name, a.ContentType, a.Data)
}
