// Package realcorpus reads and checks the real-text corpus of
// testdata/realcorpus: real titles and leads of public Vietnamese (and some
// English) texts of the kinds the Editorial Board receives, each labelled by
// hand under Quy chế 1319/QĐ-BTP (kind: Điều 11 khoản 1 and Điều 15; timing:
// Điều 10 and 13; category: Điều 8; unit: the directory's units) and wrapped
// in an invented e-mail. The format is testdata/realcorpus/LABELLING.md.
package realcorpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// Labels are the hand-set labels of one item.
type Labels struct {
	Kind     string `json:"kind"`     // publish|query|complaint|other (Điều 11 khoản 1, Điều 15)
	Timing   string `json:"timing"`   // direction|admin_document|news_event|other (Điều 10, 13)
	Category string `json:"category"` // 8.1–8.5 for kind publish, else "" (Điều 8)
	Unit     string `json:"unit"`     // unit code of the directory, or ""
	Language string `json:"language"` // vi|en
}

// Mail is the e-mail an item is wrapped in: cover note and sender are
// invented, the title and lead inside the body are the real text.
type Mail struct {
	From     string `json:"from"`
	FromName string `json:"from_name"`
	Subject  string `json:"subject"`
	Body     string `json:"body"`
}

// Item is one line of items.jsonl.
type Item struct {
	ID            string `json:"id"`
	SourceURL     string `json:"source_url"`
	SourceSite    string `json:"source_site"`
	SourceSection string `json:"source_section"`
	Retrieved     string `json:"retrieved"`
	Published     string `json:"published"`
	Title         string `json:"title"`
	Lead          string `json:"lead"`
	Labels        Labels `json:"labels"`
	Split         string `json:"split"`
	Mail          Mail   `json:"mail"`
}

// Split values.
const (
	Train   = "train"
	Heldout = "heldout"
)

// Label vocabularies (config/classify.rules.toml, testdata/corpus/labels.toml).
var (
	Kinds      = []string{"publish", "query", "complaint", "other"}
	Timings    = []string{"direction", "admin_document", "news_event", "other"}
	Categories = []string{"8.1", "8.2", "8.3", "8.4", "8.5"}
	Languages  = []string{"vi", "en"}
)

// Read decodes items.jsonl strictly: unknown fields, trailing data and blank
// lines are errors, so that a hand edit that breaks the format is caught.
func Read(r io.Reader) ([]Item, error) {
	var out []Item
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		var it Item
		if err := dec.Decode(&it); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("line %d: trailing data after the object", n)
		}
		out = append(out, it)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read items: %w", err)
	}
	return out, nil
}

// Write encodes items one per line, in the given order.
func Write(w io.Writer, items []Item) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			return fmt.Errorf("write %s: %w", it.ID, err)
		}
	}
	return nil
}
