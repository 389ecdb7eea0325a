package smtp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
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
	// PerRecipient caps the messages to one address within Window
	// (0: no cap).
	PerRecipient int
	Window       time.Duration
	// Now is the clock of the cap (nil: time.Now).
	Now func() time.Time
}

// Mailer sends messages through an SMTP relay, or writes them to a folder.
// It is safe for concurrent use: each Send opens its own connection.
type Mailer struct {
	cfg     Config
	host    string
	port    int
	limiter *Limiter
}

// New checks cfg and returns a Mailer. It does not connect.
func New(cfg Config) (*Mailer, error) {
	if cfg.From == "" {
		return nil, errors.New("smtp: from: the sender address is empty")
	}
	if _, err := build(Message{To: []string{"x@example.org"}, MessageID: "check@example.org"}, cfg.From); err != nil {
		return nil, fmt.Errorf("smtp: from %q: %w", cfg.From, err)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	m := &Mailer{cfg: cfg, limiter: NewLimiter(cfg.PerRecipient, cfg.Window, cfg.Now)}
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
	if m.port, err = strconv.Atoi(port); err != nil || m.port <= 0 || m.port > 65535 {
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

// Send hands m to the relay (or writes it to the folder). It returns a
// *RateLimitError, without sending, when a recipient is over the cap.
//
// Once the relay has accepted the message (250 after DATA), Send reports
// success at once and closes the connection in the background: reporting a
// failure of QUIT would make the caller send it again.
func (m *Mailer) Send(ctx context.Context, msg Message) error {
	if msg.Date.IsZero() {
		msg.Date = time.Now()
	}
	gm, err := build(msg, m.cfg.From)
	if err != nil {
		return err
	}
	release, err := m.limiter.Reserve(msg.To)
	if err != nil {
		return err
	}
	if m.cfg.Addr == "" {
		err = m.write(gm, msg.MessageID)
	} else {
		err = m.relay(ctx, gm)
	}
	if err != nil {
		release()
	}
	return err
}

// relay runs one SMTP transaction.
func (m *Mailer) relay(ctx context.Context, gm *gomail.Msg) error {
	opts := []gomail.Option{gomail.WithPort(m.port), gomail.WithTimeout(m.cfg.Timeout)}
	switch m.cfg.Security {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if m.cfg.HELO != "" {
		opts = append(opts, gomail.WithHELO(m.cfg.HELO))
	}
	if m.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(m.cfg.Username), gomail.WithPassword(m.cfg.Password))
	}
	c, err := gomail.NewClient(m.host, opts...)
	if err != nil {
		return fmt.Errorf("smtp: client for %s: %w", m.cfg.Addr, err)
	}
	conn, err := c.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return fmt.Errorf("smtp: connect %s: %w", m.cfg.Addr, err)
	}
	if err := c.SendWithSMTPClient(conn, gm); err != nil {
		c.CloseWithSMTPClient(conn)
		return fmt.Errorf("smtp: send via %s: %w", m.cfg.Addr, err)
	}
	// Accepted: report success now and say QUIT in the background, so that
	// the caller records "sent" without waiting for one more round trip (the
	// shorter the time between the relay's 250 and that record, the smaller
	// the window in which a crash makes the mail go twice). A failed QUIT
	// changes nothing.
	go c.CloseWithSMTPClient(conn)
	return nil
}

// write stores the message as Dir/<Message-ID>.eml; an existing file means
// it was written before, and is kept as it is.
func (m *Mailer) write(gm *gomail.Msg, id string) error {
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
	if _, err := gm.WriteTo(tmp); err != nil {
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
