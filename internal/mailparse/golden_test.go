package mailparse

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// summary is the golden view of a Message: everything but the attachment
// bytes (replaced by size and hash), dates in RFC 3339.
type summary struct {
	MessageID     string          `json:"message_id"`
	From          Address         `json:"from"`
	To            []Address       `json:"to,omitempty"`
	Cc            []Address       `json:"cc,omitempty"`
	ReplyTo       []Address       `json:"reply_to,omitempty"`
	Subject       string          `json:"subject"`
	Date          string          `json:"date"`
	ReceivedDate  string          `json:"received_date,omitempty"`
	InReplyTo     []string        `json:"in_reply_to,omitempty"`
	References    []string        `json:"references,omitempty"`
	ListID        string          `json:"list_id,omitempty"`
	ReturnPath    string          `json:"return_path,omitempty"`
	HeaderCount   int             `json:"header_count"`
	AutoSubmitted bool            `json:"auto_submitted"`
	AutoReason    string          `json:"auto_reason,omitempty"`
	Text          string          `json:"text"`
	HTML          string          `json:"html,omitempty"`
	HTMLText      string          `json:"html_text,omitempty"`
	Attachments   []attachSummary `json:"attachments,omitempty"`
	Problems      []Problem       `json:"problems,omitempty"`
}

type attachSummary struct {
	Path        string   `json:"path"`
	Filename    string   `json:"filename"`
	ContentType string   `json:"content_type"`
	Disposition string   `json:"disposition,omitempty"`
	ContentID   string   `json:"content_id,omitempty"`
	Size        int64    `json:"size"`
	SHA256      string   `json:"sha256"`
	FromTNEF    bool     `json:"from_tnef,omitempty"`
	Nested      bool     `json:"nested,omitempty"`
	Message     *summary `json:"message,omitempty"`
}

func fmtDate(d Date) string {
	if !d.OK {
		if d.Raw == "" {
			return ""
		}
		return "unreadable: " + d.Raw
	}
	return d.Time.Format(time.RFC3339)
}

func summarize(m *Message) *summary {
	s := &summary{
		MessageID: m.MessageID, From: m.From, To: m.To, Cc: m.Cc, ReplyTo: m.ReplyTo,
		Subject: m.Subject, Date: fmtDate(m.Date), ReceivedDate: fmtDate(m.ReceivedDate),
		InReplyTo: m.InReplyTo, References: m.References, ListID: m.ListID, ReturnPath: m.ReturnPath,
		HeaderCount: len(m.Header), AutoSubmitted: m.AutoSubmitted, AutoReason: m.AutoReason,
		Text: m.Text, HTML: m.HTML, HTMLText: m.HTMLText, Problems: m.Problems,
	}
	for _, a := range m.Attachments {
		as := attachSummary{
			Path: a.Path, Filename: a.Filename, ContentType: a.ContentType, Disposition: a.Disposition,
			ContentID: a.ContentID, Size: a.Size, SHA256: a.SHA256, FromTNEF: a.FromTNEF, Nested: a.Nested,
		}
		if a.Message != nil {
			as.Message = summarize(a.Message)
			as.Message.Problems = nil // already listed in the parent
		}
		s.Attachments = append(s.Attachments, as)
	}
	return s
}

func emlFiles(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join("testdata", "*.eml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/*.eml: %v", err)
	}
	return files
}

// TestGolden parses every testdata/*.eml and compares a JSON summary with
// testdata/<name>.golden (refresh with go test -update).
func TestGolden(t *testing.T) {
	for _, file := range emlFiles(t) {
		name := strings.TrimSuffix(filepath.Base(file), ".eml")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Parse(bytes.NewReader(raw), Options{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got, err := json.MarshalIndent(summarize(m), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("missing golden file (run go test -update): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("summary differs from %s:\n%s", golden, got)
			}
		})
	}
}
