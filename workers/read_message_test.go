package workers_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/mailparse"
	"github.com/moj-portal/tiepnhan/workers"
)

// TestReadMessageDoesNotParseAgain: read_message reads the attachments of
// a message from what parse_message stored (the outline, issue 10: MIME
// parsed once) and the spans of the raw mail. The mail stored is blinded:
// only its header and the PDF's span are left, so a MIME parse of it finds
// no PDF; parse_message is shown the whole mail. The PDF is read all the
// same: its text, its document fields.
func TestReadMessageDoesNotParseAgain(t *testing.T) {
	raw, err := os.ReadFile("../testdata/corpus/025-cv-dieu-uoc-gui-thu-bay.eml")
	if err != nil {
		t.Fatal(err)
	}
	whole := derive.Envelope(raw, derive.Options{})
	blinded := blindMail(raw, whole.Message)
	if n := len(derive.Envelope(blinded, derive.Options{}).Report.Attachments); n != 0 || len(whole.Report.Attachments) != 1 {
		t.Fatalf("attachments: %d parsed from the blinded mail, %d from the whole; want 0 and 1", n, len(whole.Report.Attachments))
	}
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	workers.SetParser(h.deps, func(r []byte, opts derive.Options) derive.Result {
		if bytes.Equal(r, blinded) {
			r = raw // parse_message sees the mail as it came
		}
		return derive.Envelope(r, opts)
	})
	var ids []int64
	collect := func(_ context.Context, _ pgx.Tx, got []int64) error { ids = append(ids, got...); return nil }
	if _, _, err := h.store.InsertManual(ctx, intake.RawMessage{
		ReceivedAt: time.Now(), Size: int64(len(blinded)), Raw: blinded,
		SHA256: intake.HashRaw(blinded), MessageID: intake.HeaderMessageID(blinded),
	}, "test", collect); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.Insert(ctx, jobs.ParseMessageArgs{MessageIDs: ids}, nil); err != nil {
		t.Fatal(err)
	}
	h.settle()

	var method string
	var read bool
	if err := h.store.Pool.QueryRow(ctx, `SELECT a.method, p.read_at IS NOT NULL
		FROM message_parsed p JOIN attachment a ON a.message_id = p.message_id AND a.idx = 0 WHERE p.message_id = $1`, ids[0]).Scan(&method, &read); err != nil {
		h.dumpJobs()
		t.Fatalf("the PDF is not listed after reading: %v", err)
	}
	reading, err := h.store.Reading(ctx, h.store.Pool, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	number := reading.Document.NumberSymbol
	texts, err := h.store.AttachmentTexts(ctx, h.store.Pool, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if !read || method == "" || len(texts) != 1 || !strings.Contains(texts[0], "88/PLQT") || number != "88/PLQT-ĐƯ" {
		t.Errorf("read %v, method %q, number %q, texts %d %.80q", read, method, number, len(texts), texts)
	}
}

// blindMail keeps of raw its header section and the attachments' bodies
// (their spans); every other byte is overwritten.
func blindMail(raw []byte, m *mailparse.Message) []byte {
	out := bytes.Repeat([]byte{'x'}, len(raw))
	head := bytes.Index(raw, []byte("\r\n\r\n"))
	if i := bytes.Index(raw, []byte("\n\n")); head < 0 || (i >= 0 && i < head) {
		head = i
	}
	copy(out, raw[:max(head, 0)])
	for _, a := range m.Attachments {
		if s := a.Span; !s.IsZero() {
			copy(out[s.Start:s.End], raw[s.Start:s.End])
		}
	}
	return out
}
