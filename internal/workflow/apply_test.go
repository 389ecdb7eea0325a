package workflow

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
)

// TestApply walks the state machine of Điều 11–15 action by action: who
// may act, from which state, with which inputs, to which state, and what
// the history records.
func TestApply(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	who := func(id int64, g ...auth.Grant) auth.Principal {
		return auth.Principal{AccountID: id, Username: "u", Grants: g, Now: now}
	}
	board := who(1, auth.Grant{Role: auth.RoleStandingBoard})
	editor := who(2, auth.Grant{Role: auth.RoleEditor})
	member := who(3, auth.Grant{Role: auth.RoleBoardMember})
	liaison := who(4, auth.Grant{Role: auth.RoleUnitLiaison, Unit: "cuc-a"})
	editorAlsoBoard := who(2, auth.Grant{Role: auth.RoleEditor}, auth.Grant{Role: auth.RoleStandingBoard})
	otherUnitEditor := who(5, auth.Grant{Role: auth.RoleEditor, Unit: "cuc-b"})

	item := func(state string) Item {
		return Item{State: state, Unit: "cuc-a", Classification: Classification{Kind: "publish", Category: "8.2", Timing: "direction"}}
	}
	quarantined := item(StateAwaitingTriage)
	quarantined.Quarantined = true
	forwarded := item(StateForwarded)
	forwarded.ForwardedUnit = "cuc-a"
	forwarded.Unit = "cuc-z"
	submitted := item(StatePendingApproval)
	submitted.EditorID = editor.AccountID
	eligible := item(StateAwaitingTriage)
	eligible.Assignee = Assignee{Name: "Minh", Active: true, Roles: []auth.Role{auth.RoleManager, auth.RoleEditor}}
	eligibleInEdit := eligible
	eligibleInEdit.State = StateInEdit
	same := Classification{Kind: "publish", Category: "8.2", Timing: "direction"}
	forwardedBoard := item(StateForwarded)
	fed := now.Add(-2 * time.Hour)

	cases := []struct {
		name   string
		it     Item
		p      auth.Principal
		c      Command
		to     string         // next state; "" for a refusal
		err    string         // part of the refusal's message
		record map[string]any // keys the history line must hold
	}{
		{"classify stays", item(StateAwaitingTriage), board, Command{Action: ActClassify, Classification: Classification{Kind: "query"}}, StateAwaitingTriage, "", map[string]any{"after": Classification{Kind: "query"}}},
		{"classify confirmed", item(StateInEdit), board, Command{Action: ActClassify, Classification: same}, StateInEdit, "", map[string]any{"confirmed": true}},
		{"classify invalid", item(StateAwaitingTriage), board, Command{Action: ActClassify, Classification: Classification{Kind: "spam"}}, "", "phân loại không hợp lệ", nil},
		{"classify needs the triage right", item(StateAwaitingTriage), editor, Command{Action: ActClassify, Classification: same}, "", "không có quyền", nil},
		{"quarantine hidden from an editor", quarantined, editor, Command{Action: ActQuarantine}, "", "không tìm thấy", nil},
		{"quarantine lifted", quarantined, board, Command{Action: ActQuarantine}, StateAwaitingTriage, "", map[string]any{"quarantined": false}},
		{"supplement needs a note", item(StateAwaitingTriage), board, Command{Action: ActRequestSupp}, "", "bổ sung", nil},
		{"supplement requested", item(StateInEdit), board, Command{Action: ActRequestSupp, Note: "thiếu tên tác giả"}, StateAwaitingAuthor, "", map[string]any{"from": StateInEdit, "to": StateAwaitingAuthor, "note": "thiếu tên tác giả"}},
		{"supplement not after approval", item(StateApproved), board, Command{Action: ActRequestSupp, Note: "x"}, "", "không thể", nil},
		{"forward", item(StateAwaitingTriage), board, Command{Action: ActForward, Unit: "cuc-b"}, StateForwarded, "", map[string]any{"unit": "cuc-b"}},
		{"forward needs a unit", item(StateAwaitingTriage), board, Command{Action: ActForward}, "", "chọn đơn vị", nil},
		{"forward never quarantined (Điều 14 khoản 2)", quarantined, board, Command{Action: ActForward, Unit: "cuc-b"}, "", "14 khoản 2", nil},
		{"assign a new item", eligible, board, Command{Action: ActAssign, AssigneeID: 2}, StateInEdit, "", map[string]any{"assignee": "Minh", "assignee_id": int64(2)}},
		{"reassign in edit stays", eligibleInEdit, board, Command{Action: ActAssign, AssigneeID: 2}, StateInEdit, "", map[string]any{"assignee": "Minh"}},
		{"assign for review (Điều 12 khoản 3)", eligibleInEdit, board, Command{Action: ActAssign, AssigneeID: 3, Review: true}, StateInReview, "", nil},
		{"assign someone not eligible", item(StateAwaitingTriage), board, Command{Action: ActAssign, AssigneeID: 9}, "", "tài khoản 9", nil},
		{"editor submits", item(StateInEdit), editor, Command{Action: ActSubmit}, StatePendingApproval, "", nil},
		{"editor of another unit", item(StateInEdit), otherUnitEditor, Command{Action: ActSubmit}, "", "không tìm thấy", nil},
		{"approve", submitted, board, Command{Action: ActApprove}, StateApproved, "", nil},
		{"the editor never approves (Điều 12 khoản 1)", submitted, editorAlsoBoard, Command{Action: ActApprove}, "", "Điều 12", nil},
		{"approve only what waits", item(StateInEdit), board, Command{Action: ActApprove}, "", "không thể", nil},
		{"return to edit", item(StateApproved), editor, Command{Action: ActReturn}, StateInEdit, "", nil},
		{"review done", item(StateInReview), member, Command{Action: ActReviewed}, StateInEdit, "", nil},
		{"review done needs the approve right", item(StateInReview), editor, Command{Action: ActReviewed}, "", "không có quyền", nil},
		{"publish", item(StateApproved), editor, Command{Action: ActPublish, URL: "https://moj.gov.vn/a"}, StatePublished, "", map[string]any{"url": "https://moj.gov.vn/a"}},
		{"publish off the Portal", item(StateApproved), editor, Command{Action: ActPublish, URL: "https://evil.example/a"}, "", "moj.gov.vn", nil},
		{"publish before approval", item(StatePendingApproval), board, Command{Action: ActPublish, URL: "https://moj.gov.vn/a"}, "", "không thể", nil},
		{"refuse", item(StateInEdit), board, Command{Action: ActRefuse, Ground: "14.3", Note: "sai số liệu"}, StateRefused, "", map[string]any{"ground": "14.3"}},
		{"refuse without a note", item(StateInEdit), board, Command{Action: ActRefuse, Ground: "14.3"}, "", "lý do", nil},
		{"takedown temporary", item(StatePublished), board, Command{Action: ActTakedown, Kind: "temporary", Note: "x"}, StateTakenDownTemp, "", map[string]any{"kind": "temporary"}},
		{"takedown permanent (Điều 15 khoản 3)", item(StateTakenDownTemp), board, Command{Action: ActTakedown, Kind: "permanent", Note: "x"}, StateTakenDownPerm, "", nil},
		{"restore", item(StateTakenDownTemp), board, Command{Action: ActRestore}, StatePublished, "", nil},
		{"the liaison answers what was forwarded", forwarded, liaison, Command{Action: ActAnswer, Note: "đã trả lời"}, StateAnswered, "", nil},
		{"answer needs a text", forwarded, liaison, Command{Action: ActAnswer}, "", "trả lời", nil},
		{"the liaison does not see its unit's inbox", item(StateForwarded), liaison, Command{Action: ActAnswer, Note: "x"}, "", "không tìm thấy", nil},
		{"close", item(StateAwaitingTriage), board, Command{Action: ActClose, Note: "thư chào"}, StateClosed, "", nil},
		{"nothing after the end", item(StateTakenDownPerm), board, Command{Action: ActClose, Note: "x"}, "", "đã kết thúc", nil},
		// Publication seen in the Portal's feed (issue 14): one click, from
		// any step of the posting path, at the feed's time.
		{"confirm the feed's publication while in edit", item(StateInEdit), editor, Command{Action: ActConfirmPublished, ProposalID: 7, URL: "https://moj.gov.vn/a", PublishedAt: fed}, StatePublished, "", map[string]any{"url": "https://moj.gov.vn/a", "published_at": fed, "proposal": int64(7)}},
		{"confirm from a new item", item(StateAwaitingTriage), member, Command{Action: ActConfirmPublished, ProposalID: 7, URL: "https://moj.gov.vn/a", PublishedAt: fed}, StatePublished, "", nil},
		{"confirm needs the publish right", forwarded, liaison, Command{Action: ActConfirmPublished, ProposalID: 7, URL: "https://moj.gov.vn/a", PublishedAt: fed}, "", "không có quyền", nil},
		{"confirm needs the feed's time", item(StateInEdit), editor, Command{Action: ActConfirmPublished, ProposalID: 7, URL: "https://moj.gov.vn/a"}, "", "đề xuất", nil},
		{"confirm not for a forwarded item", forwardedBoard, board, Command{Action: ActConfirmPublished, ProposalID: 7, URL: "https://moj.gov.vn/a", PublishedAt: fed}, "", "không thể", nil},
		{"confirm not after the end", item(StateRefused), board, Command{Action: ActConfirmPublished, ProposalID: 7, URL: "https://moj.gov.vn/a", PublishedAt: fed}, "", "không thể", nil},
		{"dismiss stays", item(StateInEdit), editor, Command{Action: ActDismissPublished, ProposalID: 7, URL: "https://moj.gov.vn/a"}, StateInEdit, "", map[string]any{"proposal": int64(7)}},
		{"dismiss needs the publish right", forwarded, liaison, Command{Action: ActDismissPublished, ProposalID: 7}, "", "không có quyền", nil},
		{"unknown action", item(StateAwaitingTriage), board, Command{Action: "dance"}, "", "không tồn tại", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			step, err := Apply(c.it, c.p, c.c)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				var ie *InvalidError
				if !errors.As(err, &ie) && err != ErrForbidden && err != ErrNotFound {
					t.Fatalf("refusal of type %T", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if step.From != c.it.State || step.To != c.to || step.Moved() != (c.to != c.it.State) {
				t.Fatalf("step %s → %s, want %s → %s", step.From, step.To, c.it.State, c.to)
			}
			for k, v := range c.record {
				if step.Record[k] != v {
					t.Errorf("record[%s] = %#v, want %#v (%v)", k, step.Record[k], v, step.Record)
				}
			}
			if _, ok := step.Record["from"]; ok != step.Moved() {
				t.Errorf("record %v: from/to only when the state moves", step.Record)
			}
		})
	}
}

// TestAssigneeEligible: only an active account with an editor's, board
// member's or Standing Board's grant in force may be assigned (Điều 12);
// the store only loads the account and its roles.
func TestAssigneeEligible(t *testing.T) {
	for _, c := range []struct {
		a    Assignee
		want bool
	}{
		{Assignee{Active: true, Roles: []auth.Role{auth.RoleEditor}}, true},
		{Assignee{Active: true, Roles: []auth.Role{auth.RoleManager, auth.RoleBoardMember}}, true},
		{Assignee{Active: true, Roles: []auth.Role{auth.RoleStandingBoard}}, true},
		{Assignee{Active: false, Roles: []auth.Role{auth.RoleEditor}}, false},
		{Assignee{Active: true, Roles: []auth.Role{auth.RoleManager, auth.RoleUnitLiaison, auth.RoleAdmin}}, false},
		{Assignee{}, false},
	} {
		if got := c.a.Eligible(); got != c.want {
			t.Errorf("%+v: eligible %v, want %v", c.a, got, c.want)
		}
	}
}

// TestStepReleases: the board member's review done leaves the item
// unassigned, waiting for the Standing Board (Điều 12 khoản 3); submitting
// again or returning to edit voids an earlier approval, for what is
// approved is what was submitted (khoản 1, bước 2); no other step releases
// anyone (the store only applies these flags).
func TestStepReleases(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	who := func(id int64, r auth.Role) auth.Principal {
		return auth.Principal{AccountID: id, Username: "u", Grants: []auth.Grant{{Role: r}}, Now: now}
	}
	board, editor, member := who(1, auth.RoleStandingBoard), who(2, auth.RoleEditor), who(3, auth.RoleBoardMember)
	item := func(state string, editorID int64) Item { return Item{State: state, Unit: "cuc-a", EditorID: editorID} }
	for _, c := range []struct {
		name               string
		it                 Item
		p                  auth.Principal
		c                  Command
		assignee, approval bool
	}{
		{"review done", item(StateInReview, 0), member, Command{Action: ActReviewed}, true, false},
		{"submit", item(StateInEdit, 0), editor, Command{Action: ActSubmit}, false, true},
		{"return", item(StateApproved, 2), editor, Command{Action: ActReturn}, false, true},
		{"approve", item(StatePendingApproval, 2), board, Command{Action: ActApprove}, false, false},
		{"publish", item(StateApproved, 2), editor, Command{Action: ActPublish, URL: "https://moj.gov.vn/a"}, false, false},
		{"close", item(StateInEdit, 0), board, Command{Action: ActClose, Note: "trùng"}, false, false},
	} {
		step, err := Apply(c.it, c.p, c.c)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if step.ClearAssignee != c.assignee || step.ClearApproval != c.approval {
			t.Errorf("%s: clears assignee %v, approval %v; want %v, %v", c.name, step.ClearAssignee, step.ClearApproval, c.assignee, c.approval)
		}
	}
}
