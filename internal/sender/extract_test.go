package sender

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestExtractLabels(t *testing.T) {
	tests := []struct {
		name, in  string
		key, want string
	}{
		{"họ và tên", "Họ và tên: Nguyễn Văn An", keyName, "Nguyễn Văn An"},
		{"họ tên", "Họ tên: Nguyễn Văn An", keyName, "Nguyễn Văn An"},
		{"no diacritics", "Ho va ten: Nguyen Van An", keyName, "Nguyen Van An"},
		{"tên tác giả", "Tên tác giả: Nguyễn Văn An", keyName, "Nguyễn Văn An"},
		{"next line", "Họ và tên:\nNguyễn Văn An\nChức vụ: Chuyên viên", keyName, "Nguyễn Văn An"},
		{"chức vụ", "Chức vụ: Chuyên viên chính", keyTitle, "Chuyên viên chính"},
		{"chức danh", "Chức danh: Phóng viên", keyTitle, "Phóng viên"},
		{"chức vụ không", "Chức vụ: không", keyTitle, ""},
		{"đơn vị", "Đơn vị: Vụ Pháp chế, Bộ Tư pháp.", keyOrganization, "Vụ Pháp chế, Bộ Tư pháp"},
		{"cơ quan", "Cơ quan công tác: Sở Tư pháp tỉnh Nghệ An", keyOrganization, "Sở Tư pháp tỉnh Nghệ An"},
		{"mst", "MST: 0100109106", keyTaxCode, "0100109106"},
		{"mã số thuế", "Mã số thuế: 0100109106-001", keyTaxCode, "0100109106-001"},
		{"số cccd", "Số CCCD: 001203012345", keyCitizenID, "001203012345"},
		{"căn cước công dân", "Căn cước công dân: 001 203 012 345", keyCitizenID, "001203012345"},
		{"cmnd/cccd", "CMND/CCCD: 001203012345 cấp ngày 01/01/2021", keyCitizenID, "001203012345"},
		{"số định danh", "Số định danh cá nhân: 001203012345", keyCitizenID, "001203012345"},
		{"điện thoại", "Điện thoại: 0912 345 678", keyPhone, "+84912345678"},
		{"đt", "ĐT: 0912.345.678", keyPhone, "+84912345678"},
		{"sđt", "SĐT: 0912-345-678", keyPhone, "+84912345678"},
		{"mobile", "Mobile: +84 912 345 678", keyPhone, "+84912345678"},
		{"đt no colon", "ĐT 0912 345 678", keyPhone, "+84912345678"},
		{"two phones", "Điện thoại: (024) 3762 1234 / 0912 345 678", keyPhone, "+842437621234"},
		{"bad then good", "ĐT: 0612 345 678 hoặc 0912 345 678", keyPhone, "+84912345678"},
		{"địa chỉ", "Địa chỉ: Số 60 Trần Phú, Ba Đình, Hà Nội", keyAddress, "Số 60 Trần Phú, Ba Đình, Hà Nội"},
		{"địa chỉ liên hệ", "Địa chỉ liên hệ: 12 Lê Lợi, Quận 1, TP. Hồ Chí Minh", keyAddress, "12 Lê Lợi, Quận 1, TP. Hồ Chí Minh"},
		{"địa chỉ email is not an address", "Địa chỉ email: a@moj.gov.vn", keyAddress, ""},
		{"two labels on a line", "Họ và tên: Nguyễn Văn An    Chức vụ: Chuyên viên", keyName, "Nguyễn Văn An"},
		{"value ends at next label", "Điện thoại: 0912345678 Email: an@moj.gov.vn", keyPhone, "+84912345678"},
		{"bullets", "- Họ và tên: Nguyễn Văn An", keyName, "Nguyễn Văn An"},
		{"numbered", "3. Đơn vị: Cục Công nghệ thông tin", keyOrganization, "Cục Công nghệ thông tin"},
		{"placeholder", "Mã số thuế: ………………", keyTaxCode, ""},
		{"prose is not a label", "Vui lòng gửi về địa chỉ: 60 Trần Phú, Hà Nội", keyAddress, ""},
		{"nfd input", "Ho\u0323 va\u0300 te\u0302n: Nguye\u0302\u0303n Va\u0306n An", keyName, "Nguyễn Văn An"},
		// Regressions found on testdata/corpus (internal/derive corpus tests).
		{"khổng is a surname, not không", "Người gửi: Khổng Minh Nguyệt", keyName, "Khổng Minh Nguyệt"},
		{"không is nothing", "Người gửi: không", keyName, ""},
		{"khong co typed without diacritics", "Ma so thue: khong co", keyTaxCode, ""},
		{"na hang is a place, not n/a", "Địa chỉ: Na Hang, tỉnh Tuyên Quang", keyAddress, "Na Hang, tỉnh Tuyên Quang"},
		{"đ/c", "Đ/c: 60 Trần Phú, Ba Đình, Hà Nội", keyAddress, "60 Trần Phú, Ba Đình, Hà Nội"},
		{"đc", "ĐC: 60 Trần Phú, Hà Nội", keyAddress, "60 Trần Phú, Hà Nội"},
		{"cccd số", "CCCD số: 025190007341", keyCitizenID, "025190007341"},
		{"căn cước công dân số", "Căn cước công dân số: 025 190 007 341", keyCitizenID, "025190007341"},
		{"foreign phone", "Mobile: +33 1 44 55 66 77", keyPhone, "+33144556677"},
	}
	for _, tt := range tests {
		d := Extract(tt.in)
		got := map[string]string{
			keyName: d.Name, keyTitle: d.Title, keyOrganization: d.Organization, keyTaxCode: d.TaxCode,
			keyCitizenID: d.CitizenID, keyPhone: d.Phone, keyAddress: d.Address,
		}[tt.key]
		if got != tt.want {
			t.Errorf("%s: %s = %q, want %q (%+v)", tt.name, tt.key, got, tt.want, d)
		}
	}
}

func TestExtractSignature(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Data
	}{
		{"comma title", "Kính gửi Ban Biên tập,\nEm gửi bài viết về hội nghị.\nTrân trọng,\nNguyễn Văn A\nChuyên viên, Vụ Pháp chế\nĐT: 0912 345 678",
			Data{Name: "Nguyễn Văn A", Title: "Chuyên viên", Organization: "Vụ Pháp chế", Phone: "+84912345678"}},
		{"title and unit without comma", "Trân trọng!\n\nLê Thị Hoa\nPhó Trưởng phòng Phòng Hành chính tư pháp\nSở Tư pháp tỉnh Nam Định\n0912.345.678",
			Data{Name: "Lê Thị Hoa", Title: "Phó Trưởng phòng", Organization: "Phòng Hành chính tư pháp, Sở Tư pháp tỉnh Nam Định", Phone: "+84912345678"}},
		{"rfc 3676 delimiter", "Nội dung thư.\n-- \nPhạm Quốc Hưng\nCục Công nghệ thông tin - Bộ Tư pháp\nSố 60 Trần Phú, Ba Đình, Hà Nội",
			Data{Name: "Phạm Quốc Hưng", Organization: "Cục Công nghệ thông tin - Bộ Tư pháp", Address: "Số 60 Trần Phú, Ba Đình, Hà Nội"}},
		{"no diacritics", "Tran trong,\nNguyen Van Binh\nChuyen vien, Vu Phap che\nDT: 0987654321",
			Data{Name: "Nguyen Van Binh", Title: "Chuyen vien", Organization: "Vu Phap che", Phone: "+84987654321"}},
		{"school is an organisation", "Trân trọng,\nĐỗ Minh Châu\nGiảng viên, Trường Đại học Luật Hà Nội",
			Data{Name: "Đỗ Minh Châu", Title: "Giảng viên", Organization: "Trường Đại học Luật Hà Nội"}},
		{"academic prefix", "Trân trọng,\nPGS.TS. Nguyễn Văn Hùng\nViện trưởng Viện Chiến lược và Khoa học pháp lý",
			Data{Name: "Nguyễn Văn Hùng", Title: "Viện trưởng", Organization: "Viện Chiến lược và Khoa học pháp lý"}},
		{"no sign-off: nothing guessed", "Nguyễn Văn A\nChuyên viên, Vụ Pháp chế", Data{}},
		// Regressions found on testdata/corpus.
		{"closing with a pronoun", "Em gửi kế hoạch ạ.\n\nEm cảm ơn!\n\nTạ Minh Châu\nCục PBGDPL và TGPL\nĐT: 0389 516 204",
			Data{Name: "Tạ Minh Châu", Organization: "Cục PBGDPL và TGPL", Phone: "+84389516204"}},
		{"signature block after the message, no closing", "Đề nghị đăng tải ngay Công điện số 02/CĐ-BTP.\n\nCao Thị Ngọc Diệp\nChuyên viên chính - Văn phòng Bộ\nĐT: 0904 317 662",
			Data{Name: "Cao Thị Ngọc Diệp", Title: "Chuyên viên chính", Organization: "Văn phòng Bộ", Phone: "+84904317662"}},
		{"a message that ends with a name alone is not signed", "Em gửi tin bài.\n\nNguyễn Văn A", Data{}},
		{"english signature", "Please post the article.\n\nThanks,\n\nDiep Minh Khoi\nInternational Cooperation Department\nPhone: 0394 227 615",
			Data{Name: "Diep Minh Khoi", Organization: "International Cooperation Department", Phone: "+84394227615"}},
	}
	for _, tt := range tests {
		d := Extract(tt.in)
		d.Missing, d.Invalid = nil, nil
		if !reflect.DeepEqual(d, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, d, tt.want)
		}
	}
}

func TestMissingInvalid(t *testing.T) {
	tests := []struct {
		name             string
		in               string
		missing, invalid []string
	}{
		{"empty", "", []string{"organization", "name", "tax_code", "citizen_id", "phone", "address"}, []string{}},
		{"complete", "Họ và tên: Nguyễn Văn An\nĐơn vị: Vụ Pháp chế\nMã số thuế: 0100109106\nSố CCCD: 001203012345\nĐiện thoại: 0912345678\nĐịa chỉ: 60 Trần Phú, Hà Nội",
			[]string{}, []string{}},
		{"title never missing", "Họ và tên: Nguyễn Văn An\nĐơn vị: Vụ Pháp chế\nMã số thuế: 0100109106\nSố CCCD: 001203012345\nĐiện thoại: 0912345678\nĐịa chỉ: 60 Trần Phú, Hà Nội\nChức vụ:",
			[]string{}, []string{}},
		{"invalid numbers", "Họ và tên: Nguyễn Văn An\nMã số thuế: 0100109107\nSố CCCD: 123456789\nĐiện thoại: 0612345678",
			[]string{"organization", "address"}, []string{"tax_code", "citizen_id", "phone"}},
		{"placeholder is missing", "Mã số thuế: ……\nSố CCCD: ....", []string{"organization", "name", "tax_code", "citizen_id", "phone", "address"}, []string{}},
	}
	for _, tt := range tests {
		d := Extract(tt.in)
		if !reflect.DeepEqual(d.Missing, tt.missing) || !reflect.DeepEqual(d.Invalid, tt.invalid) {
			t.Errorf("%s: missing %q invalid %q, want %q %q", tt.name, d.Missing, d.Invalid, tt.missing, tt.invalid)
		}
	}
	// An invalid number is kept as written.
	d := Extract("Mã số thuế: 0100109107")
	if d.TaxCode != "0100109107" {
		t.Errorf("invalid tax code kept as %q", d.TaxCode)
	}
}

// The body wins over an attachment for the same field.
func TestBodyBeforeAttachment(t *testing.T) {
	d := Extract("Họ và tên: Nguyễn Văn An", "Họ và tên: Trần Văn Bình\nĐơn vị: Vụ Pháp chế")
	if d.Name != "Nguyễn Văn An" || d.Organization != "Vụ Pháp chế" {
		t.Errorf("got %+v", d)
	}
	// An unlabelled signature in the body wins over a labelled line of an
	// attached document: the digital-signature box of a signed PDF names
	// the issuing body ("Cơ quan: Bộ Tư pháp"), not the sender's unit.
	d = Extract("Em gửi văn bản ạ.\n\nTrân trọng,\nCao Thị Ngọc Diệp\nChuyên viên chính - Phòng Tổng hợp - Văn phòng Bộ",
		"Ký bởi: Bộ Tư pháp\nCơ quan: Bộ Tư pháp\nThời gian ký: 10.03.2026 09:12:40 +07:00")
	if d.Organization != "Phòng Tổng hợp - Văn phòng Bộ" {
		t.Errorf("organisation from the signature box of the attachment: %+v", d)
	}
}

// Files of testdata as the corpus has them: a form attached under a short
// body; signatures written as in the corpus (a mobile's footer under a
// signature without a closing line, an English signature with a foreign
// phone); a reply whose quoted original (our own request, signed by our
// staff) must not be read as the sender's data.
func TestExtractFiles(t *testing.T) {
	tests := []struct {
		file string
		body string // set: the file is an attachment under this body
		want Data
	}{
		{"testdata/phieu-gui-tin-bai.txt", "Kính gửi Ban Biên tập, em gửi phiếu kèm theo.", Data{
			Organization: "Báo Pháp luật Việt Nam", Name: "Trần Thị Bình", Title: "Phóng viên",
			TaxCode: "0101234565", CitizenID: "079095001234", Phone: "+84587654321",
			Address: "Số 42 Tràng Thi, Hàng Trống, Hoàn Kiếm, Hà Nội", Missing: []string{}, Invalid: []string{},
		}},
		{"testdata/email-signature-no-closing.txt", "", Data{
			Organization: "Phòng Hộ tịch, Cục Hành chính tư pháp", Name: "Khổng Thị Ngọc Ánh", Title: "Chuyên viên",
			TaxCode: "8113062481", CitizenID: "024187003152", Phone: "+84326114907", Address: "58-60 Trần Phú, Ba Đình, Hà Nội",
			Missing: []string{}, Invalid: []string{},
		}},
		{"testdata/email-english-signature.txt", "", Data{
			Organization: "Justice Partnership Programme, Embassy of France", Name: "Margaux Lefèvre", Title: "Programme officer",
			Phone: "+33612345678", Missing: []string{"tax_code", "citizen_id", "address"}, Invalid: []string{},
		}},
		{"testdata/email-reply-quoted.txt", "", Data{
			Organization: "Phòng Tư pháp huyện Tiên Du", Name: "Lê Minh Tuấn", Title: "Cán bộ",
			TaxCode: "001203012345", CitizenID: "001203012345", Phone: "+84977123456",
			Address: "Thôn Đông, xã Tiên Du, tỉnh Bắc Ninh", Missing: []string{}, Invalid: []string{},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			var d Data
			if tt.body != "" {
				d = Extract(tt.body, string(b))
			} else {
				d = Extract(string(b))
			}
			if !reflect.DeepEqual(d, tt.want) {
				t.Errorf("got %+v\nwant %+v", d, tt.want)
			}
		})
	}
}

// A reply's quoted original (our own request, signed by our staff) must not
// be read as the sender's data (the reply of testdata: TestExtractFiles).
func TestReplyQuoted(t *testing.T) {
	d := Extract("Cảm ơn.\n\nOn Tue, Nov 12, 2024 at 9:15 AM Ban Bien tap <banbientap@moj.gov.vn> wrote:\nHọ và tên: Nguyễn Thị Hoa\nĐT: 024 6273 9999")
	if d.Name != "" || d.Phone != "" {
		t.Errorf("quoted original read: %+v", d)
	}
	d = Extract("Đồng ý.\n\nFrom: Ban Bien tap\nSent: Tuesday\nHọ và tên: Nguyễn Thị Hoa")
	if d.Name != "" {
		t.Errorf("Outlook original read: %+v", d)
	}
}

func TestKnown(t *testing.T) {
	dir := func(addr string) (string, bool) {
		if addr == "vpc@moj.gov.vn" {
			return "Vụ Pháp chế", true
		}
		return "", false
	}
	d := Extract("Họ và tên: Nguyễn Văn An")
	k := Known(d, "Vụ Pháp chế <VPC@moj.gov.vn>", dir)
	if k.Organization != "Vụ Pháp chế" {
		t.Errorf("organisation not filled: %+v", k)
	}
	if strings.Contains(strings.Join(k.Missing, ","), "organization") {
		t.Errorf("missing still lists organization: %q", k.Missing)
	}
	if !reflect.DeepEqual(k.Missing, []string{"tax_code", "citizen_id", "phone", "address"}) {
		t.Errorf("missing = %q", k.Missing)
	}
	if u := Known(d, "someone@gmail.com", dir); u.Organization != "" || !reflect.DeepEqual(u.Missing, d.Missing) {
		t.Errorf("unknown sender changed: %+v", u)
	}
	e := Extract("Đơn vị: Báo Pháp luật Việt Nam")
	if got := Known(e, "vpc@moj.gov.vn", dir); got.Organization != "Báo Pháp luật Việt Nam" {
		t.Errorf("extracted organisation overwritten: %q", got.Organization)
	}
	if got := Known(d, "vpc@moj.gov.vn", nil); !reflect.DeepEqual(got, d) {
		t.Errorf("nil directory changed data")
	}
	inv := Extract("Mã số thuế: 0100109107")
	if got := Known(inv, "vpc@moj.gov.vn", dir); !reflect.DeepEqual(got.Invalid, []string{"tax_code"}) {
		t.Errorf("Known lost invalid: %q", got.Invalid)
	}
}
