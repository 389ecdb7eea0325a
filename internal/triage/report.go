package triage

import "time"

// Timeliness counts items finished on time and late.
type Timeliness struct {
	Key    string // month "2026-03", timing class, unit, person
	OnTime int
	Late   int
	Open   int // still open and overdue now
}

// Rate is the share finished on time, in percent (100 when none finished).
func (t Timeliness) Rate() float64 {
	if t.OnTime+t.Late == 0 {
		return 100
	}
	return 100 * float64(t.OnTime) / float64(t.OnTime+t.Late)
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
