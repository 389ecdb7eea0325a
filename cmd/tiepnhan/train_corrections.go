package main

import (
	"context"
	"fmt"
	"io"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/learn/dataset"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// correctionSamples are the submissions staff corrected (table
// classification_correction), labelled with the classification as the
// people left it.
func correctionSamples(ctx context.Context, cfgPath string, stderr io.Writer) ([]dataset.Sample, error) {
	cfg, log, ok := loadConfigLog(cfgPath, stderr)
	if !ok {
		return nil, fmt.Errorf("invalid configuration")
	}
	pool, closeDB, err := openDB(ctx, &cfg, log, 2, false)
	if err != nil {
		return nil, err
	}
	defer closeDB()
	items, err := postgres.New(pool).CorrectedItems(ctx, pool)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stderr, "%d thư được cán bộ sửa phân loại\n", len(items))
	cs := make([]dataset.Corrected, 0, len(items))
	for _, it := range items {
		labels := map[classify.Decision]string{classify.DecideKind: it.Kind, classify.DecideUnit: it.Unit, classify.DecideLanguage: it.Language}
		if it.Kind == "publish" {
			labels[classify.DecideCategory], labels[classify.DecideTiming] = it.Category, it.Timing
		}
		cs = append(cs, dataset.Corrected{Reference: it.Reference, Derived: it.Derived, Reading: it.Reading, Texts: it.Texts, Labels: labels})
	}
	return dataset.CorrectionSamples(cs)
}
