package classify

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeJudge answers each decision with fixed probabilities and records
// which decisions it was asked.
type fakeJudge struct {
	probs map[Decision]map[string]float64
	asked []Decision
}

func (f *fakeJudge) Judge(d Decision, _ Input, _ *Result, _ []Reason) (Judgement, bool) {
	f.asked = append(f.asked, d)
	p, ok := f.probs[d]
	if !ok {
		return Judgement{}, false
	}
	j := Judgement{Probs: p, Model: "test-1"}
	for _, v := range sortedValues(p) {
		if j.Value == "" || p[v] > j.Prob {
			j.Value, j.Prob = v, p[v]
		}
	}
	j.Evidence = []Reason{{Value: j.Value, Source: "model:feature", Weight: 1, Evidence: "cụm từ «thử»"}}
	return j, true
}

func sortedValues(m map[string]float64) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func judgeInput() Input {
	return Input{Subject: "Tin hội nghị", Body: "Kính gửi Ban Biên tập, xin gửi tin về hội nghị tập huấn.",
		From: "lan@gmail.com", ReceivedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, ict)}
}

func reasonFrom(r Result, src string) (Reason, bool) {
	for _, x := range r.Reasons {
		if x.Source == src {
			return x, true
		}
	}
	return Reason{}, false
}

// Điều 13 khoản 1 and 2: a timing class the model is unsure of gets the
// stricter deadline and the confirmation flag; a sure one keeps its class.
func TestFailSafeTiming(t *testing.T) {
	rs := shipped(t)
	for _, tc := range []struct {
		name       string
		timing     map[string]float64
		wantTiming string
		wantFlag   bool
		wantConf   float64
	}{
		{"unsure other → news_event", map[string]float64{"other": 0.6, "news_event": 0.3, "direction": 0.1}, "news_event", true, 0.6},
		{"sure other stays", map[string]float64{"other": 0.95, "news_event": 0.05}, "other", false, 0.95},
		// An unsure khoản 1 class already has the stricter deadline: no
		// flag (it would make no deadline safer).
		{"unsure strict keeps its class, not flagged", map[string]float64{"direction": 0.5, "other": 0.3, "news_event": 0.2}, "direction", false, 0.7},
		{"sure strict", map[string]float64{"news_event": 0.9, "other": 0.02, "direction": 0.08}, "news_event", false, 0.98},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := &fakeJudge{probs: map[Decision]map[string]float64{
				DecideKind: {"publish": 1}, DecideTiming: tc.timing, DecideCategory: {"8.3": 1}}}
			r := Classify(rs, judgeInput(), Options{Units: testUnits, Judge: j, MinConfidence: 0.8})
			if r.Kind != "publish" || r.Timing != tc.wantTiming || r.NeedsConfirmation != tc.wantFlag {
				t.Fatalf("kind %s timing %s flag %v, want publish %s %v", r.Kind, r.Timing, r.NeedsConfirmation, tc.wantTiming, tc.wantFlag)
			}
			if d := r.Confidence - tc.wantConf; d > 1e-9 || d < -1e-9 {
				t.Errorf("confidence %v, want %v", r.Confidence, tc.wantConf)
			}
			if r.Model != "test-1" {
				t.Errorf("model %q", r.Model)
			}
			fs, ok := reasonFrom(r, "failsafe:timing")
			if ok != tc.wantFlag {
				t.Fatalf("fail-safe reason present %v, want %v", ok, tc.wantFlag)
			}
			if ok && (!strings.Contains(fs.Evidence, ConfirmFlag) || fs.Article != "Điều 13 khoản 1" || !fs.Chosen) {
				t.Errorf("fail-safe reason %+v", fs)
			}
			if r.FailSafe != (tc.wantFlag && tc.timing["other"] > 0.5) {
				t.Errorf("FailSafe %v", r.FailSafe)
			}
		})
	}
}

// An unsure kind goes to a person (never forwarded); when it may be for
// posting, its deadline is the strict one if the timing may be khoản 1.
func TestFailSafeKind(t *testing.T) {
	rs := shipped(t)
	j := &fakeJudge{probs: map[Decision]map[string]float64{
		DecideKind: {"query": 0.55, "publish": 0.45}, DecideTiming: {"news_event": 0.7, "other": 0.3}, DecideUnit: {"cuc-hctp": 0.9, "van-phong-bo": 0.1}}}
	r := Classify(rs, judgeInput(), Options{Units: testUnits, Judge: j, MinConfidence: 0.8, MinKindConfidence: 0.8})
	if r.Kind != "query" || r.Target != "standing_board" || !r.NeedsConfirmation {
		t.Fatalf("kind %s target %s flag %v, want query standing_board true", r.Kind, r.Target, r.NeedsConfirmation)
	}
	// P(khoản 1) = 0.45 × 0.7 = 0.315: below 0.8 either way → strict.
	if r.Timing != "news_event" || !r.FailSafe {
		t.Errorf("timing %q failsafe %v, want news_event by the fail-safe", r.Timing, r.FailSafe)
	}
	if _, ok := reasonFrom(r, "failsafe:kind"); !ok {
		t.Error("no failsafe:kind reason")
	}
	// The same query, sure: forwarded to its unit, no timing.
	j.probs[DecideKind] = map[string]float64{"query": 0.97, "publish": 0.03}
	r = Classify(rs, judgeInput(), Options{Units: testUnits, Judge: j, MinConfidence: 0.8, MinKindConfidence: 0.8})
	if r.Target != "unit" || r.Unit != "cuc-hctp" || r.NeedsConfirmation || r.Timing != "" {
		t.Errorf("sure query: target %s unit %s flag %v timing %q", r.Target, r.Unit, r.NeedsConfirmation, r.Timing)
	}
}

// The kind and the Điều 13 group have thresholds of their own: a kind sure
// enough under its threshold is routed even when the group's threshold is
// higher, and an unsure kind goes to a person whatever the group's.
func TestFailSafeKindThresholdIsSeparate(t *testing.T) {
	rs := shipped(t)
	j := &fakeJudge{probs: map[Decision]map[string]float64{
		DecideKind: {"query": 0.9, "publish": 0.1}, DecideUnit: {"cuc-hctp": 0.9, "van-phong-bo": 0.1}}}
	r := Classify(rs, judgeInput(), Options{Units: testUnits, Judge: j, MinConfidence: 0.95, MinKindConfidence: 0.85})
	if r.Target != "unit" || r.Unit != "cuc-hctp" || r.NeedsConfirmation {
		t.Errorf("kind 0.9 ≥ 0.85: target %s unit %s flag %v, want unit cuc-hctp, no flag", r.Target, r.Unit, r.NeedsConfirmation)
	}
	if _, ok := reasonFrom(r, "failsafe:kind"); ok {
		t.Error("failsafe:kind reason on a kind above its threshold")
	}
	r = Classify(rs, judgeInput(), Options{Units: testUnits, Judge: j, MinConfidence: 0.6, MinKindConfidence: 0.95})
	if r.Target != "standing_board" || !r.NeedsConfirmation {
		t.Errorf("kind 0.9 < 0.95: target %s flag %v, want standing_board, flagged", r.Target, r.NeedsConfirmation)
	}
	fs, ok := reasonFrom(r, "failsafe:kind")
	if !ok || !strings.Contains(fs.Evidence, "95,0%") {
		t.Errorf("failsafe:kind reason %+v, want the kind's threshold 95,0%%", fs)
	}
}

// Rules for certainty: auto-replies, replies to our own mail and override
// rules are never the model's; secrecy marks keep the item with the
// Standing Board whatever the model says.
func TestRulesOverrideModel(t *testing.T) {
	rs := shipped(t)
	modelSaysPublish := func() *fakeJudge {
		return &fakeJudge{probs: map[Decision]map[string]float64{DecideKind: {"publish": 0.99, "query": 0.01}, DecideTiming: {"other": 1}, DecideCategory: {"8.3": 1}}}
	}
	for _, c := range []struct {
		name, kind string
		edit       func(*Input)
	}{
		{"auto-reply", "auto_reply", func(in *Input) {
			in.AutoSubmitted, in.AutoReason = true, "auto-submitted: auto-replied"
		}},
		{"reply to our mail", "reply", func(in *Input) {
			in.InReplyTo = []string{"abc@" + rs.OwnDomains[0]}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			j := modelSaysPublish()
			in := judgeInput()
			c.edit(&in)
			r := Classify(rs, in, Options{Units: testUnits, Judge: j})
			if r.Kind != c.kind || slices.Contains(j.asked, DecideKind) {
				t.Errorf("kind %s, model asked %v", r.Kind, j.asked)
			}
		})
	}
	t.Run("secrecy mark", func(t *testing.T) {
		j := modelSaysPublish()
		in := judgeInput()
		in.Body += "\nTÀI LIỆU MẬT"
		r := Classify(rs, in, Options{Units: testUnits, Judge: j})
		if !r.Screening.Quarantine || r.Target != "standing_board" {
			t.Errorf("quarantine %v target %s", r.Screening.Quarantine, r.Target)
		}
	})
	t.Run("override rule", func(t *testing.T) {
		src := strings.Replace(shippedSource(t), "\n[[rule]]\n", `
[[rule]]
id = "admin.kind.tap-huan"
decide = "kind"
value = "other"
weight = 50
override = true
any = ["tập huấn"]

[[rule]]
`, 1)
		ors, err := Load(strings.NewReader(src), "test.toml", LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		j := modelSaysPublish()
		r := Classify(ors, judgeInput(), Options{Units: testUnits, Judge: j})
		if r.Kind != "other" || slices.Contains(j.asked, DecideKind) {
			t.Errorf("kind %s, model asked %v", r.Kind, j.asked)
		}
		// Without the rule the model decides.
		j = modelSaysPublish()
		if r := Classify(rs, judgeInput(), Options{Units: testUnits, Judge: j}); r.Kind != "publish" || !slices.Contains(j.asked, DecideKind) {
			t.Errorf("without override: kind %s, asked %v", r.Kind, j.asked)
		}
	})
}

func shippedSource(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../../config/classify.rules.toml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
