package main

// unitInfo is what the items need of a unit: the issuer line in capitals, the name as a
// label reads it and the symbol used in its document numbers.
type unitInfo struct {
	Issuer, Name, Sym string
}

var units = map[string]unitInfo{
	"vu-xdvb":       {"VỤ CÔNG TÁC XÂY DỰNG\nVĂN BẢN QUY PHẠM PHÁP LUẬT", "Vụ Công tác xây dựng văn bản quy phạm pháp luật", "XDVB"},
	"vu-tccb":       {"VỤ TỔ CHỨC CÁN BỘ", "Vụ Tổ chức cán bộ", "TCCB"},
	"vu-htqt":       {"VỤ HỢP TÁC QUỐC TẾ", "Vụ Hợp tác quốc tế", "HTQT"},
	"van-phong-bo":  {"VĂN PHÒNG BỘ", "Văn phòng Bộ", "VP"},
	"cuc-qlthads":   {"CỤC QUẢN LÝ\nTHI HÀNH ÁN DÂN SỰ", "Cục Quản lý Thi hành án dân sự", "QLTHADS"},
	"cuc-plhs-hc":   {"CỤC PHÁP LUẬT HÌNH SỰ - HÀNH CHÍNH\nVÀ QUẢN LÝ XỬ LÝ VI PHẠM HÀNH CHÍNH", "Cục Pháp luật hình sự - hành chính và Quản lý xử lý vi phạm hành chính", "PLHSHC"},
	"cuc-plds-kt":   {"CỤC PHÁP LUẬT DÂN SỰ - KINH TẾ", "Cục Pháp luật dân sự - kinh tế", "PLDSKT"},
	"cuc-plqt":      {"CỤC PHÁP LUẬT QUỐC TẾ VÀ GIẢI QUYẾT\nTRANH CHẤP ĐẦU TƯ QUỐC TẾ", "Cục Pháp luật quốc tế và Giải quyết tranh chấp đầu tư quốc tế", "PLQT"},
	"cuc-ktvb":      {"CỤC KIỂM TRA VĂN BẢN VÀ\nTỔ CHỨC THI HÀNH PHÁP LUẬT", "Cục Kiểm tra văn bản và Tổ chức thi hành pháp luật", "KTVB"},
	"cuc-pbgdpl":    {"CỤC PHỔ BIẾN, GIÁO DỤC PHÁP LUẬT\nVÀ TRỢ GIÚP PHÁP LÝ", "Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý", "PBGDPL"},
	"cuc-hctp":      {"CỤC HÀNH CHÍNH TƯ PHÁP", "Cục Hành chính tư pháp", "HCTP"},
	"cuc-dkgdbd-bt": {"CỤC ĐĂNG KÝ GIAO DỊCH BẢO ĐẢM\nVÀ BỒI THƯỜNG NHÀ NƯỚC", "Cục Đăng ký giao dịch bảo đảm và Bồi thường nhà nước", "ĐKGDBĐ"},
	"cuc-bttp":      {"CỤC BỔ TRỢ TƯ PHÁP", "Cục Bổ trợ tư pháp", "BTTP"},
	"cuc-ksthc":     {"CỤC KIỂM SOÁT\nTHỦ TỤC HÀNH CHÍNH", "Cục Kiểm soát thủ tục hành chính", "KSTTHC"},
	"cuc-khtc":      {"CỤC KẾ HOẠCH - TÀI CHÍNH", "Cục Kế hoạch - Tài chính", "KHTC"},
	"cuc-cntt":      {"CỤC CÔNG NGHỆ THÔNG TIN", "Cục Công nghệ thông tin", "CNTT"},
	"vien-clkhpl":   {"VIỆN CHIẾN LƯỢC VÀ\nKHOA HỌC PHÁP LÝ", "Viện Chiến lược và Khoa học pháp lý", "VCL"},
	"hoc-vien-tp":   {"HỌC VIỆN TƯ PHÁP", "Học viện Tư pháp", "HVTP"},
	"tap-chi-dcpl":  {"TẠP CHÍ DÂN CHỦ VÀ PHÁP LUẬT", "Tạp chí Dân chủ và Pháp luật", "TCDCPL"},
	"bao-plvn":      {"BÁO PHÁP LUẬT VIỆT NAM", "Báo Pháp luật Việt Nam", "BPLVN"},
}

// Nơi nhận lines naming the Portal, in the variants seen in real documents (Điều 9 khoản 2).
const (
	portalFull  = "- Cổng TTĐT Bộ Tư pháp (để đăng tải);"
	portalLong  = "- Cổng Thông tin điện tử Bộ (để đăng tải);"
	portalShort = "- Cổng TTĐT Bộ;"
)

// unitDoc fills the issuer fields of a document issued by a unit under the Ministry.
func unitDoc(code string, d *Doc) *Doc {
	u, ok := units[code]
	if !ok {
		panic("unknown unit " + code)
	}
	d.Parent = "BỘ TƯ PHÁP"
	d.Issuer = u.Issuer
	d.IssuerName = u.Name
	return d
}

// ministryDoc fills the issuer fields of a document the Ministry itself issues.
func ministryDoc(d *Doc) *Doc {
	d.Parent = ""
	d.Issuer = "BỘ TƯ PHÁP"
	d.IssuerName = "Bộ Tư pháp"
	return d
}

func sub(layout int, org, name, title, tax, cccd, phone, address string, missing, invalid []string) *Submitter {
	return &Submitter{Org: org, Name: name, Title: title, TaxCode: tax, CitizenID: cccd, Phone: phone,
		Address: address, Layout: layout, Missing: missing, Invalid: invalid}
}

func moj(local string) string { return local + "@moj.gov.vn" }

func none() []string { return []string{} }

func list(s ...string) []string { return s }
