// Package derive turns one raw message into everything the pipeline knows
// about it — the parsed message, attachment texts, document fields, sender
// data, and (as later stages land) deadlines, classification and screening —
// as one Report. It is pure: the workers and `tiepnhan inspect` share it, so
// what inspect prints is what the service stores.
package derive

import (
	"github.com/moj-portal/tiepnhan/internal/mailauth"

	"time"

	"github.com/moj-portal/tiepnhan/internal/document"
	"github.com/moj-portal/tiepnhan/internal/finding"
)

// Report is the JSON printed by `tiepnhan inspect` and stored with each
// message (message_parsed.derived). Its keys are a public contract: the
// README documents them; add keys, never rename them.
type Report struct {
	Message     MessageInfo  `json:"message"`
	Body        BodyInfo     `json:"body"`
	Attachments []Attachment `json:"attachments"`
	// Document is the official document the submission carries: from the
	// first attachment that reads as one, else from the body (Decree
	// 30/2020 layout). DocumentSource names where it was found.
	Document       document.Fields `json:"document"`
	DocumentSource string          `json:"document_source"`
	// Submitter is the sender data required by Điều 9 khoản 3; personal
	// values are masked unless revealed.
	Submitter Submitter `json:"submitter"`
	// Deadlines are the legal deadlines that apply (Điều 10, 11.2, 12.3, 13).
	Deadlines []Deadline `json:"deadlines"`
	// Classification is the Điều 8/10/11/13 classing with its evidence.
	Classification Classification `json:"classification"`
	// Screening lists the Điều 14 refusal grounds software can see.
	Screening Screening `json:"screening"`
	Problems  []Problem `json:"problems"`
}

// Deadline is one deadline that applies, with the article it comes from.
type Deadline struct {
	Rule     string    `json:"rule"`    // "13.1"
	Article  string    `json:"article"` // "Điều 13 khoản 1"
	StartsAt time.Time `json:"starts_at"`
	DueAt    time.Time `json:"due_at"`
	Basis    string    `json:"basis"` // the Vietnamese text of the rule
	State    string    `json:"state,omitempty"`
	// Explanation says how the due instant was computed (days skipped, why).
	Explanation string `json:"explanation,omitempty"`
}

// Classification, Screening, Submitter and Problem are the domain types
// of internal/finding.
type (
	Classification = finding.Classification
	Screening      = finding.Screening
	Submitter      = finding.Submitter
	Problem        = finding.Problem
)

// MessageInfo is the envelope of the message.
type MessageInfo struct {
	MessageID string   `json:"message_id"`
	From      string   `json:"from"`
	FromName  string   `json:"from_name"`
	To        []string `json:"to"`
	Cc        []string `json:"cc"`
	Subject   string   `json:"subject"`
	// ReceivedAt is when the mail server received it: INTERNALDATE in the
	// service; for a file, --received-at, else the topmost Received: date,
	// else Date:. ReceivedAtSource says which.
	ReceivedAt       time.Time  `json:"received_at"`
	ReceivedAtSource string     `json:"received_at_source"`
	Date             *time.Time `json:"date,omitempty"` // the sender's Date:, informative only
	AutoSubmitted    bool       `json:"auto_submitted"`
	AutoReason       string     `json:"auto_reason,omitempty"`
	InReplyTo        []string   `json:"in_reply_to"`
	References       []string   `json:"references"`
	Size             int        `json:"size"`
	SHA256           string     `json:"sha256"`
	HeaderOnly       bool       `json:"header_only,omitempty"`
	// Auth is the sender authentication (SPF, DKIM, DMARC) of the From:
	// domain, from the trusted server's Authentication-Results or our own
	// DKIM check (internal/mailauth; issue 12, finding 2); nil when
	// nothing is known (no trusted header, no check of our own).
	Auth *mailauth.Result `json:"auth,omitempty"`
}

// BodyInfo is the readable body.
type BodyInfo struct {
	Text      string `json:"text"`
	TextChars int    `json:"text_chars"`
	HasHTML   bool   `json:"has_html"`
}

// Attachment is one attachment and what was read from it.
type Attachment struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	Path        string `json:"path"`
	TextChars   int    `json:"text_chars"`
	// Method names the extractor that produced the text ("pdf",
	// "pdftotext", "docx", "ocr-tesseract", …; "" when none ran).
	Method      string   `json:"method"`
	Error       string   `json:"error"`
	NeedsHuman  bool     `json:"needs_human"`
	HumanReason string   `json:"human_reason,omitempty"`
	Garbled     bool     `json:"garbled"`
	Pages       int      `json:"pages,omitempty"`
	Images      int      `json:"images,omitempty"`
	TinyImages  int      `json:"tiny_images,omitempty"`
	Notes       []string `json:"notes,omitempty"`
	// Signatures are the digital signatures of a PDF, a signed OOXML
	// package or XML document (signatures.go); absent when it has none.
	Signatures []Signature `json:"signatures,omitempty"`
	// Members are the files of a ZIP attachment, each read within caps.
	Members []Attachment `json:"members,omitempty"`
	// Text is the extracted text; omitted from inspect unless asked.
	Text string `json:"text,omitempty"`
}

// Reading is what was read from the message, as the store keeps it typed
// (postgres.SaveReadings): the document and where it was found, the sender
// data, the sender authentication, the problems and the digital
// signatures of each attachment that has some.
func (r Report) Reading() finding.Reading {
	rd := finding.Reading{Document: r.Document, DocumentSource: r.DocumentSource, Submitter: r.Submitter,
		Problems: r.Problems, Auth: r.Message.Auth}
	for _, a := range r.Attachments {
		if len(a.Signatures) > 0 {
			rd.Signatures = append(rd.Signatures, finding.SignedFile{Filename: a.Filename, Signatures: a.Signatures})
		}
	}
	return rd
}
