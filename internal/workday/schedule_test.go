package workday

import (
	"errors"
	"strings"
	"testing"
)

func TestEmbeddedSchedule(t *testing.T) {
	s, err := EmbeddedSchedule()
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Years(); len(got) != 3 || got[0] != 2024 || got[2] != 2026 {
		t.Fatalf("years %v, want 2024–2026", got)
	}
	if len(s.MakeUps) != 3 {
		t.Fatalf("%d make-up days, want 3", len(s.MakeUps))
	}
	for _, d := range s.DaysOff {
		if d.Line == 0 {
			t.Errorf("day off %v–%v has no line", d.From, d.To)
		}
	}
}

func TestLoadScheduleErrors(t *testing.T) {
	cases := []struct {
		name, src string
		line      int
		want      string
	}{
		{"bad date", "[[day_off]]\nfrom = \"2027-02-30\"\nto = \"2027-03-01\"\nholidays = [\"tet\"]\n", 2, `from = "2027-02-30": ngày "2027-02-30"`},
		{"second entry", "[[day_off]]\nfrom = \"2027-01-01\"\nto = \"2027-01-01\"\nholidays = [\"new_year\"]\n\n[[day_off]]\nfrom = \"2027-02-05\"\nto = \"2027-02-04\"\nholidays = [\"tet\"]\n", 8, "trước ngày bắt đầu"},
		{"unknown holiday", "[[day_off]]\nfrom = 2027-01-01\nto = 2027-01-01\nholidays = [\"newyear\"]\n", 4, `holidays = "newyear": không phải mã ngày lễ`},
		{"weekday make-up", "[[make_up]]\ndate = \"2027-05-05\"\n", 2, "phải là Thứ Bảy hoặc Chủ nhật, đây là Thứ Tư"},
		{"make-up inside day off", "[[day_off]]\nfrom = \"2027-05-01\"\nto = \"2027-05-03\"\nholidays = [\"labour_day\"]\n[[make_up]]\ndate = \"2027-05-02\"\n", 5, "nằm trong đợt nghỉ"},
		{"overlap", "[[day_off]]\nfrom = \"2027-05-01\"\nto = \"2027-05-03\"\nholidays = [\"labour_day\"]\n[[day_off]]\nfrom = \"2027-05-03\"\nto = \"2027-05-03\"\nname = \"x\"\n", 5, "đã thuộc đợt nghỉ"},
		{"syntax", "[[day_off]]\nfrom = \"2027-05-01\nto = 1\n", 2, "cú pháp TOML"},
		{"wrong type", "[[day_off]]\nfrom = 5\nto = \"2027-01-01\"\nholidays = [\"new_year\"]\n", 2, "kiểu int64"},
		{"unknown key", "[[day_off]]\nfrom = \"2027-01-01\"\nto = \"2027-01-01\"\nholidays = [\"new_year\"]\nform = 1\n", 5, "form"},
		{"missing name", "[[day_off]]\nfrom = \"2027-01-01\"\nto = \"2027-01-01\"\n", 1, "phải có tên"},
		{"too long", "[[day_off]]\nfrom = \"2027-01-01\"\nto = \"2027-03-01\"\nname = \"x\"\n", 3, "dài hơn 31 ngày"},
		{"datetime", "[[day_off]]\nfrom = 2027-01-01T10:00:00\nto = \"2027-01-01\"\nname = \"x\"\n", 2, "không có giờ"},
	}
	for _, tc := range cases {
		_, err := LoadSchedule(strings.NewReader(tc.src), "admin.toml")
		var de *DataError
		if !errors.As(err, &de) {
			t.Errorf("%s: error %v, want a *DataError", tc.name, err)
			continue
		}
		if de.File != "admin.toml" || (tc.line != 0 && de.Line != tc.line) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %q (line %d), want line %d and %q", tc.name, err, de.Line, tc.line, tc.want)
		}
	}
}

func TestScheduleExtend(t *testing.T) {
	const nationalDay = `
[[day_off]]
from = "2026-08-29"
to = "2026-09-02"
holidays = ["national_day"]
name = "Quốc khánh 2/9"
`
	admin, err := LoadSchedule(strings.NewReader(nationalDay+`
[[day_off]]
from = 02/01/2027
to = 03/01/2027
holidays = ["new_year"]
`), "admin.toml")
	if err == nil {
		t.Fatal("a bare 02/01/2027 is not TOML; want an error")
	}
	admin, err = LoadSchedule(strings.NewReader(nationalDay+`
[[day_off]]
from = "2027-01-01"
to = "03/01/2027"
holidays = ["new_year"]
`), "admin.toml")
	if err != nil {
		t.Fatal(err)
	}
	emb, err := EmbeddedSchedule()
	if err != nil {
		t.Fatal(err)
	}
	// The admin file covers 2026: it replaces all of the embedded 2026.
	cfg := DefaultConfig()
	cfg.Schedule = emb.Extend(admin)
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := c.Year(2026)
	var off []string
	for _, d := range r.DaysOff {
		off = append(off, d.Date.String())
	}
	got := strings.Join(off, " ")
	// New Year, Tết, Giỗ Tổ, 30/4 of 2026 now computed; Quốc khánh from the admin file.
	for _, want := range []string{"2026-08-31", "2026-09-01", "2026-09-02", "2026-02-16", "2026-04-27"} {
		if !strings.Contains(got, want) {
			t.Errorf("2026 days off %s lack %s", got, want)
		}
	}
	if w, r := c.IsWorkingDay(Date{2026, 1, 10}); w {
		t.Errorf("10/01/2026 should no longer be a make-up day: %v", r)
	}
	if w, r := c.IsWorkingDay(Date{2026, 8, 31}); w || r.Kind != OfficialDayOff {
		t.Errorf("31/08/2026: %v %v", w, r)
	}
	// 2024 still from the embedded file.
	if w, _ := c.IsWorkingDay(Date{2024, 5, 4}); !w {
		t.Error("04/05/2024 should stay a make-up day")
	}
}
