package workers

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
)

// MailSender sends a composed message (RFC 5322 bytes) to recipients.
// Supplement requests and forwards carry attachments and exact bytes, so
// they are composed here and handed over whole.
type MailSender interface {
	SendRaw(ctx context.Context, msg []byte, from string, to []string) error
}

// SMTPRelay is a MailSender on an SMTP relay (or, without Addr, a folder
// that receives one .eml file per message: the embedded default).
type SMTPRelay struct {
	// Addr is host:port; empty writes to Dir.
	Addr string
	// Security is "starttls" (required), "tls" (implicit) or "none"
	// (loopback only).
	Security           string
	Username, Password string
	HELO               string
	Timeout            time.Duration
	Dir                string
}

// SendRaw implements MailSender.
func (r *SMTPRelay) SendRaw(ctx context.Context, msg []byte, from string, to []string) error {
	if len(to) == 0 {
		return errors.New("send mail: no recipient")
	}
	if r.Addr == "" {
		if r.Dir == "" {
			return errors.New("send mail: neither a relay nor a folder is configured")
		}
		if err := os.MkdirAll(r.Dir, 0o750); err != nil {
			return fmt.Errorf("send mail: %w", err)
		}
		name := fmt.Sprintf("%s-%s.eml", time.Now().UTC().Format("20060102T150405.000000000"), safeName(to[0]))
		return os.WriteFile(filepath.Join(r.Dir, name), msg, 0o640)
	}
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	host, _, err := net.SplitHostPort(r.Addr)
	if err != nil {
		return fmt.Errorf("send mail: relay %q: %w", r.Addr, err)
	}
	dialer := &net.Dialer{Timeout: timeout}
	conn, err := dialer.DialContext(ctx, "tcp", r.Addr)
	if err != nil {
		return fmt.Errorf("send mail: connect %s: %w", r.Addr, err)
	}
	tlsConf := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	var c *gosmtp.Client
	switch r.Security {
	case "tls":
		c = gosmtp.NewClient(tls.Client(conn, tlsConf))
	case "starttls", "":
		if c, err = gosmtp.NewClientStartTLS(conn, tlsConf); err != nil {
			conn.Close()
			return fmt.Errorf("send mail: STARTTLS with %s: %w", r.Addr, err)
		}
	case "none":
		c = gosmtp.NewClient(conn)
	default:
		conn.Close()
		return fmt.Errorf("send mail: security %q must be starttls, tls or none", r.Security)
	}
	defer c.Close()
	c.CommandTimeout, c.SubmissionTimeout = timeout, 2*timeout
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	helo := r.HELO
	if helo == "" {
		helo, _ = os.Hostname()
	}
	if err := c.Hello(helo); err != nil {
		return fmt.Errorf("send mail: EHLO: %w", err)
	}
	if r.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", r.Username, r.Password)); err != nil {
			return fmt.Errorf("send mail: AUTH: %w", err)
		}
	}
	if err := c.SendMail(from, to, bytes.NewReader(msg)); err != nil {
		return fmt.Errorf("send mail to %s: %w", strings.Join(to, ", "), err)
	}
	c.Quit() // accepted after DATA: a failed QUIT is no failure
	return nil
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, strings.ToLower(s))
}

// addressOf returns the bare address of a From: value.
func addressOf(from string) string {
	if a, err := mail.ParseAddress(from); err == nil {
		return a.Address
	}
	return strings.Trim(from, "<> ")
}

// noReply tells addresses that must never receive automatic mail: null or
// machine senders (RFC 3834 §2: never answer an automatic message), and
// our own intake mailbox (a loop).
func noReply(addr, own string) bool {
	a := strings.ToLower(strings.TrimSpace(addr))
	local, _, ok := strings.Cut(a, "@")
	if !ok || local == "" {
		return true
	}
	for _, p := range []string{"mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply", "bounce", "bounces"} {
		if local == p || strings.HasPrefix(local, p+"+") || strings.HasPrefix(local, p+"-") {
			return true
		}
	}
	return own != "" && strings.EqualFold(a, own)
}
