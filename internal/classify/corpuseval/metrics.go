package corpuseval

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// Metric is precision and recall of one label value.
type Metric struct {
	Value     string
	TP, FP    int
	FN        int
	Support   int // items whose truth is Value
	Precision float64
	Recall    float64
}

// Table is the measure of one label over a set of items.
type Table struct {
	Field string
	// Correct of Total items agree; items where both truth and prediction
	// are "" (not applicable, e.g. the category of a query) are not
	// counted.
	Correct, Total int
	Accuracy       float64
	Values         []Metric
	// Errors lists the disagreements: "file: truth → predicted".
	Errors []string
}

// Fields are the single-valued labels measured.
var Fields = []string{"kind", "category", "timing", "unit", "target", "language"}

func get(it Item, field string) (truth, pred string) {
	l, r := it.Label, it.Result
	switch field {
	case "kind":
		return l.Kind, r.Kind
	case "category":
		return l.Category, r.Category
	case "timing":
		return l.Timing, r.Timing
	case "unit":
		return l.Unit, r.Unit
	case "target":
		return l.Target, r.Target
	case "language":
		return l.Language, r.Language
	}
	return "", ""
}

// Measure measures one single-valued label.
func Measure(items []Item, field string) Table {
	t := Table{Field: field}
	m := map[string]*Metric{}
	at := func(v string) *Metric {
		if m[v] == nil {
			m[v] = &Metric{Value: v}
		}
		return m[v]
	}
	for _, it := range items {
		truth, pred := get(it, field)
		if truth == "" && pred == "" {
			continue
		}
		t.Total++
		if truth != "" {
			at(truth).Support++
		}
		if truth == pred {
			t.Correct++
			at(truth).TP++
			continue
		}
		t.Errors = append(t.Errors, fmt.Sprintf("%s: %s → %s", it.Label.File, orNone(truth), orNone(pred)))
		if truth != "" {
			at(truth).FN++
		}
		if pred != "" {
			at(pred).FP++
		}
	}
	t.finish(m)
	return t
}

// finish computes the accuracy and each value's precision and recall, the
// values in order.
func (t *Table) finish(m map[string]*Metric) {
	t.Accuracy = ratio(t.Correct, t.Total)
	for _, v := range m {
		v.Precision, v.Recall = ratio(v.TP, v.TP+v.FP), ratio(v.TP, v.TP+v.FN)
		t.Values = append(t.Values, *v)
	}
	sort.Slice(t.Values, func(i, j int) bool { return t.Values[i].Value < t.Values[j].Value })
}

// MeasureGrounds measures the Điều 14 grounds (several per item).
func MeasureGrounds(items []Item) Table {
	t := Table{Field: "grounds"}
	m := map[string]*Metric{}
	for _, g := range []string{"14.2", "14.4", "14.5", "14.6"} {
		m[g] = &Metric{Value: g}
	}
	for _, it := range items {
		truth, pred := it.Label.Grounds, it.Result.Screening.Grounds
		t.Total++
		same := len(truth) == len(pred)
		for g, v := range m {
			inT, inP := slices.Contains(truth, g), slices.Contains(pred, g)
			if inT {
				v.Support++
			}
			switch {
			case inT && inP:
				v.TP++
			case inT:
				v.FN++
				same = false
			case inP:
				v.FP++
				same = false
			}
		}
		if same {
			t.Correct++
		} else {
			t.Errors = append(t.Errors, fmt.Sprintf("%s: [%s] → [%s]", it.Label.File, strings.Join(truth, " "), strings.Join(pred, " ")))
		}
	}
	t.finish(m)
	return t
}

// DuplicateMatches counts the 14.4 items whose match is the labelled one.
func DuplicateMatches(items []Item) (right, total int, errs []string) {
	for _, it := range items {
		if it.Label.DuplicateOf == "" {
			continue
		}
		total++
		got := ""
		for _, f := range it.Result.Screening.Flags {
			if f.Match != nil {
				got = f.Match.Ref
			}
		}
		if got == it.Label.DuplicateOf {
			right++
		} else {
			errs = append(errs, fmt.Sprintf("%s: %s → %s", it.Label.File, it.Label.DuplicateOf, orNone(got)))
		}
	}
	return right, total, errs
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func orNone(s string) string {
	if s == "" {
		return "∅"
	}
	return s
}

// Split returns the items of the held-out part (held true) or the rest.
func Split(items []Item, held bool) []Item {
	var out []Item
	for _, it := range items {
		if HeldOut(it.Label.File) == held {
			out = append(out, it)
		}
	}
	return out
}

// Print writes the evaluation: a summary per part, then precision and
// recall per label value and the disagreements.
func Print(w io.Writer, items []Item) {
	parts := []struct {
		name  string
		items []Item
	}{{"all", items}, {"dev", Split(items, false)}, {"held-out", Split(items, true)}}
	fmt.Fprintf(w, "Đánh giá phân loại trên %d thư có nhãn (testdata/corpus/labels.toml); held-out = số tệp tận cùng 3 hoặc 7 (%d thư)\n\n", len(items), len(parts[2].items))
	fmt.Fprintf(w, "%-10s", "accuracy")
	for _, p := range parts {
		fmt.Fprintf(w, " %18s", fmt.Sprintf("%s (n=%d)", p.name, len(p.items)))
	}
	fmt.Fprintln(w)
	for _, f := range append(append([]string{}, Fields...), "grounds") {
		fmt.Fprintf(w, "%-10s", f)
		for _, p := range parts {
			var t Table
			if f == "grounds" {
				t = MeasureGrounds(p.items)
			} else {
				t = Measure(p.items, f)
			}
			fmt.Fprintf(w, " %18s", fmt.Sprintf("%5.1f%% %d/%d", 100*t.Accuracy, t.Correct, t.Total))
		}
		fmt.Fprintln(w)
	}
	r, n, derrs := DuplicateMatches(items)
	fmt.Fprintf(w, "%-10s %18s\n", "dup-match", fmt.Sprintf("%d/%d", r, n))
	for _, f := range append(append([]string{}, Fields...), "grounds") {
		var t Table
		if f == "grounds" {
			t = MeasureGrounds(items)
		} else {
			t = Measure(items, f)
		}
		fmt.Fprintf(w, "\n== %s (all %d items): accuracy %.1f%%\n", f, len(items), 100*t.Accuracy)
		fmt.Fprintf(w, "  %-16s %9s %7s %7s %4s %4s %4s\n", "value", "precision", "recall", "support", "tp", "fp", "fn")
		for _, v := range t.Values {
			fmt.Fprintf(w, "  %-16s %8.1f%% %6.1f%% %7d %4d %4d %4d\n", v.Value, 100*v.Precision, 100*v.Recall, v.Support, v.TP, v.FP, v.FN)
		}
		for _, e := range t.Errors {
			mark := ""
			if HeldOut(e) {
				mark = " (held-out)"
			}
			fmt.Fprintf(w, "  ✗ %s%s\n", e, mark)
		}
	}
	for _, e := range derrs {
		fmt.Fprintf(w, "  ✗ duplicate_of %s\n", e)
	}
}
