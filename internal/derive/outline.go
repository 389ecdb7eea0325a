package derive

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/mailparse"
)

// A message's MIME tree is parsed once (issue 10). parse_message parses
// the raw mail (Envelope) and stores, beside the bodies, its outline: what
// the envelope of the report is built from and the store does not keep in
// clear (the subject and file names before redaction, the problems, the
// dates) and where each attachment's body lies in the raw mail
// (mailparse.Span). read_message rebuilds the parsed message from the
// outline, the stored bodies and the raw mail — each attachment decoded
// from its span, checked against its SHA-256 (mailparse.Open) — and reads
// it without a second parse (Reread). The outline holds the sender's
// personal data as written (a subject, a file name): the store seals it
// like the bodies (Điều 4 khoản 4; internal/postgres, migration 00006).

// outlineVersion is the version of the stored outline's layout: an
// outline of another version is not trusted (Reopen reports false and the
// message is parsed again).
const outlineVersion = 1

// outline is the stored form of a parsed message without its bodies and
// attachment data. Its keys are stored: add keys, never rename them.
type outline struct {
	Version       int            `json:"v"`
	MessageID     string         `json:"message_id,omitempty"`
	From          outlineAddr    `json:"from"`
	To            []outlineAddr  `json:"to,omitempty"`
	Cc            []outlineAddr  `json:"cc,omitempty"`
	Subject       string         `json:"subject,omitempty"`
	Date          *time.Time     `json:"date,omitempty"`
	ReceivedDate  *time.Time     `json:"received_date,omitempty"`
	AutoSubmitted bool           `json:"auto_submitted,omitempty"`
	AutoReason    string         `json:"auto_reason,omitempty"`
	InReplyTo     []string       `json:"in_reply_to,omitempty"`
	References    []string       `json:"references,omitempty"`
	Parts         []outlinePart  `json:"parts,omitempty"`
	Problems      []outlineIssue `json:"problems,omitempty"`
	// DemoShift is the X-Tiepnhan-Demo-Shift-Days header (demo.go), the
	// one header field reading looks at; "" without it.
	DemoShift *string `json:"demo_shift,omitempty"`
}

type outlineAddr struct {
	Name    string `json:"name,omitempty"`
	Address string `json:"address,omitempty"`
}

// outlinePart is one attachment of mailparse.Message.Attachments.
type outlinePart struct {
	Filename    string `json:"filename,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Disposition string `json:"disposition,omitempty"`
	ContentID   string `json:"content_id,omitempty"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	Path        string `json:"path"`
	// Start, End and Encoding are mailparse.Span; End 0: no span.
	Start    int64  `json:"start,omitempty"`
	End      int64  `json:"end,omitempty"`
	Encoding string `json:"encoding,omitempty"`
	FromTNEF bool   `json:"from_tnef,omitempty"`
	Nested   bool   `json:"nested,omitempty"`
	// Message: a message/rfc822 part that was parsed (its parts follow).
	Message bool `json:"message,omitempty"`
}

type outlineIssue struct {
	Code   string `json:"code"`
	Path   string `json:"path,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// outlineOf is the stored outline of m (nil for no message).
func outlineOf(m *mailparse.Message) []byte {
	if m == nil {
		return nil
	}
	o := outline{
		Version: outlineVersion, MessageID: m.MessageID, From: outlineAddr(m.From),
		To: outlineAddrs(m.To), Cc: outlineAddrs(m.Cc), Subject: m.Subject,
		AutoSubmitted: m.AutoSubmitted, AutoReason: m.AutoReason,
		InReplyTo: m.InReplyTo, References: m.References,
	}
	if m.Date.OK {
		o.Date = &m.Date.Time
	}
	if m.ReceivedDate.OK {
		o.ReceivedDate = &m.ReceivedDate.Time
	}
	for _, a := range m.Attachments {
		o.Parts = append(o.Parts, outlinePart{
			Filename: a.Filename, ContentType: a.ContentType, Disposition: a.Disposition, ContentID: a.ContentID,
			Size: a.Size, SHA256: a.SHA256, Path: a.Path,
			Start: a.Span.Start, End: a.Span.End, Encoding: a.Span.Encoding,
			FromTNEF: a.FromTNEF, Nested: a.Nested, Message: a.Message != nil,
		})
	}
	for _, p := range m.Problems {
		o.Problems = append(o.Problems, outlineIssue(p))
	}
	for _, h := range m.Header {
		if strings.EqualFold(h.Name, demoShiftHeader) {
			v := h.Value
			o.DemoShift = &v
			break
		}
	}
	b, err := json.Marshal(o)
	if err != nil {
		return nil // plain values always encode; without an outline reading parses again
	}
	return b
}

func outlineAddrs(as []mailparse.Address) []outlineAddr {
	var out []outlineAddr
	for _, a := range as {
		out = append(out, outlineAddr(a))
	}
	return out
}

// Reopen is Envelope for a message parsed before: the parsed message is
// rebuilt from stored, its outline (intake.ParsedMessage.Outline, from
// Result.Parsed) and bodies, and the attachments that Read reads are
// decoded again from raw by their spans — without parsing the MIME tree.
// A file unpacked from winmail.dat is decoded again from its container.
// It reports false when the outline cannot stand for a parse: none
// stored (a message parsed before outlines were), another layout, or an
// attachment to read whose bytes are not a run of raw (a part of a
// transfer-encoded nested message) or differ from those parsed. The
// caller then parses (Envelope).
func Reopen(raw []byte, stored intake.ParsedMessage, opts Options) (Result, bool) {
	if len(stored.Outline) == 0 || opts.HeaderOnly {
		return Result{}, false
	}
	var o outline
	if err := json.Unmarshal(stored.Outline, &o); err != nil || o.Version != outlineVersion {
		return Result{}, false
	}
	m := &mailparse.Message{
		MessageID: o.MessageID, From: mailparse.Address(o.From), To: parseAddrs(o.To), Cc: parseAddrs(o.Cc),
		Subject: o.Subject, AutoSubmitted: o.AutoSubmitted, AutoReason: o.AutoReason,
		InReplyTo: o.InReplyTo, References: o.References,
		// The text body as stored is the report's (Envelope: the plain
		// text, else the text of the HTML).
		Text: stored.TextBody, HTML: stored.HTMLBody,
	}
	if o.Date != nil {
		m.Date = mailparse.Date{Time: *o.Date, OK: true}
	}
	if o.ReceivedDate != nil {
		m.ReceivedDate = mailparse.Date{Time: *o.ReceivedDate, OK: true}
	}
	if o.DemoShift != nil {
		m.Header = []mailparse.HeaderField{{Name: demoShiftHeader, Value: *o.DemoShift}}
	}
	for _, p := range o.Problems {
		m.Problems = append(m.Problems, mailparse.Problem(p))
	}
	m.Attachments = o.attachments()
	containers := map[int][][]byte{} // the files of each winmail.dat, by index
	for i, a := range m.Attachments {
		if !readable(m.Attachments, a) || a.Size == 0 {
			continue // no text read from it: its bytes are not needed
		}
		data, ok := openPart(raw, m.Attachments, i, containers)
		if !ok {
			return Result{}, false
		}
		m.Attachments[i].Data = data
	}
	return fromMessage(raw, m, opts), true
}

// attachments are the outline's parts as mailparse.Message.Attachments
// listed them, without their data.
func (o outline) attachments() []mailparse.Attachment {
	var out []mailparse.Attachment
	for _, p := range o.Parts {
		a := mailparse.Attachment{
			Filename: p.Filename, ContentType: p.ContentType, Disposition: p.Disposition, ContentID: p.ContentID,
			Size: p.Size, SHA256: p.SHA256, Path: p.Path,
			Span:     mailparse.Span{Start: p.Start, End: p.End, Encoding: p.Encoding},
			FromTNEF: p.FromTNEF, Nested: p.Nested,
		}
		if p.Message {
			// Parsed then; its parts follow it in the list. Read passes
			// over it, so the nested message itself is not rebuilt.
			a.Message = &mailparse.Message{}
		}
		out = append(out, a)
	}
	return out
}

// openPart decodes all[i] again from raw: by its span, or from its
// winmail.dat container (containers keeps each container's files). false
// when its bytes cannot be had without parsing.
func openPart(raw []byte, all []mailparse.Attachment, i int, containers map[int][][]byte) ([]byte, bool) {
	if all[i].FromTNEF {
		return tnefFile(raw, all, i, containers)
	}
	return mailparse.Open(raw, all[i])
}

// OpenAttachment is attachment idx of a stored message, numbered as the
// parse numbered it (mailparse.Message.Attachments), with its bytes: the
// staff's download of a file from the item page. The bytes are decoded
// from the attachment's span in raw when the stored outline has one, so
// the MIME tree is not parsed again (issue 10); otherwise (no outline, a
// part inside a transfer-encoded nested message) raw is parsed. false: the
// message has no attachment idx.
func OpenAttachment(raw, storedOutline []byte, idx int) (mailparse.Attachment, bool) {
	var o outline
	if idx >= 0 && len(storedOutline) > 0 && json.Unmarshal(storedOutline, &o) == nil && o.Version == outlineVersion && idx < len(o.Parts) {
		all := o.attachments()
		if data, ok := openPart(raw, all, idx, map[int][][]byte{}); ok {
			all[idx].Data = data
			return all[idx], true
		}
	}
	m, err := mailparse.Parse(bytes.NewReader(raw), mailparse.Options{})
	if err != nil || idx < 0 || idx >= len(m.Attachments) {
		return mailparse.Attachment{}, false
	}
	return m.Attachments[idx], true
}

// tnefFile decodes all[i], a file unpacked from winmail.dat, again from
// its container, opened by its span: Parse lists a container's files
// right after it, in their order in the container. false when the
// container has no span or the bytes differ from those parsed (its size
// and SHA-256: a file cut to the parser's caps).
func tnefFile(raw []byte, all []mailparse.Attachment, i int, containers map[int][][]byte) ([]byte, bool) {
	j := i - 1
	for j >= 0 && all[j].FromTNEF {
		j--
	}
	if j < 0 || !strings.HasPrefix(all[i].Path, all[j].Path+"/") || !unpackedTNEF(all, all[j]) {
		return nil, false
	}
	files, seen := containers[j]
	if !seen {
		data, ok := mailparse.Open(raw, all[j])
		if ok {
			files = mailparse.TNEFFiles(data)
		}
		containers[j] = files
	}
	k := i - j - 1
	if k >= len(files) {
		return nil, false
	}
	sum := sha256.Sum256(files[k])
	if int64(len(files[k])) != all[i].Size || hex.EncodeToString(sum[:]) != all[i].SHA256 {
		return nil, false
	}
	return files[k], true
}

func parseAddrs(as []outlineAddr) []mailparse.Address {
	var out []mailparse.Address
	for _, a := range as {
		out = append(out, mailparse.Address(a))
	}
	return out
}

// Reread derives a message parsed before (stored, as the store returns
// it) again: Reopen, else Envelope when the outline cannot stand for a
// parse, then Complete. read_message runs it.
func Reread(ctx context.Context, raw []byte, stored intake.ParsedMessage, opts Options) Result {
	res, ok := Reopen(raw, stored, opts)
	if !ok {
		res = Envelope(raw, opts)
	}
	return Complete(ctx, res, opts)
}
