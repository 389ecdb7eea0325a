package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

var ict = workday.Zone

func alert(k Kind) DeadlineAlert {
	return DeadlineAlert{
		Kind: k, Reference: "TN-2026-000123", Subject: "Tin hội nghị\r\ntập huấn",
		Rule: "13.2", Article: "Điều 13 khoản 2", Basis: "Đối với các loại thông tin khác: …",
		Task: "xuất bản trên Cổng", StartEvent: "TTBBT tiếp nhận",
		StartsAt: time.Date(2026, 3, 2, 9, 14, 5, 0, ict), DueAt: time.Date(2026, 3, 3, 9, 14, 5, 0, ict),
		Now: time.Date(2026, 3, 3, 9, 14, 10, 0, time.UTC), Explanation: "Mốc bắt đầu: 09:14 02/03/2026.\n",
	}
}

func TestDeadlineMails(t *testing.T) {
	w := alert(Warning)
	w.Percent, w.Remaining = 80, 96*time.Minute
	m := DeadlineMail(w)
	for _, s := range []string{"[Sắp đến hạn 80%] TN-2026-000123", "hạn 09:14 03/03/2026"} {
		if !strings.Contains(m.Subject, s) {
			t.Errorf("warning subject %q lacks %q", m.Subject, s)
		}
	}
	for _, s := range []string{"Đã dùng 80%", "Còn 1 giờ 36 phút", "Điều 13 khoản 2", "Đối với các loại thông tin khác",
		"quy tắc 13.2", "Tin hội nghị tập huấn", "Cách tính hạn:\nMốc bắt đầu", "09:14 02/03/2026 (TTBBT tiếp nhận)", "xuất bản trên Cổng"} {
		if !strings.Contains(m.Text, s) {
			t.Errorf("warning text lacks %q:\n%s", s, m.Text)
		}
	}
	if m.Kind != Warning {
		t.Errorf("kind %q", m.Kind)
	}

	b := DeadlineMail(alert(Breach))
	if !strings.HasPrefix(b.Subject, "[Quá hạn] TN-2026-000123 — Điều 13 khoản 2") {
		t.Errorf("breach subject %q", b.Subject)
	}
	if strings.Contains(b.Text, "Điều 11 khoản 2") {
		t.Error("a 13.2 breach must not speak of Điều 11 khoản 2")
	}
	d := alert(Breach)
	d.NeedsDecision = true
	if !strings.Contains(DeadlineMail(d).Text, "quyết định đăng tải hoặc không đăng tải") {
		t.Error("an expired 11.2 deadline must ask the Standing Board to decide")
	}

	e := alert(Escalation)
	e.Step, e.Overdue, e.Alerted = 2, 2*time.Hour, []string{"người phụ trách (desk@moj.gov.vn)", "Lãnh đạo Thường trực Ban Biên tập (cvp@moj.gov.vn)"}
	em := DeadlineMail(e)
	if !strings.Contains(em.Subject, "báo cáo Trưởng Ban Biên tập") || !strings.Contains(em.Text, "quá hạn 2 giờ làm việc") ||
		!strings.Contains(em.Text, "Đã báo trước đó: người phụ trách (desk@moj.gov.vn); Lãnh đạo") {
		t.Errorf("escalation:\n%s\n%s", em.Subject, em.Text)
	}
	for _, m := range []Mail{m, b, em} {
		if strings.ContainsAny(m.Subject, "\r\n") {
			t.Errorf("subject has a line break: %q", m.Subject)
		}
	}
}

func TestDigestOrdersAndCounts(t *testing.T) {
	day := workday.Date{Year: 2026, Month: 3, Day: 3}
	now := time.Date(2026, 3, 3, 7, 30, 0, 0, ict)
	d := Digest{Day: day, Now: now, Since: time.Date(2026, 3, 2, 7, 30, 0, 0, ict), Received: 7,
		Open: []DigestItem{
			{Reference: "TN-3", Article: "Điều 13 khoản 2", Rule: "13.2", DueAt: time.Date(2026, 3, 4, 9, 0, 0, 0, ict), State: "đang tính", Percent: 10},
			{Reference: "TN-2", Article: "Điều 13 khoản 1", Rule: "13.1", DueAt: time.Date(2026, 3, 3, 12, 0, 0, 0, ict), State: "đang tính", Percent: 60},
			{Reference: "TN-1", Article: "Điều 13 khoản 1", Rule: "13.1", DueAt: time.Date(2026, 3, 2, 16, 0, 0, 0, ict), State: "quá hạn", Breached: true},
			{Reference: "TN-4", Article: "Điều 11 khoản 2", Rule: "11.2", DueAt: time.Date(2026, 3, 3, 10, 0, 0, 0, ict), State: "tạm dừng", Paused: true},
		},
		Settled: []DigestItem{
			{Reference: "TN-0", Article: "Điều 13 khoản 2", Met: true},
			{Reference: "TN-9", Article: "Điều 13 khoản 1", DueAt: time.Date(2026, 3, 2, 10, 0, 0, 0, ict), SettledAt: time.Date(2026, 3, 2, 11, 0, 0, 0, ict)},
			{Reference: "TN-8", Cancelled: true},
		},
		Intake: []MailboxStatus{{Mailbox: "banbientap@moj.gov.vn/INBOX", LastSyncAt: now.Add(-time.Minute)}},
	}
	m := DigestMail(d)
	if m.Subject != "[Tổng hợp hằng ngày] 03/03/2026: 1 quá hạn, 1 đến hạn hôm nay, 4 đang theo dõi" {
		t.Errorf("subject %q", m.Subject)
	}
	i1, i2, i3 := strings.Index(m.Text, "TN-1 "), strings.Index(m.Text, "TN-2 "), strings.Index(m.Text, "TN-3 ")
	if !(i1 >= 0 && i1 < i2 && i2 < i3) {
		t.Errorf("order overdue → today → later broken:\n%s", m.Text)
	}
	if strings.Index(m.Text, "TN-4 ") < strings.Index(m.Text, "Các hạn khác") {
		t.Errorf("a paused deadline is not 'due today':\n%s", m.Text)
	}
	for _, s := range []string{"tiếp nhận 7 tin, bài; 1 hạn hoàn thành đúng hạn, 1 hoàn thành trễ hạn, 1 hạn đã hủy",
		"Hoàn thành trễ hạn", "TN-9 — Điều 13 khoản 1, hạn 10:00 02/03/2026, hoàn thành 11:00 02/03/2026", "đã dùng 60%", "bình thường"} {
		if !strings.Contains(m.Text, s) {
			t.Errorf("digest lacks %q:\n%s", s, m.Text)
		}
	}
	empty := DigestMail(Digest{Day: day, Now: now})
	if !strings.Contains(empty.Text, "(không có)") || !strings.Contains(empty.Text, "chưa có hộp thư") {
		t.Errorf("empty digest:\n%s", empty.Text)
	}
}

func TestStalledMail(t *testing.T) {
	now := time.Date(2026, 3, 3, 10, 0, 0, 0, ict)
	m := StalledMail(Stalled{Mailbox: "banbientap@moj.gov.vn/INBOX", LastSyncAt: now.Add(-3 * time.Hour),
		Working: 3 * time.Hour, Threshold: time.Hour, LastError: "connect imap.moj.gov.vn:993:\nconnection refused", Now: now})
	if m.Subject != "[Sự cố tiếp nhận] Hộp thư banbientap@moj.gov.vn/INBOX không đồng bộ được từ 07:00 03/03/2026" {
		t.Errorf("subject %q", m.Subject)
	}
	for _, s := range []string{"đã qua 3 giờ làm việc (ngưỡng cảnh báo: 1 giờ)", "Lỗi gần nhất: connect imap.moj.gov.vn:993: connection refused", "Điều 13"} {
		if !strings.Contains(m.Text, s) {
			t.Errorf("stalled mail lacks %q:\n%s", s, m.Text)
		}
	}
	never := StalledMail(Stalled{Mailbox: "x/INBOX", Since: now.Add(-2 * time.Hour), Now: now})
	if !strings.Contains(never.Text, "chưa đồng bộ thành công lần nào") || !strings.Contains(never.Subject, "08:00 03/03/2026") {
		t.Errorf("never synced:\n%s\n%s", never.Subject, never.Text)
	}
}

func TestHoursAndStamp(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0 phút", -time.Hour: "0 phút", 90 * time.Second: "2 phút",
		4 * time.Hour: "4 giờ", 26*time.Hour + 5*time.Minute: "26 giờ 5 phút"} {
		if got := Hours(d); got != want {
			t.Errorf("Hours(%s) = %q, want %q", d, got, want)
		}
	}
	if got := Stamp(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)); got != "17:00 02/03/2026" {
		t.Errorf("Stamp in UTC+7 = %q", got)
	}
	if Stamp(time.Time{}) != "(chưa xác định)" {
		t.Error("zero instant")
	}
}
