package derive

import (
	"slices"

	"github.com/moj-portal/tiepnhan/internal/intake"
)

// Parsed maps a derivation to what the store keeps of a message. Điều 4
// khoản 4: the subject and the derived report (Derived) have the sender's
// personal data masked (redact.go); the bodies and attachment texts are
// given in clear for the store to seal.
func (res Result) Parsed(messageID int64) intake.ParsedMessage {
	r := res.Report
	red := newRedactor(res.sender)
	p := intake.ParsedMessage{
		MessageID: messageID, Kind: intake.MessageKindSubmission,
		Subject: red.text(r.Message.Subject), FromAddr: r.Message.From, FromName: r.Message.FromName,
		To: r.Message.To, Cc: r.Message.Cc, Date: r.Message.Date,
		InReplyTo: r.Message.InReplyTo, References: r.Message.References,
		AutoReason: r.Message.AutoReason, TextBody: r.Body.Text,
	}
	if res.Message != nil {
		p.HTMLBody = res.Message.HTML
	}
	switch {
	case r.Message.HeaderOnly:
		p.Kind = intake.MessageKindOversize
	case res.Message == nil:
		p.Kind = intake.MessageKindUnparsable
	case r.Message.AutoSubmitted:
		// RFC 3834 §5 and RFC 3464: recorded, never a submission.
		p.Kind = intake.MessageKindAutoReply
	}
	for _, pr := range r.Problems {
		if !slices.Contains(p.Flags, pr.Code) {
			p.Flags = append(p.Flags, pr.Code)
		}
	}
	for i, a := range r.Attachments {
		meta := intake.AttachmentMeta{
			Idx: i, Path: a.Path, Filename: a.Filename, ContentType: a.ContentType, Size: a.Size, SHA256: a.SHA256,
			Method: a.Method, Error: a.Error, NeedsHuman: a.NeedsHuman,
		}
		if i < len(res.Texts) {
			meta.Text = res.Texts[i]
		}
		p.Attachments = append(p.Attachments, meta)
		for _, f := range []struct {
			on   bool
			flag string
		}{{a.NeedsHuman, "needs_human_reading"}, {a.Garbled, "garbled_text"}, {a.Error != "", "attachment_error"}} {
			if f.on && !slices.Contains(p.Flags, f.flag) {
				p.Flags = append(p.Flags, f.flag)
			}
		}
	}
	p.Read = res.Texts != nil
	p.Derived = storedReport(r, res.sender)
	return p
}
