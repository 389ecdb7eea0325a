package derive_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/mailparse"
)

// blind keeps of raw only what Reopen may read: the top header section
// (mailauth reads it) and the bodies of the attachments Read reads, by
// their spans; every other byte — part headers, boundaries, bodies — is
// overwritten. A MIME parse of the result does not find the attachments of
// raw, so a reading of it that equals the reading of raw did not parse it.
func blind(raw []byte, m *mailparse.Message) []byte {
	out := bytes.Repeat([]byte{'x'}, len(raw))
	head := bytes.Index(raw, []byte("\r\n\r\n"))
	if i := bytes.Index(raw, []byte("\n\n")); head < 0 || (i >= 0 && i < head) {
		head = i
	}
	if head < 0 {
		head = len(raw)
	}
	copy(out, raw[:head])
	for _, a := range m.Attachments {
		if s := a.Span; !s.IsZero() {
			copy(out[s.Start:s.End], raw[s.Start:s.End])
		}
	}
	return out
}

func corpusFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, g := range []string{filepath.Join(corpusDir, "*.eml"), filepath.Join("..", "mailparse", "testdata", "*.eml")} {
		fs, _ := filepath.Glob(g)
		files = append(files, fs...)
	}
	if len(files) == 0 {
		t.Skip("no sample messages")
	}
	return files
}

// TestReopenWithoutParsing: for every sample message, the envelope Reopen
// rebuilds from what parse_message stores (Result.Parsed) and a raw mail
// blinded outside the header and the spans of the attachments to read is
// the envelope of a full parse of the raw mail, attachment bytes included.
// Files unpacked from winmail.dat are decoded again from their container.
// Only a message with a file to read that is not a run of the raw mail (a
// part of a transfer-encoded nested message) is refused, and is parsed
// again by Reread.
func TestReopenWithoutParsing(t *testing.T) {
	reopened, refused, parts, tnef := 0, 0, 0, 0
	for _, f := range corpusFiles(t) {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		opts := derive.Options{SHA256: intake.HashRaw(raw)}
		full := derive.Envelope(raw, opts)
		stored := full.Parsed(1)
		if full.Message == nil || stored.Kind != intake.MessageKindSubmission {
			if stored.Outline != nil {
				t.Errorf("%s: an outline stored for a %s message", name, stored.Kind)
			}
			continue
		}
		blinded := blind(raw, full.Message)
		if len(full.Report.Attachments) > 0 && jsonOf(t, derive.Envelope(blinded, opts).Report.Attachments) == jsonOf(t, full.Report.Attachments) {
			t.Fatalf("%s: the blinded mail still parses to the same attachments", name)
		}
		got, ok := derive.Reopen(blinded, stored, opts)
		if !ok {
			refused++
			unspanned := false
			for _, a := range full.Message.Attachments {
				unspanned = unspanned || (a.Span.IsZero() && a.Size > 0 && a.Nested)
			}
			if !unspanned {
				t.Errorf("%s: refused, yet every part is a run of the raw mail", name)
			}
			continue
		}
		reopened++
		if w, g := jsonOf(t, full.Report), jsonOf(t, got.Report); w != g {
			t.Errorf("%s: envelope differs\nparsed:   %s\nreopened: %s", name, w, g)
		}
		for i, a := range got.Message.Attachments {
			want := full.Message.Attachments[i]
			if a.Data == nil {
				continue // not read (a signature, a parsed nested message, an unpacked winmail.dat, empty)
			}
			parts++
			if a.FromTNEF {
				tnef++
			}
			if !bytes.Equal(a.Data, want.Data) || a.Filename != want.Filename || a.ContentType != want.ContentType || a.Path != want.Path {
				t.Errorf("%s %s: attachment differs from the parsed one", name, a.Path)
			}
		}
	}
	if reopened == 0 || parts == 0 || tnef == 0 {
		t.Fatalf("%d messages, %d attachments, %d winmail.dat files reopened", reopened, parts, tnef)
	}
	t.Logf("%d messages reopened (%d attachments decoded from spans, %d of them files of winmail.dat), %d parsed again", reopened, parts, tnef, refused)
}

// TestRereadEqualsDerive: what read_message stores of a message read by
// Reread from the blinded raw mail and what parse_message stored (without
// a second parse) equals what it stored of a full Derive before: report,
// reading kept typed, texts, flags, search text and outline.
func TestRereadEqualsDerive(t *testing.T) {
	if testing.Short() {
		t.Skip("reads every attachment of the corpus twice")
	}
	ctx := context.Background()
	for _, f := range corpusFiles(t) {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		opts := derive.Options{SHA256: intake.HashRaw(raw), Unclassified: true}
		env := derive.Envelope(raw, opts)
		stored := env.Parsed(1)
		if stored.Kind != intake.MessageKindSubmission {
			continue
		}
		in := raw
		if _, ok := derive.Reopen(blind(raw, env.Message), stored, opts); ok {
			in = blind(raw, env.Message)
		}
		want, wantRead := derive.Derive(ctx, raw, opts).Stored(1)
		got, gotRead := derive.Reread(ctx, in, stored, opts).Stored(1)
		if !reflect.DeepEqual(gotRead, wantRead) {
			t.Errorf("%s: reading stored typed differs\nderive: %+v\nreread: %+v", name, wantRead, gotRead)
		}
		if want.Date != nil && got.Date != nil && want.Date.Equal(*got.Date) {
			got.Date = want.Date // the same instant; "+0000" comes back as "Z" (UTC)
		}
		w, g := reflect.ValueOf(want), reflect.ValueOf(got)
		for i := range w.NumField() {
			if !reflect.DeepEqual(w.Field(i).Interface(), g.Field(i).Interface()) {
				t.Errorf("%s: %s stored differs\nderive: %+v\nreread: %+v", name, w.Type().Field(i).Name, w.Field(i).Interface(), g.Field(i).Interface())
			}
		}
	}
}

// A stored outline of another layout, or none, is refused (the message
// is parsed again), and so is one whose spans no longer match the mail.
func TestReopenRefuses(t *testing.T) {
	raw := []byte("From: a@b.vn\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n")
	stored := derive.Envelope(raw, derive.Options{}).Parsed(1)
	if _, ok := derive.Reopen(raw, stored, derive.Options{}); !ok {
		t.Fatal("the outline as stored is refused")
	}
	for name, p := range map[string]intake.ParsedMessage{
		"none":  {TextBody: stored.TextBody},
		"v2":    {Outline: bytes.Replace(stored.Outline, []byte(`"v":1`), []byte(`"v":2`), 1)},
		"bytes": stored,
	} {
		in := raw
		if name == "bytes" {
			in = bytes.Replace(raw, []byte("JVBERi0xLjQK"), []byte("JVBERi0xLjUK"), 1)
		}
		if _, ok := derive.Reopen(in, p, derive.Options{}); ok {
			t.Errorf("%s: reopened", name)
		}
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// BenchmarkReadEnvelope is the part of read_message before extraction,
// per corpus message: "parse" parses the raw mail again (Envelope, as
// read_message did before outlines), "reopen" rebuilds it from the stored
// outline and spans (Reopen). A op is the whole corpus.
func BenchmarkReadEnvelope(b *testing.B) {
	type msg struct {
		raw    []byte
		stored intake.ParsedMessage
	}
	var msgs []msg
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.eml"))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if p := derive.Envelope(raw, derive.Options{}).Parsed(1); p.Kind == intake.MessageKindSubmission {
			msgs = append(msgs, msg{raw, p})
		}
	}
	if len(msgs) == 0 {
		b.Skip("no corpus")
	}
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			for _, m := range msgs {
				derive.Envelope(m.raw, derive.Options{SHA256: "x"})
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(msgs)), "µs/msg")
	})
	b.Run("reopen", func(b *testing.B) {
		for b.Loop() {
			for _, m := range msgs {
				if _, ok := derive.Reopen(m.raw, m.stored, derive.Options{SHA256: "x"}); !ok {
					derive.Envelope(m.raw, derive.Options{SHA256: "x"})
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(msgs)), "µs/msg")
	})
	b.Run("parse_and_outline", func(b *testing.B) {
		for b.Loop() {
			for _, m := range msgs {
				derive.Envelope(m.raw, derive.Options{SHA256: "x"}).Parsed(1)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(msgs)), "µs/msg")
	})
}

// TestOpenAttachmentWithoutParsing: the item page's download of each
// attachment of every sample message (derive.OpenAttachment) gives the
// bytes, name and type of a full parse. With the stored outline, a part
// that is a run of the raw mail is decoded from a raw mail blinded outside
// its span: no MIME parse.
// Without an outline, the raw mail is parsed. An index past the last
// attachment is none.
func TestOpenAttachmentWithoutParsing(t *testing.T) {
	spanned, parsed := 0, 0
	for _, f := range corpusFiles(t) {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		full := derive.Envelope(raw, derive.Options{SHA256: intake.HashRaw(raw)})
		stored := full.Parsed(1)
		if full.Message == nil || stored.Outline == nil {
			continue
		}
		blinded := blind(raw, full.Message)
		all := full.Message.Attachments
		for i, want := range all {
			input := raw
			if !want.Span.IsZero() && !want.FromTNEF {
				input = blinded
			}
			for _, outline := range [][]byte{stored.Outline, nil} {
				if outline == nil {
					input = raw
				}
				got, ok := derive.OpenAttachment(input, outline, i)
				if !ok {
					t.Errorf("%s attachment %d (outline %v): none", name, i, outline != nil)
					continue
				}
				if !bytes.Equal(got.Data, want.Data) || got.Filename != want.Filename || got.ContentType != want.ContentType || got.Path != want.Path {
					t.Errorf("%s attachment %d (outline %v): %q %s %d bytes, want %q %s %d bytes", name, i, outline != nil,
						got.Filename, got.ContentType, len(got.Data), want.Filename, want.ContentType, len(want.Data))
				}
				if outline != nil && &input[0] == &blinded[0] {
					spanned++
				} else {
					parsed++
				}
			}
		}
		if _, ok := derive.OpenAttachment(raw, stored.Outline, len(all)); ok {
			t.Errorf("%s: attachment %d found past the last one", name, len(all))
		}
	}
	if spanned == 0 || parsed == 0 {
		t.Fatalf("%d attachments opened from their spans, %d by parsing", spanned, parsed)
	}
	t.Logf("%d attachments opened from their spans without parsing, %d by parsing", spanned, parsed)
}
