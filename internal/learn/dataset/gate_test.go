package dataset_test

import (
	"testing"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/learn"
	"github.com/moj-portal/tiepnhan/internal/learn/dataset"
)

// heldOutFloor are the held-out figures the embedded model must keep: one
// point below those it reached (m2-8a92701bcb5c; on the 136 held-out items
// of the 501-item corpus when it was trained: kind 96.3%, group 89.7%,
// category 69.3%, unit 72.4%, language 100%, 1 dangerous error of 60
// khoản 1 items, 20 of 136 flagged; on the 202 of the 752-item corpus:
// 96.5%, 92.1%, 72.5%, 71.9%, 100%, 1 of 72, 38 of 202 flagged; on the 204
// of the 762-item corpus, with the kind's own fail-safe threshold 0.7:
// 96.6%, 92.2%, 72.5%, 71.6%, 100%, 1 of 72, 8 of 204 flagged), so that
// items appended to the corpus do not fail it but a change of the
// features, the engine or the model file that does worse does. Floors
// only ever rise (unit keeps its floor of the 202 items). The issue's
// targets are logged beside them.
var heldOutFloor = map[string]float64{"kind": 0.956, "group": 0.912, "category": 0.715, "unit": 0.714, "language": 1}

// heldOutMaxDangerous is the most dangerous errors the embedded model may
// make on the held-out items (the trained model's count).
const heldOutMaxDangerous = 1

// heldOutMaxFlagged is the largest share of held-out items the embedded
// model may flag for confirmation: one point above its 8 of 204 (3.9%)
// with the kind's fail-safe threshold of its own (classify.
// DefaultMinKindConfidence 0.7; with the group's 0.95 for both it flagged
// 38, 18.6%). The target, 15%, is logged.
const heldOutMaxFlagged = 0.049

var heldOutTarget = map[string]float64{"kind": 0.97, "group": 0.95, "category": 0.85, "unit": 0.90, "language": 1}

// TestEmbeddedModelHeldOut measures the embedded model on the real
// corpus' held-out items, which it never saw, through the rules engine
// with the service's fail-safe confidence.
func TestEmbeddedModelHeldOut(t *testing.T) {
	env := benchEnv(t)
	env.MinConfidence, env.MinKindConfidence = classify.DefaultMinConfidence, classify.DefaultMinKindConfidence
	held := dataset.Split(realSamples(t), "heldout")
	if len(held) < 100 {
		t.Fatalf("%d held-out items, want at least 100", len(held))
	}
	m, err := learn.Default()
	if err != nil {
		t.Fatal(err)
	}
	got := dataset.Measure(held, dataset.Predict(held, m, env))
	t.Logf("held-out (%d items): %s", len(held), dataset.Summary(got))
	for k, floor := range heldOutFloor {
		a := got.Accuracy[k]
		if a < floor-0.0005 {
			t.Errorf("%s: %.3f on held-out, below the floor %.3f", k, a, floor)
		}
		if a < heldOutTarget[k] {
			t.Logf("%s: %.3f, issue 11 target %.2f not met", k, a, heldOutTarget[k])
		}
	}
	if got.Dangerous > heldOutMaxDangerous {
		t.Errorf("dangerous errors %d of %d khoản 1 items, at most %d", got.Dangerous, got.Strict, heldOutMaxDangerous)
	}
	if 100*got.Dangerous > got.Strict {
		t.Logf("dangerous errors %d/%d: issue 11 target ≤ 1%% not met", got.Dangerous, got.Strict)
	}
	if share := float64(got.Confirm) / float64(got.Items); share > heldOutMaxFlagged {
		t.Errorf("confirmation flags on %d of %d items (%.1f%%), above %.1f%%", got.Confirm, got.Items, 100*share, 100*heldOutMaxFlagged)
	} else if 100*got.Confirm > 15*got.Items {
		t.Logf("confirmation flags on %d of %d items: issue 11 target ≤ 15%% not met", got.Confirm, got.Items)
	}
}
