package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func calendarRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runCalendar(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCalendarAdd(t *testing.T) {
	cases := []struct {
		args []string
		due  string
		has  string
	}{
		// A Monday signing date: 1 day → Tuesday 17:00.
		{[]string{"add", "--from", "2025-03-10", "--days", "1"}, "2025-03-11T17:00:00+07:00", "tính từ hết ngày đó"},
		{[]string{"add", "--from", "2025-03-10T08:00:00+07:00", "--days", "0.5"}, "2025-03-10T12:00:00+07:00", "Hạn: 12:00 Thứ Hai 10/03/2025"},
		{[]string{"add", "--from", "2025-03-10T03:00:00Z", "--days", "0,5"}, "2025-03-10T15:00:00+07:00", "Mốc bắt đầu: 10:00 Thứ Hai 10/03/2025"},
		{[]string{"add", "--days", "1", "--from", "07/02/2024"}, "2024-02-15T17:00:00+07:00", "bỏ qua, nghỉ Tết Nguyên đán Giáp Thìn"},
		{[]string{"add", "--from", "2024-05-03T10:00", "--days", "1"}, "2024-05-04T10:00:00+07:00", "ngày làm bù"},
		{[]string{"--from", "2026-11-23", "add", "--days", "1", "--culture-day"}, "2026-11-25T17:00:00+07:00", "Ngày Văn hóa Việt Nam"},
		{[]string{"--from", "2026-11-23", "add", "--days", "1"}, "2026-11-24T17:00:00+07:00", "Thứ Ba 24/11/2026"},
	}
	for _, tc := range cases {
		code, out, errs := calendarRun(t, tc.args...)
		if code != 0 {
			t.Errorf("%v: exit %d, stderr %s", tc.args, code, errs)
			continue
		}
		first, rest, _ := strings.Cut(out, "\n")
		if first != tc.due {
			t.Errorf("%v: first line %q, want %q", tc.args, first, tc.due)
		}
		if !strings.Contains(rest, tc.has) {
			t.Errorf("%v: output lacks %q:\n%s", tc.args, tc.has, out)
		}
	}
}

func TestCalendarWorkday(t *testing.T) {
	cases := []struct {
		day  string
		code int
		out  string
	}{
		{"2025-03-10", 0, "working\nThứ Hai 10/03/2025: ngày làm việc bình thường"},
		{"2025-03-08", 1, "non-working\nThứ Bảy 08/03/2025: nghỉ cuối tuần"},
		{"2024-05-04", 0, "working\nThứ Bảy 04/05/2024: ngày làm bù theo lịch nghỉ chính thức năm 2024"},
		{"2025-04-07", 1, "non-working\nThứ Hai 07/04/2025: nghỉ Giỗ Tổ Hùng Vương"},
		{"02/09/2026", 1, "non-working\nThứ Tư 02/09/2026: nghỉ lễ Quốc khánh 2/9 năm 2026"},
	}
	for _, tc := range cases {
		code, out, errs := calendarRun(t, "workday", tc.day)
		if code != tc.code || !strings.HasPrefix(out, tc.out) {
			t.Errorf("workday %s: exit %d, out %q (stderr %q); want %d, %q", tc.day, code, out, errs, tc.code, tc.out)
		}
	}
}

func TestCalendarYear(t *testing.T) {
	code, out, errs := calendarRun(t, "year", "2025")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"Năm 2025: 250 ngày làm việc.",
		"Ngày nghỉ từ Thứ Hai đến Thứ Sáu (12):",
		"02/05/2025 Thứ Sáu",
		"Ngày làm bù (1):",
		"26/04/2025 Thứ Bảy",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("year 2025 lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = calendarRun(t, "year", "2026")
	if !strings.Contains(out, "Tính theo quy tắc Bộ luật Lao động 2019 (Điều 111, 112): Quốc khánh 2/9.") {
		t.Errorf("year 2026 does not say Quốc khánh is computed:\n%s", out)
	}
}

func TestCalendarSchedule(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "lich.toml")
	if err := os.WriteFile(good, []byte("[[day_off]]\nfrom = \"2026-08-29\"\nto = \"2026-09-02\"\nholidays = [\"national_day\"]\nname = \"Quốc khánh 2/9\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := calendarRun(t, "workday", "2026-08-31", "--schedule", good)
	if code != 1 || !strings.Contains(out, "theo lịch nghỉ chính thức năm 2026") {
		t.Errorf("with schedule: exit %d %q %q", code, out, errs)
	}
	if code, _, _ := calendarRun(t, "workday", "2026-08-31"); code != 0 {
		t.Errorf("without schedule 31/08/2026 should be a working day (exit %d)", code)
	}
	bad := filepath.Join(dir, "sai.toml")
	if err := os.WriteFile(bad, []byte("[[make_up]]\ndate = \"2026-09-03\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = calendarRun(t, "year", "2026", "--schedule", bad)
	if code != 2 || !strings.Contains(errs, bad+":2: date = \"2026-09-03\": ngày làm bù phải là Thứ Bảy hoặc Chủ nhật") {
		t.Errorf("bad schedule: exit %d, stderr %q", code, errs)
	}
}

func TestCalendarBadArguments(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{nil, "thiếu lệnh"},
		{[]string{"list"}, `lệnh "list" không có`},
		{[]string{"add", "--from", "2025-03-10"}, "thiếu --days"},
		{[]string{"add", "--days", "1"}, "thiếu --from"},
		{[]string{"add", "--from", "2025-03-10", "--days", "abc"}, `--days "abc": không phải số`},
		{[]string{"add", "--from", "2025-03-10", "--days", "-1"}, `--days "-1": số ngày làm việc phải lớn hơn 0`},
		{[]string{"add", "--from", "2025-03-10", "--days", "NaN"}, `--days "NaN"`},
		{[]string{"add", "--from", "2025-02-30", "--days", "1"}, `--from "2025-02-30": ngày "2025-02-30"`},
		{[]string{"add", "--from", "2025-03-10T25:00:00+07:00", "--days", "1"}, `--from "2025-03-10T25:00:00+07:00": không phải thời điểm RFC 3339`},
		{[]string{"add", "--from", "1800-01-01", "--days", "1"}, "ngoài khoảng 1900–2100"},
		{[]string{"add", "--from", "2025-03-10", "--days", "1", "extra"}, `đối số thừa "extra"`},
		{[]string{"workday"}, "cần đúng một ngày"},
		{[]string{"workday", "hôm nay"}, `workday "hôm nay"`},
		{[]string{"year", "25"}, `year "25": không phải năm`},
		{[]string{"year", "2200"}, "ngoài khoảng"},
		{[]string{"year", "2025", "--days", "1"}, "chỉ dùng với add"},
		{[]string{"year", "2025", "--verbose"}, "không có cờ -verbose"},
		{[]string{"year", "2025", "--schedule"}, "cờ -schedule cần một giá trị"},
		{[]string{"year", "2025", "--schedule", "/nonexistent/lich.toml"}, `--schedule "/nonexistent/lich.toml": không tìm thấy tệp`},
		{[]string{"set-day-off", "2026-03-03"}, "set-day-off: thiếu --reason"},
		{[]string{"set-working", "2026-03-07", "--reason", "  "}, "set-working: thiếu --reason"},
		{[]string{"set-day-off", "--reason", "x"}, "cần đúng một ngày"},
		{[]string{"set-day-off", "2026-02-30", "--reason", "x"}, `set-day-off "2026-02-30"`},
		{[]string{"clear", "2026-03-03", "2026-03-04"}, "nhận được 2 đối số"},
		{[]string{"set-day-off", "2026-03-03", "--reason", "x", "--days", "1"}, "không dùng ở đây"},
		{[]string{"year", "2026", "--reason", "x"}, "chỉ dùng với set-day-off"},
	}
	for _, tc := range cases {
		code, out, errs := calendarRun(t, tc.args...)
		if code != 2 || out != "" || !strings.Contains(errs, tc.want) || !strings.Contains(errs, "Usage:") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, out, errs, tc.want)
		}
	}
}

func TestCalendarHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"add", "--help"}} {
		code, out, _ := calendarRun(t, args...)
		if code != 0 || !strings.Contains(out, "tiepnhan calendar add --from") {
			t.Errorf("%v: exit %d, %q", args, code, out)
		}
	}
}

// FuzzCalendarArgs feeds arbitrary argument lists (NUL-separated) to the
// command: it never panics, exits 0, 1 or 2, and a due instant it prints is
// RFC 3339 in +07:00.
func FuzzCalendarArgs(f *testing.F) {
	for _, s := range []string{
		"add\x00--from\x002025-03-10\x00--days\x001",
		"add\x00--from\x002025-03-10T08:00:00+07:00\x00--days\x000,5",
		"workday\x0002/09/2026",
		"year\x002025",
		"add\x00--from\x009999-12-31T23:59:59Z\x00--days\x003650",
		"--help",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		args := strings.Split(s, "\x00")
		for _, a := range args {
			if a == "--schedule" || strings.HasPrefix(a, "--schedule=") || strings.HasPrefix(a, "-schedule") {
				return // no file system access from the fuzzer
			}
		}
		var out, errb bytes.Buffer
		code := runCalendar(context.Background(), args, &out, &errb)
		switch code {
		case 0, 1:
			if out.Len() == 0 {
				t.Fatalf("%q: exit %d with no output", args, code)
			}
		case 2:
			if errb.Len() == 0 || out.Len() != 0 {
				t.Fatalf("%q: exit 2, stdout %q, stderr %q", args, out.String(), errb.String())
			}
		default:
			t.Fatalf("%q: exit %d", args, code)
		}
		if code == 0 && args[0] == "add" && !strings.HasPrefix(out.String(), "Usage:") {
			first, _, _ := strings.Cut(out.String(), "\n")
			if _, err := time.Parse(time.RFC3339, first); err != nil || !strings.HasSuffix(first, "+07:00") {
				t.Fatalf("%q: first line %q is not an RFC 3339 instant in +07:00", args, first)
			}
		}
	})
}

// TestCalendarSetDayOffInTheDatabase: `calendar set-day-off` runs the
// administrators' use case (desk.Desk.ChangeCalendar): the override is
// stored once, in the operator's name in the audit trail (Điều 6 khoản 2),
// and the same declaration again changes nothing.
func TestCalendarSetDayOffInTheDatabase(t *testing.T) {
	ctx := context.Background()
	dsn := commandDB(t)
	run := func() (int, string) {
		return runCommand(ctx, runCalendar, "set-day-off", "2027-03-03", "--reason", "nghỉ bù theo thông báo số 12/TB-BTP", "--actor", "quantri")
	}
	if code, out := run(); code != 0 || !strings.Contains(out, "Đã khai báo") || !strings.Contains(out, "người khai báo: quantri") {
		t.Fatalf("set-day-off: %d\n%s", code, out)
	}
	if code, out := run(); code != 0 || !strings.Contains(out, "Không thay đổi") {
		t.Fatalf("set-day-off again: %d\n%s", code, out)
	}
	pool := openPool(t, dsn, 1)
	var overrides, audited int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM calendar_override WHERE actor = 'quantri'),
		(SELECT count(*) FROM audit_log WHERE table_name = 'calendar_override' AND actor = 'quantri')`).Scan(&overrides, &audited); err != nil {
		t.Fatal(err)
	}
	if overrides != 1 || audited != 1 {
		t.Fatalf("overrides by quantri %d, audited in their name %d; want 1 and 1", overrides, audited)
	}
}
