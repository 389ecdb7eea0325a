package derive

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"time"

	"github.com/moj-portal/tiepnhan/internal/document"
	"github.com/moj-portal/tiepnhan/internal/extract"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/mailauth"
	"github.com/moj-portal/tiepnhan/internal/mailparse"
	"github.com/moj-portal/tiepnhan/internal/pdfsig"
	"github.com/moj-portal/tiepnhan/internal/pii"
	"github.com/moj-portal/tiepnhan/internal/sender"
)

// Options steer a derivation.
type Options struct {
	// ReceivedAt is the server's receipt time (INTERNALDATE); zero means
	// "read it from the message" (topmost Received:, else Date:).
	ReceivedAt time.Time
	// HeaderOnly: the raw bytes are only the header of an oversize message.
	HeaderOnly bool
	// SHA256 is the raw bytes' hash when already known (stored with the
	// message at intake): it is not computed again.
	SHA256 string
	// Reveal leaves personal data unmasked (inspect --reveal; roles that may).
	Reveal bool
	// KeepText keeps each attachment's extracted text in the report.
	KeepText bool
	// Deadlines are the calendar and rules of Report.Deadlines (deadlines.go).
	Deadlines DeadlineOptions
	// Extract sets the caps of attachment extraction.
	Extract extract.Options
	// Signatures is the trust store and caps of the signature checks of
	// PDF, OOXML and XML attachments (signatures.go); without roots no
	// signature is trusted.
	Signatures pdfsig.Options
	// Directory fills the organisation of known senders (the units).
	Directory sender.Directory
	// Classifier classes and screens the message (classify.go); nil uses
	// DefaultClassifier.
	Classifier *Classifier
	// Unclassified leaves the classification to a later stage: the
	// service classes each submission once, with the rules, model and
	// directory in force (classify_submission), and stores it typed. The
	// report's deadlines then know the timing class the document gives.
	Unclassified bool
	// DemoDates moves the signing date of a sample message by the days
	// `tiepnhan demo` moved the message (demo.go); never set in service.
	DemoDates bool
	// Auth says whose Authentication-Results are believed and how to look
	// up DKIM keys and DMARC records (internal/mailauth).
	Auth mailauth.Options
}

// Result is a Report together with the parsed message it came from.
type Result struct {
	Report  Report
	Message *mailparse.Message
	// Texts are the extracted texts of the attachments, by index in
	// Report.Attachments (kept apart so the report stays small).
	Texts []string
	// sender is the sender data unmasked, for masking its values where
	// they appear in the texts stored (redact.go).
	sender sender.Data
}

// Envelope parses the MIME structure of raw: headers, bodies and the
// attachment list. It never fails: an unreadable header yields a report
// with the problem "unparsable".
func Envelope(raw []byte, opts Options) Result {
	var m *mailparse.Message
	var err error
	if opts.HeaderOnly {
		m, err = mailparse.HeadersOnly(bytes.NewReader(raw))
	} else {
		m, err = mailparse.Parse(bytes.NewReader(raw), mailparse.Options{})
	}
	if err != nil || m == nil {
		res := Result{Report: Report{Message: rawInfo(raw, opts)}}
		unparsable(&res.Report, errString(err), opts)
		return res
	}
	return fromMessage(raw, m, opts)
}

// rawInfo is what the report says of the raw bytes themselves.
func rawInfo(raw []byte, opts Options) MessageInfo {
	mi := MessageInfo{Size: len(raw), SHA256: opts.SHA256, HeaderOnly: opts.HeaderOnly}
	if mi.SHA256 == "" {
		mi.SHA256 = intake.HashRaw(raw)
	}
	return mi
}

// fromMessage is the envelope of raw parsed as m (Envelope, Reopen).
func fromMessage(raw []byte, m *mailparse.Message, opts Options) Result {
	res := Result{Report: Report{Message: rawInfo(raw, opts)}, Message: m}
	r := &res.Report
	mi := &r.Message
	mi.MessageID = m.MessageID
	mi.From, mi.FromName = m.From.Address, m.From.Name
	mi.To, mi.Cc = addrs(m.To), addrs(m.Cc)
	mi.Subject = m.Subject
	if m.Date.OK {
		d := m.Date.Time
		mi.Date = &d
	}
	mi.AutoSubmitted, mi.AutoReason = m.AutoSubmitted, m.AutoReason
	ao := opts.Auth
	if opts.HeaderOnly {
		ao.LookupTXT = nil // no body to check DKIM on; the server's results are in the header
	}
	if a := mailauth.Check(raw, domainOf(m.From.Address), ao); a != (mailauth.Result{}) {
		mi.Auth = &a
	}
	mi.InReplyTo, mi.References = nonNil(m.InReplyTo), nonNil(m.References)
	switch {
	case !opts.ReceivedAt.IsZero():
		mi.ReceivedAt, mi.ReceivedAtSource = opts.ReceivedAt, "server"
	case m.ReceivedDate.OK:
		mi.ReceivedAt, mi.ReceivedAtSource = m.ReceivedDate.Time, "received_header"
	case m.Date.OK:
		mi.ReceivedAt, mi.ReceivedAtSource = m.Date.Time, "date_header"
	default:
		mi.ReceivedAtSource = "unknown"
	}
	text := m.Text
	if text == "" {
		text = m.HTMLText
	}
	r.Body = BodyInfo{Text: text, TextChars: len([]rune(text)), HasHTML: m.HTML != ""}
	r.Attachments = []Attachment{}
	for _, a := range m.Attachments {
		r.Attachments = append(r.Attachments, Attachment{
			Filename: a.Filename, ContentType: a.ContentType, Size: a.Size, SHA256: a.SHA256, Path: a.Path,
		})
	}
	for _, p := range m.Problems {
		r.Problems = append(r.Problems, Problem{Code: p.Code, Where: p.Path, Detail: p.Detail})
	}
	if opts.HeaderOnly {
		r.Problems = append(r.Problems, Problem{Code: "oversize", Detail: "message larger than the size limit: only its header was kept from the mailbox copy"})
	}
	emptyLists(r)
	return res
}

// emptyLists makes every list of the report a JSON array, never null.
func emptyLists(r *Report) {
	r.Submitter.Missing, r.Submitter.Invalid = []string{}, []string{}
	r.Deadlines = []Deadline{}
	r.Classification.Reasons = []string{}
	r.Screening.Grounds, r.Screening.Notes = []string{}, []string{}
	if r.Problems == nil {
		r.Problems = []Problem{}
	}
	normaliseDocument(&r.Document)
}

// Read extracts the text of every attachment, then the official-document
// fields and the sender data. It is the slow part (PDF, OCR) and honours
// ctx; it never fails, problems land in the report.
func Read(ctx context.Context, res *Result, opts Options) {
	r := &res.Report
	if opts.Extract.Tools == nil {
		// Looking the tools up runs `tesseract --list-langs`: once a process.
		t := defaultTools()
		opts.Extract.Tools = &t
	}
	if opts.Extract.OCRBudget == nil {
		// One OCR time budget for all the attachments of the message.
		opts.Extract.OCRBudget = extract.NewOCRBudget(extract.DefaultMessageOCRTime)
	}
	m := res.Message
	res.Texts = make([]string, len(r.Attachments))
	var texts []markedText // every text, for secrecy marks (secrecy.go)
	if m != nil {
		for i, a := range m.Attachments {
			if i >= len(r.Attachments) || !readable(m.Attachments, a) {
				continue
			}
			x := extract.Extract(ctx, extract.Input{Filename: a.Filename, ContentType: a.ContentType, Data: a.Data}, opts.Extract)
			fill(&r.Attachments[i], x, opts.KeepText)
			readSignatures(ctx, r, i, a, x, opts)
			res.Texts[i] = joinText(x)
			texts = appendTexts(texts, "tệp "+a.Filename, "attachment:"+a.Filename, x)
		}
	}

	// The document: the first attachment that reads as one, else the body.
	r.Document = document.Parse("")
	for i, t := range res.Texts {
		if t == "" {
			continue
		}
		if f := document.Parse(t); f.Found {
			r.Document, r.DocumentSource = f, "attachment:"+r.Attachments[i].Filename
			break
		}
	}
	if !r.Document.Found && r.Body.Text != "" {
		if f := document.Parse(r.Body.Text); f.Found {
			r.Document, r.DocumentSource = f, "body"
		}
	}
	if r.Body.Text != "" {
		texts = append(texts, markedText{where: "nội dung thư", source: "body", text: r.Body.Text})
	}
	surfaceSecrecy(&r.Document, r.DocumentSource, texts) // Điều 14 khoản 2: from every text
	normaliseDocument(&r.Document)
	if opts.DemoDates {
		shiftDemoDates(&r.Document, res.Message)
	}

	// Sender data (Điều 9 khoản 3): body and signature first, then forms.
	d := sender.Extract(r.Body.Text, res.Texts...)
	if opts.Directory != nil {
		d = sender.Known(d, r.Message.From, opts.Directory)
	}
	r.Submitter = submitter(d, opts.Reveal)
	res.sender = d
}

// defaultTools are the external programs found on PATH, looked up once.
var defaultTools = sync.OnceValue(extract.LookupTools)

// Derive is Envelope then Complete: everything the pipeline knows of a
// message, classified unless opts.Unclassified.
func Derive(ctx context.Context, raw []byte, opts Options) Result {
	return Complete(ctx, Envelope(raw, opts), opts)
}

// Complete reads res, the envelope of a message (Envelope, Reopen),
// classifies it unless opts.Unclassified and fills its deadlines.
func Complete(ctx context.Context, res Result, opts Options) Result {
	if !opts.HeaderOnly {
		Read(ctx, &res, opts)
	}
	if !opts.Unclassified {
		classifyReport(&res, opts)
	}
	fillDeadlines(&res.Report, opts.Deadlines) // after classification: it sets the timing class
	return res
}

func submitter(d sender.Data, reveal bool) Submitter {
	s := Submitter{
		Organization: d.Organization, Name: d.Name, Title: d.Title,
		TaxCode: d.TaxCode, CitizenID: d.CitizenID, Phone: d.Phone, Address: d.Address,
		Missing: nonNil(d.Missing), Invalid: nonNil(d.Invalid), Revealed: reveal,
	}
	if !reveal {
		// Điều 4 khoản 4: personal data is masked unless a role may see it.
		s.TaxCode, s.CitizenID = pii.MaskTaxCode(s.TaxCode), pii.MaskCitizenID(s.CitizenID)
		s.Phone, s.Address = pii.MaskPhone(s.Phone), pii.MaskAddress(s.Address)
	}
	return s
}

func fill(a *Attachment, x extract.Result, keep bool) {
	a.Method, a.Error, a.NeedsHuman, a.HumanReason = x.Method, x.ErrText, x.NeedsHuman, x.HumanReason
	if a.Error == "" && x.Err != nil {
		a.Error = x.Err.Error()
	}
	a.Garbled, a.Pages, a.Notes = x.Garbled, x.Pages, x.Notes
	a.Images, a.TinyImages = x.Images.Count, len(x.Images.Tiny)
	a.TextChars = len([]rune(x.Text))
	if keep {
		a.Text = x.Text
	}
	for _, mem := range x.Members {
		var ma Attachment
		ma.Filename = mem.Filename
		fill(&ma, mem, keep)
		a.TextChars += ma.TextChars
		a.Members = append(a.Members, ma)
	}
}

func joinText(x extract.Result) string {
	if len(x.Members) == 0 {
		return x.Text
	}
	var b strings.Builder
	b.WriteString(x.Text)
	for _, m := range x.Members {
		b.WriteString("\n\n")
		b.WriteString(joinText(m))
	}
	return b.String()
}

// readable reports whether Read extracts the text of a, one of all: not
// a parsed nested message (its parts are read), a signature or invitation
// (skipForText) or a winmail.dat whose files were unpacked (tnef.go).
func readable(all []mailparse.Attachment, a mailparse.Attachment) bool {
	return a.Message == nil && !skipForText(a) && !unpackedTNEF(all, a)
}

// skipForText passes over parts that carry no submission text: inline
// images of a signature are still read (they may be the only photo), but
// calendar invitations and signatures (S/MIME, PGP) are not.
func skipForText(a mailparse.Attachment) bool {
	switch a.ContentType {
	case "application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature", "text/calendar":
		return true
	}
	return false
}

func normaliseDocument(f *document.Fields) {
	if f.Addressees == nil {
		f.Addressees = []string{}
	}
	if f.Recipients == nil {
		f.Recipients = []string{}
	}
	if f.Evidence == nil {
		f.Evidence = map[string]string{}
	}
}

func addrs(as []mailparse.Address) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		out = append(out, a.Address)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// Unparsable is the result for a message that could not be parsed at all
// (its raw bytes missing, the parser failing): the receipt time from opts,
// an "unparsable" problem saying why, every list empty. The message is kept
// and a person sees it.
func Unparsable(why string, opts Options) Result {
	var res Result
	res.Report.Message.HeaderOnly = opts.HeaderOnly
	unparsable(&res.Report, why, opts)
	return res
}

func unparsable(r *Report, why string, opts Options) {
	r.Problems = append(r.Problems, Problem{Code: "unparsable", Detail: why})
	r.Message.ReceivedAt, r.Message.ReceivedAtSource = opts.ReceivedAt, "server"
	if r.Message.ReceivedAt.IsZero() {
		r.Message.ReceivedAtSource = "unknown"
	}
	r.Attachments = []Attachment{}
	r.Message.To, r.Message.Cc, r.Message.InReplyTo, r.Message.References = []string{}, []string{}, []string{}, []string{}
	emptyLists(r)
}

// domainOf is the domain of an address ("" without one).
func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return ""
}
