// Command gen builds testdata/realcorpus/items.jsonl from the hand-kept
// source records in testdata/realcorpus/src/*.jsonl: it assigns ids in file
// and line order (new records are only ever appended, so ids stay stable),
// derives the site and the fixed held-out split, and wraps each real title
// and lead in an invented e-mail (mail.go). Run from the repository root:
//
//	go run ./testdata/realcorpus/gen
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/realcorpus"
	"golang.org/x/text/unicode/norm"
)

const (
	dir       = "testdata/realcorpus"
	retrieved = "2026-12-07"
)

// record is one hand-kept source line (short keys keep the files small).
type record struct {
	URL       string `json:"u"`
	Section   string `json:"sec"`
	Published string `json:"pub"`
	Title     string `json:"t"`
	Lead      string `json:"l"`
	Kind      string `json:"k"`
	Timing    string `json:"tm"`
	Category  string `json:"c"`
	Unit      string `json:"un"`
	Language  string `json:"lg"`
	// FirstSentence marks a page whose stored copy shows no headline: the
	// title is then its first sentence as published (SOURCES.md).
	FirstSentence int `json:"ts"`
	// Retrieved is the retrieval date of records added after the first
	// collection ("": the constant retrieved).
	Retrieved string `json:"ret"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	recs, err := readRecords(filepath.Join(dir, "src"))
	if err != nil {
		return err
	}
	versions, err := directory.Seed()
	if err != nil {
		return err
	}
	dirv := versions[len(versions)-1]
	items := make([]realcorpus.Item, 0, len(recs))
	for i, r := range recs {
		it := toItem(i+1, r)
		it.Mail = wrap(it, dirv)
		items = append(items, it)
	}
	var buf bytes.Buffer
	if err := realcorpus.Write(&buf, items); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "items.jsonl"), buf.Bytes(), 0o644); err != nil {
		return err
	}
	if probs := realcorpus.Check(items, dirv.UnitCodes()); len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(os.Stderr, p)
		}
		return fmt.Errorf("%d problems", len(probs))
	}
	fs := map[string]bool{}
	for i, r := range recs {
		if r.FirstSentence != 0 {
			fs[items[i].ID] = true
		}
	}
	if err := writeSources(items, fs); err != nil {
		return err
	}
	if err := writeSplit(items); err != nil {
		return err
	}
	printStats(items)
	return nil
}

func readRecords(srcDir string) ([]record, error) {
	names, err := filepath.Glob(filepath.Join(srcDir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []record
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		for ln := 1; sc.Scan(); ln++ {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			dec := json.NewDecoder(strings.NewReader(sc.Text()))
			dec.DisallowUnknownFields()
			var r record
			if err := dec.Decode(&r); err != nil {
				f.Close()
				return nil, fmt.Errorf("%s:%d: %w", n, ln, err)
			}
			out = append(out, r)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func toItem(n int, r record) realcorpus.Item {
	lang := r.Language
	if lang == "" {
		lang = "vi"
	}
	timing := r.Timing
	if r.Kind != "publish" {
		timing = "other"
	}
	site := realcorpus.SiteOf(r.URL)
	nfc := norm.NFC.String
	return realcorpus.Item{
		ID:            fmt.Sprintf("rc-%04d", n),
		SourceURL:     r.URL,
		SourceSite:    site,
		SourceSection: nfc(r.Section),
		Retrieved:     cmp.Or(r.Retrieved, retrieved),
		Published:     r.Published,
		Title:         nfc(strings.TrimSpace(r.Title)),
		Lead:          nfc(strings.TrimSpace(r.Lead)),
		Labels: realcorpus.Labels{Kind: r.Kind, Timing: timing, Category: r.Category,
			Unit: r.Unit, Language: lang},
		Split: realcorpus.SplitOf(site, r.Published),
	}
}

func printStats(items []realcorpus.Item) {
	fmt.Printf("%d items\n", len(items))
	for _, r := range statRows(items) {
		fmt.Printf("%-9s %-16s %5s %5s %7s\n", r[0], r[1], r[2], r[3], r[4])
	}
}
