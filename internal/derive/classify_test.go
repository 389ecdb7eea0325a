package derive

import (
	"context"
	"testing"

	"github.com/moj-portal/tiepnhan/internal/classify"
)

const sampleMail = "From: Sở Tư pháp <stp@hanoi.gov.vn>\r\nTo: banbientap@moj.gov.vn\r\nSubject: Đăng tin hội nghị phổ biến pháp luật\r\n" +
	"Date: Mon, 2 Mar 2026 09:00:00 +0700\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nKính gửi Ban Biên tập, đề nghị đăng tin hội nghị.\r\n"

// TestDeriveUnclassified: the service's read leaves the classification to
// classify_submission (one computation per key); inspect classifies.
func TestDeriveUnclassified(t *testing.T) {
	ctx := context.Background()
	if r := Derive(ctx, []byte(sampleMail), Options{Unclassified: true}).Report; r.Classification.Kind != "" || len(r.Deadlines) == 0 {
		t.Errorf("unclassified read: kind %q, %d deadlines; want no kind and the deadlines", r.Classification.Kind, len(r.Deadlines))
	}
	if r := Derive(ctx, []byte(sampleMail), Options{}).Report; r.Classification.Kind == "" {
		t.Error("inspect's derivation lost its classification")
	}
}

// TestClassifierKey: the key changes with the rules' version, the model's
// and what was read, and only with them.
func TestClassifierKey(t *testing.T) {
	c, err := DefaultClassifier()
	if err != nil {
		t.Fatal(err)
	}
	res := Derive(context.Background(), []byte(sampleMail), Options{Unclassified: true})
	k := c.Key(&res, nil)
	if k == "" || c.Key(&res, nil) != k {
		t.Fatalf("key %q not stable", k)
	}
	rs := *c.Rules()
	rs.Version += "-b"
	other := *c
	other.Rules = func() *classify.Rules { return &rs }
	if other.Key(&res, nil) == k {
		t.Error("same key under other rules")
	}
	other = *c
	other.Model = nil
	if other.Key(&res, nil) == k {
		t.Error("same key without the model")
	}
	read := res
	read.Report.Body.Text = "một văn bản khác"
	if c.Key(&read, nil) == k {
		t.Error("same key for another text read")
	}
}
