package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/classify/corpuseval"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/learn"
	"github.com/moj-portal/tiepnhan/internal/learn/dataset"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// runEval measures classification: the learned model with the rules on
// the real corpus' held-out items first, then k-fold cross-validation on
// the training part, then the self-written mails of testdata/corpus
// (precision and recall per label, confusion matrices, dangerous errors,
// confirmations; make eval). With --rules it measures a staff-edited
// rules file before it is put in force; --rules-only measures the rules
// without the model.
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("eval", "eval [--model FILE | --rules-only] [--cv-only [--features SET] [--l2 X] …] [--rules FILE] [--realcorpus FILE] [--corpus DIR] [--cache DIR] | eval --corrections [--since DURATION] [--config FILE]", stdout, stderr)
	var lf learnFlags
	lf.register(fs)
	modelFile := fs.String("model", "", "model file to measure (default: the embedded model)")
	rulesOnly := fs.Bool("rules-only", false, "measure the rules file alone, without the learned model (as before issue 11)")
	noCV := fs.Bool("no-cv", false, "skip the cross-validation")
	cvOnly := fs.Bool("cv-only", false, "only the cross-validation on the training part, never the held-out items (for choosing a configuration: tune on this, measure held-out once)")
	var cfgFlags trainConfigFlags
	cfgFlags.register(fs)
	sweep := fs.String("sweep", "", "with --cv-only: fail-safe settings to compare on the same folds, \"GROUP/KIND,…\" (e.g. \"0.95/0.95,0.95/0.7\"): one line of figures each")
	corrections := fs.Bool("corrections", false, "instead of the corpus: summarise the staff corrections of the machine's classing stored in the database (what the rules got wrong, to improve them)")
	since := fs.Duration("since", 90*24*time.Hour, "with --corrections: how far back")
	cfgPath := fs.String("config", "", "with --corrections: configuration file (TOML)")
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	if *corrections {
		return evalCorrections(ctx, *cfgPath, *since, stdout, stderr)
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "tiepnhan eval: %v\n", err)
		return 1
	}
	d, err := lf.load(ctx, stderr)
	if err != nil {
		return fail(err)
	}
	var m *learn.Model
	switch {
	case *rulesOnly:
	case *modelFile != "":
		m, err = loadModelFile(*modelFile)
	default:
		m, err = learn.Default()
	}
	if err != nil {
		return fail(err)
	}
	if m != nil {
		fmt.Fprintf(stdout, "Mô hình %s (dữ liệu %s…, %v), quy tắc %s (phiên bản %s), ngưỡng tin cậy: nhóm thời hạn %.2f, loại thư %.2f\n\n", m.Version, m.Data.Digest[:16], m.Data.Items, d.env.Rules.File, d.env.Rules.Version, d.env.MinConfidence, d.env.MinKindConfidence)
	} else {
		fmt.Fprintf(stdout, "Chỉ tệp quy tắc: %s (phiên bản %s)\n\n", d.env.Rules.File, d.env.Rules.Version)
	}
	if *cvOnly {
		if m == nil {
			return fail(fmt.Errorf("--cv-only needs a model configuration (not --rules-only)"))
		}
		cfg := cfgFlags.apply(fs, m.Config)
		train := d.training()
		if *sweep != "" {
			return cvSweep(d, cfg, *sweep, stdout, stderr)
		}
		cv, err := dataset.CrossValidate(train, cfg, d.env)
		if err != nil {
			return fail(err)
		}
		dataset.Print(stdout, fmt.Sprintf("kiểm chéo %d phần trên phần huấn luyện, cấu hình %+v", cfg.Folds, cfg), train, cv)
		var rs []dataset.Sample
		var rr []classify.Result
		for i, s := range train {
			if s.Source == "realcorpus" {
				rs, rr = append(rs, s), append(rr, cv[i])
			}
		}
		fmt.Fprintf(stdout, "kiểm chéo, chỉ thư thật (%d): %s\n", len(rs), dataset.Summary(dataset.Measure(rs, rr)))
		return 0
	}
	held := dataset.Split(d.real, "heldout")
	dataset.Print(stdout, "1. held-out: thư thật chưa từng dùng để huấn luyện (testdata/realcorpus, split=heldout)", held, dataset.Predict(held, m, d.env))
	if m != nil && !*noCV {
		train := d.training()
		cv, err := dataset.CrossValidate(train, m.Config, d.env)
		if err != nil {
			return fail(err)
		}
		dataset.Print(stdout, fmt.Sprintf("2. kiểm chéo %d phần trên phần huấn luyện (realcorpus train + corpus ngoài held-out)", m.Config.Folds), train, cv)
	}
	c, err := derive.DefaultClassifier()
	if err != nil {
		return fail(err)
	}
	cc := *c
	cc.Rules = func() *classify.Rules { return d.env.Rules }
	cc.Model, cc.MinConfidence, cc.MinKindConfidence = m, d.env.MinConfidence, d.env.MinKindConfidence
	items, err := corpuseval.Run(ctx, corpuseval.Options{Dir: lf.corpus, Classifier: &cc, CacheDir: lf.cache,
		Progress: func(file string, i, n int) { fmt.Fprintf(stderr, "\r[%d/%d] %-60.60s", i+1, n, file) }})
	fmt.Fprintln(stderr)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "== 3. testdata/corpus (thư tự viết; mô hình đã học phần ngoài held-out)\n")
	corpuseval.Print(stdout, items)
	return 0
}

// cvSweep cross-validates cfg once and prints the figures under each
// fail-safe setting of spec ("GROUP/KIND,…": the confidences of the Điều 13
// group and of the kind), on every training item and on the real ones.
func cvSweep(d learnData, cfg learn.Config, spec string, stdout, stderr io.Writer) int {
	var envs []dataset.Env
	for _, p := range strings.Split(spec, ",") {
		g, k, ok := strings.Cut(strings.TrimSpace(p), "/")
		gv, err1 := strconv.ParseFloat(g, 64)
		kv, err2 := strconv.ParseFloat(k, 64)
		if !ok || err1 != nil || err2 != nil || gv <= 0 || gv >= 1 || kv <= 0 || kv >= 1 {
			fmt.Fprintf(stderr, "tiepnhan eval: --sweep: %q is not GROUP/KIND (two confidences between 0 and 1)\n", p)
			return 2
		}
		e := d.env
		e.MinConfidence, e.MinKindConfidence = gv, kv
		envs = append(envs, e)
	}
	train := d.training()
	res, err := dataset.CrossValidateEach(train, cfg, envs)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan eval: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "kiểm chéo %d phần trên phần huấn luyện (%d thư), cấu hình %+v\n", cfg.Folds, len(train), cfg)
	for i, e := range envs {
		var rs []dataset.Sample
		var rr []classify.Result
		for j, s := range train {
			if s.Source == "realcorpus" {
				rs, rr = append(rs, s), append(rr, res[i][j])
			}
		}
		fmt.Fprintf(stdout, "nhóm %.2f / loại %.2f\n  tất cả:    %s (cờ thời hạn %d, cờ loại thư %d; sai loại thư không cờ %d)\n  thư thật:  %s\n", e.MinConfidence, e.MinKindConfidence,
			dataset.Summary(dataset.Measure(train, res[i])), flagged(res[i], "failsafe:timing"), flagged(res[i], "failsafe:kind"),
			wrongKindUnflagged(train, res[i]), dataset.Summary(dataset.Measure(rs, rr)))
	}
	return 0
}

// flagged counts the results with a reason of source src.
func flagged(rs []classify.Result, src string) int {
	n := 0
	for _, r := range rs {
		if slices.ContainsFunc(r.Reasons, func(x classify.Reason) bool { return x.Source == src }) {
			n++
		}
	}
	return n
}

// wrongKindUnflagged counts the results whose kind is wrong and that no
// person is asked to confirm: what a lower kind threshold costs.
func wrongKindUnflagged(samples []dataset.Sample, rs []classify.Result) int {
	n := 0
	for i, s := range samples {
		if k := s.Labels[classify.DecideKind]; k != "" && k != rs[i].Kind && !rs[i].NeedsConfirmation {
			n++
		}
	}
	return n
}

func loadModelFile(path string) (*learn.Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := learn.Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// evalCorrections prints the corrections staff made to the machine's
// classing, grouped by field and by "machine → person" value, with the
// rules versions that erred: the list of what to fix in the rules file.
func evalCorrections(ctx context.Context, cfgPath string, since time.Duration, stdout, stderr io.Writer) int {
	cfg, log, ok := loadConfigLog(cfgPath, stderr)
	if !ok {
		return 2
	}
	pool, closeDB, ok := openCommandDB(ctx, &cfg, log, "eval", stderr, 2, false)
	if !ok {
		return 1
	}
	defer closeDB()
	cs, err := postgres.New(pool).Corrections(ctx, pool, time.Now().Add(-since))
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan eval: %v\n", err)
		return 1
	}
	type key struct{ field, from, to string }
	counts := map[key]int{}
	versions := map[key]map[string]bool{}
	for _, c := range cs {
		k := key{c.Field, c.Machine, c.Corrected}
		counts[k]++
		if versions[k] == nil {
			versions[k] = map[string]bool{}
		}
		versions[k][c.RulesVersion] = true
	}
	keys := make([]key, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].field != keys[j].field {
			return keys[i].field < keys[j].field
		}
		return counts[keys[i]] > counts[keys[j]]
	})
	fmt.Fprintf(stdout, "%d sửa đổi của cán bộ trong %s qua (corrections)\n\n", len(cs), since)
	fmt.Fprintf(stdout, "%-10s %-18s %-18s %6s  %s\n", "field", "machine", "corrected", "count", "rules versions")
	for _, k := range keys {
		var vs []string
		for v := range versions[k] {
			vs = append(vs, v)
		}
		sort.Strings(vs)
		fmt.Fprintf(stdout, "%-10s %-18s %-18s %6d  %s\n", k.field, orDash(k.from), orDash(k.to), counts[k], strings.Join(vs, ", "))
	}
	return 0
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
