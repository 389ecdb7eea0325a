package dataset_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/learn"
	"github.com/moj-portal/tiepnhan/internal/learn/dataset"
)

var root = filepath.Join("..", "..", "..")

func benchEnv(b testing.TB) dataset.Env {
	dirs, err := directory.Seed()
	if err != nil {
		b.Fatal(err)
	}
	dir := dirs[len(dirs)-1]
	rs, err := classify.Load(bytes.NewReader(config.ClassifyRules), config.ClassifyRulesName, classify.LoadOptions{Units: dir.UnitCodes()})
	if err != nil {
		b.Fatal(err)
	}
	return dataset.Env{Rules: rs, Units: dir.ClassifyUnits()}
}

func realSamples(b testing.TB) []dataset.Sample {
	items, err := dataset.LoadReal(filepath.Join(root, "testdata", "realcorpus", "items.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	return dataset.RealSamples(context.Background(), items)
}

// BenchmarkClassify classes one real item (rules and the embedded model,
// the model's features included; goal: at most 5 ms), with its ratio to
// the rules alone on the same items (make bench-classify).
func BenchmarkClassify(b *testing.B) {
	env := benchEnv(b)
	samples := realSamples(b)
	if len(samples) == 0 {
		b.Skip("no real corpus")
	}
	m, err := learn.Default()
	if err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, judge bool) {
		i := 0
		cpu0 := cpuTime()
		defer func() {
			// The machine is shared: the CPU time per item is the measure
			// that does not grow with the other processes' load.
			if i > 0 {
				b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(i), "cpu-ms/op")
			}
		}()
		for b.Loop() {
			s := samples[i%len(samples)]
			opts := classify.Options{Units: env.Units}
			if judge {
				opts.Judge = m.Judge()
			}
			classify.Classify(env.Rules, s.Input, opts)
			i++
		}
	}
	var rules, model testing.BenchmarkResult
	b.Run("rules", func(b *testing.B) { run(b, false); rules = testing.BenchmarkResult{N: b.N, T: b.Elapsed()} })
	b.Run("model", func(b *testing.B) { run(b, true); model = testing.BenchmarkResult{N: b.N, T: b.Elapsed()} })
	if rules.N > 0 && model.N > 0 {
		b.Logf("per item (wall): model %.3f ms, rules alone %.3f ms, ratio %.2f (goal: model ≤ 5 ms)",
			float64(model.NsPerOp())/1e6, float64(rules.NsPerOp())/1e6, float64(model.NsPerOp())/float64(rules.NsPerOp()))
	}
}

// cpuTime is the process's user and system CPU time (getrusage(2)).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkTrain fits the model on the whole training data (real corpus'
// training part and testdata/corpus outside its held-out part; goal: at
// most 60 s): the examples (the engine's run along the true decisions and
// the features) and the optimisation. Deriving the corpus' mails (OCR) is
// not timed; EVAL_CACHE keeps their derivations (make bench-train).
func BenchmarkTrain(b *testing.B) {
	env := benchEnv(b)
	samples := dataset.Split(realSamples(b), "train")
	corpus, err := dataset.CorpusSamples(context.Background(), filepath.Join(root, "testdata", "corpus"), os.Getenv("EVAL_CACHE"))
	if err != nil {
		b.Fatal(err)
	}
	samples = append(samples, dataset.Split(corpus, "train")...)
	cpu0, n := cpuTime(), 0
	for b.Loop() {
		if _, err := learn.Train(dataset.Examples(samples, env), learn.DefaultConfig(), env.Rules.Version); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(len(samples)), "items")
	b.ReportMetric(float64(cpuTime()-cpu0)/1e9/float64(n), "cpu-s/op")
}
