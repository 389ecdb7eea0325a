package learn_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/learn"
	"github.com/moj-portal/tiepnhan/internal/learn/dataset"
)

func shippedRules(t testing.TB) *classify.Rules {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "config", "classify.rules.toml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rs, err := classify.Load(f, "classify.rules.toml", classify.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// toySamples are small mails of three kinds, written for the tests.
func toySamples() []dataset.Sample {
	type m struct{ subj, body, kind, timing, cat string }
	var ms []m
	for i, place := range []string{"Hà Nội", "Huế", "Cần Thơ", "Đà Nẵng", "Nghệ An", "Lào Cai"} {
		ms = append(ms,
			m{"Tin hội nghị tại " + place, fmt.Sprintf("Ngày %d/3, Bộ Tư pháp tổ chức hội nghị tập huấn tại %s.", i+1, place), "publish", "news_event", "8.3"},
			m{"Hỏi về đăng ký khai sinh", fmt.Sprintf("Tôi ở %s, xin hỏi con tôi sinh ở nước ngoài thì đăng ký khai sinh ở đâu?", place), "query", "", ""},
			m{"Bài nghiên cứu trao đổi", fmt.Sprintf("Một số vấn đề lý luận và thực tiễn về hoàn thiện pháp luật, kinh nghiệm của %s.", place), "publish", "other", "8.4"},
		)
	}
	var out []dataset.Sample
	for i, x := range ms {
		out = append(out, dataset.Sample{ID: fmt.Sprintf("toy-%02d", i), Source: "realcorpus", Split: "train",
			Input: classify.Input{Subject: x.subj, Body: x.body, From: fmt.Sprintf("nguoi%d@gmail.com", i)},
			Labels: map[classify.Decision]string{classify.DecideKind: x.kind, classify.DecideTiming: x.timing,
				classify.DecideCategory: x.cat, classify.DecideLanguage: "vi"}})
	}
	return out
}

// Same data → identical model bytes, whatever the order of the examples.
func TestTrainDeterministic(t *testing.T) {
	env := dataset.Env{Rules: shippedRules(t)}
	exs := dataset.Examples(toySamples(), env)
	cfg := learn.DefaultConfig()
	m1, err := learn.Train(exs, cfg, "r")
	if err != nil {
		t.Fatal(err)
	}
	b1, _ := m1.Marshal()
	shuffled := append([]learn.Example(nil), exs...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	m2, err := learn.Train(shuffled, cfg, "r")
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := m2.Marshal()
	if !bytes.Equal(b1, b2) {
		t.Fatal("same examples, different model bytes")
	}
	// A changed label is another model (digest and version).
	exs[0].Cases[classify.DecideKind] = learn.Case{Label: "other", Evidence: exs[0].Cases[classify.DecideKind].Evidence}
	m3, err := learn.Train(exs, cfg, "r")
	if err != nil {
		t.Fatal(err)
	}
	if m3.Data.Digest == m1.Data.Digest || m3.Version == m1.Version {
		t.Error("changed data kept the digest or version")
	}
	// The file reads back to the same bytes.
	m4, err := learn.Load(bytes.NewReader(b1))
	if err != nil {
		t.Fatal(err)
	}
	if b4, _ := m4.Marshal(); !bytes.Equal(b1, b4) {
		t.Error("Load then Marshal changed the bytes")
	}
}

// The model learns the toy kinds and explains itself in Vietnamese.
func TestJudgeExplains(t *testing.T) {
	rs := shippedRules(t)
	env := dataset.Env{Rules: rs}
	m, err := learn.Train(dataset.Examples(toySamples(), env), learn.DefaultConfig(), rs.Version)
	if err != nil {
		t.Fatal(err)
	}
	in := classify.Input{Subject: "Được đăng ký khai sinh ở đâu?", Body: "Tôi muốn hỏi con tôi đăng ký khai sinh ở đâu ạ?", From: "x@gmail.com"}
	r := classify.Classify(rs, in, classify.Options{Judge: m.Judge()})
	if r.Kind != "query" || r.Model != m.Version {
		t.Fatalf("kind %s model %s, want query %s", r.Kind, r.Model, m.Version)
	}
	var feats []string
	for _, x := range r.Reasons {
		if x.Decision == "kind" && x.Source == "model:feature" && x.Chosen {
			feats = append(feats, x.Evidence)
		}
	}
	if len(feats) == 0 || len(feats) > 3 {
		t.Fatalf("kind evidence %v: want 1–3 features", feats)
	}
	if !strings.Contains(strings.Join(feats, " "), "«") && !strings.Contains(strings.Join(feats, " "), "câu hỏi") {
		t.Errorf("evidence does not name words: %v", feats)
	}
	if p := r.Probabilities["kind"]["query"]; p <= 0.5 || p > 1 {
		t.Errorf("P(query) = %v", p)
	}
}

func TestDefaultModelLoads(t *testing.T) {
	m, err := learn.Default()
	if err != nil {
		t.Fatal(err)
	}
	if m.Format != learn.FormatVersion || m.Data.Digest == "" || len(m.Heads) != len(learn.Heads) {
		t.Errorf("default model: format %d digest %q heads %d", m.Format, m.Data.Digest, len(m.Heads))
	}
}

// TestDefaultModelWritesBackItsFile: the embedded model, loaded (its
// weights packed, the file's map dropped), writes back the very bytes of
// its file: packing loses no weight.
func TestDefaultModelWritesBackItsFile(t *testing.T) {
	m, err := learn.Load(bytes.NewReader(learn.DefaultBytes()))
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, learn.DefaultBytes()) {
		t.Fatalf("the loaded model writes %d bytes, its file has %d: they differ", len(out), len(learn.DefaultBytes()))
	}
}

// FuzzLoad: a model file never panics the loader, and what loads writes
// back to bytes that load to the same model.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"format":1,"version":"m1-x","config":{"features":"v1","l2":0.1,"min_count":2,"iterations":1,"folds":2},"data":{"digest":"d","items":{},"rules":"r"},"figures":{"heldout":{"items":0,"accuracy":null,"strict":0,"dangerous":0,"confirm":0},"cv":{"items":0,"accuracy":null,"strict":0,"dangerous":0,"confirm":0},"corpus":{"items":0,"accuracy":null,"strict":0,"dangerous":0,"confirm":0}},"heads":{"kind":{"classes":["publish","query"],"bias":[0.1,-0.1],"weights":{"f:hoi":[-1,1]},"shared":{"rules:total":1}}}}`))
	f.Add([]byte(`{"format":2}`))
	f.Add([]byte(`{"format":1,"version":"v","heads":{"unit":{"classes":["a"],"bias":[1e400]}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := learn.Load(bytes.NewReader(b))
		if err != nil {
			return
		}
		out, err := m.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		m2, err := learn.Load(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("written model does not load: %v", err)
		}
		out2, _ := m2.Marshal()
		if !bytes.Equal(out, out2) {
			t.Fatal("round trip changed the model")
		}
		in := classify.Input{Subject: "hỏi", Body: "xin hỏi"}
		for _, d := range learn.Heads {
			m.Judge().Judge(d, in, &classify.Result{}, nil)
		}
	})
}
