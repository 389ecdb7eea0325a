package document

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestGolden parses every testdata/*.txt and compares the whole result with
// its reviewed *.golden file.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 25 {
		t.Fatalf("want at least 25 documents in testdata, have %d", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			in, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(Parse(string(in)), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(file, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if string(got) != string(want) {
				t.Errorf("%s differs from %s:\n%s", file, golden, got)
			}
		})
	}
}

// fieldsOf parses a testdata file and returns the result as a JSON map.
func fieldsOf(t *testing.T, name string) map[string]any {
	t.Helper()
	in, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(Parse(string(in)))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestFields checks, independently of the golden files, the fields that each
// document is there to exercise. Expected values are read off the documents.
func TestFields(t *testing.T) {
	tests := []struct {
		file string
		want map[string]any
	}{
		{"qd-1319-btp-regulation.txt", map[string]any{
			"found": true, "number": "1319", "symbol": "QĐ-BTP", "number_symbol": "1319/QĐ-BTP",
			"type": "Quyết định", "signed_on": "2024-07-12", "authority": "KT.", "authority_for": "BỘ TRƯỞNG",
			"signer_title": "THỨ TRƯỞNG", "signer": "Trần Tiến Dũng", "portal_recipient": true,
			"portal_for_posting": true, "secrecy": "", "urgency": "",
			"summary":    "BAN HÀNH QUY CHẾ HOẠT ĐỘNG CỦA CỔNG THÔNG TIN ĐIỆN TỬ BỘ TƯ PHÁP",
			"recipients": []any{"Như Điều 3", "Bộ trưởng (để báo cáo)", "Các Thứ trưởng (để biết)", "Cổng TTĐT Bộ Tư pháp (để đăng tải)", "Lưu: VT, Cục CNTT"},
		}},
		{"qd-standard-header.txt", map[string]any{
			"found": true, "number_symbol": "15/QĐ-BTP", "type": "Quyết định", "issuer": "BỘ TƯ PHÁP", "issuer_parent": "",
			"place": "Hà Nội", "signed_on": "2020-01-05", "authority": "", "signer_title": "BỘ TRƯỞNG", "signer": "Lê Thành Long",
			"summary":          "Về việc thành lập Tổ biên tập xây dựng Đề án nâng cấp Cổng Thông tin điện tử Bộ Tư pháp",
			"portal_recipient": true, "portal_for_posting": true,
		}},
		{"cv-flattened-tabs.txt", map[string]any{
			"number": "979", "symbol": "CNTT-TTTT", "type": "Công văn", "issuer": "CỤC CÔNG NGHỆ THÔNG TIN",
			"issuer_parent": "BỘ TƯ PHÁP", "signed_on": "2020-08-05",
			"summary":    "V/v đăng tải thông tin về Hội nghị trực tuyến triển khai Kế hoạch chuyển đổi số năm 2020",
			"addressees": []any{"Cổng Thông tin điện tử Bộ Tư pháp"}, "authority": "KT.", "authority_for": "CỤC TRƯỞNG",
			"signer_title": "PHÓ CỤC TRƯỞNG", "signer": "Nguyễn Văn Hùng", "portal_recipient": true, "portal_for_posting": false,
			"recipients": []any{"Như trên", "Cục trưởng (để báo cáo)", "Lưu: VT, TTTT"},
		}},
		{"cv-flattened-single-space.txt", map[string]any{
			"number_symbol": "45/BTP-PC", "type": "Công văn", "issuer": "VỤ PHÁP CHẾ", "issuer_parent": "BỘ TƯ PHÁP",
			"signed_on": "2020-08-05", "authority": "TL.", "signer_title": "VỤ TRƯỞNG VỤ PHÁP CHẾ",
			"addressees":       []any{"Các Vụ, Cục, Tổng cục, Viện, Trường, Báo, Tạp chí thuộc Bộ", "Sở Tư pháp các tỉnh, thành phố trực thuộc Trung ương"},
			"portal_recipient": true, "portal_for_posting": true,
		}},
		{"tt-2025-year-symbol.txt", map[string]any{
			"number": "08", "year": 2025.0, "symbol": "TT-BTP", "number_symbol": "08/2025/TT-BTP", "type": "Thông tư",
			"signed_on": "2025-03-12", "signer": "Nguyễn Hải Ninh", "portal_recipient": true, "portal_for_posting": false,
		}},
		{"tt-pdftotext-layout.txt", map[string]any{
			"number_symbol": "05/2024/TT-BTP", "year": 2024.0, "type": "Thông tư", "issuer": "BỘ TƯ PHÁP", "signed_on": "2024-06-10",
			"authority": "KT.", "signer_title": "THỨ TRƯỞNG", "signer": "Mai Lương Khôi", "portal_recipient": true,
			"summary": "Sửa đổi, bổ sung một số điều của Thông tư số 04/2022/TT-BTP hướng dẫn về nhuận bút, thù lao trên Cổng",
		}},
		{"kh-ubnd-tm-kt.txt", map[string]any{
			"type": "Kế hoạch", "issuer": "ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "place": "Bắc Ninh", "signed_on": "2024-02-15",
			"authority": "TM.", "authority_for": "ỦY BAN NHÂN DÂN", "signer_title": "PHÓ CHỦ TỊCH", "signer": "Vương Quốc Tuấn",
			"portal_recipient": false,
		}},
		{"tb-tl-chanh-van-phong.txt", map[string]any{
			"type": "Thông báo", "issuer": "VĂN PHÒNG", "issuer_parent": "BỘ TƯ PHÁP", "authority": "TL.",
			"signer_title": "CHÁNH VĂN PHÒNG", "portal_recipient": true, "portal_for_posting": true,
		}},
		{"gm-no-diacritics.txt", map[string]any{
			"found": true, "number_symbol": "01/GM-BTP", "type": "Giấy mời", "place": "Ha Noi", "signed_on": "2024-05-20",
			"authority": "TL.", "authority_for": "BO TRUONG", "signer": "Nguyen Van Hoa", "portal_recipient": true, "portal_for_posting": true,
		}},
		{"bc-mat-q-cuc-truong.txt", map[string]any{
			"type": "Báo cáo", "secrecy": "MẬT", "authority": "Q.", "authority_for": "CỤC TRƯỞNG", "signer": "Phạm Văn Hùng",
			"issuer": "CỤC QUẢN LÝ THI HÀNH ÁN DÂN SỰ", "portal_recipient": false,
		}},
		{"cd-hoa-toc.txt", map[string]any{"type": "Công điện", "urgency": "HỎA TỐC", "secrecy": "", "issuer": "BỘ TƯ PHÁP"}},
		{"cv-toi-mat-thuong-khan-tuq.txt", map[string]any{
			"secrecy": "TỐI MẬT", "urgency": "THƯỢNG KHẨN", "authority": "TUQ.", "signer_title": "VỤ TRƯỞNG VỤ HỢP TÁC QUỐC TẾ",
			"signer": "Đỗ Thị Bích Phương", "issuer": "VỤ HỢP TÁC QUỐC TẾ", "signed_on": "2023-10-03",
		}},
		{"email-quoting-doc.txt", map[string]any{
			"found": true, "number_symbol": "318/TB-BTTP", "type": "Thông báo", "issuer": "CỤC BỔ TRỢ TƯ PHÁP",
			"signer": "Nguyễn Thị Mai Hương", "signer_title": "PHÓ CỤC TRƯỞNG", "portal_recipient": true, "portal_for_posting": true,
			"addressees": []any{},
		}},
		{"qd-date-slash-nospace.txt", map[string]any{
			"number_symbol": "1320/QĐ-BTP", "signed_on": "2024-07-12", "portal_recipient": true, "portal_for_posting": false,
			"summary": "Ban hành Quy chế tổ chức và hoạt động của Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp",
		}},
		{"hd-huong-dan.txt", map[string]any{
			"type": "Hướng dẫn", "issuer": "CỤC PHỔ BIẾN, GIÁO DỤC PHÁP LUẬT VÀ TRỢ GIÚP PHÁP LÝ", "issuer_parent": "BỘ TƯ PHÁP",
			"portal_recipient": true,
		}},
		{"news-email-negative.txt", map[string]any{
			"found": false, "number": "", "type": "", "secrecy": "", "urgency": "", "signed_on": "", "portal_recipient": false,
		}},
		{"cv-bi-mat-sentence.txt", map[string]any{
			"found": true, "type": "Công văn", "secrecy": "", "urgency": "", "portal_recipient": true, "portal_for_posting": false,
		}},
		{"cv-vv-wrapped-recipient.txt", map[string]any{
			"issuer": "SỞ TƯ PHÁP", "issuer_parent": "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "portal_recipient": true, "portal_for_posting": true,
			"summary": "V/v cung cấp tin, bài về kết quả thực hiện Đề án tăng cường ứng dụng công nghệ thông tin trong phổ biến pháp luật",
		}},
		{"cv-other-portals-negative.txt", map[string]any{"found": true, "portal_recipient": false, "portal_for_posting": false}},
		{"kh-luu-hanh-noi-bo-tm.txt", map[string]any{"secrecy": "LƯU HÀNH NỘI BỘ", "authority": "TM.", "signer_title": "TRƯỞNG BAN"}},
		{"tb-xem-xong-tra-lai.txt", map[string]any{"secrecy": "XEM XONG TRẢ LẠI", "type": "Thông báo"}},
		{"bc-khong-pho-bien.txt", map[string]any{"secrecy": "không phổ biến", "authority": "", "signer_title": "VỤ TRƯỞNG"}},
		{"luat-quoc-hoi.txt", map[string]any{
			"found": true, "number": "67", "year": 2006.0, "symbol": "QH11", "type": "Luật", "issuer": "QUỐC HỘI",
			"signed_on": "", "signer": "Nguyễn Phú Trọng",
		}},
		{"nd-chinh-phu.txt", map[string]any{
			"number_symbol": "42/2022/NĐ-CP", "type": "Nghị định", "authority": "TM.", "authority_for": "CHÍNH PHỦ",
			"signer_title": "PHÓ THỦ TƯỚNG", "signer": "Vũ Đức Đam", "portal_recipient": false,
		}},
		{"ttr-to-trinh.txt", map[string]any{"type": "Tờ trình", "signed_on": "2024-02-29", "addressees": []any{"Chính phủ"}, "portal_recipient": true}},
		{"cv-draft-blank-number.txt", map[string]any{
			"found": true, "number": "", "symbol": "KHTC-NS", "signed_on": "", "type": "Công văn", "issuer": "CỤC KẾ HOẠCH - TÀI CHÍNH",
			"signer": "", "portal_recipient": true, "portal_for_posting": false,
		}},
		{"qd-crlf-tuq-numeric-date.txt", map[string]any{
			"number_symbol": "210/QĐ-ĐKGDBĐ", "signed_on": "2020-08-05", "authority": "TUQ.", "signer_title": "CỤC TRƯỞNG",
			"signer": "Nguyễn Thị Thu Hằng", "portal_recipient": true, "portal_for_posting": true,
		}},
		{"ct-decomposed-accents.txt", map[string]any{
			"number_symbol": "01/CT-TTg", "type": "Chỉ thị", "issuer": "THỦ TƯỚNG CHÍNH PHỦ", "signer": "Phạm Minh Chính",
			"portal_recipient": true, "portal_for_posting": true,
		}},
		// Regressions found on testdata/corpus (internal/derive corpus tests).
		// An issuer wrapped over five lines of a narrow column; Kính gửi items
		// without bullets; recipients wrapped with their rest in capitals.
		{"cv-issuer-wrapped-narrow.txt", map[string]any{
			"issuer": "CỤC PHÁP LUẬT QUỐC TẾ VÀ GIẢI QUYẾT TRANH CHẤP ĐẦU TƯ QUỐC TẾ", "issuer_parent": "BỘ TƯ PHÁP",
			"addressees":       []any{"Các cơ quan thi hành án dân sự", "Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp"},
			"portal_recipient": true, "portal_for_posting": false,
			"recipients": []any{"Như trên", "Văn phòng Chính phủ (Vụ Quan hệ quốc tế)", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc TW", "Lưu: VT, HTTP"},
			"summary":    "V/v đăng tải danh mục hiệp định tương trợ tư pháp về dân sự đã có hiệu lực",
		}},
		// OCR of a phone photo: specks read as quotes and periods, "~" for
		// "-", the signature column joined to Nơi nhận by one space.
		{"tb-ocr-photo-footer.txt", map[string]any{
			"issuer": "VỤ PHÁP LUẬT HÌNH SỰ - HÀNH CHÍNH", "issuer_parent": "BỘ TƯ PHÁP", "type": "Thông báo",
			"summary":   "Kết quả Hội thảo góp ý dự thảo Luật sửa đổi Bộ luật Hình sự",
			"authority": "KT.", "authority_for": "VỤ TRƯỞNG", "signer_title": "PHÓ VỤ TRƯỞNG", "signer": "Lý Quang Thái",
			"recipients":       []any{"Lãnh đạo Bộ (đế báo cáo)", "Cống TTĐT Bộ Tư pháp (để đăng tải)", "Lưu: VT, PLHS"},
			"portal_recipient": true, "portal_for_posting": true,
		}},
		// OCR lost the "Nơi nhận:" label; the issuer's last word sits
		// beside the place and date and is not the title "LUẬT".
		{"gm-ocr-no-noi-nhan.txt", map[string]any{
			"number_symbol": "11/GM-VDCXDPL", "type": "Giấy mời", "place": "Hà Nội", "signed_on": "2025-09-08",
			"issuer":     "VỤ CÁC VẤN ĐỀ CHUNG VỀ XÂY DỰNG PHÁP LUẬT",
			"recipients": []any{"Như trên", "Cống TTĐT Bộ", "Lưu: VT"}, "portal_recipient": true,
			"authority": "KT.", "signer": "Đoàn Văn Kiên",
		}},
		// Two documents one after the other (a ZIP's members): the first one.
		{"zip-two-documents.txt", map[string]any{
			"number_symbol": "812/QĐ-ĐHLHN", "type": "Quyết định", "issuer": "TRƯỜNG ĐẠI HỌC LUẬT HÀ NỘI",
			"authority": "", "signer_title": "HIỆU TRƯỞNG", "signer": "Đinh Văn Phúc", "portal_recipient": true,
		}},
		// The body's first paragraph follows the summary without a blank line.
		{"tb-summary-then-body.txt", map[string]any{
			"summary": "Kết quả xét tặng Kỷ niệm chương Vì sự nghiệp Tư pháp đợt 1 năm 2026", "signer": "Tạ Quang Huy",
		}},
		{"bc-summary-docx-paragraph.txt", map[string]any{
			"summary": "Công tác đấu giá tài sản năm 2025", "signer_title": "CỤC TRƯỞNG", "signer": "Phùng Thị Lan",
		}},
		// A post wrapped over two lines above the name; "./." glued to
		// "Nơi nhận:" by the extractor.
		{"qd-signer-title-wrapped.txt", map[string]any{
			"authority": "TUQ.", "signer_title": "CỤC TRƯỞNG CỤC CÔNG NGHỆ THÔNG TIN", "signer": "Quan Đức Thịnh",
			"recipients":       []any{"Bộ trưởng (để báo cáo)", "Cổng TTĐT Bộ Tư pháp (để đăng tải)", "Lưu: VT, CNTT"},
			"portal_recipient": true, "portal_for_posting": true,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := fieldsOf(t, tt.file)
			for k, want := range tt.want {
				if !reflect.DeepEqual(got[k], want) {
					t.Errorf("%s = %#v, want %#v", k, got[k], want)
				}
			}
		})
	}
}

// TestEvidence checks that each field found points at the line it came from.
func TestEvidence(t *testing.T) {
	in, err := os.ReadFile("testdata/cv-flattened-tabs.txt")
	if err != nil {
		t.Fatal(err)
	}
	f := Parse(string(in))
	want := map[string]string{
		"number":           "Số: 979/CNTT-TTTT Hà Nội, ngày 5 tháng 8 năm 2020",
		"signed_on":        "Số: 979/CNTT-TTTT Hà Nội, ngày 5 tháng 8 năm 2020",
		"issuer":           "CỤC CÔNG NGHỆ THÔNG TIN Độc lập - Tự do - Hạnh phúc",
		"issuer_parent":    "BỘ TƯ PHÁP CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"signer":           "Nguyễn Văn Hùng",
		"portal_recipient": "Kính gửi: Cổng Thông tin điện tử Bộ Tư pháp.",
	}
	for k, v := range want {
		if f.Evidence[k] != v {
			t.Errorf("evidence[%s] = %q, want %q", k, f.Evidence[k], v)
		}
	}
	if _, ok := f.Evidence["secrecy"]; ok {
		t.Errorf("evidence for a field not found: %q", f.Evidence["secrecy"])
	}
}
