package dataset

import (
	"hash/fnv"
	"slices"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/learn"
)

// Env is what classification needs besides the model: the rules in force,
// the directory's units and the fail-safe confidences (of the Điều 13
// group and of the kind, classify.Options).
type Env struct {
	Rules             *classify.Rules
	Units             []classify.Unit
	MinConfidence     float64
	MinKindConfidence float64
	// Features is the feature set examples are read with ("": the
	// default configuration's).
	Features string
}

// teacher is a classify.Judge that answers each decision with its true
// value and records the rules' evidence the engine had at that point: the
// engine runs along the true decisions, as it would with a perfect model.
type teacher struct {
	labels map[classify.Decision]string
	cases  map[classify.Decision]learn.Case
}

func (t *teacher) Judge(d classify.Decision, _ classify.Input, _ *classify.Result, ev []classify.Reason) (classify.Judgement, bool) {
	v, ok := t.labels[d]
	if !ok || v == "" {
		return classify.Judgement{}, false
	}
	t.cases[d] = learn.Case{Label: v, Evidence: slices.Clone(ev)}
	return classify.Judgement{Value: v, Prob: 1, Probs: map[string]float64{v: 1}, Model: "teacher"}, true
}

// Examples are the training examples of samples.
func Examples(samples []Sample, env Env) []learn.Example {
	out := make([]learn.Example, 0, len(samples))
	for _, s := range samples {
		t := &teacher{labels: s.Labels, cases: map[classify.Decision]learn.Case{}}
		classify.Classify(env.Rules, s.Input, classify.Options{Units: env.Units, Judge: t})
		out = append(out, learn.Example{ID: s.ID, Source: s.Source, Features: learn.ExtractSet(s.Input, env.Features), Cases: t.cases})
	}
	return out
}

// Predict classes every sample with model m.
func Predict(samples []Sample, m *learn.Model, env Env) []classify.Result {
	out := make([]classify.Result, len(samples))
	for i, s := range samples {
		opts := classify.Options{Units: env.Units, MinConfidence: env.MinConfidence, MinKindConfidence: env.MinKindConfidence}
		if m != nil {
			opts.Judge = m.Judge()
		}
		out[i] = classify.Classify(env.Rules, s.Input, opts)
	}
	return out
}

// Fold is the cross-validation fold of a sample id (of k).
func Fold(id string, k int) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(k))
}

// CrossValidate trains k models, each on all training samples but one
// fold, and classes that fold with it: every training sample is predicted
// by a model that never saw it.
func CrossValidate(samples []Sample, cfg learn.Config, env Env) ([]classify.Result, error) {
	out, err := CrossValidateEach(samples, cfg, []Env{env})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// CrossValidateEach is CrossValidate under each of envs (fail-safe
// settings to compare): the k models are trained once and every fold is
// classed under each env; out[i] are the results under envs[i].
func CrossValidateEach(samples []Sample, cfg learn.Config, envs []Env) ([][]classify.Result, error) {
	if len(envs) == 0 {
		return nil, nil
	}
	env := envs[0]
	env.Features = cfg.Features
	exs := Examples(samples, env)
	out := make([][]classify.Result, len(envs))
	for i := range out {
		out[i] = make([]classify.Result, len(samples))
	}
	for f := range cfg.Folds {
		var train []learn.Example
		var test []int
		for i, s := range samples {
			if Fold(s.ID, cfg.Folds) == f {
				test = append(test, i)
			} else {
				train = append(train, exs[i])
			}
		}
		if len(test) == 0 {
			continue
		}
		m, err := learn.Train(train, cfg, env.Rules.Version)
		if err != nil {
			return nil, err
		}
		var part []Sample
		for _, i := range test {
			part = append(part, samples[i])
		}
		for e, ev := range envs {
			for j, r := range Predict(part, m, ev) {
				out[e][test[j]] = r
			}
		}
	}
	return out, nil
}

// Split returns the samples of one split.
func Split(samples []Sample, split string) []Sample {
	var out []Sample
	for _, s := range samples {
		if s.Split == split {
			out = append(out, s)
		}
	}
	return out
}
