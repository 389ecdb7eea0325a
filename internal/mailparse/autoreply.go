package mailparse

import (
	"strings"
)

// autoSubjectPrefixes are subject starts written by out-of-office and
// auto-reply functions (Outlook, Gmail, Zimbra, in English and Vietnamese).
var autoSubjectPrefixes = []string{
	"automatic reply", "auto reply", "auto-reply", "autoreply", "auto:", "out of office", "out of the office",
	"trả lời tự động", "tự động trả lời", "thư trả lời tự động", "vắng mặt", "đang vắng mặt", "ngoài văn phòng",
}

// detectAuto decides whether a message was sent by a machine rather than a
// person, and says why. The tests, in order:
//   - a delivery status notification: multipart/report with
//     report-type=delivery-status (RFC 3464 §2, RFC 6522), or a
//     disposition notification (read receipt, RFC 8098 §3);
//   - Auto-Submitted other than "no" (RFC 3834 §5.1);
//   - a null reverse path "<>" (RFC 5321 §4.5.5) or a MAILER-DAEMON /
//     postmaster sender, which only bounces use;
//   - Precedence: bulk, junk, list or auto_reply (RFC 3834 §3.1.8 notes its use);
//   - X-Autoreply, X-Autorespond (vendor fields of auto-responders);
//   - X-Auto-Response-Suppress: All or OOF (Exchange) together with an
//     auto-reply subject: Exchange also sets that field on ordinary mail.
func detectAuto(fs fields, ct mediaValue, from Address, subject string) (bool, string) {
	if ct.value == "multipart/report" {
		switch strings.ToLower(strings.TrimSpace(ct.params["report-type"])) {
		case "delivery-status", "message/delivery-status":
			return true, "dsn"
		case "disposition-notification":
			return true, "mdn"
		}
	}
	if v := fs.get("Auto-Submitted"); v != "" {
		tok := strings.ToLower(strings.TrimSpace(strings.SplitN(reComment.ReplaceAllString(v, ""), ";", 2)[0]))
		if tok != "" && tok != "no" {
			return true, "auto-submitted: " + tok
		}
	}
	if rp := fs.all("Return-Path"); len(rp) > 0 {
		if v := strings.TrimSpace(rp[0]); v == "<>" || strings.Trim(v, "<> ") == "" {
			return true, "null return-path"
		}
	}
	if local, _, _ := strings.Cut(strings.ToLower(from.Address), "@"); local == "mailer-daemon" || local == "postmaster" {
		return true, "mailer-daemon"
	}
	switch p := strings.ToLower(strings.TrimSpace(fs.get("Precedence"))); p {
	case "bulk", "junk", "list", "auto_reply", "auto-reply":
		return true, "precedence: " + p
	}
	if v := strings.TrimSpace(fs.get("X-Autoreply")); v != "" && !strings.EqualFold(v, "no") {
		return true, "x-autoreply"
	}
	if v := strings.TrimSpace(fs.get("X-Autorespond")); v != "" && !strings.EqualFold(v, "no") {
		return true, "x-autorespond"
	}
	if v := strings.ToLower(fs.get("X-Auto-Response-Suppress")); v != "" {
		for _, tok := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			if (tok == "all" || tok == "oof") && autoSubject(subject) {
				return true, "x-auto-response-suppress: " + tok
			}
		}
	}
	return false, ""
}

// autoSubject reports whether a subject starts like an auto-reply.
func autoSubject(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, p := range autoSubjectPrefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
