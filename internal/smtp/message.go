package smtp

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
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
}

// Validate checks the message before anything is sent, naming the bad
// field.
func (m Message) Validate() error {
	if len(m.To) == 0 {
		return errors.New("smtp: message has no recipient (To)")
	}
	for i, to := range m.To {
		if _, err := mail.ParseAddress(to); err != nil {
			return fmt.Errorf("smtp: To[%d] %q is not an email address: %w", i, to, err)
		}
	}
	if m.From != "" {
		if _, err := mail.ParseAddress(m.From); err != nil {
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

// build turns m into a go-mail message, from being the default sender.
func build(m Message, from string) (*gomail.Msg, error) {
	if m.From == "" {
		m.From = from
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent(), gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	if err := msg.From(m.From); err != nil {
		return nil, fmt.Errorf("smtp: From %q: %w", m.From, err)
	}
	if err := msg.To(m.To...); err != nil {
		return nil, fmt.Errorf("smtp: To: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.MessageID)
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	msg.SetDateWithValue(date)
	msg.SetUserAgent("tiepnhan")
	// RFC 3834 §5: mail sent by a process, not a person; responders must
	// not answer it. Precedence and X-Auto-Response-Suppress quiet the
	// responders that ignore Auto-Submitted (Exchange among them).
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetBulk()
	if m.InReplyTo != "" {
		msg.SetGenHeaderPreformatted(gomail.HeaderInReplyTo, "<"+m.InReplyTo+">")
	}
	if len(m.References) > 0 {
		msg.SetGenHeaderPreformatted(gomail.HeaderReferences, "<"+strings.Join(m.References, "> <")+">")
	}
	for k, v := range m.Headers {
		msg.SetGenHeader(gomail.Header(k), v)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	return msg, nil
}

// Render returns the message as it is sent (RFC 5322, CRLF line endings),
// from being the sender when m.From is empty.
func Render(m Message, from string) ([]byte, error) {
	msg, err := build(m, from)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := msg.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("smtp: render %s: %w", m.MessageID, err)
	}
	return b.Bytes(), nil
}
