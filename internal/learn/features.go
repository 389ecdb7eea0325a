package learn

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/moj-portal/tiepnhan/internal/classify"
)

// Feature is one named input of the model with its value.
type Feature struct {
	Name  string
	Value float64
}

// Text limits: the body and the document text a model reads (the first
// part carries the cover note, the title and the lead).
const (
	maxBodyRunes     = 3000
	maxDocumentRunes = 1500
)

// lexicons are small word lists of the Regulation's classes, read as
// structural features (besides the n-grams) so that a few examples
// generalise: Điều 10/13 (direction, events), Điều 8 khoản 4 (research),
// Điều 15 (complaints), Điều 11 khoản 1 bước 2 (questions). Folded form.
var lexicons = map[string][]string{
	"event":     {"hoi nghi", "hoi thao", "toa dam", "le ky ket", "khai mac", "be mac", "tap huan", "dien dan", "buoi lam viec", "lam viec voi", "tham va lam viec", "tiep va lam viec", "tiep xuc", "ky niem", "trao tang", "ra mat", "gap mat", "hop bao", "phien hop", "cuoc hop", "le trao", "to chuc le", "doan cong tac", "chu tri"},
	"leader":    {"bo truong", "thu truong", "lanh dao bo", "thu tuong", "pho thu tuong", "chu tich", "tong bi thu", "bi thu", "uy vien bo chinh tri", "giam doc so"},
	"direction": {"chi dao", "yeu cau cac", "de nghi cac", "giao cac", "quan triet", "chi thi", "ket luan", "phat bieu chi dao", "nhan manh", "dieu hanh", "cong dien", "trien khai thuc hien", "khan truong", "phan cong"},
	"research":  {"nghien cuu", "trao doi", "binh luan", "phan tich", "hoan thien phap luat", "mot so van de", "thuc trang", "giai phap", "kien nghi", "ly luan", "thuc tien", "bat cap", "goc nhin", "khoa hoc"},
	"complaint": {"khong chinh xac", "sai su that", "dinh chinh", "go bai", "go bo", "phan anh", "khieu nai", "xuyen tac", "ban quyen", "sai lech", "nham lan", "da dang", "bai viet dang ngay"},
	"question":  {"xin hoi", "cho hoi", "hoi ve", "co duoc", "co phai", "duoc khong", "khong a", "the nao", "nhu the nao", "bao nhieu", "bao lau", "o dau", "khi nao", "lam sao", "thu tuc", "can giay to", "giai dap", "tu van", "huong dan"},
	"intro":     {"chuc nang nhiem vu", "chuc nang, nhiem vu", "co cau to chuc", "gioi thieu", "lich su hinh thanh", "vi tri chuc nang", "quyen han"},
	"document":  {"quyet dinh", "thong tu", "nghi dinh", "ke hoach", "cong van", "thong bao", "chi thi", "huong dan", "nghi quyet", "bao cao", "to trinh", "van ban"},
}

// Feature sets a model can be trained with (Config.Features); a model
// reads a message with the set it was trained with.
const (
	// FeaturesV1: syllable 1-2-grams with and without diacritics, the
	// subject's words, structure, the rules' evidence.
	FeaturesV1 = "v1"
	// FeaturesV2: v1, plus the parts of the mail weighed apart (the
	// title of the forwarded text, the cover note), the sender's mailbox
	// and domain, and more question and event forms.
	FeaturesV2 = "v2"
)

// Extract returns the features of a message in the default feature set.
func Extract(in classify.Input) []Feature { return ExtractSet(in, "") }

// ExtractSet returns the text and structural features of a message:
// syllable uni- and bigrams with diacritics (w:) and folded (f:), the
// subject's folded words (s:), each group scaled to unit length, and
// structural indicators (x:) of the Decree 30/2020/NĐ-CP document, the
// sender and the question forms; set v2 adds the title's folded 1-2-grams
// (t:), the cover note's folded words (n:), the sender's mailbox and
// domain (u:, d:) and more structure. Names are sorted; the result is
// deterministic. set "" is DefaultConfig's.
func ExtractSet(in classify.Input, set string) []Feature {
	if set == "" {
		set = DefaultConfig().Features
	}
	own := classify.OwnText(in.Body)
	body := truncate(own, maxBodyRunes)
	text := in.Subject + "\n" + body
	if in.Document.Found {
		text += "\n" + in.Document.Type + "\n" + in.Document.Summary
	}
	words := strings.Fields(classify.Words(text))
	folded := strings.Fields(classify.Fold(text))
	var out []Feature
	out = append(out, group("w:", ngrams(words))...)
	out = append(out, group("f:", ngrams(folded))...)
	out = append(out, group("s:", strings.Fields(classify.Fold(in.Subject)))...)
	padded := " " + strings.Join(folded, " ") + " "
	x := structure(in, padded)
	if set != FeaturesV1 {
		has := func(part string) bool { return set == FeaturesV2 || strings.Contains(set+"+", "+"+part+"+") }
		p := parts(in.Subject, body)
		if has("t") {
			out = append(out, group("t:", ngrams(strings.Fields(classify.Fold(p.title))))...)
		}
		if has("n") {
			out = append(out, group("n:", strings.Fields(classify.Fold(p.note)))...)
		}
		if has("x") {
			for k := range structureV2(in, p) {
				x[k] = true
			}
		}
		from := strings.ToLower(strings.TrimSpace(in.From))
		if local, dom, ok := strings.Cut(from, "@"); ok && dom != "" && has("u") {
			out = append(out, Feature{Name: "d:" + dom, Value: 1})
			if strings.HasSuffix(dom, ".gov.vn") {
				// An official mailbox names its unit (cucdkgdbd@, vp@…);
				// a person's mailbox at a ministry says little more than
				// its domain, but the model weighs that.
				out = append(out, Feature{Name: "u:" + local, Value: 1})
			}
		}
	}
	for name := range x {
		out = append(out, Feature{Name: "x:" + name, Value: 1})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return dedupe(out)
}

// mailParts are the parts of a mail's own text read apart: the title of
// the text it carries (the forwarded or pasted item: its first paragraph
// that is not a greeting, a header line or a note to the Board), the
// paragraph after it (the lead), and the cover note (what precedes the
// title, and a short sign-off after the lead).
type mailParts struct {
	title, lead, note string
}

// noteWords are the folded forms that mark a paragraph as the sender's
// note to the Board rather than the text sent (greetings, requests to
// post, thanks, header lines of a forwarded message).
var noteWords = []string{"gui ban bien tap", "kinh gui", "gui anh chi", "gui bbt", "thuong truc", "ban bien tap", "dang tai", "de nghi dang", "xin gui", "gui tin", "gui bai", "cam on", "tran trong", "mong nhan", "mong duoc", "chao anh", "chao chi", "em chao", "xin chao", "dear", "please", "regards", "thanks", "fyi", "forwarded message", "from", "subject", "date", "to", "sent", "gui luc", "tieu de", "nguoi gui",
	"muon hoi", "rat mong", "nho cong", "nho ban", "trong ngay", "de dang", "duoc dang", "gui de", "xin xem", "duoi day", "sau day", "nhu sau", "kem theo", "dinh kem", "for posting", "thank you", "attached", "bai viet", "tin bai"}

func isNote(folded string, words int) bool {
	if words == 0 {
		return true
	}
	pad := " " + folded + " "
	for _, w := range noteWords {
		if strings.HasPrefix(pad, " "+w+" ") {
			return true
		}
		if words <= 25 && len(w) >= 6 && strings.Contains(pad, " "+w+" ") {
			return true
		}
	}
	return false
}

func parts(subject, body string) mailParts {
	var paras []string
	for _, p := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		// "Em chào anh chị ạ. Người … có được …?": a greeting and the
		// text in one paragraph.
		if i := strings.Index(p, ". "); i > 0 && i < 60 && isNote(classify.Fold(p[:i]), len(strings.Fields(p[:i]))) {
			paras = append(paras, p[:i+1])
			p = strings.TrimSpace(p[i+1:])
		}
		paras = append(paras, p)
	}
	subj := classify.Fold(subject)
	for _, pre := range []string{"fwd ", "fw ", "tr ", "re "} {
		subj = strings.TrimPrefix(subj, pre)
	}
	ti := -1
	for i, p := range paras {
		f := classify.Fold(p)
		n := len(strings.Fields(f))
		if subj != "" && f == subj && n >= 3 {
			ti = i
			break
		}
		if ti < 0 && n >= 4 && !isNote(f, n) {
			ti = i
		}
	}
	var mp mailParts
	if ti < 0 {
		mp.note = strings.Join(paras, "\n")
		return mp
	}
	mp.title = paras[ti]
	notes := slices.Clone(paras[:ti])
	if ti+1 < len(paras) {
		mp.lead = paras[ti+1]
		for _, p := range paras[ti+2:] {
			f := classify.Fold(p)
			if n := len(strings.Fields(f)); n <= 8 || isNote(f, n) {
				notes = append(notes, p)
			}
		}
	}
	mp.note = strings.Join(notes, "\n")
	return mp
}

// structureV2 are the indicators v2 adds: the title as a question and its
// forms (Điều 11 khoản 1 bước 2: a citizen's question, "có được … không",
// "khi nào", "bao nhiêu"), a lead that opens on a date ("Ngày 29/7, …":
// the report of an event, Điều 10 khoản 2), a cover note, English text.
func structureV2(in classify.Input, p mailParts) map[string]bool {
	x := map[string]bool{}
	tf := " " + classify.Fold(p.title) + " "
	if strings.Contains(p.title, "?") {
		x["title_question"] = true
	}
	if i := strings.Index(tf, " co duoc "); i >= 0 && strings.Contains(tf[i:], " khong ") {
		x["title_co_duoc_khong"] = true
	}
	for _, q := range []string{"khi nao", "bao nhieu", "the nao", "o dau", "bao lau", "co phai", "lam sao", "ai "} {
		if strings.Contains(tf, " "+q+" ") {
			x["title_question_word"] = true
			break
		}
	}
	lf := classify.Fold(p.lead)
	if strings.HasPrefix(lf, "ngay ") || strings.HasPrefix(lf, "sang ngay") || strings.HasPrefix(lf, "chieu ngay") || strings.HasPrefix(lf, "sang nay") || strings.HasPrefix(lf, "chieu nay") || strings.HasPrefix(lf, "trong cac ngay") || strings.HasPrefix(lf, "tu ngay") || strings.HasPrefix(lf, "on ") {
		x["lead_date"] = true
	}
	if strings.Contains(lf, "tom tat") || strings.HasPrefix(lf, "abstract") {
		x["lead_abstract"] = true
	}
	if p.title == "" {
		x["no_title"] = true
	}
	// Nghị định 30/2020/NĐ-CP Phụ lục I: a document's number and symbol
	// ("01/2022/TT-BTP", "No. 17/QD-TTg") and its type name opening the
	// title (in capitals in the original; English translations too).
	if hasNumberSymbol(p.title + " " + p.lead) {
		x["number_symbol"] = true
	}
	for _, t := range docTitles {
		if strings.HasPrefix(tf, " "+t+" ") {
			x["title_doc_type"] = true
			break
		}
	}
	if w, _, _ := strings.Cut(strings.TrimSpace(p.title), " "); len([]rune(w)) >= 4 && w == strings.ToUpper(w) && strings.ToLower(w) != w {
		x["title_capitals"] = true
	}
	for name, words := range lexicons {
		if name == "question" || name == "document" {
			continue
		}
		for _, w := range words {
			if strings.Contains(tf, " "+w+" ") {
				x["title_lex_"+name] = true
				break
			}
		}
	}
	if p.note != "" {
		x["note"] = true
	}
	if diacriticFree(p.title) {
		x["title_plain"] = true
	}
	return x
}

// docTitles are the folded type names that open a document's title
// (Nghị định 30/2020/NĐ-CP Phụ lục I; the Ministry's English versions).
var docTitles = []string{"quyet dinh", "thong tu", "thong tu lien tich", "nghi dinh", "chi thi", "ke hoach", "cong van", "thong bao", "nghi quyet", "bao cao", "luat", "cong dien", "huong dan", "to trinh",
	"circular", "joint circular", "decision", "decree", "law", "resolution", "directive", "official letter", "plan", "report", "notice", "ordinance"}

// hasNumberSymbol reports whether s holds a document's number and symbol:
// a token opening on digits, with a "/" and a "-" followed by capitals
// ("01/2022/TT-BTP", "17/QĐ-TTg", "15518-CV/VPTW").
func hasNumberSymbol(s string) bool {
	for _, tok := range strings.Fields(s) {
		tok = strings.Trim(tok, ".,;:()[]\"'“”")
		if tok == "" || tok[0] < '0' || tok[0] > '9' || !strings.Contains(tok, "/") {
			continue
		}
		i := strings.IndexByte(tok, '-')
		if i < 0 || i+1 >= len(tok) {
			continue
		}
		r := []rune(tok[i+1:])
		if len(r) > 0 && unicode.IsUpper(r[0]) {
			return true
		}
	}
	return false
}

// diacriticFree reports whether s has letters and none of them is
// outside ASCII (English, or Vietnamese typed without diacritics).
func diacriticFree(s string) bool {
	letters := 0
	for _, r := range s {
		if r > 0x7f {
			return false
		}
		if (r|0x20) >= 'a' && (r|0x20) <= 'z' {
			letters++
		}
	}
	return letters > 0
}

func truncate(s string, n int) string {
	i := 0
	for p := range s {
		if i == n {
			return s[:p]
		}
		i++
	}
	return s
}

// ngrams are the syllables and pairs of adjacent syllables.
func ngrams(ws []string) []string {
	out := make([]string, 0, 2*len(ws))
	for i, w := range ws {
		out = append(out, w)
		if i > 0 {
			out = append(out, ws[i-1]+" "+w)
		}
	}
	return out
}

// group makes binary features of distinct terms, scaled to unit length so
// that a long mail does not outweigh a short one.
func group(prefix string, terms []string) []Feature {
	seen := map[string]bool{}
	for _, t := range terms {
		seen[t] = true
	}
	if len(seen) == 0 {
		return nil
	}
	v := 1 / math.Sqrt(float64(len(seen)))
	out := make([]Feature, 0, len(seen))
	for t := range seen {
		out = append(out, Feature{Name: prefix + t, Value: v})
	}
	return out
}

func dedupe(fs []Feature) []Feature {
	out := fs[:0]
	for i, f := range fs {
		if i > 0 && f.Name == fs[i-1].Name {
			continue
		}
		out = append(out, f)
	}
	return out
}

// structure is the set of structural indicators of a message; folded is
// its subject and body, folded, padded with spaces.
func structure(in classify.Input, folded string) map[string]bool {
	x := map[string]bool{}
	d := in.Document
	if d.Found {
		x["doc"] = true
		if t := strings.ReplaceAll(classify.Fold(d.Type), " ", "_"); t != "" {
			x["doc_type:"+t] = true
		}
		if d.SignedOn != "" {
			x["doc_signed"] = true
		}
		if d.NumberSymbol != "" {
			x["doc_number"] = true
		}
		if d.PortalRecipient {
			x["doc_portal_recipient"] = true
		}
		if d.Urgency != "" {
			x["doc_urgent"] = true
		}
		if strings.Contains(classify.Fold(d.IssuerParent+" "+d.Issuer), "bo tu phap") {
			x["doc_issuer_ministry"] = true
		}
	}
	from := strings.ToLower(in.From)
	_, dom, _ := strings.Cut(from, "@")
	switch {
	case dom == "moj.gov.vn":
		x["from_ministry"] = true
	case strings.HasSuffix(dom, ".moj.gov.vn"):
		x["from_component_site"] = true
	case strings.HasSuffix(dom, ".gov.vn"):
		x["from_government"] = true
	case strings.HasSuffix(dom, ".edu.vn") || strings.HasSuffix(dom, ".vn"):
		x["from_vn"] = true
	case dom == "gmail.com" || dom == "yahoo.com" || dom == "outlook.com" || dom == "hotmail.com":
		x["from_webmail"] = true
	case dom != "":
		x["from_other"] = true
	}
	if in.Submitter.Organization != "" {
		x["organization"] = true
	}
	subj := strings.TrimSpace(in.Subject)
	if strings.Contains(subj, "?") {
		x["question_mark_subject"] = true
	}
	if strings.Contains(classify.OwnText(in.Body), "?") {
		x["question_mark_body"] = true
	}
	if len(in.InReplyTo) > 0 || strings.HasPrefix(strings.ToLower(subj), "re:") {
		x["reply_form"] = true
	}
	if strings.HasPrefix(strings.ToLower(subj), "fw") || strings.HasPrefix(strings.ToLower(subj), "tr:") {
		x["forward_form"] = true
	}
	for name, words := range lexicons {
		for _, w := range words {
			if strings.Contains(folded, " "+w+" ") {
				x["lex_"+name] = true
				break
			}
		}
	}
	var pdf, doc, img bool
	for _, a := range in.Attachments {
		n := strings.ToLower(a.Filename)
		switch {
		case strings.HasSuffix(n, ".pdf"):
			pdf = true
		case strings.HasSuffix(n, ".doc") || strings.HasSuffix(n, ".docx"):
			doc = true
		case strings.HasPrefix(a.ContentType, "image/"):
			img = true
		}
	}
	x["attach_pdf"], x["attach_doc"], x["attach_image"] = pdf, doc, img
	for k, v := range x {
		if !v {
			delete(x, k)
		}
	}
	return x
}

// shared are the features of one candidate value of a decision read from
// the rules' evidence: the rules' total for it, whether it is the rules'
// choice, and which rules and signals fired for it. Their weights are
// shared by every value (how far the model trusts each rule).
func shared(value string, evidence []classify.Reason) []Feature {
	totals := map[string]float64{}
	for _, r := range evidence {
		if strings.HasPrefix(r.Source, "model:") || r.Source == "default" {
			continue
		}
		totals[r.Value] += r.Weight
	}
	best, bestV := "", 0.0
	for v, t := range totals {
		if t > bestV || (t == bestV && v < best) {
			best, bestV = v, t
		}
	}
	var out []Feature
	if t := totals[value]; t != 0 {
		out = append(out, Feature{Name: "rules:total", Value: t / 10})
	}
	if best == value && bestV > 0 {
		out = append(out, Feature{Name: "rules:best", Value: 1})
	}
	src := map[string]float64{}
	for _, r := range evidence {
		if r.Value != value || strings.HasPrefix(r.Source, "model:") || r.Source == "default" {
			continue
		}
		src["src:"+r.Source] += r.Weight / 5
	}
	for k, v := range src {
		out = append(out, Feature{Name: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
