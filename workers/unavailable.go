package workers

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// UnavailableSnooze is how long a job that failed because the database was
// unreachable waits before it runs again.
const UnavailableSnooze = time.Second

// RetryWhenUnavailable is River middleware: a job that fails because the
// database went away (a restart, the switch to the standby) is snoozed for
// UnavailableSnooze instead of failing. River's own policy would wait
// attempt⁴ seconds (16 s after a second failure, 81 s after a third) and
// count the attempt, so that an outage of a few seconds would hold the
// intake back for minutes (Điều 6 khoản 3: the standby must take over at
// once); a snooze counts no attempt.
type RetryWhenUnavailable struct {
	river.MiddlewareDefaults
}

// Work implements rivertype.WorkerMiddleware.
func (RetryWhenUnavailable) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	err := doInner(ctx)
	if err != nil && postgres.Unavailable(err) && ctx.Err() == nil {
		return river.JobSnooze(UnavailableSnooze)
	}
	return err
}
