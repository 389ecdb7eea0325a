package corpuseval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/extract"
)

// Options steer an evaluation.
type Options struct {
	// Dir is the corpus folder (testdata/corpus).
	Dir string
	// Classifier classes the items (derive.DefaultClassifier when nil).
	Classifier *derive.Classifier
	// CacheDir, when set, keeps each file's derivation (keyed by the hash
	// of the file) so that a rules change is measured in seconds; the
	// classification itself is never cached.
	CacheDir string
	// Progress, when set, is told each file as it is read.
	Progress func(file string, i, n int)
}

// Item is one corpus file: its truth and what the classifier said.
type Item struct {
	Label  Label
	Result classify.Result
	// Thread is the earlier item a reply was attached to (see Run).
	Thread string
}

// Run derives and classifies every labelled file in order of receipt.
// Earlier items for near-duplicates are the Portal's feed (published.xml)
// and the items for posting received before. A reply to the Board is given
// the item it answers as the pipeline does; as the corpus' replies answer
// requests sent by an earlier system whose Message-IDs the corpus does not
// hold, the item is found as the latest earlier item for posting from the
// same sender.
func Run(ctx context.Context, opts Options) ([]Item, error) {
	labels, err := LoadLabels(opts.Dir)
	if err != nil {
		return nil, err
	}
	c := opts.Classifier
	if c == nil {
		if c, err = derive.DefaultClassifier(); err != nil {
			return nil, err
		}
	}
	idx := classify.NewIndex()
	if f, err := os.Open(filepath.Join(opts.Dir, "published.xml")); err == nil {
		items, err := classify.ParseFeed(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("published.xml: %w", err)
		}
		for _, p := range items {
			idx.Add(p.Candidate())
		}
	}
	cc := *c
	cc.Earlier = idx.Candidates
	tools := extract.LookupTools()
	type prior struct {
		file string
		res  classify.Result
	}
	bySender := map[string]prior{}
	var out []Item
	for i, l := range labels {
		if opts.Progress != nil {
			opts.Progress(l.File, i, len(labels))
		}
		raw, err := os.ReadFile(filepath.Join(opts.Dir, l.File))
		if err != nil {
			return nil, err
		}
		res, err := derived(ctx, raw, l, opts.CacheDir, &tools)
		if err != nil {
			return nil, err
		}
		it := Item{Label: l}
		var thread *classify.Prior
		if refersToUs(res.Report, c.Rules().OwnDomains) {
			if p, ok := bySender[strings.ToLower(res.Report.Message.From)]; ok {
				thread = &classify.Prior{Reference: p.file, Kind: p.res.Kind, Category: p.res.Category, Timing: p.res.Timing, Unit: p.res.Unit, Target: p.res.Target}
				it.Thread = p.file
			}
		}
		it.Result = cc.Classify(&res, thread, l.File)
		if it.Result.Kind == "publish" {
			in := derive.ClassifyInput(res.Report, res.Texts)
			idx.Add(classify.Candidate{Source: "submission", Ref: l.File, Title: res.Report.Message.Subject, At: res.Report.Message.ReceivedAt,
				Fingerprint: classify.NewFingerprint(classify.ContentText(in))})
			bySender[strings.ToLower(res.Report.Message.From)] = prior{l.File, it.Result}
		}
		out = append(out, it)
	}
	return out, nil
}

func refersToUs(r derive.Report, domains []string) bool {
	for _, id := range append(append([]string{}, r.Message.InReplyTo...), r.Message.References...) {
		_, dom, ok := strings.Cut(id, "@")
		for _, d := range domains {
			if ok && strings.EqualFold(strings.Trim(dom, "<> "), d) {
				return true
			}
		}
	}
	return false
}

// Derived is the derivation of one corpus file (labelled l, in folder
// dir), from the cache folder when one is given.
func Derived(ctx context.Context, dir string, l Label, cacheDir string, tools *extract.Tools) (derive.Result, error) {
	raw, err := os.ReadFile(filepath.Join(dir, l.File))
	if err != nil {
		return derive.Result{}, err
	}
	return derived(ctx, raw, l, cacheDir, tools)
}

// derived is the derivation of one file, from the cache when allowed.
func derived(ctx context.Context, raw []byte, l Label, cacheDir string, tools *extract.Tools) (derive.Result, error) {
	// Unclassified: the evaluation classifies each item once, with the
	// classifier under test (Run), never with derive's default.
	opts := derive.Options{ReceivedAt: l.ReceivedAt, KeepText: true, Unclassified: true, Extract: extract.Options{Tools: tools}}
	var path string
	if cacheDir != "" {
		sum := sha256.Sum256(raw)
		path = filepath.Join(cacheDir, hex.EncodeToString(sum[:16])+".json")
		if b, err := os.ReadFile(path); err == nil {
			var c cached
			if json.Unmarshal(b, &c) == nil && c.ReceivedAt.Equal(l.ReceivedAt) {
				return derive.Result{Report: c.Report, Texts: c.Texts}, nil
			}
		}
	}
	res := derive.Derive(ctx, raw, opts)
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if path != "" {
		if err := os.MkdirAll(cacheDir, 0o755); err != nil {
			return res, err
		}
		b, _ := json.Marshal(cached{ReceivedAt: l.ReceivedAt, Report: res.Report, Texts: res.Texts})
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return res, err
		}
	}
	return res, nil
}

type cached struct {
	ReceivedAt time.Time     `json:"received_at"`
	Report     derive.Report `json:"report"`
	Texts      []string      `json:"texts"`
}
