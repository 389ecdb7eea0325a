package derive

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/document"
	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/mailauth"
	"github.com/moj-portal/tiepnhan/internal/pii"
)

// TestRestoredTakesTheTypedReading: a stored message read again for the
// classifier has the message, body and attachments of its stored report
// and the document, sender data and authentication of the store's typed
// reading, whatever the report says of them.
func TestRestoredTakesTheTypedReading(t *testing.T) {
	stored := []byte(`{"message": {"subject": "Tin", "auth": {"dmarc": "fail"}}, "body": {"text": "Nội dung"},
		"attachments": [{"filename": "a.pdf"}], "document": {"found": true, "number_symbol": "1/CV"}, "document_source": "body",
		"submitter": {"name": "Cũ", "missing": ["phone"]}}`)
	rd := finding.Reading{Document: document.Fields{Found: true, NumberSymbol: "08/2025/TT-BTP", SignedOn: "2025-03-01"},
		DocumentSource: "attachment:a.pdf", Submitter: finding.Submitter{Name: "Mới"}, Auth: &mailauth.Result{DMARC: "pass", Trusted: true}}
	res, err := Restored(stored, rd, []string{"văn bản"})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	if r.Message.Subject != "Tin" || r.Body.Text != "Nội dung" || len(r.Attachments) != 1 || res.Texts[0] != "văn bản" {
		t.Errorf("what the report holds of the message was lost: %+v", r)
	}
	if r.Document.NumberSymbol != "08/2025/TT-BTP" || r.DocumentSource != "attachment:a.pdf" || r.Submitter.Name != "Mới" ||
		len(r.Submitter.Missing) != 0 || r.Message.Auth == nil || r.Message.Auth.DMARC != "pass" {
		t.Errorf("the report's document, sender data or authentication, not the typed reading's: %+v %+v %+v", r.Document, r.Submitter, r.Message.Auth)
	}
	in := ClassifyInput(r, res.Texts)
	if in.Document.NumberSymbol != "08/2025/TT-BTP" || in.Submitter.Name != "Mới" {
		t.Errorf("classifier input %+v", in)
	}
	if _, err := Restored([]byte(`{`), rd, nil); err == nil {
		t.Error("an unreadable report read as empty")
	}
}

// TestStoredReadingIsRedacted: what the store keeps typed of a message
// (Result.Stored) is the stored report's, personal values masked even
// when the derivation revealed them (Điều 4 khoản 4), with the sender
// data as read.
func TestStoredReadingIsRedacted(t *testing.T) {
	res := Derive(context.Background(), piiMessage(), Options{ReceivedAt: time.Now(), Reveal: true})
	_, rd := res.Stored(7)
	b, _ := json.Marshal(rd)
	for _, v := range personal {
		if strings.Contains(string(b), v) {
			t.Errorf("stored reading holds %q in clear", v)
		}
	}
	if rd.Submitter.Revealed || rd.Submitter.Name != "Lê Thị Cúc" || rd.Submitter.CitizenID != pii.MaskCitizenID("036190004321") {
		t.Errorf("stored sender data %+v", rd.Submitter)
	}
}
