package notify

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

// DigestItem is one deadline in the digest.
type DigestItem struct {
	Reference string
	Subject   string
	Rule      string // "13.2"
	Article   string // "Điều 13 khoản 2"
	DueAt     time.Time
	// State is the deadline's state in Vietnamese ("đang tính", "quá hạn").
	State string
	// Breached is set for a deadline past due with no stop event yet;
	// Paused while the clock waits for the author (Điều 11 khoản 2).
	Breached, Paused bool
	// Percent is the share of the allowed working time used.
	Percent int
	// Met is set for a settled deadline that was met; Cancelled for one
	// cancelled.
	Met, Cancelled bool
	SettledAt      time.Time
}

// MailboxStatus is the last successful sync of a watched mailbox.
type MailboxStatus struct {
	Mailbox    string
	LastSyncAt time.Time
	Stalled    bool
}

// Digest is the daily summary sent to managers.
type Digest struct {
	Day workday.Date
	Now time.Time
	// Since is the start of the period the counts cover (the previous
	// digest, or the previous working day's start).
	Since    time.Time
	Received int
	// Open are the deadlines being watched; Settled those settled since.
	Open    []DigestItem
	Settled []DigestItem
	Intake  []MailboxStatus
}

// DigestMail composes the daily digest: overdue first, then what falls due
// by the end of today, then the rest; then what was settled since the last
// digest, and the state of intake.
func DigestMail(d Digest) Mail {
	var overdue, today, later []DigestItem
	endOfDay := workday.EndOf(d.Day)
	for _, it := range d.Open {
		switch {
		case it.Breached:
			overdue = append(overdue, it)
		case it.DueAt.Before(endOfDay) && !it.Paused:
			today = append(today, it)
		default:
			later = append(later, it)
		}
	}
	for _, l := range [][]DigestItem{overdue, today, later} {
		sort.SliceStable(l, func(i, j int) bool { return l[i].DueAt.Before(l[j].DueAt) })
	}
	met, late, cancelled := 0, 0, 0
	for _, it := range d.Settled {
		switch {
		case it.Cancelled:
			cancelled++
		case it.Met:
			met++
		default:
			late++
		}
	}
	subj := fmt.Sprintf("[Tổng hợp hằng ngày] %s: %d quá hạn, %d đến hạn hôm nay, %d đang theo dõi",
		d.Day.VN(), len(overdue), len(today), len(d.Open))
	var b strings.Builder
	fmt.Fprintf(&b, "Tổng hợp thời hạn theo Quy chế 1319/QĐ-BTP, lập lúc %s.\n", Stamp(d.Now))
	fmt.Fprintf(&b, "Từ %s: tiếp nhận %d tin, bài; %d hạn hoàn thành đúng hạn, %d hoàn thành trễ hạn, %d hạn đã hủy.\n",
		Stamp(d.Since), d.Received, met, late, cancelled)
	section := func(title string, items []DigestItem) {
		fmt.Fprintf(&b, "\n%s (%d):\n", title, len(items))
		if len(items) == 0 {
			b.WriteString("  (không có)\n")
			return
		}
		for _, it := range items {
			fmt.Fprintf(&b, "  - %s — %s (quy tắc %s), hạn %s, %s", it.Reference, it.Article, it.Rule, Stamp(it.DueAt), it.State)
			if !it.Breached && !it.Paused {
				fmt.Fprintf(&b, ", đã dùng %d%%", it.Percent)
			}
			if it.Subject != "" {
				fmt.Fprintf(&b, "\n    %s", oneLine(it.Subject))
			}
			b.WriteString("\n")
		}
	}
	section("Quá hạn, chưa xử lý", overdue)
	section("Đến hạn trong hôm nay", today)
	section("Các hạn khác đang theo dõi", later)
	if late > 0 {
		var lates []DigestItem
		for _, it := range d.Settled {
			if !it.Met && !it.Cancelled {
				lates = append(lates, it)
			}
		}
		fmt.Fprintf(&b, "\nHoàn thành trễ hạn từ %s (%d):\n", Stamp(d.Since), len(lates))
		for _, it := range lates {
			fmt.Fprintf(&b, "  - %s — %s, hạn %s, hoàn thành %s\n", it.Reference, it.Article, Stamp(it.DueAt), Stamp(it.SettledAt))
		}
	}
	b.WriteString("\nTiếp nhận thư điện tử:\n")
	if len(d.Intake) == 0 {
		b.WriteString("  (chưa có hộp thư nào được theo dõi)\n")
	}
	for _, m := range d.Intake {
		state := "bình thường"
		if m.Stalled {
			state = "GIÁN ĐOẠN"
		}
		fmt.Fprintf(&b, "  - %s: đồng bộ thành công gần nhất %s — %s\n", m.Mailbox, Stamp(m.LastSyncAt), state)
	}
	b.WriteString(footer)
	return Mail{Kind: DigestKind, Subject: subj, Text: b.String()}
}

// Stalled is the stalled-intake alert: no successful sync of a mailbox for
// longer than allowed.
type Stalled struct {
	Mailbox string
	// LastSyncAt is zero when the mailbox never synced; Since is then when
	// it was registered.
	LastSyncAt time.Time
	Since      time.Time
	// Working is the working time elapsed since; Threshold the setting.
	Working, Threshold time.Duration
	LastError          string
	Now                time.Time
}

// StalledMail composes the stalled-intake alert.
func StalledMail(s Stalled) Mail {
	var b strings.Builder
	since := s.LastSyncAt
	if since.IsZero() {
		since = s.Since
	}
	subj := fmt.Sprintf("[Sự cố tiếp nhận] Hộp thư %s không đồng bộ được từ %s", s.Mailbox, Stamp(since))
	if s.LastSyncAt.IsZero() {
		fmt.Fprintf(&b, "Hộp thư %s chưa đồng bộ thành công lần nào kể từ khi được đăng ký lúc %s.\n", s.Mailbox, Stamp(s.Since))
	} else {
		fmt.Fprintf(&b, "Hộp thư %s không đồng bộ thành công từ %s.\n", s.Mailbox, Stamp(s.LastSyncAt))
	}
	fmt.Fprintf(&b, "Đến %s đã qua %s làm việc (ngưỡng cảnh báo: %s).\n", Stamp(s.Now), Hours(s.Working), Hours(s.Threshold))
	b.WriteString("Thư gửi đến banbientap@moj.gov.vn trong thời gian này chưa được tiếp nhận vào hệ thống, nên thời hạn đăng tải (Điều 13) của chúng chưa được theo dõi.\n")
	if s.LastError != "" {
		fmt.Fprintf(&b, "Lỗi gần nhất: %s\n", oneLine(s.LastError))
	}
	b.WriteString("Đề nghị kiểm tra kết nối máy chủ thư và dịch vụ tiepnhan.\n")
	b.WriteString(footer)
	return Mail{Kind: IntakeStalled, Subject: subj, Text: b.String()}
}
