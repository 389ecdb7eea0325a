package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/app"
	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/classify/corpuseval"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// runEval measures classification and screening on the labelled corpus:
// precision and recall per label, for the whole corpus and its held-out
// part (make eval). With --rules it measures a staff-edited rules file
// before it is put in force.
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("eval", "eval [--corpus DIR] [--rules FILE] [--cache DIR] | eval --corrections [--since DURATION] [--config FILE]", stdout, stderr)
	dir := fs.String("corpus", "testdata/corpus", "folder of the labelled corpus (labels.toml, *.eml, published.xml)")
	rulesFile := fs.String("rules", "", "rules file to measure (default: the shipped config/classify.rules.toml)")
	cache := fs.String("cache", "", "folder keeping each file's derivation between runs (text extraction and OCR are the slow part)")
	corrections := fs.Bool("corrections", false, "instead of the corpus: summarise the staff corrections of the machine's classing stored in the database (what the rules got wrong, to improve them)")
	since := fs.Duration("since", 90*24*time.Hour, "with --corrections: how far back")
	cfgPath := fs.String("config", "", "with --corrections: configuration file (TOML)")
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	if *corrections {
		return evalCorrections(ctx, *cfgPath, *since, stdout, stderr)
	}
	c, err := derive.DefaultClassifier()
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan eval: %v\n", err)
		return 1
	}
	if *rulesFile != "" {
		f, err := os.Open(*rulesFile)
		if err != nil {
			fmt.Fprintf(stderr, "tiepnhan eval: %v\n", err)
			return 1
		}
		units, _ := directory.Seed()
		rs, err := classify.Load(f, *rulesFile, classify.LoadOptions{Units: units[len(units)-1].UnitCodes()})
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "tiepnhan eval: tệp quy tắc bị từ chối (rules file rejected): %v\n", err)
			return 1
		}
		cc := *c
		cc.Rules = func() *classify.Rules { return rs }
		c = &cc
	}
	items, err := corpuseval.Run(ctx, corpuseval.Options{Dir: *dir, Classifier: c, CacheDir: *cache,
		Progress: func(file string, i, n int) { fmt.Fprintf(stderr, "\r[%d/%d] %-60.60s", i+1, n, file) }})
	fmt.Fprintln(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan eval: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Quy tắc: %s (phiên bản %s)\n", c.Rules().File, c.Rules().Version)
	corpuseval.Print(stdout, items)
	return 0
}

// evalCorrections prints the corrections staff made to the machine's
// classing, grouped by field and by "machine → person" value, with the
// rules versions that erred: the list of what to fix in the rules file.
func evalCorrections(ctx context.Context, cfgPath string, since time.Duration, stdout, stderr io.Writer) int {
	cfg, ok := loadConfig(cfgPath, stderr)
	if !ok {
		return 2
	}
	log := app.NewLogger(cfg.Log, stderr)
	pool, closeDB, err := openDB(ctx, &cfg, log, 2, false)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan eval: %v\n", err)
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
