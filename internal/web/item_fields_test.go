package web

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/document"
	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// A document as the derived report stores it (internal/document.Fields).
const sampleDocument = `{"found": true, "number": "125", "year": 0, "symbol": "QĐ-PBGDPL", "number_symbol": "125/QĐ-PBGDPL",
	"type": "Quyết định", "issuer": "CỤC PHỔ BIẾN, GIÁO DỤC PHÁP LUẬT", "issuer_parent": "BỘ TƯ PHÁP", "place": "Hà Nội",
	"signed_on": "2026-02-27", "summary": "Ban hành Kế hoạch công tác năm 2026", "signer": "Vũ Đình Khang",
	"signer_title": "PHÓ CỤC TRƯỞNG", "authority": "KT.", "authority_for": "CỤC TRƯỞNG", "secrecy": "", "urgency": "",
	"addressees": [], "recipients": ["Như Điều 3", "Cổng TTĐT Bộ Tư pháp (để đăng tải)", "Lưu: VT"],
	"portal_recipient": true, "portal_for_posting": false,
	"evidence": {"number_symbol": "Số: 125/QĐ-PBGDPL", "signer": "Vũ Đình Khang", "zz_other": "x"}}`

func TestDocFieldsInReadingOrderWithLabels(t *testing.T) {
	var doc document.Fields
	if err := json.Unmarshal([]byte(sampleDocument), &doc); err != nil {
		t.Fatal(err)
	}
	got := docFields(doc, "vi")
	var lines []string
	for _, f := range got {
		v := f.Value
		if f.List != nil {
			v = strings.Join(f.List, " | ")
		}
		lines = append(lines, f.Label+"="+v)
	}
	want := []string{
		"Số, ký hiệu=125/QĐ-PBGDPL", "Loại văn bản=Quyết định", "Cơ quan chủ quản=BỘ TƯ PHÁP",
		"Cơ quan ban hành=CỤC PHỔ BIẾN, GIÁO DỤC PHÁP LUẬT", "Địa danh=Hà Nội", "Ngày ban hành=27/02/2026",
		"Trích yếu=Ban hành Kế hoạch công tác năm 2026", "Thẩm quyền ký=KT.", "Ký theo thẩm quyền của=CỤC TRƯỞNG",
		"Chức vụ người ký=PHÓ CỤC TRƯỞNG", "Người ký=Vũ Đình Khang",
		"Nơi nhận=Như Điều 3 | Cổng TTĐT Bộ Tư pháp (để đăng tải) | Lưu: VT",
		"Nơi nhận có Cổng TTĐT Bộ=có", "Gửi Cổng để đăng tải=không",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("docFields:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	ev := docEvidence(doc, "en")
	if len(ev) != 3 || ev[0].Label != "Number and symbol" || ev[1].Label != "Signer" || ev[2].Label != "zz_other" {
		t.Errorf("evidence order/labels: %+v", ev)
	}
	if s := docSource("attachment:QD-125.pdf", "vi"); s != "tệp đính kèm QD-125.pdf" {
		t.Errorf("docSource: %q", s)
	}
}

func TestEventDetailReadsAsWords(t *testing.T) {
	var d map[string]any
	json.Unmarshal([]byte(`{"class": "admin_document", "deadlines": [{"article": "Điều 13 khoản 1", "due_at": "2026-11-30T04:00:00Z", "rule": "13.1", "state": "running"}]}`), &d)
	got := eventDetail(d, "vi")
	want := "loại thời hạn: Văn bản hành chính; thời hạn: (điều khoản: Điều 13 khoản 1, hạn: 30/11/2026 11:00, quy tắc: 13.1, trạng thái: đang tính)"
	if got != want {
		t.Errorf("eventDetail:\n got %q\nwant %q", got, want)
	}
	d = nil
	json.Unmarshal([]byte(`{"from": "received", "to": "awaiting_triage"}`), &d)
	if got := eventDetail(d, "vi"); got != "từ: Mới nhận; sang: Chờ phân loại" {
		t.Errorf("state change detail %q", got)
	}
	if got := eventLabel("deadlines_set", "vi"); got != "Đặt thời hạn" {
		t.Errorf("eventLabel(deadlines_set) %q", got)
	}
	if got := eventLabel("classify", "vi"); got != "Xác nhận phân loại" {
		t.Errorf("eventLabel(classify) %q", got)
	}
	if got := eventLabel("something_new", "vi"); got != "something_new" {
		t.Errorf("unknown kind %q", got)
	}
}

// The item page shows the document with Vietnamese labels and the history
// in words: no report key names, no Go map syntax.
func TestItemPageDocumentAndHistoryInVietnamese(t *testing.T) {
	e := newEnv(t)
	id := e.seed(7, "cuc-pbgdpl", time.Now().Add(time.Hour), "")
	ctx := context.Background()
	e.setReading(e.messageOf(id), func(r *finding.Reading) {
		if err := json.Unmarshal([]byte(sampleDocument), &r.Document); err != nil {
			t.Fatal(err)
		}
	})
	if _, err := e.store.Pool.Exec(ctx, `INSERT INTO submission_event (submission_id, actor, kind, detail) VALUES ($1, 'system', 'deadlines_set', $2)`,
		id, `{"class": "admin_document", "deadlines": [{"article": "Điều 13 khoản 1", "due_at": "2026-11-30T04:00:00Z", "rule": "13.1"}]}`); err != nil {
		t.Fatal(err)
	}
	e.account("lan", auth.Grant{Role: auth.RoleStandingBoard})
	page := e.login("lan").get(fmt.Sprintf("/items/%d", id))
	for _, want := range []string{"Số, ký hiệu", "125/QĐ-PBGDPL", "Ngày ban hành", "27/02/2026", "<li>Cổng TTĐT Bộ Tư pháp (để đăng tải)</li>",
		"Nơi nhận có Cổng TTĐT Bộ", "Đặt thời hạn", "hạn: 30/11/2026 11:00"} {
		if !strings.Contains(page, want) {
			t.Errorf("item page lacks %q", want)
		}
	}
	for _, bad := range []string{"map[", "number_symbol", "portal_recipient", ">deadlines_set<"} {
		if strings.Contains(page, bad) {
			t.Errorf("item page shows %q", bad)
		}
	}
}

// Dashboard rows are named in words (an empty timing class as what it
// means), every figure links to the list behind it, the rate says what it
// is a share of, and a group with nothing finished shows no rate (it read
// 100% before).
func TestChartRows(t *testing.T) {
	u := &UI{}
	from := time.Date(2026, 6, 1, 0, 0, 0, 0, workday.Zone)
	to := time.Date(2026, 12, 8, 0, 0, 0, 0, workday.Zone)
	ts := []view.Timeliness{{Key: "admin_document", OnTime: 3, Late: 1}, {Key: "", Open: 2}}
	c := newChart("vi", view.ByTiming, "Loại", ts, func(k string) string { return u.groupName(view.ByTiming, k, "vi") }, from, to)
	r0, r1 := c.Rows[0], c.Rows[1]
	if r0.Name != "Văn bản hành chính" || r1.Name != "Chưa xác định loại thời hạn" {
		t.Errorf("names %q, %q", r0.Name, r1.Name)
	}
	if r0.Rate != "75% (3/4)" || r1.Rate != "—" {
		t.Errorf("rates %q, %q", r0.Rate, r1.Rate)
	}
	if r0.OnW != 75 || r0.LateW != 25 || r0.LateX != 75 || r1.OpenW != 50 {
		t.Errorf("bar widths: %+v / %+v", r0, r1)
	}
	if want := "/dashboard/items?by=timing&from=2026-06-01&key=admin_document&outcome=late&to=2026-12-07"; r0.LateURL != want {
		t.Errorf("late link %q, want %q", r0.LateURL, want)
	}
	if r1.OpenURL != "/dashboard/items?by=timing&from=2026-06-01&outcome=open&to=2026-12-07" {
		t.Errorf("open link of the empty key %q", r1.OpenURL)
	}
	for _, g := range []struct{ by, key, want string }{
		{view.ByMonth, "2026-11", "11/2026"}, {view.ByPerson, "", "Chưa giao người xử lý"}, {view.ByUnit, "", "Chưa xác định đơn vị"},
	} {
		if got := u.groupName(g.by, g.key, "vi"); got != g.want {
			t.Errorf("groupName(%s, %q) = %q, want %q", g.by, g.key, got, g.want)
		}
	}
}

func TestRoleStateLabels(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{roleName(auth.RoleStandingBoard, "vi"), "Thường trực Ban Biên tập"},
		{roleName(auth.RoleUnitLiaison, "en"), "Unit liaison"},
		{roleName("new_role", "vi"), "new_role"},
		{accountStateName(auth.StateLocked, "vi"), "Đã khóa"},
		{deadlineStateName("breached", "vi"), "quá hạn"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	for _, r := range auth.Roles {
		if _, ok := roleLabels[string(r)]; !ok {
			t.Errorf("role %s has no label", r)
		}
	}
}

// The reasons stored in the report are classify.Reason.String(); the item
// page reads them back into words. This pins the two together.
func TestReasonsReadBack(t *testing.T) {
	units := func(code string) string {
		if code == "cuc-pbgdpl" {
			return "Cục Phổ biến, giáo dục pháp luật"
		}
		return code
	}
	in := []string{
		classify.Reason{Decision: "timing", Value: "admin_document", Source: "timing.admin-document.document", Weight: 4,
			Article: "Điều 10 khoản 1", Evidence: "có văn bản hành chính"}.String(),
		classify.Reason{Decision: "unit", Value: "cuc-pbgdpl", Source: "signal:sender_symbol", Weight: 2.5,
			Evidence: "địa chỉ người gửi có ký hiệu \"pbgdpl\": [x]"}.String(),
		classify.Reason{Decision: "language", Value: "vi", Source: "structure:language"}.String(),
		"something else entirely",
	}
	got := reasons(in, "vi", units)
	want := []reason{
		{Decision: "Loại thời hạn", Value: "Văn bản hành chính", Evidence: "có văn bản hành chính", Article: "Điều 10 khoản 1", Rule: "timing.admin-document.document, trọng số 4"},
		{Decision: "Đơn vị", Value: "Cục Phổ biến, giáo dục pháp luật", Evidence: "địa chỉ người gửi có ký hiệu \"pbgdpl\": [x]", Rule: "signal:sender_symbol, trọng số 2.5"},
		{Decision: "Ngôn ngữ", Value: "tiếng Việt", Rule: "structure:language"},
		{Raw: "something else entirely"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d reasons, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("reason %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// The inbox row counts down to each deadline still running, not only the
// nearest.
func TestInboxCountsDownToEachDeadline(t *testing.T) {
	e := newEnv(t)
	now := time.Now()
	id := e.seed(3, "cuc-pbgdpl", now.Add(time.Hour), "")
	for _, d := range []struct {
		rule string
		due  time.Time
	}{{"13.1", now.Add(2 * time.Hour)}, {"11.2", now.Add(26 * time.Hour)}} {
		if _, err := e.store.Pool.Exec(context.Background(), `INSERT INTO deadline (submission_id, rule_id, article, basis, rule, start_event, starts_at, allowed, due_at, state)
			VALUES ($1, $2, 'Điều '||$2, '', '{}', 'received', $3, '4 hours', $4, 'running')`, id, d.rule, now, d.due); err != nil {
			t.Fatal(err)
		}
	}
	e.account("lan", auth.Grant{Role: auth.RoleStandingBoard})
	page := e.login("lan").get("/inbox")
	if n := strings.Count(page, `<time class="countdown"`); n != 2 {
		t.Errorf("%d countdowns in the inbox, want 2 (13.1 and 11.2)", n)
	}
	if !strings.Contains(page, `<span class="later">`) || !strings.Contains(page, "Điều 11.2") {
		t.Errorf("the later 11.2 deadline is not shown:\n%.3000s", page)
	}
}

func TestSubmitterCompletedByTheAnswer(t *testing.T) {
	first := finding.Submitter{Name: "Nguyễn Văn A", Phone: "091*****67", Missing: []string{"tax_code", "citizen_id"}, Invalid: []string{"phone"}}
	answer := finding.Submitter{TaxCode: "0101****45", CitizenID: "0012******67", Phone: "098*****21", Invalid: []string{"citizen_id"}}
	took := completeSubmitter(&first, answer)
	if strings.Join(took, ",") != "tax_code,phone" {
		t.Errorf("took %v, want tax_code and phone (the answer's citizen ID is invalid itself)", took)
	}
	if first.TaxCode != "0101****45" || first.Phone != "098*****21" || first.CitizenID != "" || first.Name != "Nguyễn Văn A" {
		t.Errorf("merged %+v", first)
	}
	if strings.Join(first.Missing, ",") != "citizen_id" || len(first.Invalid) != 0 {
		t.Errorf("still missing %v, invalid %v; want citizen_id missing, nothing invalid", first.Missing, first.Invalid)
	}
}

// Điều 11 khoản 2: once the author answers the supplement request, the item
// page shows the sender data completed by the answer and says so.
func TestItemPageSenderDataCompletedByAnswer(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.seed(5, "cuc-pbgdpl", time.Now().Add(time.Hour), "") // its report misses the tax code
	var mid int64
	if err := e.store.Pool.QueryRow(ctx, `INSERT INTO message (message_id, sha256, size, received_at, kind, submission_id) VALUES ('ans5@b.vn', 'ans5', 10, now(), 'submission', $1) RETURNING id`, id).Scan(&mid); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.Pool.Exec(ctx, `INSERT INTO message_parsed (message_id, subject, from_addr) VALUES ($1, 'Re: bổ sung', 'a@b.vn')`, mid); err != nil {
		t.Fatal(err)
	}
	e.setReading(mid, func(r *finding.Reading) {
		r.Submitter = finding.Submitter{Name: "Nguyễn Văn A", TaxCode: "0101****45"}
	})
	if _, err := e.store.Pool.Exec(ctx, `INSERT INTO supplement_request (submission_id, to_addr, message_id, missing, requested_at, answered_at, answer_message_id, supplied)
		VALUES ($1, 'a@b.vn', 'TN-2026-000005.bosung@x', '{tax_code}', now() - interval '1 hour', now(), $2, '{tax_code}')`, id, mid); err != nil {
		t.Fatal(err)
	}
	e.account("lan", auth.Grant{Role: auth.RoleStandingBoard})
	page := e.login("lan").get(fmt.Sprintf("/items/%d", id))
	if !strings.Contains(page, "0101****45") || !strings.Contains(page, `id="supplied"`) {
		t.Errorf("the answer's tax code is not shown as supplied:\n%.4000s", page)
	}
	if strings.Contains(page, `<span class="badge g">Mã số thuế</span>`) {
		t.Error("the tax code is still listed as missing after the answer")
	}
}

// FuzzReasons: any reason text is shown (read back or as it is, never a
// panic), and every reason classify writes is read back field for field.
func FuzzReasons(f *testing.F) {
	f.Add("unit", "cuc-pbgdpl", "signal:issuer", 2.5, "Điều 9 khoản 3", "cơ quan ban hành: [x] (y)")
	f.Add("kind", "publish", "kind.publish.request", 0.0, "", "")
	f.Add("timing", "", "x", -1.0, "a]b", "")
	f.Fuzz(func(t *testing.T, decision, value, source string, weight float64, article, evidence string) {
		raw := classify.Reason{Decision: decision, Value: value, Source: source, Weight: weight, Article: article, Evidence: evidence}.String()
		got := reasons([]string{raw}, "vi", func(s string) string { return s })
		if len(got) != 1 {
			t.Fatalf("%d reasons from one", len(got))
		}
		r := got[0]
		if r.Raw != "" {
			if r.Raw != raw {
				t.Fatalf("unreadable reason changed: %q → %q", raw, r.Raw)
			}
			return
		}
		// What classify writes: a known decision, one-word value and
		// source, an article without ']', a finite weight.
		wellFormed := regexp.MustCompile(`^[a-z_]+$`).MatchString(decision) && !strings.ContainsAny(value, " \t\n\r") && value == strings.TrimSpace(value) &&
			source != "" && !strings.ContainsAny(source, " \t\n\r") && !strings.Contains(article, "]") && !strings.ContainsAny(article, "\n\r") &&
			!math.IsNaN(weight) && !math.IsInf(weight, 0) && !strings.HasPrefix(evidence, " ")
		if !wellFormed {
			return
		}
		if r.Evidence != evidence || r.Article != article || !strings.HasPrefix(r.Rule, source) {
			t.Errorf("read back %+v from %q", r, raw)
		}
	})
}

// FuzzHistoryAndDocument: whatever JSON a history entry's detail or a
// report's document holds, the page shows text (never Go's map syntax) and
// never panics.
func FuzzHistoryAndDocument(f *testing.F) {
	f.Add([]byte(`{"class": "admin_document", "deadlines": [{"article": "Điều 13 khoản 1", "due_at": "2026-11-30T04:00:00Z", "state": "running"}]}`))
	f.Add([]byte(sampleDocument))
	f.Add([]byte(`{"from": null, "to": [1, {"a": []}], "evidence": {"x": {"y": true}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var m map[string]any
		if json.Unmarshal(b, &m) != nil {
			return
		}
		for _, lang := range []string{"vi", "en"} {
			if s := eventDetail(m, lang); strings.Contains(s, "map[") && !strings.Contains(string(b), "map[") {
				t.Fatalf("Go map syntax in %q", s)
			}
			var doc document.Fields
			json.Unmarshal(b, &doc) // what fits the document's fields
			for _, fl := range append(docFields(doc, lang), docEvidence(doc, lang)...) {
				if strings.Contains(fl.Value, "map[") && !strings.Contains(string(b), "map[") {
					t.Fatalf("Go map syntax in field %+v", fl)
				}
			}
		}
	})
}

// A manager clicks from a dashboard figure to the list behind it: the
// late posting deadline of the unit's item is listed with its reference;
// the figures say what they count.
func TestDashboardFigureOpensItsList(t *testing.T) {
	e := newEnv(t)
	now := time.Now()
	id := e.seed(7, "cuc-pbgdpl", now.Add(-3*time.Hour), "")
	if _, err := e.store.Pool.Exec(context.Background(), `INSERT INTO deadline (submission_id, rule_id, article, basis, rule, start_event, starts_at, allowed, due_at, state, stopped_at, breached_at)
		VALUES ($1, '13.1', 'Điều 13 khoản 1', '', '{}', 'received', $2, '4 hours', $3, 'breached', $4, $3)`, id, now.Add(-7*time.Hour), now.Add(-3*time.Hour), now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	mgr := e.signedIn("quan", auth.Grant{Role: auth.RoleManager})
	dash := mgr.get("/dashboard")
	for _, want := range []string{"Tỷ lệ đúng hạn = đúng hạn / (đúng hạn", "0% (0/1)", "Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý"} {
		if !strings.Contains(dash, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	if strings.Contains(dash, ">100%<") {
		t.Error("a rate of 100% over nothing is shown")
	}
	m := regexp.MustCompile(`href="(/dashboard/items\?by=unit&amp;[^"]*outcome=late[^"]*)"`).FindStringSubmatch(dash)
	if m == nil {
		t.Fatalf("no link from the unit's late figure:\n%.4000s", dash)
	}
	list := mgr.get(htmlUnescape(m[1]))
	if !strings.Contains(list, "TN-2026-000007") || !strings.Contains(list, "Điều 13.1") {
		t.Errorf("the list behind the late figure lacks the item:\n%.3000s", list)
	}
	e.account("bien", auth.Grant{Role: auth.RoleEditor})
	if resp := e.login("bien").do("GET", htmlUnescape(m[1]), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an editor without the dashboard right got %d", resp.StatusCode)
	}
}

// The search page finds an item by words typed without diacritics, marks
// the matched words and escapes everything else of the passage; the header
// carries the search box on every page.
func TestSearchPage(t *testing.T) {
	e := newEnv(t)
	id := e.seed(8, "cuc-pbgdpl", time.Now().Add(time.Hour), "")
	if _, err := e.store.Pool.Exec(context.Background(), `INSERT INTO message_search (message_id, head, body) VALUES ($1, 'Tin 8', 'Hội nghị về trợ giúp pháp lý <script>alert(1)</script> & "Luật" tại Hà Nội')`, e.messageOf(id)); err != nil {
		t.Fatal(err)
	}
	lan := e.signedIn("lan", auth.Grant{Role: auth.RoleStandingBoard})
	page := lan.get("/search?q=tro+giup")
	if !strings.Contains(page, `href="/items/`+strconv.FormatInt(id, 10)+`"`) {
		t.Fatalf("the item is not found:\n%.3000s", page)
	}
	if !strings.Contains(page, "<mark>trợ</mark> <mark>giúp</mark>") || strings.Contains(page, "<script>alert") || !strings.Contains(page, "&amp; &#34;Luật&#34;") {
		i := strings.Index(page, "snippet")
		t.Errorf("snippet not marked or not escaped:\n%.600s", page[max(i, 0):])
	}
	if !strings.Contains(lan.get("/inbox"), `<input type="search" id="q" name="q"`) {
		t.Error("no search box in the header")
	}
	if got := lan.get("/search?q=kh%C3%B4ng+c%C3%B3+g%C3%AC"); !strings.Contains(got, "Không tìm thấy hồ sơ nào") {
		t.Error("an empty result is not said")
	}
}

// The item page says whose valid signature the document carries and when,
// and what is wrong with a broken one (Điều 6 khoản 1).
func TestItemPageSignatureBadges(t *testing.T) {
	e := newEnv(t)
	id := e.seed(7, "cuc-pbgdpl", time.Now().Add(time.Hour), "")
	at1, at2 := time.Date(2024, 7, 12, 3, 0, 0, 0, time.UTC), time.Date(2024, 7, 12, 4, 0, 0, 0, time.UTC)
	e.setReading(e.messageOf(id), func(r *finding.Reading) {
		r.Signatures = []finding.SignedFile{{Filename: "QD-1319.pdf", Signatures: []finding.Signature{
			{Kind: "signature", Signer: "Nguyễn Văn An", Organization: "Bộ Tư pháp", Issuer: "Test Root CA",
				SignedAt: &at1, Timestamped: true, Valid: true, Trusted: true},
			{Kind: "signature", Signer: "Bộ Tư pháp", Organization: "Bộ Tư pháp", Issuer: "Test Root CA",
				SignedAt: &at2, CoversWholeFile: true, Problem: "altered"}}}}
	})
	e.account("lan", auth.Grant{Role: auth.RoleStandingBoard})
	page := e.login("lan").get(fmt.Sprintf("/items/%d", id))
	for _, want := range []string{
		`<span class="badge">Văn bản có chữ ký số hợp lệ của Nguyễn Văn An (Bộ Tư pháp) lúc 10:00 12/07/2024 (dấu thời gian); cấp bởi Test Root CA (tệp QD-1319.pdf)</span>`,
		`<span class="badge g">Chữ ký số của Bộ Tư pháp không hợp lệ — nội dung đã bị sửa sau khi ký; cấp bởi Test Root CA (tệp QD-1319.pdf)</span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("item page lacks %s", want)
		}
	}
}
