package mailparse

import (
	"net/mail"
	"regexp"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

var (
	reComment  = regexp.MustCompile(`\([^()]*\)`)
	reGMTShift = regexp.MustCompile(`(?i)\b(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b`)
	reWeekday  = regexp.MustCompile(`^[^\d,]{1,20},\s*`)
	reSpaces   = regexp.MustCompile(`\s+`)
)

// Layouts tried after net/mail.ParseDate, most common first. The first group
// carries a zone; the second does not and is read in UTC+07:00.
var (
	zonedLayouts = []string{
		"2 Jan 2006 15:04:05 -0700",
		"2 Jan 2006 15:04 -0700",
		"2 Jan 06 15:04:05 -0700",
		"2 Jan 2006 15:04:05 MST",
		"2 Jan 2006 15:04:05 -0700 MST",
		"Jan 2 15:04:05 -0700 2006",
		"Mon Jan 2 15:04:05 -0700 2006",
		"Mon Jan 2 15:04:05 MST 2006",
		"Jan 2 15:04:05 MST 2006",
		"2 January 2006 15:04:05 -0700",
		"2006-01-02T15:04:05Z07:00",
		"2006-01-02 15:04:05 -0700",
		"2006-01-02 15:04:05 -07:00",
		"2006-01-02 15:04:05Z07:00",
		"02/01/2006 15:04:05 -0700",
		"2 Jan 2006 15:04:05 -07:00",
	}
	localLayouts = []string{
		"2 Jan 2006 15:04:05",
		"2 Jan 2006 15:04",
		"Jan 2 15:04:05 2006",
		"Mon Jan 2 15:04:05 2006", // asctime, as in mbox "From " lines
		"2006-01-02T15:04:05",
		"2006-01-02 15:04:05",
		"2006-01-02 15:04",
		"02/01/2006 15:04:05",
		"02/01/2006 15:04",
		"2/1/2006 15:04:05",
		"2 Jan 2006",
		"2006-01-02",
	}
)

// parseDate reads an RFC 5322 §3.3 date-time, tolerantly: comments, a
// leading day name in any language, "GMT+7" style zones, ISO 8601 and
// day-first numeric dates. zoneless reports a date read in UTC+07:00 for
// want of a zone.
func parseDate(raw string) (t time.Time, ok, zoneless bool) {
	s := strings.TrimSpace(collapseFolding(raw))
	if s == "" {
		return time.Time{}, false, false
	}
	if t, err := mail.ParseDate(s); err == nil {
		return t, true, false
	}
	for i := 0; i < 3 && strings.Contains(s, "("); i++ {
		s = reComment.ReplaceAllString(s, " ")
	}
	s = reGMTShift.ReplaceAllStringFunc(s, func(m string) string {
		g := reGMTShift.FindStringSubmatch(m)
		h, mm := g[2], g[3]
		if len(h) == 1 {
			h = "0" + h
		}
		if mm == "" {
			mm = "00"
		}
		return g[1] + h + mm
	})
	s = reWeekday.ReplaceAllString(strings.TrimSpace(s), "")
	s = strings.TrimSpace(reSpaces.ReplaceAllString(s, " "))
	s = strings.TrimSuffix(s, " UT")
	if t, err := mail.ParseDate(s); err == nil {
		return t, true, false
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true, false
		}
	}
	// A date written without a zone by an office mailer is read in Viet
	// Nam's only zone, UTC+07:00.
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, workday.Zone); err == nil {
			return t, true, true
		}
	}
	return time.Time{}, false, false
}

// receivedDate returns the date of a Received field: the text after its last
// semicolon (RFC 5321 §4.4, RFC 5322 §3.6.7).
func receivedDate(raw string) string {
	i := strings.LastIndexByte(raw, ';')
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(raw[i+1:])
}
