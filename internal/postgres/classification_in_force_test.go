package postgres

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/finding"
)

// TestPrecedenceMigrationOnAnOlderDatabase: on a database migrated before
// it (the inbox exists, goose applies it out of order), migration 00024
// moves the decisions people took in the inbox rows into
// classification_decision and replaces the refresh that decided the
// precedence in SQL; after it, no trigger function of the inbox names
// classified_by.
func TestPrecedenceMigrationOnAnOlderDatabase(t *testing.T) {
	t.Parallel()
	s, _, board, id := newsItem(t)
	ctx := context.Background()
	// The database as 00035 left it: the person's decision in the inbox
	// row, the refresh deciding, no migration 00024.
	asBefore(t, s, 24, id,
		`DROP TABLE classification_decision`,
		refreshAs("triage_refresh_derived_many", `UPDATE triage t SET kind = CASE WHEN t.classified_by IS NULL THEN 'x' ELSE t.kind END WHERE t.submission_id = ANY(sids)`),
	)
	if _, err := s.Pool.Exec(ctx, `UPDATE triage SET kind = 'query', category = '', timing = 'other', unit = 'vu-pl', target = 'unit', language = 'vi',
		classified_by = $2, classified_at = now() WHERE submission_id = $1`, id, board.AccountID); err != nil {
		t.Fatal(err)
	}
	migrateAgain(t, s)
	var got string
	if err := s.Pool.QueryRow(ctx, `SELECT concat_ws('/', kind, category, timing, unit, target, language, decided_by) FROM classification_decision
		WHERE submission_id = $1`, id).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "query//other/vu-pl/unit/vi/user:lan"; got != want {
		t.Errorf("backfilled decision %s, want %s", got, want)
	}
	if src := functionSource(t, s, "triage_refresh_derived_many"); strings.Contains(src, "classified_by") || strings.Contains(src, "'classification'") {
		t.Errorf("the refresh still decides the classification:\n%s", src)
	}
}

// TestClassificationStoredTyped: the machine's classification and
// screening are stored once, typed, and returned typed (what inspect
// prints under "classification" and "screening"); the report of the
// message is not patched; a correction is a column, which the result
// returned follows.
func TestClassificationStoredTyped(t *testing.T) {
	t.Parallel()
	s, sid := unclassified(t)
	ctx := context.Background()
	r := classify.Result{RulesVersion: "v1", Kind: "publish", Category: "8.3", Timing: "news_event", Unit: "cuc-pbgdpl", Target: "portal_editor",
		Language: "vi", Model: "m3", Confidence: 0.75, NeedsConfirmation: true,
		Reasons:   []classify.Reason{{Decision: "kind", Value: "publish", Source: "kind.publish", Chosen: true}, {Decision: "kind", Value: "query", Source: "kind.query"}},
		Screening: classify.Screening{Grounds: []string{"14.2"}, Quarantine: true, Flags: []classify.Flag{{Ground: "14.2", Message: "có dấu MẬT"}}}}
	if err := s.InTx(ctx, func(tx pgx.Tx) error { return s.SaveClassification(ctx, tx, sid, r) }); err != nil {
		t.Fatal(err)
	}
	c, err := s.Classification(ctx, s.Pool, sid)
	if err != nil {
		t.Fatal(err)
	}
	wantC, wantS := finding.Of(r)
	if !reflect.DeepEqual(c.Classification, wantC) || !reflect.DeepEqual(c.Screening, wantS) {
		t.Errorf("stored\n%+v %+v\nwant\n%+v %+v", c.Classification, c.Screening, wantC, wantS)
	}
	if len(c.Classification.Reasons) != 1 || len(c.Screening.Notes) != 1 {
		t.Errorf("reasons %v notes %v: want the chosen reason and one note", c.Classification.Reasons, c.Screening.Notes)
	}
	var patched bool
	s.Pool.QueryRow(ctx, `SELECT p.derived ? 'classification' OR p.derived ? 'screening' FROM message_parsed p JOIN submission s
		ON p.message_id = s.first_message_id WHERE s.id = $1`, sid).Scan(&patched)
	if patched {
		t.Error("the report of the message was patched with the classification")
	}
	if err := s.InTx(ctx, func(tx pgx.Tx) error { return s.RecordCorrection(ctx, tx, sid, "unit", "cuc-htpt", "user:lan", "") }); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Classification(ctx, s.Pool, sid); c.Classification.Unit != "cuc-htpt" || c.Result.Unit != "cuc-htpt" {
		t.Errorf("after a correction: %q / result %q, want cuc-htpt", c.Classification.Unit, c.Result.Unit)
	}
	var result string
	s.Pool.QueryRow(ctx, `SELECT result ->> 'unit' FROM classification WHERE submission_id = $1`, sid).Scan(&result)
	if result != "cuc-pbgdpl" {
		t.Errorf("the result JSON was patched: %q", result)
	}
}

// TestTypedClassificationMigrationBackfills: on a database migrated
// before it, 00025 fills the typed evidence and screening of each
// classification from its report and leaves the reports what was read.
func TestTypedClassificationMigrationBackfills(t *testing.T) {
	t.Parallel()
	s, _, _, id := newsItem(t, "14.4")
	ctx := context.Background()
	asBefore(t, s, 25, id,
		`ALTER TABLE classification DROP COLUMN reasons, DROP COLUMN grounds, DROP COLUMN notes`,
		`UPDATE message_parsed SET derived = derived || '{"classification": {"kind": "publish", "reasons": ["kind = publish ← r1"]},
			"screening": {"grounds": ["14.4"], "notes": ["trùng tin đã đăng"]}}'`,
	)
	migrateAgain(t, s)
	c, err := s.Classification(ctx, s.Pool, id)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Classification.Reasons, []string{"kind = publish ← r1"}) || !slices.Equal(c.Screening.Grounds, []string{"14.4"}) ||
		!slices.Equal(c.Screening.Notes, []string{"trùng tin đã đăng"}) {
		t.Errorf("backfilled %+v %+v", c.Classification, c.Screening)
	}
	var left int
	s.Pool.QueryRow(ctx, `SELECT count(*) FROM message_parsed WHERE derived ? 'classification' OR derived ? 'screening'`).Scan(&left)
	if left != 0 {
		t.Errorf("%d reports still hold a classification", left)
	}
	var grounds []string
	s.Pool.QueryRow(ctx, `SELECT grounds FROM triage WHERE submission_id = $1`, id).Scan(&grounds)
	if !slices.Equal(grounds, []string{"14.4"}) {
		t.Errorf("inbox grounds %v after the reports lost their screening", grounds)
	}
}
