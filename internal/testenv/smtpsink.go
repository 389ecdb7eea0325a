package testenv

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// smtpSinkPaths are where Debian's postfix package installs smtp-sink.
var smtpSinkPaths = []string{"/usr/sbin/smtp-sink", "/usr/lib/postfix/sbin/smtp-sink"}

// WaitTimeout bounds how long Sink.WaitMessages waits.
const WaitTimeout = 15 * time.Second

// Sink is a running Postfix smtp-sink that stores each mail transaction.
type Sink struct {
	root *workDir
	dump string
	port int
	proc *proc
}

// Delivery is one mail transaction received by a Sink.
type Delivery struct {
	// MailFrom is the argument of MAIL FROM, e.g. "<a@b.vn>" (with any
	// ESMTP parameters).
	MailFrom string
	// RcptTo holds the argument of each RCPT TO, in order.
	RcptTo []string
	// Helo is the EHLO/HELO argument, "" when none was sent.
	Helo string
	// Data is the message as sent after DATA, dot-unstuffed, with CRLF line
	// endings (smtp-sink stores lines with LF; RFC 5321 §2.3.8 mandates CRLF
	// on the wire, so CRLF is restored).
	Data []byte
}

// SMTPSink starts Postfix's smtp-sink on a free loopback port, stopped at
// cleanup. A missing smtp-sink skips the test, or fails it under CI=true.
func SMTPSink(t testing.TB) *Sink {
	t.Helper()
	bin, err := findSMTPSink()
	Require(t, "smtp-sink (Debian package postfix)", err)
	root, err := newWorkDir("smtpsink")
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	t.Cleanup(func() { root.remove() })
	logs := NewLogBuffer()
	logOnFailure(t, "smtp-sink", logs)
	s := &Sink{root: root, dump: filepath.Join(root.path, "dump"), port: FreePort(t)}
	if err := os.Mkdir(s.dump, 0o755); err != nil {
		t.Fatalf("testenv: %v", err)
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		// smtp-sink refuses to run as root. Its own -u would switch
		// accounts after start-up and so lose the parent-death signal:
		// start it as nobody instead.
		u, err := lookupUser("nobody")
		if err != nil {
			t.Fatalf("testenv: smtp-sink as root: %v", err)
		}
		if err := os.Chown(s.dump, u.uid, u.gid); err != nil {
			t.Fatalf("testenv: %v", err)
		}
		cred = &syscall.Credential{Uid: uint32(u.uid), Gid: uint32(u.gid), Groups: []uint32{}}
	}
	// -d: one file per transaction, named by strftime plus a random suffix.
	args := []string{"-d", s.dump + "/%Y%m%d%H%M%S.", s.Addr(), "64"}
	p, err := startProc(bin, args, root.path, logs, true, cred)
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	s.proc = p
	t.Cleanup(func() { p.stop(5 * time.Second) })
	if err := awaitGreeting(s.Addr(), "220 ", time.Now().Add(15*time.Second), p); err != nil {
		t.Fatalf("testenv: %s %s: %v\n%s", bin, strings.Join(args, " "), err, logs.String())
	}
	return s
}

func findSMTPSink() (string, error) {
	for _, p := range smtpSinkPaths {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("none of %s exists", strings.Join(smtpSinkPaths, ", "))
}

// Addr returns the SMTP address, "127.0.0.1:port".
func (s *Sink) Addr() string { return net.JoinHostPort(Loopback, strconv.Itoa(s.port)) }

// Messages returns the DATA of every completed transaction so far, in the
// order received.
func (s *Sink) Messages(t testing.TB) [][]byte {
	t.Helper()
	ds := s.Deliveries(t)
	out := make([][]byte, len(ds))
	for i, d := range ds {
		out[i] = d.Data
	}
	return out
}

// WaitMessages waits until at least n transactions are complete (or
// WaitTimeout passes, which fails the test) and returns their DATA.
func (s *Sink) WaitMessages(t testing.TB, n int) [][]byte {
	t.Helper()
	deadline := time.Now().Add(WaitTimeout)
	for {
		msgs := s.Messages(t)
		if len(msgs) >= n {
			return msgs
		}
		if time.Now().After(deadline) {
			t.Fatalf("testenv: smtp-sink received %d message(s) within %v, want %d", len(msgs), WaitTimeout, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Deliveries returns every completed transaction so far, in the order
// received. A transaction is complete once smtp-sink has closed its file.
func (s *Sink) Deliveries(t testing.TB) []Delivery {
	t.Helper()
	// List first, then look at open files: a file listed and not open has
	// been closed, since smtp-sink creates it open.
	entries, err := os.ReadDir(s.dump)
	if err != nil {
		t.Fatalf("testenv: read %s: %v", s.dump, err)
	}
	open := openFiles(s.proc.cmd.Process.Pid)
	type file struct {
		name string
		mod  time.Time
	}
	var files []file
	for _, e := range entries {
		path := filepath.Join(s.dump, e.Name())
		if e.IsDir() || open[path] {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		files = append(files, file{path, fi.ModTime()})
	}
	sort.Slice(files, func(i, j int) bool {
		if !files[i].mod.Equal(files[j].mod) {
			return files[i].mod.Before(files[j].mod)
		}
		return files[i].name < files[j].name
	})
	var out []Delivery
	for _, f := range files {
		b, err := os.ReadFile(f.name)
		if err != nil {
			t.Fatalf("testenv: %v", err)
		}
		d, err := ParseSinkDump(b)
		if err != nil {
			t.Fatalf("testenv: %s: %v", f.name, err)
		}
		out = append(out, d)
	}
	return out
}

// openFiles returns the files process pid has open (from /proc/pid/fd).
func openFiles(pid int) map[string]bool {
	dir := "/proc/" + strconv.Itoa(pid) + "/fd"
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	out := make(map[string]bool, len(entries))
	for _, e := range entries {
		if target, err := os.Readlink(filepath.Join(dir, e.Name())); err == nil {
			out[target] = true
		}
	}
	return out
}

// ParseSinkDump parses one smtp-sink -d file (smtp-sink(1), DUMP FILE
// FORMAT): X-Client-Addr, X-Client-Proto, X-Helo-Args, X-Mail-Args and
// X-Rcpt-Args records, a three-line Received header, the message, and a
// final empty line.
func ParseSinkDump(b []byte) (Delivery, error) {
	var d Delivery
	rest := b
	next := func() ([]byte, bool) {
		if len(rest) == 0 {
			return nil, false
		}
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			line := rest
			rest = nil
			return line, true
		}
		line := rest[:i]
		rest = rest[i+1:]
		return line, true
	}
	sawAddr, sawMail := false, false
	for {
		line, ok := next()
		if !ok {
			return Delivery{}, errors.New("smtp-sink dump ends before its Received header")
		}
		name, value, found := strings.Cut(string(line), ": ")
		if !found {
			return Delivery{}, fmt.Errorf("smtp-sink dump: unexpected record %q before the Received header", truncateString(string(line), 60))
		}
		switch name {
		case "X-Client-Addr":
			sawAddr = true
		case "X-Client-Proto":
		case "X-Helo-Args":
			d.Helo = value
		case "X-Mail-Args":
			d.MailFrom = value
			sawMail = true
		case "X-Rcpt-Args":
			d.RcptTo = append(d.RcptTo, value)
		case "Received":
			// Two continuation lines follow ("by … (smtp-sink) …;" and
			// the time stamp), each starting with white space.
			for len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
				next()
			}
			if !sawAddr || !sawMail {
				return Delivery{}, errors.New("smtp-sink dump lacks X-Client-Addr or X-Mail-Args")
			}
			d.Data = toCRLF(rest)
			return d, nil
		default:
			return Delivery{}, fmt.Errorf("smtp-sink dump: unexpected record %q before the Received header", truncateString(name, 60))
		}
	}
}

// toCRLF drops the dump's final empty line and turns LF line ends into
// CRLF.
func toCRLF(msg []byte) []byte {
	msg = bytes.TrimSuffix(msg, []byte("\n"))
	var b bytes.Buffer
	b.Grow(len(msg) + len(msg)/40)
	for len(msg) > 0 {
		i := bytes.IndexByte(msg, '\n')
		if i < 0 {
			b.Write(msg)
			break
		}
		line := bytes.TrimSuffix(msg[:i], []byte("\r"))
		b.Write(line)
		b.WriteString("\r\n")
		msg = msg[i+1:]
	}
	return b.Bytes()
}

func truncateString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
