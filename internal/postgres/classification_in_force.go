package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/finding"
)

// ClassificationSources are what the classification in force of one
// submission is made of: the machine's (the stored classification once
// classify_submission ran, else the one read with the first message) and
// the decision a person took in the UI (nil when none).
type ClassificationSources struct {
	Machine finding.Classification
	Person  *finding.Classification
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
		SELECT s.id, c.submission_id IS NOT NULL, c.kind, c.category, c.timing, c.unit, c.target, c.language,
			coalesce(r.c ->> 'kind', ''), coalesce(r.c ->> 'category', ''), coalesce(r.c ->> 'timing', ''),
			coalesce(r.c ->> 'unit', ''), coalesce(r.c ->> 'target', ''), coalesce(r.c ->> 'language', ''),
			d.submission_id IS NOT NULL, d.kind, d.category, d.timing, d.unit, d.target, d.language
		FROM submission s
		LEFT JOIN classification c ON c.submission_id = s.id
		LEFT JOIN message_parsed p ON p.message_id = s.first_message_id
		LEFT JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(p.derived -> 'classification') = 'object' THEN p.derived -> 'classification' END AS c) r ON true
		LEFT JOIN classification_decision d ON d.submission_id = s.id
		WHERE s.id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("classification sources: %w", err)
	}
	out := make(map[int64]ClassificationSources, len(ids))
	_, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) {
		var id int64
		var stored, decided bool
		var rc [6]string
		var sc, pc [6]*string
		err := r.Scan(&id, &stored, &sc[0], &sc[1], &sc[2], &sc[3], &sc[4], &sc[5],
			&rc[0], &rc[1], &rc[2], &rc[3], &rc[4], &rc[5], &decided, &pc[0], &pc[1], &pc[2], &pc[3], &pc[4], &pc[5])
		if err != nil {
			return struct{}{}, err
		}
		var src ClassificationSources
		// The stored classification is the machine's of record once it
		// exists; the one read with the message stands in before.
		if stored {
			src.Machine = classificationOf(strings6(sc))
		} else {
			src.Machine = classificationOf(rc)
		}
		if decided {
			p := classificationOf(strings6(pc))
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

func strings6(p [6]*string) [6]string {
	var v [6]string
	for i, s := range p {
		if s != nil {
			v[i] = *s
		}
	}
	return v
}

// classificationOf is a classification from its decisions in the order
// of finding.Fields.
func classificationOf(v [6]string) finding.Classification {
	return finding.Classification{Kind: v[0], Category: v[1], Timing: v[2], Unit: v[3], Target: v[4], Language: v[5]}
}

// ProjectClassification writes the classification in force of submissions
// ids into their inbox rows (triage: kind, category, timing, unit, target,
// language), in one statement. The store calls it wherever the machine's
// or the person's classification changes (SaveParsedMany,
// SaveClassification, ApplyPersonClassification); the inbox's triggers
// copy the screening and the deadlines, never the classification.
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
	for id, src := range srcs {
		c := src.InForce()
		sub = append(sub, id)
		for i, f := range finding.Fields {
			cols[i] = append(cols[i], c.Field(f))
		}
	}
	if _, err := tx.Exec(ctx, `
		UPDATE triage t SET kind = u.kind, category = u.category, timing = u.timing, unit = u.unit, target = u.target,
			language = u.language, updated_at = now()
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
		     AS u(id, kind, category, timing, unit, target, language)
		WHERE t.submission_id = u.id AND t.open
		  AND (t.kind, t.category, t.timing, t.unit, t.target, t.language)
		      IS DISTINCT FROM (u.kind, u.category, u.timing, u.unit, u.target, u.language)`,
		sub, cols[0], cols[1], cols[2], cols[3], cols[4], cols[5]); err != nil {
		return fmt.Errorf("project the classification in force of %d submissions: %w", len(sub), err)
	}
	return nil
}
