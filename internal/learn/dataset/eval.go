package dataset

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/learn"
)

// Measured are the decisions measured, in the order printed; "group" is
// the Điều 13 group (khoản 1 or 2) the model chose, "deadline" the group
// of the deadline given (the fail-safe's khoản 1 included).
var Measured = []string{"kind", "group", "deadline", "timing", "category", "unit", "language"}

// pair is the truth and the prediction of one decision of one sample; ok
// is false when the decision is not measured on it: timing and category
// on items not for posting, unit on items without a labelled unit.
func pair(s Sample, r classify.Result, field string) (truth, pred string, ok bool) {
	l := s.Labels
	switch field {
	case "kind":
		return l[classify.DecideKind], r.Kind, true
	case "group":
		if r.FailSafe {
			return group(l[classify.DecideTiming]), "13.2", true
		}
		return group(l[classify.DecideTiming]), group(r.Timing), true
	case "deadline":
		return group(l[classify.DecideTiming]), group(r.Timing), true
	case "timing":
		if r.FailSafe {
			return l[classify.DecideTiming], "other", l[classify.DecideTiming] != ""
		}
		return l[classify.DecideTiming], r.Timing, l[classify.DecideTiming] != ""
	case "category":
		return l[classify.DecideCategory], r.Category, l[classify.DecideCategory] != ""
	case "unit":
		return l[classify.DecideUnit], r.Unit, l[classify.DecideUnit] != ""
	case "language":
		return l[classify.DecideLanguage], r.Language, l[classify.DecideLanguage] != ""
	}
	return "", "", false
}

func group(timing string) string {
	if classify.Strict(timing) {
		return "13.1"
	}
	return "13.2"
}

// Measure computes the figures of results against the samples' labels.
func Measure(samples []Sample, results []classify.Result) learn.Measures {
	m := learn.Measures{Items: len(samples), Accuracy: map[string]float64{}}
	for _, f := range Measured {
		right, n := 0, 0
		for i, s := range samples {
			t, p, ok := pair(s, results[i], f)
			if !ok {
				continue
			}
			n++
			if t == p {
				right++
			}
		}
		if n > 0 {
			m.Accuracy[f] = float64(right) / float64(n)
		}
	}
	for i, s := range samples {
		r := results[i]
		if r.NeedsConfirmation {
			m.Confirm++
		}
		if classify.Strict(s.Labels[classify.DecideTiming]) {
			m.Strict++
			if !classify.Strict(r.Timing) && !r.NeedsConfirmation {
				m.Dangerous++
			}
		}
	}
	return m
}

// Print writes the evaluation of one set: the summary, then per decision
// precision and recall per value, the confusion matrix and the errors.
func Print(w io.Writer, title string, samples []Sample, results []classify.Result) {
	m := Measure(samples, results)
	fmt.Fprintf(w, "== %s (%d thư)\n", title, m.Items)
	if m.Items == 0 {
		fmt.Fprintln(w)
		return
	}
	for _, f := range Measured {
		if a, ok := m.Accuracy[f]; ok {
			fmt.Fprintf(w, "  %-9s %6.1f%%\n", f, 100*a)
		}
	}
	fmt.Fprintf(w, "  lỗi nguy hiểm (13.1 bị cho thời hạn 13.2, không cờ xác nhận): %d / %d thư 13.1 (%.1f%%)\n", m.Dangerous, m.Strict, pct(m.Dangerous, m.Strict))
	fmt.Fprintf(w, "  cần xác nhận (%s hoặc loại thư): %d / %d thư (%.1f%%)\n", classify.ConfirmFlag, m.Confirm, m.Items, pct(m.Confirm, m.Items))
	for _, f := range Measured {
		printTable(w, f, samples, results)
	}
	fmt.Fprintln(w)
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func printTable(w io.Writer, field string, samples []Sample, results []classify.Result) {
	conf := map[[2]string]int{}
	vals := map[string]bool{}
	var errs []string
	for i, s := range samples {
		t, p, ok := pair(s, results[i], field)
		if !ok {
			continue
		}
		conf[[2]string{t, p}]++
		vals[t], vals[p] = true, true
		if t != p {
			flag := ""
			if results[i].NeedsConfirmation {
				flag = " [cần xác nhận]"
			}
			errs = append(errs, fmt.Sprintf("%s: %s → %s%s", s.ID, none(t), none(p), flag))
		}
	}
	if len(conf) == 0 {
		return
	}
	var vs []string
	for v := range vals {
		vs = append(vs, v)
	}
	sort.Strings(vs)
	fmt.Fprintf(w, "\n  -- %s\n  %-16s %9s %7s %7s\n", field, "value", "precision", "recall", "support")
	for _, v := range vs {
		tp, fp, fn := conf[[2]string{v, v}], 0, 0
		for _, o := range vs {
			if o != v {
				fp += conf[[2]string{o, v}]
				fn += conf[[2]string{v, o}]
			}
		}
		fmt.Fprintf(w, "  %-16s %8.1f%% %6.1f%% %7d\n", none(v), pct(tp, tp+fp), pct(tp, tp+fn), tp+fn)
	}
	fmt.Fprintf(w, "  confusion (hàng: nhãn đúng, cột: dự đoán)\n  %-16s", "")
	for _, v := range vs {
		fmt.Fprintf(w, " %6.6s", none(v))
	}
	fmt.Fprintln(w)
	for _, t := range vs {
		fmt.Fprintf(w, "  %-16s", none(t))
		for _, p := range vs {
			fmt.Fprintf(w, " %6d", conf[[2]string{t, p}])
		}
		fmt.Fprintln(w)
	}
	for i, e := range errs {
		if i == 15 {
			fmt.Fprintf(w, "  … và %d lỗi khác\n", len(errs)-15)
			break
		}
		fmt.Fprintf(w, "  ✗ %s\n", e)
	}
}

func none(s string) string {
	if s == "" {
		return "∅"
	}
	return s
}

// Summary is one line of figures.
func Summary(m learn.Measures) string {
	var b strings.Builder
	for _, f := range Measured {
		if a, ok := m.Accuracy[f]; ok {
			fmt.Fprintf(&b, "%s %.1f%% ", f, 100*a)
		}
	}
	fmt.Fprintf(&b, "nguy hiểm %d/%d, cần xác nhận %d/%d", m.Dangerous, m.Strict, m.Confirm, m.Items)
	return b.String()
}
