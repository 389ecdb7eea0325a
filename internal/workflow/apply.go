package workflow

import (
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
)

// Command is one action with its inputs.
type Command struct {
	Action         Action
	Classification Classification
	Quarantine     bool   // ActQuarantine: keep (true) or lift
	Unit           string // ActForward
	AssigneeID     int64  // ActAssign
	Review         bool   // ActAssign to a board member for Điều 12 khoản 3
	URL            string // ActPublish, ActConfirmPublished
	// PublishedAt is when the Portal published the item (ActConfirmPublished:
	// the feed's time, at most the time the feed was read); zero for a
	// publication recorded as it happens (ActPublish).
	PublishedAt time.Time
	// ProposalID is the publish_proposal an ActConfirmPublished or
	// ActDismissPublished decides.
	ProposalID int64
	Ground     string // ActRefuse
	Kind       string // ActTakedown
	Note       string
}

// Item is what the workflow reads of an item before an action.
type Item struct {
	State string
	// Unit is the unit the item is classed under (the scope of most
	// rights); ForwardedUnit the unit it was forwarded to (the scope of
	// ActAnswer, Điều 11 khoản 1).
	Unit, ForwardedUnit string
	// Quarantined: Điều 14 khoản 2, seen only by the Standing Board and
	// never forwarded.
	Quarantined bool
	// Classification is the stored one, before the action.
	Classification Classification
	// EditorID is who put the item in "pending approval" (0: nobody).
	EditorID int64
	// Assignee is the account an ActAssign command names, as the caller
	// found it.
	Assignee Assignee
}

// Assignee is an account an item may be assigned to, as the store found
// it (the zero Assignee: no such account).
type Assignee struct {
	Name string
	// Active: the account may sign in.
	Active bool
	// Roles are the roles of its grants in force.
	Roles []auth.Role
}

// Eligible reports whether a may be assigned an item: an active account
// with an editor's, board member's or Standing Board's grant in force
// (Điều 12 khoản 1, 3).
func (a Assignee) Eligible() bool {
	if !a.Active {
		return false
	}
	for _, r := range a.Roles {
		switch r {
		case auth.RoleEditor, auth.RoleBoardMember, auth.RoleStandingBoard:
			return true
		}
	}
	return false
}

// Step is what an action does to an item: the state it moves to (From
// when it stays), the people it releases from the item, and the detail of
// its line in the item's history.
type Step struct {
	From, To string
	// ClearAssignee: the board member's review is done (Điều 12 khoản 3),
	// the item waits unassigned for the Standing Board to give it to an
	// editor.
	ClearAssignee bool
	// ClearApproval: an approval given before no longer holds: the item
	// was submitted again or returned to edit, and what is approved is
	// what was submitted (Điều 12 khoản 1, bước 2).
	ClearApproval bool
	Record        map[string]any
}

// Moved reports whether the step changes the item's state.
func (s Step) Moved() bool { return s.To != s.From }

// Apply decides action c of principal p on item it: the item must be
// visible to p (else ErrNotFound), p must hold the action's right for the
// item's unit (ErrForbidden), the action must start from the item's state
// and its inputs must be complete (an *InvalidError in Vietnamese).
func Apply(it Item, p auth.Principal, c Command) (Step, error) {
	if !CanView(p, it.Unit, it.ForwardedUnit, it.Quarantined) {
		return Step{}, ErrNotFound
	}
	scope := it.Unit
	if c.Action == ActAnswer {
		scope = it.ForwardedUnit
	}
	if !p.Can(Perm(c.Action), scope) {
		return Step{}, ErrForbidden
	}
	if err := Allowed(c.Action, it.State); err != nil {
		return Step{}, err
	}
	step := Step{From: it.State, To: it.State, Record: map[string]any{}}
	to, err := decide(it, p, c, step.Record)
	if err != nil {
		return Step{}, err
	}
	if to != "" && to != it.State {
		step.To = to
		step.Record["from"], step.Record["to"] = it.State, to
	}
	step.ClearAssignee = c.Action == ActReviewed
	step.ClearApproval = c.Action == ActSubmit || c.Action == ActReturn
	if c.Note != "" {
		step.Record["note"] = c.Note
	}
	return step, nil
}

// decide checks the inputs of one action and returns the state it moves
// the item to ("" to stay), filling rec with what the history records.
func decide(it Item, p auth.Principal, c Command, rec map[string]any) (to string, err error) {
	switch c.Action {
	case ActClassify:
		// Classification alone never moves the item.
		if err := c.Classification.Validate(); err != nil {
			return "", err
		}
		rec["before"], rec["after"] = it.Classification, c.Classification
		if it.Classification == c.Classification {
			rec["confirmed"] = true
		}
	case ActQuarantine:
		// Điều 14 khoản 2: a person confirms or lifts the quarantine.
		rec["quarantined"] = c.Quarantine
	case ActRequestSupp:
		if c.Note == "" {
			return "", Invalidf("ghi rõ thông tin cần bổ sung (Điều 9 khoản 3, Điều 11 khoản 2)")
		}
		return StateAwaitingAuthor, nil
	case ActForward:
		if it.Quarantined {
			return "", Invalidf("Điều 14 khoản 2: hồ sơ có dấu mật hoặc lưu hành nội bộ không được chuyển ra ngoài Thường trực Ban Biên tập")
		}
		if c.Unit == "" {
			return "", Invalidf("chọn đơn vị nhận")
		}
		rec["unit"] = c.Unit
		return StateForwarded, nil
	case ActAssign:
		return assign(it, c, rec)
	case ActSubmit:
		// Điều 12 khoản 1 bước 1: the editor puts it in "pending approval".
		return StatePendingApproval, nil
	case ActApprove:
		// Điều 12 khoản 1 bước 2: two steps, two people.
		if err := CheckApprover(it.EditorID, p.AccountID); err != nil {
			return "", err
		}
		return StateApproved, nil
	case ActReturn:
		return StateInEdit, nil
	case ActReviewed:
		// Điều 12 khoản 3: the board member sends the item back to the
		// Standing Board, which assigns an editor.
		return StateInEdit, nil
	case ActPublish:
		if err := CheckPortalURL(c.URL); err != nil {
			return "", err
		}
		rec["url"] = c.URL
		return StatePublished, nil
	case ActRefuse:
		if err := CheckRefusal(c.Ground, c.Note); err != nil {
			return "", err
		}
		rec["ground"] = c.Ground
		return StateRefused, nil
	case ActTakedown:
		// Điều 15 khoản 3.
		if err := CheckTakedown(c.Kind, c.Note); err != nil {
			return "", err
		}
		rec["kind"] = c.Kind
		if c.Kind == "permanent" {
			return StateTakenDownPerm, nil
		}
		return StateTakenDownTemp, nil
	case ActConfirmPublished:
		// Điều 13: the publication the feed showed, at the feed's time.
		if c.ProposalID == 0 || c.PublishedAt.IsZero() {
			return "", Invalidf("không có đề xuất ghi nhận đã đăng tải để xác nhận")
		}
		if err := CheckPortalURL(c.URL); err != nil {
			return "", err
		}
		rec["url"], rec["published_at"], rec["proposal"] = c.URL, c.PublishedAt, c.ProposalID
		return StatePublished, nil
	case ActDismissPublished:
		if c.ProposalID == 0 {
			return "", Invalidf("không có đề xuất ghi nhận đã đăng tải để bỏ qua")
		}
		rec["url"], rec["proposal"] = c.URL, c.ProposalID
	case ActRestore:
		return StatePublished, nil
	case ActAnswer:
		if c.Note == "" {
			return "", Invalidf("nhập nội dung trả lời")
		}
		return StateAnswered, nil
	case ActClose:
		if c.Note == "" {
			return "", Invalidf("ghi rõ lý do đóng hồ sơ")
		}
		return StateClosed, nil
	default:
		return "", Invalidf("thao tác %q không tồn tại", c.Action)
	}
	return "", nil
}

// assign checks an assignment: to an editor, a board member or the
// Standing Board (Điều 12); sent for review it moves the item to the board
// member (Điều 12 khoản 3), else a new item goes into edit.
func assign(it Item, c Command, rec map[string]any) (string, error) {
	if !it.Assignee.Eligible() {
		return "", Invalidf("người được phân công (tài khoản %d) không phải biên tập viên, thành viên hay Thường trực Ban Biên tập đang hoạt động", c.AssigneeID)
	}
	rec["assignee"], rec["assignee_id"] = it.Assignee.Name, c.AssigneeID
	switch {
	case c.Review:
		return StateInReview, nil
	case it.State == "received" || it.State == StateAwaitingTriage:
		return StateInEdit, nil
	}
	return "", nil
}
