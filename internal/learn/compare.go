package learn

import (
	"fmt"
	"strings"
)

// compared are the accuracies NotWorse weighs (Điều 13 group, kind, Điều 8
// category, unit, language), equally.
var compared = []string{"kind", "group", "category", "unit", "language"}

// NotWorse reports whether a candidate's held-out figures are not worse
// than those of the model in force: no more dangerous errors (a Điều 13
// khoản 1 item given the khoản 2 deadline without the confirmation flag),
// not more confirmation flags than one in ten items more, and a mean
// accuracy over kind, group, category, unit and language at least as
// high. why says what failed, in Vietnamese.
func NotWorse(cand, cur Measures) (ok bool, why string) {
	var fails []string
	if cand.Dangerous > cur.Dangerous {
		fails = append(fails, fmt.Sprintf("lỗi nguy hiểm %d > %d", cand.Dangerous, cur.Dangerous))
	}
	if cand.Items > 0 && cur.Items > 0 && float64(cand.Confirm)/float64(cand.Items) > float64(cur.Confirm)/float64(cur.Items)+0.1 {
		fails = append(fails, fmt.Sprintf("cần xác nhận %d/%d, nhiều hơn %d/%d quá 10 điểm", cand.Confirm, cand.Items, cur.Confirm, cur.Items))
	}
	if a, b := mean(cand), mean(cur); a < b-1e-9 {
		fails = append(fails, fmt.Sprintf("độ chính xác trung bình %.1f%% < %.1f%%", 100*a, 100*b))
	}
	return len(fails) == 0, strings.Join(fails, "; ")
}

func mean(m Measures) float64 {
	s := 0.0
	for _, k := range compared {
		s += m.Accuracy[k]
	}
	return s / float64(len(compared))
}
