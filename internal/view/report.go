package view

import "time"

// Timeliness counts items finished on time and late.
type Timeliness struct {
	Key    string // month "2026-03", timing class, unit, person
	OnTime int
	Late   int
	Open   int // still open and overdue now
}

// Finished is how many deadlines ended in the period, on time or late.
func (t Timeliness) Finished() int { return t.OnTime + t.Late }

// Rate is the share of the finished deadlines that ended on time, in
// percent; ok is false when none finished: there is then no rate (a
// figure of 100 % over nothing misled managers).
func (t Timeliness) Rate() (rate float64, ok bool) {
	if t.Finished() == 0 {
		return 0, false
	}
	return 100 * float64(t.OnTime) / float64(t.Finished()), true
}

// Outcomes of a deadline on the dashboard: ended on time, ended late, or
// still open and overdue now.
const (
	OutcomeOnTime = "on_time"
	OutcomeLate   = "late"
	OutcomeOpen   = "open"
	// OutcomeConfirmed: a publication the Portal's feed showed, confirmed
	// (ByFeed).
	OutcomeConfirmed = "confirmed"
)

// Groupings of the dashboard's timeliness.
const (
	ByMonth  = "month"
	ByTiming = "timing"
	ByUnit   = "unit"
	ByPerson = "person"
	// ByFeed lists the posting deadlines of the items whose publication
	// was confirmed from the Portal's feed in the period.
	ByFeed = "feed"
)

// DashboardQuery selects the deadlines behind one figure of the dashboard:
// those of group Key in grouping By with the given outcome, in [From, To).
type DashboardQuery struct {
	By, Key, Outcome string
	From, To         time.Time
}

// DashboardItem is one deadline behind a dashboard figure, with its item.
type DashboardItem struct {
	ID        int64
	Reference string
	Subject   string
	Unit      string
	Timing    string
	State     string // the item's state
	Rule      string // "13.1"
	Deadline  string // the deadline's state
	Due       time.Time
	Stopped   *time.Time
	Person    string
}

// Dashboard is the managers' view: timeliness of posting (Điều 13) over
// time and by class, unit and person; the providers' timeliness by unit
// (Điều 10, from the 14.6 screening ground); the overdue list.
type Dashboard struct {
	From, To  time.Time
	ByMonth   []Timeliness
	ByTiming  []Timeliness
	ByUnit    []Timeliness
	ByPerson  []Timeliness
	Provider  []Timeliness // Điều 10 per unit: OnTime = sent in time, Late = 14.6
	Overdue   []Row
	OpenCount int
	// FeedConfirmed counts the publications confirmed from the Portal's
	// feed in the period (issue 14: publication seen, not typed).
	FeedConfirmed int
}

// YearReport is the yearly summary of Điều 22: volumes by Điều 8
// category, timeliness by unit, refusals by Điều 14 ground.
type YearReport struct {
	Year       int
	Received   int
	ByCategory []Count
	ByKind     []Count
	ByUnit     []Timeliness
	Refusals   []Count
	Takedowns  []Count
}

// Count is a labelled number.
type Count struct {
	Key string
	N   int
}
