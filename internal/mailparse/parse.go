package mailparse

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// ErrNoHeader is returned (wrapped) when the input has no readable header.
var ErrNoHeader = errors.New("no readable header section")

// state is shared by a message and all messages nested in it, so the caps
// apply to the whole input.
type state struct {
	opts Options
	// input is the top message as read, whose runs the parts' spans name.
	input       []byte
	parts       int
	decoded     int64
	partsCapped bool
}

// parser reads one message (the top one or a nested one).
type parser struct {
	st              *state
	msg             *Message
	prefix          string // path prefix of this message: "" or "2/"
	depth           int
	fallbackCharset string
	texts, htmls    []string
	tnefBodies      []string
}

func (p *parser) problem(code, path, detail string) {
	p.msg.Problems = append(p.msg.Problems, Problem{Code: code, Path: path, Detail: detail})
}

// Parse reads one message from r. It fails only when the input cannot be
// read or has no header field at all; every other defect is recorded in
// Message.Problems and the message is returned.
func Parse(r io.Reader, opts Options) (*Message, error) {
	opts = opts.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, opts.MaxTotalBytes+1))
	if err != nil {
		return nil, fmt.Errorf("mailparse: read message: %w", err)
	}
	truncated := false
	if int64(len(data)) > opts.MaxTotalBytes {
		data, truncated = data[:opts.MaxTotalBytes], true
	}
	st := &state{opts: opts, input: data}
	m, err := st.parseMessage(data, 0, "", true)
	if err != nil {
		return nil, err
	}
	if truncated {
		m.Problems = append([]Problem{{CodeTruncated, "", fmt.Sprintf("message longer than %d bytes; only the first %d read", opts.MaxTotalBytes, opts.MaxTotalBytes)}}, m.Problems...)
	}
	return m, nil
}

// HeadersOnly reads just the header section of a message (for mail too
// large to parse whole): envelope fields, auto-reply detection and raw
// header fields; no body and no attachments. It reads at most
// DefaultMaxHeaderBytes+1 bytes.
func HeadersOnly(r io.Reader) (*Message, error) {
	data, err := io.ReadAll(io.LimitReader(r, DefaultMaxHeaderBytes+1))
	if err != nil {
		return nil, fmt.Errorf("mailparse: read header: %w", err)
	}
	st := &state{opts: Options{}.withDefaults()}
	return st.parseMessage(data, 0, "", false)
}

// parseMessage parses one message at the given nesting depth; prefix is its
// path prefix ("" for the top one). withBody false stops after the header.
func (st *state) parseMessage(data []byte, depth int, prefix string, withBody bool) (*Message, error) {
	p := &parser{st: st, msg: &Message{}, prefix: prefix, depth: depth, fallbackCharset: "windows-1258"}
	hdrPath := strings.TrimSuffix(prefix, "/")
	fs, body, probs, ok := readHeader(data, st.opts.MaxHeaderBytes, hdrPath)
	if !ok && depth == 0 {
		if len(data) == 0 {
			return nil, fmt.Errorf("mailparse: top-level header: empty input: %w", ErrNoHeader)
		}
		detail := "no header field"
		if len(probs) > 0 {
			detail = probs[0].Detail
		}
		return nil, fmt.Errorf("mailparse: top-level header: %s: %w", detail, ErrNoHeader)
	}
	p.msg.Problems = append(p.msg.Problems, probs...)
	ct := parseMediaValue(fs.get("Content-Type"))
	if cs := normCharset(ct.params["charset"]); singleByteLatin[cs] && cs != "" && cs != "us-ascii" {
		p.fallbackCharset = cs
	}
	p.envelope(fs, hdrPath)
	p.msg.AutoSubmitted, p.msg.AutoReason = detectAuto(fs, ct, p.msg.From, p.msg.Subject)
	if !withBody {
		return p.msg, nil
	}
	p.entity(fs, body, "", "")
	p.finishBodies()
	return p.msg, nil
}

// span locates body, a part's transfer-encoded body, in the input: a run
// of it when the parser sliced it from there (a part of the top message,
// or of a nested message carried as it is), else zero.
func (st *state) span(body []byte, encoding string) Span {
	if len(body) == 0 || len(st.input) == 0 {
		return Span{}
	}
	start := cap(st.input) - cap(body) // slices of one array share its end
	end := start + len(body)
	if start < 0 || end > len(st.input) || &st.input[start] != &body[0] {
		return Span{}
	}
	return Span{Start: int64(start), End: int64(end), Encoding: strings.ToLower(strings.TrimSpace(encoding))}
}

// Open decodes the body of a part again from the input it was parsed
// from, by its span, without parsing the message: the bytes, and false
// when the span is unknown or out of input or the bytes differ from the
// part's as parsed (its SHA-256: a part the parser cut to its caps).
func Open(input []byte, a Attachment) ([]byte, bool) {
	s := a.Span
	if s.IsZero() || s.Start < 0 || s.End > int64(len(input)) || s.Start >= s.End {
		return nil, false
	}
	data, _ := decodeTransfer(s.Encoding, input[s.Start:s.End])
	sum := sha256.Sum256(data)
	if int64(len(data)) != a.Size || hex.EncodeToString(sum[:]) != a.SHA256 {
		return nil, false
	}
	return data, true
}

// envelope fills the header-derived fields of the message.
func (p *parser) envelope(fs fields, path string) {
	m := p.msg
	for _, f := range fs {
		m.Header = append(m.Header, HeaderField{
			Name:  strings.ToValidUTF8(f.name, "\uFFFD"),
			Value: p.quietHeaderText(f.name, f.value, path),
			Raw:   strings.ToValidUTF8(strings.TrimSpace(f.value), "\uFFFD"),
		})
	}
	m.MessageID = firstID(fs.get("Message-Id"))
	m.Subject = p.headerText("Subject", fs.get("Subject"), path)
	if from := p.addressList("From", fs.get("From"), path); len(from) > 0 {
		m.From = from[0]
	}
	m.To = p.addressList("To", strings.Join(fs.all("To"), ", "), path)
	m.Cc = p.addressList("Cc", strings.Join(fs.all("Cc"), ", "), path)
	m.ReplyTo = p.addressList("Reply-To", fs.get("Reply-To"), path)
	m.InReplyTo = msgIDs(fs.get("In-Reply-To"))
	m.References = msgIDs(fs.get("References"))
	m.ListID = firstID(fs.get("List-Id"))
	if rp := fs.get("Return-Path"); rp != "" {
		m.ReturnPath = strings.TrimSpace(strings.Trim(strings.TrimSpace(rp), "<>"))
		m.ReturnPath = strings.ToValidUTF8(m.ReturnPath, "\uFFFD")
	}
	if fs.has("Date") {
		m.Date = p.date("Date", fs.get("Date"), path)
	}
	if rc := fs.all("Received"); len(rc) > 0 {
		// The topmost Received field was added by the last relay (RFC 5321 §4.4).
		m.ReceivedDate = p.date("Received", receivedDate(rc[0]), path)
	}
}

// quietHeaderText decodes a field for the display list; its problems are
// reported only for fields that other code does not decode again.
func (p *parser) quietHeaderText(name, raw, path string) string {
	switch strings.ToLower(name) {
	case "subject", "from", "to", "cc", "reply-to":
		saved := len(p.msg.Problems)
		s := p.headerText(name, raw, path)
		p.msg.Problems = p.msg.Problems[:saved]
		return s
	}
	return p.headerText(name, raw, path)
}

func (p *parser) date(name, raw, path string) Date {
	raw = strings.ToValidUTF8(strings.TrimSpace(raw), "\uFFFD")
	t, ok, zoneless := parseDate(raw)
	switch {
	case !ok:
		p.problem(CodeBadDate, path, fmt.Sprintf("%s: date %q not readable", name, truncate(raw, 60)))
	case zoneless:
		p.problem(CodeBadDate, path, fmt.Sprintf("%s: date without a time zone; read as UTC+07:00", name))
	}
	return Date{Time: t, OK: ok, Raw: raw}
}

// childPath returns the section number of the n-th (1-based) child of section.
func childPath(section string, n int) string {
	if section == "" {
		return strconv.Itoa(n)
	}
	return section + "." + strconv.Itoa(n)
}

// entity reads one MIME entity with header fs and raw body; section is its
// IMAP section number ("" for the message itself), parentType the media
// type of the enclosing multipart.
func (p *parser) entity(fs fields, body []byte, section, parentType string) {
	st := p.st
	st.parts++
	leafPath := p.prefix + section
	if section == "" {
		leafPath = p.prefix + "1"
	}
	if st.parts > st.opts.MaxParts {
		if !st.partsCapped {
			st.partsCapped = true
			p.problem(CodeTooManyParts, leafPath, fmt.Sprintf("more than %d parts; the rest skipped", st.opts.MaxParts))
		}
		return
	}
	rawCT := fs.get("Content-Type")
	ct := parseMediaValue(rawCT)
	for _, pr := range ct.probs {
		p.problem(CodeBadContentType, leafPath, "Content-Type: "+pr)
	}
	switch {
	case strings.TrimSpace(rawCT) == "":
		// RFC 2045 §5.2 default; RFC 2046 §5.1.5 for multipart/digest.
		ct.value = "text/plain"
		if parentType == "multipart/digest" {
			ct.value = "message/rfc822"
		}
	case !validMediaType(ct.value):
		p.problem(CodeBadContentType, leafPath, fmt.Sprintf("media type %q not valid; read as application/octet-stream", truncate(ct.value, 40)))
		ct.value = "application/octet-stream"
	}
	if strings.HasPrefix(ct.value, "multipart/") {
		containerPath := leafPath
		if section == "" {
			containerPath = strings.TrimSuffix(p.prefix, "/")
		}
		if p.multipart(ct, body, section, containerPath) {
			return
		}
		ct.value = "text/plain"
	}
	span := st.span(body, fs.get("Content-Transfer-Encoding"))
	data, probText := decodeTransfer(fs.get("Content-Transfer-Encoding"), body)
	if probText != "" {
		p.problem(CodeBadEncoding, leafPath, probText)
	}
	fresh := len(body) > 0 && len(data) > 0 && &data[0] != &body[0]
	data = p.capPart(data, leafPath, fresh)
	cd := parseMediaValue(fs.get("Content-Disposition"))
	for _, pr := range cd.probs {
		p.problem(CodeBadContentType, leafPath, "Content-Disposition: "+pr)
	}
	filename := p.filename(cd, ct, leafPath)

	if ct.value == "message/rfc822" || ct.value == "message/global" {
		p.nested(fs, ct, cd, filename, data, leafPath, span)
		return
	}
	isText := ct.value == "text/plain" || ct.value == "text/html"
	if isText && cd.value != "attachment" && (filename == "" || cd.value == "inline") {
		if ct.value == "text/plain" {
			p.texts = append(p.texts, normalizeNewlines(p.decodeText(data, ct.params["charset"], leafPath, false)))
		} else {
			cs := ct.params["charset"]
			if cs == "" {
				cs = htmlMetaCharset(data)
			}
			p.htmls = append(p.htmls, p.decodeText(data, cs, leafPath, true))
		}
		return
	}
	a := p.attachment(fs, ct, cd, filename, data, leafPath)
	a.Span = span
	p.msg.Attachments = append(p.msg.Attachments, a)
	if ct.value == "application/ms-tnef" || ct.value == "application/vnd.ms-tnef" || strings.EqualFold(filename, "winmail.dat") {
		p.tnef(a)
	}
}

// multipart splits and walks a multipart entity; false means the body
// cannot be read as multipart (no boundary) and is to be read as text.
func (p *parser) multipart(ct mediaValue, body []byte, section, leafPath string) bool {
	boundary := ct.params["boundary"]
	if boundary == "" {
		p.problem(CodeMissingBoundary, leafPath, fmt.Sprintf("%s without a boundary parameter; body read as text", ct.value))
		return false
	}
	remaining := p.st.opts.MaxParts - p.st.parts + 1
	if remaining < 1 {
		remaining = 1
	}
	parts, found, closed, capped := splitMultipart(body, boundary, remaining)
	if !found {
		p.problem(CodeMissingBoundary, leafPath, fmt.Sprintf("%s: boundary line never found; body read as text", ct.value))
		return false
	}
	if !closed && !capped {
		p.problem(CodeMissingFinalBoundary, leafPath, "multipart not closed by its final boundary; the parts end at the end of the body")
	}
	for i, part := range parts {
		cpath := childPath(section, i+1)
		pfs, pbody, probs, _ := readHeader(part, p.st.opts.MaxHeaderBytes, p.prefix+cpath)
		p.msg.Problems = append(p.msg.Problems, probs...)
		p.entity(pfs, pbody, cpath, ct.value)
	}
	if capped && !p.st.partsCapped {
		p.st.partsCapped = true
		p.problem(CodeTooManyParts, leafPath, fmt.Sprintf("more than %d parts; the rest skipped", p.st.opts.MaxParts))
	}
	return true
}

// capPart applies MaxPartBytes to one part and, when the part was decoded
// into new memory (fresh), the budget of decoded bytes.
func (p *parser) capPart(data []byte, path string, fresh bool) []byte {
	o := p.st.opts
	if int64(len(data)) > o.MaxPartBytes {
		p.problem(CodeTruncated, path, fmt.Sprintf("part longer than %d bytes; cut there", o.MaxPartBytes))
		data = data[:o.MaxPartBytes]
	}
	if !fresh {
		return data
	}
	left := o.MaxTotalBytes - p.st.decoded
	if left < 0 {
		left = 0
	}
	if int64(len(data)) > left {
		p.problem(CodeTruncated, path, fmt.Sprintf("decoded parts exceed %d bytes in total; part cut to %d bytes", o.MaxTotalBytes, left))
		data = data[:left]
	}
	p.st.decoded += int64(len(data))
	return data
}

// filename returns the decoded file name of a part: the Content-Disposition
// filename (RFC 2183 §2.3) or else the Content-Type name parameter, from
// RFC 2231 or RFC 2047 encoding (the latter is not standard in parameters
// but common), NFC, reduced to its last path element.
func (p *parser) filename(cd, ct mediaValue, path string) string {
	raw := cd.params["filename"]
	if raw == "" {
		raw = ct.params["name"]
	}
	if raw == "" {
		return ""
	}
	s := p.header8bit("filename", raw, path)
	if strings.Contains(s, "=?") {
		dec := mime.WordDecoder{CharsetReader: charsetReader}
		if d, err := dec.DecodeHeader(s); err == nil {
			s = d
		} else {
			s = decodeWordsOneByOne(s)
		}
	}
	return cleanFilename(s)
}

// cleanFilename drops a Windows directory prefix ("C:\\Users\\…\\"),
// control characters and outer white space, and normalises to NFC. A "/" is
// kept: Vietnamese document numbers contain one ("Công văn 45/BTP-VP.pdf"),
// so callers must sanitise the name before using it as a file-system path.
func cleanFilename(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if i := strings.LastIndexByte(s, '\\'); i >= 0 {
		s = s[i+1:]
	}
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F {
			return -1
		}
		return r
	}, s)
	return norm.NFC.String(strings.TrimSpace(s))
}

// attachment builds an Attachment for a decoded part.
func (p *parser) attachment(fs fields, ct, cd mediaValue, filename string, data []byte, path string) Attachment {
	sum := sha256.Sum256(data)
	return Attachment{
		Filename:    filename,
		ContentType: ct.value,
		Disposition: cd.value,
		ContentID:   strings.ToValidUTF8(strings.Trim(strings.TrimSpace(fs.get("Content-Id")), "<>"), "\uFFFD"),
		Size:        int64(len(data)),
		SHA256:      hex.EncodeToString(sum[:]),
		Data:        data,
		Path:        path,
		Nested:      p.depth > 0,
	}
}

// nested parses a message/rfc822 part (RFC 2046 §5.2.1) as a message of its
// own, up to Options.MaxDepth, and lists its attachments after it.
func (p *parser) nested(fs fields, ct, cd mediaValue, filename string, data []byte, path string, span Span) {
	a := p.attachment(fs, ct, cd, filename, data, path)
	a.Span = span
	if p.depth+1 > p.st.opts.MaxDepth {
		p.problem(CodeDepthExceeded, path, fmt.Sprintf("message nested deeper than %d levels kept unparsed", p.st.opts.MaxDepth))
		p.msg.Attachments = append(p.msg.Attachments, a)
		return
	}
	sub, err := p.st.parseMessage(data, p.depth+1, path+"/", true)
	if err != nil { // not reachable for depth > 0, kept for safety
		p.problem(CodeBadContentType, path, "nested message unreadable")
		p.msg.Attachments = append(p.msg.Attachments, a)
		return
	}
	if a.Filename == "" && sub.Subject != "" {
		a.Filename = cleanFilename(sub.Subject + ".eml")
	}
	a.Message = sub
	p.msg.Attachments = append(p.msg.Attachments, a)
	for _, inner := range sub.Attachments {
		inner.Nested = true
		p.msg.Attachments = append(p.msg.Attachments, inner)
	}
	p.msg.Problems = append(p.msg.Problems, sub.Problems...)
}

// tnef unpacks a winmail.dat attachment ([MS-OXTNEF]).
func (p *parser) tnef(container Attachment) {
	tc := readTNEF(container.Data)
	for _, pr := range tc.problem {
		p.problem(CodeBadTNEF, container.Path, pr)
	}
	name := container.Filename
	if name == "" {
		name = "winmail.dat"
	}
	for i, f := range tc.files {
		p.st.parts++
		if p.st.parts > p.st.opts.MaxParts {
			if !p.st.partsCapped {
				p.st.partsCapped = true
				p.problem(CodeTooManyParts, container.Path, fmt.Sprintf("more than %d parts; the rest of winmail.dat skipped", p.st.opts.MaxParts))
			}
			return
		}
		fname := cleanFilename(f.name)
		inner := fname
		if inner == "" {
			inner = strconv.Itoa(i + 1)
		}
		fpath := container.Path + "/" + name + "/" + inner
		data := p.capPart(f.data, fpath, false)
		mt := f.mimeType
		if !validMediaType(mt) {
			mt = mime.TypeByExtension(strings.ToLower(path.Ext(fname)))
			if i := strings.IndexByte(mt, ';'); i >= 0 {
				mt = mt[:i]
			}
			if mt == "" {
				mt = "application/octet-stream"
			}
		}
		sum := sha256.Sum256(data)
		p.msg.Attachments = append(p.msg.Attachments, Attachment{
			Filename: fname, ContentType: mt, Disposition: "attachment",
			Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Data: data,
			Path: fpath, FromTNEF: true, Nested: p.depth > 0,
		})
	}
	switch {
	case tc.body != "":
		p.tnefBodies = append(p.tnefBodies, normalizeNewlines(norm.NFC.String(tc.body)))
	case tc.html != "":
		p.tnefBodies = append(p.tnefBodies, htmlToText(tc.html))
	case tc.hasRTF:
		p.problem(CodeBadTNEF, container.Path, "winmail.dat body only in compressed RTF; not converted")
	}
}

// finishBodies joins the body parts: Text is the text/plain parts, else the
// HTML rendered as text, else the winmail.dat body.
func (p *parser) finishBodies() {
	m := p.msg
	m.Text = strings.Join(nonEmpty(p.texts), "\n\n")
	m.HTML = strings.Join(p.htmls, "\n")
	if m.HTML != "" {
		m.HTMLText = htmlToText(m.HTML)
	}
	if strings.TrimSpace(m.Text) == "" {
		m.Text = m.HTMLText
	}
	if strings.TrimSpace(m.Text) == "" && len(p.tnefBodies) > 0 {
		m.Text = strings.Join(p.tnefBodies, "\n\n")
	}
}

func nonEmpty(ss []string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// normalizeNewlines turns CRLF and lone CR into LF.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// validMediaType reports whether s looks like type "/" subtype (RFC 2045 §5.1).
func validMediaType(s string) bool {
	t, sub, ok := strings.Cut(s, "/")
	if !ok || t == "" || sub == "" {
		return false
	}
	for _, c := range s {
		if c <= ' ' || c >= 0x7F || strings.ContainsRune(`()<>@,;:\"[]?=`, c) {
			return false
		}
	}
	return true
}
