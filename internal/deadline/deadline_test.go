package deadline

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

func calendar(t testing.TB) *workday.Calendar {
	t.Helper()
	c, err := workday.New(workday.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func rules(t testing.TB) []Rule {
	t.Helper()
	rs, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func rule(t testing.TB, id string) Rule {
	t.Helper()
	for _, r := range rules(t) {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no rule %s", id)
	return Rule{}
}

func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, workday.Zone)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func day(t testing.TB, s string) workday.Date {
	t.Helper()
	d, err := workday.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func byID(ds []Deadline) map[string]Deadline {
	m := map[string]Deadline{}
	for _, d := range ds {
		m[d.Rule.ID] = d
	}
	return m
}

func TestDefaultRules(t *testing.T) {
	rs := rules(t)
	want := map[string]struct {
		article string
		start   Event
		days    float64
		classes int
	}{
		"10.1": {"Điều 10 khoản 1", Signed, 1, 2},
		"10.2": {"Điều 10 khoản 2", EventHeld, 1, 1},
		"10.3": {"Điều 10 khoản 3", Signed, 2, 1},
		"11.2": {"Điều 11 khoản 2", SupplementRequested, 1, 4},
		"12.3": {"Điều 12 khoản 3", AssignedBoardMember, 1, 4},
		"13.1": {"Điều 13 khoản 1", Received, 0.5, 3},
		"13.2": {"Điều 13 khoản 2", Received, 1, 1},
	}
	if len(rs) != len(want) {
		t.Fatalf("%d rules, want %d", len(rs), len(want))
	}
	for _, r := range rs {
		w, ok := want[r.ID]
		if !ok {
			t.Errorf("unexpected rule %s", r.ID)
			continue
		}
		if r.Article != w.article || r.Start != w.start || r.Days != w.days || len(r.AppliesTo) != w.classes {
			t.Errorf("rule %s = %+v", r.ID, r)
		}
		if !strings.Contains(r.Basis, "ngày làm việc") || r.Line == 0 {
			t.Errorf("rule %s: basis %q, line %d", r.ID, r.Basis, r.Line)
		}
		if r.PauseWhileAwaitingAuthor {
			t.Errorf("rule %s pauses while awaiting the author; rules.md says 11.2 pauses nothing else", r.ID)
		}
	}
	if r := rule(t, "11.2"); r.OnExpiry != DecisionNeeded {
		t.Errorf("11.2 on expiry %q", r.OnExpiry)
	}
	if r := rule(t, "10.3"); !r.ProviderMaySetDate || r.StartFallback != EventHeld {
		t.Errorf("10.3 = %+v", r)
	}
}

// TestRuleDues computes each rule's due instant for typical cases.
func TestRuleDues(t *testing.T) {
	cal := calendar(t)
	cases := []struct {
		name  string
		facts Facts
		id    string
		due   string
		state State
	}{
		// Điều 10 khoản 1: signed Monday (date only) → Tuesday 17:00.
		{"10.1 date", Facts{Class: Direction, SignedOn: day(t, "2025-03-10")}, "10.1", "2025-03-11 17:00", Running},
		{"10.1 instant", Facts{Class: AdminDocument, SignedAt: at(t, "2025-03-10 10:00")}, "10.1", "2025-03-11 10:00", Running},
		{"10.1 received in time", Facts{Class: AdminDocument, SignedOn: day(t, "2025-03-10"), ReceivedAt: at(t, "2025-03-11 16:59")}, "10.1", "2025-03-11 17:00", Met},
		{"10.1 received at due", Facts{Class: AdminDocument, SignedOn: day(t, "2025-03-10"), ReceivedAt: at(t, "2025-03-11 17:00")}, "10.1", "2025-03-11 17:00", Breached},
		{"10.1 received late", Facts{Class: Direction, SignedOn: day(t, "2025-03-10"), ReceivedAt: at(t, "2025-03-12 08:30")}, "10.1", "2025-03-11 17:00", Breached},
		{"10.1 received same day", Facts{Class: Direction, SignedOn: day(t, "2025-03-10"), ReceivedAt: at(t, "2025-03-10 15:00")}, "10.1", "2025-03-11 17:00", Met},
		// Signed just before Tết 2024: the holiday is skipped.
		{"10.1 Tết", Facts{Class: Direction, SignedOn: day(t, "2024-02-07")}, "10.1", "2024-02-15 17:00", Running},
		// Điều 10 khoản 2: event Friday → Monday 17:00.
		{"10.2", Facts{Class: NewsEvent, EventOn: day(t, "2025-03-14")}, "10.2", "2025-03-17 17:00", Running},
		{"10.2 instant", Facts{Class: NewsEvent, EventAt: at(t, "2025-03-14 15:30")}, "10.2", "2025-03-17 15:30", Running},
		// Điều 10 khoản 3: 2 working days, or the provider's date.
		{"10.3", Facts{Class: Other, SignedOn: day(t, "2025-03-10")}, "10.3", "2025-03-12 17:00", Running},
		{"10.3 fallback event", Facts{Class: Other, EventOn: day(t, "2025-03-13")}, "10.3", "2025-03-17 17:00", Running},
		{"10.3 requested", Facts{Class: Other, SignedOn: day(t, "2025-03-10"), RequestedDate: day(t, "2025-03-14")}, "10.3", "2025-03-14 17:00", Running},
		{"10.3 requested weekend", Facts{Class: Other, SignedOn: day(t, "2025-03-10"), RequestedDate: day(t, "2025-03-16")}, "10.3", "2025-03-14 17:00", Running},
		// Điều 13 khoản 1: half a working day from receipt.
		{"13.1", Facts{Class: Direction, ReceivedAt: at(t, "2025-03-10 10:00")}, "13.1", "2025-03-10 15:00", Running},
		{"13.1 morning", Facts{Class: NewsEvent, ReceivedAt: at(t, "2025-03-10 08:00")}, "13.1", "2025-03-10 12:00", Running},
		{"13.1 evening", Facts{Class: AdminDocument, ReceivedAt: at(t, "2025-03-14 16:30")}, "13.1", "2025-03-17 11:30", Running},
		{"13.1 Saturday", Facts{Class: NewsEvent, ReceivedAt: at(t, "2025-03-15 09:00")}, "13.1", "2025-03-17 12:00", Running},
		{"13.1 Tết", Facts{Class: NewsEvent, ReceivedAt: at(t, "2024-02-07 15:00")}, "13.1", "2024-02-15 10:00", Running},
		// Điều 13 khoản 2: one working day.
		{"13.2", Facts{Class: Other, ReceivedAt: at(t, "2025-03-10 10:00")}, "13.2", "2025-03-11 10:00", Running},
		{"13.2 make-up Saturday", Facts{Class: Other, ReceivedAt: at(t, "2024-05-03 10:00")}, "13.2", "2024-05-04 10:00", Running},
		// Điều 11 khoản 2 and 12 khoản 3: one working day.
		{"11.2", Facts{Class: Other, SupplementRequestedAt: at(t, "2025-03-10 15:00")}, "11.2", "2025-03-11 15:00", Running},
		{"12.3", Facts{Class: Direction, BoardMemberAssignedAt: at(t, "2025-04-25 10:00")}, "12.3", "2025-04-26 10:00", Running},
	}
	for _, tc := range cases {
		ds := byID(Applicable(cal, rules(t), tc.facts))
		d, ok := ds[tc.id]
		if !ok {
			t.Errorf("%s: rule %s not applicable (got %v)", tc.name, tc.id, ds)
			continue
		}
		if !d.Due.Equal(at(t, tc.due)) || d.State != tc.state {
			t.Errorf("%s: due %s state %s, want %s %s", tc.name, d.Due.Format("2006-01-02 15:04"), d.State, tc.due, tc.state)
		}
		if d.State == Breached && !d.BreachedAt.Equal(d.Due) {
			t.Errorf("%s: breached at %v, want the due instant", tc.name, d.BreachedAt)
		}
	}
}

func TestApplicableSelection(t *testing.T) {
	cal := calendar(t)
	ids := func(f Facts) string {
		var s []string
		for _, d := range Applicable(cal, rules(t), f) {
			s = append(s, d.Rule.ID)
		}
		return strings.Join(s, " ")
	}
	recv := at(t, "2025-03-10 10:00")
	for _, tc := range []struct {
		f    Facts
		want string
	}{
		{Facts{Class: NewsEvent, ReceivedAt: recv}, "13.1"},
		{Facts{Class: NewsEvent, ReceivedAt: recv, EventOn: day(t, "2025-03-07")}, "10.2 13.1"},
		{Facts{Class: Direction, ReceivedAt: recv, SignedOn: day(t, "2025-03-07"), EventOn: day(t, "2025-03-07")}, "10.1 13.1"},
		{Facts{Class: Other, ReceivedAt: recv, SupplementRequestedAt: recv, BoardMemberAssignedAt: recv}, "11.2 12.3 13.2"},
		{Facts{Class: Other}, ""},
		{Facts{Class: "unknown", ReceivedAt: recv}, ""},
	} {
		if got := ids(tc.f); got != tc.want {
			t.Errorf("Applicable(%+v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}

func TestPauseResume(t *testing.T) {
	cal := calendar(t)
	d := New(cal, rule(t, "13.2"), Received, at(t, "2025-03-10 10:00"))
	if !d.Due.Equal(at(t, "2025-03-11 10:00")) {
		t.Fatalf("due %v", d.Due)
	}
	p, err := d.Pause(at(t, "2025-03-10 14:00"))
	if err != nil || p.State != Paused {
		t.Fatalf("pause: %v %v", p.State, err)
	}
	if d.State != Running || len(d.Pauses) != 0 {
		t.Fatal("Pause modified its receiver")
	}
	// While paused nothing breaches, and thresholds past the pause are unknown.
	if _, changed := p.Check(at(t, "2025-03-20 10:00")); changed {
		t.Error("a paused deadline breached")
	}
	th := Thresholds(cal, p, []float64{0.25, 0.5})
	if !th[0].Equal(at(t, "2025-03-10 12:00")) || !th[1].IsZero() {
		t.Errorf("thresholds while paused %v", th)
	}
	// Paused 14:00 Mon → 09:00 Tue: 3 h + 1 h of working time; the due
	// moves from Tue 10:00 to Tue 15:00 (3 h elapsed before the pause, 5 h
	// left from Tue 09:00).
	r, err := p.Resume(cal, at(t, "2025-03-11 09:00"))
	if err != nil || r.State != Running {
		t.Fatalf("resume: %v %v", r.State, err)
	}
	if !r.Due.Equal(at(t, "2025-03-11 15:00")) {
		t.Errorf("due after resume %v, want Tue 15:00", r.Due)
	}
	th = Thresholds(cal, r, nil)
	if !th[0].Equal(at(t, "2025-03-11 10:00")) || !th[1].Equal(at(t, "2025-03-11 13:24")) {
		t.Errorf("thresholds 50%%/80%% = %v, want Tue 10:00 and 13:24", th)
	}
	if got := Progress(cal, r, at(t, "2025-03-11 10:00")); got != 0.5 {
		t.Errorf("progress at Tue 10:00 = %v, want 0.5", got)
	}
	// A second pause over the lunch break counts only its working time
	// (12:00–15:00 is 2 h).
	p2, _ := r.Pause(at(t, "2025-03-11 12:00"))
	r2, err := p2.Resume(cal, at(t, "2025-03-11 15:00"))
	if err != nil || !r2.Due.Equal(at(t, "2025-03-11 17:00")) {
		t.Errorf("second pause: due %v err %v, want Tue 17:00", r2.Due, err)
	}
	// Met and breached.
	met, _ := r2.Stop(at(t, "2025-03-11 16:59"))
	if met.State != Met {
		t.Errorf("stop before due: %s", met.State)
	}
	if _, changed := r2.Check(at(t, "2025-03-11 16:59")); changed {
		t.Error("breached before due")
	}
	br, changed := r2.Check(at(t, "2025-03-11 17:00"))
	if !changed || br.State != Breached || !br.BreachedAt.Equal(r2.Due) {
		t.Errorf("check at due: %s %v", br.State, br.BreachedAt)
	}
	late, err := br.Stop(at(t, "2025-03-12 09:00"))
	if err != nil || late.State != Breached || late.StoppedAt.IsZero() {
		t.Errorf("late stop: %s %v", late.State, err)
	}
	// Breached at its due instant, then stopped at an earlier instant (a
	// publication confirmed after the fact at the Portal's time): met.
	early, err := br.Stop(at(t, "2025-03-11 16:30"))
	if err != nil || early.State != Met || !early.BreachedAt.IsZero() || !early.StoppedAt.Equal(at(t, "2025-03-11 16:30")) {
		t.Errorf("stop of a breached deadline before its due: %s breached %v stopped %v %v", early.State, early.BreachedAt, early.StoppedAt, err)
	}
	// Stopped while paused: met.
	sp, _ := p.Stop(at(t, "2025-03-18 09:00"))
	if sp.State != Met {
		t.Errorf("stop while paused: %s", sp.State)
	}
}

func TestTransitionsRefused(t *testing.T) {
	cal := calendar(t)
	d := New(cal, rule(t, "13.1"), Received, at(t, "2025-03-10 10:00"))
	met, _ := d.Stop(at(t, "2025-03-10 11:00"))
	cancelled, _ := d.Cancel(at(t, "2025-03-10 11:00"))
	paused, _ := d.Pause(at(t, "2025-03-10 11:00"))
	for name, f := range map[string]func() error{
		"resume running":  func() error { _, err := d.Resume(cal, at(t, "2025-03-10 11:00")); return err },
		"pause met":       func() error { _, err := met.Pause(at(t, "2025-03-10 11:30")); return err },
		"pause paused":    func() error { _, err := paused.Pause(at(t, "2025-03-10 11:30")); return err },
		"pause at due":    func() error { _, err := d.Pause(d.Due); return err },
		"pause early":     func() error { _, err := d.Pause(at(t, "2025-03-10 09:00")); return err },
		"resume early":    func() error { _, err := paused.Resume(cal, at(t, "2025-03-10 10:30")); return err },
		"cancel met":      func() error { _, err := met.Cancel(at(t, "2025-03-10 12:00")); return err },
		"stop cancelled":  func() error { _, err := cancelled.Stop(at(t, "2025-03-10 12:00")); return err },
		"stop met":        func() error { _, err := met.Stop(at(t, "2025-03-10 12:00")); return err },
		"cancel canceled": func() error { _, err := cancelled.Cancel(at(t, "2025-03-10 12:00")); return err },
	} {
		err := f()
		var te *TransitionError
		if !errors.As(err, &te) {
			t.Errorf("%s: error %v, want a TransitionError", name, err)
		}
	}
	if c, _ := paused.Cancel(at(t, "2025-03-10 12:00")); c.State != Cancelled {
		t.Errorf("cancel paused: %s", c.State)
	}
}

func TestSupplementExpiry(t *testing.T) {
	cal := calendar(t)
	ds := byID(Applicable(cal, rules(t), Facts{Class: NewsEvent, SupplementRequestedAt: at(t, "2025-03-10 15:00")}))
	d := ds["11.2"]
	if d.NeedsDecision() {
		t.Fatal("needs a decision before expiry")
	}
	if _, changed := d.Check(at(t, "2025-03-11 14:59")); changed {
		t.Fatal("breached before due")
	}
	exp, changed := d.Check(at(t, "2025-03-11 15:00"))
	if !changed || !exp.NeedsDecision() {
		t.Fatalf("expired 11.2: %s, needs decision %v", exp.State, exp.NeedsDecision())
	}
	if !strings.Contains(Explain(cal, exp), "quyết định đăng tải hoặc không đăng tải") {
		t.Errorf("explanation lacks the decision task:\n%s", Explain(cal, exp))
	}
	answered, _ := d.Stop(at(t, "2025-03-11 09:00"))
	if answered.State != Met || answered.NeedsDecision() {
		t.Errorf("answered: %s", answered.State)
	}
}

func TestRecompute(t *testing.T) {
	cal := calendar(t)
	extra, err := workday.LoadSchedule(strings.NewReader("[[day_off]]\nfrom = \"2025-03-11\"\nto = \"2025-03-11\"\nname = \"Quốc tang\"\n"), "extra.toml")
	if err != nil {
		t.Fatal(err)
	}
	emb, err := workday.EmbeddedSchedule()
	if err != nil {
		t.Fatal(err)
	}
	cfg := workday.DefaultConfig()
	cfg.Schedule = emb.Extend(extra)
	cal2, err := workday.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	d := New(cal, rule(t, "13.2"), Received, at(t, "2025-03-10 10:00"))
	r := Recompute(cal2, d)
	if !r.OldDue.Equal(at(t, "2025-03-11 10:00")) || !r.NewDue.Equal(at(t, "2025-03-12 10:00")) || r.StateChanged {
		t.Errorf("recompute: %v → %v changed %v", r.OldDue, r.NewDue, r.StateChanged)
	}
	// Published Wednesday 09:00: breached under the old calendar, met now.
	late, _ := d.Stop(at(t, "2025-03-12 09:00"))
	if late.State != Breached {
		t.Fatalf("late state %s", late.State)
	}
	if r := Recompute(cal2, late); r.Deadline.State != Met || !r.StateChanged || !r.Deadline.BreachedAt.IsZero() {
		t.Errorf("recomputed late: %s changed %v", r.Deadline.State, r.StateChanged)
	}
	// Breached by Check on Tuesday 10:00: back to running.
	br, _ := d.Check(at(t, "2025-03-11 10:00"))
	if r := Recompute(cal2, br); r.Deadline.State != Running {
		t.Errorf("recomputed breach: %s", r.Deadline.State)
	}
	// And the reverse: back to the normal calendar, met becomes breached.
	met := Recompute(cal2, d).Deadline
	met, _ = met.Stop(at(t, "2025-03-12 09:00"))
	if r := Recompute(cal, met); r.Deadline.State != Breached || !r.Deadline.BreachedAt.Equal(at(t, "2025-03-11 10:00")) {
		t.Errorf("reverse: %s %v", r.Deadline.State, r.Deadline.BreachedAt)
	}
	// Pauses are recomputed too.
	p, _ := d.Pause(at(t, "2025-03-10 16:00"))
	p, _ = p.Resume(cal, at(t, "2025-03-12 08:00"))
	// 5 h elapsed before the pause, 3 h left from Wednesday 08:00, under
	// either calendar (the new holiday lies inside the pause).
	if !p.Due.Equal(at(t, "2025-03-12 11:00")) {
		t.Fatalf("due with pause %v", p.Due)
	}
	if r := Recompute(cal2, p); !r.NewDue.Equal(at(t, "2025-03-12 11:00")) || r.StateChanged {
		t.Errorf("pause over the new holiday: %v", r.NewDue)
	}
}

func TestExplain(t *testing.T) {
	cal := calendar(t)
	ds := byID(Applicable(cal, rules(t), Facts{Class: Direction, SignedOn: day(t, "2024-02-07"), ReceivedAt: at(t, "2024-02-15 09:00")}))
	s := Explain(cal, ds["10.1"])
	for _, want := range []string{
		"Quy tắc 10.1 (Điều 10 khoản 1 Quy chế 1319/QĐ-BTP)",
		"không quá 01 ngày làm việc kể từ thời điểm văn bản được ký ban hành",
		"Bắt đầu tính từ: văn bản được ký ban hành.",
		"tính từ hết ngày đó",
		"bỏ qua, nghỉ Tết Nguyên đán Giáp Thìn",
		"Hạn: 17:00 Thứ Năm 15/02/2024",
		"Trạng thái: đúng hạn (Thường trực Ban Biên tập tiếp nhận thông tin lúc 09:00 15/02/2024).",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("explanation lacks %q:\n%s", want, s)
		}
	}
}

// TestExplainSigningInstant: a deadline counted from a verified digital
// signature says so; one counted from the date on the document does not.
func TestExplainSigningInstant(t *testing.T) {
	cal := calendar(t)
	const line = "lấy từ chữ ký số hợp lệ, tin cậy của văn bản"
	ds := byID(Applicable(cal, rules(t), Facts{Class: AdminDocument, SignedAt: at(t, "2026-03-10 09:15")}))
	if s := Explain(cal, ds["10.1"]); !strings.Contains(s, "Thời điểm ký 09:15 10/03/2026 "+line) {
		t.Errorf("instant start:\n%s", s)
	}
	ds = byID(Applicable(cal, rules(t), Facts{Class: AdminDocument, SignedOn: day(t, "2026-03-10")}))
	if s := Explain(cal, ds["10.1"]); strings.Contains(s, line) {
		t.Errorf("date start claims a signature:\n%s", s)
	}
}

func TestLoadRulesErrors(t *testing.T) {
	good := "[[rule]]\nid = \"13.1\"\narticle = \"Điều 13 khoản 1\"\nbasis = \"x\"\nstart = \"received\"\nstop = \"published\"\napplies_to = [\"news_event\"]\ndays = 0.5\n"
	if _, err := LoadRules(strings.NewReader(good), "r.toml"); err != nil {
		t.Fatalf("good rules: %v", err)
	}
	cases := []struct {
		name, old, new string
		line           int
		want           string
	}{
		{"id", `id = "13.1"`, `id = "13"`, 2, `id = "13"`},
		{"start", `start = "received"`, `start = "sent"`, 5, `start = "sent": sự kiện bắt đầu`},
		{"stop", `stop = "published"`, `stop = "received"`, 6, "trùng sự kiện bắt đầu"},
		{"class", `["news_event"]`, `["news"]`, 7, `applies_to = "news"`},
		{"days", "days = 0.5", "days = 0", 8, "days = 0: số ngày"},
		{"days type", "days = 0.5", `days = "0.5"`, 8, "kiểu giá trị sai"},
		{"article", `article = "Điều 13 khoản 1"`, `article = ""`, 3, "thiếu điều"},
		{"expiry", "days = 0.5", "days = 0.5\non_expiry = \"email\"", 9, `on_expiry = "email"`},
		{"syntax", `basis = "x"`, `basis = "x`, 4, "cú pháp TOML"},
		{"unknown key", "days = 0.5", "days = 0.5\nhours = 4", 0, `"rule.hours"`},
	}
	for _, tc := range cases {
		src := strings.Replace(good, tc.old, tc.new, 1)
		_, err := LoadRules(strings.NewReader(src), "r.toml")
		var de *workday.DataError
		if !errors.As(err, &de) || de.File != "r.toml" || (tc.line > 0 && de.Line != tc.line) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v (line %d), want line %d and %q", tc.name, err, lineOf(de), tc.line, tc.want)
		}
	}
	dup := good + strings.Replace(good, "[[rule]]\n", "\n[[rule]]\n", 1)
	if _, err := LoadRules(strings.NewReader(dup), "r.toml"); err == nil || !strings.Contains(err.Error(), "r.toml:11: id = \"13.1\": trùng với quy tắc ở dòng 2") {
		t.Errorf("duplicate: %v", err)
	}
}

func lineOf(de *workday.DataError) int {
	if de == nil {
		return -1
	}
	return de.Line
}
