package dataset_test

import (
	"testing"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/learn"
	"github.com/moj-portal/tiepnhan/internal/learn/dataset"
)

// heldOutFloor are the held-out figures the embedded model must keep: one
// point below those it reached when it was trained (m2-8a92701bcb5c, on the
// 501-item corpus: kind 96.3%, group 89.7%, category 69.3%, unit 72.4%,
// language 100%, 1 dangerous error of 60 khoản 1 items, 20 of 136 flagged;
// before it m1-8cdf02c2daf0: 96.3%, 89.0%, 65.9%, 71.5%, 100%, 5 of 60),
// so that items appended to the corpus do not fail it but a change of the
// features, the engine or the model file that does worse does. Floors
// only ever rise. The targets are logged beside them.
var heldOutFloor = map[string]float64{"kind": 0.953, "group": 0.887, "category": 0.683, "unit": 0.714, "language": 1}

// heldOutMaxDangerous is the most dangerous errors the embedded model may
// make on the held-out items (the trained model's count).
const heldOutMaxDangerous = 1

var heldOutTarget = map[string]float64{"kind": 0.97, "group": 0.95, "category": 0.85, "unit": 0.90, "language": 1}

// TestEmbeddedModelHeldOut measures the embedded model on the real
// corpus' held-out items, which it never saw, through the rules engine
// with the service's fail-safe confidence.
func TestEmbeddedModelHeldOut(t *testing.T) {
	env := benchEnv(t)
	env.MinConfidence = classify.DefaultMinConfidence
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
	if 100*got.Confirm > 15*got.Items {
		t.Errorf("confirmation flags on %d of %d items, above 15%%", got.Confirm, got.Items)
	}
}
