// Package workflow is the work of the Standing Board and the editors on a
// submission (an "item" in the web UI) as a state machine: the states an item
// goes through, the actions people take (Điều 11, 12, 14, 15 of Regulation
// 1319/QĐ-BTP), who may take them and the rules each must respect. Apply
// decides one action; it is pure: internal/desk runs it in a transaction,
// internal/postgres stores what it decided, internal/web shows it.
package workflow

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// States of an item beyond intake's "received" and "awaiting_triage".
const (
	StateAwaitingTriage  = "awaiting_triage"
	StateAwaitingAuthor  = "awaiting_author"  // Điều 11 khoản 2: supplement requested
	StateForwarded       = "forwarded"        // Điều 11 khoản 1 bước 2: sent to a unit
	StateInEdit          = "in_edit"          // assigned to an editor (Điều 12 khoản 1)
	StateInReview        = "in_review"        // with the board member of its field (Điều 12 khoản 3)
	StatePendingApproval = "pending_approval" // Điều 12 khoản 1 bước 1: chờ duyệt
	StateApproved        = "approved"         // Điều 12 khoản 1 bước 2: duyệt
	StatePublished       = "published"        // xuất bản, with the Portal URL
	StateRefused         = "refused"          // Điều 14
	StateTakenDownTemp   = "taken_down_temporary"
	StateTakenDownPerm   = "taken_down_permanent" // Điều 15 khoản 3
	StateAnswered        = "answered"             // the unit answered
	StateClosed          = "closed"               // nothing to do (spam, greeting)
)

// Open reports whether an item in state still needs work (mirrors the SQL
// function triage_is_open of migration 00033).
func Open(state string) bool {
	switch state {
	case StatePublished, StateRefused, StateClosed, StateAnswered, StateTakenDownPerm:
		return false
	}
	return true
}

// States lists the states a filter offers, in workflow order.
var States = []string{"received", StateAwaitingTriage, StateAwaitingAuthor, StateForwarded, StateInEdit, StateInReview,
	StatePendingApproval, StateApproved, StatePublished, StateRefused, StateTakenDownTemp, StateTakenDownPerm, StateAnswered, StateClosed}

// Kinds, categories, timing classes and targets (rules.md; issue 5).
var (
	Kinds      = []string{"publish", "query", "complaint", "reply", "auto_reply", "other"}
	Categories = []string{"8.1", "8.2", "8.3", "8.4", "8.5"}
	Timings    = []string{"direction", "admin_document", "news_event", "other"}
	Targets    = []string{"portal_editor", "component_site", "unit", "english_team", "board_member", "standing_board"}
	// Grounds are the refusal grounds of Điều 14.
	Grounds = []string{"14.1", "14.2", "14.3", "14.4", "14.5", "14.6"}
)

// Classification is how an item is classed (Điều 8, 10, 11, 13).
type Classification struct {
	Kind, Category, Timing, Unit, Target, Language string
}

// Validate checks a classification a person entered; units are checked
// against the directory by the caller.
func (c Classification) Validate() error {
	var bad []string
	if !slices.Contains(Kinds, c.Kind) {
		bad = append(bad, fmt.Sprintf("loại %q", c.Kind))
	}
	if c.Kind == "publish" {
		if !slices.Contains(Categories, c.Category) {
			bad = append(bad, fmt.Sprintf("nhóm Điều 8 %q", c.Category))
		}
		if !slices.Contains(Timings, c.Timing) {
			bad = append(bad, fmt.Sprintf("loại thời hạn %q", c.Timing))
		}
	} else if c.Category != "" || c.Timing != "" {
		bad = append(bad, "nhóm Điều 8 và loại thời hạn chỉ dành cho tin, bài gửi đăng tải")
	}
	if c.Target != "" && !slices.Contains(Targets, c.Target) {
		bad = append(bad, fmt.Sprintf("nơi xử lý %q", c.Target))
	}
	if c.Language != "" && c.Language != "vi" && c.Language != "en" {
		bad = append(bad, fmt.Sprintf("ngôn ngữ %q", c.Language))
	}
	if len(bad) > 0 {
		return Invalidf("phân loại không hợp lệ: %s", strings.Join(bad, "; "))
	}
	return nil
}

// Action is one thing a person does to an item.
type Action string

// Actions.
const (
	ActClassify    Action = "classify"
	ActQuarantine  Action = "quarantine"
	ActRequestSupp Action = "request_supplement"
	ActForward     Action = "forward"
	ActAssign      Action = "assign"
	ActSubmit      Action = "submit_for_approval"
	ActApprove     Action = "approve"
	ActReturn      Action = "return_to_edit"
	ActReviewed    Action = "review_done" // Điều 12 khoản 3: the board member sends it back
	ActPublish     Action = "publish"
	ActRefuse      Action = "refuse"
	ActTakedown    Action = "takedown"
	ActRestore     Action = "restore"
	ActAnswer      Action = "answer"
	ActClose       Action = "close"
	// ActConfirmPublished confirms a publication the Portal's feed showed
	// (a publish_proposal): published at the feed's time, which meets or
	// misses the Điều 13 deadline at that instant, not at the click.
	ActConfirmPublished Action = "confirm_publication"
	// ActDismissPublished dismisses such a proposal ("not this item").
	ActDismissPublished Action = "dismiss_publication"
)

// from lists the states each action starts from; nil means any open state.
var from = map[Action][]string{
	ActRequestSupp: {"received", StateAwaitingTriage, StateAwaitingAuthor, StateInEdit},
	ActForward:     {"received", StateAwaitingTriage, StateAwaitingAuthor, StateForwarded},
	ActSubmit:      {"received", StateAwaitingTriage, StateAwaitingAuthor, StateInEdit, StateInReview},
	ActApprove:     {StatePendingApproval},
	ActReturn:      {StatePendingApproval, StateApproved},
	ActReviewed:    {StateInReview},
	ActPublish:     {StateApproved},
	ActTakedown:    {StatePublished, StateTakenDownTemp},
	ActRestore:     {StateTakenDownTemp},
	ActAnswer:      {StateForwarded},
	// The Portal already shows the item, whichever step of Điều 12 the
	// desk had recorded; a forwarded item (Điều 11 khoản 1 bước 2) is not
	// for posting and a temporarily taken-down one is restored instead.
	ActConfirmPublished: {"received", StateAwaitingTriage, StateAwaitingAuthor, StateInEdit, StateInReview,
		StatePendingApproval, StateApproved},
}

// Allowed reports whether action may start from state, with the reason
// (in Vietnamese) when not.
func Allowed(a Action, state string) error {
	if states, ok := from[a]; ok {
		if !slices.Contains(states, state) {
			return Invalidf("không thể %s khi hồ sơ đang ở trạng thái %q", ActionLabel(a), StateLabel(state, "vi"))
		}
		return nil
	}
	if !Open(state) {
		return Invalidf("hồ sơ đã kết thúc (%s): không thể %s", StateLabel(state, "vi"), ActionLabel(a))
	}
	return nil
}

// CheckApprover enforces the two steps and two people of Điều 12 khoản 1:
// whoever put the item in "pending approval" cannot approve it.
func CheckApprover(editorID, approverID int64) error {
	if editorID != 0 && editorID == approverID {
		return Invalidf("Điều 12: người duyệt phải khác người biên tập")
	}
	return nil
}

// CheckRefusal checks a refusal: a Điều 14 ground and a note.
func CheckRefusal(ground, note string) error {
	if !slices.Contains(Grounds, ground) {
		return Invalidf("chọn một căn cứ từ chối của Điều 14 (14.1–14.6), nhận được %q", ground)
	}
	if strings.TrimSpace(note) == "" {
		return Invalidf("ghi rõ lý do từ chối")
	}
	return nil
}

// CheckTakedown checks a takedown under Điều 15 khoản 3.
func CheckTakedown(kind, reason string) error {
	if kind != "temporary" && kind != "permanent" {
		return Invalidf("gỡ bỏ phải là tạm thời hoặc vĩnh viễn, nhận được %q", kind)
	}
	if strings.TrimSpace(reason) == "" {
		return Invalidf("ghi rõ lý do gỡ bỏ (Điều 15 khoản 3)")
	}
	return nil
}

// CheckPortalURL checks the address of a published item: an http(s) URL on
// the Portal or one of its component sites (*.moj.gov.vn).
func CheckPortalURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return Invalidf("địa chỉ bài đăng %q không phải là URL http(s)", raw)
	}
	h := strings.ToLower(u.Hostname())
	if h != "moj.gov.vn" && !strings.HasSuffix(h, ".moj.gov.vn") {
		return Invalidf("địa chỉ bài đăng phải thuộc Cổng moj.gov.vn hoặc trang thành phần *.moj.gov.vn, nhận được %q", h)
	}
	return nil
}

// InvalidError is a mistake of the person acting (a missing note, a wrong
// state, a bad value): its Vietnamese message is shown to them as it is.
type InvalidError struct{ Msg string }

func (e *InvalidError) Error() string { return e.Msg }

// Invalidf makes an InvalidError.
func Invalidf(format string, args ...any) error {
	return &InvalidError{Msg: fmt.Sprintf(format, args...)}
}
