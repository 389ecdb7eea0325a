package classify

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

// EventDate finds the date of the event a news item reports (Điều 10
// khoản 2 counts the sending deadline from it): "Sáng ngày 21/11/2025",
// "ngày 21 tháng 11 năm 2025", "on 27 January 2026". A date introduced by
// "ngày" or "on" wins over a bare date (a dateline); dates after receipt or
// more than 90 days before it are ignored. snippet is the text it read.
func EventDate(text string, received time.Time) (d workday.Date, snippet string, ok bool) {
	if len(text) > 20000 {
		text = text[:20000]
	}
	type cand struct {
		pos       int
		date      workday.Date
		snip      string
		preferred bool
	}
	var cands []cand
	addDate := func(pos int, y, m, day int, snip string, preferred bool) {
		if y < 1900 || y > 2200 {
			return
		}
		dt, err := workday.NewDate(y, time.Month(m), day)
		if err != nil {
			return
		}
		if !received.IsZero() {
			r := workday.DateOf(received)
			if r.Before(dt) || dt.Before(r.AddDays(-90)) {
				return
			}
		}
		cands = append(cands, cand{pos, dt, strings.TrimSpace(snip), preferred})
	}
	for _, m := range viNumeric.FindAllStringSubmatchIndex(text, -1) {
		day, _ := strconv.Atoi(text[m[4]:m[5]])
		mon, _ := strconv.Atoi(text[m[6]:m[7]])
		y, _ := strconv.Atoi(text[m[8]:m[9]])
		addDate(m[0], y, mon, day, text[m[0]:m[1]], m[2] >= 0)
	}
	for _, m := range viDateWords.FindAllStringSubmatchIndex(text, -1) {
		day, _ := strconv.Atoi(text[m[2]:m[3]])
		mon, _ := strconv.Atoi(text[m[4]:m[5]])
		y, _ := strconv.Atoi(text[m[6]:m[7]])
		addDate(m[0], y, mon, day, text[m[0]:m[1]], true)
	}
	for _, m := range enDayMonth.FindAllStringSubmatchIndex(text, -1) {
		day, _ := strconv.Atoi(text[m[4]:m[5]])
		mon := months[strings.ToLower(text[m[6]:m[7]])]
		y, _ := strconv.Atoi(text[m[8]:m[9]])
		addDate(m[0], y, mon, day, text[m[0]:m[1]], m[2] >= 0)
	}
	for _, m := range enMonthDay.FindAllStringSubmatchIndex(text, -1) {
		mon := months[strings.ToLower(text[m[4]:m[5]])]
		day, _ := strconv.Atoi(text[m[6]:m[7]])
		y, _ := strconv.Atoi(text[m[8]:m[9]])
		addDate(m[0], y, mon, day, text[m[0]:m[1]], m[2] >= 0)
	}
	var best *cand
	for i := range cands {
		c := &cands[i]
		if best == nil || (c.preferred && !best.preferred) || (c.preferred == best.preferred && c.pos < best.pos) {
			best = c
		}
	}
	if best == nil {
		return workday.Date{}, "", false
	}
	return best.date, best.snip, true
}

var (
	// "ngày 21/11/2025", "21/11/2025", "21-11-2025", "21.11.2025"
	viNumeric = regexp.MustCompile(`(?i)((?:ngày|ngay)\s+)?\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b`)
	// "ngày 21 tháng 11 năm 2025"
	viDateWords = regexp.MustCompile(`(?i)(?:ngày|ngay)\s+(\d{1,2})\s+(?:tháng|thang)\s+(\d{1,2})\s+(?:năm|nam)\s+(\d{4})`)
	monthNames  = `(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)`
	enDayMonth  = regexp.MustCompile(`(?i)(\bon\s+)?\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+` + monthNames + `,?\s+(\d{4}))\b`)
	enMonthDay  = regexp.MustCompile(`(?i)(\bon\s+)?\b(?:` + monthNames + `\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))\b`)
	months      = map[string]int{"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
		"september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
		"aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
)
