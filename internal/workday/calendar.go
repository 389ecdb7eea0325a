package workday

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Session is one span of office hours within a day, as offsets from 00:00
// (UTC+7): Start inclusive, End exclusive.
type Session struct {
	Start, End time.Duration
}

// Config describes a working calendar. The zero value is not valid; start
// from DefaultConfig.
type Config struct {
	// Sessions are the office hours of a working day, in order. Default
	// 08:00–12:00 and 13:00–17:00 (common practice in Hà Nội; not verified
	// for the Ministry, hence configurable).
	Sessions []Session
	// TetDays are the days off of Tết Âm lịch for years without an
	// official schedule, as offsets from 1/1 lunar. Default -1..3: the last
	// day of the lunar year and the first four days of the new year.
	TetDays []int
	// NationalDayAdjacent is the day next to 2/9 that is also off in years
	// without an official schedule: -1 (1/9, the default) or +1 (3/9).
	NationalDayAdjacent int
	// CultureDay makes 24/11 ("Ngày Văn hóa Việt Nam") a holiday. Off by
	// default: whether it is in force is unverified.
	CultureDay bool
	// Schedule is the official yearly schedules. Nil means the embedded
	// one (2024–2026); an empty &Schedule{} means none.
	Schedule *Schedule
}

// DefaultConfig is the calendar of the Ministry with the embedded schedule.
func DefaultConfig() Config {
	return Config{
		Sessions: []Session{
			{8 * time.Hour, 12 * time.Hour},
			{13 * time.Hour, 17 * time.Hour},
		},
		TetDays:             []int{-1, 0, 1, 2, 3},
		NationalDayAdjacent: -1,
	}
}

// Calendar is a working calendar built from a Config. It is safe for
// concurrent use; per-year day tables are built on first use and kept.
type Calendar struct {
	cfg      Config
	sched    *Schedule
	dayLen   time.Duration
	official map[int]map[Holiday]bool // year → holidays the schedule declares
	offDays  map[int]Reason           // day number → official day off (weekdays and weekends)
	makeUps  map[int]Reason           // day number → make-up working day

	cached [cacheYears]atomic.Pointer[yearTable]
	mu     sync.Mutex
	other  map[int]*yearTable // years outside the cached range
}

const (
	cacheFirstYear = 1900
	cacheYears     = 300 // 1900–2199
)

// yearTable is the precomputed state of one Gregorian year.
type yearTable struct {
	year    int
	first   int      // day number of 1 January
	n       int      // days in the year
	working []bool   // by day of year (0-based)
	cum     []uint16 // cum[i]: working days among days [0, i); len n+1
	idx     []uint16 // days of year of the working days, ascending
	special map[int]Reason
}

func (t *yearTable) total() int { return int(t.cum[t.n]) }

// New validates cfg and builds a Calendar. Errors name the setting.
func New(cfg Config) (*Calendar, error) {
	if len(cfg.Sessions) == 0 {
		return nil, errors.New("workday: sessions: cần ít nhất một buổi làm việc")
	}
	var dayLen time.Duration
	prevEnd := time.Duration(0)
	for i, s := range cfg.Sessions {
		if s.Start < prevEnd || s.End <= s.Start || s.End > 24*time.Hour || s.Start < 0 {
			return nil, fmt.Errorf("workday: sessions[%d] = %s–%s: buổi làm việc không hợp lệ (phải tăng dần, không chồng lấn, trong 00:00–24:00)",
				i, clock(s.Start), clock(s.End))
		}
		dayLen += s.End - s.Start
		prevEnd = s.End
	}
	if len(cfg.TetDays) == 0 {
		return nil, errors.New("workday: tet_days: cần ít nhất một ngày nghỉ Tết")
	}
	for _, o := range cfg.TetDays {
		if o < -15 || o > 15 {
			return nil, fmt.Errorf("workday: tet_days = %d: phải nằm trong khoảng -15..15 ngày quanh mùng 1 Tết", o)
		}
	}
	if cfg.NationalDayAdjacent != -1 && cfg.NationalDayAdjacent != 1 {
		return nil, fmt.Errorf("workday: national_day_adjacent = %d: phải là -1 (1/9) hoặc 1 (3/9)", cfg.NationalDayAdjacent)
	}
	cfg.Sessions = append([]Session(nil), cfg.Sessions...)
	cfg.TetDays = append([]int(nil), cfg.TetDays...)
	sched := cfg.Schedule
	if sched == nil {
		var err error
		if sched, err = EmbeddedSchedule(); err != nil {
			return nil, err
		}
	}
	c := &Calendar{
		cfg: cfg, sched: sched, dayLen: dayLen,
		official: map[int]map[Holiday]bool{},
		offDays:  map[int]Reason{},
		makeUps:  map[int]Reason{},
		other:    map[int]*yearTable{},
	}
	for _, d := range sched.DaysOff {
		y := d.To.Year
		if c.official[y] == nil {
			c.official[y] = map[Holiday]bool{}
		}
		var h Holiday
		for _, x := range d.Holidays {
			c.official[y][x] = true
		}
		if len(d.Holidays) > 0 {
			h = d.Holidays[0]
		}
		for dn := d.From.dayNumber(); dn <= d.To.dayNumber(); dn++ {
			c.offDays[dn] = Reason{Kind: OfficialDayOff, Holiday: h, Name: d.Name, Year: y, Note: d.Note}
		}
	}
	for _, m := range sched.MakeUps {
		c.makeUps[m.Date.dayNumber()] = Reason{Kind: MakeUpWorkday, Year: m.Date.Year, Note: m.Note}
	}
	return c, nil
}

// Config returns the configuration the calendar was built from.
func (c *Calendar) Config() Config { return c.cfg }

// DayLength is the working time of one working day (8 h by default).
func (c *Calendar) DayLength() time.Duration { return c.dayLen }

// IsWorkingDay reports whether d is a working day, and why.
func (c *Calendar) IsWorkingDay(d Date) (bool, Reason) {
	r := c.reason(d.dayNumber())
	return r.Working(), r
}

func (c *Calendar) reason(dn int) Reason {
	t, off := c.tableOf(dn)
	if r, ok := t.special[off]; ok {
		return r
	}
	if isWeekendDay(dn) {
		return Reason{Kind: Weekend}
	}
	return Reason{Kind: Ordinary}
}

// working reports whether day number dn is a working day (fast path).
func (c *Calendar) working(dn int) bool {
	t, off := c.tableOf(dn)
	return t.working[off]
}

// tableOf returns the table of the year of day number dn and dn's day of
// that year.
func (c *Calendar) tableOf(dn int) (*yearTable, int) {
	y := fromDayNumber(dn).Year
	t := c.table(y)
	return t, dn - t.first
}

// table returns the (possibly newly built) table of year y.
func (c *Calendar) table(y int) *yearTable {
	if i := y - cacheFirstYear; i >= 0 && i < cacheYears {
		if t := c.cached[i].Load(); t != nil {
			return t
		}
		t := c.build(y)
		c.cached[i].Store(t)
		return t
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.other[y]; ok {
		return t
	}
	t := c.build(y)
	if len(c.other) > 64 { // keep memory bounded for far-off years
		clear(c.other)
	}
	c.other[y] = t
	return t
}

// build computes the day table of year y.
func (c *Calendar) build(y int) *yearTable {
	first := Date{y, time.January, 1}.dayNumber()
	n := Date{y + 1, time.January, 1}.dayNumber() - first
	t := &yearTable{year: y, first: first, n: n,
		working: make([]bool, n), cum: make([]uint16, n+1), special: map[int]Reason{}}
	// Official days off and make-up days that fall in y.
	for dn, r := range c.offDays {
		if off := dn - first; off >= 0 && off < n {
			if isWeekendDay(dn) {
				t.special[off] = Reason{Kind: Weekend, Holiday: r.Holiday, Name: r.Name, Year: r.Year}
			} else {
				t.special[off] = r
			}
		}
	}
	for dn, r := range c.makeUps {
		if off := dn - first; off >= 0 && off < n {
			t.special[off] = r
		}
	}
	// Computed holidays of the neighbouring years too: their blocks and
	// compensatory days may cross into y.
	for hy := y - 1; hy <= y+1; hy++ {
		blocked := func(dn int) bool {
			_, off := c.offDays[dn]
			_, mk := c.makeUps[dn]
			return off || mk
		}
		for _, h := range c.computedHolidays(hy, c.official[hy], blocked) {
			off := h.day - first
			if off < 0 || off >= n {
				continue
			}
			if _, taken := t.special[off]; taken {
				continue // an official entry of that day wins
			}
			if isWeekendDay(h.day) {
				t.special[off] = Reason{Kind: Weekend, Holiday: h.reason.Holiday, Name: h.reason.Name, Year: hy}
				continue
			}
			t.special[off] = h.reason
		}
	}
	for off := 0; off < n; off++ {
		w := !isWeekendDay(first + off)
		if r, ok := t.special[off]; ok {
			w = r.Working()
		}
		t.working[off] = w
		t.cum[off+1] = t.cum[off]
		if w {
			t.cum[off+1]++
			t.idx = append(t.idx, uint16(off))
		}
	}
	return t
}

// YearReport lists the non-working weekdays and the make-up working days of
// a year, with their reasons.
type YearReport struct {
	Year int
	// DaysOff are the Monday–Friday days that are not working days.
	DaysOff []DayReason
	// MakeUpDays are the Saturdays and Sundays that are working days.
	MakeUpDays []DayReason
	// Official are the holidays of the year taken from an official
	// schedule; the others are computed by rule.
	Official []Holiday
	// WorkingDays counts the working days of the year.
	WorkingDays int
}

// DayReason is a day with its reason.
type DayReason struct {
	Date   Date
	Reason Reason
}

// Year reports year y.
func (c *Calendar) Year(y int) YearReport {
	t := c.table(y)
	r := YearReport{Year: y, WorkingDays: t.total()}
	offs := make([]int, 0, len(t.special))
	for off := range t.special {
		offs = append(offs, off)
	}
	sort.Ints(offs)
	for _, off := range offs {
		dn := t.first + off
		rs := t.special[off]
		switch {
		case !isWeekendDay(dn) && !rs.Working():
			r.DaysOff = append(r.DaysOff, DayReason{fromDayNumber(dn), rs})
		case isWeekendDay(dn) && rs.Working():
			r.MakeUpDays = append(r.MakeUpDays, DayReason{fromDayNumber(dn), rs})
		}
	}
	for _, h := range Holidays() {
		if c.official[y][h] {
			r.Official = append(r.Official, h)
		}
	}
	return r
}

// clock formats an offset from midnight as HH:MM.
func clock(d time.Duration) string {
	m := int(d / time.Minute)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}
