package classify

import (
	"time"

	"github.com/moj-portal/tiepnhan/internal/document"
)

// Input is what the classifier reads of one message: derive's Report in
// the form this package needs (so that classify does not import derive).
type Input struct {
	Subject  string
	Body     string
	From     string
	FromName string
	To, Cc   []string
	// AutoSubmitted and AutoReason come from mailparse (RFC 3834, RFC 3464).
	AutoSubmitted bool
	AutoReason    string
	// InReplyTo and References are Message-IDs without angle brackets.
	InReplyTo, References []string
	// ReceivedAt is the server's receipt time (Điều 11 khoản 1).
	ReceivedAt  time.Time
	Attachments []Attachment
	// Document is the official document the submission carries, and
	// DocumentSource where it was read: "body", "attachment:<file name>".
	Document       document.Fields
	DocumentSource string
	// Submitter is the sender data of Điều 9 khoản 3.
	Submitter Submitter
	// Thread is what is known of the submission this message answers, when
	// the pipeline found it (In-Reply-To to our own mail).
	Thread *Prior
	// HeaderOnly: only the header was kept (oversize message).
	HeaderOnly bool
}

// Attachment is one attachment and what was read from it.
type Attachment struct {
	Filename    string
	ContentType string
	Size        int64
	// Method is the extractor that produced Text ("pdf-tounicode",
	// "ocr-tesseract", "docx", …; "" when none ran).
	Method      string
	Text        string
	Error       string
	NeedsHuman  bool
	HumanReason string
	Garbled     bool
	Images      int
	TinyImages  int
	// Members are the files of a ZIP.
	Members []Attachment
}

// Submitter is the sender data required by Điều 9 khoản 3: what was found
// and which fields are missing or invalid.
type Submitter struct {
	Organization string
	Name         string
	Missing      []string
	Invalid      []string
}

// Prior is the classification of an earlier submission a message belongs
// to (a reply to our supplement request takes its item's unit and target).
type Prior struct {
	Reference string
	Kind      string
	Category  string
	Timing    string
	Unit      string
	Target    string
}

// Unit is a unit of the Ministry as the classifier needs it (the
// directory of units holds more).
type Unit struct {
	Code string
	Name string
	// Symbol is the unit's symbol in document numbers ("PBGDPL").
	Symbol string
	// Aliases are other short forms used in addresses and mail ("THADS").
	Aliases []string
	Email   string
	// ComponentSite is the unit's component site ("thads.moj.gov.vn"), if
	// it has one (Điều 11 khoản 1, bước 2).
	ComponentSite string
}
