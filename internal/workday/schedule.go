package workday

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/moj-portal/tiepnhan/internal/tomlpos"
)

// schedule.toml holds the official schedules announced for civil servants.
//
//go:embed schedule.toml
var embeddedSchedule []byte

// EmbeddedScheduleName is the file name errors give for the embedded schedule.
const EmbeddedScheduleName = "internal/workday/schedule.toml"

// Schedule is the official yearly schedule of days off and make-up working
// days for civil servants, as announced each year (the Government swaps
// bridge days for Saturdays). For a holiday of a year that the schedule
// declares (DayOff.Holidays, the year of DayOff.To), the schedule replaces
// the computed rule; holidays it does not declare keep the computed rule.
type Schedule struct {
	// File is where the schedule was read from (for messages).
	File    string
	DaysOff []DayOff
	MakeUps []MakeUp
}

// DayOff is a block of consecutive days off (weekends inside it stay
// weekends).
type DayOff struct {
	From, To Date
	// Holidays are the holidays of the year of To that this block
	// replaces; empty for a day off tied to no holiday.
	Holidays []Holiday
	Name     string
	Note     string
	Line     int // line of the entry in File, 0 if unknown
}

// MakeUp is a Saturday or Sunday worked in exchange for a bridge day off.
type MakeUp struct {
	Date Date
	// Replaces is the weekday off it pays for (may be zero).
	Replaces Date
	Note     string
	Line     int
}

// DataError is a bad value in a schedule or rules file: the file, the line
// (0 if unknown), the key and the offending value.
type DataError = tomlpos.Error

// EmbeddedSchedule parses the schedule shipped with the program (the
// official schedules of 2024–2026).
func EmbeddedSchedule() (*Schedule, error) {
	return LoadSchedule(strings.NewReader(string(embeddedSchedule)), EmbeddedScheduleName)
}

// rawSchedule is the TOML form of a schedule file.
type rawSchedule struct {
	DayOff []struct {
		From     any      `toml:"from"`
		To       any      `toml:"to"`
		Holidays []string `toml:"holidays"`
		Name     string   `toml:"name"`
		Note     string   `toml:"note"`
	} `toml:"day_off"`
	MakeUp []struct {
		Date     any    `toml:"date"`
		Replaces any    `toml:"replaces"`
		Note     string `toml:"note"`
	} `toml:"make_up"`
}

// maxScheduleBytes caps what LoadSchedule reads.
const maxScheduleBytes = 1 << 20

// LoadSchedule reads a schedule file (TOML, see schedule.toml for the
// format). name is used in errors. Every error names the file, the line and
// the bad value.
func LoadSchedule(r io.Reader, name string) (*Schedule, error) {
	src, err := io.ReadAll(io.LimitReader(r, maxScheduleBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read schedule %s: %w", name, err)
	}
	if len(src) > maxScheduleBytes {
		return nil, &DataError{File: name, Msg: fmt.Sprintf("tệp lớn hơn %d byte", maxScheduleBytes)}
	}
	var raw rawSchedule
	text := string(src)
	md, err := toml.Decode(text, &raw)
	if err != nil {
		return nil, tomlpos.DecodeError(name, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0].String()
		return nil, &DataError{File: name, Line: tomlpos.KeyLine(text, und[0]), Msg: fmt.Sprintf("khóa %q không được hỗ trợ", k)}
	}
	s := &Schedule{File: name}
	for i, e := range raw.DayOff {
		bad := func(key string, v any, msg string) error {
			return &DataError{File: name, Line: tomlpos.EntryKeyLine(text, "day_off", i, key), Key: key, Value: showValue(v), Msg: msg}
		}
		from, err := dateValue(e.From)
		if err != nil {
			return nil, bad("from", e.From, err.Error())
		}
		to, err := dateValue(e.To)
		if err != nil {
			return nil, bad("to", e.To, err.Error())
		}
		if to.Before(from) {
			return nil, bad("to", e.To, "ngày kết thúc trước ngày bắt đầu "+from.String())
		}
		if to.dayNumber()-from.dayNumber() > 31 {
			return nil, bad("to", e.To, "một đợt nghỉ dài hơn 31 ngày")
		}
		d := DayOff{From: from, To: to, Name: strings.TrimSpace(e.Name), Note: strings.TrimSpace(e.Note), Line: tomlpos.EntryLine(text, "day_off", i, "")}
		for _, h := range e.Holidays {
			if !Holiday(h).Valid() {
				return nil, bad("holidays", h, "không phải mã ngày lễ ("+holidayList()+")")
			}
			d.Holidays = append(d.Holidays, Holiday(h))
		}
		if d.Name == "" {
			if len(d.Holidays) == 0 {
				return nil, bad("name", "", "đợt nghỉ không gắn ngày lễ nào phải có tên")
			}
			d.Name = d.Holidays[0].Name()
		}
		s.DaysOff = append(s.DaysOff, d)
	}
	for i, e := range raw.MakeUp {
		bad := func(key string, v any, msg string) error {
			return &DataError{File: name, Line: tomlpos.EntryKeyLine(text, "make_up", i, key), Key: key, Value: showValue(v), Msg: msg}
		}
		d, err := dateValue(e.Date)
		if err != nil {
			return nil, bad("date", e.Date, err.Error())
		}
		if w := d.Weekday(); w != time.Saturday && w != time.Sunday {
			return nil, bad("date", e.Date, "ngày làm bù phải là Thứ Bảy hoặc Chủ nhật, đây là "+weekdayVN(w))
		}
		m := MakeUp{Date: d, Note: strings.TrimSpace(e.Note), Line: tomlpos.EntryLine(text, "make_up", i, "")}
		if e.Replaces != nil {
			if m.Replaces, err = dateValue(e.Replaces); err != nil {
				return nil, bad("replaces", e.Replaces, err.Error())
			}
		}
		s.MakeUps = append(s.MakeUps, m)
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	return s, nil
}

// check rejects a day declared both off and worked, or off twice.
func (s *Schedule) check() error {
	off := map[int]DayOff{}
	for _, d := range s.DaysOff {
		for dn := d.From.dayNumber(); dn <= d.To.dayNumber(); dn++ {
			if prev, ok := off[dn]; ok {
				return &DataError{File: s.File, Line: d.Line, Key: "from", Value: d.From.String(),
					Msg: fmt.Sprintf("ngày %s đã thuộc đợt nghỉ %q (dòng %d)", fromDayNumber(dn), prev.Name, prev.Line)}
			}
			off[dn] = d
		}
	}
	seen := map[int]int{}
	for _, m := range s.MakeUps {
		dn := m.Date.dayNumber()
		if d, ok := off[dn]; ok {
			return &DataError{File: s.File, Line: m.Line, Key: "date", Value: m.Date.String(),
				Msg: fmt.Sprintf("ngày làm bù nằm trong đợt nghỉ %q (dòng %d)", d.Name, d.Line)}
		}
		if l, ok := seen[dn]; ok {
			return &DataError{File: s.File, Line: m.Line, Key: "date", Value: m.Date.String(),
				Msg: fmt.Sprintf("ngày làm bù đã khai báo ở dòng %d", l)}
		}
		seen[dn] = m.Line
	}
	return nil
}

// Years lists the years the schedule has entries for (the year of each
// block's last day and of each make-up day), ascending.
func (s *Schedule) Years() []int {
	set := map[int]bool{}
	for _, d := range s.DaysOff {
		set[d.To.Year] = true
	}
	for _, m := range s.MakeUps {
		set[m.Date.Year] = true
	}
	out := make([]int, 0, len(set))
	for y := range set {
		out = append(out, y)
	}
	sort.Ints(out)
	return out
}

// Extend returns a schedule made of s, with every year that o has entries
// for taken from o instead (an administrator's file overriding or adding
// years to the embedded one).
func (s *Schedule) Extend(o *Schedule) *Schedule {
	over := map[int]bool{}
	for _, y := range o.Years() {
		over[y] = true
	}
	out := &Schedule{File: s.File + " + " + o.File}
	for _, d := range s.DaysOff {
		if !over[d.To.Year] {
			out.DaysOff = append(out.DaysOff, d)
		}
	}
	for _, m := range s.MakeUps {
		if !over[m.Date.Year] {
			out.MakeUps = append(out.MakeUps, m)
		}
	}
	out.DaysOff = append(out.DaysOff, o.DaysOff...)
	out.MakeUps = append(out.MakeUps, o.MakeUps...)
	return out
}

// dateValue accepts a TOML local date or a string YYYY-MM-DD / DD/MM/YYYY.
func dateValue(v any) (Date, error) {
	switch x := v.(type) {
	case nil:
		return Date{}, errors.New("thiếu ngày")
	case string:
		return ParseDate(x)
	case time.Time:
		if x.Hour() != 0 || x.Minute() != 0 || x.Second() != 0 || x.Nanosecond() != 0 {
			return Date{}, errors.New("cần một ngày, không có giờ")
		}
		return Date{x.Year(), x.Month(), x.Day()}, nil
	default:
		return Date{}, fmt.Errorf("cần một ngày (YYYY-MM-DD), không phải kiểu %T", v)
	}
}

func showValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "(trống)"
	case string:
		return fmt.Sprintf("%q", x)
	case time.Time:
		return x.Format("2006-01-02T15:04:05")
	}
	return fmt.Sprint(v)
}

func holidayList() string {
	var ids []string
	for _, h := range Holidays() {
		ids = append(ids, string(h))
	}
	return strings.Join(ids, ", ")
}
