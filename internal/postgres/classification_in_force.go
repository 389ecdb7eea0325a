package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/finding"
)

// ClassificationSources are what the classification in force of one
// submission is made of: the machine's, as stored by classify_submission
// (Stored false before), and the decision a person took in the UI (nil
// when none). Quarantined is the stored quarantine, a person's decision
// included (DecideQuarantine).
type ClassificationSources struct {
	Stored      bool
	Machine     finding.Classification
	Screening   finding.Screening
	Quarantined bool
	Person      *finding.Classification
}

// InForce is the classification in force: the person's decision over the
// machine's (finding.Effective, the one place the precedence is written).
func (c ClassificationSources) InForce() finding.Classification {
	return finding.Effective(c.Machine, c.Person)
}

// ClassificationSources returns, in one query, the sources of the
// classification in force of submissions ids (those that exist), by id.
func (s *Store) ClassificationSources(ctx context.Context, q Querier, ids []int64) (map[int64]ClassificationSources, error) {
	rows, err := q.Query(ctx, `
		SELECT s.id, c.submission_id IS NOT NULL, `+classificationColumns("c")+`, coalesce(c.quarantined, false),
			d.submission_id IS NOT NULL, d.kind, d.category, d.timing, d.unit, d.target, d.language
		FROM submission s
		LEFT JOIN classification c ON c.submission_id = s.id
		LEFT JOIN classification_decision d ON d.submission_id = s.id
		WHERE s.id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("classification sources: %w", err)
	}
	out := make(map[int64]ClassificationSources, len(ids))
	_, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) {
		var id int64
		var src ClassificationSources
		var decided bool
		var pc [6]*string
		var tc typedClassification
		dest := append([]any{&id, &src.Stored}, tc.dest()...)
		dest = append(dest, &src.Quarantined, &decided, &pc[0], &pc[1], &pc[2], &pc[3], &pc[4], &pc[5])
		if err := r.Scan(dest...); err != nil {
			return struct{}{}, err
		}
		src.Machine, src.Screening = tc.values()
		if decided {
			p := finding.Classification{Kind: *pc[0], Category: *pc[1], Timing: *pc[2], Unit: *pc[3], Target: *pc[4], Language: *pc[5]}
			src.Person = &p
		}
		out[id] = src
		return struct{}{}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("classification sources: %w", err)
	}
	return out, nil
}

// classificationColumns are the typed columns of a classification (table
// alias a) as typedClassification scans them; a missing row scans as the
// zero classification.
func classificationColumns(a string) string {
	return fmt.Sprintf(`coalesce(%[1]s.kind, ''), coalesce(%[1]s.category, ''), coalesce(%[1]s.timing, ''), coalesce(%[1]s.unit, ''),
		coalesce(%[1]s.target, ''), coalesce(%[1]s.language, ''), coalesce(%[1]s.reasons, '{}'), coalesce(%[1]s.confidence, 0),
		coalesce(%[1]s.needs_confirmation, false), coalesce(%[1]s.model_version, ''), coalesce(%[1]s.grounds, '{}'), coalesce(%[1]s.notes, '{}')`, a)
}

// typedClassification scans classificationColumns.
type typedClassification struct {
	c finding.Classification
	s finding.Screening
}

func (t *typedClassification) dest() []any {
	return []any{&t.c.Kind, &t.c.Category, &t.c.Timing, &t.c.Unit, &t.c.Target, &t.c.Language, &t.c.Reasons, &t.c.Confidence,
		&t.c.NeedsConfirmation, &t.c.Model, &t.s.Grounds, &t.s.Notes}
}

func (t *typedClassification) values() (finding.Classification, finding.Screening) {
	c, s := t.c, t.s
	c.Reasons, s.Grounds, s.Notes = nonNil(c.Reasons), nonNil(s.Grounds), nonNil(s.Notes)
	return c, s
}

// ProjectClassification writes the classification in force of submissions
// ids into their inbox rows (triage: kind, category, timing, unit, target,
// language) and, once the machine classified, its Điều 14 grounds and the
// quarantine in force, in one statement. The store calls it wherever the
// machine's or the person's classification changes (SaveClassification,
// ApplyPersonClassification, DecideQuarantine); the inbox's triggers copy
// the deadlines only.
func (s *Store) ProjectClassification(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	srcs, err := s.ClassificationSources(ctx, tx, ids)
	if err != nil {
		return err
	}
	var sub []int64
	var cols [6][]string
	var stored, quarantined []bool
	var grounds []string
	for id, src := range srcs {
		c := src.InForce()
		sub = append(sub, id)
		for i, f := range finding.Fields {
			cols[i] = append(cols[i], c.Field(f))
		}
		stored, quarantined = append(stored, src.Stored), append(quarantined, src.Quarantined)
		grounds = append(grounds, jsonList(src.Screening.Grounds))
	}
	// Before the machine classified, the grounds are none and the
	// quarantine is what a person decided in the inbox row: unchanged.
	if _, err := tx.Exec(ctx, `
		WITH u AS (SELECT v.id, v.kind, v.category, v.timing, v.unit, v.target, v.language, v.stored, json_list(v.grounds) AS grounds, v.quarantined
		           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::text[], $10::bool[])
		                AS v(id, kind, category, timing, unit, target, language, stored, grounds, quarantined))
		UPDATE triage t SET kind = u.kind, category = u.category, timing = u.timing, unit = u.unit, target = u.target,
			language = u.language, grounds = CASE WHEN u.stored THEN u.grounds ELSE t.grounds END,
			quarantined = CASE WHEN u.stored THEN u.quarantined ELSE t.quarantined END, updated_at = now()
		FROM u
		WHERE t.submission_id = u.id AND t.open
		  AND (t.kind, t.category, t.timing, t.unit, t.target, t.language) IS DISTINCT FROM (u.kind, u.category, u.timing, u.unit, u.target, u.language)
		   OR t.submission_id = u.id AND t.open AND u.stored AND (t.grounds, t.quarantined) IS DISTINCT FROM (u.grounds, u.quarantined)`,
		sub, cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], stored, grounds, quarantined); err != nil {
		return fmt.Errorf("project the classification in force of %d submissions: %w", len(sub), err)
	}
	return nil
}
