package demo

import (
	"bytes"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

// The sample mail (testdata/corpus) was written for 2025–2026. Delivered
// with those dates, every item of the demo would be months overdue. The
// demo moves each message onto the last working days before now, keeping
// its shape: a message that came in office hours comes in office hours of
// one of the last working days (the newest this morning, so that some are
// due within the hour), one that came in the evening or at night of a
// working day comes at that time of an earlier working day, one that came
// on a weekend or a holiday comes on the last day off. Within each shape
// the days keep the order of the originals, each message its time of day.
// What else the demo moves is in ShiftHeaders.

// DemoShiftHeader names the days a message was moved by (whole days, the
// new receipt's date minus the original's). Only a service started with
// derive.Options.DemoDates reads it (tiepnhan demo).
const DemoShiftHeader = "X-Tiepnhan-Demo-Shift-Days"

// workingDays is how many working days back the demo's mail is spread.
const workingDays = 5

// Redate returns the instant each message of orig (the original receipt
// instants) is delivered at in a demo run at now, on calendar cal.
func Redate(orig []time.Time, now time.Time, cal *workday.Calendar) []time.Time {
	now = now.In(workday.Zone)
	out := make([]time.Time, len(orig))
	days, offs := recentDays(now, cal)
	var office, evening, dayOff []int
	for i, t := range orig {
		t = t.In(workday.Zone)
		switch working, _ := cal.IsWorkingDay(workday.DateOf(t)); {
		case !working:
			dayOff = append(dayOff, i)
		case inSessions(t, cal):
			office = append(office, i)
		default:
			evening = append(evening, i)
		}
	}
	byTime := func(idx []int) {
		slices.SortStableFunc(idx, func(a, b int) int { return orig[a].Compare(orig[b]) })
	}
	byTime(office)
	byTime(evening)
	byTime(dayOff)
	first := cal.Config().Sessions[0].Start
	// Office hours: spread over the working days, oldest first, at their
	// time of day; those that fall on today arrive spread between the start
	// of the day and a quarter of an hour ago, so that some are due within
	// the hour (Điều 13 khoản 1: half a working day).
	today := workday.DateOf(now)
	var todays []int
	for k, i := range office {
		d := days[k*len(days)/max(len(office), 1)]
		if d == today {
			todays = append(todays, i)
			continue
		}
		out[i] = at(d, timeOfDay(orig[i]))
	}
	span := timeOfDay(now) - 15*time.Minute - first
	for j, i := range todays {
		out[i] = at(today, first+span*time.Duration(j+1)/time.Duration(len(todays)+1))
	}
	// Evenings and nights of working days: on the earlier working days.
	past := days[:max(len(days)-1, 1)]
	for k, i := range evening {
		out[i] = at(past[k*len(past)/max(len(evening), 1)], timeOfDay(orig[i]))
	}
	// Days off: the last ones before now.
	for k, i := range dayOff {
		out[i] = at(offs[k*len(offs)/max(len(dayOff), 1)], timeOfDay(orig[i]))
	}
	for i := range out {
		if !out[i].Before(now) { // never in the future
			out[i] = now.Add(-time.Duration(len(out)-i) * time.Minute)
		}
	}
	return out
}

// recentDays returns the last workingDays working days up to today (today
// only once office hours have begun) and the non-working days before now
// since the first of them (else the last two before it), oldest first.
func recentDays(now time.Time, cal *workday.Calendar) (days, offs []workday.Date) {
	today := workday.DateOf(now)
	d := today
	if w, _ := cal.IsWorkingDay(today); !w || timeOfDay(now) < cal.Config().Sessions[0].Start+30*time.Minute {
		d = d.AddDays(-1)
	}
	for len(days) < workingDays {
		if w, _ := cal.IsWorkingDay(d); w {
			days = append(days, d)
		} else if d != today {
			offs = append(offs, d)
		}
		d = d.AddDays(-1)
	}
	for len(offs) < 2 {
		if w, _ := cal.IsWorkingDay(d); !w {
			offs = append(offs, d)
		}
		d = d.AddDays(-1)
	}
	slices.Reverse(days)
	slices.SortFunc(offs, func(a, b workday.Date) int { return a.Start().Compare(b.Start()) })
	return days, offs
}

func inSessions(t time.Time, cal *workday.Calendar) bool {
	tod := timeOfDay(t)
	for _, s := range cal.Config().Sessions {
		if tod >= s.Start && tod < s.End {
			return true
		}
	}
	return false
}

func timeOfDay(t time.Time) time.Duration {
	t = t.In(workday.Zone)
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second
}

func at(d workday.Date, tod time.Duration) time.Time { return d.Start().Add(tod) }

// ShiftHeaders rewrites the header of raw for a message moved from its
// original receipt instant from to to: the date of every Received: field
// and of Date: moves by the same amount (a sender's clock a day ahead
// stays a day ahead), and DemoShiftHeader records the whole days moved so
// that the demo service moves the signing date read from the document
// too. The body is left as it is.
func ShiftHeaders(raw []byte, from, to time.Time) []byte {
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	nl := "\r\n"
	if end < 0 {
		if end = bytes.Index(raw, []byte("\n\n")); end < 0 {
			return raw
		}
		nl = "\n"
	}
	delta := to.Sub(from)
	days := int(workday.DateOf(to).Start().Sub(workday.DateOf(from).Start()).Round(time.Hour) / (24 * time.Hour))
	lines := strings.Split(string(raw[:end]), nl)
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d%s", DemoShiftHeader, days, nl)
	for i := 0; i < len(lines); i++ {
		field := lines[i]
		for i+1 < len(lines) && len(lines[i+1]) > 0 && (lines[i+1][0] == ' ' || lines[i+1][0] == '\t') {
			i++
			field += nl + lines[i]
		}
		name, _, _ := strings.Cut(field, ":")
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "received":
			if k := strings.LastIndexByte(field, ';'); k >= 0 {
				if t, err := mail.ParseDate(strings.TrimSpace(strings.ReplaceAll(field[k+1:], nl, " "))); err == nil {
					field = field[:k+1] + " " + t.Add(delta).Format(time.RFC1123Z)
				}
			}
		case "date":
			if _, v, _ := strings.Cut(field, ":"); v != "" {
				if t, err := mail.ParseDate(strings.TrimSpace(strings.ReplaceAll(v, nl, " "))); err == nil {
					field = "Date: " + t.Add(delta).Format(time.RFC1123Z)
				}
			}
		case strings.ToLower(DemoShiftHeader):
			continue // a header from an earlier run is replaced
		}
		b.WriteString(field)
		b.WriteString(nl)
	}
	return append([]byte(b.String()), raw[end+len(nl):]...)
}
