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
// over open and closed items alike ($5…$15), on the columns of t (triage
// or search_item: migration 00053 copies the scope into the latter).
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
// their rank, best message (mid) and whether another block of candidates
// follows (next).
const searchCols = `
SELECT s.id, s.reference, s.subject, s.from_name, s.from_addr, t.state, t.kind, t.timing, t.unit, t.open, t.received_at,
	h.rank, coalesce(ts_headline('tiepnhan_vn', ms.body, q.q,
		'StartSel=` + view.Mark + `, StopSel=` + view.MarkEnd + `, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'), ''), h.next`

// searchSample reads the newest searchSampleRows rows of search_item: the
// largest message id, how many rows were read, how many match the text
// ($1), how many are within the scope and filters, and how many both
// (searchWalk decides from it). $2–$4 and $16 are unused here.
const searchSample = `
SELECT coalesce(max(t.message_id), 0), count(*),
	count(*) FILTER (WHERE ts_match_vq(t.tsv, to_tsquery('tiepnhan_vn', $1))),
	count(*) FILTER (WHERE ` + searchWhere + `),
	count(*) FILTER (WHERE ` + searchWhere + ` AND ts_match_vq(t.tsv, to_tsquery('tiepnhan_vn', $1)))
FROM (SELECT * FROM search_item ORDER BY message_id DESC LIMIT 2000) t
WHERE cardinality($2::text[]) >= 0 AND $3::int >= 0 AND $4::int >= 0 AND $16::int >= 0`

// searchSampleRows is the size of searchSample's sample.
const searchSampleRows = 2000

// searchText finds items by text ($1, a tsquery from view.ParseSearch),
// every code of $2 matching the tracking reference or a code of the text as
// a substring. The candidates are the newest $4 matching messages within
// the scope and filters (search_item, migration 00053), found in two
// steps that give the same rows: walking the rows newer than $17 newest
// first, checking each (fast for a common word: it stops at $4), then the
// GIN index for the older ones (fast for a rare word; never run when the
// walk found enough). Of the candidates, the block $18 < n ≤ $18 + block
// size ($19) is ranked: all the words in the subject, sender or number
// (weight A) first, then by cover density normalised by length.
const searchText = `
WITH q AS (SELECT to_tsquery('tiepnhan_vn', $1) AS q),
cand AS MATERIALIZED (
	SELECT u.sid, u.message_id, u.tsv, row_number() OVER (ORDER BY u.message_id DESC) AS n FROM (
		(SELECT t.submission_id AS sid, t.message_id, t.tsv FROM search_item t
		WHERE t.message_id > $17::bigint AND ` + searchWhere + ` AND ts_match_vq(t.tsv, to_tsquery('tiepnhan_vn', $1))
		ORDER BY t.message_id DESC LIMIT $4)
		UNION ALL
		(SELECT t.submission_id AS sid, t.message_id, t.tsv FROM search_item t
		WHERE t.tsv @@ to_tsquery('tiepnhan_vn', $1) AND t.message_id <= $17 AND ` + searchWhere + `
		ORDER BY t.message_id DESC LIMIT $4)
		LIMIT $4) u
),
h AS (
	SELECT DISTINCT ON (c.sid) c.sid, c.message_id AS mid,
		ts_rank_cd(c.tsv, q.q, 1) + CASE WHEN ts_filter(c.tsv, '{a}') @@ q.q THEN 1 ELSE 0 END AS rank,
		EXISTS (SELECT 1 FROM cand x WHERE x.n > $18::int + $19::int) AS next
	FROM cand c CROSS JOIN q JOIN submission s ON s.id = c.sid
	WHERE c.n > $18::int AND c.n <= $18::int + $19::int
	  AND NOT EXISTS (SELECT 1 FROM unnest($2::text[]) code
		WHERE lower(s.reference) NOT LIKE '%' || code || '%'
		  AND NOT EXISTS (SELECT 1 FROM message m2 JOIN message_search x ON x.message_id = m2.id
		                  WHERE m2.submission_id = s.id AND x.codes LIKE '%' || code || '%'))
	ORDER BY c.sid, rank DESC
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
	SELECT c.sid, s.first_message_id AS mid, 1.0::real AS rank, false AS next
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
h AS (SELECT NULL::bigint AS mid, 0::real AS rank, false AS next)` + searchCols + `
FROM triage t CROSS JOIN h CROSS JOIN q
JOIN submission s ON s.id = t.submission_id
LEFT JOIN message_search ms ON false
WHERE $1::text = '' AND cardinality($2::text[]) >= 0 AND $4::int >= 0 AND ` + searchWhere + `
ORDER BY t.received_at DESC, s.id DESC
OFFSET $3 LIMIT $16`

// searchBlock is how many of the newest matching messages are ranked
// together: the results are the first block ranked best first, then the
// next block, and so on (a page never mixes two rankings). It is the cost
// of a common word: the newest searchBlock matches are found and ranked,
// not all of them.
const searchBlock = 200

// codeCandidates bounds the items a search by codes alone reads.
const codeCandidates = 5000

// Search implements view.Store: items found by text, codes and filters,
// over open and closed items, scoped like the inbox. The text never
// reaches the SQL but as a parameter; the index holds redacted text only
// (migrations 00050, 00053), so sealed personal data cannot be found.
func (u *UI) Search(ctx context.Context, sq view.SearchQuery) (view.SearchPage, error) {
	var page view.SearchPage
	if sq.Limit <= 0 || sq.Limit > searchBlock {
		sq.Limit = 50
	}
	if sq.Offset < 0 || sq.Offset > 10000 {
		return page, workflow.Invalidf("trang kết quả không hợp lệ")
	}
	p := view.ParseSearch(sq.Text)
	var from, to *time.Time
	if !sq.From.IsZero() {
		from = &sq.From
	}
	if !sq.To.IsZero() {
		to = &sq.To
	}
	args := []any{p.TSQuery, nonNil(p.Codes), sq.Offset, codeCandidates,
		sq.State, sq.Kind, sq.Timing, sq.Unit, sq.Open, from, to,
		sq.AllUnits, nonNil(sq.Units), sq.SeeQuarantined, nonNil(sq.ForwardedUnits), sq.Limit + 1}
	sql := searchList
	limit := sq.Limit
	switch {
	case p.TSQuery != "":
		// The block of the page; the page ends with its block.
		block := sq.Offset / searchBlock
		inner := sq.Offset % searchBlock
		limit = min(sq.Limit, searchBlock-inner)
		want := (block+1)*searchBlock + 1
		var smp sample
		if err := u.Pool.QueryRow(ctx, searchSample, args...).Scan(&smp.maxID, &smp.rows, &smp.text, &smp.scope, &smp.both); err != nil {
			return page, fmt.Errorf("search: sample: %w", err)
		}
		args[2], args[3], args[15] = inner, want, limit+1
		args = append(args, smp.maxID-smp.walk(want), block*searchBlock, searchBlock)
		sql = searchText
	case len(p.Codes) > 0:
		sql = searchCodes
	}
	rows, err := u.Pool.Query(ctx, sql, args...)
	if err != nil {
		return page, fmt.Errorf("search: %w", err)
	}
	var next bool
	page.Hits, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (view.SearchHit, error) {
		var h view.SearchHit
		err := r.Scan(&h.ID, &h.Reference, &h.Subject, &h.FromName, &h.FromAddr, &h.State, &h.Kind, &h.Timing, &h.Unit,
			&h.Open, &h.ReceivedAt, &h.Rank, &h.Snippet, &next)
		return h, err
	})
	if err != nil {
		return page, fmt.Errorf("search: %w", err)
	}
	if len(page.Hits) > limit {
		page.Hits, page.More = page.Hits[:limit], true
	} else if next && len(page.Hits) == limit {
		page.More = true // the next block
	}
	return page, nil
}

// sample is what searchSample read of the newest rows of search_item.
type sample struct {
	maxID, rows, text, scope, both int64
}

// Costs per row, in nanoseconds, measured on the benchmark's million items
// (make bench-search, 2 cores): walking a row and checking its scope,
// checking its text, and fetching a row the GIN index found (index and a
// random heap page: 11–14 µs for the 8,000 matches of a name and a place,
// 6 µs for the 50,000 of a common phrase).
const (
	costWalkRow   = 600
	costTextCheck = 1500
	costIndexRow  = 12000
)

// walk is how many of the newest message ids the search walks before it
// asks the GIN index for the rest, for want candidates: as many as the
// sample says hold want matches, twice over, when walking them costs less
// than fetching every match of the text from the index; else none. The
// choice changes the time a search takes, never its results.
func (s sample) walk(want int) int64 {
	if s.rows == 0 {
		return 0
	}
	if s.rows < searchSampleRows {
		return s.maxID // the sample was the whole table
	}
	fText := float64(s.text) / float64(s.rows)
	fScope := float64(s.scope) / float64(s.rows)
	f := fText * fScope
	if s.both >= 5 { // enough matches in the sample to measure them together
		f = float64(s.both) / float64(s.rows)
	}
	if f == 0 {
		return 0
	}
	need := float64(want) / f
	walkCost := need * (costWalkRow + fScope*costTextCheck)
	indexCost := fText * float64(s.maxID) * costIndexRow
	if walkCost >= indexCost {
		return 0
	}
	return min(int64(2*need), s.maxID)
}
