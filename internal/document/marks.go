package document

import "strings"

// mark is a secrecy, circulation or urgency stamp.
type mark struct {
	fold    string // folded form of the stamp
	value   string // canonical value reported in Fields
	urgency bool
	rank    int  // the higher, the stricter
	caps    bool // a stamp in capitals only ("MẬT"), so "mật" in prose is not one
}

// marks are the stamps of Decree 30/2020 Article 8 and Appendix I, section
// II.9–10 (độ mật, độ khẩn) and the circulation marks of the Law on
// Protection of State Secrets; Điều 14 khoản 2 of the Regulation refuses such
// documents.
var marks = []mark{
	{"tuyet mat", "TUYỆT MẬT", false, 30, true},
	{"toi mat", "TỐI MẬT", false, 20, true},
	{"mat", "MẬT", false, 10, true},
	{"tai lieu thu hoi", "TÀI LIỆU THU HỒI", false, 3, false},
	{"luu hanh noi bo", "LƯU HÀNH NỘI BỘ", false, 2, false},
	{"xem xong tra lai", "XEM XONG TRẢ LẠI", false, 2, false},
	{"khong pho bien", "không phổ biến", false, 1, false},
	{"tai lieu khong pho bien", "không phổ biến", false, 1, false},
	{"hoa toc", "HỎA TỐC", true, 30, true},
	{"thuong khan", "THƯỢNG KHẨN", true, 20, true},
	{"khan", "KHẨN", true, 10, true},
}

// markOf returns the stamp that the cell is, if it is one. A stamp stands
// alone on its line or in its column, possibly framed ("[MẬT]", "(KHẨN)")
// or labelled ("Độ mật: Mật", "Độ khẩn: Hỏa tốc"); a sentence that mentions
// "bí mật" or "khẩn trương" is not a stamp.
func markOf(c cell) (mark, bool) {
	f := strings.Trim(c.f, " []()\"'“”*:.-_")
	labelled := false
	for _, label := range []string{"do mat", "do khan"} {
		if rest, ok := strings.CutPrefix(f, label); ok {
			rest = strings.TrimLeft(rest, " :")
			if rest != f {
				f, labelled = strings.Trim(rest, " []()\"'“”*:.-_"), true
			}
		}
	}
	for _, m := range marks {
		if f != m.fold {
			continue
		}
		if m.caps && !labelled && !isUpper(c.s) {
			return mark{}, false
		}
		return m, true
	}
	return mark{}, false
}

// isMark reports whether the cell is a stamp.
func isMark(c cell) bool {
	_, ok := markOf(c)
	return ok
}
