package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/view"
)

// Publication seen, not typed (issue 14): the feed importer proposes a
// feed item as the publication of an open submission (ProposePublications,
// migration 00052); a person confirms it in one click or dismisses it
// (desk.Desk.DecideProposal).

// LockProposal loads proposal id of submission subID, locked until tx
// ends; intake.ErrNotFound when the submission has no such proposal.
func (s *Store) LockProposal(ctx context.Context, tx pgx.Tx, subID, id int64) (PublishProposal, error) {
	p := PublishProposal{ID: id, SubmissionID: subID}
	err := tx.QueryRow(ctx, `SELECT link, title, published_at, created_at, score, state FROM publish_proposal
		WHERE id = $1 AND submission_id = $2 FOR UPDATE`, id, subID).Scan(&p.Link, &p.Title, &p.PublishedAt, &p.SeenAt, &p.Score, &p.State)
	if err != nil {
		return p, fmt.Errorf("proposal %d of item %d: %w", id, subID, notFound(err))
	}
	return p, nil
}

// SetProposalDecided records that actor decided proposal id: "confirmed"
// or "dismissed".
func (s *Store) SetProposalDecided(ctx context.Context, tx pgx.Tx, id int64, decided, actor string) error {
	if _, err := tx.Exec(ctx, `UPDATE publish_proposal SET state = $2, decided_by = $3, decided_at = now() WHERE id = $1`,
		id, decided, actor); err != nil {
		return fmt.Errorf("proposal %d: %s: %w", id, decided, err)
	}
	return nil
}

// itemProposals loads the open publication proposals of item id, newest
// feed item first.
func (u *UI) itemProposals(ctx context.Context, id int64) ([]view.Proposal, error) {
	rows, err := u.Pool.Query(ctx, `SELECT id, link, title, published_at, created_at, score FROM publish_proposal
		WHERE submission_id = $1 AND state = 'open' ORDER BY published_at DESC NULLS LAST, id`, id)
	if err != nil {
		return nil, fmt.Errorf("proposals of item %d: %w", id, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (view.Proposal, error) {
		var p view.Proposal
		var m classify.PublicationMatch
		err := r.Scan(&p.ID, &p.Link, &p.Title, &p.PublishedAt, &p.SeenAt, &m)
		p.TitleSimilarity, p.Containment = m.Title, m.Containment
		return p, err
	})
}

// markProposed sets Row.Proposed on the inbox rows that have an open
// publication proposal: one query for the page, on the partial index
// publish_proposal_open_idx.
func (u *UI) markProposed(ctx context.Context, rows []view.Row) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	q, err := u.Pool.Query(ctx, `SELECT DISTINCT submission_id FROM publish_proposal WHERE submission_id = ANY($1) AND state = 'open'`, ids)
	if err != nil {
		return fmt.Errorf("inbox proposals: %w", err)
	}
	proposed, err := pgx.CollectRows(q, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("inbox proposals: %w", err)
	}
	for i := range rows {
		for _, id := range proposed {
			if rows[i].ID == id {
				rows[i].Proposed = true
			}
		}
	}
	return nil
}

// feedConfirmedRows are the publications confirmed from the Portal's feed
// with the decision in [$1, $2), scoped to the units $3/$4 and, for those
// who may not see them, without quarantined items ($5, Điều 14 khoản 2):
// each with the posting deadline (Điều 13) its publication stopped, and the
// person who confirmed it.
const feedConfirmedRows = `
SELECT pp.submission_id, s.reference, s.subject, t.unit, t.timing, t.state, coalesce(d.rule_id, ''), coalesce(d.state, ''),
	d.due_at, coalesce(d.stopped_at, t.published_at), coalesce(a.display_name, pp.decided_by)
FROM publish_proposal pp
JOIN triage t ON t.submission_id = pp.submission_id
JOIN submission s ON s.id = pp.submission_id
LEFT JOIN account a ON 'user:' || a.username = pp.decided_by
LEFT JOIN LATERAL (SELECT rule_id, state, due_at, stopped_at FROM deadline
	WHERE submission_id = pp.submission_id AND start_event = 'received' AND stopped_at IS NOT NULL AND state IN ('met', 'breached')
	ORDER BY stopped_at DESC, id DESC LIMIT 1) d ON true
WHERE pp.state = 'confirmed' AND pp.decided_at >= $1 AND pp.decided_at < $2
  AND ($3::bool OR t.unit = ANY ($4::text[])) AND ($5::bool OR NOT t.quarantined)`

// feedConfirmed counts the dashboard's "confirmed from the Portal's feed"
// figure: the rows its list shows.
func (u *UI) feedConfirmed(ctx context.Context, p auth.Principal, from, to time.Time, all bool, units []string) (int, error) {
	var n int
	err := u.Pool.QueryRow(ctx, `SELECT count(*) FROM (`+feedConfirmedRows+`) x`, from, to, all, nonNil(units), p.Has(auth.PermViewQuarantined)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("feed confirmations: %w", err)
	}
	return n, nil
}

// feedConfirmedItems lists the rows behind the feedConfirmed figure.
func (u *UI) feedConfirmedItems(ctx context.Context, p auth.Principal, q view.DashboardQuery, all bool, units []string) ([]view.DashboardItem, error) {
	rows, err := u.Pool.Query(ctx, feedConfirmedRows+` ORDER BY pp.decided_at, pp.id LIMIT 500`, q.From, q.To, all, nonNil(units), p.Has(auth.PermViewQuarantined))
	if err != nil {
		return nil, fmt.Errorf("feed confirmations: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (view.DashboardItem, error) {
		var it view.DashboardItem
		var due *time.Time
		err := r.Scan(&it.ID, &it.Reference, &it.Subject, &it.Unit, &it.Timing, &it.State, &it.Rule, &it.Deadline, &due, &it.Stopped, &it.Person)
		if due != nil {
			it.Due = *due
		}
		it.Person = strings.TrimPrefix(it.Person, "user:")
		return it, err
	})
}

// LinkPublished records that the Portal's item at link (saved from the
// feed) is the publication of submission subID, for the near-duplicate
// screen (Điều 14 khoản 4); the feed's own title, time and text stay.
func (s *Store) LinkPublished(ctx context.Context, tx pgx.Tx, subID int64, link string) error {
	if _, err := tx.Exec(ctx, `UPDATE published_item SET submission_id = $2 WHERE link = $1 AND submission_id IS NULL`, link, subID); err != nil {
		return fmt.Errorf("link %s to submission %d: %w", link, subID, err)
	}
	return nil
}
