package smtp

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
)

// Sender sends one message. *Mailer implements it; tests and workers
// depend on this interface.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Config configures a Mailer.
type Config struct {
	// Addr is the relay, host:port. Empty: messages are written to Dir.
	Addr string
	// Security is "starttls" (required), "tls" (implicit TLS, port 465)
	// or "none" (plain SMTP; only sensible on loopback).
	Security string
	// Username and Password authenticate (SMTP AUTH PLAIN) when set.
	Username, Password string
	// From is the sender of messages that name none.
	From string
	// HELO is the name given in EHLO (default: the host name).
	HELO string
	// Timeout bounds connecting and each command (default 30 s).
	Timeout time.Duration
	// Dir receives one .eml file per message when Addr is empty.
	Dir string
}

// Mailer sends messages through an SMTP relay, or writes them to a folder.
// It is safe for concurrent use: each Send opens its own connection.
type Mailer struct {
	cfg  Config
	host string
}

// New checks cfg and returns a Mailer. It does not connect.
func New(cfg Config) (*Mailer, error) {
	if cfg.From == "" {
		return nil, errors.New("smtp: from: the sender address is empty")
	}
	if _, err := Render(Message{To: []string{"x@example.org"}, MessageID: "check@example.org"}, cfg.From); err != nil {
		return nil, fmt.Errorf("smtp: from %q: %w", cfg.From, err)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	m := &Mailer{cfg: cfg}
	if cfg.Addr == "" {
		if cfg.Dir == "" {
			return nil, errors.New("smtp: neither a relay address nor a folder to write messages to")
		}
		return m, nil
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("smtp: addr %q: %w", cfg.Addr, err)
	}
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
		return nil, fmt.Errorf("smtp: addr %q: bad port", cfg.Addr)
	}
	m.host = host
	switch cfg.Security {
	case "starttls", "tls", "none":
	default:
		return nil, fmt.Errorf("smtp: security %q: must be starttls, tls or none", cfg.Security)
	}
	return m, nil
}

// Send hands m to the relay (or writes it to the folder). The caller
// checks the per-recipient cap first (Cap, postgres.Store.ReserveMail).
//
// Once the relay has accepted the message (250 after DATA), Send reports
// success at once and says QUIT in the background: reporting a failure of
// QUIT would make the caller send it again, and the shorter the time
// between the relay's 250 and the caller's record of the send, the smaller
// the window in which a crash makes the mail go twice.
func (m *Mailer) Send(ctx context.Context, msg Message) error {
	if msg.Date.IsZero() && msg.Raw == nil {
		msg.Date = time.Now()
	}
	raw, err := Render(msg, m.cfg.From)
	if err != nil {
		return err
	}
	if m.cfg.Addr == "" {
		return m.write(raw, msg.MessageID)
	}
	from := msg.From
	if from == "" {
		from = m.cfg.From
	}
	envFrom, _ := netmail.ParseAddress(from) // Render checked it
	to := make([]string, len(msg.To))
	for i, a := range msg.To {
		addr, _ := netmail.ParseAddress(a)
		to[i] = addr.Address
	}
	return m.relay(ctx, raw, envFrom.Address, to)
}

// relay runs one SMTP transaction.
func (m *Mailer) relay(ctx context.Context, raw []byte, from string, to []string) error {
	conn, err := (&net.Dialer{Timeout: m.cfg.Timeout}).DialContext(ctx, "tcp", m.cfg.Addr)
	if err != nil {
		return fmt.Errorf("smtp: connect %s: %w", m.cfg.Addr, err)
	}
	tlsConf := &tls.Config{ServerName: m.host, MinVersion: tls.VersionTLS12}
	var c *gosmtp.Client
	switch m.cfg.Security {
	case "tls":
		c = gosmtp.NewClient(tls.Client(conn, tlsConf))
	case "none":
		c = gosmtp.NewClient(conn)
	default: // starttls, required
		if c, err = gosmtp.NewClientStartTLS(conn, tlsConf); err != nil {
			conn.Close()
			return fmt.Errorf("smtp: STARTTLS with %s: %w", m.cfg.Addr, err)
		}
	}
	c.CommandTimeout, c.SubmissionTimeout = m.cfg.Timeout, 2*m.cfg.Timeout
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	fail := func(what string, err error) error {
		c.Close()
		return fmt.Errorf("smtp: %s via %s: %w", what, m.cfg.Addr, err)
	}
	helo := m.cfg.HELO
	if helo == "" {
		helo, _ = os.Hostname()
	}
	if err := c.Hello(helo); err != nil {
		return fail("EHLO", err)
	}
	if m.cfg.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", m.cfg.Username, m.cfg.Password)); err != nil {
			return fail("AUTH", err)
		}
	}
	if err := c.SendMail(from, to, bytes.NewReader(raw)); err != nil {
		return fail("send to "+strings.Join(to, ", "), err)
	}
	// Accepted: a failed QUIT changes nothing.
	go func() {
		c.Quit()
		c.Close()
	}()
	return nil
}

// write stores the message as Dir/<Message-ID>.eml; an existing file means
// it was written before, and is kept as it is.
func (m *Mailer) write(raw []byte, id string) error {
	if err := os.MkdirAll(m.cfg.Dir, 0o750); err != nil {
		return fmt.Errorf("smtp: folder %s: %w", m.cfg.Dir, err)
	}
	name := filepath.Join(m.cfg.Dir, fileName(id)+".eml")
	if _, err := os.Stat(name); err == nil {
		return nil
	}
	tmp, err := os.CreateTemp(m.cfg.Dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("smtp: folder %s: %w", m.cfg.Dir, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return fmt.Errorf("smtp: write %s: %w", name, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("smtp: write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("smtp: write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("smtp: write %s: %w", name, err)
	}
	return nil
}

// fileName makes a Message-ID safe as a file name.
func fileName(id string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_', r == '@':
			return r
		}
		return '_'
	}, id)
}
