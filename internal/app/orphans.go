package app

import (
	"context"
	"time"

	"github.com/moj-portal/tiepnhan/internal/periodic"
)

// orphanSweep is how often this process looks for its jobs whose
// completion a database switch lost (workers.Orphans).
const orphanSweep = 15 * time.Second

// sweepOrphans runs workers.Orphans.Sweep every orphanSweep until ctx
// ends: after the switch to the standby, a job whose completion was lost
// runs again within a minute instead of after workers.rescue_after
// (Điều 6 khoản 3). A failed sweep (the database away) waits for the next.
func (s *Service) sweepOrphans(ctx context.Context) {
	periodic.Every(ctx, orphanSweep, func() bool {
		ids, err := s.orphans.Sweep(ctx, s.Pool, s.River.ID())
		switch {
		case err != nil && ctx.Err() == nil:
			s.log.Debug("orphaned jobs not swept", "err", err)
		case len(ids) > 0:
			s.log.Warn("jobs whose completion was lost run again", "jobs", ids)
		}
		return true
	})
}
