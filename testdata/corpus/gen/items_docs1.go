package main

// itemsDocs1: official documents of the Ministry and its units sent for posting.
func itemsDocs1() []*Item {
	return []*Item{
		{
			File: "001-qd-ke-hoach-pbgdpl.eml", Client: "outlook", Received: "2026-03-02T09:14:05+07:00",
			FromName: "Đỗ Thị Thanh Mai", FromAddr: moj("dttmai.pbgdpl"),
			Cc:      []string{addr("Vũ Đình Khang", moj("vdkhang.pbgdpl"), "utf-8"), moj("vanthu.pbgdpl")},
			Subject: "Gửi Quyết định ban hành Kế hoạch công tác PBGDPL năm 2026 để đăng tải",
			Body: `Kính gửi: Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp

Thực hiện Quy chế hoạt động của Cổng Thông tin điện tử Bộ Tư pháp, Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý gửi kèm theo đây Quyết định số 125/QĐ-PBGDPL ngày 27/02/2026 ban hành Kế hoạch công tác phổ biến, giáo dục pháp luật năm 2026 của Cục, đề nghị Ban Biên tập đăng tải trên Cổng.

Trân trọng cảm ơn./.

{{sig}}`,
			Sub: sub(3, "Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý", "Đỗ Thị Thanh Mai", "Chuyên viên chính",
				taxCode("801234567"), "001188024613", "0912 486 203", "Số 60 Trần Phú, phường Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{unitDoc("cuc-pbgdpl", &Doc{
				File: "QD-125-PBGDPL.pdf", Format: "pdf-libreoffice", Number: "125/QĐ-PBGDPL", Type: "Quyết định",
				Signed: "2026-02-27", TitleLine: "QUYẾT ĐỊNH", Summary: "Ban hành Kế hoạch công tác phổ biến, giáo dục pháp luật năm 2026",
				Preamble: []string{"Căn cứ Luật Phổ biến, giáo dục pháp luật ngày 20 tháng 6 năm 2012;",
					"Căn cứ Quyết định số 2750/QĐ-BTP ngày 28 tháng 12 năm 2025 của Bộ trưởng Bộ Tư pháp quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý;",
					"Theo đề nghị của Trưởng phòng Phổ biến, giáo dục pháp luật."},
				Body: []string{"^QUYẾT ĐỊNH:",
					"**Điều 1.** Ban hành kèm theo Quyết định này Kế hoạch công tác phổ biến, giáo dục pháp luật năm 2026 của Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý.",
					"**Điều 2.** Quyết định này có hiệu lực kể từ ngày ký.",
					"**Điều 3.** Chánh Văn phòng Cục, Trưởng các phòng và Thủ trưởng các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./."},
				Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Vũ Đình Khang",
				NoiNhan: []string{"- Như Điều 3;", "- Bộ trưởng (để báo cáo);", "- Thứ trưởng phụ trách (để báo cáo);", portalFull, "- Lưu: VT, PBGDPL."},
				Portal:  true, CheckWords: []string{"Quyết định", "125/QĐ-PBGDPL", "Kế hoạch công tác phổ biến, giáo dục pháp luật năm 2026", "Cổng TTĐT Bộ Tư pháp"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-pbgdpl", Target: "portal_editor", Language: "vi"},
		},
		{
			File: "002-cv-lien-thong-khai-sinh-hctp.eml", Client: "webmail", Received: "2026-03-04T15:42:37+07:00",
			FromName: "Lương Văn Tuấn", FromAddr: moj("lvtuan"),
			Subject: "Công văn 312/HCTP-HT về liên thông đăng ký khai sinh - đề nghị đăng Cổng",
			Body: `Kính gửi Ban Biên tập,

Cục Hành chính tư pháp gửi Công văn số 312/HCTP-HT ngày 04/3/2026 về việc triển khai liên thông thủ tục hành chính đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi, đề nghị đăng tải tại chuyên mục Hướng dẫn nghiệp vụ.

Trân trọng.

{{sig}}`,
			Sub: sub(0, "Phòng Hộ tịch, quốc tịch - Cục Hành chính tư pháp", "Lương Văn Tuấn", "Phó Trưởng phòng", "", "",
				"024 6273 9318", "60 Trần Phú, Ba Đình, Hà Nội", list("tax_code", "citizen_id"), none()),
			Docs: []*Doc{unitDoc("cuc-hctp", &Doc{
				File: "CV-312-HCTP-HT.pdf", Format: "pdf-identity-h", Number: "312/HCTP-HT", Type: "Công văn", Signed: "2026-03-04", SignedAt: "14:58:21",
				VV:      "V/v triển khai liên thông thủ tục hành chính đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
				KinhGui: []string{"Sở Tư pháp các tỉnh, thành phố trực thuộc Trung ương."},
				Body: []string{"Thực hiện Nghị định số 63/2024/NĐ-CP ngày 10/6/2024 của Chính phủ quy định việc thực hiện liên thông điện tử nhóm thủ tục hành chính, Cục Hành chính tư pháp đề nghị Sở Tư pháp các tỉnh, thành phố quan tâm thực hiện một số nội dung sau:",
					"1. Chỉ đạo công chức tư pháp - hộ tịch cấp xã tiếp nhận, giải quyết đầy đủ hồ sơ liên thông trên Cổng Dịch vụ công quốc gia, không yêu cầu người dân nộp thêm giấy tờ đã được khai thác từ cơ sở dữ liệu.",
					"2. Rà soát các trường hợp hồ sơ quá hạn, chậm trả kết quả trong quý I năm 2026; tổng hợp nguyên nhân, khó khăn, vướng mắc.",
					"3. Báo cáo kết quả thực hiện về Cục Hành chính tư pháp trước ngày 31/3/2026 để tổng hợp, báo cáo Lãnh đạo Bộ.",
					"Trong quá trình thực hiện, nếu có vướng mắc, đề nghị liên hệ Phòng Hộ tịch, quốc tịch, Cục Hành chính tư pháp để được hướng dẫn./."},
				Authority: "Q.", AuthHead: "CỤC TRƯỞNG", Signer: "Hoàng Minh Tâm",
				NoiNhan: []string{"- Như trên;", "- Thứ trưởng Nguyễn Thị Phương Lan (để báo cáo);", portalLong, "- Lưu: VT, HT."},
				Portal:  true, CheckWords: []string{"312/HCTP-HT", "V/v triển khai liên thông", "Kính gửi", "Sở Tư pháp", "Cổng Thông tin điện tử Bộ"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-hctp", Target: "portal_editor", Language: "vi"},
		},
		{
			File: "003-tt-08-2025-tt-btp.eml", Client: "outlook", Received: "2025-06-20T17:48:12+07:00",
			FromName: "Trịnh Quốc Bảo", FromAddr: moj("tqbao.dkgdbd"),
			Subject: "Đăng tải Thông tư số 08/2025/TT-BTP",
			Body: `Kính gửi Ban Biên tập Cổng TTĐT Bộ Tư pháp,

Cục Đăng ký giao dịch bảo đảm và Bồi thường nhà nước gửi Thông tư số 08/2025/TT-BTP ngày 20/6/2025 của Bộ trưởng Bộ Tư pháp hướng dẫn một số vấn đề về đăng ký biện pháp bảo đảm qua hệ thống đăng ký trực tuyến (bản Word) để Cổng đăng tải tại mục Văn bản pháp luật.

Thông tư có hiệu lực từ ngày 05/8/2025.

Trân trọng./.

{{sig}}`,
			Sub: sub(2, "Cục Đăng ký giao dịch bảo đảm và Bồi thường nhà nước", "Trịnh Quốc Bảo", "Chuyên viên",
				"036085001927", "036085001927", "0983 210 574", "58-60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{ministryDoc(&Doc{
				File: "TT-08-2025-TT-BTP.docx", Format: "docx", Number: "08/2025/TT-BTP", Type: "Thông tư", Signed: "2025-06-20",
				TitleLine: "THÔNG TƯ", Summary: "Hướng dẫn một số vấn đề về đăng ký biện pháp bảo đảm qua hệ thống đăng ký trực tuyến",
				Preamble: []string{"Căn cứ Bộ luật Dân sự ngày 24 tháng 11 năm 2015;",
					"Căn cứ Nghị định số 99/2022/NĐ-CP ngày 30 tháng 11 năm 2022 của Chính phủ về đăng ký biện pháp bảo đảm;",
					"Theo đề nghị của Cục trưởng Cục Đăng ký giao dịch bảo đảm và Bồi thường nhà nước;",
					"Bộ trưởng Bộ Tư pháp ban hành Thông tư hướng dẫn một số vấn đề về đăng ký biện pháp bảo đảm qua hệ thống đăng ký trực tuyến."},
				Body: []string{"^Chương I", "^QUY ĐỊNH CHUNG",
					"**Điều 1. Phạm vi điều chỉnh** Thông tư này hướng dẫn việc cấp, sử dụng tài khoản đăng ký trực tuyến; thủ tục đăng ký, cung cấp thông tin về biện pháp bảo đảm bằng động sản qua hệ thống đăng ký trực tuyến.",
					"**Điều 2. Đối tượng áp dụng** Thông tư này áp dụng đối với cơ quan đăng ký, người yêu cầu đăng ký, người yêu cầu cung cấp thông tin và cơ quan, tổ chức, cá nhân có liên quan.",
					"**Điều 3. Tài khoản đăng ký trực tuyến** Người yêu cầu đăng ký thường xuyên được cấp tài khoản chính thức; người yêu cầu đăng ký không thường xuyên sử dụng tài khoản định danh điện tử mức độ 2 để thực hiện đăng ký.",
					"^Chương II", "^ĐIỀU KHOẢN THI HÀNH",
					"**Điều 4. Hiệu lực thi hành** Thông tư này có hiệu lực thi hành kể từ ngày 05 tháng 8 năm 2025./."},
				Authority: "KT.", AuthHead: "BỘ TRƯỞNG", SignTitle: "THỨ TRƯỞNG", Signer: "Ngô Quang Hiển",
				NoiNhan: []string{"- Văn phòng Chính phủ;", "- Các Bộ, cơ quan ngang Bộ;", "- Cục Kiểm tra văn bản và Tổ chức thi hành pháp luật;", "- Công báo; Cơ sở dữ liệu quốc gia về pháp luật;", "- Cổng Thông tin điện tử Bộ Tư pháp;", "- Lưu: VT, ĐKGDBĐ."},
				Portal:  true, CheckWords: []string{"THÔNG TƯ", "08/2025/TT-BTP", "đăng ký biện pháp bảo đảm", "Điều 4"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-dkgdbd-bt", Target: "portal_editor", Language: "vi",
				Note: "received on a Friday after 17:00; the tax code given is the 12-digit personal identification number, a valid form (domain.md)"},
		},
		{
			File: "004-qd-cong-bo-tthc-chung-thuc.eml", Client: "webmail", Received: "2025-09-10T10:05:44+07:00",
			FromName: "Phan Thu Hằng", FromAddr: moj("pthang.ksthc"),
			Subject: "V/v đăng tải Quyết định công bố thủ tục hành chính lĩnh vực chứng thực",
			Body: `Kính gửi Thường trực Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp,

Cục Kiểm soát thủ tục hành chính gửi Quyết định số 1856/QĐ-BTP ngày 10/9/2025 của Bộ trưởng Bộ Tư pháp về việc công bố thủ tục hành chính được sửa đổi, bổ sung trong lĩnh vực chứng thực thuộc phạm vi chức năng quản lý của Bộ Tư pháp.

Đề nghị Ban Biên tập đăng tải tại chuyên mục Thủ tục hành chính.

{{sig}}`,
			Sub: sub(1, "Cục Kiểm soát thủ tục hành chính", "Phan Thu Hằng", "Chuyên viên", taxCode("801356022"), "034192008514",
				"0936 552 108", "Số 60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{ministryDoc(&Doc{
				File: "QD-1856-QD-BTP-cong-bo-TTHC.pdf", Format: "pdf-libreoffice", Number: "1856/QĐ-BTP", Type: "Quyết định", Signed: "2025-09-10", DateStyle: 1,
				TitleLine: "QUYẾT ĐỊNH", Summary: "Về việc công bố thủ tục hành chính được sửa đổi, bổ sung trong lĩnh vực chứng thực thuộc phạm vi chức năng quản lý của Bộ Tư pháp",
				Preamble: []string{"Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát thủ tục hành chính;",
					"Căn cứ Nghị định số 23/2015/NĐ-CP ngày 16 tháng 02 năm 2015 của Chính phủ về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch;",
					"Theo đề nghị của Cục trưởng Cục Hành chính tư pháp và Cục trưởng Cục Kiểm soát thủ tục hành chính."},
				Body: []string{"^QUYẾT ĐỊNH:",
					"**Điều 1.** Công bố kèm theo Quyết định này 04 thủ tục hành chính được sửa đổi, bổ sung trong lĩnh vực chứng thực thuộc phạm vi chức năng quản lý của Bộ Tư pháp.",
					"**Điều 2.** Quyết định này có hiệu lực thi hành kể từ ngày ký.",
					"**Điều 3.** Chánh Văn phòng Bộ, Cục trưởng Cục Hành chính tư pháp, Cục trưởng Cục Kiểm soát thủ tục hành chính và Thủ trưởng các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./."},
				Authority: "KT.", AuthHead: "BỘ TRƯỞNG", SignTitle: "THỨ TRƯỞNG", Signer: "Ngô Quang Hiển",
				NoiNhan: []string{"- Như Điều 3;", "- Bộ trưởng (để báo cáo);", "- Văn phòng Chính phủ (Cục Kiểm soát TTHC);", "- UBND các tỉnh, thành phố trực thuộc TW;", portalLong, "- Lưu: VT, KSTTHC."},
				Portal:  true, CheckWords: []string{"1856/QĐ-BTP", "công bố thủ tục hành chính", "chứng thực", "Cổng Thông tin điện tử Bộ"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-ksthc", Target: "portal_editor", Language: "vi"},
		},
		{
			File: "005-tb-ket-luan-giao-ban-khan.eml", Client: "webmail", Received: "2026-03-10T16:20:09+07:00",
			FromName: "Văn phòng Bộ Tư pháp", FromAddr: moj("vanphong"),
			Subject: "KHẨN: Thông báo kết luận của Bộ trưởng tại cuộc họp giao ban tháng 3/2026",
			Body: `Kính gửi Ban Biên tập Cổng TTĐT,

Văn phòng Bộ gửi Thông báo số 45/TB-BTP ngày 10/3/2026 kết luận của Bộ trưởng tại cuộc họp giao ban Bộ tháng 3 năm 2026 (văn bản KHẨN), đề nghị đăng tải ngay trong ngày tại mục Chỉ đạo, điều hành.

{{sig}}`,
			Sub: sub(2, "Phòng Tổng hợp - Văn phòng Bộ", "Cao Thị Ngọc Diệp", "Chuyên viên chính", "", "001190035527",
				"0904 317 662", "60 Trần Phú, Ba Đình, Hà Nội", list("tax_code"), none()),
			Docs: []*Doc{ministryDoc(&Doc{
				File: "TB-45-TB-BTP.pdf", Format: "pdf-identity-h", Number: "45/TB-BTP", Type: "Thông báo", Signed: "2026-03-10", SignedAt: "15:47:02", Urgency: "KHẨN",
				TitleLine: "THÔNG BÁO", Summary: "Kết luận của Bộ trưởng tại cuộc họp giao ban Bộ tháng 3 năm 2026",
				Body: []string{"Ngày 09 tháng 3 năm 2026, Bộ trưởng Bộ Tư pháp chủ trì cuộc họp giao ban Bộ tháng 3 năm 2026. Tham dự cuộc họp có các Thứ trưởng, Thủ trưởng các đơn vị thuộc Bộ. Sau khi nghe Văn phòng Bộ báo cáo tình hình thực hiện nhiệm vụ tháng 02 và ý kiến của các đại biểu, Bộ trưởng kết luận như sau:",
					"1. Các đơn vị tập trung hoàn thành hồ sơ các dự án luật trình Quốc hội tại Kỳ họp thứ nhất, bảo đảm đúng tiến độ, chất lượng; không để nợ đọng văn bản quy định chi tiết.",
					"2. Cục Quản lý Thi hành án dân sự chỉ đạo quyết liệt việc thi hành các vụ việc lớn, phức tạp; phấn đấu hoàn thành chỉ tiêu về việc và về tiền ngay từ quý I.",
					"3. Cục Công nghệ thông tin bảo đảm vận hành ổn định, an toàn các hệ thống thông tin của Bộ; hoàn thành nâng cấp Cổng Thông tin điện tử Bộ Tư pháp trong quý II năm 2026.",
					"4. Văn phòng Bộ theo dõi, đôn đốc việc thực hiện các nhiệm vụ được giao tại Thông báo này, báo cáo Bộ trưởng tại cuộc họp giao ban tháng 4.",
					"Văn phòng Bộ thông báo để các đơn vị biết, thực hiện./."},
				Authority: "TL.", AuthHead: "BỘ TRƯỞNG", SignTitle: "CHÁNH VĂN PHÒNG", Signer: "Đinh Công Thuận",
				NoiNhan: []string{"- Bộ trưởng (để báo cáo);", "- Các Thứ trưởng (để biết);", "- Các đơn vị thuộc Bộ (để thực hiện);", portalFull, "- Lưu: VT, VP."},
				Portal:  true, CheckWords: []string{"THÔNG BÁO", "45/TB-BTP", "KHẨN", "Kết luận của Bộ trưởng", "TL. BỘ TRƯỞNG"},
			})},
			L: Label{Kind: "publish", Category: "8.2", Timing: "direction", Unit: "van-phong-bo", Target: "portal_editor", Language: "vi"},
		},
		{
			File: "006-ct-nhiem-vu-thads-2026.eml", Client: "outlook", Received: "2026-01-12T14:03:51+07:00",
			FromName: "Văn thư Cục QLTHADS", FromAddr: moj("vanthu.thads"),
			Subject: "Chỉ thị số 01/CT-BTP về nhiệm vụ trọng tâm công tác thi hành án dân sự năm 2026",
			Body: `Kính gửi: Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp

Cục Quản lý Thi hành án dân sự gửi Chỉ thị số 01/CT-BTP ngày 12/01/2026 của Bộ trưởng Bộ Tư pháp về việc thực hiện nhiệm vụ trọng tâm công tác thi hành án dân sự, theo dõi thi hành án hành chính năm 2026 để đăng tải trên Cổng Thông tin điện tử Bộ Tư pháp.

Trân trọng!

{{sig}}`,
			Sub: sub(0, "Văn phòng Cục Quản lý Thi hành án dân sự", "Kiều Văn Lộc", "Văn thư", "", "",
				"024 6253 7702", "Số 58 Trần Phú, Ba Đình, Hà Nội", list("tax_code", "citizen_id"), none()),
			Docs: []*Doc{ministryDoc(&Doc{
				File: "Chi-thi-01-CT-BTP-2026.pdf", Format: "pdf-libreoffice", Number: "01/CT-BTP", Type: "Chỉ thị", Signed: "2026-01-12",
				TitleLine: "CHỈ THỊ", Summary: "Về việc thực hiện nhiệm vụ trọng tâm công tác thi hành án dân sự, theo dõi thi hành án hành chính năm 2026",
				Body: []string{"Năm 2025, hệ thống thi hành án dân sự đã triển khai đồng bộ nhiều giải pháp, kết quả thi hành án về việc và về tiền tiếp tục tăng so với năm trước. Tuy nhiên, số việc và số tiền chuyển kỳ sau còn lớn; một số vụ việc phức tạp kéo dài chưa được giải quyết dứt điểm.",
					"Để hoàn thành chỉ tiêu, nhiệm vụ năm 2026, Bộ trưởng Bộ Tư pháp yêu cầu:",
					"1. Cục Quản lý Thi hành án dân sự tổ chức triển khai quyết liệt, đồng bộ các nhiệm vụ, giải pháp; tập trung thi hành các vụ việc thu hồi tài sản cho Nhà nước trong các vụ án hình sự về tham nhũng, kinh tế.",
					"2. Thủ trưởng cơ quan thi hành án dân sự các tỉnh, thành phố chịu trách nhiệm trước Bộ trưởng về kết quả thi hành án tại địa phương; đẩy mạnh chuyển đổi số, thực hiện thống kê thi hành án trên hệ thống phần mềm.",
					"3. Văn phòng Bộ theo dõi, đôn đốc việc thực hiện Chỉ thị này, định kỳ báo cáo Bộ trưởng./."},
				AuthHead: "BỘ TRƯỞNG", Signer: "Lê Hoàng Quân",
				NoiNhan: []string{"- Thủ tướng Chính phủ (để báo cáo);", "- Các Thứ trưởng;", "- Cơ quan THADS các tỉnh, thành phố;", portalFull, "- Lưu: VT, QLTHADS."},
				Portal:  true, CheckWords: []string{"CHỈ THỊ", "01/CT-BTP", "thi hành án dân sự", "BỘ TRƯỞNG"},
			})},
			L: Label{Kind: "publish", Category: "8.2", Timing: "direction", Unit: "cuc-qlthads", Target: "portal_editor", Language: "vi",
				Note: "a directive of the Minister: posted on the Portal itself, not only on thads.moj.gov.vn"},
		},
		{
			File: "007-kh-tap-huan-hoa-giai-co-so.eml", Client: "gmail", Received: "2026-03-17T08:47:20+07:00",
			FromName: "Tạ Minh Châu", FromAddr: "taminhchau.pbgdpl@gmail.com",
			Subject: "Fwd: Kế hoạch tập huấn hòa giải ở cơ sở năm 2026",
			Body: `Dạ em chào Ban Biên tập,

Em gửi Kế hoạch số 35/KH-PBGDPL tổ chức tập huấn, bồi dưỡng nghiệp vụ hòa giải ở cơ sở năm 2026 để Cổng đăng giúp Cục ạ. Do hộp thư công vụ của em đang lỗi nên em gửi bằng gmail cá nhân.

Em cảm ơn!

{{sig}}`,
			Sub: sub(2, "Cục PBGDPL và TGPL", "Tạ Minh Châu", "", taxCode("803947165"), "",
				"0389 516 204", "", list("citizen_id", "address"), none()),
			Docs: []*Doc{unitDoc("cuc-pbgdpl", &Doc{
				File: "KH 35-KH-PBGDPL tap huan hoa giai.docx", Format: "docx", Number: "35/KH-PBGDPL", Type: "Kế hoạch", Signed: "2026-03-16",
				TitleLine: "KẾ HOẠCH", Summary: "Tổ chức tập huấn, bồi dưỡng nghiệp vụ hòa giải ở cơ sở năm 2026",
				Body: []string{"^I. MỤC ĐÍCH, YÊU CẦU",
					"1. Nâng cao kiến thức pháp luật, kỹ năng hòa giải cho đội ngũ hòa giải viên ở cơ sở, đặc biệt tại các địa bàn vùng sâu, vùng xa, vùng đồng bào dân tộc thiểu số.",
					"2. Việc tổ chức tập huấn bảo đảm thiết thực, hiệu quả, tiết kiệm; kết hợp hình thức trực tiếp và trực tuyến.",
					"^II. NỘI DUNG, THỜI GIAN, ĐỊA ĐIỂM",
					"1. Nội dung: Luật Hòa giải ở cơ sở; kỹ năng hòa giải các tranh chấp về đất đai, hôn nhân và gia đình; sử dụng tài liệu, video hướng dẫn.",
					"2. Thời gian, địa điểm: 03 lớp tập huấn trong quý II năm 2026 tại các tỉnh Lào Cai, Quảng Ngãi và Cà Mau.",
					"^III. TỔ CHỨC THỰC HIỆN",
					"Phòng Hòa giải ở cơ sở chủ trì, phối hợp với Sở Tư pháp các tỉnh tổ chức thực hiện Kế hoạch này; kinh phí thực hiện từ nguồn ngân sách năm 2026 đã được giao./."},
				Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Vũ Đình Khang",
				NoiNhan: []string{"- Thứ trưởng phụ trách (để báo cáo);", "- Sở Tư pháp các tỉnh Lào Cai, Quảng Ngãi, Cà Mau;", portalShort, "- Lưu: VT, HGCS."},
				Portal:  true, CheckWords: []string{"KẾ HOẠCH", "35/KH-PBGDPL", "hòa giải ở cơ sở", "Cổng TTĐT Bộ"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-pbgdpl", Target: "portal_editor", Language: "vi",
				Note: "sent from a personal Gmail address; the subject says Fwd: but there is no forwarded part"},
		},
		{
			File: "008-cv-hoa-toc-lay-y-kien-du-thao.eml", Client: "outlook", Received: "2026-04-08T11:30:02+07:00",
			FromName: "Mạc Thị Huyền Trang", FromAddr: moj("mthtrang.xdvb"),
			Cc:      []string{moj("vuxdvb")},
			Subject: "HỎA TỐC - Đăng tải dự thảo Luật sửa đổi Luật Ban hành văn bản QPPL để lấy ý kiến",
			Body: `Kính gửi Ban Biên tập,

Thực hiện chỉ đạo của Lãnh đạo Bộ, Vụ Công tác xây dựng văn bản quy phạm pháp luật gửi Công văn số 1045/BTP-XDVB (HỎA TỐC) đề nghị đăng tải hồ sơ dự thảo để lấy ý kiến rộng rãi trong thời hạn 30 ngày. Hồ sơ dự thảo gồm Tờ trình và dự thảo Luật sẽ được gửi trong thư tiếp theo.

Đề nghị Ban Biên tập đăng tải ngay trong ngày hôm nay.

{{sig}}`,
			Sub: sub(1, "Vụ Công tác xây dựng văn bản quy phạm pháp luật", "Mạc Thị Huyền Trang", "Chuyên viên chính", taxCode("802517340"),
				"031189006718", "0975 334 821", "Số 60 Trần Phú, phường Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{ministryDoc(&Doc{
				File: "CV-1045-BTP-XDVB-hoa-toc.pdf", Format: "pdf-identity-h", Number: "1045/BTP-XDVB", Type: "Công văn", Signed: "2026-04-08", SignedAt: "10:52:44", Urgency: "HỎA TỐC",
				VV:      "V/v đăng tải dự thảo Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật để lấy ý kiến",
				KinhGui: []string{"Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp."},
				Body: []string{"Thực hiện Luật Ban hành văn bản quy phạm pháp luật năm 2025, Bộ Tư pháp được giao chủ trì soạn thảo dự án Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật.",
					"Để bảo đảm tiến độ, Bộ Tư pháp đề nghị Ban Biên tập đăng tải toàn văn hồ sơ dự thảo trên Cổng Thông tin điện tử Bộ Tư pháp để lấy ý kiến cơ quan, tổ chức, cá nhân trong thời gian 30 ngày kể từ ngày đăng tải.",
					"Ý kiến góp ý xin gửi về Vụ Công tác xây dựng văn bản quy phạm pháp luật, Bộ Tư pháp, số 60 Trần Phú, Ba Đình, Hà Nội trước ngày 10/5/2026./."},
				Authority: "KT.", AuthHead: "BỘ TRƯỞNG", SignTitle: "THỨ TRƯỞNG", Signer: "Nguyễn Thị Phương Lan",
				NoiNhan: []string{"- Như trên;", "- Bộ trưởng (để báo cáo);", "- Lưu: VT, XDVB."},
				Portal:  true, CheckWords: []string{"HỎA TỐC", "1045/BTP-XDVB", "lấy ý kiến", "Kính gửi", "Cổng Thông tin điện tử Bộ Tư pháp"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "vu-xdvb", Target: "portal_editor", Language: "vi",
				Note: "the Portal is the addressee (Kính gửi), not a Nơi nhận line: portal_recipient is true"},
		},
	}
}
