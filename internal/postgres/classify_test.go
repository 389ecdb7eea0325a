package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// classifySeed makes a message with its parsed report and a submission.
func classifySeed(t testing.TB, s *Store, n int, received time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	var mid, sid int64
	if err := s.Pool.QueryRow(ctx, `INSERT INTO message (message_id, sha256, size, received_at, kind) VALUES ($1, $2, 10, $3, 'submission') RETURNING id`,
		fmt.Sprintf("c%d@x.vn", n), fmt.Sprint("c", n), received).Scan(&mid); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool.Exec(ctx, `INSERT INTO message_parsed (message_id, subject, from_addr, text_body, derived) VALUES ($1, $2, 'a@b.vn', 'Kính gửi Ban Biên tập', '{"document": {}}')`,
		mid, fmt.Sprintf("Tin %d", n)); err != nil {
		t.Fatal(err)
	}
	if err := s.Pool.QueryRow(ctx, `INSERT INTO submission (reference, subject, from_addr, received_at, first_message_id) VALUES ($1, $2, 'a@b.vn', $3, $4) RETURNING id`,
		fmt.Sprintf("TN-2026-%06d", n), fmt.Sprintf("Tin %d", n), received, mid).Scan(&sid); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool.Exec(ctx, `UPDATE message SET submission_id = $2 WHERE id = $1`, mid, sid); err != nil {
		t.Fatal(err)
	}
	return sid
}

// unclassified returns a Store on a fresh database and the one submission
// stored there (classifySeed), received now and not classified yet.
func unclassified(t testing.TB) (*Store, int64) {
	t.Helper()
	s := testStore(t)
	return s, classifySeed(t, s, 1, time.Now())
}

func TestSaveClassificationFeedsReportAndTriage(t *testing.T) {
	t.Parallel()
	s, sid := unclassified(t)
	ctx := context.Background()
	r := classify.Result{RulesVersion: "v1", Kind: "publish", Category: "8.3", Timing: "admin_document", Unit: "cuc-qlthads", Target: "standing_board", Language: "vi",
		Reasons: []classify.Reason{{Decision: "kind", Value: "publish", Source: "kind.publish.document", Chosen: true}},
		Screening: classify.Screening{Grounds: []string{"14.2", "14.6"}, Quarantine: true, Flags: []classify.Flag{
			{Ground: "14.2", Message: "có dấu MẬT", Evidence: []string{"dấu \"MẬT\""}},
			{Ground: "14.6", Message: "gửi muộn", ReceivedAt: time.Now(), DueAt: time.Now().Add(-time.Hour), Rule: "10.1"}}}}
	save := func(r classify.Result) {
		tx, err := s.Pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		if err := s.SaveClassification(ctx, tx, sid, r); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	save(r)
	save(r) // a retried job changes nothing
	c, err := s.Classification(ctx, s.Pool, sid)
	if err != nil || !c.Quarantined || c.Result.Unit != "cuc-qlthads" || len(c.Result.Reasons) != 1 {
		t.Fatalf("stored %+v, %v", c, err)
	}
	var flags int
	s.Pool.QueryRow(ctx, `SELECT count(*) FROM screening_flag WHERE submission_id = $1`, sid).Scan(&flags)
	if flags != 2 {
		t.Errorf("%d flags, want 2", flags)
	}
	// The report's public keys and the triage read model follow.
	var kind, unit string
	var grounds []string
	var quarantined bool
	s.Pool.QueryRow(ctx, `SELECT kind, unit, grounds, quarantined FROM triage WHERE submission_id = $1`, sid).Scan(&kind, &unit, &grounds, &quarantined)
	if kind != "publish" || unit != "cuc-qlthads" || !slices.Equal(grounds, []string{"14.2", "14.6"}) || !quarantined {
		t.Errorf("triage: kind %q unit %q grounds %v quarantined %v", kind, unit, grounds, quarantined)
	}
	if q, _ := s.Quarantined(ctx, s.Pool, sid); !q {
		t.Error("not quarantined")
	}

	// A person lifts the quarantine; reclassifying does not put it back.
	tx, _ := s.Pool.Begin(ctx)
	if err := s.DecideQuarantine(ctx, tx, sid, "lifted", "user:ttbbt1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DecideQuarantine(ctx, tx, sid, "maybe", "user:ttbbt1"); err == nil {
		t.Error("decision 'maybe' accepted")
	}
	tx.Commit(ctx)
	save(r)
	if q, _ := s.Quarantined(ctx, s.Pool, sid); q {
		t.Error("reclassification overrode a person's decision")
	}

	// Corrections are recorded with the machine's value and applied.
	tx, _ = s.Pool.Begin(ctx)
	if err := s.RecordCorrection(ctx, tx, sid, "category", "8.1", "user:btv1", "văn bản công bố"); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordCorrection(ctx, tx, sid, "mood", "x", "user:btv1", ""); err == nil {
		t.Error("correction of an unknown field accepted")
	}
	tx.Commit(ctx)
	cs, err := s.Corrections(ctx, s.Pool, time.Now().Add(-time.Hour))
	if err != nil || len(cs) != 1 || cs[0].Machine != "8.3" || cs[0].Corrected != "8.1" || cs[0].RulesVersion != "v1" {
		t.Fatalf("corrections %+v %v", cs, err)
	}
	var cat string
	s.Pool.QueryRow(ctx, `SELECT category FROM classification WHERE submission_id = $1`, sid).Scan(&cat)
	if cat != "8.1" {
		t.Errorf("correction not applied: %q", cat)
	}
}

func TestNearDuplicateCandidates(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	news := "Ngày 11/11/2025, tại Hà Nội, Cục Hành chính tư pháp tổ chức Hội nghị tập huấn nghiệp vụ đăng ký, quản lý hộ tịch cho hơn 300 công chức tư pháp - hộ tịch cấp xã các tỉnh phía Bắc."
	other := "Bộ Tư pháp công khai dự toán ngân sách nhà nước năm 2026 theo quy định của Luật Ngân sách nhà nước, chi tiết theo từng đơn vị dự toán thuộc Bộ."
	s1 := classifySeed(t, s, 1, time.Now())
	s2 := classifySeed(t, s, 2, time.Now())
	tx, _ := s.Pool.Begin(ctx)
	if err := s.SaveFingerprint(ctx, tx, s1, "TN-2026-000001", "Tin 1", time.Now(), classify.NewFingerprint(other)); err != nil {
		t.Fatal(err)
	}
	n, err := s.SavePublished(ctx, tx, []classify.Published{{Link: "https://moj.gov.vn/x?ItemID=1", Title: "Tập huấn hộ tịch", At: time.Now(), Text: news}}, "feed", 0)
	if err != nil || n != 1 {
		t.Fatalf("published %d %v", n, err)
	}
	if n, _ := s.SavePublished(ctx, tx, []classify.Published{{Link: "https://moj.gov.vn/x?ItemID=1", Title: "Tập huấn hộ tịch (sửa)", Text: news}}, "feed", 0); n != 0 {
		t.Errorf("same link counted new again")
	}
	tx.Commit(ctx)
	fp := classify.NewFingerprint("Em gửi lại tin: " + news)
	got, err := s.DuplicateCandidates(ctx, s.Pool, fp, s2, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Source != "published" || got[0].Ref != "https://moj.gov.vn/x?ItemID=1" || len(got[0].Fingerprint.Signature) != classify.SignatureSize {
		t.Fatalf("candidates %+v", got)
	}
	if j, k := classify.Compare(fp, got[0].Fingerprint); j < 0.7 || k < 0.95 {
		t.Errorf("stored fingerprint compares %.2f/%.2f", j, k)
	}
	// A submission is never its own candidate.
	if got, _ := s.DuplicateCandidates(ctx, s.Pool, classify.NewFingerprint(other), s1, 50); len(got) != 0 {
		t.Errorf("self matched: %+v", got)
	}
	// Marking the submission published records it as a published item.
	tx, _ = s.Pool.Begin(ctx)
	if err := s.MarkPublished(ctx, tx, s1, "https://moj.gov.vn/x?ItemID=2", "Công khai dự toán", time.Now()); err != nil {
		t.Fatal(err)
	}
	tx.Commit(ctx)
	got, _ = s.DuplicateCandidates(ctx, s.Pool, classify.NewFingerprint(other), s2, 50)
	refs := []string{}
	for _, c := range got {
		refs = append(refs, c.Source+":"+c.Ref)
	}
	slices.Sort(refs)
	if !slices.Equal(refs, []string{"published:https://moj.gov.vn/x?ItemID=2", "submission:TN-2026-000001"}) {
		t.Errorf("after marking published: %v", refs)
	}
}

func TestRoutingStore(t *testing.T) {
	t.Parallel()
	s, sid := unclassified(t)
	ctx := context.Background()
	tx, _ := s.Pool.Begin(ctx)
	defer tx.Rollback(ctx)

	a := Assignment{SubmissionID: sid, Target: "portal_editor", PersonID: "btv-02", PersonEmail: "btv2@moj.gov.vn", Reason: "phụ trách lĩnh vực"}
	if ok, err := s.Assign(ctx, tx, a); !ok || err != nil {
		t.Fatalf("assign: %v %v", ok, err)
	}
	if ok, err := s.Assign(ctx, tx, Assignment{SubmissionID: sid, Target: "portal_editor", PersonID: "btv-05"}); ok || err != nil {
		t.Fatalf("second assignment made: %v %v", ok, err)
	}
	if l, _ := s.Loads(ctx, tx); l["btv-02"] != 1 || len(l) != 1 {
		t.Errorf("loads %v", l)
	}
	day := workday.Date{Year: 2026, Month: 3, Day: 4}
	if err := s.AddAbsence(ctx, tx, "btv-04", workday.Date{Year: 2026, Month: 3, Day: 2}, day, "nghỉ phép", "admin"); err != nil {
		t.Fatal(err)
	}
	if away, _ := s.Away(ctx, tx, day); !away["btv-04"] || len(away) != 1 {
		t.Errorf("away %v", away)
	}
	if away, _ := s.Away(ctx, tx, day.AddDays(1)); len(away) != 0 {
		t.Errorf("away the day after: %v", away)
	}

	// A forward recorded twice is the same; sent, it threads.
	f, err := s.CreateForward(ctx, tx, Forward{SubmissionID: sid, Unit: "cuc-hctp", To: "cuchctp@moj.gov.vn", MessageID: "TN-2026-000001.chuyen@own", TrackingRef: "TN-2026-000001"})
	if err != nil {
		t.Fatal(err)
	}
	f2, _ := s.CreateForward(ctx, tx, Forward{SubmissionID: sid, Unit: "x", To: "x@x", MessageID: "other@own", TrackingRef: "x"})
	if f2.ID != f.ID || f2.MessageID != f.MessageID {
		t.Errorf("forward recorded twice: %+v %+v", f, f2)
	}
	if err := s.MarkForwardSent(ctx, tx, f, time.Now()); err != nil {
		t.Fatal(err)
	}
	if o, err := s.OutboundFor(ctx, tx, sid, []string{"nothing@x", f.MessageID}); err != nil || o.Kind != "forward" {
		t.Errorf("outbound %+v %v", o, err)
	}
	var fu string
	tx.QueryRow(ctx, `SELECT forwarded_unit FROM triage WHERE submission_id = $1`, sid).Scan(&fu)
	if fu != "cuc-hctp" {
		t.Errorf("triage forwarded_unit %q", fu)
	}
	// With the unit now (Điều 11 khoản 1, bước 2): its liaison answers it.
	if sub, _ := s.Submission(ctx, tx, sid); sub.State != "forwarded" {
		t.Errorf("state after the forward %q, want forwarded", sub.State)
	}

	// Supplement request: one per submission; answered once.
	r, err := s.CreateSupplementRequest(ctx, tx, SupplementRequest{SubmissionID: sid, To: "A@B.vn", MessageID: "TN-2026-000001.bosung@own", Missing: []string{"tax_code"}})
	if err != nil || r.To != "a@b.vn" || r.RequestedAt != nil {
		t.Fatalf("request %+v %v", r, err)
	}
	if err := s.MarkSupplementSent(ctx, tx, r, time.Now()); err != nil {
		t.Fatal(err)
	}
	var mid int64
	tx.QueryRow(ctx, `SELECT first_message_id FROM submission WHERE id = $1`, sid).Scan(&mid)
	if ok, err := s.AcknowledgeForward(ctx, tx, sid, mid, time.Now()); !ok || err != nil {
		t.Fatalf("acknowledge: %v %v", ok, err)
	}
	if ok, _ := s.AcknowledgeForward(ctx, tx, sid, mid, time.Now()); ok {
		t.Error("acknowledged twice")
	}
	if ok, err := s.AnswerSupplement(ctx, tx, sid, mid, time.Now(), []string{"tax_code"}, nil); !ok || err != nil {
		t.Fatalf("answer: %v %v", ok, err)
	}
	if ok, _ := s.AnswerSupplement(ctx, tx, sid, mid, time.Now(), nil, nil); ok {
		t.Error("answered twice")
	}
	got, _ := s.SupplementRequestOf(ctx, tx, sid)
	if got.AnsweredAt == nil || !slices.Equal(got.Supplied, []string{"tax_code"}) || got.RequestedAt == nil {
		t.Errorf("request after answer %+v", got)
	}
	var events []string
	rows, _ := tx.Query(ctx, `SELECT kind FROM submission_event WHERE submission_id = $1 ORDER BY id`, sid)
	for rows.Next() {
		var k string
		rows.Scan(&k)
		events = append(events, k)
	}
	if want := []string{"assigned", "state_changed", "forwarded", "supplement_requested", "forward_acknowledged", "supplement_answered"}; !slices.Equal(events, want) {
		t.Errorf("events %v, want %v", events, want)
	}
}

func TestDirectoryVersions(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	ctx := context.Background()
	seed, err := directory.Seed()
	if err != nil {
		t.Fatal(err)
	}
	d := *seed[0]
	d.EffectiveFrom = workday.Date{Year: 2027, Month: 1, Day: 1}
	d.Source = "sửa đổi 2027"
	tx, _ := s.Pool.Begin(ctx)
	if err := s.SaveDirectoryVersion(ctx, tx, &d, "admin"); err != nil {
		t.Fatal(err)
	}
	tx.Commit(ctx)
	vs, err := s.DirectoryVersions(ctx, s.Pool)
	if err != nil || len(vs) != 1 {
		t.Fatalf("versions %v %v", vs, err)
	}
	got := vs[0]
	if got.EffectiveFrom != d.EffectiveFrom || len(got.Units) != 20 || got.Unit("cuc-qlthads").ComponentSite != "thads.moj.gov.vn" || len(got.People) != len(d.People) {
		t.Errorf("round trip lost data: %+v", got.EffectiveFrom)
	}
	if !strings.Contains(got.Source, "2027") {
		t.Errorf("source %q", got.Source)
	}
}
