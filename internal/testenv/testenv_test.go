package testenv

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { Main(m) }

// fakeTB records what Require does instead of stopping the test.
type fakeTB struct {
	testing.TB
	fatal, skip string
}

func (f *fakeTB) Helper()                           {}
func (f *fakeTB) Fatalf(format string, args ...any) { f.fatal = fmt.Sprintf(format, args...) }
func (f *fakeTB) Skipf(format string, args ...any)  { f.skip = fmt.Sprintf(format, args...) }

func TestRequire(t *testing.T) {
	missing := errors.New("exec: \"dovecot\": not found")

	t.Setenv("CI", "")
	f := &fakeTB{TB: t}
	Require(f, "dovecot", nil)
	if f.fatal != "" || f.skip != "" {
		t.Fatalf("Require(nil) stopped the test: %+v", f)
	}
	Require(f, "dovecot", missing)
	if f.fatal != "" || !strings.Contains(f.skip, "dovecot") || !strings.Contains(f.skip, "not found") {
		t.Fatalf("locally Require should skip naming what and why: %+v", f)
	}
	if InCI() {
		t.Fatal("InCI with CI unset")
	}

	t.Setenv("CI", "true")
	f = &fakeTB{TB: t}
	Require(f, "dovecot", missing)
	if f.skip != "" || !strings.Contains(f.fatal, "dovecot") || !strings.Contains(f.fatal, "CI=true") {
		t.Fatalf("under CI Require should fail: %+v", f)
	}
	if !InCI() {
		t.Fatal("InCI false with CI=true")
	}
	t.Setenv("CI", "1")
	if InCI() {
		t.Fatal("InCI true with CI=1; only CI=true counts")
	}
}

func TestDatabaseName(t *testing.T) {
	valid := regexp.MustCompile(`^t_[a-z0-9_]{0,40}_[0-9a-f]{8}$`)
	seen := map[string]bool{}
	for _, name := range []string{"TestX", "TestPostgres/sub_test#01", "Test" + strings.Repeat("Ư", 60), ""} {
		for i := 0; i < 50; i++ {
			got := DatabaseName(name)
			if !valid.MatchString(got) || len(got) > 51 {
				t.Fatalf("DatabaseName(%q) = %q: not a short plain identifier", name, got)
			}
			if seen[got] {
				t.Fatalf("DatabaseName(%q) repeated %q", name, got)
			}
			seen[got] = true
		}
	}
	if got := DatabaseName("TestA/b"); !strings.HasPrefix(got, "t_testa_b_") {
		t.Fatalf("DatabaseName(TestA/b) = %q", got)
	}
}

func TestPostgresGivesEachTestAFreshDatabase(t *testing.T) {
	var mu sync.Mutex
	dsns := map[string]string{}
	t.Run("group", func(t *testing.T) {
		for _, name := range []string{"a", "b", "c"} {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				dsn := Postgres(t)
				ctx := context.Background()
				conn := connectDB(t, dsn)
				// Same table name in every database: no collision.
				if _, err := conn.Exec(ctx, "CREATE TABLE submission (id int); INSERT INTO submission VALUES (1)"); err != nil {
					t.Fatal(err)
				}
				var db string
				if err := conn.QueryRow(ctx, "SELECT current_database()").Scan(&db); err != nil {
					t.Fatal(err)
				}
				mu.Lock()
				dsns[db] = dsn
				mu.Unlock()
			})
		}
	})
	if len(dsns) != 3 {
		t.Fatalf("got %d distinct databases, want 3: %v", len(dsns), dsns)
	}
	// The subtests' cleanups have run: their databases are gone.
	admin := adminDSN(t)
	ctx := context.Background()
	conn := connectDB(t, admin)
	for db := range dsns {
		var n int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", db).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("database %s survived its test", db)
		}
	}
}

// adminDSN returns a DSN to the maintenance database of the shared server.
// connectDB connects to dsn; the connection is closed when the test ends.
func connectDB(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func adminDSN(t *testing.T) string {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.server == nil {
		t.Fatal("no shared server")
	}
	return shared.server.dsn("postgres")
}

func TestPostgresDropsDatabaseWithOpenSessions(t *testing.T) {
	var dsn string
	t.Run("leaky", func(t *testing.T) {
		dsn = Postgres(t)
		conn, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		_ = conn // left open on purpose
	})
	if _, err := pgx.Connect(context.Background(), dsn); err == nil {
		t.Fatal("database of a finished test still accepts connections")
	}
}

func TestPrivatePostgresKillAndRestart(t *testing.T) {
	c := PrivatePostgres(t)
	ctx := context.Background()
	if err := c.CreateDatabase(ctx, "app"); err != nil {
		t.Fatal(err)
	}
	conn := connectDB(t, c.DSN("app"))
	if _, err := conn.Exec(ctx, "CREATE TABLE t (n int); INSERT INTO t VALUES (42)"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	if err := c.Kill(); err != nil {
		t.Fatal(err)
	}
	if c.Running() {
		t.Fatal("running after Kill")
	}
	if err := c.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	conn = connectDB(t, c.DSN("app"))
	var n int
	if err := conn.QueryRow(ctx, "SELECT n FROM t").Scan(&n); err != nil || n != 42 {
		t.Fatalf("after kill and restart: %d, %v", n, err)
	}
	// Each private cluster is separate from the shared one.
	if strings.Contains(c.DSN("x"), fmt.Sprint(sharedPort(t))) {
		t.Fatalf("private cluster shares the port of the shared one: %s", c.DSN("x"))
	}
}

func sharedPort(t *testing.T) int {
	Postgres(t) // make sure the shared server exists
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.cluster == nil {
		return -1 // DATABASE_URL
	}
	return shared.cluster.Port()
}

func TestSweepRemovesOnlyAbandonedDirs(t *testing.T) {
	tmp := t.TempDir()
	now := time.Now()
	old := now.Add(-2 * sweepAge)
	mk := func(name string, lock bool, mod time.Time) string {
		dir := filepath.Join(tmp, name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if lock {
			if err := os.WriteFile(filepath.Join(dir, lockName), nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chtimes(dir, mod, mod); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	abandoned := mk(dirPrefix+"pg-1", true, old)
	noLock := mk(dirPrefix+"pg-2", false, old)
	fresh := mk(dirPrefix+"pg-3", true, now)
	held := mk(dirPrefix+"pg-4", true, old)
	foreign := mk("other-pg-5", true, old)
	f, err := os.Open(filepath.Join(held, lockName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	removed := sweep(tmp, now)
	for _, dir := range []string{abandoned, noLock} {
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%s not swept", dir)
		}
	}
	for _, dir := range []string{fresh, held, foreign} {
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("%s swept: %v", dir, err)
		}
	}
	if len(removed) != 2 {
		t.Errorf("sweep reported %v", removed)
	}
}

func TestFreePortIsLoopbackAndBindable(t *testing.T) {
	p := FreePort(t)
	l, err := net.Listen("tcp", net.JoinHostPort(Loopback, fmt.Sprint(p)))
	if err != nil {
		t.Fatalf("port %d from FreePort is not bindable: %v", p, err)
	}
	l.Close()
}

var sample = []byte("From: =?UTF-8?B?Q8O0bmcgZMOibg==?= <congdan@example.vn>\r\n" +
	"To: banbientap@moj.gov.vn\r\n" +
	"Subject: =?UTF-8?B?R8OzcCDDvQ==?=\r\n" +
	"Message-ID: <1@example.vn>\r\n" +
	"\r\n" +
	"Kính gửi Ban Biên tập,\r\n.dòng bắt đầu bằng dấu chấm\r\n")

func TestDovecotAppendCountFetch(t *testing.T) {
	d := Dovecot(t, Options{})
	if d.User() != DefaultUser || d.Password() != DefaultPassword {
		t.Fatalf("default account %q/%q", d.User(), d.Password())
	}
	if host, _, _ := net.SplitHostPort(d.Addr()); host != Loopback {
		t.Fatalf("IMAP on %s, want loopback", d.Addr())
	}
	c := d.Dial(t)
	caps, err := c.Capability().Wait()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []imap.Cap{imap.CapIdle, imap.CapMove, imap.CapUIDPlus} {
		if !caps.Has(want) {
			t.Errorf("Dovecot lacks %s (caps %v)", want, caps)
		}
	}
	c.Close()

	if n := d.Count(t, "INBOX"); n != 0 {
		t.Fatalf("fresh INBOX has %d messages", n)
	}
	received := time.Date(2026, 3, 2, 16, 59, 30, 0, time.FixedZone("ICT", 7*3600))
	second := append([]byte(nil), sample...)
	second = append(second, "P.S.\r\n"...)
	u1 := d.Append(t, "INBOX", sample, received)
	u2 := d.Append(t, "INBOX", second, received.Add(time.Minute))
	if u1 == 0 || u2 <= u1 {
		t.Fatalf("UIDs %d then %d", u1, u2)
	}
	// Appending to a missing mailbox creates it (TRYCREATE).
	if uid := d.Append(t, "Lưu trữ/2026", sample, received); uid != 1 {
		t.Fatalf("first UID in a new mailbox = %d", uid)
	}
	if n := d.Count(t, "INBOX"); n != 2 {
		t.Fatalf("INBOX count %d, want 2", n)
	}
	if n := d.Count(t, "Lưu trữ/2026"); n != 1 {
		t.Fatalf("Lưu trữ/2026 count %d, want 1", n)
	}
	got := d.Fetch(t, "INBOX")
	if len(got) != 2 || string(got[0]) != string(sample) || string(got[1]) != string(second) {
		t.Fatalf("Fetch returned %q", got)
	}

	// The internal date is the one given to Append.
	c = d.Dial(t)
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.Fetch(imap.UIDSetNum(u1), &imap.FetchOptions{InternalDate: true, Flags: true}).Collect()
	if err != nil || len(msgs) != 1 {
		t.Fatalf("fetch internal date: %v, %d", err, len(msgs))
	}
	if !msgs[0].InternalDate.Equal(received) {
		t.Errorf("INTERNALDATE %v, want %v", msgs[0].InternalDate, received)
	}
	for _, f := range msgs[0].Flags {
		if f == imap.FlagSeen {
			t.Error("Fetch set \\Seen; it must peek")
		}
	}
}

func TestDovecotRestartKeepsMailAndUIDValidity(t *testing.T) {
	d := Dovecot(t, Options{})
	u1 := d.Append(t, "INBOX", sample, time.Now())
	validity := func() uint32 {
		c := d.Dial(t)
		defer c.Close()
		st, err := c.Status("INBOX", &imap.StatusOptions{UIDValidity: true}).Wait()
		if err != nil {
			t.Fatal(err)
		}
		return st.UIDValidity
	}
	v1 := validity()
	held := d.Dial(t)
	d.Restart(t)
	// The connection open across the restart is dropped.
	select {
	case <-held.Closed():
	case <-time.After(10 * time.Second):
		t.Fatal("client connection survived the restart")
	}
	if !d.Running() {
		t.Fatal("not running after Restart")
	}
	if n := d.Count(t, "INBOX"); n != 1 {
		t.Fatalf("count after restart %d", n)
	}
	if v2 := validity(); v2 != v1 {
		t.Fatalf("UIDVALIDITY changed across restart: %d -> %d", v1, v2)
	}
	if u2 := d.Append(t, "INBOX", sample, time.Now()); u2 <= u1 {
		t.Fatalf("UID after restart %d, not above %d", u2, u1)
	}
	d.Stop()
	if d.Running() {
		t.Fatal("running after Stop")
	}
	if conn, err := net.DialTimeout("tcp", d.Addr(), time.Second); err == nil {
		conn.Close()
		t.Fatal("IMAP port still accepts connections after Stop")
	}
}

func TestDovecotSeveralUsersAreSeparate(t *testing.T) {
	d := Dovecot(t, Options{User: "a@moj.gov.vn", Password: "pa", Users: []Account{{"b@moj.gov.vn", "pb"}}})
	d.Append(t, "INBOX", sample, time.Now())
	c, err := dialLogin(d.Addr(), "b@moj.gov.vn", "pb")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	st, err := c.Status("INBOX", &imap.StatusOptions{NumMessages: true}).Wait()
	if err != nil {
		t.Fatal(err)
	}
	if *st.NumMessages != 0 {
		t.Fatalf("user b sees %d messages of user a", *st.NumMessages)
	}
	if _, err := dialLogin(d.Addr(), "b@moj.gov.vn", "wrong"); err == nil {
		t.Fatal("login with a wrong password succeeded")
	}
}

func dialLogin(addr, user, pass string) (*imapclient.Client, error) {
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		return nil, err
	}
	if err := c.Login(user, pass).Wait(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// lmtpDeliver speaks LMTP (RFC 2033) to addr: LHLO, MAIL, RCPT, DATA, and
// returns the per-recipient reply after DATA.
func lmtpDeliver(t *testing.T, addr, from, rcpt string, msg []byte) string {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	tp := textproto.NewConn(conn)
	expect := func(code int) string {
		t.Helper()
		_, msg, err := tp.ReadResponse(code)
		if err != nil {
			t.Fatalf("LMTP: %v", err)
		}
		return msg
	}
	expect(220)
	for _, step := range []struct {
		cmd  string
		code int
	}{{"LHLO test.local", 250}, {"MAIL FROM:<" + from + ">", 250}, {"RCPT TO:<" + rcpt + ">", 250}, {"DATA", 354}} {
		if err := tp.PrintfLine("%s", step.cmd); err != nil {
			t.Fatal(err)
		}
		expect(step.code)
	}
	w := tp.DotWriter()
	w.Write(msg)
	w.Close()
	return expect(250)
}

func TestDovecotLMTPDelivers(t *testing.T) {
	d := Dovecot(t, Options{LMTP: true})
	if d.LMTPAddr() == "" || d.LMTPAddr() == d.Addr() {
		t.Fatalf("LMTPAddr %q", d.LMTPAddr())
	}
	reply := lmtpDeliver(t, d.LMTPAddr(), "congdan@example.vn", d.User(), sample)
	if !strings.Contains(reply, "Saved") {
		t.Errorf("LMTP reply %q", reply)
	}
	got := d.Fetch(t, "INBOX")
	if len(got) != 1 {
		t.Fatalf("INBOX holds %d messages after LMTP delivery", len(got))
	}
	// Dovecot prepends Return-Path and Received; the message follows intact.
	if !strings.HasSuffix(string(got[0]), string(sample)) || !strings.HasPrefix(string(got[0]), "Return-Path: <congdan@example.vn>") {
		t.Fatalf("delivered message:\n%s", got[0])
	}
	if (&DovecotServer{}).LMTPAddr() != "" {
		t.Fatal("LMTPAddr without LMTP should be empty")
	}
}

func TestSMTPSinkReceivesMessage(t *testing.T) {
	s := SMTPSink(t)
	if host, _, _ := net.SplitHostPort(s.Addr()); host != Loopback {
		t.Fatalf("smtp-sink on %s", s.Addr())
	}
	if n := len(s.Messages(t)); n != 0 {
		t.Fatalf("fresh sink holds %d messages", n)
	}
	if err := smtp.SendMail(s.Addr(), nil, "banbientap@moj.gov.vn", []string{"congdan@example.vn", "lanhdao@moj.gov.vn"}, sample); err != nil {
		t.Fatal(err)
	}
	other := []byte("Subject: 2\r\n\r\nhai\r\n")
	if err := smtp.SendMail(s.Addr(), nil, "a@moj.gov.vn", []string{"b@example.vn"}, other); err != nil {
		t.Fatal(err)
	}
	msgs := s.WaitMessages(t, 2)
	if len(msgs) != 2 {
		t.Fatalf("%d messages", len(msgs))
	}
	got := map[string]bool{string(msgs[0]): true, string(msgs[1]): true}
	if !got[string(sample)] || !got[string(other)] {
		t.Fatalf("sink stored %q", msgs)
	}
	var first Delivery
	for _, d := range s.Deliveries(t) {
		if string(d.Data) == string(sample) {
			first = d
		}
	}
	if !strings.HasPrefix(first.MailFrom, "<banbientap@moj.gov.vn>") ||
		len(first.RcptTo) != 2 || first.RcptTo[0] != "<congdan@example.vn>" || first.RcptTo[1] != "<lanhdao@moj.gov.vn>" || first.Helo == "" {
		t.Fatalf("envelope %+v", first)
	}
}

func TestSMTPSinkWaitsForSlowTransaction(t *testing.T) {
	s := SMTPSink(t)
	c, err := smtp.Dial(s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Mail("a@moj.gov.vn"); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt("b@example.vn"); err != nil {
		t.Fatal(err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("Subject: slow\r\n\r\nfirst half\r\n")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	// Mid-DATA the transaction's file exists but is open: not complete.
	if n := len(s.Messages(t)); n != 0 {
		t.Fatalf("incomplete transaction reported as a message (%d)", n)
	}
	if _, err := w.Write([]byte("second half\r\n")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	msgs := s.WaitMessages(t, 1)
	if string(msgs[0]) != "Subject: slow\r\n\r\nfirst half\r\nsecond half\r\n" {
		t.Fatalf("message %q", msgs[0])
	}
}

func TestParseSinkDump(t *testing.T) {
	dump := "X-Client-Addr: 127.0.0.1\nX-Client-Proto: ESMTP\nX-Helo-Args: localhost\n" +
		"X-Mail-Args: <a@b.vn> BODY=8BITMIME\nX-Rcpt-Args: <c@d.vn>\nX-Rcpt-Args: <e@f.vn>\n" +
		"Received: from localhost ([127.0.0.1])\n\tby smtp-sink (smtp-sink) with ESMTP id 809a62e3;\n\tFri, 27 Nov 2026 06:44:57 +0000 (UTC)\n" +
		"Subject: x\n\n.dot\nline\n\n"
	d, err := ParseSinkDump([]byte(dump))
	if err != nil {
		t.Fatal(err)
	}
	if d.MailFrom != "<a@b.vn> BODY=8BITMIME" || d.Helo != "localhost" || len(d.RcptTo) != 2 || d.RcptTo[1] != "<e@f.vn>" {
		t.Fatalf("envelope %+v", d)
	}
	if string(d.Data) != "Subject: x\r\n\r\n.dot\r\nline\r\n" {
		t.Fatalf("data %q", d.Data)
	}
	for _, bad := range []string{
		"",
		"X-Client-Addr: 1\nX-Mail-Args: <>\n",
		"garbage line\n",
		"X-Unknown: 1\nReceived: x\n",
		"X-Client-Addr: 1\nReceived: from x\n\tby y;\n\tdate\nbody\n",
	} {
		if _, err := ParseSinkDump([]byte(bad)); err == nil {
			t.Errorf("ParseSinkDump(%q) accepted", bad)
		}
	}
}

func FuzzParseSinkDump(f *testing.F) {
	f.Add([]byte("X-Client-Addr: 127.0.0.1\nX-Client-Proto: ESMTP\nX-Mail-Args: <a@b.vn>\nX-Rcpt-Args: <c@d.vn>\nReceived: from x ([127.0.0.1])\n\tby smtp-sink;\n\tdate\nSubject: x\n\nbody\n\n"))
	f.Add([]byte("X-Client-Addr: 1\nX-Mail-Args: <>\nReceived: r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ParseSinkDump(b)
		if err != nil {
			return
		}
		// Every LF in the result is part of a CRLF pair.
		for i, c := range d.Data {
			if c == '\n' && (i == 0 || d.Data[i-1] != '\r') {
				t.Fatalf("bare LF at %d in %q", i, d.Data)
			}
		}
		if len(d.Data) > 2*len(b) {
			t.Fatalf("data grew from %d to %d bytes", len(b), len(d.Data))
		}
	})
}
