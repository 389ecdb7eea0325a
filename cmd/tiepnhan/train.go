package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/learn"
	"github.com/moj-portal/tiepnhan/internal/learn/dataset"
)

// learnData are the labelled sets the learned classifier trains and is
// measured on.
type learnData struct {
	env    dataset.Env
	real   []dataset.Sample // testdata/realcorpus: train and heldout
	corpus []dataset.Sample // testdata/corpus
	extra  []dataset.Sample // staff corrections (--with-corrections)
}

// training is what a model is fitted on: the real corpus' training part,
// the corpus' non-held-out mails and the corrections. The held-out parts
// are never trained on.
func (d learnData) training() []dataset.Sample {
	out := dataset.Split(d.real, "train")
	out = append(out, dataset.Split(d.corpus, "train")...)
	return append(out, d.extra...)
}

type learnFlags struct {
	realcorpus, corpus, cache, rules string
	minConfidence, minKindConfidence float64
}

func (f *learnFlags) register(fs interface {
	StringVar(*string, string, string, string)
	Float64Var(*float64, string, float64, string)
}) {
	fs.StringVar(&f.realcorpus, "realcorpus", "testdata/realcorpus/items.jsonl", "the real-text corpus (JSONL, with its held-out split)")
	fs.StringVar(&f.corpus, "corpus", "testdata/corpus", "folder of the labelled self-written mails (labels.toml, *.eml)")
	fs.StringVar(&f.cache, "cache", "", "folder keeping each corpus mail's derivation between runs (OCR is the slow part)")
	fs.StringVar(&f.rules, "rules", "", "rules file whose evidence the model reads (default: the shipped config/classify.rules.toml)")
	fs.Float64Var(&f.minConfidence, "min-confidence", classify.DefaultMinConfidence, "fail-safe confidence of the Điều 13 group (classify.model_min_confidence)")
	fs.Float64Var(&f.minKindConfidence, "min-kind-confidence", classify.DefaultMinKindConfidence, "fail-safe confidence of the kind (classify.model_min_kind_confidence)")
}

func (f *learnFlags) load(ctx context.Context, stderr io.Writer) (learnData, error) {
	var d learnData
	dirs, err := directory.Seed()
	if err != nil {
		return d, err
	}
	dir := dirs[len(dirs)-1]
	src, name := config.ClassifyRules, config.ClassifyRulesName
	if f.rules != "" {
		if src, err = os.ReadFile(f.rules); err != nil {
			return d, err
		}
		name = f.rules
	}
	rs, err := classify.Load(bytes.NewReader(src), name, classify.LoadOptions{Units: dir.UnitCodes()})
	if err != nil {
		return d, err
	}
	d.env = dataset.Env{Rules: rs, Units: dir.ClassifyUnits(), MinConfidence: f.minConfidence, MinKindConfidence: f.minKindConfidence}
	items, err := dataset.LoadReal(f.realcorpus)
	if err != nil {
		return d, err
	}
	d.real = dataset.RealSamples(ctx, items)
	if f.corpus != "" {
		if _, err := os.Stat(filepath.Join(f.corpus, "labels.toml")); err == nil {
			fmt.Fprintf(stderr, "đọc %s …\n", f.corpus)
			if d.corpus, err = dataset.CorpusSamples(ctx, f.corpus, f.cache); err != nil {
				return d, err
			}
		}
	}
	return d, nil
}

// trainConfigFlags are the training configuration's flags of train and
// eval --cv-only; a flag not given keeps the base configuration's value.
type trainConfigFlags struct {
	features               string
	l2, balance, strict    float64
	minCount, folds, iters int
}

func (c *trainConfigFlags) register(fs *flag.FlagSet) {
	d := learn.DefaultConfig()
	fs.StringVar(&c.features, "features", d.Features, "feature set (v1, v2, or v1+PARTS of t, n, u, x)")
	fs.Float64Var(&c.l2, "l2", d.L2, "weight of the L2 penalty")
	fs.Float64Var(&c.balance, "balance", d.Balance, "class weights: rows of class c weigh (n / (k·n_c))^balance (0: none)")
	fs.Float64Var(&c.strict, "strict-weight", d.StrictWeight, "weight of the timing head's Điều 13 khoản 1 rows (0: 1)")
	fs.IntVar(&c.minCount, "min-count", d.MinCount, "least number of training items a text feature must occur in")
	fs.IntVar(&c.folds, "folds", d.Folds, "k of the k-fold cross-validation on the training part")
	fs.IntVar(&c.iters, "iterations", d.Iterations, "cap of L-BFGS iterations")
}

// apply returns base with the flags that were given.
func (c *trainConfigFlags) apply(fs *flag.FlagSet, base learn.Config) learn.Config {
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "features":
			base.Features = c.features
		case "l2":
			base.L2 = c.l2
		case "balance":
			base.Balance = c.balance
		case "strict-weight":
			base.StrictWeight = c.strict
		case "min-count":
			base.MinCount = c.minCount
		case "folds":
			base.Folds = c.folds
		case "iterations":
			base.Iterations = c.iters
		}
	})
	return base
}

// runTrain fits the learned classifier and writes its model file, with
// its held-out and cross-validation figures (deterministic: the same data
// give the same bytes).
func runTrain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("train", "train [--with-corrections [--config FILE]] [--out FILE] [--realcorpus FILE] [--corpus DIR] [--cache DIR]", stdout, stderr)
	var lf learnFlags
	lf.register(fs)
	out := fs.String("out", "var/model.json", "model file to write")
	withCorr := fs.Bool("with-corrections", false, "add the staff corrections stored in the database (table classification_correction) to the training data")
	cfgPath := fs.String("config", "", "with --with-corrections: configuration file (TOML)")
	cfg := learn.DefaultConfig()
	var cfgFlags trainConfigFlags
	cfgFlags.register(fs)
	cvReport := fs.Bool("cv-report", false, "print the cross-validation's tables (per label, confusion, errors)")
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	cfg = cfgFlags.apply(fs, cfg)
	d, err := lf.load(ctx, stderr)
	if err == nil && *withCorr {
		d.extra, err = correctionSamples(ctx, *cfgPath, stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan train: %v\n", err)
		return 1
	}
	var cvOut io.Writer
	if *cvReport {
		cvOut = stdout
	}
	m, err := trainAndMeasure(d, cfg, cvOut)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan train: %v\n", err)
		return 1
	}
	b, err := m.Marshal()
	if err == nil {
		if dir := filepath.Dir(*out); dir != "." {
			err = os.MkdirAll(dir, 0o755)
		}
	}
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan train: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "mô hình %s → %s (%d mục huấn luyện: %v; dữ liệu %s…)\n", m.Version, *out, len(d.training()), m.Data.Items, m.Data.Digest[:16])
	fmt.Fprintf(stdout, "held-out (thật):  %s\n", dataset.Summary(m.Figures.HeldOut))
	fmt.Fprintf(stdout, "kiểm chéo %d phần: %s\n", m.Config.Folds, dataset.Summary(m.Figures.CV))
	fmt.Fprintf(stdout, "testdata/corpus:  %s\n", dataset.Summary(m.Figures.Corpus))
	return 0
}

// trainAndMeasure fits a model on d's training part and records its
// figures: held-out real items, cross-validation on the training part,
// testdata/corpus.
func trainAndMeasure(d learnData, cfg learn.Config, cvOut io.Writer) (*learn.Model, error) {
	train := d.training()
	env := d.env
	env.Features = cfg.Features
	m, err := learn.Train(dataset.Examples(train, env), cfg, d.env.Rules.Version)
	if err != nil {
		return nil, err
	}
	held := dataset.Split(d.real, "heldout")
	m.Figures.HeldOut = dataset.Measure(held, dataset.Predict(held, m, d.env))
	cv, err := dataset.CrossValidate(train, cfg, d.env)
	if err != nil {
		return nil, err
	}
	m.Figures.CV = dataset.Measure(train, cv)
	if cvOut != nil {
		dataset.Print(cvOut, fmt.Sprintf("kiểm chéo %d phần trên phần huấn luyện", cfg.Folds), train, cv)
	}
	m.Figures.Corpus = dataset.Measure(d.corpus, dataset.Predict(d.corpus, m, d.env))
	return m, nil
}
