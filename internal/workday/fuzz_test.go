package workday

import (
	"strings"
	"testing"
	"time"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-01-29", "29/01/2025", "1/2/2025", "2025-02-30", "", "--", "0000-00-00", "31/12/9999", "٠١/٠١/٢٠٢٥"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !strings.Contains(err.Error(), "ngày") {
				t.Fatalf("error %q does not say what is wrong", err)
			}
			return
		}
		// A parsed date is a real day and formats back to itself.
		if _, err := NewDate(d.Year, d.Month, d.Day); err != nil {
			t.Fatalf("ParseDate(%q) = %v, not a real day: %v", s, d, err)
		}
		if again, err := ParseDate(d.String()); err != nil || again != d {
			t.Fatalf("round trip %q → %v → %v, %v", s, d, again, err)
		}
	})
}

func FuzzLoadSchedule(f *testing.F) {
	f.Add(string(embeddedSchedule))
	f.Add("[[day_off]]\nfrom = \"2027-02-30\"\nto = \"2027-03-01\"\nholidays = [\"tet\"]\n")
	f.Add("[[make_up]]\ndate = 2027-05-08\nreplaces = \"03/05/2027\"\n")
	f.Add("[[day_off]]\nfrom = 2027-01-01\nto = 2027-01-02\nname = \"x\"\n[[make_up]]\ndate = \"2027-01-09\"\n")
	f.Fuzz(func(t *testing.T, src string) {
		s, err := LoadSchedule(strings.NewReader(src), "fuzz.toml")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.toml") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		// Whatever loads builds a calendar whose years answer.
		cfg := DefaultConfig()
		cfg.Schedule = s
		c, err := New(cfg)
		if err != nil {
			t.Fatalf("New with a loaded schedule: %v", err)
		}
		for _, y := range s.Years() {
			r := c.Year(y)
			if r.WorkingDays < 0 || r.WorkingDays > 366 {
				t.Fatalf("year %d has %d working days", y, r.WorkingDays)
			}
			due := c.AddDays(Date{y, 1, 1}.Start(), 3)
			if !c.InOfficeHours(due) {
				t.Fatalf("due %v outside office hours", due)
			}
		}
	})
}

// FuzzAddWorking checks the arithmetic invariants on arbitrary instants
// and durations (including far-off years).
func FuzzAddWorking(f *testing.F) {
	c, err := New(DefaultConfig())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(int64(1736496000), int64(4*time.Hour))
	f.Add(int64(-2208988800), int64(time.Minute))
	f.Add(int64(1707300000), int64(3*8*time.Hour))
	f.Fuzz(func(t *testing.T, unix, d int64) {
		if unix < -5e9 || unix > 2e10 { // about 1811–2603
			return
		}
		start := time.Unix(unix, 0)
		dur := time.Duration(d)
		due := c.AddWorking(start, dur)
		if dur <= 0 {
			if !due.Equal(start) {
				t.Fatalf("add(%v, %v) = %v, want start", start, dur, due)
			}
			return
		}
		if !c.InOfficeHours(due) || !due.After(start) {
			t.Fatalf("add(%v, %v) = %v", start, dur, due)
		}
		if dur < MaxSpan && due.Year() < 2700 {
			if w := c.WorkingBetween(start, due); w != dur {
				t.Fatalf("WorkingBetween(%v, %v) = %v, want %v", start, due, w, dur)
			}
		}
	})
}
