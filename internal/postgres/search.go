package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// searchWhere scopes and filters the items found, as the inbox does but
// over open and closed items alike ($5…$16).
const searchWhere = `
	($5::text = '' OR t.state = $5)
	AND ($6::text = '' OR t.kind = $6)
	AND ($7::text = '' OR t.timing = $7)
	AND ($8::text = '' OR t.unit = $8)
	AND ($9::text = '' OR ($9 = 'open' AND t.open) OR ($9 = 'closed' AND NOT t.open))
	AND ($10::timestamptz IS NULL OR t.received_at >= $10)
	AND ($11::timestamptz IS NULL OR t.received_at < $11)
	AND ($12::bool OR t.unit = ANY ($13::text[]))
	AND ($14::bool OR NOT t.quarantined)
	AND (cardinality($15::text[]) = 0 OR t.forwarded_unit = ANY ($15::text[]))`

// searchCols are the columns of a hit; h is the matched submissions with
// their rank and best message (mid).
const searchCols = `
SELECT s.id, s.reference, s.subject, s.from_name, s.from_addr, t.state, t.kind, t.timing, t.unit, t.open, t.received_at,
	h.rank, coalesce(ts_headline('tiepnhan_vn', ms.body, q.q,
		'StartSel=` + view.Mark + `, StopSel=` + view.MarkEnd + `, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'), '')`

// searchText finds items by text ($1, a tsquery from view.ParseSearch),
// every code of $2 matching the tracking reference or a code of the text as
// a substring; the ranking prefers matches in the subject, the sender and
// the number (weight A) over the body and attachments. The newest $4
// matching messages within the scope and filters are ranked, so that a
// very common word stays fast on a million items: the planner walks the
// messages newest first for a common word and the GIN index for a rare one.
const searchText = `
WITH q AS (SELECT to_tsquery('tiepnhan_vn', $1) AS q),
cand AS (
	SELECT m.submission_id AS sid, ms.message_id,
		-- all the words in the subject, sender or number first; then by
		-- cover density, normalised by the document's length
		ts_rank_cd(ms.tsv, q.q, 1) + CASE WHEN ts_filter(ms.tsv, '{a}') @@ q.q THEN 1 ELSE 0 END AS rank
	FROM q, message_search ms
	JOIN message m ON m.id = ms.message_id
	JOIN triage t ON t.submission_id = m.submission_id
	WHERE ms.tsv @@ q.q AND ` + searchWhere + `
	ORDER BY ms.message_id DESC
	LIMIT $4
),
h AS (
	SELECT DISTINCT ON (c.sid) c.sid, c.message_id AS mid, c.rank
	FROM cand c JOIN submission s ON s.id = c.sid
	WHERE NOT EXISTS (SELECT 1 FROM unnest($2::text[]) code
		WHERE lower(s.reference) NOT LIKE '%' || code || '%'
		  AND NOT EXISTS (SELECT 1 FROM message m2 JOIN message_search x ON x.message_id = m2.id
		                  WHERE m2.submission_id = s.id AND x.codes LIKE '%' || code || '%'))
	ORDER BY c.sid, c.rank DESC
)` + searchCols + `
FROM h CROSS JOIN q
JOIN submission s ON s.id = h.sid
JOIN triage t ON t.submission_id = h.sid
JOIN message_search ms ON ms.message_id = h.mid
ORDER BY h.rank DESC, t.received_at DESC, s.id DESC
OFFSET $3 LIMIT $16`

// searchCodes finds items by codes only ($2): the first code drives the
// trigram indexes (reference, number and symbol), the others filter.
const searchCodes = `
WITH q AS (SELECT NULL::tsquery AS q),
cand AS (
	SELECT id AS sid FROM submission WHERE lower(reference) LIKE '%' || ($2::text[])[1] || '%'
	UNION
	SELECT m.submission_id FROM message_search x JOIN message m ON m.id = x.message_id
	WHERE x.codes LIKE '%' || ($2::text[])[1] || '%' AND m.submission_id IS NOT NULL
	LIMIT $4
),
h AS (
	SELECT c.sid, s.first_message_id AS mid, 1.0::real AS rank
	FROM cand c JOIN submission s ON s.id = c.sid
	WHERE $1::text = '' AND NOT EXISTS (SELECT 1 FROM unnest($2::text[]) code
		WHERE lower(s.reference) NOT LIKE '%' || code || '%'
		  AND NOT EXISTS (SELECT 1 FROM message m2 JOIN message_search x ON x.message_id = m2.id
		                  WHERE m2.submission_id = s.id AND x.codes LIKE '%' || code || '%'))
)` + searchCols + `
FROM h CROSS JOIN q
JOIN submission s ON s.id = h.sid
JOIN triage t ON t.submission_id = h.sid
LEFT JOIN message_search ms ON ms.message_id = h.mid
WHERE ` + searchWhere + `
ORDER BY t.received_at DESC, s.id DESC
OFFSET $3 LIMIT $16`

// searchList lists items without text (the archive view): newest first.
const searchList = `
WITH q AS (SELECT NULL::tsquery AS q),
h AS (SELECT NULL::bigint AS mid, 0::real AS rank)` + searchCols + `
FROM triage t CROSS JOIN h CROSS JOIN q
JOIN submission s ON s.id = t.submission_id
LEFT JOIN message_search ms ON false
WHERE $1::text = '' AND cardinality($2::text[]) >= 0 AND $4::int >= 0 AND ` + searchWhere + `
ORDER BY t.received_at DESC, s.id DESC
OFFSET $3 LIMIT $16`

// searchCandidates bounds how many index matches are ranked per search.
const searchCandidates = 5000

// Search implements view.Store: items found by text, codes and filters,
// over open and closed items, scoped like the inbox. The text never
// reaches the SQL but as a parameter; the index holds redacted text only
// (migration 00050), so sealed personal data cannot be found.
func (u *UI) Search(ctx context.Context, sq view.SearchQuery) (view.SearchPage, error) {
	var page view.SearchPage
	if sq.Limit <= 0 || sq.Limit > 200 {
		sq.Limit = 50
	}
	if sq.Offset < 0 || sq.Offset > 10000 {
		return page, workflow.Invalidf("trang kết quả không hợp lệ")
	}
	p := view.ParseSearch(sq.Text)
	sql := searchList
	switch {
	case p.TSQuery != "":
		sql = searchText
	case len(p.Codes) > 0:
		sql = searchCodes
	}
	var from, to *time.Time
	if !sq.From.IsZero() {
		from = &sq.From
	}
	if !sq.To.IsZero() {
		to = &sq.To
	}
	rows, err := u.Pool.Query(ctx, sql, p.TSQuery, nonNil(p.Codes), sq.Offset, searchCandidates,
		sq.State, sq.Kind, sq.Timing, sq.Unit, sq.Open, from, to,
		sq.AllUnits, nonNil(sq.Units), sq.SeeQuarantined, nonNil(sq.ForwardedUnits), sq.Limit+1)
	if err != nil {
		return page, fmt.Errorf("search: %w", err)
	}
	page.Hits, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (view.SearchHit, error) {
		var h view.SearchHit
		err := r.Scan(&h.ID, &h.Reference, &h.Subject, &h.FromName, &h.FromAddr, &h.State, &h.Kind, &h.Timing, &h.Unit,
			&h.Open, &h.ReceivedAt, &h.Rank, &h.Snippet)
		return h, err
	})
	if err != nil {
		return page, fmt.Errorf("search: %w", err)
	}
	if len(page.Hits) > sq.Limit {
		page.Hits, page.More = page.Hits[:sq.Limit], true
	}
	return page, nil
}
