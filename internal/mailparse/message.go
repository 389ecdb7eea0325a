package mailparse

import "time"

// Message is one parsed RFC 5322 message. Every string is valid UTF-8; text
// meant for reading (subject, names, bodies, file names) is in Unicode NFC.
type Message struct {
	// MessageID is the Message-ID field (RFC 5322 §3.6.4) without angle brackets.
	MessageID string
	// From is the first author in the From field (RFC 5322 §3.6.2).
	From Address
	// To, Cc and ReplyTo are the destination and reply fields (RFC 5322 §3.6.2, §3.6.3).
	To, Cc, ReplyTo []Address
	// Subject is the Subject field decoded from RFC 2047 encoded words.
	Subject string
	// Date is the sender's Date field (RFC 5322 §3.6.1), parsed tolerantly.
	Date Date
	// InReplyTo and References are the message ids of RFC 5322 §3.6.4, without brackets.
	InReplyTo, References []string
	// ReceivedDate is the date of the topmost Received field (RFC 5321 §4.4),
	// the time the last relay, normally the Ministry's own server, took the message.
	ReceivedDate Date
	// Header lists every header field in order, unfolded and decoded, for display.
	Header []HeaderField
	// ListID is the List-Id field (RFC 2919) without angle brackets.
	ListID string
	// ReturnPath is the Return-Path address (RFC 5321 §4.4) without brackets;
	// "" for the null reverse path "<>" or when the field is absent.
	ReturnPath string
	// AutoSubmitted reports an auto-reply, bounce or other machine-sent message
	// (RFC 3834 §5, RFC 3464, RFC 8098); AutoReason says why.
	AutoSubmitted bool
	// AutoReason is a short English reason such as "auto-submitted: auto-replied",
	// "dsn" or "precedence: bulk"; "" when AutoSubmitted is false.
	AutoReason string
	// Text is the plain-text body, or the text of the HTML body when the
	// message has no text/plain body, or the body carried in winmail.dat.
	Text string
	// HTML is the HTML body as received, decoded to UTF-8 but otherwise
	// untouched (to be sanitised before any preview).
	HTML string
	// HTMLText is HTML converted to readable text.
	HTMLText string
	// Attachments lists every non-body part, files nested in message/rfc822
	// parts (Nested) and files unpacked from winmail.dat (FromTNEF), in
	// document order.
	Attachments []Attachment
	// Problems lists every defect found; the message is usable nonetheless.
	Problems []Problem
}

// Address is one mailbox: a display name (decoded, NFC) and an address.
type Address struct {
	Name    string
	Address string
}

// Date is a parsed date with a flag telling whether parsing succeeded.
type Date struct {
	Time time.Time
	OK   bool
	// Raw is the field value as received, for display when OK is false.
	Raw string
}

// HeaderField is one header field as received, unfolded, with its value
// decoded from RFC 2047 encoded words.
type HeaderField struct {
	Name string
	// Value is decoded (RFC 2047, raw 8-bit bytes read as UTF-8 or the
	// message's fallback charset) and NFC.
	Value string
	// Raw is the value as received, unfolded, made valid UTF-8.
	Raw string
}

// Attachment is one attachment or non-body part.
type Attachment struct {
	// Filename is the decoded file name (RFC 2231, RFC 2047, NFC), reduced to
	// its last path element; "" when the part has none.
	Filename string
	// ContentType is the lower-case media type, e.g. "application/pdf".
	ContentType string
	// Disposition is the lower-case Content-Disposition type (RFC 2183), or "".
	Disposition string
	// ContentID is the Content-ID (RFC 2045 §7) without angle brackets.
	ContentID string
	// Size is len(Data).
	Size int64
	// SHA256 is the lower-case hex SHA-256 of Data.
	SHA256 string
	// Data is the decoded content. For a message/rfc822 part it is the
	// nested message as received. Data may share memory with the input and
	// with other attachments (a nested message holds its parts): read only.
	Data []byte
	// Path locates the part (see the package documentation).
	Path string
	// Span is where the part's body lies, still transfer-encoded, in the
	// input: Open decodes it again without parsing the message (the
	// service reads the attachments of a message parsed at intake).
	// Zero when the body is not a run of the input (a file unpacked from
	// winmail.dat, a part of a transfer-encoded nested message).
	Span Span
	// FromTNEF marks a file unpacked from winmail.dat ([MS-OXTNEF]).
	FromTNEF bool
	// Nested marks a part found inside a nested message/rfc822 part.
	Nested bool
	// Message is the parsed nested message of a message/rfc822 part, or nil
	// (not a message, or beyond Options.MaxDepth).
	Message *Message
}

// Problem is one defect found while parsing.
type Problem struct {
	// Code is a stable machine-readable code, one of the Code* constants.
	Code string
	// Path is the part the problem belongs to; "" for the top-level header.
	Path string
	// Detail says what is wrong in English, with no personal data.
	Detail string
}

// Problem codes. They are stored and matched: never rename one.
const (
	CodeBadHeaderLine        = "bad_header_line"        // a header line without a colon, skipped
	CodeBadHeaderEncoding    = "bad_header_encoding"    // raw 8-bit or broken RFC 2047 text in a header
	CodeBadAddress           = "bad_address"            // an address list read only in part
	CodeBadDate              = "bad_date"               // a Date or Received date that could not be read
	CodeBadContentType       = "bad_content_type"       // a Content-Type or Content-Disposition not parseable
	CodeMissingBoundary      = "missing_boundary"       // a multipart without a usable boundary
	CodeMissingFinalBoundary = "missing_final_boundary" // a multipart not closed by "--boundary--"
	CodeBadEncoding          = "bad_encoding"           // bad base64 or quoted-printable, or an unknown transfer encoding
	CodeUnknownCharset       = "unknown_charset"        // a charset not known: raw bytes kept
	CodeInvalidUTF8          = "invalid_utf8"           // text declared UTF-8 with invalid bytes
	CodeLegacyEncoding       = "legacy_encoding"        // TCVN3, VNI or VISCII text
	CodeTruncated            = "truncated"              // a size cap was reached
	CodeTooManyParts         = "too_many_parts"         // Options.MaxParts reached
	CodeDepthExceeded        = "depth_exceeded"         // nested messages beyond Options.MaxDepth
	CodeBadTNEF              = "bad_tnef"               // a winmail.dat that could not be read entirely
)

// Options sets the caps of Parse. Zero values take the defaults.
type Options struct {
	// MaxParts caps the number of MIME parts read, nested ones included (default 500).
	MaxParts int
	// MaxPartBytes caps the decoded size of one part (default 60 MiB).
	MaxPartBytes int64
	// MaxTotalBytes caps the bytes read from the input and, separately, the
	// bytes produced by decoding (default 60 MiB).
	MaxTotalBytes int64
	// MaxDepth caps the nesting of message/rfc822 parts (default 5).
	MaxDepth int
	// MaxHeaderBytes caps one header section (default 1 MiB).
	MaxHeaderBytes int
	// KeepLegacy, when true, leaves TCVN3 and VNI text unconverted (still flagged).
	KeepLegacy bool
}

// Defaults of Options.
const (
	DefaultMaxParts       = 500
	DefaultMaxPartBytes   = 60 << 20
	DefaultMaxTotalBytes  = 60 << 20
	DefaultMaxDepth       = 5
	DefaultMaxHeaderBytes = 1 << 20
)

func (o Options) withDefaults() Options {
	if o.MaxParts <= 0 {
		o.MaxParts = DefaultMaxParts
	}
	if o.MaxPartBytes <= 0 {
		o.MaxPartBytes = DefaultMaxPartBytes
	}
	if o.MaxTotalBytes <= 0 {
		o.MaxTotalBytes = DefaultMaxTotalBytes
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxHeaderBytes <= 0 {
		o.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	return o
}

// Span is a part's body as it lies in the input: bytes [Start, End) under
// the Content-Transfer-Encoding Encoding.
type Span struct {
	Start, End int64
	Encoding   string
}

// IsZero reports whether the span is unknown.
func (s Span) IsZero() bool { return s.End == 0 }
