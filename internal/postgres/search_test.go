package postgres

import (
	"context"
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
	s := testStore(t)
	u := &UI{Store: s, Keys: testKeys(t)}
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
