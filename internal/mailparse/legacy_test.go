package mailparse

import (
	"encoding/hex"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// legacyVectors were produced once by the npm package vietnamese-conversion
// 2.0.0 (toTCVN3, toVNI), an implementation independent of this package:
// Unicode text, its TCVN3 bytes and its VNI bytes, in hex.
var legacyVectors = [][3]string{
	{"Cộng hòa xã hội chủ nghĩa Việt Nam", "43e96e672068df612078b72068e969206368f1206e6768dc61205669d674204e616d", "436fe46e6720686ff861207861f520686fe46920636875fb206e6768f36120566965e474204e616d"},
	{"Độc lập - Tự do - Hạnh phúc", "a7e963206ccb70202d2054f920646f202d2048b96e68207068f363", "d16fe463206c61e470202d2054f6ef20646f202d204861ef6e6820706875f963"},
	{"Bộ Tư pháp đề nghị Ban Biên tập Cổng thông tin điện tử đăng tải văn bản", "42e92054ad207068b87020aed2206e6768de2042616e204269aa6e2074cb702043e66e67207468ab6e672074696e20ae69d66e2074f620aea86e672074b6692076a86e2062b66e", "426fe42054f620706861f97020f165e0206e6768f22042616e20426965e26e207461e47020436fe56e672074686fe26e672074696e20f16965e46e2074f6fb20f161ea6e67207461fb69207661ea6e206261fb6e"},
	{"Quyết định số 1319/QĐ-BTP ngày 15 tháng 6 năm 2025 về việc ban hành Quy chế", "517579d57420aede6e682073e820313331392f51a72d425450206e67b579203135207468b86e672036206ea86d20323032352076d2207669d6632062616e2068b56e6820517579206368d5", "51757965e17420f1f26e6820736fe120313331392f51d12d425450206e6761f87920313520746861f96e672036206e61ea6d2032303235207665e020766965e4632062616e206861f86e682051757920636865e1"},
	{"Người dân gửi kiến nghị về thủ tục chứng thực, hộ tịch, quốc tịch", "4e67adea692064a96e2067f669206b69d56e206e6768de2076d2207468f12074f463206368f86e67207468f9632c2068e92074de63682c207175e8632074de6368", "4e67f6f4f869206461e26e2067f6fb69206b6965e16e206e6768f2207665e020746875fb207475ef63206368f6f96e67207468f6ef632c20686fe42074f263682c2071756fe1632074f26368"},
	{"Nguyễn Thị Hương; Trần Văn Đức; Lê Thùy Dương; ủy ban, thuở, ngoằn ngoèo, quỳnh, ễnh ương, ẩn ý, ằ ẳ ẵ ặ ắ, mẹ, vẽ, trẻ, chén, hỏi, rõ, học, chỗ, hỗ trợ, tù, cũ, sử dụng, dễ, sĩ, lỗi", "4e677579d46e205468de2048adac6e673b205472c76e2056a86e20a7f8633b204caa205468ef792044adac6e673b20f1792062616e2c20746875eb2c206e676fbb6e206e676fcc6f2c207175fa6e682c20d46e6820adac6e672c20c86e20fd2c20bb20bc20bd20c620be2c206dd12c2076cf2c207472ce2c206368d06e2c2068e1692c2072e22c2068e4632c206368e72c2068e7207472ee2c2074ef2c2063f22c2073f62064f46e672c2064d42c2073dc2c206ce769", "4e67757965e36e205468f22048f6f46e673b20547261e06e205661ea6e20d1f6f9633b204c65e220546875f8792044f6f46e673b2075fb792062616e2c20746875f4fb2c206e676f61e86e206e676f65f86f2c20717579f86e682c2065e36e6820f6f46e672c2061e56e2079f92c2061e82061fa2061fc2061eb2061e92c206d65ef2c207665f52c20747265fb2c20636865f96e2c20686ffb692c20726ff52c20686fef632c2063686fe32c20686fe3207472f4ef2c207475f82c206375f52c2073f6fb206475ef6e672c206465e32c2073f32c206c6fe369"},
}

func TestConvertLegacyMatchesIndependentEncoder(t *testing.T) {
	for _, v := range legacyVectors {
		for i, enc := range []string{legacyTCVN3, legacyVNI} {
			raw, err := hex.DecodeString(v[i+1])
			if err != nil {
				t.Fatal(err)
			}
			if got := convertLegacy(string(raw), enc, true); got != v[0] {
				t.Errorf("%s raw: got %q, want %q", enc, got, v[0])
			}
			// The same text seen as Latin-1 letters inside UTF-8.
			if got := convertLegacy(latin1String(string(raw)), enc, false); got != v[0] {
				t.Errorf("%s text: got %q, want %q", enc, got, v[0])
			}
			if got := detectLegacy(string(raw), true); got != enc {
				t.Errorf("detect %s raw %q: got %q", enc, v[0], got)
			}
			if got := detectLegacy(latin1String(string(raw)), false); got != enc {
				t.Errorf("detect %s text %q: got %q", enc, v[0], got)
			}
		}
	}
}

func TestDetectLegacyLeavesOtherTextAlone(t *testing.T) {
	for _, s := range []string{
		"Cộng hòa xã hội chủ nghĩa Việt Nam",                                  // Unicode Vietnamese
		"Le café où nous sommes allés était très agréable, déjà à l'été.",     // French
		"Müller schrieb: Größe, Übermaß, Äpfel und Öl sind schön.",            // German
		"El niño comió pan. Aún así, la canción está en español y portugués.", // Spanish
		"Price: 10 € · Copyright © 2026 · Registered ® · 50 µg",               // symbols away from words
		"plain ASCII text only",
		"Ngoài ra, quá trình hoàn thành", // Unicode Vietnamese with only Latin-1 letters
		"Hoà giải ở cơ sở; khoá học; thoả thuận; Thuỵ Điển; luôn luôn", // vowel + Latin-1 letter pairs
	} {
		if got := detectLegacy(s, false); got != "" {
			t.Errorf("detectLegacy(%q) = %q, want none", s, got)
		}
	}
}

func TestConvertLegacyKeepsNonLatinRunes(t *testing.T) {
	in := "Đã nhận: ViÖt Nam — ok" // TCVN3 "ViÖt" shown as Latin-1 letters
	got := convertLegacy(in, legacyTCVN3, false)
	want := "Đã nhận: Việt Nam — ok"
	if got != want || !norm.NFC.IsNormalString(got) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if strings.Contains(convertLegacy("Vie\u00e4t", legacyVNI, false), "\u00e4") {
		t.Fatal("VNI mark byte left unconverted")
	}
}
