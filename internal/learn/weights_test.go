package learn_test

import (
	"testing"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/learn"
	"github.com/moj-portal/tiepnhan/internal/learn/dataset"
)

// StrictWeight makes the timing head lean to the Điều 13 khoản 1 classes
// (the dangerous error is a khoản 1 item given the khoản 2 deadline): on a
// message between the toy news and research mails, the khoản 1 probability
// grows with the weight, and the configuration is part of the version.
func TestStrictWeightLeansToKhoan1(t *testing.T) {
	rs := shippedRules(t)
	env := dataset.Env{Rules: rs}
	exs := dataset.Examples(toySamples(), env)
	in := classify.Input{Subject: "Bài viết", Body: "Hội nghị trao đổi một số vấn đề lý luận và thực tiễn.", From: "a@gmail.com"}
	pStrict := func(cfg learn.Config) (float64, string) {
		m, err := learn.Train(exs, cfg, rs.Version)
		if err != nil {
			t.Fatal(err)
		}
		r := classify.Classify(rs, in, classify.Options{Judge: m.Judge()})
		p := 0.0
		for v, q := range r.Probabilities["timing"] {
			if classify.Strict(v) {
				p += q
			}
		}
		return p, m.Version
	}
	base := learn.DefaultConfig()
	base.StrictWeight = 0
	heavy := base
	heavy.StrictWeight = 4
	p0, v0 := pStrict(base)
	p1, v1 := pStrict(heavy)
	if !(p1 > p0) {
		t.Errorf("P(khoản 1) %.3f with strict weight 4, %.3f without: want more", p1, p0)
	}
	if v0 == v1 {
		t.Errorf("different configurations, one version %s", v0)
	}
}

// Balance weighs a rare class up: trained on five news items to one
// research item, the research item's own text is more surely research with
// balanced weights than without.
func TestBalanceWeighsRareClassUp(t *testing.T) {
	rs := shippedRules(t)
	env := dataset.Env{Rules: rs}
	var samples []dataset.Sample
	for i, s := range toySamples() {
		if s.Labels[classify.DecideTiming] == "other" && i > 2 {
			continue // keep one research item
		}
		samples = append(samples, s)
	}
	exs := dataset.Examples(samples, env)
	in := classify.Input{Subject: "Bài nghiên cứu", Body: "Một số vấn đề lý luận về hoàn thiện pháp luật.", From: "b@gmail.com"}
	p := func(balance float64) float64 {
		cfg := learn.DefaultConfig()
		cfg.Balance = balance
		m, err := learn.Train(exs, cfg, rs.Version)
		if err != nil {
			t.Fatal(err)
		}
		return classify.Classify(rs, in, classify.Options{Judge: m.Judge()}).Probabilities["category"]["8.4"]
	}
	if p0, p1 := p(0), p(1); !(p1 > p0) {
		t.Errorf("P(8.4) %.3f balanced, %.3f not: want more", p1, p0)
	}
}
