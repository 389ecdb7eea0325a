package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// appendAs delivers raw to the INBOX of user.
func appendAs(t *testing.T, d *testenv.DovecotServer, user, password string, raw []byte) {
	t.Helper()
	c, err := imapclient.DialInsecure(d.Addr(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(user, password).Wait(); err != nil {
		t.Fatal(err)
	}
	cmd := c.Append("INBOX", int64(len(raw)), &goimap.AppendOptions{Time: time.Now()})
	if _, err := cmd.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
}

// TestTwoMailboxesTwoServeProcesses: the Board's mailbox ([imap]), the
// English Portal's and a component site's ([[mailbox]]) on one Dovecot,
// read by two serve processes at once: every message is stored once,
// attributed to the mailbox it came from, and routed and timed by that
// mailbox's defaults — the same text goes to an editor of the Portal with
// the Điều 13 khoản 2 deadline from the Board's mailbox, to the English
// team with khoản 1 from the English Portal's, to the component site of
// the mailbox's unit with khoản 1 from the site's (issue 15).
func TestTwoMailboxesTwoServeProcesses(t *testing.T) {
	const enUser, enPass = "english@moj.gov.vn", "mat-khau-en"
	const thUser, thPass = "thads@moj.gov.vn", "mat-khau-thads"
	d := testenv.Dovecot(t, testenv.Options{Users: []testenv.Account{{User: enUser, Password: enPass}, {User: thUser, Password: thPass}}})
	cfg := config.Default()
	cfg.Database.URL = testenv.Postgres(t)
	cfg.UI.KeyFile = filepath.Join(t.TempDir(), "pii.key")
	cfg.SMTP.SinkDir = t.TempDir()
	i := &cfg.IMAP
	i.Addr, i.Security, i.Username, i.Password = d.Addr(), "none", d.User(), d.Password()
	i.PollInterval.Duration, i.BackoffMin.Duration, i.BackoffMax.Duration = time.Second, 50*time.Millisecond, 200*time.Millisecond
	en := config.Mailbox{Name: "Cổng tiếng Anh", IMAP: *i}
	en.Username, en.Password = enUser, enPass
	en.DefaultTarget, en.DefaultTiming = "english_team", "news_event"
	th := config.Mailbox{Name: "Trang Thi hành án", IMAP: *i}
	th.Username, th.Password = thUser, thPass
	th.DefaultUnit, th.DefaultTarget, th.DefaultTiming = "cuc-qlthads", "component_site", "direction"
	i.DefaultTiming = "other"
	cfg.Mailboxes = []config.Mailbox{en, th}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx, cancel := context.WithCancel(context.Background())
	var svcs []*Service
	done := make(chan error, 2)
	for n := range 2 {
		svc := testService(t, cfg, Options{Log: log.With("serve", n)})
		if len(svc.watchers) != 3 {
			t.Fatalf("serve %d watches %d mailboxes, want 3", n, len(svc.watchers))
		}
		svcs = append(svcs, svc)
		go func() { done <- svc.Run(ctx) }()
	}
	defer func() {
		cancel()
		<-done
		<-done
	}()
	// The same request for posting, saying nothing of its unit or its
	// timing class, to each mailbox.
	mail := func(to, id string) []byte {
		return []byte(fmt.Sprintf("Message-ID: <%s@moj.gov.vn>\r\nFrom: Nguyen Van A <a@moj.gov.vn>\r\nTo: %s\r\nSubject: =?UTF-8?Q?=C4=90=E1=BB=81_ngh=E1=BB=8B_=C4=91=C4=83ng_t=E1=BA=A3i?=\r\n"+
			"Date: Mon, 2 Mar 2026 09:00:00 +0700\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"+
			"Kính gửi Ban Biên tập, đề nghị đăng tải nội dung giới thiệu hoạt động của đơn vị (%s).\r\n", id, to, id))
	}
	for k := range 3 {
		d.Append(t, "INBOX", mail(d.User(), fmt.Sprintf("bbt-%d", k)), time.Now())
		appendAs(t, d, enUser, enPass, mail(enUser, fmt.Sprintf("en-%d", k)))
		appendAs(t, d, thUser, thPass, mail(thUser, fmt.Sprintf("th-%d", k)))
	}
	got := map[string]int{}
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		rows, err := svcs[0].Pool.Query(context.Background(), `
			SELECT mb.account || ' ' || left(m.message_id, 3), count(*) FROM message m JOIN mailbox mb ON mb.id = m.mailbox_id GROUP BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		got = map[string]int{}
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				t.Fatal(err)
			}
			got[k] = n
		}
		rows.Close()
		if len(got) == 3 && got[d.User()+"@"+d.Addr()+" bbt"] == 3 && got[enUser+"@"+d.Addr()+" en-"] == 3 && got[thUser+"@"+d.Addr()+" th-"] == 3 {
			break
		}
	}
	want := map[string]int{d.User() + "@" + d.Addr() + " bbt": 3, enUser + "@" + d.Addr() + " en-": 3, thUser + "@" + d.Addr() + " th-": 3}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("messages by mailbox: %v, want %v (each once, in its own mailbox)", got, want)
	}

	// Each item routed and timed by its own mailbox: the classification,
	// the open assignment, the running Điều 13 deadline and the history.
	const routed = `
		SELECT left(m.message_id, 3), c.target, c.timing, c.unit, coalesce(a.target, ''), coalesce(a.site, ''),
			coalesce((SELECT string_agg(dl.rule_id, ',') FROM deadline dl WHERE dl.submission_id = s.id AND dl.state = 'running' AND dl.rule_id LIKE '13.%'), ''),
			coalesce((SELECT e.detail->>'mailbox' FROM submission_event e WHERE e.submission_id = s.id AND e.kind = 'classified' ORDER BY e.id DESC LIMIT 1), '')
		FROM submission s JOIN message m ON m.id = s.first_message_id
		JOIN classification c ON c.submission_id = s.id
		LEFT JOIN assignment a ON a.submission_id = s.id AND a.open
		ORDER BY m.message_id`
	wantRoute := map[string]string{
		"bbt": "portal_editor other  portal_editor  13.2 loại thời hạn theo mặc định của hộp thư «" + d.User() + "»",
		"en-": "english_team news_event  english_team  13.1 loại thời hạn, nơi xử lý theo mặc định của hộp thư «Cổng tiếng Anh»",
		"th-": "component_site direction cuc-qlthads component_site thads.moj.gov.vn 13.1 loại thời hạn, đơn vị theo mặc định của hộp thư «Trang Thi hành án»",
	}
	var lines []string
	for end := time.Now().Add(60 * time.Second); time.Now().Before(end); time.Sleep(300 * time.Millisecond) {
		rows, err := svcs[1].Pool.Query(context.Background(), routed)
		if err != nil {
			t.Fatal(err)
		}
		lines = lines[:0]
		ok := true
		for rows.Next() {
			var box, ct, timing, unit, at, site, rules, note string
			if err := rows.Scan(&box, &ct, &timing, &unit, &at, &site, &rules, &note); err != nil {
				t.Fatal(err)
			}
			if box != "th-" {
				unit = "" // no default: the model's or the rules' unit
			}
			line := strings.Join([]string{ct, timing, unit, at, site, rules, note}, " ")
			lines = append(lines, box+": "+line)
			// The component site's target comes from the mailbox's default
			// or, with the default unit, from that unit's own site (the
			// same route): the history names one or both as defaults.
			ok = ok && (line == wantRoute[box] || (box == "th-" &&
				line == strings.Replace(wantRoute[box], "đơn vị theo", "đơn vị, nơi xử lý theo", 1)))
		}
		rows.Close()
		if ok && len(lines) == 9 {
			return
		}
	}
	t.Fatalf("routing by mailbox:\n%s\nwant for each of 3 per mailbox:\n%v", strings.Join(lines, "\n"), wantRoute)
}
