package view

import (
	"context"
	"time"

	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// DirectoryVersion is one version of the directory of units and people
// (Điều 21 khoản 1, 5: the units update it yearly), as the administrators'
// page lists it: shipped with the program (seed) or stored by a person.
type DirectoryVersion struct {
	Dir       *directory.Directory
	Stored    bool
	CreatedBy string
	CreatedAt time.Time
}

// Absence makes a person of the directory unavailable for routing from one
// day to another.
type Absence struct {
	PersonID  string
	From, To  workday.Date
	Note      string
	CreatedBy string
}

// DirectoryAdmin is what the directory pages need.
type DirectoryAdmin interface {
	// DirectoryVersions lists every version, seed and stored, oldest first
	// (a stored version replaces a seed version of the same day).
	DirectoryVersions(ctx context.Context) ([]DirectoryVersion, error)
	// SaveDirectory stores a version in the name of actor (audited).
	SaveDirectory(ctx context.Context, actor string, d *directory.Directory) error
	// Absences lists the absences that end on or after day.
	Absences(ctx context.Context, day workday.Date) ([]Absence, error)
	// AddAbsence records an absence in the name of actor.
	AddAbsence(ctx context.Context, actor string, a Absence) error
}

// CalendarDay is a day an administrator declared off or working over the
// built-in calendar.
type CalendarDay struct {
	Day       workday.Date
	Kind      string // "day_off" or "working"
	Reason    string
	Actor     string
	UpdatedAt time.Time
}

// CalendarChange is one recorded change of the calendar, with how many open
// deadlines it moved.
type CalendarChange struct {
	At               time.Time
	Actor            string
	Day              workday.Date
	OldKind, NewKind string
	Reason           string
	Moved            int
}

// MovedDeadline is an open deadline a calendar change moved.
type MovedDeadline struct {
	ItemID         int64
	Reference      string
	Rule           string
	OldDue, NewDue time.Time
	OldState       string
	NewState       string
}

// CalendarOutcome is what a calendar change did: nothing when the day had
// that setting already, else the change recorded (ChangeID), the open
// deadlines recomputed and those moved.
type CalendarOutcome struct {
	Changed  bool
	ChangeID int64
	Open     int
	Moved    []MovedDeadline
}

// DayOverride is an administrator's declaration of a day: off
// ("day_off"), working ("working") or back to the built-in calendar ("").
type DayOverride struct {
	Day    workday.Date
	Kind   string
	Reason string
	// Actor is who declares it ("user:NAME" in the UI, the operator's
	// name on the command line), in the audit trail and the deadlines'
	// history.
	Actor string
}

// CalendarAdmin is what the calendar page needs: the administrators' days
// off and make-up working days, whose changes recompute open deadlines.
type CalendarAdmin interface {
	CalendarDays(ctx context.Context) ([]CalendarDay, error)
	CalendarChanges(ctx context.Context, limit int) ([]CalendarChange, error)
	// ChangeCalendar records o and recomputes the open deadlines.
	ChangeCalendar(ctx context.Context, o DayOverride) (CalendarOutcome, error)
	// CalendarYear is year y of the calendar the deadlines count with
	// (built-in rules, official schedules and the declarations above).
	CalendarYear(ctx context.Context, y int) (workday.YearReport, error)
}
