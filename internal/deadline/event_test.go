package deadline

import (
	"testing"
	"time"
)

// TestOnEvent: what each workflow event does to a submission's deadlines,
// without a database (Điều 11 khoản 2, 12 khoản 3, 13).
func TestOnEvent(t *testing.T) {
	cal := calendar(t)
	rs := rules(t)
	received := at(t, "2025-03-10 10:00")
	pausing := rule(t, "13.2")
	pausing.PauseWhileAwaitingAuthor = true
	posting := New(cal, pausing, Received, received) // due 2025-03-11 10:00 (1 working day)
	other := New(cal, rule(t, "13.1"), Received, received)
	supplement := New(cal, rule(t, "11.2"), SupplementRequested, received)
	paused, err := posting.Pause(at(t, "2025-03-10 11:00"))
	if err != nil {
		t.Fatal(err)
	}
	met, _ := other.Stop(at(t, "2025-03-10 12:00"))
	review := New(cal, rule(t, "12.3"), AssignedBoardMember, received)

	type want struct {
		existing int
		rule     string
		kind     string
		state    State
		due      time.Time // zero: not checked
	}
	cases := []struct {
		name     string
		existing []Deadline
		ev       Event
		at       time.Time
		want     []want
	}{
		{"publication stops the posting deadlines on time", []Deadline{posting, other, supplement}, Published, at(t, "2025-03-10 12:00"),
			[]want{{0, "13.2", ChangeMet, Met, time.Time{}}, {1, "13.1", ChangeMet, Met, time.Time{}}}},
		{"a late publication", []Deadline{posting}, Published, at(t, "2025-03-12 09:00"),
			[]want{{0, "13.2", ChangeStoppedLate, Breached, time.Time{}}}},
		{"a settled deadline stays", []Deadline{met}, Published, at(t, "2025-03-10 15:00"), nil},
		{"a supplement request pauses and starts 11.2", []Deadline{posting, other}, SupplementRequested, at(t, "2025-03-10 11:00"),
			[]want{{0, "13.2", ChangePaused, Paused, time.Time{}}, {-1, "11.2", ChangeStarted, Running, at(t, "2025-03-11 11:00")}}},
		{"one live 11.2 at a time", []Deadline{supplement}, SupplementRequested, at(t, "2025-03-10 11:00"), nil},
		{"a deadline already due is not paused", []Deadline{posting}, SupplementRequested, at(t, "2025-03-11 10:30"),
			[]want{{-1, "11.2", ChangeStarted, Running, time.Time{}}}},
		// 8 working hours paused: the due moves one working day; the
		// author answered after the 11.2 day.
		{"the author's answer resumes and stops 11.2", []Deadline{paused, supplement}, AuthorReplied, at(t, "2025-03-11 11:00"),
			[]want{{0, "13.2", ChangeResumed, Running, at(t, "2025-03-12 10:00")}, {1, "11.2", ChangeStoppedLate, Breached, time.Time{}}}},
		{"a board member's review starts 12.3", []Deadline{posting}, AssignedBoardMember, at(t, "2025-03-10 14:00"),
			[]want{{-1, "12.3", ChangeStarted, Running, at(t, "2025-03-11 14:00")}}},
		{"the board member returns it", []Deadline{posting, review}, BoardMemberReturned, at(t, "2025-03-10 16:00"),
			[]want{{1, "12.3", ChangeMet, Met, time.Time{}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := OnEvent(c.existing, c.ev, c.at, cal, rs)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("%d changes, want %d: %+v", len(got), len(c.want), got)
			}
			for i, w := range c.want {
				g := got[i]
				if g.Existing != w.existing || g.Next.Rule.ID != w.rule || g.Kind != w.kind || g.Next.State != w.state {
					t.Errorf("change %d: [%d] %s %s %s, want [%d] %s %s %s", i, g.Existing, g.Next.Rule.ID, g.Kind, g.Next.State, w.existing, w.rule, w.kind, w.state)
				}
				if !w.due.IsZero() && !g.Next.Due.Equal(w.due) {
					t.Errorf("change %d: due %v, want %v", i, g.Next.Due, w.due)
				}
			}
		})
	}
}

// TestCancelOpen: a refusal cancels every open deadline; a forward only
// the posting deadlines (those a publication stops).
func TestCancelOpen(t *testing.T) {
	cal := calendar(t)
	received := at(t, "2025-03-10 10:00")
	posting := New(cal, rule(t, "13.2"), Received, received)
	supplement := New(cal, rule(t, "11.2"), SupplementRequested, received)
	met, _ := New(cal, rule(t, "13.1"), Received, received).Stop(received)
	late, _ := posting.Check(at(t, "2025-03-12 10:00"))
	when := at(t, "2025-03-12 11:00")
	all, err := CancelOpen([]Deadline{posting, supplement, met, late}, when, nil)
	if err != nil || len(all) != 3 || all[0].Existing != 0 || all[1].Existing != 1 || all[2].Existing != 3 {
		t.Fatalf("cancel all: %+v, %v", all, err)
	}
	for _, c := range all {
		if c.Kind != ChangeCancelled || c.Next.State != Cancelled || !c.Next.CancelledAt.Equal(when) {
			t.Errorf("change %+v", c)
		}
	}
	posts, err := CancelOpen([]Deadline{posting, supplement}, when, func(r Rule) bool { return r.Stop == Published })
	if err != nil || len(posts) != 1 || posts[0].Existing != 0 {
		t.Fatalf("cancel posting: %+v, %v", posts, err)
	}
}
