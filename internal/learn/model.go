package learn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/moj-portal/tiepnhan/internal/classify"
)

// FormatVersion is the version of the model file format; Load refuses
// other versions.
const FormatVersion = 1

// MaxFileBytes caps a model file.
const MaxFileBytes = 64 << 20

// Heads are the decisions the model takes, in order.
var Heads = []classify.Decision{classify.DecideKind, classify.DecideTiming, classify.DecideCategory, classify.DecideUnit, classify.DecideLanguage}

// Model is a trained model as its file holds it (JSON): the format
// version, the model's version, how it was trained (feature
// configuration, training data digest and counts) and its figures, and
// one head per decision.
type Model struct {
	Format  int    `json:"format"`
	Version string `json:"version"`
	Config  Config `json:"config"`
	Data    Data   `json:"data"`
	// Figures are the measures taken when the model was trained: held-out
	// real items first, then cross-validation and testdata/corpus.
	Figures Figures          `json:"figures"`
	Heads   map[string]*Head `json:"heads"`
}

// Config is how a model is trained; it is part of the file.
type Config struct {
	// Features names the feature set ("v1": syllable 1-2-grams with and
	// without diacritics, subject words, structure, rules' evidence).
	Features string `json:"features"`
	// L2 is the weight of the L2 penalty; MinCount the least number of
	// training items a text feature must occur in.
	L2       float64 `json:"l2"`
	MinCount int     `json:"min_count"`
	// Iterations caps L-BFGS iterations; Folds is k of the
	// cross-validation.
	Iterations int `json:"iterations"`
	Folds      int `json:"folds"`
	// Balance (0–1) weighs each class's training rows by (n / (k·n_c))^
	// Balance: rare classes (8.5, units with few items) count more.
	// StrictWeight (0 or 1: none) multiplies the weight of the timing
	// head's Điều 13 khoản 1 rows.
	Balance      float64 `json:"balance,omitempty"`
	StrictWeight float64 `json:"strict_weight,omitempty"`
}

// DefaultConfig is the configuration `tiepnhan train` uses.
func DefaultConfig() Config {
	// Chosen by 5-fold cross-validation on the training part only (issue
	// 11, make cv): v1 features (v2, v1+t, v1+x, v1+u did no better), L2
	// 0.1 (0.03 and 1 worse), every feature seen once (min_count 1: group
	// 89.3% against 88.5%), the khoản 1 rows of the timing head weighing
	// 2 (fewer dangerous errors at the same flags), no class balance.
	return Config{Features: FeaturesV1, L2: 0.1, MinCount: 1, Iterations: 400, Folds: 5, StrictWeight: 2}
}

// Data describes the training data.
type Data struct {
	// Digest is the SHA-256 of the examples (ids, labels, features).
	Digest string `json:"digest"`
	// Items counts the training items by source ("realcorpus", "corpus",
	// "correction").
	Items map[string]int `json:"items"`
	// Rules is the version of the rules file whose evidence was read.
	Rules string `json:"rules"`
}

// Figures are the measures of a model.
type Figures struct {
	HeldOut Measures `json:"heldout"`
	CV      Measures `json:"cv"`
	Corpus  Measures `json:"corpus"`
}

// Measures are the figures of one evaluation.
type Measures struct {
	Items int `json:"items"`
	// Accuracy per decision, and "group" (the Điều 13 group of the
	// deadline given, fail-safe included).
	Accuracy map[string]float64 `json:"accuracy"`
	// Strict counts the items whose truth is a Điều 13 khoản 1 class;
	// Dangerous those of them given the khoản 2 deadline without the
	// confirmation flag.
	Strict    int `json:"strict"`
	Dangerous int `json:"dangerous"`
	// Confirm counts the items flagged for a person's confirmation.
	Confirm int `json:"confirm"`
}

// Head is the model of one decision: a multinomial logistic regression
// whose score of value k is Bias[k] + Σ x_f·Weights[f][k] over the text
// and structure features x, plus Σ φ_s(k)·Shared[s] over the rules'
// evidence for value k.
//
// Weights is the file's form. A loaded model reads its weights packed
// (pack): a hundred thousand features as one map of slices held 24 MB of
// the service's heap, packed they hold about half (BenchmarkDrain's peak
// RSS); Load drops the map and Marshal builds it again.
type Head struct {
	Classes []string             `json:"classes"`
	Bias    []float64            `json:"bias"`
	Weights map[string][]float64 `json:"weights"`
	Shared  map[string]float64   `json:"shared"`

	packed packedWeights
}

// packedWeights are a head's text and structure weights in one array: the
// weights of a feature are the row of len(Classes) values at its index.
type packedWeights struct {
	index map[string]int32
	w     []float64
}

// pack makes the packed weights of h from Weights (features in sorted
// order, so that every process lays them out alike).
func (h *Head) pack() {
	nc := len(h.Classes)
	names := slices.Sorted(maps.Keys(h.Weights))
	// The names in one string, each key a part of it: one allocation
	// instead of one per feature.
	all := strings.Join(names, "")
	p := packedWeights{index: make(map[string]int32, len(names)), w: make([]float64, 0, nc*len(names))}
	at := 0
	for _, f := range names {
		p.index[all[at:at+len(f)]] = int32(len(p.w) / nc)
		at += len(f)
		p.w = append(p.w, h.Weights[f]...)
	}
	h.packed = p
}

// weights are the weights of feature f by class; nil for a feature the
// head does not know.
func (h *Head) weights(f string) []float64 {
	i, ok := h.packed.index[f]
	if !ok {
		return nil
	}
	nc := len(h.Classes)
	return h.packed.w[int(i)*nc : (int(i)+1)*nc : (int(i)+1)*nc]
}

// MarshalJSON writes the file's form of h, its Weights made again from
// the packed weights when Load dropped them.
func (h *Head) MarshalJSON() ([]byte, error) {
	type file Head // without this method
	out := *h
	if out.Weights == nil && out.packed.index != nil {
		out.Weights = make(map[string][]float64, len(out.packed.index))
		for f := range out.packed.index {
			out.Weights[f] = h.weights(f)
		}
	}
	return json.Marshal((*file)(&out))
}

// Load reads and checks a model file.
func Load(r io.Reader) (*Model, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	if len(b) > MaxFileBytes {
		return nil, errors.New("model file larger than 64 MiB")
	}
	var m Model
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("model file: %w", err)
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	for _, h := range m.Heads {
		h.pack()
		h.Weights = nil
	}
	return &m, nil
}

func (m *Model) check() error {
	if m.Format != FormatVersion {
		return fmt.Errorf("model file format %d, this program reads %d", m.Format, FormatVersion)
	}
	if m.Version == "" || len(m.Version) > 80 {
		return errors.New("model file without a valid version")
	}
	if len(m.Heads) == 0 {
		return errors.New("model file without heads")
	}
	for name, h := range m.Heads {
		if !slices.ContainsFunc(Heads, func(d classify.Decision) bool { return string(d) == name }) {
			return fmt.Errorf("model head %q unknown", name)
		}
		if h == nil || len(h.Classes) < 1 || len(h.Bias) != len(h.Classes) {
			return fmt.Errorf("model head %q: classes and bias disagree", name)
		}
		for _, v := range h.Bias {
			if !finite(v) {
				return fmt.Errorf("model head %q: bias not finite", name)
			}
		}
		for f, w := range h.Weights {
			if len(w) != len(h.Classes) {
				return fmt.Errorf("model head %q: feature %q has %d weights for %d classes", name, f, len(w), len(h.Classes))
			}
			for _, v := range w {
				if !finite(v) {
					return fmt.Errorf("model head %q: weight of %q not finite", name, f)
				}
			}
		}
		for f, v := range h.Shared {
			if !finite(v) {
				return fmt.Errorf("model head %q: shared weight of %q not finite", name, f)
			}
		}
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) < 1e6 }

// Marshal writes the model file: compact JSON, keys sorted, so that the
// same model gives the same bytes.
func (m *Model) Marshal() ([]byte, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Judge returns a classify.Judge of the model for one message (it keeps
// the message's features between decisions).
func (m *Model) Judge() classify.Judge { return &judge{m: m} }

type judge struct {
	m     *Model
	feats []Feature
}

// Judge implements classify.Judge.
func (j *judge) Judge(d classify.Decision, in classify.Input, _ *classify.Result, evidence []classify.Reason) (classify.Judgement, bool) {
	h := j.m.Heads[string(d)]
	if h == nil || (d == classify.DecideLanguage && len(evidence) == 0) {
		// Điều 21 khoản 6: a mail without words has no language to judge;
		// the rules' default stands.
		return classify.Judgement{}, false
	}
	if j.feats == nil {
		j.feats = ExtractSet(in, j.m.Config.Features)
	}
	probs := h.predict(j.feats, evidence)
	best := 0
	for k := range probs {
		if probs[k] > probs[best] {
			best = k
		}
	}
	out := classify.Judgement{Value: h.Classes[best], Prob: probs[best], Probs: map[string]float64{}, Model: j.m.Version}
	for k, c := range h.Classes {
		out.Probs[c] = probs[k]
	}
	out.Evidence = explain(h.Classes[best], h.contributions(best, j.feats, evidence), 3)
	return out, true
}

// predict returns the probability of every class; contrib, when asked
// for, is the contribution of each feature to the score of class k only
// (the explanation of the chosen value: one map, not one per class).
func (h *Head) predict(feats []Feature, evidence []classify.Reason) []float64 {
	scores := append([]float64(nil), h.Bias...)
	for _, f := range feats {
		for k, v := range h.weights(f.Name) {
			scores[k] += f.Value * v
		}
	}
	if len(h.Shared) > 0 && len(evidence) > 0 {
		for k, c := range h.Classes {
			for _, f := range shared(c, evidence) {
				scores[k] += f.Value * h.Shared[f.Name]
			}
		}
	}
	return softmax(scores)
}

// contributions are what each feature added to the score of class k.
func (h *Head) contributions(k int, feats []Feature, evidence []classify.Reason) map[string]float64 {
	contrib := map[string]float64{}
	for _, f := range feats {
		if w := h.weights(f.Name); w != nil && w[k] != 0 {
			contrib[f.Name] += f.Value * w[k]
		}
	}
	for _, f := range shared(h.Classes[k], evidence) {
		if u := h.Shared[f.Name]; u != 0 {
			contrib[f.Name] += f.Value * u
		}
	}
	return contrib
}

func softmax(s []float64) []float64 {
	mx := math.Inf(-1)
	for _, v := range s {
		mx = math.Max(mx, v)
	}
	out := make([]float64, len(s))
	sum := 0.0
	for i, v := range s {
		out[i] = math.Exp(v - mx)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

// explain turns the features that weighed most for value into reasons:
// the n largest positive contributions with distinct descriptions, by a
// selection over the contributions (no sort of them all: a message has
// a thousand features and a decision needs three).
func explain(value string, contrib map[string]float64, n int) []classify.Reason {
	type fc struct {
		name string
		c    float64
	}
	all := make([]fc, 0, len(contrib))
	for k, v := range contrib {
		if v > 0 {
			all = append(all, fc{k, v})
		}
	}
	before := func(a, b fc) bool { return a.c > b.c || (a.c == b.c && a.name < b.name) }
	var out []classify.Reason
	seen := map[string]bool{}
	for len(out) < n && len(all) > 0 {
		best := 0
		for i := 1; i < len(all); i++ {
			if before(all[i], all[best]) {
				best = i
			}
		}
		f := all[best]
		all[best] = all[len(all)-1]
		all = all[:len(all)-1]
		d := Describe(f.name)
		if seen[d] {
			continue
		}
		seen[d] = true
		out = append(out, classify.Reason{Value: value, Source: "model:feature", Weight: roundTo(f.c, 3), Evidence: d})
	}
	return out
}

// structureNames say in Vietnamese what each structural feature means.
var structureNames = map[string]string{
	"doc": "có văn bản hành chính (Nghị định 30/2020/NĐ-CP)", "doc_signed": "văn bản có ngày ký",
	"doc_number": "văn bản có số, ký hiệu", "doc_portal_recipient": "Nơi nhận có Cổng TTĐT Bộ Tư pháp",
	"doc_urgent": "văn bản có dấu khẩn", "doc_issuer_ministry": "văn bản do Bộ Tư pháp ban hành",
	"from_ministry": "người gửi có địa chỉ @moj.gov.vn", "from_component_site": "người gửi từ trang thành phần *.moj.gov.vn",
	"from_government": "người gửi từ cơ quan nhà nước (.gov.vn)", "from_vn": "người gửi có địa chỉ .vn",
	"from_webmail": "người gửi dùng thư cá nhân (gmail…)", "from_other": "người gửi có địa chỉ khác",
	"organization": "thư ghi đơn vị người gửi", "question_mark_subject": "tiêu đề là câu hỏi (?)",
	"question_mark_body": "thư có câu hỏi (?)", "reply_form": "thư trả lời (Re:)", "forward_form": "thư chuyển tiếp (Fw:)",
	"lex_event": "từ chỉ sự kiện (hội nghị, hội thảo, làm việc…)", "lex_leader": "chức danh lãnh đạo (Bộ trưởng, Thứ trưởng…)",
	"lex_direction": "từ chỉ đạo, điều hành (chỉ đạo, yêu cầu, quán triệt…)", "lex_research": "từ nghiên cứu, trao đổi (Điều 8 khoản 4)",
	"lex_complaint": "từ phản ánh, đính chính (Điều 15)", "lex_question": "dạng câu hỏi (hỏi, có được, thế nào…)",
	"lex_intro": "giới thiệu chức năng, tổ chức", "lex_document": "tên loại văn bản",
	"attach_pdf": "tệp PDF đính kèm", "attach_doc": "tệp Word đính kèm", "attach_image": "ảnh đính kèm",
	// v2
	"title_question": "tiêu đề là câu hỏi (?)", "title_co_duoc_khong": "tiêu đề dạng «có được … không»",
	"title_question_word": "tiêu đề có từ để hỏi (khi nào, bao nhiêu…)", "lead_date": "đoạn đầu mở bằng ngày (tin sự kiện)",
	"lead_abstract": "có tóm tắt (bài nghiên cứu)", "no_title": "không tìm thấy tiêu đề bài", "note": "có lời nhắn của người gửi",
	"title_plain": "tiêu đề không dấu hoặc tiếng Anh", "number_symbol": "có số, ký hiệu văn bản (Nghị định 30/2020/NĐ-CP)",
	"title_doc_type": "tiêu đề mở bằng tên loại văn bản", "title_capitals": "tiêu đề viết hoa",
}

// Describe says in Vietnamese what a feature is.
func Describe(name string) string {
	prefix, rest, _ := strings.Cut(name, ":")
	switch prefix {
	case "w":
		return "cụm từ «" + rest + "»"
	case "f":
		return "cụm từ «" + rest + "» (không dấu)"
	case "s":
		return "từ «" + rest + "» trong tiêu đề"
	case "t":
		return "cụm từ «" + rest + "» trong tiêu đề bài"
	case "n":
		return "từ «" + rest + "» trong lời nhắn"
	case "u":
		// The mailbox's name is not repeated: it may name a person.
		return "hộp thư cơ quan của người gửi"
	case "d":
		return "tên miền người gửi " + rest
	case "x":
		if t, ok := strings.CutPrefix(rest, "title_lex_"); ok {
			if d, ok := structureNames["lex_"+t]; ok {
				return d + " trong tiêu đề"
			}
		}
		if t, ok := strings.CutPrefix(rest, "doc_type:"); ok {
			return "loại văn bản " + strings.ReplaceAll(t, "_", " ")
		}
		if d, ok := structureNames[rest]; ok {
			return d
		}
		return rest
	case "rules":
		if rest == "best" {
			return "lựa chọn của tệp quy tắc"
		}
		return "điểm của tệp quy tắc"
	case "src":
		if strings.HasPrefix(rest, "signal:") || strings.HasPrefix(rest, "structure:") {
			return "dấu hiệu " + rest
		}
		return "quy tắc " + rest
	}
	return name
}

func roundTo(f float64, digits int) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', digits, 64), 64)
	return v
}
