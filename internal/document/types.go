package document

import (
	"sort"
	"strings"

	"github.com/moj-portal/tiepnhan/internal/fold"
)

// docType is one kind of document with its abbreviation in symbols.
type docType struct {
	name string // Vietnamese name as used in Fields.Type
	abbr string // abbreviation in the symbol; "" for types that have none
}

// docTypes lists administrative document types with their abbreviations
// (Decree 30/2020/NĐ-CP Appendix III) and the legal normative types of the Law
// on Promulgation of Legal Documents that reach the Portal.
var docTypes = []docType{
	{"Nghị quyết", "NQ"}, {"Quyết định", "QĐ"}, {"Chỉ thị", "CT"},
	{"Quy chế", "QC"}, {"Quy định", "QyĐ"}, {"Thông cáo", "TC"},
	{"Thông báo", "TB"}, {"Hướng dẫn", "HD"}, {"Chương trình", "CTr"},
	{"Kế hoạch", "KH"}, {"Phương án", "PA"}, {"Đề án", "ĐA"},
	{"Dự án", "DA"}, {"Báo cáo", "BC"}, {"Biên bản", "BB"},
	{"Tờ trình", "TTr"}, {"Hợp đồng", "HĐ"}, {"Công điện", "CĐ"},
	{"Bản ghi nhớ", "BGN"}, {"Bản thỏa thuận", "BTT"},
	{"Giấy ủy quyền", "GUQ"}, {"Giấy mời", "GM"}, {"Giấy giới thiệu", "GGT"},
	{"Giấy nghỉ phép", "GNP"}, {"Phiếu gửi", "PG"}, {"Phiếu chuyển", "PC"},
	{"Phiếu báo", "PB"},
	// Copies (Appendix III): sao y, trích sao, sao lục.
	{"Bản sao y", "SY"}, {"Bản trích sao", "TrS"}, {"Bản sao lục", "SL"},
	// Legal normative documents.
	{"Luật", ""}, {"Pháp lệnh", "PL"}, {"Nghị định", "NĐ"}, {"Thông tư", "TT"},
	{"Thông tư liên tịch", "TTLT"}, {"Nghị quyết liên tịch", "NQLT"},
	// Công văn and thư công have no abbreviation (Appendix III, note).
	{"Công văn", ""}, {"Thư công", ""},
}

// titleNames maps the folded type name to the type, longest first so that
// "thong tu lien tich" wins over "thong tu".
var titleNames = func() []struct{ fold, name string } {
	out := make([]struct{ fold, name string }, 0, len(docTypes))
	for _, t := range docTypes {
		out = append(out, struct{ fold, name string }{fold.String(t.name), t.name})
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].fold) > len(out[j].fold) })
	return out
}()

// abbrExact maps an upper-cased abbreviation ("QĐ", "TTR") to its type;
// abbrASCII maps the form typed without "Đ" ("QD") when that is not
// ambiguous ("HD" is Hướng dẫn, so "HĐ" typed as "HD" is not guessed).
var abbrExact, abbrASCII = func() (map[string]string, map[string]string) {
	exact := map[string]string{}
	for _, t := range docTypes {
		if t.abbr != "" {
			exact[strings.ToUpper(t.abbr)] = t.name
		}
	}
	ascii := map[string]string{}
	for _, t := range docTypes {
		a := strings.ReplaceAll(strings.ToUpper(t.abbr), "Đ", "D")
		if _, taken := exact[a]; !taken && a != "" {
			ascii[a] = t.name
		}
	}
	return exact, ascii
}()

// typeFromSymbol returns the document type named by the first group of a
// symbol ("QĐ-BTP" → Quyết định, "TT-BTP" → Thông tư). A symbol whose first
// group is not a type abbreviation is a công văn's "body-unit" symbol
// ("BTP-CNTT"), Decree 30/2020 Appendix I, section II.3.
func typeFromSymbol(symbol string) string {
	if symbol == "" {
		return ""
	}
	first, _, _ := strings.Cut(symbol, "-")
	first = strings.ToUpper(first)
	if name, ok := abbrExact[first]; ok {
		return name
	}
	if name, ok := abbrASCII[first]; ok {
		return name
	}
	return "Công văn"
}

// matchTitle reports whether c is a type title ("QUYẾT ĐỊNH", "KẾ HOẠCH") and
// returns the type and any text that follows the title on the same cell.
// The title is in capitals (Decree 30/2020 Appendix I, section II.6); the
// "QUYẾT ĐỊNH:" that opens the articles of a decision is not a title.
func matchTitle(c cell) (name string, rest cell, ok bool) {
	for _, t := range titleNames {
		if !strings.HasPrefix(c.f, t.fold) {
			continue
		}
		n := len(t.fold)
		if n < len(c.f) && c.f[n] != ' ' && strings.Trim(c.f[n:], ".") != "" {
			// "THÔNG BÁO." with a speck read as a period is still the
			// title; "THÔNG BÁOX" is not.
			continue
		}
		if !isUpper(c.span(0, n)) {
			return "", cell{}, false
		}
		rest = c.sub(n, len(c.f))
		if strings.HasPrefix(rest.s, ":") {
			return "", cell{}, false
		}
		if strings.Trim(rest.s, ". ") == "" {
			rest = cell{}
		}
		if t.name == "Công văn" || t.name == "Thư công" {
			return "", cell{}, false
		}
		return t.name, rest, true
	}
	return "", cell{}, false
}
