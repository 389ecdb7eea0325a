// Package pgtest holds the database set-up that the tests of several
// packages share (internal/postgres's own and internal/web's): rows
// written as the pipeline would write them. It does not import
// internal/postgres, so that the tests inside that package can use it.
package pgtest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Store is what ClassifiedAsReported needs of a *postgres.Store.
type Store interface {
	InTx(ctx context.Context, fn func(tx pgx.Tx) error) error
	ProjectClassification(ctx context.Context, tx pgx.Tx, ids []int64) error
}

// ClassifiedAsReported stores the classification and screening a test
// wrote in the report of submission sid's first message
// (message_parsed.derived: "classification", "screening") as the
// machine's, as classify_submission stores them in their table, and
// shows it in the inbox row, as SaveClassification does. A 14.2 ground
// quarantines the item (Điều 14 khoản 2). A report without a
// classification stores none.
func ClassifiedAsReported(t testing.TB, s Store, sid int64) {
	t.Helper()
	ctx := context.Background()
	if err := s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO classification (submission_id, rules_version, kind, category, timing, unit, target, language, reasons, grounds, notes, quarantined, result)
		SELECT s.id, 'test', coalesce(c ->> 'kind', ''), coalesce(c ->> 'category', ''), coalesce(c ->> 'timing', ''), coalesce(c ->> 'unit', ''),
			coalesce(c ->> 'target', ''), coalesce(c ->> 'language', ''), ARRAY(SELECT jsonb_array_elements_text(coalesce(c -> 'reasons', '[]'))),
			ARRAY(SELECT jsonb_array_elements_text(coalesce(g -> 'grounds', '[]'))), ARRAY(SELECT jsonb_array_elements_text(coalesce(g -> 'notes', '[]'))),
			coalesce(g -> 'grounds' ? '14.2', false), '{}'
		FROM submission s JOIN message_parsed p ON p.message_id = s.first_message_id,
			LATERAL (SELECT p.derived -> 'classification' AS c, p.derived -> 'screening' AS g) x
		WHERE s.id = $1 AND c IS NOT NULL`, sid); err != nil {
			return err
		}
		return s.ProjectClassification(ctx, tx, []int64{sid})
	}); err != nil {
		t.Fatal(err)
	}
}
