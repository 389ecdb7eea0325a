package mailbox_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/moj-portal/tiepnhan/internal/demo"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/mailbox"
)

// memSink is an in-memory mailbox.Sink with the same dedup keys as the
// PostgreSQL store: (uidvalidity, uid) and (Message-ID, SHA-256).
type memSink struct {
	mu       sync.Mutex
	mb       intake.MailboxState
	byUID    map[[2]uint32]bool
	byKey    map[string]bool
	stored   []intake.RawMessage
	resets   int
	failNext atomic.Int32
	// failAt fails the commit with this 1-based number once (0: never).
	failAt  int
	commits int
	// batches records the UIDs of each successful commit, in order.
	batches [][]uint32
}

func newMemSink() *memSink {
	return &memSink{mb: intake.MailboxState{ID: 1}, byUID: map[[2]uint32]bool{}, byKey: map[string]bool{}}
}

func (s *memSink) Mailbox(ctx context.Context, account, name string) (intake.MailboxState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mb, nil
}

func (s *memSink) ResetUIDValidity(ctx context.Context, id int64, old, new uint32) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mb.UIDValidity, s.mb.LastUID = new, 0
	s.resets++
	return nil
}

func (s *memSink) Receive(ctx context.Context, mb intake.MailboxState, msgs []intake.RawMessage) (int, int, error) {
	if s.failNext.Load() > 0 {
		s.failNext.Add(-1)
		return 0, 0, fmt.Errorf("injected commit failure")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commits++
	if s.commits == s.failAt {
		return 0, 0, fmt.Errorf("injected failure of commit %d", s.commits)
	}
	if mb.UIDValidity != s.mb.UIDValidity {
		return 0, 0, fmt.Errorf("stale mailbox")
	}
	var uids []uint32
	for _, m := range msgs {
		uids = append(uids, m.UID)
	}
	s.batches = append(s.batches, uids)
	ins := 0
	for _, m := range msgs {
		k := m.MessageID + "/" + m.SHA256
		if s.byUID[[2]uint32{mb.UIDValidity, m.UID}] || s.byKey[k] {
			continue
		}
		s.byUID[[2]uint32{mb.UIDValidity, m.UID}] = true
		s.byKey[k] = true
		s.stored = append(s.stored, m)
		s.mb.LastUID = max(s.mb.LastUID, m.UID)
		ins++
	}
	for _, m := range msgs {
		s.mb.LastUID = max(s.mb.LastUID, m.UID)
	}
	return ins, len(msgs) - ins, nil
}

func (s *memSink) MarkSynced(ctx context.Context, id int64, at time.Time) error { return nil }
func (s *memSink) MarkError(ctx context.Context, id int64, msg string) error    { return nil }

func (s *memSink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.stored)
}

func (s *memSink) waitFor(t *testing.T, n int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if s.count() >= n {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("stored %d messages, want %d within %s", s.count(), n, within)
}

// memLocker is a process-local lock with the semantics of the advisory lock.
type memLocker struct {
	mu   sync.Mutex
	held map[string]bool
}

type memLease struct {
	l    *memLocker
	key  string
	lost chan struct{}
	once sync.Once
}

func (l *memLocker) TryLock(ctx context.Context, key string) (mailbox.Lease, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held == nil {
		l.held = map[string]bool{}
	}
	if l.held[key] {
		return nil, nil
	}
	l.held[key] = true
	return &memLease{l: l, key: key, lost: make(chan struct{})}, nil
}

func (m *memLease) Lost() <-chan struct{} { return m.lost }
func (m *memLease) Release(ctx context.Context) {
	m.once.Do(func() {
		m.l.mu.Lock()
		delete(m.l.held, m.key)
		m.l.mu.Unlock()
		close(m.lost)
	})
}

func msg(i int) []byte {
	return []byte(fmt.Sprintf("Received: from mx.moj.gov.vn; Mon, 2 Mar 2026 09:%02d:00 +0700\r\n"+
		"Message-ID: <m%d@example.vn>\r\nFrom: a@example.vn\r\nTo: banbientap@moj.gov.vn\r\n"+
		"Subject: Tin %d\r\nDate: Sun, 1 Mar 2026 08:00:00 +0700\r\n\r\nNội dung %d\r\n", i%60, i, i, i))
}

func config(srv *demo.IMAPServer) mailbox.Config {
	return mailbox.Config{
		Addr: srv.Addr, Security: "none", Mailbox: "INBOX", Account: "test",
		Auth:        mailbox.PasswordAuth{Username: srv.Username, Password: srv.Password},
		AfterCommit: "none", Keyword: "$TiepNhan", MoveTo: "Done",
		PollInterval: 50 * time.Millisecond, IdleRestart: time.Second, CommandTimeout: 2 * time.Second,
		DialTimeout: time.Second, Keepalive: time.Second, BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond,
		LockRetry: 20 * time.Millisecond, BatchSize: 7, MaxMessageBytes: 1 << 20,
	}
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func run(t *testing.T, w *mailbox.Watcher) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	return func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("watcher did not stop within 5s of cancellation")
		}
	}
}

// runUntil runs a watcher of srv into sink until sink holds n messages (5 s
// at the most), lets it run 100 ms more, stops it, and checks that sink
// holds exactly n (nothing stored twice).
func runUntil(t *testing.T, srv *demo.IMAPServer, sink *memSink, n int) {
	t.Helper()
	stop := run(t, mailbox.New(config(srv), sink, &memLocker{}, quiet(), nil))
	sink.waitFor(t, n, 5*time.Second)
	time.Sleep(100 * time.Millisecond)
	stop()
	if got := sink.count(); got != n {
		t.Fatalf("stored %d, want exactly %d", got, n)
	}
}

// imapWith starts an IMAP server for the test whose INBOX holds the
// messages 1 to n (msg), received now.
func imapWith(t *testing.T, n int) *demo.IMAPServer {
	t.Helper()
	srv, err := demo.StartIMAP()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	for i := 1; i <= n; i++ {
		if err := srv.Append("INBOX", msg(i), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	return srv
}

func TestDrainIdleAndResume(t *testing.T) {
	srv, err := demo.StartIMAP()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("", 7*3600))
	for i := 1; i <= 20; i++ {
		if err := srv.Append("INBOX", msg(i), base.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	sink := newMemSink()
	w := mailbox.New(config(srv), sink, &memLocker{}, quiet(), nil)
	stop := run(t, w)
	sink.waitFor(t, 20, 5*time.Second)

	// IDLE: a message delivered now arrives without polling.
	start := time.Now()
	srv.Append("INBOX", msg(21), base.Add(21*time.Minute))
	sink.waitFor(t, 21, 2*time.Second)
	t.Logf("IDLE pickup took %s", time.Since(start))
	stop()

	// Receipt time is INTERNALDATE, never the Date: header.
	for _, m := range sink.stored {
		var i int
		fmt.Sscanf(m.MessageID, "m%d@", &i)
		if want := base.Add(time.Duration(i) * time.Minute); !m.ReceivedAt.Equal(want) {
			t.Errorf("message %d: received_at %s, want INTERNALDATE %s", i, m.ReceivedAt, want)
		}
		if m.SHA256 != intake.HashRaw(m.Raw) || int(m.Size) != len(m.Raw) {
			t.Errorf("message %d: hash/size mismatch", i)
		}
	}

	// A restart resumes after the bookmark: nothing fetched twice.
	srv.Append("INBOX", msg(22), base.Add(22*time.Minute))
	runUntil(t, srv, sink, 22)
}

func TestUIDValidityChangeResyncsWithoutDuplicates(t *testing.T) {
	srv := imapWith(t, 5)
	sink := newMemSink()
	runUntil(t, srv, sink, 5)
	old := sink.mb.UIDValidity

	// The server loses its UIDs: same messages, new UIDVALIDITY, plus one new.
	c, err := imapclient.DialInsecure(srv.Addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Login(srv.Username, srv.Password).Wait()
	if err := c.Delete("INBOX").Wait(); err != nil {
		t.Fatal(err)
	}
	c.Create("INBOX", nil).Wait()
	c.Close()
	for i := 1; i <= 6; i++ {
		srv.Append("INBOX", msg(i), time.Now())
	}
	runUntil(t, srv, sink, 6) // 5 deduplicated + 1 new
	if sink.mb.UIDValidity == old || sink.resets < 2 {
		t.Fatalf("uidvalidity %d (was %d), resets %d: change not detected", sink.mb.UIDValidity, old, sink.resets)
	}
}

func TestOversizeKeptHeaderOnly(t *testing.T) {
	srv := imapWith(t, 0)
	big := append(msg(1)[:len(msg(1))-2], make([]byte, 2<<20)...)
	srv.Append("INBOX", big, time.Now())
	srv.Append("INBOX", msg(2), time.Now())
	sink := newMemSink()
	runUntil(t, srv, sink, 2)
	m := sink.stored[0]
	if !m.HeaderOnly || m.Size != int64(len(big)) || len(m.Raw) > 4096 || m.MessageID != "m1@example.vn" {
		t.Fatalf("oversize message: header_only=%v size=%d kept=%d id=%q", m.HeaderOnly, m.Size, len(m.Raw), m.MessageID)
	}
	if sink.stored[1].HeaderOnly {
		t.Fatal("small message flagged oversize")
	}
}

func TestAfterCommitKeywordAndMove(t *testing.T) {
	for _, mode := range []string{"keyword", "move"} {
		t.Run(mode, func(t *testing.T) {
			srv := imapWith(t, 3)
			c, _ := imapclient.DialInsecure(srv.Addr, nil)
			defer c.Close()
			c.Login(srv.Username, srv.Password).Wait()
			c.Create("Done", nil).Wait()
			cfg := config(srv)
			cfg.AfterCommit = mode
			sink := newMemSink()
			stop := run(t, mailbox.New(cfg, sink, &memLocker{}, quiet(), nil))
			sink.waitFor(t, 3, 5*time.Second)
			time.Sleep(200 * time.Millisecond)
			stop()
			inbox, _ := c.Select("INBOX", nil).Wait()
			switch mode {
			case "keyword":
				bufs, err := c.Fetch(goimap.SeqSetNum(1, 2, 3), &goimap.FetchOptions{Flags: true}).Collect()
				if err != nil || len(bufs) != 3 {
					t.Fatalf("fetch flags: %v (%d)", err, len(bufs))
				}
				for _, b := range bufs {
					if !hasFlag(b.Flags, "$TiepNhan") {
						t.Errorf("message %d has flags %v, want $TiepNhan", b.SeqNum, b.Flags)
					}
				}
			case "move":
				done, _ := c.Status("Done", &goimap.StatusOptions{NumMessages: true}).Wait()
				if inbox.NumMessages != 0 || *done.NumMessages != 3 {
					t.Fatalf("after move: INBOX %d, Done %d; want 0 and 3", inbox.NumMessages, *done.NumMessages)
				}
			}
		})
	}
}

// hasFlag compares case-insensitively: keywords are atoms compared without
// regard to case (RFC 3501 §2.3.2).
func hasFlag(flags []goimap.Flag, f string) bool {
	for _, x := range flags {
		if strings.EqualFold(string(x), f) {
			return true
		}
	}
	return false
}

func TestOnlyOneWatcherPerMailbox(t *testing.T) {
	srv := imapWith(t, 10)
	locker := &memLocker{}
	sinkA, sinkB := newMemSink(), newMemSink()
	stopA := run(t, mailbox.New(config(srv), sinkA, locker, quiet(), nil))
	sinkA.waitFor(t, 10, 5*time.Second)
	stopB := run(t, mailbox.New(config(srv), sinkB, locker, quiet(), nil))
	time.Sleep(300 * time.Millisecond)
	if n := sinkB.count(); n != 0 {
		t.Fatalf("second watcher fetched %d messages while the first held the lock", n)
	}
	stopA() // releases the lock: B takes over
	sinkB.waitFor(t, 10, 5*time.Second)
	stopB()
}

// stallProxy forwards TCP to target until stall is set, then swallows
// everything: a half-open connection as seen from the client.
type stallProxy struct {
	ln     net.Listener
	target string
	stall  atomic.Bool
	conns  atomic.Int32
}

func newStallProxy(t *testing.T, target string) *stallProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &stallProxy{ln: ln, target: target}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.conns.Add(1)
			go p.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return p
}

func (p *stallProxy) serve(c net.Conn) {
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	pipe := func(dst, src net.Conn) {
		buf := make([]byte, 32<<10)
		for {
			n, err := src.Read(buf)
			if err != nil {
				dst.Close()
				return
			}
			if p.stall.Load() {
				continue // swallow: the peer never hears back
			}
			dst.Write(buf[:n])
		}
	}
	go pipe(s, c)
	pipe(c, s)
}

func TestWatchdogRecoversFromHungServer(t *testing.T) {
	srv := imapWith(t, 0)
	proxy := newStallProxy(t, srv.Addr)
	cfg := config(srv)
	cfg.Addr = proxy.ln.Addr().String()
	cfg.CommandTimeout = 300 * time.Millisecond
	cfg.IdleRestart = 100 * time.Millisecond
	metrics := mailbox.NewMetrics(nil)
	sink := newMemSink()
	srv.Append("INBOX", msg(1), time.Now())
	stop := run(t, mailbox.New(cfg, sink, &memLocker{}, quiet(), metrics))
	defer stop()
	sink.waitFor(t, 1, 5*time.Second)

	proxy.stall.Store(true) // the next NOOP after IDLE never gets an answer
	// The watchdog fires 300 ms into the hung command; on a loaded machine
	// the command itself may start late, so wait for it (bounded).
	for end := time.Now().Add(10 * time.Second); testutil.ToFloat64(metrics.WatchdogFired) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("watchdog did not fire on a hung command within 10 s")
		}
	}
	proxy.stall.Store(false)
	srv.Append("INBOX", msg(2), time.Now())
	sink.waitFor(t, 2, 5*time.Second)
	if proxy.conns.Load() < 2 {
		t.Fatalf("connections through proxy: %d; want a reconnect", proxy.conns.Load())
	}
}

func TestCommitFailureRefetches(t *testing.T) {
	srv := imapWith(t, 10)
	sink := newMemSink()
	sink.failNext.Store(2)
	runUntil(t, srv, sink, 10) // exactly 10 after failed commits
}

// TestFetchAheadKeepsOrderAndRecoversFromAFailedCommit: the watcher fetches
// the next batch while it commits the current one. Commits stay in UID
// order, batch after batch; when the third commit fails (a batch already
// fetched ahead behind it), the watcher reconnects, refetches from the
// bookmark and stores every message exactly once.
func TestFetchAheadKeepsOrderAndRecoversFromAFailedCommit(t *testing.T) {
	srv := imapWith(t, 40)
	sink := newMemSink()
	sink.failAt = 3 // batches of 7: the third holds UIDs 15-21
	runUntil(t, srv, sink, 40)
	sink.mu.Lock()
	defer sink.mu.Unlock()
	var last uint32
	for i, b := range sink.batches {
		if len(b) > 7 {
			t.Errorf("batch %d holds %d messages, want at most BatchSize 7", i, len(b))
		}
		for _, uid := range b {
			if uid <= last {
				t.Fatalf("commit %d: uid %d after %d: commits out of order %v", i, uid, last, sink.batches)
			}
			last = uid
		}
	}
	if sink.commits < 7 {
		t.Errorf("%d commits for 40 messages in batches of 7 with one failure, want at least 7", sink.commits)
	}
}
