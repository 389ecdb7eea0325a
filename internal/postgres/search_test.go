package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// searchItem stores one item as the pipeline does: the message derived from
// raw mail (derive.Derive, attachments read) and saved with SaveParsed,
// which indexes its redacted text.
func searchItem(t *testing.T, s *Store, n int, received time.Time, unit, raw string) int64 {
	t.Helper()
	ctx := context.Background()
	sid := seedItem(t, s, n, received, derivedJSON("publish", "news_event", unit, received.Add(4*time.Hour)))
	var mid int64
	if err := s.Pool.QueryRow(ctx, `SELECT first_message_id FROM submission WHERE id = $1`, sid).Scan(&mid); err != nil {
		t.Fatal(err)
	}
	p := derive.Derive(ctx, []byte(strings.ReplaceAll(raw, "\n", "\r\n")), derive.Options{ReceivedAt: received}).Parsed(mid)
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if err := s.SaveParsed(ctx, tx, p); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	return sid
}

const searchMailA = `From: Phòng Tư pháp <tuphap@quan1.example.vn>
To: banbientap@moj.gov.vn
Subject: =?UTF-8?B?VHLhu6MgZ2nDunAgcGjDoXAgbMO9IGzGsHUgxJHhu5luZw==?=
Message-ID: <a1@quan1.example.vn>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=B

--B
Content-Type: text/plain; charset=utf-8

Kính gửi Ban Biên tập, xin gửi tin về hoạt động hòa giải ở cơ sở.
--B
Content-Type: text/plain; charset=utf-8; name="tin.txt"
Content-Disposition: attachment; filename="tin.txt"

Công văn số 125/QĐ-PBGDPL về trợ giúp pháp lý cho người dân.
Người liên hệ: Nguyễn Văn An, số CCCD 001203004567, điện thoại 0912345678.
--B--
`

const searchMailB = `From: Cục Hành chính tư pháp <hctp@moj.gov.vn>
To: banbientap@moj.gov.vn
Subject: Hội nghị tập huấn hộ tịch
Message-ID: <b1@moj.gov.vn>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Sáng nay, Cục Hành chính tư pháp tổ chức hội nghị tập huấn nghiệp vụ hộ tịch tại Hà Nội.
`

// Search finds items open and closed by words typed with or without
// diacritics, by phrase and prefix, by tracking reference and number and
// symbol; it stays within the principal's scope and never finds sealed
// personal data (the index holds the redacted text only).
func TestSearch(t *testing.T) {
	t.Parallel()
	s, u := testUI(t)
	ctx := context.Background()
	base := time.Date(2026, 12, 3, 9, 0, 0, 0, workday.Zone)
	a := searchItem(t, s, 1, base, "cuc-pbgdpl", searchMailA)
	b := searchItem(t, s, 2, base.Add(time.Hour), "cuc-hctp", searchMailB)
	// b is closed: it is found all the same (and in the archive).
	if _, err := s.Pool.Exec(ctx, `UPDATE submission SET state = 'published' WHERE id = $1`, b); err != nil {
		t.Fatal(err)
	}
	board := principal(s, t, "lan", auth.Grant{Role: auth.RoleStandingBoard})
	find := func(p auth.Principal, text string, tune ...func(*view.SearchQuery)) []int64 {
		t.Helper()
		q := view.SearchQuery{Text: text}
		if !view.SearchScopeFor(&q, p) {
			t.Fatalf("%s may not search", p.Username)
		}
		for _, f := range tune {
			f(&q)
		}
		page, err := u.Search(ctx, q)
		if err != nil {
			t.Fatalf("search %q: %v", text, err)
		}
		var ids []int64
		for _, h := range page.Hits {
			ids = append(ids, h.ID)
		}
		return ids
	}
	for _, c := range []struct {
		text string
		want []int64
	}{
		{"tro giup phap ly", []int64{a}},       // without diacritics
		{"Trợ giúp pháp lý", []int64{a}},       // with them
		{"TRO GIUP", []int64{a}},               // any case
		{"tập huấn", []int64{b}},               // a closed item
		{`"hội nghị tập huấn"`, []int64{b}},    // a phrase
		{`"tập huấn hội nghị"`, nil},           // the phrase in the wrong order
		{"ho tic", []int64{b}},                 // prefixes
		{"TN-2026-000002", []int64{b}},         // tracking reference
		{"2026-000001", []int64{a}},            // part of it
		{"125/QĐ-PBGDPL", []int64{a}},          // number and symbol, from an attachment
		{"125/qđ-pbgdpl trợ giúp", []int64{a}}, // code and words together
		{"125/QĐ-PBGDPL hộ tịch", nil},         // both must match
		{"hòa giải cơ sở", []int64{a}},         // the body
		{"001203004567", nil},                  // a citizen ID in the attachment: sealed, not indexed
		{"0912345678", nil},                    // a phone
		{"tuphap quan1", []int64{a}},           // the sender's address
		{"không có gì như thế này", nil},       // nothing
	} {
		if got := find(board, c.text); !slices.Equal(got, c.want) {
			t.Errorf("search %q = %v, want %v", c.text, got, c.want)
		}
	}
	// Both match a common word; filters combine with the text.
	if got := find(board, "ban biên tập"); len(got) != 1 || got[0] != a {
		t.Errorf("'ban biên tập' = %v", got)
	}
	if got := find(board, "cục", func(q *view.SearchQuery) { q.Open = "closed" }); !slices.Equal(got, []int64{b}) {
		t.Errorf("closed items with 'cục' = %v, want [%d]", got, b)
	}
	if got := find(board, "", func(q *view.SearchQuery) { q.Open = "closed" }); !slices.Equal(got, []int64{b}) {
		t.Errorf("archive = %v, want [%d]", got, b)
	}
	if got := find(board, "", func(q *view.SearchQuery) { q.Unit = "cuc-pbgdpl" }); !slices.Equal(got, []int64{a}) {
		t.Errorf("unit filter = %v, want [%d]", got, a)
	}

	// The snippet marks the matched words of the best passage.
	q := view.SearchQuery{Text: "tro giup"}
	view.SearchScopeFor(&q, board)
	page, err := u.Search(ctx, q)
	if err != nil || len(page.Hits) != 1 {
		t.Fatalf("snippet search: %+v %v", page, err)
	}
	if sn := page.Hits[0].Snippet; !strings.Contains(sn, view.Mark+"trợ"+view.MarkEnd) || strings.Contains(sn, "001203004567") {
		t.Errorf("snippet %q", sn)
	}

	// A liaison of cuc-hctp sees only what was forwarded to their unit.
	liaison := principal(s, t, "hoa", auth.Grant{Role: auth.RoleUnitLiaison, Unit: "cuc-hctp"})
	if got := find(liaison, "tập huấn"); got != nil {
		t.Errorf("a liaison found an item not forwarded to their unit: %v", got)
	}
	if _, err := s.Pool.Exec(ctx, `UPDATE triage SET forwarded_unit = 'cuc-hctp' WHERE submission_id = $1`, b); err != nil {
		t.Fatal(err)
	}
	if got := find(liaison, "tập huấn"); !slices.Equal(got, []int64{b}) {
		t.Errorf("the liaison's forwarded item: %v", got)
	}
	if got := find(liaison, "trợ giúp"); got != nil {
		t.Errorf("a liaison found another unit's item: %v", got)
	}
	// A manager of one unit sees that unit only; quarantined items only the
	// Standing Board.
	mgr := principal(s, t, "quan", auth.Grant{Role: auth.RoleManager, Unit: "cuc-hctp"})
	if got := find(mgr, "trợ giúp"); got != nil {
		t.Errorf("a manager of cuc-hctp found a cuc-pbgdpl item: %v", got)
	}
	if _, err := s.Pool.Exec(ctx, `UPDATE triage SET quarantined = true WHERE submission_id = $1`, b); err != nil {
		t.Fatal(err)
	}
	if got := find(mgr, "tập huấn"); got != nil {
		t.Errorf("a manager found a quarantined item: %v", got)
	}
	if got := find(board, "tập huấn"); !slices.Equal(got, []int64{b}) {
		t.Errorf("the Standing Board lost the quarantined item: %v", got)
	}
}

// The two steps of a text search (walking the newest rows, then the GIN
// index for the older ones) find the same candidates wherever the walk
// stops; results come in blocks of searchBlock ranked together, and the
// scope copied into search_item follows triage (migration 00053).
func TestSearchWalkAndIndexAgree(t *testing.T) {
	t.Parallel()
	s, u := testUI(t)
	ctx := context.Background()
	base := time.Date(2026, 12, 3, 9, 0, 0, 0, workday.Zone)
	n := searchBlock + 30
	var ids []int64
	for i := 1; i <= n; i++ {
		unit := "cuc-pbgdpl"
		if i%3 == 0 {
			unit = "cuc-hctp"
		}
		sid := seedItem(t, s, i, base.Add(time.Duration(i)*time.Minute), derivedJSON("publish", "news_event", unit, base.Add(8*time.Hour)))
		body := "Hội nghị tập huấn về hộ tịch"
		if i%2 == 0 {
			body = "Trợ giúp pháp lý cho người dân; hội nghị tập huấn"
		}
		if _, err := s.Pool.Exec(ctx, `INSERT INTO message_search (message_id, head, body) SELECT first_message_id, $2, $3 FROM submission WHERE id = $1`,
			sid, fmt.Sprintf("Tin %d", i), body); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sid)
	}
	var maxID int64
	if err := s.Pool.QueryRow(ctx, `SELECT max(message_id) FROM search_item`).Scan(&maxID); err != nil {
		t.Fatal(err)
	}
	board := principal(s, t, "lan", auth.Grant{Role: auth.RoleStandingBoard})
	member := principal(s, t, "hung", auth.Grant{Role: auth.RoleBoardMember, Unit: "cuc-hctp"})
	run := func(p auth.Principal, text string, offset int, lo int64) ([]int64, bool) {
		t.Helper()
		q := view.SearchQuery{Text: text, Limit: 50, Offset: offset}
		view.SearchScopeFor(&q, p)
		ps := view.ParseSearch(q.Text)
		block, inner := offset/searchBlock, offset%searchBlock
		rows, err := u.Pool.Query(ctx, searchText, ps.TSQuery, []string{}, inner, (block+1)*searchBlock+1,
			"", "", "", "", "", nil, nil, q.AllUnits, nonNil(q.Units), q.SeeQuarantined, nonNil(q.ForwardedUnits), 51,
			lo, block*searchBlock, searchBlock)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		var next bool
		for rows.Next() {
			var h view.SearchHit
			if err := rows.Scan(&h.ID, &h.Reference, &h.Subject, &h.FromName, &h.FromAddr, &h.State, &h.Kind, &h.Timing, &h.Unit,
				&h.Open, &h.ReceivedAt, &h.Rank, &h.Snippet, &next); err != nil {
				t.Fatal(err)
			}
			got = append(got, h.ID)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return got, next
	}
	for _, c := range []struct {
		p      auth.Principal
		text   string
		offset int
	}{
		{board, "tập huấn", 0}, {board, "tập huấn", 150}, {board, "tập huấn", searchBlock}, {board, "tro giup", 0},
		{member, "hội nghị", 0}, {member, "trợ giúp", 0},
	} {
		want, wantNext := run(c.p, c.text, c.offset, maxID) // the index only
		if len(want) == 0 {
			t.Fatalf("%q at %d: nothing found", c.text, c.offset)
		}
		for _, lo := range []int64{0, maxID - 40, maxID - 120, maxID - 400} {
			if got, next := run(c.p, c.text, c.offset, lo); !slices.Equal(got, want) || next != wantNext {
				t.Errorf("%q at %d walking down to %d: %v next %v; the index alone: %v next %v", c.text, c.offset, lo, got, next, want, wantNext)
			}
		}
	}

	// Blocks: the first block holds the newest searchBlock matches, the
	// next the rest; the pages of a block never repeat an item.
	q := view.SearchQuery{Text: "tap huan", Limit: 50}
	view.SearchScopeFor(&q, board)
	seen := map[int64]bool{}
	for page := 0; ; page++ {
		q.Offset = page * 50
		res, err := u.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if seen[h.ID] {
				t.Fatalf("page %d repeats item %d", page, h.ID)
			}
			seen[h.ID] = true
			if page < searchBlock/50 && h.ID <= ids[n-searchBlock-1] {
				t.Errorf("page %d (first block) holds item %d, older than the newest %d", page, h.ID, searchBlock)
			}
		}
		if !res.More {
			break
		}
		if page > 10 {
			t.Fatal("no end of pages")
		}
	}
	if len(seen) != n {
		t.Errorf("the pages hold %d items, want all %d", len(seen), n)
	}

	// A unit changed by triage moves the item in or out of a member's scope.
	hctp := func() int {
		q := view.SearchQuery{Text: "trợ giúp pháp lý", Limit: 200}
		view.SearchScopeFor(&q, member)
		res, err := u.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return len(res.Hits)
	}
	before := hctp()
	if _, err := s.Pool.Exec(ctx, `UPDATE triage SET unit = 'cuc-hctp' WHERE submission_id = $1`, ids[1]); err != nil {
		t.Fatal(err)
	}
	if after := hctp(); after != before+1 {
		t.Errorf("after moving item %d to cuc-hctp the member finds %d items, before %d", ids[1], after, before)
	}
}

// walk walks when a common word makes walking cheaper than the index,
// never for a word the sample did not meet, and the whole table when the
// sample was all of it.
func TestSampleWalk(t *testing.T) {
	for _, c := range []struct {
		name string
		s    sample
		want int64
	}{
		{"empty", sample{}, 0},
		{"small table", sample{maxID: 900, rows: 900, text: 0}, 900},
		{"common word", sample{maxID: 1_000_000, rows: 2000, text: 100, scope: 2000, both: 100}, 2 * 201 * 20},
		{"every item", sample{maxID: 1_000_000, rows: 2000, text: 2000, scope: 2000, both: 2000}, 2 * 201},
		{"rare word", sample{maxID: 1_000_000, rows: 2000, text: 0, scope: 2000}, 0},
		{"a word in 1 %, a scope of 10 %", sample{maxID: 1_000_000, rows: 2000, text: 20, scope: 200, both: 2}, 0},
		{"a common word in a unit", sample{maxID: 1_000_000, rows: 2000, text: 100, scope: 90, both: 4}, 178666}, // 2 × 201 / (5 % × 4.5 %)
	} {
		if got := c.s.walk(201); got != c.want {
			t.Errorf("%s: walk = %d, want %d", c.name, got, c.want)
		}
	}
}
