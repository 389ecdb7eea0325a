package dataset

import (
	"context"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/classify/corpuseval"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/extract"
)

// CorpusSamples derives the labelled self-written mails of dir
// (testdata/corpus); their held-out part is corpuseval.HeldOut's.
// cacheDir, when set, keeps derivations between runs (OCR is slow).
func CorpusSamples(ctx context.Context, dir, cacheDir string) ([]Sample, error) {
	labels, err := corpuseval.LoadLabels(dir)
	if err != nil {
		return nil, err
	}
	tools := extract.LookupTools()
	var out []Sample
	for _, l := range labels {
		res, err := corpuseval.Derived(ctx, dir, l, cacheDir, &tools)
		if err != nil {
			return nil, err
		}
		split := "train"
		if corpuseval.HeldOut(l.File) {
			split = "heldout"
		}
		out = append(out, Sample{ID: "corpus/" + l.File, Source: "corpus", Split: split, Input: derive.ClassifyInput(res.Report, res.Texts),
			Target: l.Target, Labels: map[classify.Decision]string{classify.DecideKind: l.Kind, classify.DecideTiming: l.Timing,
				classify.DecideCategory: l.Category, classify.DecideUnit: l.Unit, classify.DecideLanguage: l.Language}})
	}
	return out, nil
}
