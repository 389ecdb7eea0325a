package workday

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "lunar", name))
	if err != nil {
		t.Fatalf("open vectors: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	if len(rows) < 2 {
		t.Fatalf("%s has no rows", name)
	}
	return rows[1:]
}

func mustDate(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestTetAndGioToVectors compares Tết and Giỗ Tổ of every year 1900–2100
// with the vectors of the independent amlich implementation.
func TestTetAndGioToVectors(t *testing.T) {
	rows := readCSV(t, "tet_gioto.csv")
	if len(rows) != 201 {
		t.Fatalf("want 201 years 1900–2100, got %d rows", len(rows))
	}
	for _, r := range rows {
		y, _ := strconv.Atoi(r[0])
		tet, err := LunarToSolar(LunarDate{Year: y, Month: 1, Day: 1})
		if err != nil || tet != mustDate(t, r[1]) {
			t.Errorf("Tết %d = %v (%v), want %s", y, tet, err, r[1])
		}
		gt, err := LunarToSolar(LunarDate{Year: y, Month: 3, Day: 10})
		if err != nil || gt != mustDate(t, r[2]) {
			t.Errorf("Giỗ Tổ %d = %v (%v), want %s", y, gt, err, r[2])
		}
		// And back.
		if l := SolarToLunar(tet); l != (LunarDate{Year: y, Month: 1, Day: 1}) {
			t.Errorf("SolarToLunar(%v) = %v, want 1/1/%d", tet, l, y)
		}
	}
}

// TestLunarDayVectors compares every sampled day (all month starts, the
// ends of leap months, every 29th day) both ways.
func TestLunarDayVectors(t *testing.T) {
	rows := readCSV(t, "days.csv")
	leaps := 0
	for _, r := range rows {
		d := mustDate(t, r[0])
		ly, _ := strconv.Atoi(r[1])
		lm, _ := strconv.Atoi(r[2])
		ld, _ := strconv.Atoi(r[3])
		want := LunarDate{Year: ly, Month: lm, Day: ld, Leap: r[4] == "1"}
		if want.Leap {
			leaps++
		}
		if got := SolarToLunar(d); got != want {
			t.Errorf("SolarToLunar(%v) = %+v, want %+v", d, got, want)
			continue
		}
		if got, err := LunarToSolar(want); err != nil || got != d {
			t.Errorf("LunarToSolar(%+v) = %v, %v; want %v", want, got, err, d)
		}
	}
	if leaps < 100 {
		t.Fatalf("only %d leap-month rows: the vectors do not exercise leap months", leaps)
	}
}

// TestTetDiffersFromChina pins the years where Vietnam's UTC+7 calendar
// and China's UTC+8 one disagree.
func TestTetDiffersFromChina(t *testing.T) {
	for _, c := range []struct {
		year int
		want Date
	}{
		{2007, Date{2007, time.February, 17}}, // China: 18/02
		{2030, Date{2030, time.February, 2}},  // China: 03/02
		{2024, Date{2024, time.February, 10}},
		{2025, Date{2025, time.January, 29}},
		{2026, Date{2026, time.February, 17}},
	} {
		got, err := LunarToSolar(LunarDate{Year: c.year, Month: 1, Day: 1})
		if err != nil || got != c.want {
			t.Errorf("Tết %d = %v (%v), want %v", c.year, got, err, c.want)
		}
	}
	for y, want := range map[int]Date{2024: {2024, 4, 18}, 2025: {2025, 4, 7}, 2026: {2026, 4, 26}, 2030: {2030, 4, 12}} {
		if got, _ := LunarToSolar(LunarDate{Year: y, Month: 3, Day: 10}); got != want {
			t.Errorf("Giỗ Tổ %d = %v, want %v", y, got, want)
		}
	}
}

func TestLunarToSolarRejects(t *testing.T) {
	// 2025 has a leap 6th month (tháng 6 nhuận Ất Tỵ); 2024 has none.
	if m := LeapMonth(2025); m != 6 {
		t.Fatalf("LeapMonth(2025) = %d, want 6", m)
	}
	if m := LeapMonth(2024); m != 0 {
		t.Fatalf("LeapMonth(2024) = %d, want 0", m)
	}
	for _, l := range []LunarDate{
		{Year: 2024, Month: 6, Day: 1, Leap: true}, // no leap month in 2024
		{Year: 2025, Month: 5, Day: 1, Leap: true}, // the leap month is 6
		{Year: 2025, Month: 13, Day: 1},
		{Year: 2025, Month: 1, Day: 0},
		{Year: 2025, Month: 1, Day: 31},
	} {
		if d, err := LunarToSolar(l); err == nil {
			t.Errorf("LunarToSolar(%+v) = %v, want an error", l, d)
		}
	}
	// A 30th in a 29-day month is rejected; a month has 29 or 30 days.
	for m := 1; m <= 12; m++ {
		l := LunarDate{Year: 2025, Month: m, Day: 30}
		d, err := LunarToSolar(l)
		if err == nil {
			if back := SolarToLunar(d); back != l {
				t.Errorf("30/%d/2025 → %v → %+v", m, d, back)
			}
		} else if _, err29 := LunarToSolar(LunarDate{Year: 2025, Month: m, Day: 29}); err29 != nil {
			t.Errorf("month %d/2025 has neither 29 nor 30 days: %v", m, err29)
		}
	}
}
