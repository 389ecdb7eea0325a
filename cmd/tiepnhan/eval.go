package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
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
		fmt.Fprintf(stdout, "Mô hình %s (dữ liệu %s…, %v), quy tắc %s (phiên bản %s), ngưỡng tin cậy %.2f\n\n", m.Version, m.Data.Digest[:16], m.Data.Items, d.env.Rules.File, d.env.Rules.Version, d.env.MinConfidence)
	} else {
		fmt.Fprintf(stdout, "Chỉ tệp quy tắc: %s (phiên bản %s)\n\n", d.env.Rules.File, d.env.Rules.Version)
	}
	if *cvOnly {
		if m == nil {
			return fail(fmt.Errorf("--cv-only needs a model configuration (not --rules-only)"))
		}
		cfg := cfgFlags.apply(fs, m.Config)
		train := d.training()
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
	cc.Model, cc.MinConfidence = m, d.env.MinConfidence
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
