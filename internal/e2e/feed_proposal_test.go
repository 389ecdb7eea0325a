package e2e

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/app"
	"github.com/moj-portal/tiepnhan/internal/mailparse"
)

// TestFeedProposesPublication serves the Portal's RSS 2.0 feed from a local
// HTTP server with two new items: the publication of an open news item
// (an edited title, the first paragraphs of its text) and an unrelated
// item. The import records one proposal on that submission, with the URL
// and the feed's time, and its history says so; the unrelated item
// proposes nothing; importing the feed again adds nothing.
func TestFeedProposesPublication(t *testing.T) {
	u := startUIService(t)
	ctx := context.Background()
	pool := u.svc.Pool
	raw := corpus(t)["050-tin-hoi-nghi-thads-nghe-an.eml"]
	sub := u.deliver(t, raw, time.Now().Add(-3*time.Hour))
	if n := waitCount(t, pool, 1, 2*time.Minute, `SELECT count(*) FROM fingerprint WHERE submission_id = $1`, sub); n != 1 {
		dumpJobs(t, pool)
		t.Fatal("the news item has no fingerprint (not classified for posting)")
	}
	m, err := mailparse.Parse(bytes.NewReader(raw), mailparse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := []rune(strings.Join(strings.Fields(m.Text), " "))
	summary := string(text[:min(len(text), 700)])
	pubAt := time.Now().Add(-time.Hour).Truncate(time.Second)
	match := "https://moj.gov.vn/qt/tintuc/Pages/hoi-nghi-thads-nghe-an.aspx"
	other := "https://moj.gov.vn/qt/tintuc/Pages/trien-khai-cong-tac-2026.aspx"
	feed := fmt.Sprintf(`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Cổng Thông tin điện tử Bộ Tư pháp</title><link>https://moj.gov.vn</link><description>Tin tức</description>
<item><title>Tập huấn nghiệp vụ thi hành án dân sự tại Nghệ An</title><link>%s</link><pubDate>%s</pubDate><description>%s</description></item>
<item><title>Bộ Tư pháp triển khai công tác năm 2026</title><link>%s</link><pubDate>%s</pubDate><description>Sáng nay, Bộ trưởng Bộ Tư pháp chủ trì hội nghị triển khai công tác năm 2026 của ngành Tư pháp với các đơn vị thuộc Bộ và các Sở Tư pháp.</description></item>
</channel></rss>`, match, pubAt.Format(time.RFC1123Z), html.EscapeString(summary), other, pubAt.Format(time.RFC1123Z))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprint(w, feed)
	}))
	defer srv.Close()

	for range 2 { // the second import finds the proposal made
		if _, err := app.ImportFeed(ctx, u.svc.Store, srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	props, err := u.svc.Store.OpenProposals(ctx, pool, sub)
	if err != nil {
		t.Fatal(err)
	}
	if len(props) != 1 || props[0].Link != match || props[0].PublishedAt == nil || !props[0].PublishedAt.Equal(pubAt) {
		t.Fatalf("proposals %+v, want one for %s at %s", props, match, pubAt)
	}
	var others, events int
	pool.QueryRow(ctx, `SELECT count(*) FROM publish_proposal WHERE link = $1`, other).Scan(&others)
	pool.QueryRow(ctx, `SELECT count(*) FROM submission_event WHERE submission_id = $1 AND kind = 'publication_proposed'`, sub).Scan(&events)
	if others != 0 || events != 1 {
		t.Errorf("%d proposals of the unrelated item, %d history entries (want 0, 1)", others, events)
	}
}
