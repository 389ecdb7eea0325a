package classify

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	englishMailbox = Mailbox{Name: "Cổng tiếng Anh", Target: "english_team", Timing: "news_event"}
	thadsMailbox   = Mailbox{Name: "Trang Thi hành án", Unit: "cuc-qlthads", Target: "component_site", Timing: "direction"}
)

// plainItem is an item for posting that says nothing of its unit or its
// timing class: no rule of either decision matches it.
func plainItem() Input {
	return Input{Subject: "Đề nghị đăng tải", Body: "Kính gửi Ban Biên tập, đề nghị đăng tải nội dung giới thiệu hoạt động của đơn vị.",
		From: "lan@gmail.com", ReceivedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, ict)}
}

// The mailbox a message arrived in decides what the message does not:
// its unit, its timing class and its target, with a reason naming the
// mailbox; the same message in the Board's mailbox (no defaults) takes
// the rules file's defaults and an editor of the Portal.
func TestMailboxDefaultsDecideWhatTheMessageDoesNot(t *testing.T) {
	rs := shipped(t)
	opts := testOptions(t)
	board := Classify(rs, plainItem(), opts)
	if board.Kind != "publish" || board.Target != "portal_editor" || board.Timing != rs.Defaults.Timing || board.Unit != "" || board.Mailbox != "" || board.MailboxNote() != "" {
		t.Fatalf("Board's mailbox: %+v", board)
	}

	opts.Mailbox = englishMailbox
	en := Classify(rs, plainItem(), opts)
	if en.Target != "english_team" || en.Timing != "news_event" || en.Unit != "" || en.Mailbox != "Cổng tiếng Anh" {
		t.Fatalf("English Portal's mailbox: kind %s target %s timing %s unit %q mailbox %q", en.Kind, en.Target, en.Timing, en.Unit, en.Mailbox)
	}
	if got, want := en.MailboxNote(), "loại thời hạn, nơi xử lý theo mặc định của hộp thư «Cổng tiếng Anh»"; got != want {
		t.Errorf("note %q, want %q", got, want)
	}
	for _, d := range []string{"timing", "target"} {
		r, ok := chosenFrom(en, d, SourceMailbox)
		if !ok || !strings.Contains(r.Evidence, "hộp thư «Cổng tiếng Anh»") || r.Article == "" {
			t.Errorf("%s: no chosen reason naming the mailbox: %+v", d, en.Reasons)
		}
	}

	opts.Mailbox = thadsMailbox
	th := Classify(rs, plainItem(), opts)
	if th.Unit != "cuc-qlthads" || th.Target != "component_site" || th.ComponentSite != "thads.moj.gov.vn" || th.Timing != "direction" {
		t.Fatalf("component site's mailbox: unit %q target %s site %q timing %s", th.Unit, th.Target, th.ComponentSite, th.Timing)
	}
	// The unit came from the mailbox; the site then from the unit's
	// component site (policy, Điều 11 khoản 1, bước 2), not the default.
	if !slices.Equal(th.MailboxDefaults, []string{"timing", "unit"}) {
		t.Errorf("mailbox defaults %v, want [timing unit]", th.MailboxDefaults)
	}
}

// What the message says wins over its mailbox: a timing rule, a unit's
// own address, English text, a secrecy mark.
func TestMessageEvidenceWinsOverMailbox(t *testing.T) {
	rs := shipped(t)
	opts := testOptions(t)
	opts.Mailbox = thadsMailbox

	in := plainItem()
	in.Subject = "Tin hội nghị tập huấn" // timing.news.subject
	in.From = "cuchctp@moj.gov.vn"       // signal:unit_email
	r := Classify(rs, in, opts)
	if r.Timing != "news_event" || r.Unit != "cuc-hctp" {
		t.Fatalf("timing %s unit %q: the message's evidence must win", r.Timing, r.Unit)
	}
	if slices.Contains(r.MailboxDefaults, "timing") || slices.Contains(r.MailboxDefaults, "unit") {
		t.Errorf("mailbox defaults %v taken despite evidence", r.MailboxDefaults)
	}
	// HCTP has no component site: the item goes to the mailbox's site.
	if r.Target != "component_site" || r.ComponentSite != "thads.moj.gov.vn" || !slices.Contains(r.MailboxDefaults, "target") {
		t.Errorf("target %s site %q defaults %v", r.Target, r.ComponentSite, r.MailboxDefaults)
	}

	en := plainItem()
	en.Subject, en.Body = "Please publish", "Dear Editorial Board, please publish the attached press release on the English page of the Portal. We would be grateful."
	if r := Classify(rs, en, opts); r.Language != "en" || r.Target != "english_team" || slices.Contains(r.MailboxDefaults, "target") {
		t.Errorf("English item in a component site's mailbox: language %s target %s defaults %v", r.Language, r.Target, r.MailboxDefaults)
	}

	secret := plainItem()
	secret.Body = "MẬT\n" + secret.Body
	if r := Classify(rs, secret, opts); r.Target != "standing_board" {
		t.Errorf("secret item: target %s, want standing_board (Điều 14 khoản 2)", r.Target)
	}
}

// With the learned model on, a decision no rule reached is the mailbox's
// (the model is not asked); one a rule reached is still the model's.
func TestMailboxDefaultBeforeModel(t *testing.T) {
	rs := shipped(t)
	opts := testOptions(t)
	opts.Mailbox = englishMailbox
	j := &fakeJudge{probs: map[Decision]map[string]float64{
		DecideKind:   {"publish": 0.95, "other": 0.05},
		DecideTiming: {"admin_document": 0.9, "other": 0.1},
	}}
	opts.Judge = j
	r := Classify(rs, plainItem(), opts)
	if r.Timing != "news_event" || slices.Contains(j.asked, DecideTiming) {
		t.Fatalf("timing %s (asked %v): the mailbox's default decides before the model", r.Timing, j.asked)
	}
	if r.NeedsConfirmation {
		t.Errorf("a mailbox's Điều 13 khoản 1 class needs no confirmation: %+v", r.Reasons)
	}

	j.asked = nil
	in := plainItem()
	in.Subject = "Tin hội nghị tập huấn"
	r = Classify(rs, in, opts)
	if r.Timing != "admin_document" || !slices.Contains(j.asked, DecideTiming) {
		t.Fatalf("timing %s (asked %v): with a rule's evidence the model decides", r.Timing, j.asked)
	}
}

func chosenFrom(r Result, decision, src string) (Reason, bool) {
	for _, x := range r.Reasons {
		if x.Decision == decision && x.Source == src && x.Chosen {
			return x, true
		}
	}
	return Reason{}, false
}
