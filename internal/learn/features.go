package learn

import (
	"math"
	"sort"
	"strings"

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

// Extract returns the text and structural features of a message: syllable
// uni- and bigrams with diacritics (w:) and folded (f:), the subject's
// folded words (s:), each group scaled to unit length, and structural
// indicators (x:) of the Decree 30/2020/NĐ-CP document, the sender and
// the question forms. Names are sorted; the result is deterministic.
func Extract(in classify.Input) []Feature {
	body := truncate(classify.OwnText(in.Body), maxBodyRunes)
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
	for name := range structure(in, " "+strings.Join(folded, " ")+" ") {
		out = append(out, Feature{Name: "x:" + name, Value: 1})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return dedupe(out)
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
