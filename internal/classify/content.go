package classify

import (
	"strings"
)

// ContentText is the text of a submission that near-duplicate screening
// compares (Điều 14 khoản 4): the official document when there is one,
// else the body without greeting, quoted replies and signature, with the
// text of attachments that have a text layer (an article sent as DOCX).
func ContentText(in Input) string {
	if in.Document.Found {
		if t := documentText(in); strings.TrimSpace(t) != "" {
			return t
		}
	}
	parts := []string{cutSignature(ownText(in.Body))}
	walkAttachments(in.Attachments, func(a Attachment) {
		if a.Text != "" && !strings.HasPrefix(a.Method, "ocr") && !a.Garbled && !isReport(a.ContentType) {
			parts = append(parts, a.Text)
		}
	})
	return strings.TrimSpace(strings.Join(parts, "\n"))
}

// isReport tells the machine-written parts of a bounce (RFC 3464, RFC 6522).
func isReport(ct string) bool {
	return ct == "message/delivery-status" || ct == "text/rfc822-headers" || ct == "message/disposition-notification"
}

// cutSignature keeps the lines of a body that carry content: it stops at a
// signature separator or the sender-data block of Điều 9 khoản 3, and drops
// short lines (greetings, sign-offs, contact lines).
func cutSignature(body string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		t := strings.TrimSpace(l)
		f := Fold(t)
		if t == "--" || t == "-- " || strings.HasPrefix(f, "thong tin nguoi gui") || strings.HasPrefix(f, "nguoi gui ") ||
			strings.HasPrefix(f, "tran trong") || strings.HasPrefix(f, "best regards") || f == "regards" || f == "thanks" ||
			strings.HasPrefix(f, "gui tu iphone") || strings.HasPrefix(f, "sent from my") {
			break
		}
		if len(strings.Fields(f)) < 6 {
			continue
		}
		out = append(out, t)
	}
	return strings.Join(out, "\n")
}
