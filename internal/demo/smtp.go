package demo

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"
)

// SMTPSink is a local SMTP server that accepts every message and writes it,
// with its envelope, to Dir as <time>-<n>.eml. Outgoing mail of the demo
// (supplement requests, forwards, alerts) can be read there.
type SMTPSink struct {
	Addr string
	Dir  string
	srv  *smtp.Server
	n    atomic.Int64
}

// StartSMTPSink listens on a free loopback port.
func StartSMTPSink(dir string) (*SMTPSink, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	k := &SMTPSink{Dir: dir}
	k.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: k}, nil }))
	k.srv.Domain = "localhost"
	k.srv.AllowInsecureAuth = true
	k.srv.MaxMessageBytes = 60 << 20
	k.srv.ReadTimeout = time.Minute
	k.srv.WriteTimeout = time.Minute
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	k.Addr = ln.Addr().String()
	go k.srv.Serve(ln)
	return k, nil
}

// Close stops the sink.
func (k *SMTPSink) Close() error { return k.srv.Close() }

type sinkSession struct {
	sink *SMTPSink
	from string
	to   []string
}

func (s *sinkSession) Reset()        { s.from, s.to = "", nil }
func (s *sinkSession) Logout() error { return nil }
func (s *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *sinkSession) Data(r io.Reader) error {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "X-Sink-Envelope-From: <%s>\r\n", s.from)
	for _, t := range s.to {
		fmt.Fprintf(&buf, "X-Sink-Envelope-To: <%s>\r\n", t)
	}
	if _, err := io.Copy(&buf, r); err != nil {
		return err
	}
	name := fmt.Sprintf("%s-%04d.eml", time.Now().UTC().Format("20060102T150405Z"), s.sink.n.Add(1))
	return os.WriteFile(filepath.Join(s.sink.Dir, name), buf.Bytes(), 0o644)
}
