// Package dataset turns the labelled corpora into what the learned
// classifier (internal/learn) trains and is measured on: the real-text
// corpus (testdata/realcorpus/items.jsonl, its held-out split fixed by
// the corpus' authors), the self-written mails of testdata/corpus and the
// staff's corrections. Every message goes through the same derivation as
// the pipeline's (derive.Envelope and Read), so a model sees in training
// exactly what it sees in service.
package dataset

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"os"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/realcorpus"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Sample is one labelled message.
type Sample struct {
	ID string
	// Source is "realcorpus", "corpus" or "correction"; Split is "train"
	// or "heldout".
	Source, Split string
	Input         classify.Input
	// Labels are the true values per decision ("" when not labelled).
	Labels map[classify.Decision]string
	// Target is the true target when labelled (testdata/corpus).
	Target string
}

// LoadReal reads items.jsonl (internal/realcorpus' format and reader); a
// missing file is no items.
func LoadReal(path string) ([]realcorpus.Item, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	items, err := realcorpus.Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return items, nil
}

// ReceivedAt is when an item is taken as received: 09:00 in Hà Nội on its
// publication date, else its retrieval date.
func ReceivedAt(it realcorpus.Item) time.Time {
	loc := workday.Zone
	for _, d := range []string{it.Published, it.Retrieved} {
		if t, err := time.ParseInLocation("2006-01-02", d, loc); err == nil {
			return t.Add(9 * time.Hour)
		}
	}
	return time.Date(2026, 1, 12, 9, 0, 0, 0, loc)
}

// Message is an item's mail as RFC 5322 bytes (RFC 2047 encoded words in
// the header, UTF-8 body).
func Message(it realcorpus.Item) []byte {
	var b bytes.Buffer
	from := it.Mail.From
	if it.Mail.FromName != "" {
		from = mime.QEncoding.Encode("utf-8", it.Mail.FromName) + " <" + it.Mail.From + ">"
	}
	fmt.Fprintf(&b, "From: %s\r\nTo: banbientap@moj.gov.vn\r\nSubject: %s\r\n", from, mime.BEncoding.Encode("utf-8", it.Mail.Subject))
	fmt.Fprintf(&b, "Date: %s\r\nMessage-ID: <%s@realcorpus.invalid>\r\nMIME-Version: 1.0\r\n", ReceivedAt(it).Format(time.RFC1123Z), it.ID)
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(strings.ReplaceAll(it.Mail.Body, "\r\n", "\n"), "\n", "\r\n"))
	b.WriteString("\r\n")
	return b.Bytes()
}

// RealSamples derives every item as the pipeline would.
func RealSamples(ctx context.Context, items []realcorpus.Item) []Sample {
	out := make([]Sample, 0, len(items))
	for _, it := range items {
		opts := derive.Options{ReceivedAt: ReceivedAt(it), KeepText: true}
		res := derive.Envelope(Message(it), opts)
		derive.Read(ctx, &res, opts)
		l := it.Labels
		out = append(out, Sample{ID: it.ID, Source: "realcorpus", Split: it.Split, Input: derive.ClassifyInput(res.Report, res.Texts),
			Labels: map[classify.Decision]string{classify.DecideKind: l.Kind, classify.DecideTiming: publishOnly(l.Kind, l.Timing),
				classify.DecideCategory: publishOnly(l.Kind, l.Category), classify.DecideUnit: l.Unit, classify.DecideLanguage: l.Language}})
	}
	return out
}

// publishOnly keeps a timing class or category of an item for posting:
// the engine decides them for such items only (a query's class is that of
// its deadline, Điều 13 khoản 2).
func publishOnly(kind, v string) string {
	if kind != "publish" {
		return ""
	}
	return v
}
