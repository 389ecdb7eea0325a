package derive

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/intake"
)

// Parsed maps a derivation to what the store keeps of a message. Điều 4
// khoản 4: the subject and the derived report (Derived) have the sender's
// personal data masked (redact.go); the bodies and attachment texts are
// given in clear for the store to seal.
func (res Result) Parsed(messageID int64) intake.ParsedMessage {
	p, _ := res.Stored(messageID)
	return p
}

// Stored is what the store keeps of a derivation: the parsed message
// (Parsed), whose report (Derived) holds what was read of the message, its
// body and attachments, and the Reading the store keeps typed
// (postgres.SaveReadings) — both redacted (Điều 4 khoản 4).
func (res Result) Stored(messageID int64) (intake.ParsedMessage, finding.Reading) {
	p := res.parsed(messageID)
	var rd finding.Reading
	if v, ok := redactedValue(res.Report, res.sender); ok {
		var r Report
		if err := json.Unmarshal(encode(v), &r); err == nil {
			rd = r.Reading()
		}
		stripTyped(v)
		p.Derived = encode(v)
	} else {
		p.Derived = []byte("{}")
	}
	return p, rd
}

// parsed is Parsed but for the stored report.
func (res Result) parsed(messageID int64) intake.ParsedMessage {
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
	if p.Kind == intake.MessageKindSubmission {
		p.Outline = outlineOf(res.Message) // what read_message reads from (outline.go)
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
	if p.Kind == intake.MessageKindSubmission {
		p.Search = searchDoc(r, res.Texts, red)
	}
	return p
}

// maxSearchBody caps the text indexed per message (a tsvector holds at
// most 1 MB; the first 256 KiB of a long document find it).
const maxSearchBody = 256 << 10

// searchDoc is the redacted text the message is found by: its subject,
// sender and document number rank first, then its body and the text of
// each attachment, up to maxSearchBody.
func searchDoc(r Report, texts []string, red redactor) intake.SearchDoc {
	var d intake.SearchDoc
	// The address also as words: "tuphap@quan1.example.vn" is found by
	// "quan1" too.
	addr := strings.NewReplacer("@", " ", ".", " ").Replace(r.Message.From)
	d.Head = red.text(strings.Join(nonEmpty(r.Message.Subject, r.Message.FromName, r.Message.From, addr, r.Document.NumberSymbol), " "))
	var b strings.Builder
	for _, t := range append([]string{r.Body.Text}, texts...) {
		if t = strings.TrimSpace(t); t == "" || b.Len() >= maxSearchBody {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(t)
	}
	body := b.String()
	if len(body) > maxSearchBody {
		body = strings.ToValidUTF8(body[:maxSearchBody], "")
	}
	d.Body = red.text(body)
	codes := intake.SearchCodes(r.Document.NumberSymbol + " " + d.Head + " " + d.Body)
	d.Codes = strings.Join(codes, " ")
	return d
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Restored is the derivation of a stored message, as the classifier reads
// it again (classify_submission, the corrections a model learns from): the
// report stored with the message for the message, its body and its
// attachments as read; the document, where it was found, the sender data,
// the authentication and the problems from the typed reading the store
// keeps (rd); texts are the attachments' texts by index. derive is the
// one package that decodes a stored report.
func Restored(stored []byte, rd finding.Reading, texts []string) (Result, error) {
	var res Result
	if len(stored) > 0 {
		if err := json.Unmarshal(stored, &res.Report); err != nil {
			return res, fmt.Errorf("stored report: %w", err)
		}
	}
	r := &res.Report
	r.Document, r.DocumentSource, r.Submitter, r.Message.Auth, r.Problems = rd.Document, rd.DocumentSource, rd.Submitter, rd.Auth, rd.Problems
	res.Texts = texts
	return res, nil
}
