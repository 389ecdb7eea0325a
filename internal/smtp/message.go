package smtp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	netmail "net/mail"
	"strings"
	"time"

	"github.com/emersion/go-message/mail"
)

// Message is one outgoing mail, plain text in UTF-8.
type Message struct {
	// From is "Name <address>"; empty means the Mailer's From.
	From string
	To   []string
	// Subject and Text are Vietnamese, UTF-8 (RFC 2047 and
	// quoted-printable on the wire).
	Subject string
	Text    string
	// MessageID is the Message-ID without angle brackets; required, so
	// that a resend is recognisable as the same message.
	MessageID string
	// InReplyTo and References thread the mail (RFC 5322 §3.6.4), without
	// angle brackets.
	InReplyTo  string
	References []string
	// Date is the Date: header; zero means now.
	Date time.Time
	// Headers are extra header fields (e.g. "X-Tiepnhan-Alert"), ASCII
	// names; values are encoded when needed.
	Headers map[string]string
	// Raw, when set, is the message composed by the caller (a forward
	// with the original attached), sent as it is; To and MessageID must
	// still be set (the envelope, the folder's file name).
	Raw []byte
}

// Validate checks the message before anything is sent, naming the bad
// field.
func (m Message) Validate() error {
	if len(m.To) == 0 {
		return errors.New("smtp: message has no recipient (To)")
	}
	for i, to := range m.To {
		if _, err := netmail.ParseAddress(to); err != nil {
			return fmt.Errorf("smtp: To[%d] %q is not an email address: %w", i, to, err)
		}
	}
	if m.From != "" {
		if _, err := netmail.ParseAddress(m.From); err != nil {
			return fmt.Errorf("smtp: From %q is not an email address: %w", m.From, err)
		}
	}
	if err := checkID("Message-ID", m.MessageID); err != nil {
		return err
	}
	if m.InReplyTo != "" {
		if err := checkID("In-Reply-To", m.InReplyTo); err != nil {
			return err
		}
	}
	for _, r := range m.References {
		if err := checkID("References", r); err != nil {
			return err
		}
	}
	for k := range m.Headers {
		if k == "" || strings.ContainsAny(k, ": \t\r\n") {
			return fmt.Errorf("smtp: header name %q is not a field name (RFC 5322 §2.2)", k)
		}
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return errors.New("smtp: Subject contains a line break")
	}
	return nil
}

// checkID accepts an RFC 5322 msg-id without its angle brackets:
// id-left "@" id-right, printable ASCII, no spaces or brackets.
func checkID(field, id string) error {
	left, right, ok := strings.Cut(id, "@")
	if !ok || left == "" || right == "" || strings.Contains(right, "@") {
		return fmt.Errorf("smtp: %s %q is not of the form left@right (RFC 5322 §3.6.4)", field, id)
	}
	for _, r := range id {
		if r <= ' ' || r > '~' || r == '<' || r == '>' || r == '"' || r == '\\' {
			return fmt.Errorf("smtp: %s %q contains %q (RFC 5322 §3.6.4)", field, id, r)
		}
	}
	return nil
}

// Render returns the message as it is sent (RFC 5322, CRLF line endings,
// 7-bit: RFC 2047 words in the header, quoted-printable text), from being
// the sender when m.From is empty. A message with Raw is returned as it is.
func Render(m Message, from string) ([]byte, error) {
	if m.From == "" {
		m.From = from
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if m.Raw != nil {
		return m.Raw, nil
	}
	var h mail.Header
	fa, err := mail.ParseAddress(m.From)
	if err != nil {
		return nil, fmt.Errorf("smtp: From %q: %w", m.From, err)
	}
	h.SetAddressList("From", []*mail.Address{fa})
	to := make([]*mail.Address, len(m.To))
	for i, a := range m.To {
		if to[i], err = mail.ParseAddress(a); err != nil {
			return nil, fmt.Errorf("smtp: To[%d] %q: %w", i, a, err)
		}
	}
	h.SetAddressList("To", to)
	h.SetSubject(m.Subject)
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	h.SetDate(date)
	// Field names as RFC 5322 spells them (go-message would write
	// "Message-Id").
	h.AddRaw([]byte("Message-ID: <" + m.MessageID + ">\r\n"))
	if m.InReplyTo != "" {
		h.AddRaw([]byte("In-Reply-To: <" + m.InReplyTo + ">\r\n"))
	}
	if len(m.References) > 0 {
		h.AddRaw([]byte("References: <" + strings.Join(m.References, "> <") + ">\r\n"))
	}
	h.Set("User-Agent", "tiepnhan")
	// RFC 3834 §5: mail sent by a process, not a person; responders must
	// not answer it. Precedence and X-Auto-Response-Suppress quiet the
	// responders that ignore Auto-Submitted (Exchange among them).
	h.Set("Auto-Submitted", "auto-generated")
	h.Set("Precedence", "bulk")
	h.Set("X-Auto-Response-Suppress", "All")
	for k, v := range m.Headers {
		h.SetText(k, v)
	}
	h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	var b bytes.Buffer
	w, err := mail.CreateSingleInlineWriter(&b, h)
	if err != nil {
		return nil, fmt.Errorf("smtp: render %s: %w", m.MessageID, err)
	}
	if _, err := io.WriteString(w, m.Text); err != nil {
		return nil, fmt.Errorf("smtp: render %s: %w", m.MessageID, err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("smtp: render %s: %w", m.MessageID, err)
	}
	return b.Bytes(), nil
}
