package demo

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// IMAPServer is a running in-process IMAP server with one user.
type IMAPServer struct {
	Addr     string
	Username string
	Password string
	user     *imapmemserver.User
	srv      *imapserver.Server
	ln       net.Listener
}

// StartIMAP listens on a free loopback port and serves one mailbox user
// (banbientap) with a random password. IDLE, MOVE and UIDPLUS are offered,
// as Dovecot does.
func StartIMAP() (*IMAPServer, error) {
	pw := make([]byte, 12)
	rand.Read(pw)
	s := &IMAPServer{Username: "banbientap", Password: hex.EncodeToString(pw)}
	mem := imapmemserver.New()
	s.user = imapmemserver.NewUser(s.Username, s.Password)
	if err := s.user.Create("INBOX", nil); err != nil && !strings.Contains(err.Error(), "exist") {
		return nil, fmt.Errorf("create INBOX: %w", err)
	}
	mem.AddUser(s.user)
	s.srv = imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps: goimap.CapSet{
			goimap.CapIMAP4rev1: {}, goimap.CapIdle: {}, goimap.CapMove: {}, goimap.CapUIDPlus: {}, goimap.CapNamespace: {},
		},
		// Loopback only: the demo password may go in clear.
		InsecureAuth: true,
		Logger:       discardLogger{},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.ln = ln
	s.Addr = ln.Addr().String()
	go s.srv.Serve(ln)
	return s, nil
}

// Append delivers raw into mailbox with the given receipt time, as a mail
// server's delivery agent would.
func (s *IMAPServer) Append(mailbox string, raw []byte, received time.Time) error {
	// imapmemserver panics on nil options (pitfalls.md).
	_, err := s.user.Append(mailbox, literal{bytes.NewReader(raw), int64(len(raw))}, &goimap.AppendOptions{Time: received})
	return err
}

// Seed appends every *.eml file of dir, in name order, with its receipt
// time read from the topmost Received: header (else Date:, else now). It
// returns how many it delivered.
func (s *IMAPServer) Seed(dir string) (int, error) {
	return s.SeedRedated(dir, nil)
}

// SeedRedated is Seed with each message moved by redate (Redate: from the
// original receipt instants to the new ones, ShiftHeaders applied); nil
// keeps the original dates.
func (s *IMAPServer) SeedRedated(dir string, redate func(orig []time.Time) []time.Time) (int, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		return 0, err
	}
	sort.Strings(files)
	raws := make([][]byte, len(files))
	orig := make([]time.Time, len(files))
	now := time.Now()
	for i, f := range files {
		if raws[i], err = os.ReadFile(f); err != nil {
			return 0, err
		}
		orig[i] = ReceivedTime(raws[i], now)
	}
	received := orig
	if redate != nil {
		received = redate(orig)
	}
	for i, f := range files {
		raw := raws[i]
		if redate != nil {
			raw = ShiftHeaders(raw, orig[i], received[i])
		}
		if err := s.Append("INBOX", raw, received[i]); err != nil {
			return 0, fmt.Errorf("seed %s: %w", f, err)
		}
	}
	return len(files), nil
}

// Close stops the server.
func (s *IMAPServer) Close() error {
	return s.srv.Close()
}

// ReceivedTime returns the receipt time a file-based message carries: the
// date of the topmost Received: header (RFC 5321 §4.4: the last relay adds
// it on top), else Date:, else fallback.
func ReceivedTime(raw []byte, fallback time.Time) time.Time {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return fallback
	}
	if rs := msg.Header["Received"]; len(rs) > 0 {
		if i := strings.LastIndexByte(rs[0], ';'); i >= 0 {
			if t, err := mail.ParseDate(strings.TrimSpace(rs[0][i+1:])); err == nil {
				return t
			}
		}
	}
	if t, err := msg.Header.Date(); err == nil {
		return t
	}
	return fallback
}

type literal struct {
	*bytes.Reader
	size int64
}

func (l literal) Size() int64 { return l.size }

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}
