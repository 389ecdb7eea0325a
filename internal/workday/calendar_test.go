package workday

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func newCal(t testing.TB, mod func(*Config)) *Calendar {
	t.Helper()
	cfg := DefaultConfig()
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// at parses "2006-01-02 15:04" in Vietnam.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, Zone)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func dates(t testing.TB, ss ...string) []Date {
	var out []Date
	for _, s := range ss {
		out = append(out, mustDate(t, s))
	}
	return out
}

// TestYearOfficialSchedules checks every non-working weekday and make-up
// day of 2024–2026 against domain.md's table, expanded by hand.
func TestYearOfficialSchedules(t *testing.T) {
	c := newCal(t, nil)
	cases := []struct {
		year     int
		off      []Date
		makeUp   []Date
		official int // holidays declared by the official schedule
	}{
		{2024, dates(t, "2024-01-01",
			"2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14",
			"2024-04-18", "2024-04-29", "2024-04-30", "2024-05-01",
			"2024-09-02", "2024-09-03"),
			dates(t, "2024-05-04"), 6},
		{2025, dates(t, "2025-01-01",
			"2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
			"2025-04-07", "2025-04-30", "2025-05-01", "2025-05-02",
			"2025-09-01", "2025-09-02"),
			dates(t, "2025-04-26"), 6},
		// 2026: Quốc khánh has no official schedule: 2/9 (Wednesday) and
		// the fallback adjacent day 1/9 (Tuesday) are computed.
		{2026, dates(t, "2026-01-01", "2026-01-02",
			"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
			"2026-04-27", "2026-04-30", "2026-05-01",
			"2026-09-01", "2026-09-02"),
			dates(t, "2026-01-10"), 5},
		// 2027 has no schedule: all computed. Tết 1/1 lunar is Saturday
		// 06/02/2027: off 05/02 (last day of the lunar year) to 09/02, and
		// the Saturday and Sunday give 10/02 and 11/02 (Điều 111 khoản 3);
		// 1/5 is a Saturday: Monday 3/5 off.
		{2027, dates(t, "2027-01-01",
			"2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11",
			"2027-04-16", "2027-04-30", "2027-05-03",
			"2027-09-01", "2027-09-02"),
			nil, 0},
	}
	for _, tc := range cases {
		r := c.Year(tc.year)
		var got []Date
		for _, d := range r.DaysOff {
			got = append(got, d.Date)
			if d.Reason.Working() || d.Reason.String() == "" {
				t.Errorf("%d: %v has reason %+v", tc.year, d.Date, d.Reason)
			}
		}
		if !equalDates(got, tc.off) {
			t.Errorf("%d days off:\n got %v\nwant %v", tc.year, got, tc.off)
		}
		got = nil
		for _, d := range r.MakeUpDays {
			got = append(got, d.Date)
		}
		if !equalDates(got, tc.makeUp) {
			t.Errorf("%d make-up days: got %v, want %v", tc.year, got, tc.makeUp)
		}
		if len(r.Official) != tc.official {
			t.Errorf("%d: %d official holidays %v, want %d", tc.year, len(r.Official), r.Official, tc.official)
		}
		// Working days = weekdays − days off + make-ups.
		weekdays := 0
		for d := (Date{tc.year, 1, 1}); d.Year == tc.year; d = d.AddDays(1) {
			if w := d.Weekday(); w != time.Saturday && w != time.Sunday {
				weekdays++
			}
		}
		if want := weekdays - len(tc.off) + len(tc.makeUp); r.WorkingDays != want {
			t.Errorf("%d: %d working days, want %d", tc.year, r.WorkingDays, want)
		}
	}
}

func equalDates(a, b []Date) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestIsWorkingDayReasons(t *testing.T) {
	c := newCal(t, nil)
	cases := []struct {
		day     string
		working bool
		kind    ReasonKind
		text    string
	}{
		{"2025-03-10", true, Ordinary, "bình thường"},
		{"2025-03-08", false, Weekend, "cuối tuần"},
		{"2024-02-12", false, OfficialDayOff, "Tết Nguyên đán Giáp Thìn theo lịch nghỉ chính thức năm 2024"},
		{"2024-02-10", false, Weekend, "trong kỳ nghỉ Tết Nguyên đán Giáp Thìn"},
		{"2024-05-04", true, MakeUpWorkday, "làm bù cho Thứ Hai 29/04/2024"},
		{"2025-04-26", true, MakeUpWorkday, "năm 2025"},
		{"2026-01-10", true, MakeUpWorkday, "02/01/2026"},
		{"2026-04-27", false, OfficialDayOff, "nghỉ bù"},
		{"2026-09-02", false, PublicHoliday, "Quốc khánh 2/9 năm 2026"},
		{"2026-09-01", false, PublicHoliday, "ngày liền kề"},
		{"2027-05-03", false, Compensatory, "Điều 111 khoản 3"},
		{"2027-02-10", false, Compensatory, "Tết Nguyên đán"},
		{"2026-11-24", true, Ordinary, ""},
	}
	for _, tc := range cases {
		w, r := c.IsWorkingDay(mustDate(t, tc.day))
		if w != tc.working || r.Kind != tc.kind || !strings.Contains(r.String(), tc.text) {
			t.Errorf("IsWorkingDay(%s) = %v, %d %q; want %v, %d containing %q", tc.day, w, r.Kind, r, tc.working, tc.kind, tc.text)
		}
	}
}

func TestConfigSwitches(t *testing.T) {
	culture := newCal(t, func(c *Config) { c.CultureDay = true })
	if w, r := culture.IsWorkingDay(Date{2026, 11, 24}); w || r.Holiday != CultureDay {
		t.Errorf("24/11/2026 with CultureDay: working=%v %v", w, r)
	}
	// 24/11/2029 is a Saturday: compensatory Monday 26/11.
	if w, r := culture.IsWorkingDay(Date{2029, 11, 26}); w || r.Kind != Compensatory {
		t.Errorf("26/11/2029 with CultureDay: working=%v %v", w, r)
	}
	after := newCal(t, func(c *Config) { c.NationalDayAdjacent = 1 })
	if w, _ := after.IsWorkingDay(Date{2027, 9, 3}); w {
		t.Error("3/9/2027 should be off with NationalDayAdjacent = +1")
	}
	if w, _ := after.IsWorkingDay(Date{2027, 9, 1}); !w {
		t.Error("1/9/2027 should be a working day with NationalDayAdjacent = +1")
	}
	// The official schedule still wins for 2025 (30/08–02/09).
	if w, _ := after.IsWorkingDay(Date{2025, 9, 3}); !w {
		t.Error("3/9/2025 is a working day in the official schedule")
	}
	// Tết from 1/1 to 5/1 lunar instead: 2027 then starts Saturday 06/02.
	tet := newCal(t, func(c *Config) { c.TetDays = []int{0, 1, 2, 3, 4} })
	if w, _ := tet.IsWorkingDay(Date{2027, 2, 5}); !w {
		t.Error("5/2/2027 should be a working day when Tết starts on 1/1 lunar")
	}
	if w, _ := tet.IsWorkingDay(Date{2027, 2, 10}); w {
		t.Error("10/2/2027 (5/1 lunar) should be off")
	}
	none := newCal(t, func(c *Config) { c.Schedule = &Schedule{} })
	// Without schedules 2024 is computed: 29/4/2024 (the swapped bridge
	// day) is a working day, 04/05/2024 a plain Saturday.
	if w, _ := none.IsWorkingDay(Date{2024, 4, 29}); !w {
		t.Error("29/4/2024 should be a working day without the official schedule")
	}
	if w, _ := none.IsWorkingDay(Date{2024, 5, 4}); w {
		t.Error("4/5/2024 should be a weekend without the official schedule")
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for name, mod := range map[string]func(*Config){
		"sessions": func(c *Config) { c.Sessions = nil },
		"sessions[1]": func(c *Config) {
			c.Sessions = []Session{{8 * time.Hour, 12 * time.Hour}, {11 * time.Hour, 17 * time.Hour}}
		},
		"sessions[0]":           func(c *Config) { c.Sessions = []Session{{9 * time.Hour, 8 * time.Hour}} },
		"tet_days":              func(c *Config) { c.TetDays = nil },
		"tet_days = 40":         func(c *Config) { c.TetDays = []int{40} },
		"national_day_adjacent": func(c *Config) { c.NationalDayAdjacent = 0 },
	} {
		cfg := DefaultConfig()
		mod(&cfg)
		if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: New error = %v, want one naming %q", name, err, name)
		}
	}
}

func TestAddWorkingBoundaries(t *testing.T) {
	c := newCal(t, nil)
	half, day := 4*time.Hour, 8*time.Hour
	cases := []struct {
		start string
		d     time.Duration
		want  string
	}{
		// Monday 10/03/2025, an ordinary week.
		{"2025-03-10 07:59", half, "2025-03-10 12:00"},
		{"2025-03-10 07:59", day, "2025-03-10 17:00"},
		{"2025-03-10 08:00", half, "2025-03-10 12:00"}, // earliest instant, not 13:00
		{"2025-03-10 08:00", day, "2025-03-10 17:00"},
		{"2025-03-10 10:00", half, "2025-03-10 15:00"},
		{"2025-03-10 11:59", time.Minute, "2025-03-10 12:00"},
		{"2025-03-10 11:59", 2 * time.Minute, "2025-03-10 13:01"},
		{"2025-03-10 12:00", half, "2025-03-10 17:00"},
		{"2025-03-10 12:30", half, "2025-03-10 17:00"},
		{"2025-03-10 12:30", time.Minute, "2025-03-10 13:01"},
		{"2025-03-10 13:00", half, "2025-03-10 17:00"},
		{"2025-03-10 16:59", half, "2025-03-11 11:59"},
		{"2025-03-10 16:59", time.Minute, "2025-03-10 17:00"},
		{"2025-03-10 17:00", half, "2025-03-11 12:00"},
		{"2025-03-10 17:01", day, "2025-03-11 17:00"},
		{"2025-03-10 23:59", half, "2025-03-11 12:00"},
		{"2025-03-10 00:00", day, "2025-03-10 17:00"},
		{"2025-03-10 08:00", 2 * day, "2025-03-11 17:00"},
		{"2025-03-10 08:00", 5 * day, "2025-03-14 17:00"},
		{"2025-03-10 08:00", 5*day + time.Minute, "2025-03-17 08:01"},
		// Weekends.
		{"2025-03-14 16:00", day, "2025-03-17 16:00"},
		{"2025-03-14 17:00", half, "2025-03-17 12:00"},
		{"2025-03-15 10:00", half, "2025-03-17 12:00"},
		{"2025-03-16 23:59", time.Minute, "2025-03-17 08:01"},
		// Tết 2024 (08/02–14/02).
		{"2024-02-07 15:00", day, "2024-02-15 15:00"},
		{"2024-02-07 17:00", half, "2024-02-15 12:00"},
		{"2024-02-10 09:00", day, "2024-02-15 17:00"},
		// 30/4–1/5 2024 with the swap 29/04 ↔ Saturday 04/05.
		{"2024-04-26 16:00", half, "2024-05-02 11:00"},
		{"2024-04-26 16:00", 2 * day, "2024-05-03 16:00"},
		{"2024-04-26 16:00", 3 * day, "2024-05-04 16:00"}, // make-up Saturday counts
		{"2024-05-03 17:00", half, "2024-05-04 12:00"},
		{"2024-05-04 17:00", half, "2024-05-06 12:00"},
		// 2025: make-up Saturday 26/04, then 30/04–04/05 off.
		{"2025-04-25 17:00", half, "2025-04-26 12:00"},
		{"2025-04-29 13:00", day, "2025-05-05 12:00"},
		// Giỗ Tổ 2025 (05/04–07/04).
		{"2025-04-04 12:00", day, "2025-04-08 12:00"},
		// 2025 → 2026 across New Year 01/01–04/01 and make-up 10/01.
		{"2025-12-31 16:00", half, "2026-01-05 11:00"},
		{"2026-01-09 17:00", day, "2026-01-10 17:00"},
		{"2026-01-10 17:00", half, "2026-01-12 12:00"},
		// Tết 2026 (14/02–22/02).
		{"2026-02-13 15:00", day, "2026-02-23 15:00"},
		// Giỗ Tổ 2026 on Sunday 26/04, 27/04 compensatory.
		{"2026-04-24 17:00", day, "2026-04-28 17:00"},
		// Quốc khánh 2026, computed fallback (1/9 and 2/9).
		{"2026-08-31 17:00", half, "2026-09-03 12:00"},
		// The other official blocks of 2024–2025.
		{"2023-12-29 17:00", half, "2024-01-02 12:00"},          // Tết Dương lịch 2024
		{"2024-04-17 12:30", day, "2024-04-19 12:00"},           // Giỗ Tổ 2024 (Thu 18/04)
		{"2024-08-30 16:00", 2 * time.Hour, "2024-09-04 09:00"}, // Quốc khánh 2024 (31/08–03/09)
		{"2024-12-31 16:00", half, "2025-01-02 11:00"},          // Tết Dương lịch 2025
		{"2025-01-24 17:00", half, "2025-02-03 12:00"},          // Tết 2025 (25/01–02/02)
		{"2025-04-29 17:00", time.Minute, "2025-05-05 08:01"},   // 30/4–1/5 2025 (30/04–04/05)
		{"2025-08-29 17:00", day, "2025-09-03 17:00"},           // Quốc khánh 2025 (30/08–02/09)
		{"2026-04-29 16:00", 2 * time.Hour, "2026-05-04 09:00"}, // 30/4–1/5 2026 (30/04–03/05)
	}
	for _, tc := range cases {
		got := c.AddWorking(at(t, tc.start), tc.d)
		if want := at(t, tc.want); !got.Equal(want) {
			t.Errorf("AddWorking(%s, %v) = %s, want %s", tc.start, tc.d, got.Format("2006-01-02 15:04 Mon"), tc.want)
		}
		if got.Location() != Zone {
			t.Errorf("AddWorking(%s) location %v, want UTC+7", tc.start, got.Location())
		}
	}
}

func TestAddDaysFromDate(t *testing.T) {
	c := newCal(t, nil)
	cases := []struct {
		signed string
		days   float64
		want   string
	}{
		{"2025-03-10", 1, "2025-03-11 17:00"}, // Monday → Tuesday 17:00
		{"2025-03-10", 0.5, "2025-03-11 12:00"},
		{"2025-03-10", 2, "2025-03-12 17:00"},
		{"2025-03-14", 1, "2025-03-17 17:00"}, // Friday → Monday
		{"2025-03-15", 1, "2025-03-17 17:00"}, // Saturday → Monday
		{"2024-02-07", 0.5, "2024-02-15 12:00"},
		{"2025-01-25", 1, "2025-02-03 17:00"}, // signed in Tết 2025
		{"2026-04-29", 1, "2026-05-04 17:00"},
		{"2024-05-03", 1, "2024-05-04 17:00"}, // Friday → make-up Saturday
		{"2026-01-09", 0.5, "2026-01-10 12:00"},
		{"2025-03-10", 0, "2025-03-11 00:00"},
	}
	for _, tc := range cases {
		got := c.AddDaysFromDate(mustDate(t, tc.signed), tc.days)
		if want := at(t, tc.want); !got.Equal(want) {
			t.Errorf("AddDaysFromDate(%s, %v) = %s, want %s", tc.signed, tc.days, got.Format("2006-01-02 15:04"), tc.want)
		}
	}
}

func TestAddDaysOddInputs(t *testing.T) {
	c := newCal(t, nil)
	start := at(t, "2025-03-15 10:00")
	for _, d := range []float64{0, -1, nanF()} {
		if got := c.AddDays(start, d); !got.Equal(start) {
			t.Errorf("AddDays(%v) = %v, want the start", d, got)
		}
	}
	// Far out of the cached range, still no panic and a working instant.
	for _, s := range []string{"1800-01-01 10:00", "2500-06-01 10:00"} {
		got := c.AddDays(at(t, s), 10)
		if !c.InOfficeHours(got) || !got.After(at(t, s)) {
			t.Errorf("AddDays(%s, 10) = %v", s, got)
		}
	}
	// The zero time and instants thousands of years away.
	for _, s := range []time.Time{{}, time.Unix(1<<40, 0), time.Unix(-(1 << 40), 0)} {
		got := c.AddWorking(s, 8*time.Hour)
		if !c.InOfficeHours(got) || c.WorkingBetween(s, got) != 8*time.Hour {
			t.Errorf("AddWorking(%v, 8h) = %v", s, got)
		}
	}
	if got := c.AddDays(start, 1e12); got.Year() < 2100 {
		t.Errorf("huge AddDays = %v, want capped far in the future", got)
	}
}

func nanF() float64 { var z float64; return z / z }

func TestWorkingBetweenAndFraction(t *testing.T) {
	c := newCal(t, nil)
	cases := []struct {
		a, b string
		want time.Duration
	}{
		{"2025-03-10 08:00", "2025-03-10 17:00", 8 * time.Hour},
		{"2025-03-10 10:00", "2025-03-10 15:00", 4 * time.Hour},
		{"2025-03-10 12:10", "2025-03-10 12:50", 0},
		{"2025-03-14 16:00", "2025-03-17 09:00", 2 * time.Hour},
		{"2025-03-15 09:00", "2025-03-16 17:00", 0},
		{"2024-02-07 15:00", "2024-02-15 15:00", 8 * time.Hour},
		{"2024-04-26 16:00", "2024-05-06 08:00", 25 * time.Hour},
		// 2025: 261 weekdays − 12 days off + 1 make-up Saturday.
		{"2025-01-01 00:00", "2026-01-01 00:00", (261 - 12 + 1) * 8 * time.Hour},
		{"2025-03-10 17:00", "2025-03-10 08:00", -8 * time.Hour},
	}
	for _, tc := range cases {
		if got := c.WorkingBetween(at(t, tc.a), at(t, tc.b)); got != tc.want {
			t.Errorf("WorkingBetween(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
	start, due := at(t, "2025-03-10 08:00"), at(t, "2025-03-11 17:00")
	for f, want := range map[float64]string{0.5: "2025-03-10 17:00", 0.8: "2025-03-11 13:48", 0.25: "2025-03-10 12:00", 1: "2025-03-11 17:00"} {
		if got := c.AtFraction(start, due, f); !got.Equal(at(t, want)) {
			t.Errorf("AtFraction(%v) = %v, want %s", f, got, want)
		}
	}
}

func TestExplain(t *testing.T) {
	c := newCal(t, nil)
	e := c.ExplainFromDate(mustDate(t, "2024-02-07"), 0.5)
	if !e.Due.Equal(at(t, "2024-02-15 12:00")) {
		t.Fatalf("due %v", e.Due)
	}
	s := e.String()
	for _, want := range []string{
		"hết ngày đó",
		"0,5 ngày làm việc = 4 giờ làm việc",
		"Thứ Năm 08/02/2024: bỏ qua, nghỉ Tết Nguyên đán Giáp Thìn theo lịch nghỉ chính thức năm 2024",
		"Thứ Bảy 10/02/2024: bỏ qua, nghỉ cuối tuần (trong kỳ nghỉ Tết Nguyên đán Giáp Thìn)",
		"Thứ Năm 15/02/2024: tính 08:00–12:00 = 4 giờ (cộng dồn 4 giờ)",
		"Hạn: 12:00 Thứ Năm 15/02/2024",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("explanation lacks %q:\n%s", want, s)
		}
	}
	e = c.Explain(at(t, "2024-04-26 16:00"), 24*time.Hour)
	s = e.String()
	for _, want := range []string{
		"Thứ Sáu 26/04/2024: tính 16:00–17:00 = 1 giờ",
		"Thứ Hai 29/04/2024: bỏ qua, nghỉ Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5 theo lịch nghỉ chính thức năm 2024",
		"Thứ Năm 02/05/2024 – Thứ Sáu 03/05/2024: 2 ngày làm việc × 8 giờ = 16 giờ (cộng dồn 17 giờ)",
		"Thứ Bảy 04/05/2024 (ngày làm bù theo lịch nghỉ chính thức năm 2024; làm bù cho Thứ Hai 29/04/2024): tính 08:00–16:00 = 7 giờ (cộng dồn 24 giờ)",
		"Hạn: 16:00 Thứ Bảy 04/05/2024",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("explanation lacks %q:\n%s", want, s)
		}
	}
	// The counted hours add up to the duration.
	var sum time.Duration
	for _, st := range c.Explain(at(t, "2025-03-10 10:00"), 300*time.Hour).Steps {
		sum += st.Counted
	}
	if sum != 300*time.Hour {
		t.Errorf("steps count %v, want 300h", sum)
	}
}

// TestConcurrentUse builds year tables from several goroutines at once
// (run with -race); every goroutine must see the same answers.
func TestConcurrentUse(t *testing.T) {
	c := newCal(t, nil)
	ref := newCal(t, nil)
	done := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func(g int) {
			for y := 2020 + g; y < 2040; y++ {
				start := Date{y, time.March, 1}.Start().Add(9 * time.Hour)
				if got, want := c.AddDays(start, 200), ref.AddDays(start, 200); !got.Equal(want) {
					done <- fmt.Errorf("year %d: %v vs %v", y, got, want)
					return
				}
				c.Year(y + 200) // outside the cached range
			}
			done <- nil
		}(g)
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
