package main

import (
	"bytes"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

func TestTaxCodeCheckDigit(t *testing.T) {
	// 0100109106: Σ = 29+17+63+5 = 114, 114 mod 11 = 4, N10 = 6.
	if got := taxCode("010010910"); got != "0100109106" {
		t.Fatalf("taxCode = %s, want 0100109106", got)
	}
	if bad := badTaxCode("010010910"); bad == "0100109106" || len(bad) != 10 {
		t.Fatalf("badTaxCode = %s", bad)
	}
}

func TestEncode1258DecodesBack(t *testing.T) {
	s := "Kính gửi Ban Biên tập: Cổng Thông tin điện tử, Quyết định, Ước, Ưu tiên, ậẫẵỹỵ"
	raw := encode1258(s)
	if bytes.IndexByte(raw, '?') >= 0 {
		t.Fatalf("unencodable characters in %q", raw)
	}
	dec, err := charmap.Windows1258.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	if norm.NFC.String(string(dec)) != s {
		t.Fatalf("round trip: %q", dec)
	}
	if norm.NFC.IsNormalString(string(dec)) {
		t.Fatalf("windows-1258 should decode to decomposed tone marks")
	}
}

func TestParameterAndWordEncodings(t *testing.T) {
	name := "Thông tư 05-2026-TT-BTP sửa đổi, bổ sung một số điều của Thông tư số 04-2020-TT-BTP.docx"
	_, params, err := mime.ParseMediaType("attachment; " + strings.ReplaceAll(rfc2231("filename", name), "\n", ""))
	if err != nil || params["filename"] != name {
		t.Fatalf("RFC 2231: %q, %v", params["filename"], err)
	}
	for _, cs := range []string{"windows-1258", "iso-8859-1"} {
		in := "Đề nghị đăng tải dự thảo Nghị định hướng dẫn Luật Kinh doanh bất động sản"
		if cs == "iso-8859-1" {
			in = "Hélène Dupré, séminaire à Hanoï"
		}
		for _, q := range []bool{true, false} {
			enc := word(in, cs, q)
			for _, line := range strings.Split(enc, "\n") {
				if len(strings.TrimSpace(line)) > 75 {
					t.Fatalf("%s q=%v: encoded word longer than 75: %q", cs, q, line)
				}
			}
			got, err := wordDecoder.DecodeHeader(strings.ReplaceAll(enc, "\n", ""))
			if err != nil || norm.NFC.String(got) != in {
				t.Fatalf("%s q=%v: %q, %v", cs, q, got, err)
			}
		}
	}
}

var (
	kinds   = []string{"publish", "query", "complaint", "reply", "auto_reply", "other"}
	cats    = []string{"8.1", "8.2", "8.3", "8.4", "8.5"}
	timings = []string{"direction", "admin_document", "news_event", "other"}
	targets = []string{"portal_editor", "component_site", "unit", "english_team", "board_member", "standing_board"}
	grounds = []string{"14.2", "14.4", "14.5", "14.6"}
	fields  = []string{"organization", "name", "title", "tax_code", "citizen_id", "phone", "address"}
	formats = []string{"pdf-libreoffice", "pdf-identity-h", "docx", "scan-pdf", "png", "zip", "tnef", "body"}
)

// TestCorpusLabels checks the committed corpus without external tools: every file parses,
// its topmost Received date is its label's received_at, and every label is well formed.
func TestCorpusLabels(t *testing.T) {
	var labels map[string]Label
	if _, err := toml.DecodeFile("../labels.toml", &labels); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../*.eml")
	if len(files) < 90 || len(files) != len(labels) {
		t.Fatalf("%d files, %d labels", len(files), len(labels))
	}
	links := map[string]bool{}
	for _, p := range published {
		links[p.Link()] = true
	}
	seen := map[string]int{}
	for _, path := range files {
		f := filepath.Base(path)
		l, ok := labels[f]
		if !ok {
			t.Errorf("%s: no label", f)
			continue
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		top := m.Header["Received"][0]
		rt, err := mail.ParseDate(strings.TrimSpace(top[strings.LastIndexByte(top, ';')+1:]))
		if err != nil || !rt.Equal(mustTime(l.ReceivedAt)) {
			t.Errorf("%s: topmost Received %v (%v), label %s", f, rt, err, l.ReceivedAt)
		}
		check := func(what, v string, allowed []string, empty bool) {
			if (v == "" && !empty) || (v != "" && !slices.Contains(allowed, v)) {
				t.Errorf("%s: %s %q", f, what, v)
			}
		}
		publish := l.Kind == "publish"
		check("kind", l.Kind, kinds, false)
		check("category", l.Category, cats, !publish)
		check("timing", l.Timing, timings, !publish)
		check("target", l.Target, targets, l.Kind == "auto_reply" || l.Kind == "other")
		check("language", l.Language, []string{"vi", "en"}, false)
		if _, ok := units[l.Unit]; l.Unit != "" && !ok {
			t.Errorf("%s: unit %q", f, l.Unit)
		}
		if !publish && (l.Category != "" || l.Timing != "") {
			t.Errorf("%s: category/timing on a %s", f, l.Kind)
		}
		for _, g := range l.Grounds {
			check("ground", g, grounds, false)
		}
		if slices.Contains(l.Grounds, "14.4") != (l.DuplicateOf != "") {
			t.Errorf("%s: 14.4 without duplicate_of or the reverse", f)
		}
		if d := l.DuplicateOf; d != "" && !links[d] {
			if _, ok := labels[d]; !ok {
				t.Errorf("%s: duplicate_of %q is neither a corpus file nor a published link", f, d)
			}
		}
		if slices.Contains(l.Grounds, "14.2") && l.Target != "standing_board" {
			t.Errorf("%s: 14.2 must go to the standing board", f)
		}
		if l.Kind == "reply" {
			if _, ok := labels[l.ReplyToItem]; !ok {
				t.Errorf("%s: reply_to_item %q", f, l.ReplyToItem)
			}
			if !strings.HasSuffix(m.Header.Get("In-Reply-To"), "@tiepnhan.moj.gov.vn>") {
				t.Errorf("%s: reply does not thread to the Board", f)
			}
		}
		if l.Kind == "auto_reply" && m.Header.Get("Auto-Submitted") != "auto-replied" {
			t.Errorf("%s: auto_reply without Auto-Submitted", f)
		}
		if l.Kind == "complaint" && !links[l.ComplaintAbout] {
			t.Errorf("%s: complaint_about %q", f, l.ComplaintAbout)
		}
		if d := l.Document; d != nil {
			check("format", d.Format, formats, false)
			seen[d.Format]++
			if d.NumberSymbol == "" || d.Type == "" || d.Signer == "" || len(d.CheckWords) == 0 {
				t.Errorf("%s: incomplete document label %+v", f, d)
			}
			if _, err := time.Parse("2006-01-02", d.SignedOn); err != nil {
				t.Errorf("%s: signed_on %q", f, d.SignedOn)
			}
		}
		if s := l.Submitter; s != nil {
			for _, x := range append(append([]string{}, s.Missing...), s.Invalid...) {
				check("submitter field", x, fields, false)
			}
		}
	}
	least := map[string]int{"pdf-libreoffice": 4, "pdf-identity-h": 4, "docx": 4, "scan-pdf": 4, "png": 4, "zip": 3, "tnef": 1, "body": 2}
	for _, fm := range formats {
		if seen[fm] < least[fm] {
			t.Errorf("format %s only %d times", fm, seen[fm])
		}
	}
}

// FuzzHeaderEncodings checks that every file name and header text the generator encodes
// (RFC 2231 continuations, RFC 2047 words in legacy charsets) decodes back unchanged.
func FuzzHeaderEncodings(f *testing.F) {
	f.Add("Công văn 88-PLQT-ĐƯ về danh mục điều ước quốc tế có hiệu lực năm 2025.pdf")
	f.Add("a%b'c\"d;e=f")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\r\n") {
			return
		}
		_, params, err := mime.ParseMediaType("attachment; " + strings.ReplaceAll(rfc2231("filename", s), "\n", ""))
		if s != "" && (err != nil || params["filename"] != s) {
			t.Fatalf("rfc2231(%q) decodes to %q, %v", s, params["filename"], err)
		}
		// Only text the legacy charset can hold round-trips.
		for _, r := range s {
			if _, ok := charmap.ISO8859_1.EncodeRune(r); !ok {
				return
			}
		}
		for _, q := range []bool{true, false} {
			enc := word(s, "iso-8859-1", q)
			got, err := wordDecoder.DecodeHeader(strings.ReplaceAll(enc, "\n", ""))
			if err != nil || got != s {
				t.Fatalf("word(%q, q=%v) = %q decodes to %q, %v", s, q, enc, got, err)
			}
		}
	})
}
