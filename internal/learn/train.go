package learn

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"

	"gonum.org/v1/gonum/optimize"

	"github.com/moj-portal/tiepnhan/internal/classify"
)

// Example is one labelled message as training reads it: its features and,
// per decision the engine asked the model for, the true value with the
// rules' evidence at that point (the engine run along the true decisions).
type Example struct {
	ID string
	// Source is "realcorpus", "corpus" or "correction".
	Source   string
	Features []Feature
	Cases    map[classify.Decision]Case
}

// Case is one decision of an example.
type Case struct {
	Label    string
	Evidence []classify.Reason
}

// Train fits one head per decision on the examples, deterministically:
// the same examples and configuration give the same model bytes. rules is
// the version of the rules whose evidence the examples carry.
func Train(examples []Example, cfg Config, rules string) (*Model, error) {
	if len(examples) == 0 {
		return nil, errors.New("no training examples")
	}
	exs := slices.Clone(examples)
	sort.SliceStable(exs, func(i, j int) bool { return exs[i].ID < exs[j].ID })
	m := &Model{Format: FormatVersion, Config: cfg, Heads: map[string]*Head{},
		Data: Data{Digest: Digest(exs), Items: map[string]int{}, Rules: rules}}
	for _, e := range exs {
		m.Data.Items[e.Source]++
	}
	vocab := vocabulary(exs, cfg.MinCount)
	for _, d := range Heads {
		h, err := trainHead(exs, d, vocab, cfg)
		if err != nil {
			return nil, fmt.Errorf("head %s: %w", d, err)
		}
		if h != nil {
			m.Heads[string(d)] = h
		}
	}
	if len(m.Heads) == 0 {
		return nil, errors.New("no decision has labelled examples")
	}
	cfgJSON, _ := json.Marshal(cfg)
	sum := sha256.Sum256(append(cfgJSON, m.Data.Digest...))
	// m2: the fail-safe flags only khoản 2 decisions and the training
	// configuration has class weights (issue 11, second round).
	m.Version = "m2-" + hex.EncodeToString(sum[:6])
	return m, nil
}

// Digest is the SHA-256 of examples: ids, sources, labels and features.
func Digest(exs []Example) string {
	h := sha256.New()
	for _, e := range exs {
		fmt.Fprintf(h, "%s\x00%s\x00", e.ID, e.Source)
		for _, d := range Heads {
			if c, ok := e.Cases[d]; ok {
				fmt.Fprintf(h, "%s=%s\x00", d, c.Label)
				for _, r := range c.Evidence {
					fmt.Fprintf(h, "%s|%s|%s\x00", r.Value, r.Source, strconv.FormatFloat(r.Weight, 'g', -1, 64))
				}
			}
		}
		for _, f := range e.Features {
			fmt.Fprintf(h, "%s=%s\x00", f.Name, strconv.FormatFloat(f.Value, 'g', -1, 64))
		}
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// vocabulary is the sorted set of features found in at least minCount
// examples (structural features always).
func vocabulary(exs []Example, minCount int) map[string]bool {
	df := map[string]int{}
	for _, e := range exs {
		for _, f := range e.Features {
			df[f.Name]++
		}
	}
	v := map[string]bool{}
	for k, n := range df {
		if n >= minCount || k[:2] == "x:" {
			v[k] = true
		}
	}
	return v
}

// headData is one head's problem in index form.
type headData struct {
	classes []string
	feats   []string // text and structure feature names, sorted
	shared  []string // shared feature names, sorted
	rows    []row
}

type row struct {
	label int
	// weight is the row's weight in the loss (class weights).
	weight float64
	idx    []int
	val    []float64
	// sh[k] are the shared features of class k.
	shIdx [][]int
	shVal [][]float64
}

func buildHead(exs []Example, d classify.Decision, vocab map[string]bool) *headData {
	hd := &headData{}
	classSet, featSet, shSet := map[string]bool{}, map[string]bool{}, map[string]bool{}
	var used []Example
	for _, e := range exs {
		c, ok := e.Cases[d]
		if !ok || c.Label == "" {
			continue
		}
		used = append(used, e)
		classSet[c.Label] = true
		for _, f := range e.Features {
			if vocab[f.Name] {
				featSet[f.Name] = true
			}
		}
		for _, r := range c.Evidence {
			if r.Value != "" {
				classSet[r.Value] = true
			}
		}
	}
	if len(used) == 0 {
		return nil
	}
	hd.classes = sortedKeys(classSet)
	for _, e := range used {
		for _, c := range hd.classes {
			for _, f := range shared(c, e.Cases[d].Evidence) {
				shSet[f.Name] = true
			}
		}
	}
	hd.feats, hd.shared = sortedKeys(featSet), sortedKeys(shSet)
	fi, si := index(hd.feats), index(hd.shared)
	for _, e := range used {
		c := e.Cases[d]
		r := row{label: slices.Index(hd.classes, c.Label), weight: 1}
		for _, f := range e.Features {
			if i, ok := fi[f.Name]; ok {
				r.idx, r.val = append(r.idx, i), append(r.val, f.Value)
			}
		}
		for _, cl := range hd.classes {
			var ii []int
			var vv []float64
			for _, f := range shared(cl, c.Evidence) {
				ii, vv = append(ii, si[f.Name]), append(vv, f.Value)
			}
			r.shIdx, r.shVal = append(r.shIdx, ii), append(r.shVal, vv)
		}
		hd.rows = append(hd.rows, r)
	}
	return hd
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func index(names []string) map[string]int {
	m := make(map[string]int, len(names))
	for i, n := range names {
		m[n] = i
	}
	return m
}

// weigh sets the rows' weights: each class's rows weigh (n / (k·n_c))^Balance
// (Balance 0: every row 1; 1: every class as much as any other), and in the
// timing head the rows of a Điều 13 khoản 1 class weigh StrictWeight more
// (a khoản 1 item given the khoản 2 deadline is the dangerous error).
func (hd *headData) weigh(d classify.Decision, cfg Config) {
	count := make([]int, len(hd.classes))
	for _, r := range hd.rows {
		count[r.label]++
	}
	present := 0
	for _, c := range count {
		if c > 0 {
			present++
		}
	}
	for i := range hd.rows {
		r := &hd.rows[i]
		w := 1.0
		if cfg.Balance > 0 {
			w = math.Pow(float64(len(hd.rows))/(float64(present)*float64(count[r.label])), cfg.Balance)
		}
		if d == classify.DecideTiming && cfg.StrictWeight > 0 && classify.Strict(hd.classes[r.label]) {
			w *= cfg.StrictWeight
		}
		r.weight = w
	}
}

// Parameters of a head, flattened: W (class-major, classes × feats), then
// the biases, then the shared weights.
func (hd *headData) dim() int {
	return len(hd.classes)*len(hd.feats) + len(hd.classes) + len(hd.shared)
}

// objective is the penalised negative log-likelihood and its gradient
// (biases are not penalised). grad may be nil.
func (hd *headData) objective(x, grad []float64, l2 float64) float64 {
	nc, nf := len(hd.classes), len(hd.feats)
	bOff, sOff := nc*nf, nc*nf+nc
	for i := range grad {
		grad[i] = 0
	}
	loss := 0.0
	scores := make([]float64, nc)
	for _, r := range hd.rows {
		for k := range nc {
			s := x[bOff+k]
			base := k * nf
			for j, i := range r.idx {
				s += r.val[j] * x[base+i]
			}
			for j, i := range r.shIdx[k] {
				s += r.shVal[k][j] * x[sOff+i]
			}
			scores[k] = s
		}
		p := softmax(scores)
		loss -= r.weight * math.Log(math.Max(p[r.label], 1e-300))
		if grad == nil {
			continue
		}
		for k := range nc {
			g := p[k]
			if k == r.label {
				g--
			}
			g *= r.weight
			base := k * nf
			for j, i := range r.idx {
				grad[base+i] += g * r.val[j]
			}
			grad[bOff+k] += g
			for j, i := range r.shIdx[k] {
				grad[sOff+i] += g * r.shVal[k][j]
			}
		}
	}
	for i, v := range x {
		if i >= bOff && i < sOff {
			continue
		}
		loss += 0.5 * l2 * v * v
		if grad != nil {
			grad[i] += l2 * v
		}
	}
	return loss
}

// trainHead minimises the objective with gonum's L-BFGS (a well-kept,
// deterministic quasi-Newton method: no randomness, no concurrency).
func trainHead(exs []Example, d classify.Decision, vocab map[string]bool, cfg Config) (*Head, error) {
	hd := buildHead(exs, d, vocab)
	if hd == nil {
		return nil, nil
	}
	hd.weigh(d, cfg)
	x0 := make([]float64, hd.dim())
	p := optimize.Problem{
		Func: func(x []float64) float64 { return hd.objective(x, nil, cfg.L2) },
		Grad: func(grad, x []float64) { hd.objective(x, grad, cfg.L2) },
	}
	settings := &optimize.Settings{GradientThreshold: 1e-6, MajorIterations: cfg.Iterations,
		Converger: &optimize.FunctionConverge{Absolute: 1e-9, Relative: 1e-9, Iterations: 20}}
	res, err := optimize.Minimize(p, x0, settings, &optimize.LBFGS{})
	if err != nil && res == nil {
		return nil, err
	}
	x := res.X
	nc, nf := len(hd.classes), len(hd.feats)
	h := &Head{Classes: hd.classes, Bias: make([]float64, nc), Weights: map[string][]float64{}, Shared: map[string]float64{}}
	for k := range nc {
		h.Bias[k] = sig(x[nc*nf+k])
	}
	for i, f := range hd.feats {
		w := make([]float64, nc)
		keep := false
		for k := range nc {
			w[k] = sig(x[k*nf+i])
			keep = keep || w[k] != 0
		}
		if keep {
			h.Weights[f] = w
		}
	}
	for i, f := range hd.shared {
		if v := sig(x[nc*nf+nc+i]); v != 0 {
			h.Shared[f] = v
		}
	}
	h.pack()
	return h, nil
}

// sig keeps four significant digits and drops weights below 1e-3
// (smaller files, the same bytes on every machine).
func sig(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
	if math.Abs(r) < 1e-3 {
		return 0
	}
	return r
}
