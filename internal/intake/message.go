package intake

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrNotFound is returned by stores when a row does not exist.
var ErrNotFound = errors.New("not found")

// MessageKind says what a received message is to the intake desk.
type MessageKind string

// Message kinds. Only MessageKindSubmission messages become or update
// submissions; the others are recorded and shown but never create work.
const (
	// MessageKindPending: stored, not parsed yet.
	MessageKindPending MessageKind = "pending"
	// MessageKindSubmission: an ordinary message; it becomes a submission or,
	// being a reply to one of our messages, attaches to one.
	MessageKindSubmission MessageKind = "submission"
	// MessageKindAutoReply: an auto-reply or a bounce (RFC 3834 Auto-Submitted,
	// Precedence, X-Autoreply, RFC 3464 delivery status). Recorded, never
	// answered, never a submission.
	MessageKindAutoReply MessageKind = "auto_reply"
	// MessageKindOversize: larger than the configured limit; kept with its
	// headers only and flagged for a person.
	MessageKindOversize MessageKind = "oversize"
	// MessageKindUnparsable: the parser could not read even its header; the raw
	// bytes are kept and a person is told.
	MessageKindUnparsable MessageKind = "unparsable"
	// MessageKindDuplicate: the same message (Message-ID plus content hash)
	// seen again, e.g. after a UIDVALIDITY change.
	MessageKindDuplicate MessageKind = "duplicate"
)

// RawMessage is one message as fetched from the mailbox, before any parsing.
// Raw holds the exact bytes (RFC 5322) so that everything derived can be
// rebuilt; ReceivedAt is the server's INTERNALDATE (RFC 3501 §2.3.3), the
// moment the legal clock starts (Điều 11 khoản 1, step 1), never the sender's
// Date: header.
type RawMessage struct {
	MailboxID   int64
	UIDValidity uint32
	UID         uint32
	ReceivedAt  time.Time
	Size        int64 // RFC822.SIZE as reported by the server
	Raw         []byte
	// HeaderOnly is set when the message exceeded the size limit: Raw then
	// holds only its header section and Size the full size.
	HeaderOnly bool
	// MessageID is the Message-ID header without angle brackets, if any; read
	// cheaply from the header for the deduplication key.
	MessageID string
	SHA256    string // hex SHA-256 of Raw
}

// HashRaw returns the hex SHA-256 of b.
func HashRaw(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// StoredMessage is a message row as kept in the store.
type StoredMessage struct {
	ID          int64
	MailboxID   int64
	UIDValidity uint32
	UID         uint32
	MessageID   string
	SHA256      string
	Size        int64
	ReceivedAt  time.Time
	HeaderOnly  bool
	Kind        MessageKind
	Flags       []string // problems found while reading it, for a person
	// SubmissionID is the submission this message created or attached to.
	SubmissionID int64
	CreatedAt    time.Time
}

// ParsedMessage is what the parser derived from one stored message; it can
// always be rebuilt from the raw bytes.
type ParsedMessage struct {
	MessageID   int64
	Kind        MessageKind
	Subject     string
	FromAddr    string
	FromName    string
	To, Cc      []string
	Date        *time.Time // the sender's Date: header, informative only
	InReplyTo   []string
	References  []string
	AutoReason  string // why it counts as an auto-reply or bounce (RFC 3834, RFC 3464)
	TextBody    string
	HTMLBody    string
	Flags       []string // problems for a person to look at
	Attachments []AttachmentMeta
	// Derived is the full derivation as JSON (the `tiepnhan inspect` report).
	Derived []byte
	// Read is set once attachments were read (the extraction step).
	Read bool
	// Search is what search finds the message by, personal data redacted
	// (Điều 4 khoản 4); empty for messages that are not searched.
	Search SearchDoc
	// Outline is the parse of the MIME tree that reading needs again
	// (derive.Reopen: the attachments' spans in the raw mail, the subject
	// and file names as written), opaque to the store, which keeps it
	// sealed; nil for a message that could not be parsed.
	Outline []byte
}

// SearchDoc is the redacted text a message is found by: Head (subject,
// sender, number and symbol) ranks above Body (body and attachment texts);
// Codes are the codes (SearchCode) found in all of it, space-separated.
type SearchDoc struct {
	Head, Body, Codes string
}

// AttachmentMeta lists one attachment of a message.
type AttachmentMeta struct {
	Idx         int
	Path        string
	Filename    string
	ContentType string
	Size        int64
	SHA256      string
	// What was read from it (empty until the extraction step ran).
	Text       string
	Method     string
	Error      string
	NeedsHuman bool
}

// SearchCode returns tok as a code — a tracking reference, a number and
// symbol of a document (TN-2026-000123, 125/QĐ-PBGDPL, 08/2025/TT-BTP) —
// lower-cased and trimmed of surrounding punctuation: a token of letters
// and digits holding a digit and a "/" or "-"; else "". Search matches
// codes as substrings, where the text search parser would split them.
func SearchCode(tok string) string {
	tok = strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if utf8.RuneCountInString(tok) < 3 || !strings.ContainsAny(tok, "/-") || !strings.ContainsAny(tok, "0123456789") {
		return ""
	}
	for _, r := range tok {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) && r != '/' && r != '-' && r != '.' {
			return ""
		}
	}
	return strings.ToLower(tok)
}

// SearchCodes lists the distinct codes (SearchCode) of text, in order.
func SearchCodes(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, tok := range strings.Fields(text) {
		if c := SearchCode(tok); c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}
