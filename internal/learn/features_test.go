package learn

import (
	"strings"
	"testing"

	"github.com/moj-portal/tiepnhan/internal/classify"
)

// The v2 parts: the title of the text sent is found after a greeting, a
// note to the Board and a forwarded message's header lines, and the note
// is kept apart.
func TestParts(t *testing.T) {
	for _, tc := range []struct {
		subject, body, title, lead, note string
	}{
		{"Fwd: Nâng cao hiệu quả CLB trợ giúp pháp lý", "FYI\n\n---------- Forwarded message ---------\nFrom: A <a@moj.gov.vn>\nSubject: Nâng cao hiệu quả CLB trợ giúp pháp lý\n\nNâng cao hiệu quả CLB trợ giúp pháp lý\n\nVới vai trò hỗ trợ pháp lý, các CLB đã góp phần nâng cao ý thức chấp hành pháp luật.",
			"Nâng cao hiệu quả CLB trợ giúp pháp lý", "Với vai trò hỗ trợ pháp lý, các CLB đã góp phần nâng cao ý thức chấp hành pháp luật.", "FYI"},
		{"gui tin", "Gửi anh chị Thường trực BBT,\n\nTin kết luận của Lãnh đạo Bộ, đơn vị gửi để đăng mục Chỉ đạo điều hành.\n\nSẵn sàng cho Hội thảo cấp quốc gia\n\nNgày 29/7, Thứ trưởng đã làm việc với các đơn vị.\n\nTrân trọng cảm ơn!\nVCL",
			"Sẵn sàng cho Hội thảo cấp quốc gia", "Ngày 29/7, Thứ trưởng đã làm việc với các đơn vị.", "Gửi anh chị Thường trực BBT,"},
		{"Hỏi", "Em chào anh chị ạ. Đối tượng nào được trợ giúp pháp lý miễn phí?\nEm cảm ơn ạ",
			"Đối tượng nào được trợ giúp pháp lý miễn phí?", "Em cảm ơn ạ", "Em chào anh chị ạ."},
		{"", "", "", "", ""},
	} {
		p := parts(tc.subject, tc.body)
		if p.title != tc.title || p.lead != tc.lead || !strings.HasPrefix(p.note, tc.note) {
			t.Errorf("parts(%q):\n title %q, want %q\n lead %q, want %q\n note %q, want prefix %q", tc.subject, p.title, tc.title, p.lead, tc.lead, p.note, tc.note)
		}
	}
}

// Nghị định 30/2020/NĐ-CP Phụ lục I: numbers and symbols of documents, in
// Vietnamese and in the English translations.
func TestHasNumberSymbol(t *testing.T) {
	for s, want := range map[string]bool{
		"No. 01/2022/TT-BTP": true, "Quyết định số 17/QĐ-TTg ngày 13/01/2023": true, "(Công văn 15518-CV/VPTW)": true,
		"Ngày 29/7, Thứ trưởng": false, "tỷ lệ 50/50 - cao": false, "": false, "2024/ab-cd": false,
	} {
		if got := hasNumberSymbol(s); got != want {
			t.Errorf("hasNumberSymbol(%q) = %v, want %v", s, got, want)
		}
	}
}

// Feature sets: v1 has none of v2's groups; v2 adds the title, note,
// sender and structure; "v1+u" adds the sender only.
func TestFeatureSets(t *testing.T) {
	in := classify.Input{Subject: "Fw: Thông tư 01/2022/TT-BTP", From: "cucdkgdbd@moj.gov.vn",
		Body: "Gửi Ban Biên tập,\n\nTHÔNG TƯ hướng dẫn đăng ký biện pháp bảo đảm\n\nNo. 01/2022/TT-BTP ngày 4/1/2022.\n\nCảm ơn"}
	groups := func(set string) map[string]bool {
		g := map[string]bool{}
		for _, f := range ExtractSet(in, set) {
			p, _, _ := strings.Cut(f.Name, ":")
			g[p] = true
			if f.Name == "x:number_symbol" || f.Name == "x:title_doc_type" || f.Name == "u:cucdkgdbd" {
				g[f.Name] = true
			}
		}
		return g
	}
	v1, v2, u := groups(FeaturesV1), groups(FeaturesV2), groups("v1+u")
	for _, p := range []string{"t", "n", "u", "d"} {
		if v1[p] {
			t.Errorf("v1 has %s: features", p)
		}
		if !v2[p] {
			t.Errorf("v2 lacks %s: features", p)
		}
	}
	for _, n := range []string{"x:number_symbol", "x:title_doc_type", "u:cucdkgdbd"} {
		if !v2[n] {
			t.Errorf("v2 lacks %s", n)
		}
	}
	if !u["u"] || u["t"] || u["x:number_symbol"] {
		t.Errorf("v1+u groups %v", u)
	}
}

// FuzzExtractV2: any subject, body and sender give sorted, distinct,
// finite features without panicking.
func FuzzExtractV2(f *testing.F) {
	f.Add("Fw: tin", "Gửi BBT.\n\nTiêu đề bài\n\nNgày 1/1, hội nghị 01/2022/TT-BTP?", "a@moj.gov.vn")
	f.Add("", ". . .", "@")
	f.Add("Hỏi", "Em chào anh chị ạ. Có được không?", "x@gmail.com")
	f.Fuzz(func(t *testing.T, subj, body, from string) {
		fs := ExtractSet(classify.Input{Subject: subj, Body: body, From: from}, FeaturesV2)
		for i, x := range fs {
			if i > 0 && fs[i-1].Name >= x.Name {
				t.Fatalf("features not sorted and distinct: %q then %q", fs[i-1].Name, x.Name)
			}
			if !finite(x.Value) {
				t.Fatalf("feature %q = %v", x.Name, x.Value)
			}
		}
	})
}
