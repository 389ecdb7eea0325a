package postgres

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/document"
	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/mailauth"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// aReading is a reading with every field set, as derive.Result.Stored
// gives it (personal values masked).
func aReading() finding.Reading {
	at := time.Date(2026, 3, 1, 10, 30, 0, 0, time.UTC)
	return finding.Reading{
		Document: document.Fields{Found: true, Number: "08", Year: 2025, Symbol: "TT-BTP", NumberSymbol: "08/2025/TT-BTP",
			Type: "Thông tư", Issuer: "BỘ TƯ PHÁP", IssuerParent: "CHÍNH PHỦ", Place: "Hà Nội", SignedOn: "2026-02-27",
			Summary: "Quy định về tiếp nhận thông tin", Signer: "Nguyễn Văn A", SignerTitle: "THỨ TRƯỞNG", Authority: "KT.",
			AuthorityFor: "BỘ TRƯỞNG", Secrecy: "MẬT", Urgency: "KHẨN", Addressees: []string{"Ban Biên tập Cổng TTĐT"},
			Recipients: []string{"Như trên", "Cổng TTĐT Bộ (để đăng tải)", "Lưu: VT"}, PortalRecipient: true, PortalForPosting: true,
			Evidence: map[string]string{"number_symbol": "Số: 08/2025/TT-BTP", "secrecy": "MẬT"}},
		DocumentSource: "attachment:tt.pdf",
		Submitter: finding.Submitter{Organization: "Sở Tư pháp", Name: "Trần B", Title: "Chuyên viên", CitizenID: "0012******67",
			Phone: "091****678", Missing: []string{"tax_code", "address"}, Invalid: []string{"phone"}},
		Problems: []finding.Problem{{Code: "signature_invalid", Where: "attachment:tt.pdf", Detail: "altered: x"}, {Code: "garbled_text"}},
		Signatures: []finding.SignedFile{{Filename: "tt.pdf", Signatures: []finding.Signature{
			{Kind: "signature", Signer: "Nguyễn Văn A", SignerKind: "person", Issuer: "CA", SignedAt: &at, SignedAtSource: "signing_time", Valid: true, Trusted: true, CoversWholeFile: true},
			{Kind: "signature", Signer: "BỘ TƯ PHÁP", SignerKind: "organization", Organization: "BỘ TƯ PHÁP", AppendedBytes: 12, Problem: "altered", Detail: "x"},
		}}, {Filename: "b.docx", Signatures: []finding.Signature{{Kind: "document_timestamp", Valid: true}}}},
		Auth: &mailauth.Result{SPF: "pass", DKIM: "fail", DMARC: "pass", Trusted: true, Source: "mx.moj.gov.vn", Aligned: true},
	}
}

// TestReadingStoredTyped: what SaveReadings stores, Reading returns as it
// was given, every field (document, sender data, authentication, problems,
// signatures); a message read again replaces it; a message without
// authentication comes back with Auth nil; one never read is not found.
func TestReadingStoredTyped(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, workday.Zone)
	var mids [3]int64
	for i := range mids {
		sid := seedItem(t, s, i+1, base, `{}`)
		if err := s.Pool.QueryRow(ctx, `SELECT first_message_id FROM submission WHERE id = $1`, sid).Scan(&mids[i]); err != nil {
			t.Fatal(err)
		}
	}
	want := aReading()
	other := finding.Reading{Document: document.Fields{Found: true, NumberSymbol: "1/CV"}, Submitter: finding.Submitter{Missing: []string{"name"}}}
	save := func(rs ...MessageReading) {
		t.Helper()
		if err := pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error { return s.SaveReadings(ctx, tx, rs) }); err != nil {
			t.Fatal(err)
		}
	}
	save(MessageReading{mids[0], other}, MessageReading{mids[1], other})
	save(MessageReading{mids[0], want}) // read again
	got, err := s.Reading(ctx, s.Pool, mids[0])
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normal(got), normal(want)) {
		t.Errorf("stored\n %+v\nread back\n %+v", normal(want), normal(got))
	}
	if f := got.DeadlineFacts(base, ""); f.Class != "admin_document" || !f.SignedAt.Equal(*want.Signatures[0].Signatures[0].SignedAt) {
		t.Errorf("deadline facts of the stored reading: %+v", f)
	}
	got, err = s.Reading(ctx, s.Pool, mids[1])
	if err != nil {
		t.Fatal(err)
	}
	if got.Auth != nil || got.Document.NumberSymbol != "1/CV" || len(got.Signatures) != 0 || got.Submitter.Missing[0] != "name" {
		t.Errorf("second message: %+v", got)
	}
	if _, err := s.Reading(ctx, s.Pool, mids[2]); err == nil {
		t.Error("a message never read has a reading")
	}
	// Several at once: each message its own lists and maps.
	all, err := s.Readings(ctx, s.Pool, mids[:])
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || !reflect.DeepEqual(normal(all[mids[0]]), normal(want)) || !reflect.DeepEqual(normal(all[mids[1]]), normal(got)) {
		t.Errorf("Readings of %v: %+v", mids, all)
	}
}

// normal makes empty lists and maps nil, as a store returns them empty.
func normal(r finding.Reading) finding.Reading {
	for _, l := range []*[]string{&r.Document.Addressees, &r.Document.Recipients, &r.Submitter.Missing, &r.Submitter.Invalid} {
		if len(*l) == 0 {
			*l = nil
		}
	}
	if len(r.Document.Evidence) == 0 {
		r.Document.Evidence = nil
	}
	for i := range r.Signatures {
		for j := range r.Signatures[i].Signatures {
			if at := r.Signatures[i].Signatures[j].SignedAt; at != nil {
				u := at.UTC()
				r.Signatures[i].Signatures[j].SignedAt = &u
			}
		}
	}
	return r
}

// TestReadingMigrationBackfills: migration 00026 on a database whose
// readings live only in the reports stored with the messages fills the
// typed tables from them, so that Reading returns what the report held.
func TestReadingMigrationBackfills(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, workday.Zone)
	sid := seedItem(t, s, 1, base, `{
		"message": {"subject": "x", "auth": {"spf": "pass", "dkim": "fail", "dmarc": "pass", "trusted": true, "source": "mx.moj.gov.vn", "aligned": true}},
		"document": {"found": true, "number": "08", "year": 2025, "symbol": "TT-BTP", "number_symbol": "08/2025/TT-BTP",
			"type": "Thông tư", "issuer": "BỘ TƯ PHÁP", "issuer_parent": "CHÍNH PHỦ", "place": "Hà Nội", "signed_on": "2026-02-27",
			"summary": "Quy định về tiếp nhận thông tin", "signer": "Nguyễn Văn A", "signer_title": "THỨ TRƯỞNG", "authority": "KT.",
			"authority_for": "BỘ TRƯỞNG", "secrecy": "MẬT", "urgency": "KHẨN", "addressees": ["Ban Biên tập Cổng TTĐT"],
			"recipients": ["Như trên", "Cổng TTĐT Bộ (để đăng tải)", "Lưu: VT"], "portal_recipient": true, "portal_for_posting": true,
			"evidence": {"number_symbol": "Số: 08/2025/TT-BTP", "secrecy": "MẬT"}},
		"document_source": "attachment:tt.pdf",
		"submitter": {"organization": "Sở Tư pháp", "name": "Trần B", "title": "Chuyên viên", "tax_code": "", "citizen_id": "0012******67",
			"phone": "091****678", "address": "", "missing": ["tax_code", "address"], "invalid": ["phone"], "revealed": false},
		"problems": [{"code": "signature_invalid", "where": "attachment:tt.pdf", "detail": "altered: x"}, {"code": "garbled_text"}],
		"attachments": [
			{"filename": "tt.pdf", "signatures": [
				{"kind": "signature", "signer": "Nguyễn Văn A", "signer_kind": "person", "organization": "", "issuer": "CA",
				 "signed_at": "2026-03-01T10:30:00Z", "signed_at_source": "signing_time", "timestamped": false, "covers_whole_file": true,
				 "appended_bytes": 0, "valid": true, "trusted": true, "problem": ""},
				{"kind": "signature", "signer": "BỘ TƯ PHÁP", "signer_kind": "organization", "organization": "BỘ TƯ PHÁP", "issuer": "",
				 "signed_at": null, "signed_at_source": "", "timestamped": false, "covers_whole_file": false,
				 "appended_bytes": 12, "valid": false, "trusted": false, "problem": "altered", "detail": "x"}]},
			{"filename": "plain.txt"},
			{"filename": "b.docx", "signatures": [{"kind": "document_timestamp", "valid": true}]}]}`)
	other := seedItem(t, s, 2, base, `{"document": {"found": false, "signed_on": "2026-02-30"}, "submitter": {}}`)
	asBefore(t, s, 26, 0,
		`DROP TABLE message_signature, message_reading`,
	)
	migrateAgain(t, s)
	first := func(sid int64) finding.Reading {
		t.Helper()
		var mid int64
		if err := s.Pool.QueryRow(ctx, `SELECT first_message_id FROM submission WHERE id = $1`, sid).Scan(&mid); err != nil {
			t.Fatal(err)
		}
		r, err := s.Reading(ctx, s.Pool, mid)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if got, want := first(sid), aReading(); !reflect.DeepEqual(normal(got), normal(want)) {
		t.Errorf("backfilled\n %+v\nwant\n %+v", normal(got), normal(want))
	}
	if got := first(other); got.Document.Found || got.Document.SignedOn != "" || got.Auth != nil || len(got.Problems) != 0 {
		t.Errorf("a report without a document, a date that is none: %+v", got)
	}
	// The reports keep what was read of the message, body and attachments.
	var left int
	s.Pool.QueryRow(ctx, `SELECT count(*) FROM message_parsed WHERE derived ?| ARRAY['document', 'document_source', 'submitter', 'problems']
		OR derived -> 'message' ? 'auth' OR derived::text LIKE '%"signatures"%'`).Scan(&left)
	var subject, files string
	s.Pool.QueryRow(ctx, `SELECT p.derived #>> '{message,subject}', p.derived #>> '{attachments,1,filename}' FROM message_parsed p
		JOIN submission s ON s.first_message_id = p.message_id WHERE s.id = $1`, sid).Scan(&subject, &files)
	if left != 0 || subject != "x" || files != "plain.txt" {
		t.Errorf("%d reports still hold what is typed; kept subject %q, attachment %q", left, subject, files)
	}
}
