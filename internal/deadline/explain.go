package deadline

import (
	"fmt"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

var stateNames = map[State]string{
	Running:   "đang tính",
	Paused:    "tạm dừng",
	Met:       "đúng hạn",
	Breached:  "quá hạn",
	Cancelled: "đã hủy",
}

// Name is the Vietnamese name of the state.
func (s State) Name() string { return nameOr(stateNames, s) }

// nameOr is the Vietnamese name of k in names, else k as it is.
func nameOr[K ~string](names map[K]string, k K) string {
	if n, ok := names[k]; ok {
		return n
	}
	return string(k)
}

// Explain tells, in Vietnamese, where the deadline comes from and how its
// due instant was computed: the article and its text, the start event, the
// working-day arithmetic (days skipped and why), the pauses and the state.
func Explain(cal *workday.Calendar, d Deadline) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Quy tắc %s (%s Quy chế 1319/QĐ-BTP): %s\n", d.Rule.ID, d.Rule.Article, d.Rule.Basis)
	fmt.Fprintf(&b, "Bắt đầu tính từ: %s.\n", d.StartEvent.Name())
	if d.StartEvent == Signed && d.StartDate.IsZero() {
		// Facts.SignedAt: only a verified digital signature gives the
		// signing instant (derive.DeadlineFacts); a date on the document
		// gives StartDate.
		fmt.Fprintf(&b, "Thời điểm ký %s lấy từ chữ ký số hợp lệ, tin cậy của văn bản (không theo ngày ghi trên văn bản).\n", stamp(d.Start))
	}
	if !d.RequestedDate.IsZero() {
		fmt.Fprintf(&b, "Thời hạn theo ngày bên cung cấp đề nghị: %s (thay cho %s ngày làm việc).\n",
			d.RequestedDate.VN(), num(d.Rule.Days))
	}
	// Start is already the end of StartDate for a date-only start.
	e := cal.Explain(d.Start, d.Allowed)
	e.FromDate = d.StartDate
	b.WriteString(e.String())
	for _, p := range d.Pauses {
		if p.To.IsZero() {
			fmt.Fprintf(&b, "Tạm dừng từ %s (đang chờ).\n", stamp(p.From))
			continue
		}
		fmt.Fprintf(&b, "Tạm dừng %s → %s: lùi hạn thêm %s làm việc.\n",
			stamp(p.From), stamp(p.To), hours(cal.WorkingBetween(p.From, p.To)))
	}
	if len(d.Pauses) > 0 {
		fmt.Fprintf(&b, "Hạn sau khi tính các lần tạm dừng: %s.\n", stamp(d.Due))
	}
	fmt.Fprintf(&b, "Trạng thái: %s", d.State.Name())
	switch {
	case !d.StoppedAt.IsZero():
		fmt.Fprintf(&b, " (%s lúc %s)", d.Rule.Stop.Name(), stamp(d.StoppedAt))
	case d.State == Cancelled:
		fmt.Fprintf(&b, " (lúc %s)", stamp(d.CancelledAt))
	}
	b.WriteString(".\n")
	if d.NeedsDecision() {
		b.WriteString("Hết thời hạn mà chưa có phản hồi: Thường trực Ban Biên tập quyết định đăng tải hoặc không đăng tải (Điều 11 khoản 2).\n")
	}
	return b.String()
}

func stamp(t time.Time) string {
	t = t.In(workday.Zone)
	return t.Format("15:04 02/01/2006")
}

func hours(d time.Duration) string {
	h, m := d/time.Hour, (d%time.Hour)/time.Minute
	if m == 0 {
		return fmt.Sprintf("%d giờ", h)
	}
	return fmt.Sprintf("%d giờ %d phút", h, m)
}

func num(f float64) string {
	s := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.4f", f), "0"), ".")
	return strings.Replace(s, ".", ",", 1)
}
