package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/classify/corpuseval"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/directory"
)

// runEval measures classification and screening on the labelled corpus:
// precision and recall per label, for the whole corpus and its held-out
// part (make eval). With --rules it measures a staff-edited rules file
// before it is put in force.
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("eval", "eval [--corpus DIR] [--rules FILE] [--cache DIR]", stdout, stderr)
	dir := fs.String("corpus", "testdata/corpus", "folder of the labelled corpus (labels.toml, *.eml, published.xml)")
	rulesFile := fs.String("rules", "", "rules file to measure (default: the shipped config/classify.rules.toml)")
	cache := fs.String("cache", "", "folder keeping each file's derivation between runs (text extraction and OCR are the slow part)")
	if code, done := parseFlags(fs, args, stdout); done {
		return code
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
