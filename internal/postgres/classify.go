package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/pii"
)

// StoredClassification is the classification of a submission as kept:
// the machine's with the corrections people made (ApplyPersonClassification).
// Classification and Screening are what `inspect` prints under those keys;
// Result is the classifier's whole output (evidence, scores, flags,
// supplement needs), whose decisions are those of Classification.
type StoredClassification struct {
	SubmissionID        int64
	RulesVersion        string
	Classification      finding.Classification
	Screening           finding.Screening
	Result              classify.Result
	Quarantined         bool
	QuarantineDecision  string
	QuarantineDecidedBy string
	ClassifiedAt        time.Time
}

// SaveClassification stores (or replaces, when reclassifying) the
// classification of a submission, typed (its decisions, their evidence,
// the Điều 14 grounds and notes: finding.Of) with the classifier's whole
// result and its Điều 14 flags, and shows the classification in force in
// the inbox row. A quarantine a person already decided is kept, and so is
// a person's classification (ApplyPersonClassification).
func (s *Store) SaveClassification(ctx context.Context, tx pgx.Tx, subID int64, r classify.Result) error {
	full, err := json.Marshal(r)
	if err != nil {
		return err
	}
	c, sc := finding.Of(r)
	// A person's quarantine decision wins over the marks (finding.Quarantined).
	var decision string
	if err := tx.QueryRow(ctx, `SELECT quarantine_decision FROM classification WHERE submission_id = $1 FOR UPDATE`, subID).
		Scan(&decision); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("save classification of submission %d: %w", subID, err)
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO classification (submission_id, rules_version, kind, category, timing, unit, target, language, complex,
			component_site, quarantined, result, classified_at, model_version, confidence, needs_confirmation, reasons, grounds, notes)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now(), $13, $14, $15, $16, $17, $18)
		ON CONFLICT (submission_id) DO UPDATE SET rules_version = EXCLUDED.rules_version, kind = EXCLUDED.kind,
			category = EXCLUDED.category, timing = EXCLUDED.timing, unit = EXCLUDED.unit, target = EXCLUDED.target,
			language = EXCLUDED.language, complex = EXCLUDED.complex, component_site = EXCLUDED.component_site,
			quarantined = EXCLUDED.quarantined,
			result = EXCLUDED.result, classified_at = now(), model_version = EXCLUDED.model_version,
			confidence = EXCLUDED.confidence, needs_confirmation = EXCLUDED.needs_confirmation,
			reasons = EXCLUDED.reasons, grounds = EXCLUDED.grounds, notes = EXCLUDED.notes`,
		subID, r.RulesVersion, r.Kind, r.Category, r.Timing, r.Unit, r.Target, r.Language, r.Complex, r.ComponentSite,
		finding.Quarantined(r.Screening.Quarantine, decision), full, r.Model, min(max(r.Confidence, 0), 1), r.NeedsConfirmation, c.Reasons, sc.Grounds, sc.Notes)
	if err != nil {
		return fmt.Errorf("save classification of submission %d: %w", subID, err)
	}
	for _, f := range r.Screening.Flags {
		detail, err := json.Marshal(f)
		if err != nil {
			return err
		}
		var src, ref string
		if f.Match != nil {
			src, ref = f.Match.Source, f.Match.Ref
		}
		if _, err := tx.Exec(ctx, `INSERT INTO screening_flag (submission_id, ground, message, detail, match_source, match_ref)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (submission_id, ground, match_ref) DO UPDATE SET message = EXCLUDED.message, detail = EXCLUDED.detail`,
			subID, f.Ground, f.Message, detail, src, ref); err != nil {
			return fmt.Errorf("save flag %s of submission %d: %w", f.Ground, subID, err)
		}
	}
	detail := map[string]any{
		"rules_version": r.RulesVersion, "kind": r.Kind, "category": r.Category, "timing": r.Timing, "unit": r.Unit,
		"target": r.Target, "language": r.Language, "grounds": r.Screening.Grounds, "quarantined": r.Screening.Quarantine,
		"model": r.Model, "confidence": r.Confidence, "needs_confirmation": r.NeedsConfirmation}
	if note := r.MailboxNote(); note != "" {
		detail["mailbox"] = note // which decisions the mailbox's defaults took
	}
	if err := s.AddEvent(ctx, tx, subID, "system", "classified", detail); err != nil {
		return err
	}
	// A person who classified the item in the UI before the machine (or
	// before a reclassification) keeps their decision, recorded as
	// corrections (ui_workflow.go); the inbox row shows the one in force.
	_, err = s.ApplyPersonClassification(ctx, tx, subID)
	return err
}

// Classification returns the stored classification of a submission.
func (s *Store) Classification(ctx context.Context, q Querier, subID int64) (StoredClassification, error) {
	var c StoredClassification
	var tc typedClassification
	var full []byte
	var decidedAt *time.Time
	var complex bool
	dest := append([]any{&c.SubmissionID, &c.RulesVersion, &c.Quarantined, &c.QuarantineDecision, &c.QuarantineDecidedBy,
		&decidedAt, &full, &c.ClassifiedAt, &complex}, tc.dest()...)
	err := q.QueryRow(ctx, `SELECT c.submission_id, c.rules_version, c.quarantined, c.quarantine_decision, c.quarantine_decided_by,
		c.quarantine_decided_at, c.result, c.classified_at, c.complex, `+classificationColumns("c")+` FROM classification c WHERE c.submission_id = $1`, subID).Scan(dest...)
	if err != nil {
		return c, notFound(err)
	}
	if err := json.Unmarshal(full, &c.Result); err != nil {
		return c, fmt.Errorf("classification of submission %d: %w", subID, err)
	}
	c.Classification, c.Screening = tc.values()
	// The columns are the record of the decisions (corrections included).
	r := &c.Result
	r.Kind, r.Category, r.Timing, r.Unit = c.Classification.Kind, c.Classification.Category, c.Classification.Timing, c.Classification.Unit
	r.Target, r.Language, r.Complex = c.Classification.Target, c.Classification.Language, complex
	return c, nil
}

// Correctable fields of a classification.
var correctable = []string{"kind", "category", "timing", "unit", "target", "language", "complex"}

// RecordCorrection records that a person corrected one field of the
// machine's classing (to improve the rules, or train a model), and applies
// it to the stored classification.
func (s *Store) RecordCorrection(ctx context.Context, tx pgx.Tx, subID int64, field, value, actor, note string) error {
	if !slices.Contains(correctable, field) {
		return fmt.Errorf("correct classification of submission %d: field %q is not one of %v", subID, field, correctable)
	}
	var machine, version string
	err := tx.QueryRow(ctx, `SELECT CASE $2 WHEN 'kind' THEN kind WHEN 'category' THEN category WHEN 'timing' THEN timing
		WHEN 'unit' THEN unit WHEN 'target' THEN target WHEN 'language' THEN language ELSE complex::text END, rules_version
		FROM classification WHERE submission_id = $1 FOR UPDATE`, subID, field).Scan(&machine, &version)
	if err != nil {
		return fmt.Errorf("correct classification of submission %d: %w", subID, notFound(err))
	}
	if _, err := tx.Exec(ctx, `INSERT INTO classification_correction (submission_id, field, machine_value, corrected_value, rules_version, actor, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, subID, field, machine, value, version, actor, note); err != nil {
		return fmt.Errorf("record correction of submission %d: %w", subID, err)
	}
	// The column is the record: Classification returns it in the result
	// too, so that routing follows the correction.
	if _, err := tx.Exec(ctx, applyCorrection, subID, field, value); err != nil {
		return fmt.Errorf("apply correction of submission %d: %w", subID, err)
	}
	return s.AddEvent(ctx, tx, subID, actor, "classification_corrected", map[string]any{"field": field, "from": machine, "to": value, "note": note})
}

// Correction is one staff correction of the machine's classing.
type Correction struct {
	SubmissionID              int64
	Field, Machine, Corrected string
	RulesVersion, Actor, Note string
	At                        time.Time
}

// Corrections lists the corrections made since a time, oldest first.
func (s *Store) Corrections(ctx context.Context, q Querier, since time.Time) ([]Correction, error) {
	rows, err := q.Query(ctx, `SELECT submission_id, field, machine_value, corrected_value, rules_version, actor, note, at
		FROM classification_correction WHERE at >= $1 ORDER BY at, id`, since)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Correction, error) {
		var c Correction
		err := r.Scan(&c.SubmissionID, &c.Field, &c.Machine, &c.Corrected, &c.RulesVersion, &c.Actor, &c.Note, &c.At)
		return c, err
	})
}

// DecideQuarantine records a person's decision on a quarantined submission
// (Điều 14 khoản 2): "confirmed" (it stays with the Standing Board) or
// "lifted" (a false alarm: routing may go on).
func (s *Store) DecideQuarantine(ctx context.Context, tx pgx.Tx, subID int64, decision, actor string) error {
	if decision != "confirmed" && decision != "lifted" {
		return fmt.Errorf("quarantine decision %q: must be confirmed or lifted", decision)
	}
	// A person may also quarantine what the marks did not show (confirmed
	// on an item not quarantined); only a quarantine can be lifted.
	tag, err := tx.Exec(ctx, `UPDATE classification SET quarantine_decision = $2, quarantine_decided_by = $3, quarantine_decided_at = now(),
		quarantined = ($2 = 'confirmed') WHERE submission_id = $1 AND (quarantined OR $2 = 'confirmed')`, subID, decision, actor)
	if err != nil {
		return fmt.Errorf("decide quarantine of submission %d: %w", subID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("decide quarantine of submission %d: %w", subID, intake.ErrNotFound)
	}
	if err := s.ProjectClassification(ctx, tx, []int64{subID}); err != nil {
		return err
	}
	return s.AddEvent(ctx, tx, subID, actor, "quarantine_"+decision, nil)
}

// Quarantined reports whether a submission is under quarantine (Điều 14
// khoản 2): never forwarded, shown only to the Standing Board.
func (s *Store) Quarantined(ctx context.Context, q Querier, subID int64) (bool, error) {
	var v bool
	err := q.QueryRow(ctx, `SELECT quarantined FROM classification WHERE submission_id = $1`, subID).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return v, err
}

// SaveFingerprint stores the fingerprint of a submission for posting, so
// that later submissions are screened against it (Điều 14 khoản 4). The
// text is kept with personal numbers masked (Điều 4 khoản 4); the
// classify_submission worker fingerprints redacted text already, so the
// signature and the text agree.
func (s *Store) SaveFingerprint(ctx context.Context, tx pgx.Tx, subID int64, ref, title string, at time.Time, fp classify.Fingerprint) error {
	if fp.Empty() {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO fingerprint (submission_id, ref, title, at, text, shingles, signature, bands)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (submission_id) DO UPDATE SET text = EXCLUDED.text, shingles = EXCLUDED.shingles,
			signature = EXCLUDED.signature, bands = EXCLUDED.bands, title = EXCLUDED.title`,
		subID, ref, pii.Redact(title), at, pii.Redact(fp.Text), fp.Shingles, sig64(fp.Signature), fp.Bands)
	if err != nil {
		return fmt.Errorf("save fingerprint of submission %d: %w", subID, err)
	}
	return nil
}

// DuplicateCandidates returns the stored fingerprints that share an LSH
// band with fp (at most limit), other than submission self.
func (s *Store) DuplicateCandidates(ctx context.Context, q Querier, fp classify.Fingerprint, self int64, limit int) ([]classify.Candidate, error) {
	if len(fp.Bands) == 0 {
		return nil, nil
	}
	rows, err := q.Query(ctx, `SELECT CASE WHEN submission_id IS NULL THEN 'published' ELSE 'submission' END, ref, title, at,
		text, shingles, signature, bands FROM fingerprint
		WHERE bands && $1 AND submission_id IS DISTINCT FROM $2 ORDER BY id LIMIT $3`, fp.Bands, self, limit)
	if err != nil {
		return nil, fmt.Errorf("duplicate candidates: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (classify.Candidate, error) {
		var c classify.Candidate
		var at *time.Time
		var sig []int64
		err := r.Scan(&c.Source, &c.Ref, &c.Title, &at, &c.Fingerprint.Text, &c.Fingerprint.Shingles, &sig, &c.Fingerprint.Bands)
		if at != nil {
			c.At = *at
		}
		c.Fingerprint.Signature = make([]uint32, len(sig))
		for i, v := range sig {
			c.Fingerprint.Signature[i] = uint32(v)
		}
		return c, err
	})
}

func sig64(s []uint32) []int64 {
	out := make([]int64, len(s))
	for i, v := range s {
		out[i] = int64(v)
	}
	return out
}

// SavePublished records items already on the Portal (from its feed, or a
// submission staff mark published) with their fingerprints; an item seen
// again is updated. It returns how many items were new.
func (s *Store) SavePublished(ctx context.Context, tx pgx.Tx, items []classify.Published, source string, subID int64) (int, error) {
	if source != "feed" && source != "staff" {
		return 0, fmt.Errorf("published items: source %q must be feed or staff", source)
	}
	var sub *int64
	if subID != 0 {
		sub = &subID
	}
	added := 0
	for _, p := range items {
		var id int64
		var inserted bool
		err := tx.QueryRow(ctx, `INSERT INTO published_item (link, title, published_at, category, text, source, submission_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (link) DO UPDATE SET title = EXCLUDED.title, published_at = EXCLUDED.published_at,
				category = EXCLUDED.category, text = EXCLUDED.text, submission_id = coalesce(published_item.submission_id, EXCLUDED.submission_id)
			RETURNING id, xmax = 0`, p.Link, p.Title, timeOrNil(p.At), p.Category, p.Text, source, sub).Scan(&id, &inserted)
		if err != nil {
			return added, fmt.Errorf("save published item %s: %w", p.Link, err)
		}
		if inserted {
			added++
		}
		fp := classify.NewFingerprint(p.Text)
		if fp.Empty() {
			continue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO fingerprint (published_id, ref, title, at, text, shingles, signature, bands)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (published_id) DO UPDATE SET title = EXCLUDED.title, at = EXCLUDED.at, text = EXCLUDED.text,
				shingles = EXCLUDED.shingles, signature = EXCLUDED.signature, bands = EXCLUDED.bands`,
			id, p.Link, p.Title, timeOrNil(p.At), fp.Text, fp.Shingles, sig64(fp.Signature), fp.Bands); err != nil {
			return added, fmt.Errorf("save fingerprint of %s: %w", p.Link, err)
		}
	}
	if subID != 0 && len(items) > 0 {
		if err := s.AddEvent(ctx, tx, subID, "system", "marked_published", map[string]any{"link": items[0].Link}); err != nil {
			return added, err
		}
	}
	return added, nil
}

// timeOrNil stores a zero time as NULL.
func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// AttachmentTexts returns the extracted text of each attachment of a
// message, by index (derive.Result.Texts as stored), opened: callers that
// store what they derive from them redact first (Điều 4 khoản 4).
func (s *Store) AttachmentTexts(ctx context.Context, q Querier, messageID int64) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT idx, text, key_id FROM attachment WHERE message_id = $1 ORDER BY idx`, messageID)
	if err != nil {
		return nil, fmt.Errorf("attachment texts of message %d: %w", messageID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var idx int
		var text, keyID string
		if err := rows.Scan(&idx, &text, &keyID); err != nil {
			return nil, err
		}
		if text, err = s.openText(text, keyID, attachmentContext(messageID, idx)); err != nil {
			return nil, err
		}
		for len(out) < idx {
			out = append(out, "")
		}
		out = append(out, text)
	}
	return out, rows.Err()
}

// MarkPublished records that staff published a submission on the Portal at
// link (Điều 14 khoản 4: later submissions repeating it are flagged with
// the published item). The text compared is the submission's own, with
// personal numbers masked (Điều 4 khoản 4).
func (s *Store) MarkPublished(ctx context.Context, tx pgx.Tx, subID int64, link, title string, at time.Time) error {
	var text string
	err := tx.QueryRow(ctx, `SELECT text FROM fingerprint WHERE submission_id = $1`, subID).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
		var first int64
		if err = tx.QueryRow(ctx, `SELECT first_message_id FROM submission WHERE id = $1`, subID).Scan(&first); err == nil {
			text, _, err = s.MessageTexts(ctx, tx, first)
			text = pii.Redact(text)
		}
	}
	if err != nil {
		return fmt.Errorf("mark submission %d published: %w", subID, notFound(err))
	}
	_, err = s.SavePublished(ctx, tx, []classify.Published{{Link: link, Title: title, At: at, Text: text}}, "staff", subID)
	return err
}
