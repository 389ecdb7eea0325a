package classify

import (
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Đề nghị ĐĂNG TẢI!":       "de nghi dang tai",
		"Hoà  giải\tcơ sở":        "hoa giai co so",
		"Ho\u0300a gia\u0309i":    "hoa giai", // decomposed (windows-1258)
		"  -- ":                   "",
		"Số: 125/QĐ-PBGDPL":       "so 125 qd pbgdpl",
		"\xff invalid \xfe bytes": "invalid bytes",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Words("Hoà giải"); got != "hoà giải" {
		t.Errorf("Words kept %q", got)
	}
}

func TestPhraseMatching(t *testing.T) {
	h := newHaystack("Tin: Hội nghị tập huấn")
	for p, want := range map[string]bool{"^tin": true, "tin": true, "hội nghị": true, "hoi nghi": true, "hỏi": false, "^hội": false} {
		if got := h.has(newPhrase(p)); got != want {
			t.Errorf("%q in %q: %v", p, "Tin: Hội nghị tập huấn", got)
		}
	}
	if newHaystack("thông tin người gửi").has(newPhrase("^tin")) {
		t.Error("anchored phrase matched mid-text")
	}
	// A text typed without diacritics matches phrases written with them.
	if !newHaystack("cho toi hoi ve ly lich tu phap").has(newPhrase("lý lịch tư pháp")) {
		t.Error("plain text did not match in folded form")
	}
	// A text with diacritics does not match a different word that folds alike.
	if newHaystack("Hội nghị").has(newPhrase("hỏi")) {
		t.Error("hội matched hỏi")
	}
}

func FuzzFold(f *testing.F) {
	f.Add("Đề nghị đăng tải")
	f.Add("Ho\u0300a gia\u0309i")
	f.Fuzz(func(t *testing.T, s string) {
		w, fo := Words(s), Fold(s)
		if !utf8.ValidString(w) || !utf8.ValidString(fo) {
			t.Fatal("invalid UTF-8 out")
		}
		if strings.HasPrefix(fo, " ") || strings.HasSuffix(fo, " ") || strings.Contains(fo, "  ") {
			t.Fatalf("Fold(%q) = %q: spaces not normalised", s, fo)
		}
		if Fold(fo) != fo {
			t.Fatalf("Fold not idempotent on %q", s)
		}
	})
}

func TestEventDate(t *testing.T) {
	recv := time.Date(2026, 1, 28, 17, 12, 0, 0, ict)
	for _, tc := range []struct{ text, want, snip string }{
		{"Sáng ngày 21/01/2026, tại Vinh, Cục tổ chức Hội nghị.", "2026-01-21", "ngày 21/01/2026"},
		{"Ha Noi, 28 January 2026 - The two sides met on 27 January 2026.", "2026-01-27", "on 27 January 2026"},
		{"Hội nghị diễn ra ngày 27 tháng 1 năm 2026 tại Hà Nội.", "2026-01-27", "ngày 27 tháng 1 năm 2026"},
		{"Held on January 26, 2026 in Hanoi.", "2026-01-26", "on January 26, 2026"},
		{"Báo cáo 15/7/2025 và hội nghị ngày 20/01/2026", "2026-01-20", "ngày 20/01/2026"},
		{"Kế hoạch năm 2026, hội nghị ngày 30/01/2026 (sau khi nhận).", "", ""},
		{"ngày 31/02/2026 không có", "", ""},
		{"không có ngày nào", "", ""},
	} {
		d, snip, ok := EventDate(tc.text, recv)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tc.want || (ok && !strings.Contains(snip, strings.TrimPrefix(tc.snip, "Sáng "))) {
			t.Errorf("EventDate(%q) = %q %q, want %q %q", tc.text, got, snip, tc.want, tc.snip)
		}
	}
}

func FuzzEventDate(f *testing.F) {
	f.Add("Sáng ngày 21/11/2025, tại Vinh", int64(1764000000))
	f.Add("on 27 January 2026", int64(0))
	f.Add("ngày 99 tháng 99 năm 99999", int64(1764000000))
	f.Fuzz(func(t *testing.T, text string, unix int64) {
		recv := time.Unix(unix%4e9, 0)
		d, snip, ok := EventDate(text, recv)
		if !ok {
			return
		}
		if _, err := workday.NewDate(d.Year, d.Month, d.Day); err != nil {
			t.Fatalf("invalid date %v from %q", d, text)
		}
		if !strings.Contains(text, snip) {
			t.Fatalf("snippet %q not in text", snip)
		}
		r := workday.DateOf(recv)
		if r.Before(d) {
			t.Fatalf("date %v after receipt %v", d, r)
		}
	})
}

func TestParseFeed(t *testing.T) {
	f, err := os.Open("../../testdata/corpus/published.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	items, err := ParseFeed(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 20 {
		t.Fatalf("%d items, want 20", len(items))
	}
	for _, it := range items {
		if !strings.HasPrefix(it.Link, "https://moj.gov.vn/") || it.Title == "" || it.At.IsZero() || len(it.Text) < 100 || strings.Contains(it.Text, "<") {
			t.Errorf("item %+v", it)
		}
	}
	for _, bad := range []string{"<rss><channel><item><title>x</title>", "not xml", `<?xml version="1.0" encoding="windows-1252"?><rss/>`} {
		if _, err := ParseFeed(strings.NewReader(bad)); err == nil {
			t.Errorf("ParseFeed(%q) accepted", bad)
		}
	}
}

func FuzzParseFeed(f *testing.F) {
	b, _ := os.ReadFile("../../testdata/corpus/published.xml")
	f.Add(string(b))
	f.Add(`<rss><channel><item><link>l</link><description>&lt;p&gt;a&lt;/p&gt;</description></item></channel></rss>`)
	f.Fuzz(func(t *testing.T, s string) {
		items, err := ParseFeed(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, it := range items {
			if it.Link == "" {
				t.Fatal("item without link")
			}
			_ = it.Candidate()
		}
	})
}

func TestFingerprint(t *testing.T) {
	a := "Ngày 11/11/2025, tại Hà Nội, Cục Hành chính tư pháp tổ chức Hội nghị tập huấn nghiệp vụ đăng ký, quản lý hộ tịch cho hơn 300 công chức tư pháp - hộ tịch cấp xã các tỉnh phía Bắc."
	b := a + " Tại Hội nghị, các báo cáo viên đã hướng dẫn chi tiết."
	c := "Bộ Tư pháp công khai dự toán ngân sách nhà nước năm 2026 theo quy định của Luật Ngân sách nhà nước, chi tiết theo từng đơn vị dự toán."
	fa, fb, fc := NewFingerprint(a), NewFingerprint(b), NewFingerprint(c)
	if j, k := Compare(fa, fb); j < 0.6 || k < 0.99 {
		t.Errorf("near-duplicates: jaccard %.2f containment %.2f", j, k)
	}
	if j, k := Compare(fa, fc); j > 0.05 || k > 0.05 {
		t.Errorf("unrelated: jaccard %.2f containment %.2f", j, k)
	}
	if e := fa.Estimate(fb); e < 0.5 {
		t.Errorf("estimate %.2f for a near-duplicate", e)
	}
	// Same text in another encoding form and case: identical signature.
	if fd := NewFingerprint(strings.ToUpper(a)); fd.Estimate(fa) != 1 {
		t.Error("case changed the signature")
	}
	// Candidates share a band.
	x := NewIndex()
	x.Add(Candidate{Ref: "a", Fingerprint: fa})
	x.Add(Candidate{Ref: "c", Fingerprint: fc})
	got := x.Candidates(fb)
	if len(got) != 1 || got[0].Ref != "a" {
		t.Errorf("candidates %v", got)
	}
	if NewFingerprint("").Bands != nil || !NewFingerprint(" . ").Empty() {
		t.Error("empty text has bands")
	}
}

func BenchmarkFingerprint(b *testing.B) {
	text := strings.Repeat("Cục Hành chính tư pháp tổ chức Hội nghị tập huấn nghiệp vụ đăng ký, quản lý hộ tịch. ", 60)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		NewFingerprint(text)
	}
}
