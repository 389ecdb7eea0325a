package workday

import (
	"fmt"
	"strings"
	"time"
)

// Explanation is the worked computation of a due instant: where counting
// started, which days were counted (and how much of each), which were
// skipped and why.
type Explanation struct {
	// Start is the start as given; FromDate is set when counting started
	// at the end of a date (a signing date without a time).
	Start    time.Time
	FromDate Date
	// Counted is the first instant of working time counted.
	Counted  time.Time
	Duration time.Duration
	Days     float64 // Duration in working days
	DayLen   time.Duration
	Due      time.Time
	// Steps are the days from the start day to the due day, in order.
	Steps []Step
}

// Step is one day of an Explanation.
type Step struct {
	Date   Date
	Reason Reason
	// Counted is the working time counted on this day; From and To the
	// span of the day it was counted in (zero on skipped days).
	Counted  time.Duration
	From, To time.Duration
}

// Explain computes AddWorking(start, d) and explains it.
func (c *Calendar) Explain(start time.Time, d time.Duration) Explanation {
	e := Explanation{Start: start, Duration: d, DayLen: c.dayLen, Days: float64(d) / float64(c.dayLen)}
	e.Due = c.AddWorking(start, d)
	if d <= 0 {
		e.Counted = start
		return e
	}
	e.Counted = c.NextWorkingInstant(start)
	first, last := dayNumberOf(start), dayNumberOf(e.Due)
	for dn := first; dn <= last; dn++ {
		w, r := c.IsWorkingDay(fromDayNumber(dn))
		s := Step{Date: fromDayNumber(dn), Reason: r}
		if w {
			from, to := time.Duration(0), 24*time.Hour
			if dn == first {
				from = sinceMidnight(start)
			}
			if dn == last {
				to = sinceMidnight(e.Due)
			}
			s.Counted = c.elapsedInDay(to) - c.elapsedInDay(from)
			if s.Counted > 0 {
				s.From = c.nextInDay(from)
				s.To = c.offsetFor(c.elapsedInDay(to))
			}
		}
		e.Steps = append(e.Steps, s)
	}
	return e
}

// ExplainDays is Explain with a duration in working days.
func (c *Calendar) ExplainDays(start time.Time, days float64) Explanation {
	e := c.Explain(start, c.DaysToDuration(days))
	e.Days = days
	return e
}

// ExplainFromDate explains AddDaysFromDate(d, days).
func (c *Calendar) ExplainFromDate(d Date, days float64) Explanation {
	e := c.ExplainDays(EndOf(d), days)
	e.FromDate = d
	return e
}

// nextInDay is the first offset at or after off inside a session of a
// working day (off itself if it is inside one); callers ensure some working
// time remains after off.
func (c *Calendar) nextInDay(off time.Duration) time.Duration {
	for _, s := range c.cfg.Sessions {
		if off < s.End {
			return max(off, s.Start)
		}
	}
	return off
}

// String renders the explanation in Vietnamese, one line per day or run of
// like days, ending with the arithmetic.
func (e Explanation) String() string {
	var b strings.Builder
	if !e.FromDate.IsZero() {
		fmt.Fprintf(&b, "Mốc bắt đầu: ngày %s (chỉ có ngày, không có giờ): tính từ hết ngày đó, tức %s.\n",
			e.FromDate.VN(), stamp(e.Start))
	} else {
		fmt.Fprintf(&b, "Mốc bắt đầu: %s.\n", stamp(e.Start))
	}
	fmt.Fprintf(&b, "Thời hạn: %s ngày làm việc = %s làm việc (1 ngày làm việc = %s).\n",
		num(e.Days), hours(e.Duration), hours(e.DayLen))
	if e.Duration <= 0 {
		fmt.Fprintf(&b, "Thời hạn bằng 0: hạn là chính mốc bắt đầu %s.\n", stamp(e.Due))
		return b.String()
	}
	if !e.Counted.Equal(e.Start) {
		fmt.Fprintf(&b, "Mốc bắt đầu ngoài giờ làm việc: bắt đầu tính từ %s.\n", stamp(e.Counted))
	}
	var total time.Duration
	for i := 0; i < len(e.Steps); i++ {
		s := e.Steps[i]
		// Runs of plain full working days and of plain weekends collapse.
		j := i
		for j+1 < len(e.Steps) && sameRun(s, e.Steps[j+1], e.DayLen) && sameRun(s, s, e.DayLen) {
			j++
		}
		switch {
		case j > i && s.Reason.Kind == Ordinary:
			n := j - i + 1
			total += time.Duration(n) * e.DayLen
			fmt.Fprintf(&b, "- %s – %s: %d ngày làm việc × %s = %s (cộng dồn %s)\n",
				dayName(s.Date), dayName(e.Steps[j].Date), n, hours(e.DayLen), hours(time.Duration(n)*e.DayLen), hours(total))
		case j > i:
			fmt.Fprintf(&b, "- %s – %s: bỏ qua, nghỉ cuối tuần\n", dayName(s.Date), dayName(e.Steps[j].Date))
		case !s.Reason.Working():
			fmt.Fprintf(&b, "- %s: bỏ qua, %s\n", dayName(s.Date), s.Reason)
		case s.Counted == 0:
			fmt.Fprintf(&b, "- %s: không còn giờ làm việc nào được tính\n", dayName(s.Date))
		default:
			total += s.Counted
			extra := ""
			if s.Reason.Kind == MakeUpWorkday {
				extra = " (" + s.Reason.String() + ")"
			}
			fmt.Fprintf(&b, "- %s%s: tính %s–%s = %s (cộng dồn %s)\n",
				dayName(s.Date), extra, clock(s.From), clock(s.To), hours(s.Counted), hours(total))
		}
		i = j
	}
	fmt.Fprintf(&b, "Hạn: %s (thời điểm sớm nhất đủ %s làm việc).\n", stamp(e.Due), hours(e.Duration))
	return b.String()
}

// sameRun reports whether two steps belong to one collapsed line: both
// plain full working days, or both plain weekend days.
func sameRun(a, b Step, dayLen time.Duration) bool {
	if a.Reason.Kind != b.Reason.Kind || a.Reason.Name != b.Reason.Name {
		return false
	}
	switch a.Reason.Kind {
	case Ordinary:
		return a.Counted == dayLen && b.Counted == dayLen
	case Weekend:
		return a.Reason.Name == ""
	}
	return false
}

func dayName(d Date) string { return weekdayVN(d.Weekday()) + " " + d.VN() }

// stamp formats an instant the Vietnamese way: "08:00 Thứ Hai 06/01/2025".
func stamp(t time.Time) string {
	t = t.In(Zone)
	return fmt.Sprintf("%s %s", t.Format("15:04"), dayName(DateOf(t)))
}

// hours formats a working time as "8 giờ", "4 giờ 30 phút".
func hours(d time.Duration) string {
	h := d / time.Hour
	m := (d % time.Hour) / time.Minute
	s := (d % time.Minute) / time.Second
	var b strings.Builder
	fmt.Fprintf(&b, "%d giờ", h)
	if m > 0 {
		fmt.Fprintf(&b, " %d phút", m)
	}
	if s > 0 {
		fmt.Fprintf(&b, " %d giây", s)
	}
	return b.String()
}

func num(f float64) string {
	s := fmt.Sprintf("%.4f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return strings.Replace(s, ".", ",", 1)
}
