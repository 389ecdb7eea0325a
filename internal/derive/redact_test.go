package derive

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/mailauth"
	"github.com/moj-portal/tiepnhan/internal/pii"
	"github.com/moj-portal/tiepnhan/internal/sender"
)

// A message whose subject, body and Message-ID carry long digit runs; the
// Message-ID's must survive (threading), the personal ones must not.
func piiMessage() []byte {
	body := "Kính gửi Ban Biên tập,\r\n\r\nĐề nghị đăng tải tin hội nghị.\r\n\r\n" +
		"THÔNG TIN NGƯỜI GỬI (theo khoản 3 Điều 9 Quy chế 1319/QĐ-BTP):\r\n1. Đơn vị/tổ chức: Sở Tư pháp tỉnh Nam Định\r\n" +
		"2. Họ và tên: Lê Thị Cúc\r\n3. Chức danh: Chuyên viên\r\n4. Mã số thuế: 0100109106\r\n5. Căn cước công dân: 036190004321\r\n" +
		"6. Số điện thoại: 0912 345 678\r\n7. Địa chỉ liên lạc: Số 12 đường Hùng Vương, phường Vị Xuyên, Nam Định\r\n"
	return []byte("Received: from mx.example.vn by mx.moj.gov.vn (Postfix); Mon, 2 Mar 2026 09:14:05 +0700\r\n" +
		"Message-ID: <20260302091405.123456789012@mail.example.vn>\r\nDate: Mon, 2 Mar 2026 09:13:00 +0700\r\n" +
		"From: =?UTF-8?B?TMOqIFRo4buLIEPDumM=?= <cuc.stp@example.vn>\r\nTo: banbientap@moj.gov.vn\r\n" +
		"Subject: =?UTF-8?Q?Tin_h=E1=BB=99i_ngh=E1=BB=8B_-_CCCD_036190004321?=\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body)
}

var personal = []string{"036190004321", "0100109106", "0912 345 678", "0912345678", "+84912345678", "Số 12 đường Hùng Vương"}

func TestParsedStoresRedactedReport(t *testing.T) {
	received := time.Date(2026, 3, 2, 9, 14, 5, 0, time.FixedZone("ICT", 7*3600))
	for _, reveal := range []bool{false, true} {
		t.Run(fmt.Sprint("reveal=", reveal), func(t *testing.T) {
			res := Derive(context.Background(), piiMessage(), Options{ReceivedAt: received, Reveal: reveal})
			if res.Report.Submitter.CitizenID != "036190004321" && reveal {
				t.Fatalf("derivation did not read the citizen ID: %+v", res.Report.Submitter)
			}
			p, rd := res.Stored(7)
			// The store seals the bodies: they are given in clear.
			if !strings.Contains(p.TextBody, "036190004321") {
				t.Fatalf("TextBody lost the clear text the store seals: %q", p.TextBody)
			}
			for _, v := range personal {
				if strings.Contains(string(p.Derived), v) {
					t.Errorf("stored report holds %q in clear", v)
				}
				if strings.Contains(p.Subject, v) {
					t.Errorf("stored subject holds %q: %q", v, p.Subject)
				}
			}
			var stored Report
			if err := json.Unmarshal(p.Derived, &stored); err != nil {
				t.Fatal(err)
			}
			r := res.Report
			// Identifiers, digests and instants are kept as they are.
			if stored.Message.MessageID != r.Message.MessageID || !strings.Contains(stored.Message.MessageID, "123456789012") ||
				stored.Message.SHA256 != r.Message.SHA256 || !stored.Message.ReceivedAt.Equal(r.Message.ReceivedAt) {
				t.Errorf("identifiers changed: %q %q %v", stored.Message.MessageID, stored.Message.SHA256, stored.Message.ReceivedAt)
			}
			// Masked values are kept typed (the reading), so the store still
			// tells what was given.
			if rd.Submitter.Revealed || rd.Submitter.CitizenID != pii.MaskCitizenID("036190004321") ||
				rd.Submitter.TaxCode != pii.MaskTaxCode("0100109106") || rd.Submitter.Name != "Lê Thị Cúc" {
				t.Errorf("stored submitter %+v: want masked, not revealed", rd.Submitter)
			}
			if !strings.Contains(stored.Body.Text, "Đề nghị đăng tải tin hội nghị") || !strings.Contains(stored.Body.Text, pii.MaskAddress("Số 12 đường Hùng Vương, phường Vị Xuyên, Nam Định")) {
				t.Errorf("stored body text %q: want the text with the address masked", stored.Body.Text)
			}
			if stored.Message.Subject != p.Subject || !strings.HasPrefix(p.Subject, "Tin hội nghị - CCCD 0361") {
				t.Errorf("subject %q / %q", p.Subject, stored.Message.Subject)
			}
		})
	}
}

// TestStoredReportOfTheCorpusKeepsItsMeaning: on every corpus message the
// stored report holds no 9+ digit run outside identifiers, and differs from
// the report only in masked characters (every other key and value kept:
// deadlines, document fields, problems), without the classification and
// screening, which are stored typed in their own table.
func TestStoredReportOfTheCorpusKeepsItsMeaning(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "*.eml"))
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	long := regexp.MustCompile(`\d{9,}`)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res := Envelope(raw, Options{}) // the fast part: body, subject, attachments list
		res.sender = sender.Extract(res.Report.Body.Text)
		stored := res.Parsed(1).Derived
		var a, b any
		json.Unmarshal(must(json.Marshal(res.Report)), &a)
		stripTyped(a)
		if err := json.Unmarshal(stored, &b); err != nil {
			t.Fatalf("%s: stored report is not JSON: %v", filepath.Base(f), err)
		}
		if d := sameShape(a, b, ""); d != "" {
			t.Errorf("%s: %s", filepath.Base(f), d)
		}
		var sr Report
		json.Unmarshal(stored, &sr)
		sr.Message.MessageID, sr.Message.SHA256, sr.Message.InReplyTo, sr.Message.References = "", "", nil, nil
		for i := range sr.Attachments {
			sr.Attachments[i].SHA256 = ""
		}
		again, _ := json.Marshal(sr)
		if m := long.Find(again); m != nil {
			t.Errorf("%s: stored report holds the digit run %s", filepath.Base(f), m)
		}
	}
}

// sameShape reports where b is not a with some characters masked.
func sameShape(a, b any, path string) string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return path + ": object changed"
		}
		for k := range x {
			if d := sameShape(x[k], y[k], path+"."+k); d != "" {
				return d
			}
		}
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return path + ": array changed"
		}
		for i := range x {
			if d := sameShape(x[i], y[i], fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
	case string:
		y, ok := b.(string)
		if !ok {
			return path + ": string changed type"
		}
		if x != y && pii.Redact(x) != y && !strings.Contains(y, "*") {
			return fmt.Sprintf("%s: %q became %q", path, x, y)
		}
	default:
		if fmt.Sprint(a) != fmt.Sprint(b) {
			return fmt.Sprintf("%s: %v became %v", path, a, b)
		}
	}
	return ""
}

func FuzzRedactJSON(f *testing.F) {
	f.Add([]byte(`{"message":{"message_id":"1234567890123@x","subject":"CCCD 036190004321"},"body":{"text":"0912 345 678"}}`))
	f.Add([]byte(`{"deadlines":[{"due_at":"2026-03-03T17:00:00.123456789+07:00"}]}`))
	f.Add([]byte(`[1, "a", null, true, {"x": ["0100109106-001"]}]`))
	f.Add([]byte(`not json`))
	red := newRedactor(sender.Data{Address: "Số 12 đường Hùng Vương, Nam Định", CitizenID: "036190004321"})
	f.Fuzz(func(t *testing.T, in []byte) {
		out := redactJSON(in, red)
		if !json.Valid(out) {
			t.Fatalf("output is not JSON: %q", out)
		}
		if !json.Valid(in) {
			if !bytes.Equal(out, []byte("{}")) {
				t.Fatalf("invalid input gave %q", out)
			}
			return
		}
		// The same document with characters masked, and no run of nine or
		// more digits left in free text (pii.Redact masks every such run;
		// it is not idempotent: the digits it keeps of a masked number may
		// read as a new one next to other digits, so that is not checked).
		x, y := decodeNumbers(t, in), decodeNumbers(t, out)
		if d := sameShape(x, y, ""); d != "" {
			t.Fatalf("%s", d)
		}
		if s := longRunOutsideIdentifiers(y, false); s != "" {
			t.Fatalf("digit run left in %q", s)
		}
	})
}

func decodeNumbers(t *testing.T, b []byte) any {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // numbers as written: 1E700 is no float64
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%q: %v", b, err)
	}
	return v
}

var nineDigits = regexp.MustCompile(`[0-9]{9,}`)

func longRunOutsideIdentifiers(v any, keep bool) string {
	switch x := v.(type) {
	case string:
		if !keep && !isInstant(x) && nineDigits.MatchString(x) {
			return x
		}
	case []any:
		for _, e := range x {
			if s := longRunOutsideIdentifiers(e, keep); s != "" {
				return s
			}
		}
	case map[string]any:
		for k, e := range x {
			if s := longRunOutsideIdentifiers(e, keep || structuralKeys[k]); s != "" {
				return s
			}
		}
	}
	return ""
}

// TestStoredReportLeavesTheClassificationToItsTable: the report stored
// with a message holds what was read of the message, its body and
// attachments, not the classification and screening (stored once, typed:
// postgres.SaveClassification) nor the document, sender data, problems,
// authentication and signatures (postgres.SaveReadings); inspect's report
// keeps every key.
func TestStoredReportLeavesTheClassificationToItsTable(t *testing.T) {
	res := Envelope([]byte("From: a@b.vn\r\nSubject: Tin\r\n\r\nNội dung.\r\n"), Options{})
	res.Report.Classification.Kind, res.Report.Screening.Grounds = "publish", []string{"14.2"}
	res.Report.Message.Auth = &mailauth.Result{DMARC: "pass"}
	res.Report.Attachments = []Attachment{{Filename: "a.pdf", Signatures: []Signature{{Kind: "signature"}}}}
	res.Report.Document.NumberSymbol = "1/CV"
	p, rd := res.Stored(1)
	var stored map[string]json.RawMessage
	if err := json.Unmarshal(p.Derived, &stored); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"classification", "screening", "document", "document_source", "submitter", "problems"} {
		if _, ok := stored[k]; ok {
			t.Errorf("stored report holds %q", k)
		}
	}
	for _, k := range []string{"message", "body", "attachments"} {
		if _, ok := stored[k]; !ok {
			t.Errorf("stored report lacks what was read (%s)", k)
		}
	}
	if strings.Contains(string(p.Derived), `"auth"`) || strings.Contains(string(p.Derived), `"signatures"`) || !strings.Contains(string(p.Derived), `"a.pdf"`) {
		t.Errorf("stored report %s: want the attachment without its signatures, no authentication", p.Derived)
	}
	if rd.Document.NumberSymbol != "1/CV" || rd.Auth == nil || len(rd.Signatures) != 1 {
		t.Errorf("the typed reading lost what the report no longer holds: %+v", rd)
	}
	full, _ := json.Marshal(res.Report)
	if !strings.Contains(string(full), `"classification":{"kind":"publish"`) {
		t.Errorf("inspect's report lacks its classification: %s", full)
	}
	// inspect without --reveal: masked, with both keys.
	if r := res.Redacted(); r.Classification.Kind != "publish" || len(r.Screening.Grounds) != 1 || r.Screening.Grounds[0] != "14.2" {
		t.Errorf("inspect's redacted report lost its classification or screening: %+v %+v", r.Classification, r.Screening)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// TestStoredReportLeavesTheDeadlinesToTheirTable: the deadlines in force
// are the deadline table's (internal/deadlines, set_deadlines), the one
// source the inbox reads (migration 00011); the report stored with a
// message carries none, while inspect's report, redacted or not, still
// prints the deadlines that apply under "deadlines".
func TestStoredReportLeavesTheDeadlinesToTheirTable(t *testing.T) {
	res := Derive(context.Background(), []byte(sampleMail), Options{Unclassified: true})
	if len(res.Report.Deadlines) == 0 {
		t.Fatal("the sample's report has no deadlines to leave out")
	}
	p, _ := res.Stored(1)
	var stored map[string]json.RawMessage
	if err := json.Unmarshal(p.Derived, &stored); err != nil {
		t.Fatal(err)
	}
	if d, ok := stored["deadlines"]; ok {
		t.Errorf("stored report holds deadlines: %s", d)
	}
	if _, ok := stored["message"]; !ok {
		t.Errorf("stored report lacks what was read: %s", p.Derived)
	}
	for name, r := range map[string]Report{"full": res.Report, "redacted": res.Redacted()} {
		b, _ := json.Marshal(r)
		var out struct {
			Deadlines []Deadline `json:"deadlines"`
		}
		if err := json.Unmarshal(b, &out); err != nil || len(out.Deadlines) != len(res.Report.Deadlines) || out.Deadlines[0].DueAt.IsZero() {
			t.Errorf("inspect's %s report: deadlines %+v (%v), want %d", name, out.Deadlines, err, len(res.Report.Deadlines))
		}
	}
}
