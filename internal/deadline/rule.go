package deadline

import (
	_ "embed"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/moj-portal/tiepnhan/internal/tomlpos"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

//go:embed rules.toml
var embeddedRules []byte

// EmbeddedRulesName is the file name errors give for the embedded rules.
const EmbeddedRulesName = "internal/deadline/rules.toml"

// Event is something that happens to a submission and starts or stops a
// deadline clock.
type Event string

// Events that start a clock.
const (
	Signed              Event = "signed"                // văn bản được ký ban hành (Điều 10 khoản 1)
	EventHeld           Event = "event"                 // sự kiện diễn ra (Điều 10 khoản 2)
	Received            Event = "received"              // TTBBT tiếp nhận (Điều 13; also stops Điều 10)
	SupplementRequested Event = "supplement_requested"  // yêu cầu tác giả bổ sung (Điều 11 khoản 2)
	AssignedBoardMember Event = "assigned_board_member" // gửi thành viên Ban Biên tập (Điều 12 khoản 3)
)

// Events that stop a clock.
const (
	Published           Event = "published"             // xuất bản trên Cổng (Điều 13)
	AuthorReplied       Event = "author_replied"        // tác giả phản hồi (Điều 11 khoản 2)
	BoardMemberReturned Event = "board_member_returned" // thành viên BBT gửi lại (Điều 12 khoản 3)
)

var startEvents = []Event{Signed, EventHeld, Received, SupplementRequested, AssignedBoardMember}
var stopEvents = []Event{Received, Published, AuthorReplied, BoardMemberReturned}

var eventNames = map[Event]string{
	Signed:              "văn bản được ký ban hành",
	EventHeld:           "sự kiện diễn ra",
	Received:            "Thường trực Ban Biên tập tiếp nhận thông tin",
	SupplementRequested: "yêu cầu tác giả bổ sung thông tin",
	AssignedBoardMember: "gửi tin, bài cho thành viên Ban Biên tập",
	Published:           "đăng tải trên Cổng",
	AuthorReplied:       "tác giả phản hồi",
	BoardMemberReturned: "thành viên Ban Biên tập gửi lại",
}

// Name is the Vietnamese description of the event.
func (e Event) Name() string { return nameOr(eventNames, e) }

// Class is the timing class of a submission (Điều 10 and 13), independent
// of its Điều 8 category.
type Class string

// Timing classes.
const (
	Direction     Class = "direction"      // thông tin chỉ đạo, điều hành
	AdminDocument Class = "admin_document" // văn bản hành chính
	NewsEvent     Class = "news_event"     // tin tức, sự kiện
	Other         Class = "other"          // thông tin khác
)

var classes = []Class{Direction, AdminDocument, NewsEvent, Other}

// Expiry is what must happen when a deadline is breached, beyond flagging it.
type Expiry string

// DecisionNeeded: the Standing Board decides whether to post (Điều 11
// khoản 2, after 1 working day without the author's answer).
const DecisionNeeded Expiry = "decision_needed"

// Rule is one deadline of the Regulation.
type Rule struct {
	ID      string // "13.1"
	Article string // "Điều 13 khoản 1"
	Basis   string // the Regulation's text, quoted
	Start   Event
	// StartFallback starts the clock when Start is unknown (may be empty).
	StartFallback Event
	Stop          Event
	AppliesTo     []Class
	Days          float64
	// PauseWhileAwaitingAuthor stops the clock while a supplement request
	// (Điều 11 khoản 2) waits for the author.
	PauseWhileAwaitingAuthor bool
	// ProviderMaySetDate: the provider may ask for another date (Điều 10
	// khoản 3).
	ProviderMaySetDate bool
	OnExpiry           Expiry
	// File and Line locate the rule's definition.
	File string
	Line int
}

// Applies reports whether r covers timing class c.
func (r Rule) Applies(c Class) bool { return slices.Contains(r.AppliesTo, c) }

type rawRules struct {
	Rule []struct {
		ID                       string   `toml:"id"`
		Article                  string   `toml:"article"`
		Basis                    string   `toml:"basis"`
		Start                    string   `toml:"start"`
		StartFallback            string   `toml:"start_fallback"`
		Stop                     string   `toml:"stop"`
		AppliesTo                []string `toml:"applies_to"`
		Days                     float64  `toml:"days"`
		PauseWhileAwaitingAuthor bool     `toml:"pause_while_awaiting_author"`
		ProviderMaySetDate       bool     `toml:"provider_may_set_date"`
		OnExpiry                 string   `toml:"on_expiry"`
	} `toml:"rule"`
}

var idRe = regexp.MustCompile(`^[0-9]{1,2}\.[0-9]{1,2}$`)

// DefaultRules returns the rules shipped with the program.
func DefaultRules() ([]Rule, error) {
	return LoadRules(strings.NewReader(string(embeddedRules)), EmbeddedRulesName)
}

// LoadRules reads a rules file (TOML, see rules.toml). Every error names
// the file, the line and the bad value (a *workday.DataError).
func LoadRules(r io.Reader, name string) ([]Rule, error) {
	src, err := io.ReadAll(io.LimitReader(r, 1<<20+1))
	if err != nil {
		return nil, fmt.Errorf("read rules %s: %w", name, err)
	}
	if len(src) > 1<<20 {
		return nil, &workday.DataError{File: name, Msg: "tệp lớn hơn 1 MiB"}
	}
	var raw rawRules
	text := string(src)
	md, err := toml.Decode(text, &raw)
	if err != nil {
		return nil, tomlpos.DecodeError(name, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, &workday.DataError{File: name, Line: tomlpos.KeyLine(text, und[0]), Msg: fmt.Sprintf("khóa %q không được hỗ trợ", und[0].String())}
	}
	if len(raw.Rule) == 0 {
		return nil, &workday.DataError{File: name, Msg: "không có quy tắc [[rule]] nào"}
	}
	var rules []Rule
	seen := map[string]int{}
	for i, e := range raw.Rule {
		line := func(key string) int { return tomlpos.EntryKeyLine(text, "rule", i, key) }
		bad := func(key, value, msg string) error {
			return &workday.DataError{File: name, Line: line(key), Key: key, Value: value, Msg: msg}
		}
		if !idRe.MatchString(e.ID) {
			return nil, bad("id", fmt.Sprintf("%q", e.ID), `mã quy tắc phải có dạng "điều.khoản", ví dụ "13.1"`)
		}
		if l, dup := seen[e.ID]; dup {
			return nil, bad("id", fmt.Sprintf("%q", e.ID), fmt.Sprintf("trùng với quy tắc ở dòng %d", l))
		}
		seen[e.ID] = line("id")
		if strings.TrimSpace(e.Article) == "" {
			return nil, bad("article", `""`, "thiếu điều, khoản trích dẫn")
		}
		if strings.TrimSpace(e.Basis) == "" {
			return nil, bad("basis", `""`, "thiếu căn cứ (trích Quy chế)")
		}
		if !slices.Contains(startEvents, Event(e.Start)) {
			return nil, bad("start", fmt.Sprintf("%q", e.Start), "sự kiện bắt đầu phải là một trong "+eventList(startEvents))
		}
		if e.StartFallback != "" && (!slices.Contains(startEvents, Event(e.StartFallback)) || e.StartFallback == e.Start) {
			return nil, bad("start_fallback", fmt.Sprintf("%q", e.StartFallback), "sự kiện dự phòng phải là một sự kiện bắt đầu khác "+eventList(startEvents))
		}
		if !slices.Contains(stopEvents, Event(e.Stop)) {
			return nil, bad("stop", fmt.Sprintf("%q", e.Stop), "sự kiện hoàn thành phải là một trong "+eventList(stopEvents))
		}
		if e.Stop == e.Start {
			return nil, bad("stop", fmt.Sprintf("%q", e.Stop), "sự kiện hoàn thành trùng sự kiện bắt đầu")
		}
		if len(e.AppliesTo) == 0 {
			return nil, bad("applies_to", "[]", "cần ít nhất một nhóm thời hạn")
		}
		var cls []Class
		for _, c := range e.AppliesTo {
			if !slices.Contains(classes, Class(c)) {
				return nil, bad("applies_to", fmt.Sprintf("%q", c), "nhóm thời hạn phải là direction, admin_document, news_event hoặc other")
			}
			cls = append(cls, Class(c))
		}
		if math.IsNaN(e.Days) || e.Days <= 0 || e.Days > 365 {
			return nil, bad("days", fmt.Sprint(e.Days), "số ngày làm việc phải lớn hơn 0 và không quá 365")
		}
		if e.OnExpiry != "" && Expiry(e.OnExpiry) != DecisionNeeded {
			return nil, bad("on_expiry", fmt.Sprintf("%q", e.OnExpiry), `chỉ hỗ trợ "decision_needed"`)
		}
		rules = append(rules, Rule{
			ID: e.ID, Article: strings.TrimSpace(e.Article), Basis: strings.TrimSpace(e.Basis),
			Start: Event(e.Start), StartFallback: Event(e.StartFallback), Stop: Event(e.Stop),
			AppliesTo: cls, Days: e.Days, PauseWhileAwaitingAuthor: e.PauseWhileAwaitingAuthor,
			ProviderMaySetDate: e.ProviderMaySetDate, OnExpiry: Expiry(e.OnExpiry),
			File: name, Line: line(""),
		})
	}
	return rules, nil
}

func eventList(es []Event) string {
	var s []string
	for _, e := range es {
		s = append(s, string(e))
	}
	return strings.Join(s, ", ")
}
