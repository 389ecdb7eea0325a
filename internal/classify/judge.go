package classify

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Rules for certainty, a learned model for judgement (issue 11). What the
// law or the mail's structure makes certain is decided by the rules: an
// automatic response (RFC 3834), a reply to the Board's own mail (Điều 11
// khoản 2), a rule the administrators marked override = true; secrecy marks
// (Điều 14 khoản 2) keep their quarantine whatever is decided. Every other
// decision of kind, category, timing, unit and language is the Judge's, with
// the rules' evidence among its inputs.
//
// Fail-safe (Điều 13 khoản 1 and 2): when the model chose a khoản 2 class
// (or none) but is less sure than Options.MinConfidence that the Điều 13
// group is right, the item gets the stricter khoản 1 deadline (1/2 working
// day) and the flag "cần xác nhận loại thời hạn" (an unsure khoản 1 class
// already has the stricter deadline and is not flagged); when it is less
// sure of the kind than Options.MinKindConfidence, a person decides where
// the item goes (never forwarded by the machine, Điều 11 khoản 1). The two
// thresholds weigh different costs: the first a deadline twice the legal
// one, the second a person's look at an item the machine would route.

// Judge is a learned model that takes the decisions the rules leave open.
type Judge interface {
	// Judge returns the model's value of decision d for the message in,
	// given the rules' evidence for d (their reasons, with value and
	// weight) and the decisions taken so far. ok is false when the model
	// has no head for d.
	Judge(d Decision, in Input, sofar *Result, evidence []Reason) (j Judgement, ok bool)
}

// Judgement is a learned model's decision.
type Judgement struct {
	Value string
	// Prob is the probability of Value; Probs that of every value.
	Prob  float64
	Probs map[string]float64
	// Model is the model's version.
	Model string
	// Evidence are the features that weighed most for Value, as reasons
	// whose Evidence is in Vietnamese.
	Evidence []Reason
}

// DefaultMinConfidence is the confidence below which the fail-safe applies
// when Options.MinConfidence is 0: chosen by cross-validation on the
// training part (issue 11): the highest of 0.8–0.95 that flags at most one
// item in eight, leaving room under the 15 %; with the default
// model it leaves 4 of 193 khoản 1 items at khoản 2 (0.8: 5) and flags 12 %.
const DefaultMinConfidence = 0.95

// DefaultMinKindConfidence is the confidence of the kind below which a
// person decides where an item goes, when Options.MinKindConfidence is 0.
// Chosen by 5-fold cross-validation on the training part (issue 11, 636
// items, eval --cv-only --sweep): with the group's 0.95 the dangerous
// errors stay 2 of 309 at every kind threshold from 0.5 to 0.95; items of a
// wrong kind left unflagged are 1 at 0.9–0.95, 2 at 0.7–0.8, 3 at 0.5–0.6,
// and the kind flags 50, 33, 15, 9, 3, 2 at 0.95, 0.9, 0.8, 0.7, 0.6, 0.5.
// 0.7 asks a person about 9 items instead of 50 for one more wrong kind
// routed by the machine. (The group's threshold above 0.95, up to 0.99,
// left the same 2 dangerous errors with more flags; 0.9 left 4.)
const DefaultMinKindConfidence = 0.7

// ConfirmFlag is the flag staff see on an item whose timing class the model
// was unsure of.
const ConfirmFlag = "cần xác nhận loại thời hạn"

// strictTimings are the timing classes of Điều 13 khoản 1 (1/2 working
// day); "other" is khoản 2 (1 working day).
var strictTimings = []string{"direction", "admin_document", "news_event"}

// Strict reports whether a timing class has the Điều 13 khoản 1 deadline.
func Strict(timing string) bool { return slices.Contains(strictTimings, timing) }

func (c *context) minConfidence() float64 {
	if c.opts.MinConfidence > 0 {
		return c.opts.MinConfidence
	}
	return DefaultMinConfidence
}

func (c *context) minKindConfidence() float64 {
	if c.opts.MinKindConfidence > 0 {
		return c.opts.MinKindConfidence
	}
	return DefaultMinKindConfidence
}

// judged asks the model for the decision of s unless a rule marked
// override matched; it records the judgement and adds its evidence to s.
func (c *context) judged(s *score) (string, bool) {
	if c.opts.Judge == nil || s.override {
		return "", false
	}
	j, ok := c.opts.Judge.Judge(s.decision, c.in, &c.res, s.reasons)
	if !ok {
		return "", false
	}
	c.record(s.decision, j)
	s.reasons = append(s.reasons, Reason{Decision: string(s.decision), Value: j.Value, Source: "model:" + j.Model, Weight: round3(j.Prob),
		Evidence: fmt.Sprintf("mô hình học máy %s: xác suất %s", j.Model, percent(j.Prob))})
	for _, r := range j.Evidence {
		r.Decision = string(s.decision)
		s.reasons = append(s.reasons, r)
	}
	return j.Value, true
}

func (c *context) record(d Decision, j Judgement) {
	if c.judgements == nil {
		c.judgements = map[Decision]Judgement{}
	}
	c.judgements[d] = j
	c.res.Model = j.Model
	if c.res.Probabilities == nil {
		c.res.Probabilities = map[string]map[string]float64{}
	}
	p := map[string]float64{}
	for k, v := range j.Probs {
		p[k] = round3(v)
	}
	c.res.Probabilities[string(d)] = p
}

// failSafe sets Confidence and NeedsConfirmation, and gives an item whose
// Điều 13 group is unsure the stricter deadline of khoản 1.
func (c *context) failSafe() {
	r := &c.res
	r.Confidence = 1
	if c.opts.Judge == nil {
		return
	}
	minConf, minKind := c.minConfidence(), c.minKindConfidence()
	kj, kindJudged := c.judgements[DecideKind]
	pPub := 0.0
	if kindJudged {
		pPub = kj.Probs["publish"]
	} else if r.Kind == "publish" {
		pPub = 1
	}
	unsureKind := kindJudged && kj.Prob < minKind
	tj, timingJudged := c.judgements[DecideTiming]
	if !timingJudged && r.Kind != "publish" && unsureKind && pPub > 0 {
		// Could be for posting: what would its timing class be?
		tj, timingJudged = c.hypotheticalTiming()
	}
	pStrict := 0.0
	switch {
	case timingJudged:
		for _, t := range strictTimings {
			pStrict += tj.Probs[t]
		}
	case Strict(r.Timing):
		pStrict = 1
	}
	p131 := pPub * pStrict
	strict := Strict(r.Timing)
	conf := 1 - p131
	if strict {
		conf = p131
	}
	r.Confidence = round3(conf)
	if unsureKind {
		r.NeedsConfirmation = true
		c.unsureKind = true
		r.Reasons = append(r.Reasons, Reason{Decision: string(DecideKind), Value: r.Kind, Source: "failsafe:kind", Weight: round3(kj.Prob),
			Article: "Điều 11 khoản 1", Chosen: true,
			Evidence: fmt.Sprintf("mô hình chưa chắc loại thư (%s < %s): người xác nhận trước khi chuyển đi", percent(kj.Prob), percent(minKind))})
	}
	if conf >= minConf || strict {
		// A khoản 1 class already has the stricter deadline: flagging it
		// would spend a person's attention without making any deadline
		// safer. The flags go to the khoản 2 items that may be khoản 1
		// (cross-validation on the training part, issue 11: at the same
		// share of flagged items, fewer khoản 1 items left with a full
		// working day).
		return
	}
	r.NeedsConfirmation = true
	ev := fmt.Sprintf("%s: độ tin cậy về nhóm thời hạn %s < %s", ConfirmFlag, percent(conf), percent(minConf))
	if !strict {
		best := ""
		for _, t := range strictTimings {
			if best == "" || tj.Probs[t] > tj.Probs[best] {
				best = t
			}
		}
		ev += fmt.Sprintf("; áp thời hạn chặt hơn của Điều 13 khoản 1 (1/2 ngày làm việc, nhóm %s) thay cho %s cho tới khi cán bộ xác nhận", best, orOther(r.Timing))
		r.Timing, r.FailSafe = best, true
	}
	r.Reasons = append(r.Reasons, Reason{Decision: string(DecideTiming), Value: r.Timing, Source: "failsafe:timing", Weight: r.Confidence,
		Article: "Điều 13 khoản 1", Evidence: ev, Chosen: true})
}

// hypotheticalTiming is the model's timing class of the message as if it
// were for posting (its kind is unsure).
func (c *context) hypotheticalTiming() (Judgement, bool) {
	kind := c.res.Kind
	c.res.Kind = "publish"
	defer func() { c.res.Kind = kind }()
	s := newScore(DecideTiming)
	c.applyRules(s)
	j, ok := c.opts.Judge.Judge(DecideTiming, c.in, &c.res, s.reasons)
	if ok && c.res.Probabilities != nil {
		p := map[string]float64{}
		for k, v := range j.Probs {
			p[k] = round3(v)
		}
		c.res.Probabilities[string(DecideTiming)] = p
	}
	return j, ok
}

// unsureTarget sends an item of unsure kind to the Standing Board.
func (c *context) unsureTarget(s *score) bool {
	if !c.unsureKind {
		return false
	}
	switch c.res.Kind {
	case "publish", "query", "complaint", "other":
		s.add("standing_board", "failsafe:kind", 0, "Điều 11 khoản 1, bước 2", "loại thư chưa chắc: Thường trực Ban Biên tập xác nhận, không tự động chuyển đơn vị")
		return true
	}
	return false
}

func orOther(t string) string {
	if t == "" {
		return "khác (Điều 13 khoản 2)"
	}
	return t
}

func round3(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 3, 64), 64)
	return v
}

// percent writes a probability as Vietnamese read it ("87,5%").
func percent(p float64) string {
	return strings.Replace(strconv.FormatFloat(100*p, 'f', 1, 64), ".", ",", 1) + "%"
}

// OwnText is the body without quoted replies (what the rules read as
// ScopeBody), for a model's features.
func OwnText(body string) string { return ownText(body) }
