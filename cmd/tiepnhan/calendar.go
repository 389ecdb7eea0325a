package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

const calendarUsage = `Usage:
  tiepnhan calendar add --from RFC3339|YYYY-MM-DD --days D [flags]
      Hạn sau D ngày làm việc (D có thể là 0.5). Dòng đầu: thời điểm hạn (RFC 3339, +07:00);
      sau đó là phần giải thích. Mốc chỉ có ngày (ngày ký) được tính từ hết ngày đó.
  tiepnhan calendar workday YYYY-MM-DD [flags]
      In "working" hoặc "non-working" và lý do; mã thoát 0 (làm việc) hoặc 1 (nghỉ).
  tiepnhan calendar year YYYY [flags]
      Liệt kê các ngày nghỉ từ Thứ Hai đến Thứ Sáu và các ngày làm bù của năm.
  tiepnhan calendar set-day-off YYYY-MM-DD --reason LÝ-DO [--config FILE] [--actor TÊN]
  tiepnhan calendar set-working YYYY-MM-DD --reason LÝ-DO [--config FILE] [--actor TÊN]
  tiepnhan calendar clear YYYY-MM-DD [--config FILE] [--actor TÊN]
      Khai báo (trong cơ sở dữ liệu) một ngày là ngày nghỉ, là ngày làm việc, hoặc bỏ khai báo;
      mọi hạn đang mở được tính lại ngay, in ra các hạn thay đổi (hạn cũ → hạn mới).

Flags:
  --schedule FILE   tệp lịch nghỉ chính thức do quản trị viên soạn (cùng định dạng với
                    internal/workday/schedule.toml); các năm có trong tệp thay thế lịch có sẵn
  --culture-day     coi 24/11 (Ngày Văn hóa Việt Nam) là ngày nghỉ lễ
  --reason TEXT     lý do khai báo (bắt buộc với set-day-off và set-working)
  --config FILE     tệp cấu hình (TOML) để tìm cơ sở dữ liệu; biến TIEPNHAN_* và DATABASE_URL ghi đè
  --actor NAME      người khai báo, được ghi lại (mặc định: tên người dùng hệ điều hành)
  --help            in hướng dẫn này

Bad arguments exit with status 2.
`

// Years the lunar calendar is verified for (testdata/lunar).
const calendarFirstYear, calendarLastYear = 1900, 2100

// runCalendar is "tiepnhan calendar": working-day arithmetic, one day's
// status, a year's days off. It returns the exit code.
func runCalendar(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := &calendarCmd{stdout: stdout, stderr: stderr, set: map[string]bool{}}
	fs := flag.NewFlagSet("calendar", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported below, in Vietnamese
	fs.StringVar(&c.from, "from", "", "")
	fs.StringVar(&c.days, "days", "", "")
	fs.StringVar(&c.schedule, "schedule", "", "")
	fs.BoolVar(&c.culture, "culture-day", false, "")
	fs.StringVar(&c.reason, "reason", "", "")
	fs.StringVar(&c.cfgPath, "config", "", "")
	fs.StringVar(&c.actor, "actor", "", "")
	help := fs.Bool("help", false, "")
	fs.BoolVar(help, "h", false, "")

	pos, err := parseInterleaved(fs, args)
	if *help {
		fmt.Fprint(stdout, calendarUsage)
		return 0
	}
	if err != nil {
		return c.fail("%s", flagError(err))
	}
	if len(pos) == 0 {
		return c.fail("thiếu lệnh: add, workday, year, set-day-off, set-working hoặc clear")
	}
	fs.Visit(func(f *flag.Flag) { c.set[f.Name] = true })
	cmd, rest := pos[0], pos[1:]
	switch cmd {
	case "set-day-off", "set-working", "clear":
		return c.change(ctx, cmd, rest)
	}
	if c.set["reason"] || c.set["config"] || c.set["actor"] {
		return c.fail("%s: --reason, --config và --actor chỉ dùng với set-day-off, set-working, clear", cmd)
	}
	cal, code := c.calendar()
	if cal == nil {
		return code
	}
	switch cmd {
	case "add":
		return c.add(cal, rest)
	case "workday", "year":
		if c.set["from"] || c.set["days"] {
			return c.fail("%s: --from và --days chỉ dùng với add", cmd)
		}
		if cmd == "workday" {
			return c.workday(cal, rest)
		}
		return c.year(cal, rest)
	}
	return c.fail("lệnh %q không có (add, workday, year, set-day-off, set-working, clear)", cmd)
}

// calendarCmd is one run of "tiepnhan calendar": its flags, which of them
// were given, and where it writes.
type calendarCmd struct {
	from, days, schedule string
	culture              bool
	reason, cfgPath      string
	actor                string
	set                  map[string]bool
	stdout, stderr       io.Writer
}

// fail reports a bad argument with the usage; the exit code is 2.
func (c *calendarCmd) fail(format string, a ...any) int {
	fmt.Fprintf(c.stderr, "tiepnhan calendar: "+format+"\n\n", a...)
	fmt.Fprint(c.stderr, calendarUsage)
	return 2
}

// change is set-day-off, set-working and clear: a day declared in the
// database, on the calendar of the configuration.
func (c *calendarCmd) change(ctx context.Context, cmd string, rest []string) int {
	if c.set["from"] || c.set["days"] || c.set["schedule"] || c.set["culture-day"] {
		return c.fail("%s: --from, --days, --schedule và --culture-day không dùng ở đây (lịch lấy từ cấu hình)", cmd)
	}
	if len(rest) != 1 {
		return c.fail("%s: cần đúng một ngày YYYY-MM-DD, nhận được %d đối số", cmd, len(rest))
	}
	d, err := parseDay(rest[0])
	if err != nil {
		return c.fail("%s %q: %v", cmd, rest[0], err)
	}
	r := strings.TrimSpace(c.reason)
	if cmd != "clear" && r == "" {
		return c.fail("%s: thiếu --reason (lý do được ghi lại và hiện trong phần giải thích hạn)", cmd)
	}
	return calendarChange(ctx, cmd, d, r, c.cfgPath, calendarActor(c.actor), c.stdout, c.stderr)
}

// calendar is the working calendar of the default settings with --schedule
// and --culture-day; nil with the exit code when it cannot be built.
func (c *calendarCmd) calendar() (*workday.Calendar, int) {
	settings := config.Default().Deadlines
	settings.CultureDay, settings.ScheduleFile = c.culture, c.schedule
	wc, err := settings.Calendar()
	if bad := (*config.ScheduleError)(nil); errors.As(err, &bad) {
		return nil, c.fail("--schedule %q: %s", c.schedule, scheduleProblem(bad.Err))
	} else if err != nil {
		return nil, c.fail("%v", err)
	}
	cal, err := workday.New(wc)
	if err != nil {
		return nil, c.fail("%v", err)
	}
	return cal, 0
}

// add prints the due time D working days after --from, then how it was
// counted.
func (c *calendarCmd) add(cal *workday.Calendar, rest []string) int {
	if len(rest) > 0 {
		return c.fail("add: đối số thừa %q (dùng --from và --days)", rest[0])
	}
	for _, f := range []string{"from", "days"} {
		if !c.set[f] {
			return c.fail("add: thiếu --%s", f)
		}
	}
	d, err := parseDays(c.days)
	if err != nil {
		return c.fail("--days %q: %v", c.days, err)
	}
	start, date, err := parseFrom(c.from)
	if err != nil {
		return c.fail("--from %q: %v", c.from, err)
	}
	var e workday.Explanation
	if !date.IsZero() {
		e = cal.ExplainFromDate(date, d)
	} else {
		e = cal.ExplainDays(start, d)
	}
	fmt.Fprintln(c.stdout, e.Due.In(workday.Zone).Format(time.RFC3339))
	fmt.Fprint(c.stdout, e.String())
	return 0
}

// workday prints whether a day is a working day and why; the exit code is
// 1 for a day off.
func (c *calendarCmd) workday(cal *workday.Calendar, rest []string) int {
	if len(rest) != 1 {
		return c.fail("workday: cần đúng một ngày YYYY-MM-DD, nhận được %d đối số", len(rest))
	}
	d, err := parseDay(rest[0])
	if err != nil {
		return c.fail("workday %q: %v", rest[0], err)
	}
	working, reason := cal.IsWorkingDay(d)
	label := "non-working"
	if working {
		label = "working"
	}
	fmt.Fprintf(c.stdout, "%s\n%s %s: %s\n", label, weekday(d), d.VN(), reason)
	if !working {
		return 1
	}
	return 0
}

// year lists a year's weekdays off and make-up working days.
func (c *calendarCmd) year(cal *workday.Calendar, rest []string) int {
	if len(rest) != 1 {
		return c.fail("year: cần đúng một năm YYYY, nhận được %d đối số", len(rest))
	}
	y, err := strconv.Atoi(rest[0])
	if err != nil || len(rest[0]) != 4 {
		return c.fail("year %q: không phải năm dạng YYYY", rest[0])
	}
	if y < calendarFirstYear || y > calendarLastYear {
		return c.fail("year %q: ngoài khoảng %d–%d đã kiểm chứng", rest[0], calendarFirstYear, calendarLastYear)
	}
	printYear(c.stdout, cal.Year(y))
	return 0
}

// parseInterleaved parses flags placed before, between or after the
// positional arguments; "--" ends the flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return pos, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// flagError rewords the flag package's errors in Vietnamese, naming the flag.
func flagError(err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		return "không có cờ " + strings.TrimPrefix(msg, "flag provided but not defined: ")
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return "cờ " + strings.TrimPrefix(msg, "flag needs an argument: ") + " cần một giá trị"
	case strings.HasPrefix(msg, "invalid boolean value "):
		return "giá trị không hợp lệ: " + strings.TrimPrefix(msg, "invalid boolean value ")
	}
	return msg
}

// scheduleProblem says in Vietnamese why a schedule file was refused.
func scheduleProblem(err error) string {
	var open *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "không tìm thấy tệp"
	case errors.As(err, &open):
		return "không mở được tệp: " + err.Error()
	}
	return err.Error() // file:line: reason, in Vietnamese already
}

// parseDays reads a number of working days: "1", "0.5" or "0,5".
func parseDays(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(s), ",", ".", 1), 64)
	if err != nil {
		return 0, errors.New("không phải số ngày làm việc (ví dụ 1 hoặc 0.5)")
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
		return 0, errors.New("số ngày làm việc phải lớn hơn 0")
	}
	if v > 3650 {
		return 0, errors.New("số ngày làm việc quá lớn (tối đa 3650)")
	}
	return v, nil
}

// parseFrom reads an instant (RFC 3339, or YYYY-MM-DDTHH:MM in Vietnam's
// time) or a date alone (YYYY-MM-DD or DD/MM/YYYY).
func parseFrom(s string) (time.Time, workday.Date, error) {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "T ") || strings.Contains(s, "/") {
		d, err := parseDay(s)
		if err != nil {
			return time.Time{}, workday.Date{}, fmt.Errorf("%v (cần RFC 3339 như 2025-03-10T08:00:00+07:00 hoặc một ngày YYYY-MM-DD)", err)
		}
		return time.Time{}, d, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		var err2 error
		t, err2 = time.ParseInLocation("2006-01-02T15:04", s, workday.Zone)
		if err2 != nil {
			return time.Time{}, workday.Date{}, errors.New("không phải thời điểm RFC 3339 (ví dụ 2025-03-10T08:00:00+07:00)")
		}
	}
	if y := workday.DateOf(t).Year; y < calendarFirstYear || y > calendarLastYear {
		return time.Time{}, workday.Date{}, fmt.Errorf("năm %d ngoài khoảng %d–%d đã kiểm chứng", y, calendarFirstYear, calendarLastYear)
	}
	return t, workday.Date{}, nil
}

func parseDay(s string) (workday.Date, error) {
	d, err := workday.ParseDate(s)
	if err != nil {
		return d, err
	}
	if d.Year < calendarFirstYear || d.Year > calendarLastYear {
		return d, fmt.Errorf("năm %d ngoài khoảng %d–%d đã kiểm chứng", d.Year, calendarFirstYear, calendarLastYear)
	}
	return d, nil
}

func printYear(w io.Writer, r workday.YearReport) {
	fmt.Fprintf(w, "Năm %d: %d ngày làm việc.\n", r.Year, r.WorkingDays)
	var official, computed []string
	for _, h := range workday.Holidays() {
		if h == workday.CultureDay {
			continue
		}
		if contains(r.Official, h) {
			official = append(official, h.Name())
		} else {
			computed = append(computed, h.Name())
		}
	}
	if len(official) > 0 {
		fmt.Fprintf(w, "Theo lịch nghỉ chính thức: %s.\n", strings.Join(official, "; "))
	}
	if len(computed) > 0 {
		fmt.Fprintf(w, "Tính theo quy tắc Bộ luật Lao động 2019 (Điều 111, 112): %s.\n", strings.Join(computed, "; "))
	}
	fmt.Fprintf(w, "\nNgày nghỉ từ Thứ Hai đến Thứ Sáu (%d):\n", len(r.DaysOff))
	for _, d := range r.DaysOff {
		fmt.Fprintf(w, "  %s %-9s %s\n", d.Date.VN(), weekday(d.Date), d.Reason)
	}
	fmt.Fprintf(w, "\nNgày làm bù (%d):\n", len(r.MakeUpDays))
	if len(r.MakeUpDays) == 0 {
		fmt.Fprintln(w, "  (không có)")
	}
	for _, d := range r.MakeUpDays {
		fmt.Fprintf(w, "  %s %-9s %s\n", d.Date.VN(), weekday(d.Date), d.Reason)
	}
}

func contains(hs []workday.Holiday, h workday.Holiday) bool {
	for _, x := range hs {
		if x == h {
			return true
		}
	}
	return false
}

func weekday(d workday.Date) string { return workday.WeekdayName(d.Weekday()) }
