package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/learn"
)

// The learned classifier (issue 11): the model in force — the one an
// administrator promoted (`tiepnhan model promote`), else the one embedded
// in the program — with its figures on held-out real items, in
// cross-validation and on testdata/corpus, and the promotions and
// rollbacks before it. Changing the model stays a command: it measures
// the candidate against the model in force first.

// ModelAdmin reads the learned classifier's state.
type ModelAdmin interface {
	ModelStatus(ctx context.Context) (ModelStatus, error)
}

// ModelStatus is the model in force and the history of promotions.
type ModelStatus struct {
	InForce ModelEntry
	History []ModelEntry
	// MinConfidence is the fail-safe confidence of the Điều 13 group
	// (classify.model_min_confidence), MinKindConfidence that of the kind
	// (classify.model_min_kind_confidence).
	MinConfidence, MinKindConfidence float64
}

// ModelEntry is one model with its figures.
type ModelEntry struct {
	Version      string
	Embedded     bool
	PromotedBy   string
	PromotedAt   time.Time
	InForce      bool
	RolledBackAt *time.Time
	// HeldOut are the held-out figures measured when it was promoted (or
	// trained, for the embedded model); CV and Corpus those of training.
	HeldOut, CV, Corpus learn.Measures
	Items               map[string]int
	Digest, Rules       string
}

// modelRow is one line of the figures table: a measure in three sets.
type modelRow struct {
	Key                 string
	HeldOut, CV, Corpus string
}

// modelHist is one promotion in the history.
type modelHist struct {
	Version, By, Group, Dangerous string
	At                            time.Time
	InForce                       bool
	RolledBackAt                  *time.Time
}

type modelView struct {
	Status  ModelStatus
	Rows    []modelRow
	History []modelHist
	// Items says what the model learned from ("realcorpus 227, corpus 78");
	// MinConfidence and MinKindConfidence are the fail-safe confidences as
	// written in Vietnamese.
	Items, MinConfidence, MinKindConfidence string
}

// modelPage shows the model in force and its figures.
func (u *UI) modelPage(w http.ResponseWriter, r *http.Request, rc *req) {
	st, err := u.Models.ModelStatus(r.Context())
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	m := st.InForce
	v := modelView{Status: st, MinConfidence: decimalComma(st.MinConfidence), MinKindConfidence: decimalComma(st.MinKindConfidence)}
	var items []string
	for _, k := range []string{"realcorpus", "corpus", "correction"} {
		if n := m.Items[k]; n > 0 {
			items = append(items, k+" "+strconv.Itoa(n))
		}
	}
	v.Items = strings.Join(items, ", ")
	for _, k := range []string{"kind", "group", "deadline", "timing", "category", "unit", "language"} {
		v.Rows = append(v.Rows, modelRow{Key: "model_acc_" + k, HeldOut: accuracy(m.HeldOut, k), CV: accuracy(m.CV, k), Corpus: accuracy(m.Corpus, k)})
	}
	v.Rows = append(v.Rows,
		modelRow{Key: "model_dangerous", HeldOut: ratio(m.HeldOut.Dangerous, m.HeldOut.Strict), CV: ratio(m.CV.Dangerous, m.CV.Strict), Corpus: ratio(m.Corpus.Dangerous, m.Corpus.Strict)},
		modelRow{Key: "model_confirm", HeldOut: ratio(m.HeldOut.Confirm, m.HeldOut.Items), CV: ratio(m.CV.Confirm, m.CV.Items), Corpus: ratio(m.Corpus.Confirm, m.Corpus.Items)})
	for _, h := range st.History {
		v.History = append(v.History, modelHist{Version: h.Version, By: h.PromotedBy, At: h.PromotedAt, InForce: h.InForce, RolledBackAt: h.RolledBackAt,
			Group: accuracy(h.HeldOut, "group"), Dangerous: ratio(h.HeldOut.Dangerous, h.HeldOut.Strict)})
	}
	u.render(w, r, rc, http.StatusOK, "model", v)
}

func accuracy(m learn.Measures, k string) string {
	a, ok := m.Accuracy[k]
	if !ok {
		return "—"
	}
	return percentVN(a)
}

func ratio(a, b int) string {
	if b == 0 {
		return "—"
	}
	return strconv.Itoa(a) + "/" + strconv.Itoa(b) + " (" + percentVN(float64(a)/float64(b)) + ")"
}

// percentVN writes a share as Vietnamese read it ("96,9%").
func percentVN(f float64) string {
	return strings.Replace(strconv.FormatFloat(100*f, 'f', 1, 64), ".", ",", 1) + "%"
}

// decimalComma writes a number as Vietnamese read it ("0,95").
func decimalComma(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', -1, 64), ".", ",", 1)
}
