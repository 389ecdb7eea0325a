package deadlines

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/deadline"
)

// TestOffIsNil: without deadlines in the process (a nil *Service, as the
// desk and the job kinds hold it) the reactions of the workflow do
// nothing, so a person's action or a reply goes on without them, and a
// recomputation that needs the rules says they are off.
func TestOffIsNil(t *testing.T) {
	var s *Service
	ctx, at := context.Background(), time.Now()
	if out, err := s.Event(ctx, nil, 1, deadline.Published, at, "user:a"); out != nil || err != nil {
		t.Errorf("Event: %v, %v", out, err)
	}
	if n, err := s.Cancel(ctx, nil, 1, at, "user:a", "closed"); n != 0 || err != nil {
		t.Errorf("Cancel: %d, %v", n, err)
	}
	if err := s.CancelPosting(ctx, nil, 1, at, "system", "forwarded"); err != nil {
		t.Errorf("CancelPosting: %v", err)
	}
	if err := s.Set(ctx, nil, []int64{1, 2}); err != nil {
		t.Errorf("Set: %v", err)
	}
	if err := s.Refresh(ctx, nil, 1, "read"); err != nil {
		t.Errorf("Refresh: %v", err)
	}
	if _, err := s.Replace(ctx, nil, 1, deadline.Facts{}, "user:a", "class"); !errors.Is(err, ErrOff) {
		t.Errorf("Replace: %v, want ErrOff", err)
	}
}
