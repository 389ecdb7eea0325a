// Package notify composes, in Vietnamese, the mail tiepnhan sends about
// deadlines (pre-breach warnings, breach alerts, the escalation chain), the
// daily digest to managers and the stalled-intake alert. It is pure: values
// in, subject and text out; sending is internal/smtp's job.
//
// Every deadline mail quotes the article it comes from and the Regulation's
// text (rules.md: "cite the article … in what the UI shows, so that a member
// of the Standing Board can check each decision against the text").
package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Kind is the kind of an alert; it is also the value of the
// X-Tiepnhan-Alert header, for mail filters.
type Kind string

// Kinds of alert.
const (
	Warning       Kind = "warning"
	Breach        Kind = "breach"
	Escalation    Kind = "escalation"
	DigestKind    Kind = "digest"
	IntakeStalled Kind = "intake_stalled"
)

// Mail is a composed message.
type Mail struct {
	Kind    Kind
	Subject string
	Text    string
}

// Roles of the escalation chain (rules.md glossary).
var stepRole = []string{
	"người phụ trách",                   // step 0: the assignee (or the Standing Board's desk)
	"Lãnh đạo Thường trực Ban Biên tập", // step 1
	"Trưởng Ban Biên tập",               // step 2
}

// StepRole names the role of escalation step n in Vietnamese.
func StepRole(n int) string {
	if n >= 0 && n < len(stepRole) {
		return stepRole[n]
	}
	return fmt.Sprintf("cấp %d", n)
}

// DeadlineAlert is what an alert about one deadline says.
type DeadlineAlert struct {
	Kind Kind
	// Percent is the share of the allowed working time elapsed (Warning).
	Percent int
	// Step is the escalation step (1: head of the Standing Board, 2: head
	// of the Board); 0 for the breach alert itself.
	Step int
	// Reference and Subject identify the submission.
	Reference string
	Subject   string
	// Rule, Article, Basis: the rule the deadline comes from.
	Rule, Article, Basis string
	// Task is what must be done by the due instant ("xuất bản trên Cổng").
	Task string
	// StartEvent is what started the clock, StartsAt when.
	StartEvent string
	StartsAt   time.Time
	DueAt      time.Time
	// Now is when the mail is composed; Remaining is the working time left
	// (Warning), Overdue the working time since the due instant.
	Now       time.Time
	Remaining time.Duration
	Overdue   time.Duration
	// Explanation is how the due instant was computed (deadline.Explain).
	Explanation string
	// NeedsDecision: Điều 11 khoản 2 expired, the Standing Board decides.
	NeedsDecision bool
	// Alerted lists who was told before, for an escalation.
	Alerted []string
}

// DeadlineMail composes a warning, breach or escalation alert.
func DeadlineMail(a DeadlineAlert) Mail {
	var subj string
	var b strings.Builder
	due := Stamp(a.DueAt)
	switch a.Kind {
	case Warning:
		subj = fmt.Sprintf("[Sắp đến hạn %d%%] %s — %s, hạn %s", a.Percent, a.Reference, a.Article, due)
		fmt.Fprintf(&b, "Đã dùng %d%% thời gian cho phép của hạn theo %s Quy chế 1319/QĐ-BTP. Còn %s làm việc đến hạn %s.\n",
			a.Percent, a.Article, Hours(a.Remaining), due)
	case Breach:
		subj = fmt.Sprintf("[Quá hạn] %s — %s, hạn %s", a.Reference, a.Article, due)
		fmt.Fprintf(&b, "Đã quá hạn theo %s Quy chế 1319/QĐ-BTP: hạn là %s, chưa có sự kiện hoàn thành.\n", a.Article, due)
	case Escalation:
		subj = fmt.Sprintf("[Quá hạn — báo cáo %s] %s — %s, hạn %s", StepRole(a.Step), a.Reference, a.Article, due)
		fmt.Fprintf(&b, "Báo cáo %s: hạn theo %s Quy chế 1319/QĐ-BTP đã qua lúc %s, đến %s vẫn chưa được xử lý (quá hạn %s làm việc).\n",
			StepRole(a.Step), a.Article, due, Stamp(a.Now), Hours(a.Overdue))
		if len(a.Alerted) > 0 {
			fmt.Fprintf(&b, "Đã báo trước đó: %s.\n", strings.Join(a.Alerted, "; "))
		}
	default:
		subj = fmt.Sprintf("[Thời hạn] %s — %s", a.Reference, a.Article)
	}
	if a.NeedsDecision {
		b.WriteString("Hết thời hạn mà tác giả chưa phản hồi: Thường trực Ban Biên tập quyết định đăng tải hoặc không đăng tải thông tin (Điều 11 khoản 2).\n")
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "Tin, bài: %s", a.Reference)
	if a.Subject != "" {
		fmt.Fprintf(&b, " — %s", oneLine(a.Subject))
	}
	b.WriteString("\n")
	if a.Task != "" {
		fmt.Fprintf(&b, "Việc phải hoàn thành: %s\n", a.Task)
	}
	fmt.Fprintf(&b, "Bắt đầu tính: %s (%s)\n", Stamp(a.StartsAt), a.StartEvent)
	fmt.Fprintf(&b, "Hạn: %s\n", due)
	fmt.Fprintf(&b, "Căn cứ: %s (quy tắc %s): %s\n", a.Article, a.Rule, a.Basis)
	if a.Explanation != "" {
		b.WriteString("\nCách tính hạn:\n")
		b.WriteString(strings.TrimRight(a.Explanation, "\n"))
		b.WriteString("\n")
	}
	b.WriteString(footer)
	return Mail{Kind: a.Kind, Subject: oneLine(subj), Text: b.String()}
}

const footer = "\n-- \nThư tự động của hệ thống tiếp nhận thông tin Cổng TTĐT Bộ Tư pháp (tiepnhan). Mỗi cảnh báo chỉ gửi một lần.\n"

// Stamp formats an instant in Vietnam's time: "17:00 02/03/2026".
func Stamp(t time.Time) string {
	if t.IsZero() {
		return "(chưa xác định)"
	}
	return t.In(workday.Zone).Format("15:04 02/01/2006")
}

// Hours formats working time: "3 giờ 20 phút".
func Hours(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%d phút", m)
	case m == 0:
		return fmt.Sprintf("%d giờ", h)
	}
	return fmt.Sprintf("%d giờ %d phút", h, m)
}

// oneLine folds line breaks and tabs into spaces (a subject is one line).
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
