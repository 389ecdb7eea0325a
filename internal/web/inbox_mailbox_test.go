package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/view"
)

// With several mailboxes the inbox names the mailbox of each item and
// filters by it; with one, neither the column nor the filter shows.
func TestInboxMailboxColumnAndFilter(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	const board, english = "banbientap@moj.gov.vn@mail.moj.gov.vn:993", "english@moj.gov.vn@mail.moj.gov.vn:993"
	en := e.seed(1, "cuc-pbgdpl", time.Now().Add(time.Hour), "")
	bbt := e.seed(2, "cuc-pbgdpl", time.Now().Add(2*time.Hour), "")
	e.seed(3, "cuc-pbgdpl", time.Now().Add(3*time.Hour), "")
	for sid, acct := range map[int64]string{en: english, bbt: board} {
		if _, err := e.store.Pool.Exec(ctx, `WITH mb AS (INSERT INTO mailbox (account, name) VALUES ($2, 'INBOX')
			ON CONFLICT (account, name) DO UPDATE SET name = EXCLUDED.name RETURNING id)
			UPDATE message SET mailbox_id = (SELECT id FROM mb) WHERE id = $1`, e.messageOf(sid), acct); err != nil {
			t.Fatal(err)
		}
	}
	lan := e.signedIn("lan", auth.Grant{Role: auth.RoleStandingBoard})
	if page := lan.get("/inbox"); strings.Contains(page, `name="mailbox"`) {
		t.Fatal("a filter by mailbox with one mailbox")
	}
	e.web.Mailboxes = []view.Mailbox{{Account: board, Name: "Ban Biên tập"}, {Account: english, Name: "Cổng tiếng Anh"}}
	page := lan.get("/inbox")
	for _, want := range []string{`<option value="` + english + `" >Cổng tiếng Anh</option>`, "<td>Cổng tiếng Anh</td>", "<td>Ban Biên tập</td>", "<td>giấy / kênh khác</td>"} {
		if !strings.Contains(page, want) {
			t.Errorf("inbox lacks %s", want)
		}
	}
	page = lan.get("/inbox?mailbox=" + english)
	if !strings.Contains(page, "TN-2026-000001") || strings.Contains(page, "TN-2026-000002") || strings.Contains(page, "TN-2026-000003") {
		t.Errorf("the English mailbox's filter shows other items:\n%.2000s", page)
	}
	if !strings.Contains(page, `<option value="`+english+`" selected>`) {
		t.Error("the filter does not keep its choice")
	}
}
