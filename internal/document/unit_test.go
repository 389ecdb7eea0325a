package document

import (
	"strconv"
	"strings"
	"testing"
)

// header builds a minimal document around the given header lines.
func doc(header ...string) string {
	return strings.Join(header, "\n") + "\n\nNội dung văn bản./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
}

func TestNumberVariants(t *testing.T) {
	tests := []struct {
		line                         string
		number, year, symbol, numSym string
	}{
		{"Số: 1319/QĐ-BTP", "1319", "", "QĐ-BTP", "1319/QĐ-BTP"},
		{"Số : 1319/QĐ-BTP", "1319", "", "QĐ-BTP", "1319/QĐ-BTP"},
		{"So: 1319/QD-BTP", "1319", "", "QD-BTP", "1319/QD-BTP"},
		{"SỐ:1319/QĐ-BTP", "1319", "", "QĐ-BTP", "1319/QĐ-BTP"},
		{"Số: 08/2025/TT-BTP", "08", "2025", "TT-BTP", "08/2025/TT-BTP"},
		{"Số: 08 / 2025 / TT-BTP", "08", "2025", "TT-BTP", "08/2025/TT-BTP"},
		{"Số: 1473/BTP—CNTT", "1473", "", "BTP-CNTT", "1473/BTP-CNTT"},
		{"Số: 1473/BTP‐CNTT.", "1473", "", "BTP-CNTT", "1473/BTP-CNTT"},
		{"Số: 01/CT-TTg", "01", "", "CT-TTg", "01/CT-TTg"},
		{"Luật số: 67/2006/QH11", "67", "2006", "QH11", "67/2006/QH11"},
		{"Hà Nội, ngày 05 tháng 01 năm 2020 Số: 5/BTP-VP", "5", "", "BTP-VP", "5/BTP-VP"},
		// The Icelandic eth (U+00D0) that OCR and legacy encodings put for Đ.
		{"Số: 45/Q\u00d0-VCL", "45", "", "QĐ-VCL", "45/QĐ-VCL"},
	}
	for _, tt := range tests {
		f := Parse(doc("BỘ TƯ PHÁP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", tt.line, "V/v thử nghiệm"))
		y := ""
		if f.Year != 0 {
			y = strconv.Itoa(f.Year)
		}
		if f.Number != tt.number || y != tt.year || f.Symbol != tt.symbol || f.NumberSymbol != tt.numSym {
			t.Errorf("%q: got number %q year %q symbol %q number_symbol %q", tt.line, f.Number, y, f.Symbol, f.NumberSymbol)
		}
	}
}

// A citation inside a sentence is not the document's own number.
func TestCitationIsNotNumber(t *testing.T) {
	f := Parse("Căn cứ Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ;\nThực hiện Công văn số 979/BTP-CNTT ngày 5/8/2020.\n")
	if f.Number != "" || f.Symbol != "" || f.SignedOn != "" || f.Found {
		t.Errorf("citation read as the document's number: %+v", f)
	}
}

func TestDates(t *testing.T) {
	tests := []struct{ line, place, date string }{
		{"Hà Nội, ngày 05 tháng 01 năm 2020", "Hà Nội", "2020-01-05"},
		{"Hà Nội, ngày 5 tháng 8 năm 2020", "Hà Nội", "2020-08-05"},
		{"Hà Nội, 05/8/2020", "Hà Nội", "2020-08-05"},
		{"Hà Nội, ngày 12/07/2024", "Hà Nội", "2024-07-12"},
		{"TP. Hồ Chí Minh, ngày 30 tháng 4 năm 2025", "TP. Hồ Chí Minh", "2025-04-30"},
		{"Đà Nẵng, ngày 01.02.2023", "Đà Nẵng", "2023-02-01"},
		{"Ha Noi, ngay 9 thang 9 nam 2021", "Ha Noi", "2021-09-09"},
		{"Hà Nội, ngày 31 tháng 02 năm 2024", "", ""}, // no such day
		{"Hà Nội, ngày    tháng    năm 2024", "", ""}, // draft
		// The end of the issuer's name beside the place (OCR, flattened
		// columns) is not part of the place; a place in capitals is.
		{"PHẠM HÀNH CHÍNH Hà Nội, ngày 14 tháng 4 năm 2026", "Hà Nội", "2026-04-14"},
		{"HÀ NỘI, ngày 14 tháng 4 năm 2026", "HÀ NỘI", "2026-04-14"},
	}
	for _, tt := range tests {
		f := Parse(doc("BỘ TƯ PHÁP", "Số: 12/BTP-VP", tt.line, "V/v thử nghiệm"))
		if f.Place != tt.place || f.SignedOn != tt.date {
			t.Errorf("%q: place %q date %q, want %q %q", tt.line, f.Place, f.SignedOn, tt.place, tt.date)
		}
	}
}

func TestPortalVariants(t *testing.T) {
	tests := []struct {
		line             string
		portal, specific bool
	}{
		{"Cổng TTĐT Bộ Tư pháp (để đăng tải)", true, true},
		{"Cổng Thông tin điện tử Bộ Tư pháp để đăng tải", true, true},
		{"Cổng Thông tin điện tử Bộ (để đăng tải)", true, true},
		{"Cổng TTĐT Bộ (đăng tải)", true, true},
		{"CỔNG TTĐT BỘ TƯ PHÁP (ĐỂ ĐĂNG TẢI)", true, true},
		{"Cong TTDT Bo Tu phap (de dang tai)", true, true},
		{"cổng thông tin điện tử bộ tư pháp", true, false},
		{"Cổng TTĐT Bộ", true, false},
		{"Cổng TTĐT của Bộ Tư pháp", true, false},
		{"Cổng TTĐT Bộ Công an (để đăng tải)", false, false},
		{"Cổng Thông tin điện tử Chính phủ", false, false},
		{"Trang TTĐT Sở Tư pháp", false, false},
		{"Vụ Pháp chế", false, false},
	}
	for _, tt := range tests {
		portal, posting := portalMatch(tt.line)
		if portal != tt.portal || posting != tt.specific {
			t.Errorf("%q: portal %v posting %v, want %v %v", tt.line, portal, posting, tt.portal, tt.specific)
		}
	}
}

func TestMarks(t *testing.T) {
	tests := []struct{ line, secrecy, urgency string }{
		{"MẬT", "MẬT", ""},
		{"[TỐI MẬT]", "TỐI MẬT", ""},
		{"TUYỆT MẬT", "TUYỆT MẬT", ""},
		{"Độ mật: Mật", "MẬT", ""},
		{"LƯU HÀNH NỘI BỘ", "LƯU HÀNH NỘI BỘ", ""},
		{"Lưu hành nội bộ", "LƯU HÀNH NỘI BỘ", ""},
		{"XEM XONG TRẢ LẠI", "XEM XONG TRẢ LẠI", ""},
		{"Không phổ biến", "không phổ biến", ""},
		{"HỎA TỐC", "", "HỎA TỐC"},
		{"HOẢ TỐC", "", "HỎA TỐC"},
		{"THƯỢNG KHẨN", "", "THƯỢNG KHẨN"},
		{"KHẨN", "", "KHẨN"},
		{"Độ khẩn: Khẩn", "", "KHẨN"},
		// Prose is not a stamp (Điều 14 khoản 2 needs a mark).
		{"Mật", "", ""},
		{"Bảo vệ bí mật nhà nước là nhiệm vụ của mọi cơ quan.", "", ""},
		{"Đề nghị các đơn vị khẩn trương thực hiện.", "", ""},
		{"Tài liệu mật phải được quản lý chặt chẽ.", "", ""},
	}
	for _, tt := range tests {
		f := Parse(doc("BỘ TƯ PHÁP", "Số: 12/BTP-VP", "Hà Nội, ngày 05 tháng 01 năm 2020", "V/v thử nghiệm", "", tt.line))
		if f.Secrecy != tt.secrecy || f.Urgency != tt.urgency {
			t.Errorf("%q: secrecy %q urgency %q, want %q %q", tt.line, f.Secrecy, f.Urgency, tt.secrecy, tt.urgency)
		}
	}
}

func TestTypeFromSymbol(t *testing.T) {
	tests := map[string]string{
		"QĐ-BTP": "Quyết định", "QD-BTP": "Quyết định", "QyĐ-BTP": "Quy định", "TT-BTP": "Thông tư",
		"TTr-BTP": "Tờ trình", "CT-TTg": "Chỉ thị", "CTr-BTP": "Chương trình", "KH-UBND": "Kế hoạch",
		"TB-VP": "Thông báo", "GM-BTP": "Giấy mời", "BC-BTP": "Báo cáo", "NĐ-CP": "Nghị định",
		"HD-BTP": "Hướng dẫn", "HĐ-BTP": "Hợp đồng", "ĐA-BTP": "Đề án", "DA-BTP": "Dự án",
		"TTLT-BTP-BCA": "Thông tư liên tịch", "BTP-CNTT": "Công văn", "UBND-NC": "Công văn", "": "",
	}
	for sym, want := range tests {
		if got := typeFromSymbol(sym); got != want {
			t.Errorf("typeFromSymbol(%q) = %q, want %q", sym, got, want)
		}
	}
}

// The title line decides the type over the symbol; "QUYẾT ĐỊNH:" opening
// the articles is not a title.
func TestTitleOverSymbol(t *testing.T) {
	f := Parse(doc("BỘ TƯ PHÁP", "Số: 12/BTP-VP", "Hà Nội, ngày 05 tháng 01 năm 2020", "", "KẾ HOẠCH", "Triển khai nhiệm vụ năm 2020"))
	if f.Type != "Kế hoạch" || f.Summary != "Triển khai nhiệm vụ năm 2020" {
		t.Errorf("type %q summary %q", f.Type, f.Summary)
	}
	f = Parse("Căn cứ Luật Tổ chức Chính phủ;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành.\n")
	if f.Type != "" || f.Found {
		t.Errorf("decision clause read as a title: %+v", f)
	}
}

func TestEmptyAndGarbage(t *testing.T) {
	for _, in := range []string{"", "\n\n\n", "./.", "Số:", "Nơi nhận:", "KT. BỘ TRƯỞNG", "\xff\xfe\x00", strings.Repeat("-", 1000)} {
		f := Parse(in)
		if f.Found {
			t.Errorf("Parse(%q).Found = true", in)
		}
		if f.Recipients == nil || f.Addressees == nil || f.Evidence == nil {
			t.Errorf("Parse(%q): nil list or map", in)
		}
	}
}

// Flattened headers where a column boundary is lost entirely.
func TestFlattenedSameLine(t *testing.T) {
	tests := []struct {
		name, text                   string
		issuer, parent, numSym, date string
	}{
		{"issuer then number", "BỘ TƯ PHÁP Số: 12/BTP-VP Hà Nội, ngày 05 tháng 01 năm 2020\nV/v thử nghiệm\n",
			"BỘ TƯ PHÁP", "", "12/BTP-VP", "2020-01-05"},
		{"date then number", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nBỘ TƯ PHÁP\nCỤC CÔNG NGHỆ THÔNG TIN\nHà Nội, ngày 5 tháng 8 năm 2020 Số: 979/CNTT-TTTT\nV/v thử nghiệm\n",
			"CỤC CÔNG NGHỆ THÔNG TIN", "BỘ TƯ PHÁP", "979/CNTT-TTTT", "2020-08-05"},
		{"quốc hiệu broken over two lines", "BỘ TƯ PHÁP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM\nSố: 7/BTP-VP\nHà Nội, ngày 05/01/2020\nV/v thử\n",
			"BỘ TƯ PHÁP", "", "7/BTP-VP", "2020-01-05"},
	}
	for _, tt := range tests {
		f := Parse(tt.text)
		if f.Issuer != tt.issuer || f.IssuerParent != tt.parent || f.NumberSymbol != tt.numSym || f.SignedOn != tt.date || !f.Found {
			t.Errorf("%s: issuer %q parent %q number %q date %q found %v", tt.name, f.Issuer, f.IssuerParent, f.NumberSymbol, f.SignedOn, f.Found)
		}
	}
}
