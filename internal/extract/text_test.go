package extract

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

func TestPlainTextCharsets(t *testing.T) {
	want := "Kính gửi Ban Biên tập Cổng Thông tin điện tử"
	// windows-1258 has ă â ê ô ơ ư đ precomposed and the five tone marks as
	// combining characters: split each tone mark off its letter.
	var d strings.Builder
	for _, r := range want {
		base, tone := "", ""
		for _, m := range norm.NFD.String(string(r)) {
			switch m {
			case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
				tone = string(m)
			default:
				base += string(m)
			}
		}
		d.WriteString(norm.NFC.String(base) + tone)
	}
	cp1258, err := charmap.Windows1258.NewEncoder().String(d.String())
	if err != nil {
		t.Fatal(err)
	}
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(want)
	cases := []struct {
		name, ct string
		data     []byte
	}{
		{"utf8.txt", "text/plain; charset=utf-8", []byte(want)},
		{"declared.txt", "text/plain; charset=windows-1258", []byte(cp1258)},
		{"undeclared.txt", "", []byte(cp1258)}, // invalid UTF-8: windows-1258 assumed
		{"utf16.txt", "", []byte(u16)},
		{"bom.txt", "", append([]byte("\xEF\xBB\xBF"), want...)},
	}
	for _, c := range cases {
		res := extractAt(t.Context(), Input{Filename: c.name, ContentType: c.ct, Data: c.data}, defaults(), 0)
		// windows-1258 decodes to combining marks; Extract returns NFC.
		if res.Text != want || res.Method != MethodText {
			t.Errorf("%s: %s %q", c.name, res.Method, res.Text)
		}
	}
}

func TestHTML(t *testing.T) {
	page := `<!DOCTYPE html><html><head><title>Tiêu đề</title><style>p{color:red}</style>
<meta charset="windows-1258"></head><body><script>var x = "bỏ qua";</script>
<h1>Thông báo</h1><p>Đăng tải trên <b>Cổng Thông tin điện tử</b> &amp; mạng xã hội.</p>
<table><tr><td>Số</td><td>1319/QĐ-BTP</td></tr></table><br>Hết.</body></html>`
	res := extractAt(t.Context(), Input{Filename: "tb.html", ContentType: "text/html; charset=utf-8", Data: []byte(page)}, defaults(), 0)
	if res.Method != MethodHTML {
		t.Fatalf("method %s", res.Method)
	}
	for _, w := range []string{"Thông báo\n", "Đăng tải trên Cổng Thông tin điện tử & mạng xã hội.", "Số\t1319/QĐ-BTP", "Hết."} {
		if !strings.Contains(res.Text, w) {
			t.Errorf("missing %q in %q", w, res.Text)
		}
	}
	for _, w := range []string{"bỏ qua", "color", "Tiêu đề"} {
		if strings.Contains(res.Text, w) {
			t.Errorf("leaked %q in %q", w, res.Text)
		}
	}
}

func TestUnknownAndLegacyFormats(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"a.bin", []byte{0, 1, 2, 3, 0xff, 0xfe, 0, 0}, "không hỗ trợ"},
		{"a.rar", []byte("Rar!\x1a\x07\x00rest"), "RAR/7z"},
		{"a.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), "Excel"},
		{"winmail.dat", []byte("\x78\x9F\x3E\x22\x00\x00%PDF-1.4 embedded"), "TNEF"},
	}
	for _, c := range cases {
		res := extractAt(t.Context(), Input{Filename: c.name, Data: c.data}, defaults(), 0)
		if !res.NeedsHuman || !strings.Contains(res.HumanReason, c.want) || res.Method != MethodNone {
			t.Errorf("%s: %+v", c.name, res)
		}
	}
}

func TestGarbledCheck(t *testing.T) {
	cases := []struct {
		text    string
		garbled bool
	}{
		{"Căn cứ Luật Công nghệ thông tin số 67/2006/QH11 ngày 29/6/2006", false},
		{"C\x03n cứ Luật Công nghệ thông tin", true},                       // library defect
		{"SÑ: 1319/QĐ-BTP, BÞ TƯ PHÁP, Đßc lập - Tự do - H¿nh phúc", true}, // broken ToUnicode
		{"V¨n b¶n quy ph¹m ph¸p luËt cña Bé T­ ph¸p", true},                // TCVN3 read as Latin-1
		{"Quyết định \uFFFD\uFFFD\uFFFD số", true},
		{"Qu\u0309y\u0301t đi\u0323nh b\u0300an ha\u0300nh c\u0301ua B\u0323ô T\u0323ư pha\u0301p", true}, // marks on consonants
		{"Quye\u0302\u0301t đi\u0323nh ban ha\u0300nh", false},                                            // decomposed but valid: NFC composes
		{"•••• ■■■■ ◆◆◆◆ ●●●● ▲▲▲▲ ★★★★ ♦♦♦♦ ○○○○ □□□□ ◇◇◇◇ ☐☐☐☐ a", true},
		{"The Ministry of Justice Portal publishes official documents.", false},
		{"\uF0B7 Nơi nhận: \uF0B7 Bộ trưởng \uF0B7 Thứ trưởng \uF0B7 Lưu: VT", false}, // Symbol-font bullets
		{"Quyết định của Bộ trưởng gửi ông José Müller về việc đăng tải thông tin trên Cổng Thông tin điện tử Bộ Tư pháp", false},
		{"", false},
	}
	for _, c := range cases {
		if got := Garbled(c.text); got != c.garbled {
			t.Errorf("Garbled(%q) = %v, want %v (%+v)", c.text, got, c.garbled, assess(c.text))
		}
	}
}

func TestEmptyInput(t *testing.T) {
	res := Extract(t.Context(), Input{Filename: "rong.pdf"}, Options{Tools: noTools()})
	if res.Err == nil || !strings.Contains(res.ErrText, "rong.pdf") || !strings.Contains(res.ErrText, "rỗng") || !res.NeedsHuman {
		t.Errorf("%+v", res)
	}
}
