package classify

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Options are what classification needs besides the rules and the message.
type Options struct {
	// Units is the directory of units (routing by field, Điều 11 khoản 1).
	Units []Unit
	// Calendar and DeadlineRules compute the Điều 10 sending deadline for
	// the late-submission screen (Điều 14 khoản 6); without them that
	// screen is skipped.
	Calendar      *workday.Calendar
	DeadlineRules []deadline.Rule
	// Earlier are earlier submissions and published items that may be
	// near-duplicates (Điều 14 khoản 4): all of them, or the candidates an
	// Index returned.
	Earlier []Candidate
	// Self is this submission's own reference, never matched against.
	Self string
	// Judge, when set, takes the decisions the rules leave open (judge.go);
	// MinConfidence is the confidence of the Điều 13 group below which the
	// timing class needs a person's confirmation (DefaultMinConfidence when
	// 0), MinKindConfidence that of the kind below which a person decides
	// where the item goes (DefaultMinKindConfidence when 0).
	Judge             Judge
	MinConfidence     float64
	MinKindConfidence float64
	// Mailbox is the mailbox the message arrived in, with its defaults
	// (mailbox.go); the zero value has none.
	Mailbox Mailbox
}

// Classify classes and screens one message. It is pure and never fails:
// what cannot be decided takes the default of the rules file, with a
// reason saying so.
func Classify(rs *Rules, in Input, opts Options) Result {
	c := newContext(rs, in, opts)
	c.decideLanguage()
	c.decideKind()
	if c.res.Kind == "publish" {
		c.decide(DecideCategory, rs.Defaults.Category, 0)
		c.decide(DecideTiming, rs.Defaults.Timing, 0)
	}
	c.failSafe()
	switch c.res.Kind {
	case "publish", "query", "reply":
		c.decideUnit()
	}
	if c.res.Kind == "publish" {
		c.decideComplex()
	}
	c.screen()
	c.decideTarget()
	c.supplement()
	if c.res.Reasons == nil {
		c.res.Reasons = []Reason{}
	}
	return c.res
}

type context struct {
	rs    *Rules
	in    Input
	opts  Options
	res   Result
	texts map[Scope]string
	hays  map[Scope]haystack
	// own is the body without quoted replies and signatures' contact block.
	own string
	// judgements are the learned model's decisions; unsureKind is set by
	// the fail-safe (judge.go).
	judgements map[Decision]Judgement
	unsureKind bool
}

func newContext(rs *Rules, in Input, opts Options) *context {
	c := &context{rs: rs, in: in, opts: opts, texts: map[Scope]string{}, hays: map[Scope]haystack{}}
	c.res.RulesVersion = rs.Version
	c.res.Scores = map[string]map[string]float64{}
	c.own = ownText(in.Body)
	c.texts[ScopeSubject] = in.Subject
	c.texts[ScopeBody] = c.own
	c.texts[ScopeDocument] = documentText(in)
	c.texts[ScopeSummary] = in.Document.Type + "\n" + in.Document.Summary
	var all, names []string
	walkAttachments(in.Attachments, func(a Attachment) {
		if a.Text != "" {
			all = append(all, a.Text)
		}
		names = append(names, a.Filename)
	})
	c.texts[ScopeAttachments] = strings.Join(all, "\n")
	c.texts[ScopeFilenames] = strings.Join(names, "\n")
	c.texts[ScopeFrom] = in.From + "\n" + in.FromName
	return c
}

func (c *context) hay(s Scope) haystack {
	h, ok := c.hays[s]
	if !ok {
		h = newHaystack(c.texts[s])
		c.hays[s] = h
	}
	return h
}

func walkAttachments(as []Attachment, fn func(Attachment)) {
	for _, a := range as {
		fn(a)
		walkAttachments(a.Members, fn)
	}
}

// documentText is the text the official document was read from.
func documentText(in Input) string {
	src := in.DocumentSource
	if !in.Document.Found {
		return ""
	}
	if src == "body" {
		return in.Body
	}
	name, ok := strings.CutPrefix(src, "attachment:")
	if !ok {
		return ""
	}
	for _, a := range in.Attachments {
		if a.Filename == name {
			return joinText(a)
		}
	}
	return ""
}

func joinText(a Attachment) string {
	parts := []string{a.Text}
	for _, m := range a.Members {
		parts = append(parts, joinText(m))
	}
	return strings.Join(parts, "\n\n")
}

// score is the running total of one decision.
type score struct {
	decision Decision
	totals   map[string]float64
	reasons  []Reason
	first    map[string]int // order in which values were first reached
	// override: a rule marked override matched (the model is not asked).
	override bool
}

func newScore(d Decision) *score {
	return &score{decision: d, totals: map[string]float64{}, first: map[string]int{}}
}

func (s *score) add(value, source string, weight float64, article, evidence string) {
	if _, ok := s.first[value]; !ok {
		s.first[value] = len(s.first)
	}
	s.totals[value] += weight
	s.reasons = append(s.reasons, Reason{Decision: string(s.decision), Value: value, Source: source, Weight: weight, Article: article, Evidence: evidence})
}

// best is the value with the highest total (the earliest reached on a tie).
func (s *score) best() (string, float64) {
	var vals []string
	for v := range s.totals {
		vals = append(vals, v)
	}
	sort.Slice(vals, func(i, j int) bool {
		a, b := s.totals[vals[i]], s.totals[vals[j]]
		if a != b {
			return a > b
		}
		return s.first[vals[i]] < s.first[vals[j]]
	})
	if len(vals) == 0 {
		return "", 0
	}
	return vals[0], s.totals[vals[0]]
}

// finish records the decision's scores and reasons; chosen marks the
// winning value's evidence.
func (c *context) finish(s *score, chosen string) {
	if len(s.totals) > 0 {
		m := map[string]float64{}
		for k, v := range s.totals {
			m[k] = v
		}
		c.res.Scores[string(s.decision)] = m
	}
	for _, r := range s.reasons {
		r.Chosen = r.Value == chosen
		c.res.Reasons = append(c.res.Reasons, r)
	}
}

// choose takes v for the decision of s and records the decision's scores
// and reasons.
func (c *context) choose(s *score, v string) {
	c.set(s.decision, v)
	c.finish(s, v)
}

func (c *context) set(d Decision, v string) {
	switch d {
	case DecideKind:
		c.res.Kind = v
	case DecideCategory:
		c.res.Category = v
	case DecideTiming:
		c.res.Timing = v
	case DecideUnit:
		c.res.Unit = v
	case DecideLanguage:
		c.res.Language = v
	}
}

// applyRules adds the weight of every rule of decision d whose conditions
// hold.
func (c *context) applyRules(s *score) {
	for _, r := range c.rs.Rules {
		if r.Decision != s.decision {
			continue
		}
		if ev, hits, ok := c.matches(r); ok {
			s.override = s.override || r.Override
			s.add(r.Value, r.ID, r.Weight*float64(max(1, min(hits, r.MaxHits))), r.Article, ev)
		}
	}
}

// decide runs the rules of d and takes the best value, else def.
func (c *context) decide(d Decision, def string, min float64) {
	s := newScore(d)
	c.applyRules(s)
	if noEvidence(s) {
		if v, ok := c.fromMailbox(s, "không quy tắc nào khớp"); ok {
			c.choose(s, v)
			return
		}
	}
	if v, ok := c.judged(s); ok {
		c.choose(s, v)
		return
	}
	v, total := s.best()
	if v == "" || total < min || total <= 0 {
		if mv, ok := c.fromMailbox(s, fmt.Sprintf("điểm cao nhất (%s: %s) chưa đạt ngưỡng %s", v, num(total), num(min))); ok {
			def = mv
		} else if v != "" {
			s.add(def, "default", 0, "", fmt.Sprintf("điểm cao nhất (%s: %s) chưa đạt ngưỡng %s: lấy giá trị mặc định", v, num(total), num(min)))
		} else {
			s.add(def, "default", 0, "", "không quy tắc nào khớp: lấy giá trị mặc định của tệp quy tắc")
		}
		v = def
	}
	c.choose(s, v)
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// matches checks a rule's conditions and returns its evidence and the
// number of distinct phrases of Any found.
func (c *context) matches(r Rule) (string, int, bool) {
	in := c.in
	if r.WhenDocument != nil && *r.WhenDocument != in.Document.Found {
		return "", 0, false
	}
	if r.WhenAutoReply != nil && *r.WhenAutoReply != in.AutoSubmitted {
		return "", 0, false
	}
	if len(r.WhenDocType) > 0 && !slices.ContainsFunc(r.WhenDocType, func(t string) bool { return Fold(t) == Fold(in.Document.Type) }) {
		return "", 0, false
	}
	if len(r.WhenKind) > 0 && !slices.Contains(r.WhenKind, c.res.Kind) {
		return "", 0, false
	}
	if len(r.WhenCategory) > 0 && !slices.Contains(r.WhenCategory, c.res.Category) {
		return "", 0, false
	}
	if len(r.WhenLanguage) > 0 && !slices.Contains(r.WhenLanguage, c.res.Language) {
		return "", 0, false
	}
	if len(r.WhenFrom) > 0 && !slices.ContainsFunc(r.WhenFrom, func(f string) bool { return strings.Contains(strings.ToLower(in.From), f) }) {
		return "", 0, false
	}
	var ev []string
	if len(r.WhenDocType) > 0 {
		ev = append(ev, "loại văn bản "+in.Document.Type)
	}
	if r.WhenDocument != nil {
		if *r.WhenDocument {
			ev = append(ev, "có văn bản hành chính")
		} else {
			ev = append(ev, "không có văn bản hành chính")
		}
	}
	if len(r.WhenFrom) > 0 {
		ev = append(ev, "người gửi "+in.From)
	}
	for _, p := range r.noneP {
		if _, ok := c.find(p, r.In); ok {
			return "", 0, false
		}
	}
	for _, p := range r.allP {
		sc, ok := c.find(p, r.In)
		if !ok {
			return "", 0, false
		}
		ev = append(ev, fmt.Sprintf("%q trong %s", p.src, scopeName(sc)))
	}
	hits := 0
	if len(r.anyP) > 0 {
		var found []string
		for _, p := range r.anyP {
			if sc, ok := c.find(p, r.In); ok {
				hits++
				if len(found) < 4 {
					found = append(found, fmt.Sprintf("%q trong %s", p.src, scopeName(sc)))
				}
			}
		}
		if hits < r.MinHits {
			return "", 0, false
		}
		ev = append(ev, found...)
	}
	if len(r.WhenCategory) > 0 {
		ev = append(ev, "nhóm "+c.res.Category)
	}
	if len(r.WhenKind) > 0 {
		ev = append(ev, "loại "+c.res.Kind)
	}
	if len(r.WhenLanguage) > 0 {
		ev = append(ev, "ngôn ngữ "+c.res.Language)
	}
	return strings.Join(ev, ", "), hits, true
}

func (c *context) find(p phrase, in []Scope) (Scope, bool) {
	for _, s := range in {
		if c.texts[s] == "" {
			continue
		}
		if c.hay(s).has(p) {
			return s, true
		}
	}
	return "", false
}

var scopeNames = map[Scope]string{
	ScopeSubject: "tiêu đề", ScopeBody: "nội dung thư", ScopeDocument: "văn bản", ScopeSummary: "trích yếu",
	ScopeAttachments: "tệp đính kèm", ScopeFilenames: "tên tệp", ScopeFrom: "người gửi",
}

func scopeName(s Scope) string { return scopeNames[s] }

// ---- language (Điều 21 khoản 6: English items go to the English team) ----

var enWords = strings.Fields("the and of to in for is are on with please we our you your this that be from by at as it was were will would could have has an")
var viWords = strings.Fields("va cua cac duoc cho toi khong nay voi nguoi ban bien tap gui xin cam on kinh de la co trong mot nhung theo tai ve da se nhu")

func (c *context) decideLanguage() {
	s := newScore(DecideLanguage)
	text := c.in.Subject + "\n" + c.own
	en, vi := 0, 0
	marked := 0
	for _, w := range strings.Fields(Words(text)) {
		if diacriticShare(w) > 0 {
			marked++
			vi++
			continue
		}
		if slices.Contains(enWords, w) {
			en++
		} else if slices.Contains(viWords, w) {
			vi++
		}
	}
	if en >= 3 && en > 2*vi {
		s.add("en", "structure:language", float64(en), "Điều 21 khoản 6", fmt.Sprintf("%d từ chức năng tiếng Anh, %d từ tiếng Việt", en, vi))
	} else if vi > 0 {
		s.add("vi", "structure:language", float64(vi), "", fmt.Sprintf("%d từ tiếng Việt (%d có dấu), %d từ chức năng tiếng Anh", vi, marked, en))
	}
	c.applyRules(s)
	if v, ok := c.judged(s); ok {
		c.choose(s, v)
		return
	}
	v, total := s.best()
	if v == "" || total <= 0 {
		v = c.rs.Defaults.Language
		s.add(v, "default", 0, "", "không đủ chữ để nhận ngôn ngữ: lấy mặc định")
	}
	c.choose(s, v)
}

// ---- kind ----

func (c *context) decideKind() {
	in := c.in
	s := newScore(DecideKind)
	auto := in.AutoSubmitted
	bulk := strings.HasPrefix(in.AutoReason, "precedence: bulk") || strings.HasPrefix(in.AutoReason, "precedence: list") || strings.HasPrefix(in.AutoReason, "precedence: junk")
	switch {
	case auto && !bulk:
		// RFC 3834: an automatic response is recorded, never answered and
		// never a submission.
		s.add("auto_reply", "structure:auto_submitted", 100, "RFC 3834 §5", "thư tự động: "+in.AutoReason)
	case auto && bulk:
		s.add("other", "structure:bulk", 10, "RFC 3834 §3.1.8", "thư gửi hàng loạt: "+in.AutoReason)
	case in.Thread != nil:
		s.add("reply", "structure:thread", 100, "Điều 11 khoản 2", "trả lời thư của Ban Biên tập về "+in.Thread.Reference)
	default:
		if id, ok := c.refersToUs(); ok {
			s.add("reply", "structure:in_reply_to", 100, "Điều 11 khoản 2", "trả lời thư của Ban Biên tập <"+id+">")
		}
	}
	if strings.TrimSpace(in.Subject) == "" && strings.TrimSpace(in.Body) == "" && len(in.Attachments) == 0 && !in.HeaderOnly {
		s.add("other", "structure:empty", 10, "", "thư không có tiêu đề, nội dung và tệp đính kèm")
	}
	if v, _ := s.best(); v == "" {
		c.applyRules(s)
		if v, ok := c.judged(s); ok {
			c.choose(s, v)
			return
		}
	}
	v, total := s.best()
	if v == "" || total < c.rs.Thresholds.KindMin {
		def := c.rs.Defaults.Kind
		if v != "" {
			s.add(def, "default", 0, "", fmt.Sprintf("điểm cao nhất (%s: %s) chưa đạt ngưỡng %s: lấy mặc định", v, num(total), num(c.rs.Thresholds.KindMin)))
		} else {
			s.add(def, "default", 0, "", "không quy tắc nào khớp: lấy mặc định")
		}
		v = def
	}
	c.choose(s, v)
}

// refersToUs finds a Message-ID of ours among In-Reply-To and References.
func (c *context) refersToUs() (string, bool) {
	for _, id := range append(append([]string{}, c.in.InReplyTo...), c.in.References...) {
		_, dom, ok := strings.Cut(strings.Trim(id, "<> "), "@")
		if !ok {
			continue
		}
		if slices.Contains(c.rs.OwnDomains, strings.ToLower(dom)) {
			return strings.Trim(id, "<> "), true
		}
	}
	return "", false
}

// ---- complexity (Điều 12 khoản 3) ----

func (c *context) decideComplex() {
	s := newScore(DecideComplex)
	c.applyRules(s)
	yes := s.totals["yes"] - s.totals["no"]
	c.res.Complex = yes >= c.rs.Thresholds.ComplexMin && yes > 0
	v := "no"
	if c.res.Complex {
		v = "yes"
	}
	c.finish(s, v)
}

// ---- target ----

func (c *context) decideTarget() {
	s := newScore("target")
	r := &c.res
	add := func(v, src, art, ev string) { s.add(v, src, 0, art, ev) }
	switch {
	case r.Screening.Quarantine && r.Kind != "auto_reply" && r.Kind != "reply":
		// Điều 14 khoản 2 wins over everything (below, per kind).
	case c.unsureTarget(s):
		r.Target = "standing_board"
		c.finish(s, r.Target)
		return
	}
	switch r.Kind {
	case "auto_reply", "other":
		// Recorded, never routed.
	case "complaint":
		add("standing_board", "policy:complaint", "Điều 15 khoản 2, 3", "phản ánh về thông tin đã đăng: Thường trực Ban Biên tập xem xét gỡ bỏ, đính chính")
	case "query":
		if r.Screening.Quarantine {
			add("standing_board", "policy:secrecy", "Điều 14 khoản 2", "có dấu độ mật: không chuyển, chỉ Thường trực Ban Biên tập xem")
		} else {
			add("unit", "policy:query", "Điều 11 khoản 1, bước 2", "không để đăng tải: chuyển đơn vị chuyên môn xử lý")
		}
	case "reply":
		if t := c.in.Thread; t != nil && t.Target != "" {
			add(t.Target, "policy:thread", "Điều 11 khoản 2", "cùng nơi xử lý với thông tin "+t.Reference)
		} else {
			add("portal_editor", "policy:reply", "Điều 11 khoản 2", "trả lời yêu cầu bổ sung: về biên tập viên xử lý thông tin")
		}
	case "publish":
		unit := c.unit(r.Unit)
		switch {
		case r.Screening.Quarantine:
			add("standing_board", "policy:secrecy", "Điều 14 khoản 2", "có dấu độ mật: không chuyển, chỉ Thường trực Ban Biên tập xem, người xác nhận")
		case r.Language == "en":
			add("english_team", "policy:english", "Điều 21 khoản 6", "tin, bài tiếng Anh: nhóm biên tập Cổng tiếng Anh")
		case r.Complex:
			add("board_member", "policy:complex", "Điều 12 khoản 3", "nội dung chuyên sâu, phức tạp: thành viên Ban Biên tập phụ trách lĩnh vực")
		case unit != nil && unit.ComponentSite != "" && r.Category == "8.3":
			add("component_site", "policy:component_site", "Điều 11 khoản 1, bước 2", "thông tin lĩnh vực của "+unit.Name+": Trang thông tin điện tử thành phần "+unit.ComponentSite)
			r.ComponentSite = unit.ComponentSite
		default:
			if !c.mailboxTarget(s) {
				add("portal_editor", "policy:portal", "Điều 11 khoản 1, bước 2", "biên tập viên Cổng biên tập, cập nhật")
			}
		}
	}
	v, _ := s.best()
	r.Target = v
	c.finish(s, v)
}

func (c *context) unit(code string) *Unit {
	for i := range c.opts.Units {
		if c.opts.Units[i].Code == code {
			return &c.opts.Units[i]
		}
	}
	return nil
}

// ---- supplement request (Điều 9 khoản 2, 3; Điều 11 khoản 2) ----

func (c *context) supplement() {
	r := &c.res
	r.Supplement = Supplement{Missing: []string{}, Invalid: []string{}}
	if r.Kind != "publish" || r.Screening.Quarantine {
		return
	}
	r.Supplement.Missing = append(r.Supplement.Missing, c.in.Submitter.Missing...)
	r.Supplement.Invalid = append(r.Supplement.Invalid, c.in.Submitter.Invalid...)
	d := c.in.Document
	r.Supplement.PortalLine = d.Found && !d.PortalRecipient
}

// ownText is the body without quoted replies: lines starting with ">" and
// everything from an attribution line ("Vào … đã viết:", "On … wrote:",
// "-----Original Message-----") on.
func ownText(body string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, ">") {
			continue
		}
		f := Fold(t)
		if isAttribution(t, f) {
			break
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

func isAttribution(t, f string) bool {
	switch {
	case strings.HasPrefix(t, "-----Original Message") || strings.HasPrefix(t, "-----Thư gốc") || strings.HasPrefix(t, "----- Original"):
		return true
	case strings.HasPrefix(f, "vao ") && strings.HasSuffix(f, " da viet"):
		return true
	case strings.HasPrefix(f, "on ") && strings.HasSuffix(f, " wrote"):
		return true
	}
	return false
}
