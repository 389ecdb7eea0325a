package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/classify"
)

// PublishProposal is a feed item proposed as the publication of an open
// submission (migration 00052).
type PublishProposal struct {
	ID           int64
	SubmissionID int64
	Link, Title  string
	PublishedAt  *time.Time
	// SeenAt is when the feed showed the item (the proposal's creation).
	SeenAt    time.Time
	Score     classify.PublicationMatch
	State     string
	DecidedBy string
	DecidedAt *time.Time
}

// ProposePublications looks, for each of items (new in the Portal's feed
// and saved by SavePublished), for the open submissions for posting it
// publishes (classify.MatchPublication over the candidates whose MinHash
// bands overlap or whose title is alike, received before the item's time)
// and records a proposal for each, once. It returns how many it recorded.
func (s *Store) ProposePublications(ctx context.Context, tx pgx.Tx, items []classify.Published) (int, error) {
	added := 0
	for _, p := range items {
		fp := classify.NewFingerprint(p.Text)
		rows, err := tx.Query(ctx, `SELECT f.submission_id, f.title, f.text, f.shingles, f.signature, f.bands
			FROM fingerprint f JOIN submission s ON s.id = f.submission_id
			WHERE triage_is_open(s.state::text) AND (f.bands && $1 OR similarity(f.title, $2) > 0.3)
			  AND ($3::timestamptz IS NULL OR s.received_at <= $3)
			  AND NOT EXISTS (SELECT 1 FROM publish_proposal pp JOIN published_item pi ON pi.id = pp.published_id
			                  WHERE pp.submission_id = f.submission_id AND pi.link = $4)
			ORDER BY f.submission_id LIMIT 200`, bandsOrEmpty(fp.Bands), p.Title, timeOrNil(p.At), p.Link)
		if err != nil {
			return added, fmt.Errorf("publication candidates of %s: %w", p.Link, err)
		}
		type cand struct {
			sub   int64
			title string
			fp    classify.Fingerprint
		}
		cands, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (cand, error) {
			var c cand
			var sig []int64
			err := r.Scan(&c.sub, &c.title, &c.fp.Text, &c.fp.Shingles, &sig, &c.fp.Bands)
			c.fp.Signature = make([]uint32, len(sig))
			for i, v := range sig {
				c.fp.Signature[i] = uint32(v)
			}
			return c, err
		})
		if err != nil {
			return added, fmt.Errorf("publication candidates of %s: %w", p.Link, err)
		}
		for _, c := range cands {
			m, ok := classify.MatchPublication(p, c.title, c.fp)
			if !ok {
				continue
			}
			tag, err := tx.Exec(ctx, `INSERT INTO publish_proposal (submission_id, published_id, link, title, published_at, score)
				SELECT $1, id, link, title, published_at, $3 FROM published_item WHERE link = $2
				ON CONFLICT (submission_id, published_id) DO NOTHING`, c.sub, p.Link, m)
			if err != nil {
				return added, fmt.Errorf("propose %s for submission %d: %w", p.Link, c.sub, err)
			}
			if tag.RowsAffected() == 0 {
				continue
			}
			added++
			if err := s.AddEvent(ctx, tx, c.sub, "system", "publication_proposed", map[string]any{"link": p.Link, "published_at": p.At,
				"title_similarity": m.Title, "containment": m.Containment}); err != nil {
				return added, err
			}
		}
	}
	return added, nil
}

func bandsOrEmpty(b []int64) []int64 {
	if b == nil {
		return []int64{}
	}
	return b
}

// OpenProposals returns the open publication proposals of a submission,
// newest feed item first.
func (s *Store) OpenProposals(ctx context.Context, q Querier, subID int64) ([]PublishProposal, error) {
	rows, err := q.Query(ctx, `SELECT id, submission_id, link, title, published_at, score, state, decided_by, decided_at
		FROM publish_proposal WHERE submission_id = $1 AND state = 'open' ORDER BY published_at DESC NULLS LAST, id`, subID)
	if err != nil {
		return nil, fmt.Errorf("proposals of submission %d: %w", subID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (PublishProposal, error) {
		var p PublishProposal
		err := r.Scan(&p.ID, &p.SubmissionID, &p.Link, &p.Title, &p.PublishedAt, &p.Score, &p.State, &p.DecidedBy, &p.DecidedAt)
		return p, err
	})
}
