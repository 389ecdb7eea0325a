package classify

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/moj-portal/tiepnhan/internal/tomlpos"
)

// Rules is a parsed, validated rules file: what staff of the Standing Board
// edit to change how submissions are classed, without a rebuild.
type Rules struct {
	// Version names the rules in force; it is stored with each decision.
	Version string
	// File is the name the rules were loaded from.
	File string
	// OwnDomains are the right-hand sides of the Message-IDs we write: a
	// message that refers to one of them answers us (Điều 11 khoản 2).
	OwnDomains []string
	Thresholds Thresholds
	Defaults   Defaults
	Signals    Signals
	Secrecy    Secrecy
	Rules      []Rule
}

// Thresholds tune the decisions.
type Thresholds struct {
	// KindMin is the least score a kind other than the default needs.
	KindMin float64
	// ComplexMin is the least "complex" score that sends an item for
	// posting to the board member of its field (Điều 12 khoản 3).
	ComplexMin float64
	// UnitMin is the least score a unit needs.
	UnitMin float64
	// DuplicateJaccard and DuplicateContainment: a text at least this
	// similar to an earlier item is a near-duplicate (Điều 14 khoản 4).
	DuplicateJaccard     float64
	DuplicateContainment float64
	// DuplicateMinShingles: shorter texts are never compared.
	DuplicateMinShingles int
	// DocumentOCRChars: an attachment read by OCR with at least this many
	// characters is a scanned document, not a photo (Điều 14 khoản 5).
	DocumentOCRChars int
}

// Defaults are the values a decision takes when no rule reaches it.
type Defaults struct {
	Kind, Category, Timing, Language string
}

// Signals weigh the evidence the engine reads from the directory of units
// rather than from words: the sender's address, the document's symbol and
// issuer, the sender's organisation.
type Signals struct {
	UnitEmail      float64 // From: is the unit's own address
	SenderSymbol   float64 // a unit symbol in the local part of From:
	DocumentSymbol float64 // a unit symbol in the document's number and symbol
	Issuer         float64 // the issuing body is the unit
	Organization   float64 // the sender's organisation (Điều 9 khoản 3) is the unit
	NameInText     float64 // the unit's full name in the subject or body
	SymbolInText   float64 // the unit's symbol as a word in the subject
}

// Secrecy lists the marks of Điều 14 khoản 2: secret and internal-only
// documents are quarantined.
type Secrecy struct {
	// Marks match anywhere, case-insensitively, with or without diacritics.
	Marks []string
	// UpperMarks match only as a word written in capitals ("MẬT"; the word
	// "mật" alone is common: mật khẩu, bí mật).
	UpperMarks []string
	// NotBefore: an upper mark right after one of these words is no mark
	// ("BÍ MẬT").
	NotBefore []string

	marks []phrase
}

// Decision names what a rule decides.
type Decision string

// Decisions a rule can weigh in on.
const (
	DecideKind     Decision = "kind"
	DecideCategory Decision = "category"
	DecideTiming   Decision = "timing"
	DecideUnit     Decision = "unit"
	DecideComplex  Decision = "complex"
	DecideLanguage Decision = "language"
)

// Values of each decision (issue 5; rules.md).
var (
	Kinds      = []string{"publish", "query", "complaint", "reply", "auto_reply", "other"}
	Categories = []string{"8.1", "8.2", "8.3", "8.4", "8.5"}
	Timings    = []string{"direction", "admin_document", "news_event", "other"}
	Targets    = []string{"portal_editor", "component_site", "unit", "english_team", "board_member", "standing_board"}
	Languages  = []string{"vi", "en"}
)

// Scope is a part of a message a rule reads.
type Scope string

// Scopes.
const (
	ScopeSubject     Scope = "subject"     // the Subject: line
	ScopeBody        Scope = "body"        // the body, without quoted replies
	ScopeDocument    Scope = "document"    // the text the official document was read from
	ScopeSummary     Scope = "summary"     // the document's type and trích yếu
	ScopeAttachments Scope = "attachments" // every attachment's text
	ScopeFilenames   Scope = "filenames"   // attachment file names
	ScopeFrom        Scope = "from"        // sender address and display name
)

var scopes = []Scope{ScopeSubject, ScopeBody, ScopeDocument, ScopeSummary, ScopeAttachments, ScopeFilenames, ScopeFrom}

// Rule adds Weight to Value of Decision when its conditions hold.
type Rule struct {
	ID       string
	Decision Decision
	Value    string
	Weight   float64
	// In are the scopes searched for the phrases (default subject, body).
	In []Scope
	// Any: at least MinHits of these phrases; All: every one; None: not one.
	Any, All, None []string
	MinHits        int
	// MaxHits: the weight counts once per distinct phrase of Any found, up
	// to MaxHits times (default 1: once).
	MaxHits int
	// Conditions on what is already known; empty means "any".
	WhenDocument  *bool
	WhenDocType   []string
	WhenKind      []string
	WhenCategory  []string
	WhenLanguage  []string
	WhenFrom      []string // substrings of the sender address
	WhenAutoReply *bool
	// Override: when the rule matches, its decision is the rules' and never
	// the learned model's (an administrator's explicit rule, issue 11).
	Override bool
	// Article is the provision the rule applies; Note says why, for staff.
	Article, Note string
	// Line is where the rule starts in its file.
	Line int

	anyP, allP, noneP []phrase
}

// FileError is a rules file that cannot be used: the file, the line (0 if
// unknown), the key and the offending value, and why — in Vietnamese, for
// the staff member who edited it. The rules in force stay in force.
type FileError = tomlpos.Error

type rawRules struct {
	Version    string   `toml:"version"`
	OwnDomains []string `toml:"own_domains"`
	Thresholds struct {
		KindMin              *float64 `toml:"kind_min"`
		ComplexMin           *float64 `toml:"complex_min"`
		UnitMin              *float64 `toml:"unit_min"`
		DuplicateJaccard     *float64 `toml:"duplicate_jaccard"`
		DuplicateContainment *float64 `toml:"duplicate_containment"`
		DuplicateMinShingles *int     `toml:"duplicate_min_shingles"`
		DocumentOCRChars     *int     `toml:"document_ocr_chars"`
	} `toml:"thresholds"`
	Defaults struct {
		Kind     string `toml:"kind"`
		Category string `toml:"category"`
		Timing   string `toml:"timing"`
		Language string `toml:"language"`
	} `toml:"defaults"`
	Signals struct {
		UnitEmail      float64 `toml:"unit_email"`
		SenderSymbol   float64 `toml:"sender_symbol"`
		DocumentSymbol float64 `toml:"document_symbol"`
		Issuer         float64 `toml:"issuer"`
		Organization   float64 `toml:"organization"`
		NameInText     float64 `toml:"name_in_text"`
		SymbolInText   float64 `toml:"symbol_in_text"`
	} `toml:"signals"`
	Secrecy struct {
		Marks      []string `toml:"marks"`
		UpperMarks []string `toml:"upper_marks"`
		NotBefore  []string `toml:"not_before"`
	} `toml:"secrecy"`
	Rule []rawRule `toml:"rule"`
}

type rawRule struct {
	ID            string   `toml:"id"`
	Decide        string   `toml:"decide"`
	Value         string   `toml:"value"`
	Weight        *float64 `toml:"weight"`
	In            []string `toml:"in"`
	Any           []string `toml:"any"`
	All           []string `toml:"all"`
	None          []string `toml:"none"`
	MinHits       int      `toml:"min_hits"`
	MaxHits       int      `toml:"max_hits"`
	WhenDocument  *bool    `toml:"when_document"`
	WhenDocType   []string `toml:"when_doc_type"`
	WhenKind      []string `toml:"when_kind"`
	WhenCategory  []string `toml:"when_category"`
	WhenLanguage  []string `toml:"when_language"`
	WhenFrom      []string `toml:"when_from"`
	WhenAutoReply *bool    `toml:"when_auto_reply"`
	Override      bool     `toml:"override"`
	Article       string   `toml:"article"`
	Note          string   `toml:"note"`
}

// MaxRulesBytes caps a rules file.
const MaxRulesBytes = 1 << 20

var (
	idRe       = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,79}$`)
	unitCodeRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)
	domainRe   = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)
)

// LoadOptions constrain a rules file.
type LoadOptions struct {
	// Units are the unit codes of the directory; when set, a rule deciding
	// an unknown unit is an error.
	Units []string
}

// Load reads and checks a rules file. name is what errors call it. Every
// error is a *FileError naming the file, the line and the reason.
func Load(r io.Reader, name string, opts LoadOptions) (*Rules, error) {
	src, err := io.ReadAll(io.LimitReader(r, MaxRulesBytes+1))
	if err != nil {
		return nil, &FileError{File: name, Msg: "không đọc được tệp: " + err.Error()}
	}
	if len(src) > MaxRulesBytes {
		return nil, &FileError{File: name, Msg: "tệp lớn hơn 1 MiB"}
	}
	return parse(string(src), name, opts)
}

func parse(src, name string, opts LoadOptions) (*Rules, error) {
	var raw rawRules
	md, err := toml.Decode(src, &raw)
	if err != nil {
		return nil, tomlpos.DecodeError(name, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		return nil, &FileError{File: name, Line: tomlpos.KeyLine(src, k), Key: k.String(), Value: "…", Msg: "khóa không được hỗ trợ (gõ nhầm tên?)"}
	}
	f := rulesFile{src: src, name: name, opts: opts}
	rs := &Rules{File: name, Version: strings.TrimSpace(raw.Version)}
	if rs.Version == "" {
		return nil, f.topErr("version", `""`, "cần ghi phiên bản của bộ quy tắc (ví dụ ngày sửa: \"2026-04-20\")")
	}
	if rs.OwnDomains, err = f.ownDomains(raw.OwnDomains); err != nil {
		return nil, err
	}
	if rs.Thresholds, err = f.thresholds(&raw); err != nil {
		return nil, err
	}
	if rs.Defaults, err = f.defaults(&raw); err != nil {
		return nil, err
	}
	if rs.Signals, err = f.signals(&raw); err != nil {
		return nil, err
	}
	if rs.Secrecy, err = f.secrecy(&raw); err != nil {
		return nil, err
	}
	seen := map[string]int{}
	for i, e := range raw.Rule {
		r, err := f.rule(i, e, seen)
		if err != nil {
			return nil, err
		}
		rs.Rules = append(rs.Rules, r)
	}
	if len(rs.Rules) == 0 {
		return nil, &FileError{File: name, Msg: "không có quy tắc [[rule]] nào"}
	}
	return rs, nil
}

// rulesFile is a rules file being checked: its text, for the line numbers of
// the errors, and the name errors call it.
type rulesFile struct {
	src, name string
	opts      LoadOptions
}

// topErr is an error about a top-level key.
func (f rulesFile) topErr(key, value, msg string) error {
	return &FileError{File: f.name, Line: tomlpos.TopLine(f.src, key), Key: key, Value: value, Msg: msg}
}

// tableErr is an error about a key of a table ([thresholds], [signals], …).
func (f rulesFile) tableErr(table, key, value, msg string) error {
	return &FileError{File: f.name, Line: tomlpos.TableLine(f.src, table, key), Key: table + "." + key, Value: value, Msg: msg}
}

// ownDomains lowers and checks the office's own mail domains.
func (f rulesFile) ownDomains(raw []string) ([]string, error) {
	var out []string
	for _, d := range raw {
		d = strings.ToLower(strings.TrimSpace(d))
		if !domainRe.MatchString(d) {
			return nil, f.topErr("own_domains", strconv.Quote(d), "không phải tên miền")
		}
		out = append(out, d)
	}
	return out, nil
}

// thresholds checks the [thresholds] table; a key left out keeps its default.
func (f rulesFile) thresholds(raw *rawRules) (Thresholds, error) {
	th := &raw.Thresholds
	t := Thresholds{KindMin: 2, ComplexMin: 3, UnitMin: 2, DuplicateJaccard: 0.5, DuplicateContainment: 0.8, DuplicateMinShingles: 12, DocumentOCRChars: 200}
	for _, x := range []struct {
		key     string
		v       *float64
		dst     *float64
		lo, hi  float64
		between string
	}{
		{"kind_min", th.KindMin, &t.KindMin, 0, 1000, "từ 0 đến 1000"},
		{"complex_min", th.ComplexMin, &t.ComplexMin, 0, 1000, "từ 0 đến 1000"},
		{"unit_min", th.UnitMin, &t.UnitMin, 0, 1000, "từ 0 đến 1000"},
		{"duplicate_jaccard", th.DuplicateJaccard, &t.DuplicateJaccard, 0.05, 1, "từ 0,05 đến 1"},
		{"duplicate_containment", th.DuplicateContainment, &t.DuplicateContainment, 0.05, 1, "từ 0,05 đến 1"},
	} {
		if x.v == nil {
			continue
		}
		if math.IsNaN(*x.v) || *x.v < x.lo || *x.v > x.hi {
			return t, f.tableErr("thresholds", x.key, fmt.Sprint(*x.v), "phải "+x.between)
		}
		*x.dst = *x.v
	}
	for _, x := range []struct {
		key    string
		v      *int
		dst    *int
		lo, hi int
	}{
		{"duplicate_min_shingles", th.DuplicateMinShingles, &t.DuplicateMinShingles, 1, 10000},
		{"document_ocr_chars", th.DocumentOCRChars, &t.DocumentOCRChars, 0, 1000000},
	} {
		if x.v == nil {
			continue
		}
		if *x.v < x.lo || *x.v > x.hi {
			return t, f.tableErr("thresholds", x.key, fmt.Sprint(*x.v), fmt.Sprintf("phải từ %d đến %d", x.lo, x.hi))
		}
		*x.dst = *x.v
	}
	return t, nil
}

// defaults checks the [defaults] table: each is one of its decision's values.
func (f rulesFile) defaults(raw *rawRules) (Defaults, error) {
	d := raw.Defaults
	for _, x := range []struct {
		key, v  string
		allowed []string
	}{
		{"kind", d.Kind, Kinds}, {"category", d.Category, Categories}, {"timing", d.Timing, Timings}, {"language", d.Language, Languages},
	} {
		if !slices.Contains(x.allowed, x.v) {
			return Defaults{}, f.tableErr("defaults", x.key, strconv.Quote(x.v), "phải là một trong "+strings.Join(x.allowed, ", "))
		}
	}
	return Defaults{Kind: d.Kind, Category: d.Category, Timing: d.Timing, Language: d.Language}, nil
}

// signals checks the weights of the [signals] table.
func (f rulesFile) signals(raw *rawRules) (Signals, error) {
	sg := raw.Signals
	for k, v := range map[string]float64{"unit_email": sg.UnitEmail, "sender_symbol": sg.SenderSymbol, "document_symbol": sg.DocumentSymbol,
		"issuer": sg.Issuer, "organization": sg.Organization, "name_in_text": sg.NameInText, "symbol_in_text": sg.SymbolInText} {
		if math.IsNaN(v) || v < 0 || v > 1000 {
			return Signals{}, f.tableErr("signals", k, fmt.Sprint(v), "trọng số phải từ 0 đến 1000")
		}
	}
	return Signals{UnitEmail: sg.UnitEmail, SenderSymbol: sg.SenderSymbol, DocumentSymbol: sg.DocumentSymbol, Issuer: sg.Issuer,
		Organization: sg.Organization, NameInText: sg.NameInText, SymbolInText: sg.SymbolInText}, nil
}

// secrecy checks the [secrecy] table: at least one mark (Điều 14 khoản 2),
// no empty phrase.
func (f rulesFile) secrecy(raw *rawRules) (Secrecy, error) {
	sc := raw.Secrecy
	if len(sc.Marks)+len(sc.UpperMarks) == 0 {
		return Secrecy{}, &FileError{File: f.name, Line: tomlpos.TopLine(f.src, "secrecy"), Key: "secrecy.marks", Value: "[]", Msg: "cần ít nhất một dấu độ mật (Điều 14 khoản 2)"}
	}
	for _, list := range []struct {
		key string
		v   []string
	}{{"marks", sc.Marks}, {"upper_marks", sc.UpperMarks}, {"not_before", sc.NotBefore}} {
		for _, m := range list.v {
			if Words(m) == "" {
				return Secrecy{}, f.tableErr("secrecy", list.key, strconv.Quote(m), "cụm từ rỗng")
			}
		}
	}
	s := Secrecy{Marks: sc.Marks, UpperMarks: sc.UpperMarks, NotBefore: sc.NotBefore}
	for _, m := range sc.Marks {
		s.marks = append(s.marks, newPhrase(m))
	}
	return s, nil
}

// ruleEntry is the i-th [[rule]] of a file being checked.
type ruleEntry struct {
	f rulesFile
	i int
}

func (re ruleEntry) line(key string) int { return tomlpos.EntryKeyLine(re.f.src, "rule", re.i, key) }

func (re ruleEntry) err(key, value, msg string) error {
	return &FileError{File: re.f.name, Line: re.line(key), Key: key, Value: value, Msg: msg}
}

// rule checks the i-th [[rule]]; seen maps the ids of the rules before it to
// their lines.
func (f rulesFile) rule(i int, e rawRule, seen map[string]int) (Rule, error) {
	re := ruleEntry{f: f, i: i}
	if !idRe.MatchString(e.ID) {
		return Rule{}, re.err("id", strconv.Quote(e.ID), "mã quy tắc chỉ gồm chữ thường không dấu, số, dấu chấm, gạch (tối đa 80 ký tự)")
	}
	if l, dup := seen[e.ID]; dup {
		return Rule{}, re.err("id", strconv.Quote(e.ID), fmt.Sprintf("trùng mã với quy tắc ở dòng %d", l))
	}
	seen[e.ID] = re.line("id")
	r := Rule{ID: e.ID, Decision: Decision(e.Decide), Value: e.Value, MinHits: e.MinHits,
		WhenDocument: e.WhenDocument, WhenDocType: e.WhenDocType, WhenKind: e.WhenKind, WhenCategory: e.WhenCategory,
		WhenLanguage: e.WhenLanguage, WhenAutoReply: e.WhenAutoReply, Override: e.Override, Article: strings.TrimSpace(e.Article), Note: strings.TrimSpace(e.Note),
		Line: re.line("")}
	for _, check := range []func(*Rule, rawRule) error{re.decision, re.weightAndScopes, re.phrases, re.conditions} {
		if err := check(&r, e); err != nil {
			return Rule{}, err
		}
	}
	return r, nil
}

// decision checks what the rule decides and the value it gives.
func (re ruleEntry) decision(r *Rule, e rawRule) error {
	var allowed []string
	switch r.Decision {
	case DecideKind:
		allowed = Kinds
	case DecideCategory:
		allowed = Categories
	case DecideTiming:
		allowed = Timings
	case DecideLanguage:
		allowed = Languages
	case DecideComplex:
		allowed = []string{"yes", "no"}
	case DecideUnit:
		if !unitCodeRe.MatchString(e.Value) {
			return re.err("value", strconv.Quote(e.Value), "mã đơn vị chỉ gồm chữ thường không dấu, số và dấu gạch")
		}
		if re.f.opts.Units != nil && !slices.Contains(re.f.opts.Units, e.Value) {
			return re.err("value", strconv.Quote(e.Value), "không có đơn vị này trong danh bạ đơn vị")
		}
	default:
		return re.err("decide", strconv.Quote(e.Decide), "phải là kind, category, timing, unit, complex hoặc language")
	}
	if allowed != nil && !slices.Contains(allowed, e.Value) {
		return re.err("value", strconv.Quote(e.Value), "với decide = \""+e.Decide+"\" giá trị phải là một trong "+strings.Join(allowed, ", "))
	}
	return nil
}

// weightAndScopes sets the rule's weight (1 if left out) and where it looks
// (the subject and the body if left out).
func (re ruleEntry) weightAndScopes(r *Rule, e rawRule) error {
	r.Weight = 1
	if e.Weight != nil {
		if math.IsNaN(*e.Weight) || *e.Weight < -1000 || *e.Weight > 1000 || *e.Weight == 0 {
			return re.err("weight", fmt.Sprint(*e.Weight), "trọng số phải khác 0, từ -1000 đến 1000")
		}
		r.Weight = *e.Weight
	}
	if len(e.In) == 0 {
		r.In = []Scope{ScopeSubject, ScopeBody}
	}
	for _, s := range e.In {
		if !slices.Contains(scopes, Scope(s)) {
			return re.err("in", strconv.Quote(s), "phạm vi phải là subject, body, document, summary, attachments, filenames hoặc from")
		}
		r.In = append(r.In, Scope(s))
	}
	return nil
}

// phrases checks the any, all and none phrases and the hit counts.
func (re ruleEntry) phrases(r *Rule, e rawRule) error {
	for _, list := range []struct {
		key string
		v   []string
		dst *[]phrase
	}{{"any", e.Any, &r.anyP}, {"all", e.All, &r.allP}, {"none", e.None, &r.noneP}} {
		for _, p := range list.v {
			if Words(p) == "" {
				return re.err(list.key, strconv.Quote(p), "cụm từ rỗng hoặc chỉ có dấu câu")
			}
			*list.dst = append(*list.dst, newPhrase(p))
		}
	}
	r.Any, r.All, r.None = e.Any, e.All, e.None
	if r.MinHits < 0 || r.MinHits > len(r.Any) {
		return re.err("min_hits", fmt.Sprint(r.MinHits), fmt.Sprintf("phải từ 0 đến số cụm từ trong any (%d)", len(r.Any)))
	}
	if r.MinHits == 0 && len(r.Any) > 0 {
		r.MinHits = 1
	}
	r.MaxHits = e.MaxHits
	if r.MaxHits < 0 || r.MaxHits > 100 || (r.MaxHits > 1 && len(r.Any) == 0) {
		return re.err("max_hits", fmt.Sprint(r.MaxHits), "phải từ 0 đến 100, và chỉ dùng cùng any")
	}
	if r.MaxHits == 0 {
		r.MaxHits = 1
	}
	return nil
}

// conditions checks the when_* conditions: known values, only decisions
// taken before the rule's own, and at least one condition in all.
func (re ruleEntry) conditions(r *Rule, e rawRule) error {
	for _, x := range []struct {
		key, msg string
		v        []string
		allowed  []string
	}{
		{"when_kind", "loại phải là một trong " + strings.Join(Kinds, ", "), e.WhenKind, Kinds},
		{"when_category", "nhóm phải là một trong " + strings.Join(Categories, ", "), e.WhenCategory, Categories},
		{"when_language", "ngôn ngữ phải là vi hoặc en", e.WhenLanguage, Languages},
	} {
		for _, v := range x.v {
			if !slices.Contains(x.allowed, v) {
				return re.err(x.key, strconv.Quote(v), x.msg)
			}
		}
	}
	for _, f := range e.WhenFrom {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			return re.err("when_from", `""`, "địa chỉ rỗng")
		}
		r.WhenFrom = append(r.WhenFrom, f)
	}
	if dependsOnLater(*r) {
		return re.err("decide", strconv.Quote(e.Decide), "điều kiện when_* chỉ được dựa vào quyết định đã có trước (language → kind → category → timing, unit, complex)")
	}
	if len(r.Any)+len(r.All) == 0 && r.WhenDocument == nil && len(r.WhenDocType) == 0 && len(r.WhenKind) == 0 &&
		len(r.WhenCategory) == 0 && len(r.WhenLanguage) == 0 && len(r.WhenFrom) == 0 && r.WhenAutoReply == nil {
		return re.err("id", strconv.Quote(e.ID), "quy tắc không có điều kiện nào (any, all hoặc when_*): nó sẽ luôn đúng")
	}
	return nil
}

// order is the order in which decisions are taken; a rule may only depend
// on decisions taken before its own.
var order = map[Decision]int{DecideLanguage: 0, DecideKind: 1, DecideCategory: 2, DecideTiming: 3, DecideUnit: 3, DecideComplex: 3}

func dependsOnLater(r Rule) bool {
	o := order[r.Decision]
	return (len(r.WhenKind) > 0 && o <= order[DecideKind]) ||
		(len(r.WhenCategory) > 0 && o <= order[DecideCategory]) ||
		(len(r.WhenLanguage) > 0 && o <= order[DecideLanguage])
}
