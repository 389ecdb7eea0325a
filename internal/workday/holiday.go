package workday

import (
	"fmt"
	"sort"
	"time"
)

// Holiday identifies a public holiday of the Labor Code 2019, Điều 112
// khoản 1 (and 24/11, see CultureDay). The string is the identifier used in
// schedule files.
type Holiday string

// The public holidays of Bộ luật Lao động 2019, Điều 112 khoản 1.
const (
	NewYear       Holiday = "new_year"      // Tết Dương lịch, 1/1 (điểm a)
	LunarNewYear  Holiday = "tet"           // Tết Âm lịch, 5 ngày (điểm b)
	Reunification Holiday = "reunification" // Ngày Chiến thắng, 30/4 (điểm c)
	LabourDay     Holiday = "labour_day"    // Ngày Quốc tế lao động, 1/5 (điểm d)
	NationalDay   Holiday = "national_day"  // Quốc khánh, 2/9 và 1 ngày liền kề (điểm đ)
	HungKings     Holiday = "hung_kings"    // Giỗ Tổ Hùng Vương, 10/3 âm lịch (điểm e)
	// CultureDay is 24/11, "Ngày Văn hóa Việt Nam", chosen as a paid day off
	// by Politburo Resolution 80-NQ/TW; whether it is in force is unverified,
	// so it is off unless Config.CultureDay is set.
	CultureDay Holiday = "culture_day"
)

var holidayNames = map[Holiday]string{
	NewYear:       "Tết Dương lịch",
	LunarNewYear:  "Tết Nguyên đán",
	Reunification: "Ngày Chiến thắng 30/4",
	LabourDay:     "Ngày Quốc tế Lao động 1/5",
	NationalDay:   "Quốc khánh 2/9",
	HungKings:     "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
	CultureDay:    "Ngày Văn hóa Việt Nam 24/11",
}

// Holidays lists every Holiday identifier in calendar order.
func Holidays() []Holiday {
	return []Holiday{NewYear, LunarNewYear, HungKings, Reunification, LabourDay, NationalDay, CultureDay}
}

// Name is the Vietnamese name of h.
func (h Holiday) Name() string {
	if n, ok := holidayNames[h]; ok {
		return n
	}
	return string(h)
}

// Valid reports whether h is a known identifier.
func (h Holiday) Valid() bool { _, ok := holidayNames[h]; return ok }

// ReasonKind classifies a day of the calendar.
type ReasonKind uint8

// Kinds of days.
const (
	// Ordinary is a Monday–Friday working day.
	Ordinary ReasonKind = iota
	// Weekend is a Saturday or Sunday (QĐ 188/1999/QĐ-TTg: 40 hours over
	// Monday–Friday).
	Weekend
	// PublicHoliday is a holiday computed from Điều 112 khoản 1 BLLĐ 2019.
	PublicHoliday
	// Compensatory is a computed day off for a holiday that fell on a
	// weekend (Điều 111 khoản 3 BLLĐ 2019: the next working day).
	Compensatory
	// OfficialDayOff is a day off of an official yearly schedule.
	OfficialDayOff
	// MakeUpWorkday is a Saturday or Sunday worked in exchange for a bridge
	// day off, by an official yearly schedule.
	MakeUpWorkday
)

// Reason says why a day is, or is not, a working day.
type Reason struct {
	Kind ReasonKind
	// Holiday is the holiday behind a PublicHoliday, Compensatory or
	// OfficialDayOff day (empty for an official day off not tied to one).
	Holiday Holiday
	// Name is the Vietnamese name of the holiday or of the schedule entry.
	Name string
	// Year is the year of the official schedule (OfficialDayOff,
	// MakeUpWorkday), or of the holiday for computed days.
	Year int
	// Note is free text from the schedule (e.g. which day a make-up
	// Saturday replaces) or about the computation.
	Note string
}

// Working reports whether a day with this reason is a working day.
func (r Reason) Working() bool { return r.Kind == Ordinary || r.Kind == MakeUpWorkday }

// String explains the reason in Vietnamese.
func (r Reason) String() string {
	var s string
	switch r.Kind {
	case Ordinary:
		return "ngày làm việc bình thường"
	case Weekend:
		s = "nghỉ cuối tuần"
		if r.Name != "" {
			s += " (trong kỳ nghỉ " + r.Name + ")"
		}
		return s
	case PublicHoliday:
		s = fmt.Sprintf("nghỉ lễ %s năm %d (Điều 112 Bộ luật Lao động 2019, tính theo quy tắc)", r.Name, r.Year)
	case Compensatory:
		s = fmt.Sprintf("nghỉ bù %s năm %d trùng ngày nghỉ cuối tuần (Điều 111 khoản 3 Bộ luật Lao động 2019)", r.Name, r.Year)
	case OfficialDayOff:
		s = fmt.Sprintf("nghỉ %s theo lịch nghỉ chính thức năm %d", r.Name, r.Year)
	case MakeUpWorkday:
		s = fmt.Sprintf("ngày làm bù theo lịch nghỉ chính thức năm %d", r.Year)
	}
	if r.Note != "" {
		s += "; " + r.Note
	}
	return s
}

// holidayDay is one day off produced by the computed rules.
type holidayDay struct {
	day    int // day number
	reason Reason
}

// computedHolidays returns the days off the rules of the Labor Code give for
// the holidays of year y, except those in skip (covered by an official
// schedule), sorted by day, with compensatory days added. blocked reports
// extra days (official days off) a compensatory day must not land on.
func (c *Calendar) computedHolidays(y int, skip map[Holiday]bool, blocked func(dn int) bool) []holidayDay {
	var out []holidayDay
	add := func(h Holiday, d Date, note string) {
		if skip[h] {
			return
		}
		out = append(out, holidayDay{d.dayNumber(), Reason{Kind: PublicHoliday, Holiday: h, Name: h.Name(), Year: y, Note: note}})
	}
	add(NewYear, Date{y, time.January, 1}, "")
	// Tết: the Prime Minister picks 5 days around 1/1 lunar (Điều 112
	// khoản 1 điểm b); the fallback pick is configurable.
	if tet, err := LunarToSolar(LunarDate{Year: y, Month: 1, Day: 1}); err == nil {
		for _, off := range c.cfg.TetDays {
			add(LunarNewYear, tet.AddDays(off), tetNote(off))
		}
	}
	if gt, err := LunarToSolar(LunarDate{Year: y, Month: 3, Day: 10}); err == nil {
		add(HungKings, gt, "")
	}
	add(Reunification, Date{y, time.April, 30}, "")
	add(LabourDay, Date{y, time.May, 1}, "")
	// Quốc khánh: 2/9 and one adjacent day before or after (Điều 112
	// khoản 1 điểm đ); which one is picked yearly, the fallback is
	// configurable.
	nd := Date{y, time.September, 2}
	add(NationalDay, nd, "")
	add(NationalDay, nd.AddDays(c.cfg.NationalDayAdjacent), "ngày liền kề Quốc khánh (quy tắc dự phòng)")
	if c.cfg.CultureDay {
		add(CultureDay, Date{y, time.November, 24}, "bật bằng cấu hình (chưa xác minh hiệu lực)")
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].day < out[j].day })
	// Two holidays on one day (Giỗ Tổ may fall on 30/4 or 1/5): keep one.
	dedup := out[:0]
	for i, h := range out {
		if i > 0 && h.day == dedup[len(dedup)-1].day {
			dedup[len(dedup)-1].reason.Note = joinNote(dedup[len(dedup)-1].reason.Note, "trùng "+h.reason.Name)
			continue
		}
		dedup = append(dedup, h)
	}
	out = dedup
	// Điều 111 khoản 3: a holiday on a weekly rest day gives a day off on
	// the next working day.
	taken := make(map[int]bool, len(out))
	for _, h := range out {
		taken[h.day] = true
	}
	n := len(out)
	for i := 0; i < n; i++ {
		h := out[i]
		if !isWeekendDay(h.day) {
			continue
		}
		d := h.day + 1
		for isWeekendDay(d) || taken[d] || (blocked != nil && blocked(d)) {
			d++
		}
		taken[d] = true
		r := h.reason
		r.Kind = Compensatory
		r.Note = fmt.Sprintf("%s %s là ngày nghỉ cuối tuần", weekdayVN(fromDayNumber(h.day).Weekday()), fromDayNumber(h.day).VN())
		out = append(out, holidayDay{d, r})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].day < out[j].day })
	return out
}

func tetNote(off int) string {
	switch {
	case off < 0:
		return fmt.Sprintf("%d ngày trước mùng 1 Tết (quy tắc dự phòng)", -off)
	case off == 0:
		return "mùng 1 Tết"
	default:
		return fmt.Sprintf("mùng %d Tết", off+1)
	}
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func isWeekendDay(dn int) bool {
	w := mod(dn+4, 7) // 0 = Sunday
	return w == 0 || w == 6
}
