package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/pii"
)

// CorrectedItem is a submission whose machine classing staff corrected,
// with what a model trains on: the stored report of its first message and
// what the store keeps typed of it (Reading), its attachment texts (personal numbers masked, as the classifier reads them)
// and the classification as the people left it (issue 11: learning from
// the desk).
type CorrectedItem struct {
	SubmissionID                           int64
	Reference                              string
	Derived                                []byte
	Reading                                finding.Reading
	Texts                                  []string
	Kind, Category, Timing, Unit, Language string
}

// CorrectedItems lists every corrected submission, oldest first.
func (s *Store) CorrectedItems(ctx context.Context, q Querier) ([]CorrectedItem, error) {
	rows, err := q.Query(ctx, `
		SELECT s.id, s.reference, s.first_message_id, coalesce(p.derived, '{}'), c.kind, c.category, c.timing, c.unit, c.language
		FROM submission s
		JOIN classification c ON c.submission_id = s.id
		LEFT JOIN message_parsed p ON p.message_id = s.first_message_id
		WHERE EXISTS (SELECT 1 FROM classification_correction k WHERE k.submission_id = s.id)
		ORDER BY s.id`)
	if err != nil {
		return nil, fmt.Errorf("corrected items: %w", err)
	}
	type raw struct {
		item  CorrectedItem
		first int64
	}
	rs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (raw, error) {
		var x raw
		err := r.Scan(&x.item.SubmissionID, &x.item.Reference, &x.first, &x.item.Derived, &x.item.Kind, &x.item.Category,
			&x.item.Timing, &x.item.Unit, &x.item.Language)
		return x, err
	})
	if err != nil {
		return nil, fmt.Errorf("corrected items: %w", err)
	}
	firsts := make([]int64, len(rs))
	for i, x := range rs {
		firsts[i] = x.first
	}
	read, err := s.Readings(ctx, q, firsts)
	if err != nil {
		return nil, fmt.Errorf("corrected items: %w", err)
	}
	out := make([]CorrectedItem, 0, len(rs))
	for _, x := range rs {
		x.item.Reading = read[x.first]
		texts, err := s.AttachmentTexts(ctx, q, x.first)
		if err != nil {
			return nil, err
		}
		for i := range texts {
			texts[i] = pii.Redact(texts[i])
		}
		x.item.Texts = texts
		out = append(out, x.item)
	}
	return out, nil
}

// StoredModel is a learned model an administrator promoted (migration
// 00070): its file, its figures and those of the model it replaced.
type StoredModel struct {
	ID           int64
	Version      string
	Body         []byte
	Figures      []byte
	Replaced     []byte
	PromotedBy   string
	PromotedAt   time.Time
	InForce      bool
	RolledBackAt *time.Time
}

// ModelInForce returns the promoted model in force; ok is false when none
// is (the program's embedded model is).
func (s *Store) ModelInForce(ctx context.Context, q Querier) (m StoredModel, ok bool, err error) {
	err = q.QueryRow(ctx, `SELECT id, version, body, figures, replaced, promoted_by, promoted_at, in_force, rolled_back_at
		FROM classify_model WHERE in_force`).Scan(&m.ID, &m.Version, &m.Body, &m.Figures, &m.Replaced, &m.PromotedBy, &m.PromotedAt, &m.InForce, &m.RolledBackAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, false, nil
	}
	if err != nil {
		return m, false, fmt.Errorf("model in force: %w", err)
	}
	return m, true, nil
}

// ModelVersionInForce is the version of the promoted model in force, ""
// when the embedded one is (a cheap check before loading a file).
func (s *Store) ModelVersionInForce(ctx context.Context, q Querier) (string, error) {
	var v string
	err := q.QueryRow(ctx, `SELECT version FROM classify_model WHERE in_force`).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("model in force: %w", err)
	}
	return v, nil
}

// Models lists the promoted models, newest first, without their files.
func (s *Store) Models(ctx context.Context, q Querier, limit int) ([]StoredModel, error) {
	rows, err := q.Query(ctx, `SELECT id, version, figures, replaced, promoted_by, promoted_at, in_force, rolled_back_at
		FROM classify_model ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (StoredModel, error) {
		var m StoredModel
		err := r.Scan(&m.ID, &m.Version, &m.Figures, &m.Replaced, &m.PromotedBy, &m.PromotedAt, &m.InForce, &m.RolledBackAt)
		return m, err
	})
}

// PromoteModel puts a model in force (the one before it stays in the
// history for a rollback).
func (s *Store) PromoteModel(ctx context.Context, tx pgx.Tx, version string, body, figures, replaced []byte, actor string) error {
	if _, err := tx.Exec(ctx, `UPDATE classify_model SET in_force = false WHERE in_force`); err != nil {
		return fmt.Errorf("promote model %s: %w", version, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO classify_model (version, body, figures, replaced, promoted_by, in_force) VALUES ($1, $2, $3, $4, $5, true)`,
		version, body, figures, replaced, actor); err != nil {
		return fmt.Errorf("promote model %s: %w", version, err)
	}
	return nil
}

// RollbackModel ends the promoted model in force and puts back the one
// promoted before it that was not rolled back; none left means the
// embedded model. It returns the version rolled back and the version now
// in force ("" for the embedded one); ok is false when no promoted model
// was in force.
func (s *Store) RollbackModel(ctx context.Context, tx pgx.Tx) (from, to string, ok bool, err error) {
	var id int64
	err = tx.QueryRow(ctx, `UPDATE classify_model SET in_force = false, rolled_back_at = now() WHERE in_force RETURNING id, version`).Scan(&id, &from)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, fmt.Errorf("roll back model: %w", err)
	}
	err = tx.QueryRow(ctx, `UPDATE classify_model SET in_force = true WHERE id = (SELECT max(id) FROM classify_model WHERE id < $1 AND rolled_back_at IS NULL)
		RETURNING version`, id).Scan(&to)
	if errors.Is(err, pgx.ErrNoRows) {
		return from, "", true, nil
	}
	if err != nil {
		return "", "", false, fmt.Errorf("roll back model: %w", err)
	}
	return from, to, true, nil
}
