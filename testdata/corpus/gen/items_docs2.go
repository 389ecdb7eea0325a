package main

// itemsDocs2: more documents: scans, photos, ZIP, body text, secrecy marks, late items.
func itemsDocs2() []*Item {
	return []*Item{
		{
			File: "009-gm-hoi-nghi-cong-chung-khong-cong.eml", Client: "outlook", Received: "2025-12-02T14:12:40+07:00",
			FromName: "Bùi Hải Yến", FromAddr: moj("bhyen.bttp"),
			Subject: "Giấy mời dự Hội nghị tổng kết 5 năm thi hành Luật Công chứng",
			Body: `Kính gửi Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp,

Cục Bổ trợ tư pháp gửi Giấy mời số 18/GM-BTTP ngày 02/12/2025 dự Hội nghị tổng kết 5 năm thi hành Luật Công chứng, đề nghị Cổng cử phóng viên dự, đưa tin và đăng tải Giấy mời.

{{sig}}`,
			Sub: sub(0, "Cục Bổ trợ tư pháp", "Bùi Hải Yến", "Chuyên viên", taxCode("804718263"), "025190007341",
				"091 234 567", "", list("address"), list("phone")),
			Docs: []*Doc{unitDoc("cuc-bttp", &Doc{
				File: "GM-18-GM-BTTP.pdf", Format: "pdf-libreoffice", Number: "18/GM-BTTP", Type: "Giấy mời", Signed: "2025-12-02",
				TitleLine: "GIẤY MỜI", Summary: "Dự Hội nghị tổng kết 5 năm thi hành Luật Công chứng",
				Body: []string{"Cục Bổ trợ tư pháp trân trọng kính mời: Đại diện Lãnh đạo Sở Tư pháp các tỉnh, thành phố; đại diện Hiệp hội Công chứng viên Việt Nam và các cơ quan báo chí.",
					"**Thời gian:** 08 giờ 00, thứ Tư, ngày 10 tháng 12 năm 2025.",
					"**Địa điểm:** Hội trường tầng 3, trụ sở Bộ Tư pháp, số 60 Trần Phú, Ba Đình, Hà Nội.",
					"**Nội dung:** Đánh giá kết quả 5 năm thi hành Luật Công chứng năm 2014 và định hướng triển khai Luật Công chứng năm 2024.",
					"Đề nghị quý đại biểu xác nhận tham dự trước ngày 08/12/2025 (điện thoại liên hệ: 024 6273 0000)./."},
				Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Tôn Nữ Bảo Ngọc",
				NoiNhan: []string{"- Như trên;", "- Thứ trưởng phụ trách (để báo cáo);", "- Lưu: VT, BTTP."},
				Portal:  false, CheckWords: []string{"GIẤY MỜI", "18/GM-BTTP", "Luật Công chứng", "Thời gian"},
			})},
			L: Label{Kind: "publish", Category: "8.3", Timing: "admin_document", Unit: "cuc-bttp", Target: "portal_editor", Language: "vi",
				Note: "Nơi nhận lacks the Portal line (Điều 9 khoản 2); phone has 9 digits"},
		},
		{
			File: "010-bc-so-ket-thads-ban-scan.eml", Client: "webmail", Received: "2025-07-15T09:31:18+07:00",
			FromName: "Phòng Tổng hợp - Cục QLTHADS", FromAddr: moj("tonghop.thads"),
			Subject: "Báo cáo sơ kết 6 tháng đầu năm 2025 công tác THADS (bản scan)",
			Body: `Kính gửi Ban Biên tập,

Cục Quản lý Thi hành án dân sự gửi bản scan Báo cáo số 215/BC-QLTHADS ngày 15/7/2025 sơ kết công tác thi hành án dân sự 6 tháng đầu năm 2025 để đăng tải trên Trang thông tin điện tử Thi hành án dân sự.

{{sig}}`,
			Sub: sub(1, "Cục Quản lý Thi hành án dân sự", "Hà Thị Kim Oanh", "Chuyên viên", taxCode("805230419"), "027188004562",
				"0348 920 155", "Số 58 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{unitDoc("cuc-qlthads", &Doc{
				File: "BC 215 so ket 6 thang.pdf", Format: "scan-pdf", Number: "215/BC-QLTHADS", Type: "Báo cáo", Signed: "2025-07-15", Rotate: 0.9,
				TitleLine: "BÁO CÁO", Summary: "Sơ kết công tác thi hành án dân sự 6 tháng đầu năm 2025",
				Body: []string{"^I. KẾT QUẢ THỰC HIỆN",
					"1. Về việc: tổng số việc phải thi hành là 512.340 việc; số việc có điều kiện thi hành là 402.115 việc; đã thi hành xong 241.508 việc, đạt tỷ lệ 60,06%.",
					"2. Về tiền: tổng số tiền phải thi hành hơn 410.000 tỷ đồng; đã thi hành xong trên 61.200 tỷ đồng, tăng so với cùng kỳ năm 2024.",
					"^II. NHIỆM VỤ 6 THÁNG CUỐI NĂM",
					"Tập trung giải quyết dứt điểm các vụ việc trọng điểm, có giá trị lớn; tăng cường kiểm tra, giám sát; nâng cao chất lượng thống kê thi hành án dân sự./."},
				Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Lã Văn Chiến",
				NoiNhan: []string{"- Bộ trưởng (để báo cáo);", "- Thứ trưởng phụ trách (để báo cáo);", "- Trang TTĐT Thi hành án dân sự (để đăng tải);", "- Lưu: VT, TH."},
				Portal:  false, CheckWords: []string{"BÁO CÁO", "215/BC-QLTHADS", "thi hành án dân sự"},
			})},
			L: Label{Kind: "publish", Category: "8.3", Timing: "admin_document", Unit: "cuc-qlthads", Target: "component_site", Language: "vi", Grounds: list("14.5"),
				Note: "image-only scan; Nơi nhận names the THADS component site, not the Portal"},
		},
		{
			File: "011-zip-cong-khai-du-toan-khtc.eml", Client: "webmail", Received: "2026-01-21T10:22:10+07:00",
			FromName: "Cục Kế hoạch - Tài chính", FromAddr: moj("khtc"),
			Subject: "Đề nghị đăng tải công khai dự toán ngân sách năm 2026 của Bộ Tư pháp",
			Body: `Kính gửi Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp,

Cục Kế hoạch - Tài chính gửi kèm tệp nén gồm Công văn số 58/KHTC-NS và Quyết định số 402/QĐ-BTP về việc công bố công khai dự toán ngân sách nhà nước năm 2026 của Bộ Tư pháp, đề nghị đăng tải tại mục Công khai ngân sách theo quy định của Luật Ngân sách nhà nước.

{{sig}}`,
			Sub: sub(3, "Cục Kế hoạch - Tài chính", "Nông Thị Hương Giang", "Kế toán viên", taxCode("806114578"), "004191000873",
				"0868 147 209", "60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Zip: "Cong khai du toan 2026.zip",
			Docs: []*Doc{
				unitDoc("cuc-khtc", &Doc{
					File: "CV-58-KHTC-NS.pdf", Format: "pdf-libreoffice", Number: "58/KHTC-NS", Type: "Công văn", Signed: "2026-01-21",
					VV:      "V/v đăng tải công khai dự toán ngân sách năm 2026",
					KinhGui: []string{"Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp."},
					Body: []string{"Thực hiện Luật Ngân sách nhà nước và Thông tư số 61/2017/TT-BTC của Bộ Tài chính hướng dẫn về công khai ngân sách, Cục Kế hoạch - Tài chính đề nghị Ban Biên tập đăng tải Quyết định số 402/QĐ-BTP ngày 21/01/2026 của Bộ trưởng Bộ Tư pháp về việc công bố công khai dự toán ngân sách nhà nước năm 2026.",
						"Thời gian đăng tải tối thiểu 12 tháng kể từ ngày đăng./."},
					Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Quách Thị Thu",
					NoiNhan: []string{"- Như trên;", "- Lưu: VT, NS."},
					Portal:  true, CheckWords: []string{"58/KHTC-NS", "công khai dự toán", "Kính gửi"},
				}),
				ministryDoc(&Doc{
					File: "QD-402-QD-BTP.docx", Format: "docx", Number: "402/QĐ-BTP", Type: "Quyết định", Signed: "2026-01-21",
					TitleLine: "QUYẾT ĐỊNH", Summary: "Về việc công bố công khai dự toán ngân sách nhà nước năm 2026 của Bộ Tư pháp",
					Preamble: []string{"Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;", "Theo đề nghị của Cục trưởng Cục Kế hoạch - Tài chính."},
					Body: []string{"^QUYẾT ĐỊNH:",
						"**Điều 1.** Công bố công khai số liệu dự toán ngân sách nhà nước năm 2026 của Bộ Tư pháp (theo các biểu đính kèm).",
						"**Điều 2.** Quyết định này có hiệu lực kể từ ngày ký.",
						"**Điều 3.** Cục trưởng Cục Kế hoạch - Tài chính, Thủ trưởng các đơn vị dự toán trực thuộc chịu trách nhiệm thi hành Quyết định này./."},
					Authority: "KT.", AuthHead: "BỘ TRƯỞNG", SignTitle: "THỨ TRƯỞNG", Signer: "Trương Minh Đức",
					NoiNhan: []string{"- Như Điều 3;", "- Bộ Tài chính;", portalFull, "- Lưu: VT, KHTC."},
					Portal:  true, CheckWords: []string{"402/QĐ-BTP", "dự toán ngân sách nhà nước năm 2026"},
				}),
			},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-khtc", Target: "portal_editor", Language: "vi"},
		},
		{
			File: "012-tb-lich-cong-tac-trong-than-thu.eml", Client: "webmail", Received: "2026-03-13T16:45:33+07:00",
			FromName: "Văn phòng Bộ Tư pháp", FromAddr: moj("vanphong"),
			Subject:   "Lịch công tác tuần của Lãnh đạo Bộ (từ 16/3 đến 20/3/2026)",
			PlainOnly: false,
			Body: `Kính gửi Ban Biên tập Cổng TTĐT Bộ Tư pháp,
Văn phòng Bộ gửi Thông báo lịch công tác tuần của Lãnh đạo Bộ để đăng tải (nội dung dưới đây, không có tệp đính kèm).

{{doc}}

{{sig}}`,
			Sub: sub(2, "Văn phòng Bộ", "Cao Thị Ngọc Diệp", "Chuyên viên chính", "", "001190035527",
				"0904 317 662", "60 Trần Phú, Ba Đình, Hà Nội", list("tax_code"), none()),
			Docs: []*Doc{ministryDoc(&Doc{
				File: "TB-12-TB-VP", Format: "body", Number: "12/TB-VP", Type: "Thông báo", Signed: "2026-03-13",
				TitleLine: "THÔNG BÁO", Summary: "Lịch công tác tuần của Lãnh đạo Bộ (từ ngày 16/3 đến ngày 20/3/2026)",
				Body: []string{"Thứ Hai (16/3): 08h00 Bộ trưởng chủ trì họp Ban cán sự đảng Bộ. 14h00 Thứ trưởng Trương Minh Đức làm việc với Cục Kế hoạch - Tài chính.",
					"Thứ Ba (17/3): 08h30 Bộ trưởng dự phiên họp Chính phủ thường kỳ tháng 3.",
					"Thứ Tư (18/3): 09h00 Thứ trưởng Ngô Quang Hiển chủ trì Hội đồng thẩm định dự thảo Nghị định.",
					"Thứ Năm (19/3) và Thứ Sáu (20/3): Bộ trưởng làm việc tại tỉnh Thanh Hóa.",
					"Văn phòng Bộ xin thông báo./."},
				Authority: "TL.", AuthHead: "BỘ TRƯỞNG", SignTitle: "PHÓ CHÁNH VĂN PHÒNG", Signer: "Lưu Thị Bích Hạnh",
				NoiNhan: []string{"- Lãnh đạo Bộ;", "- Các đơn vị thuộc Bộ;", portalFull, "- Lưu: VT, TH."},
				Portal:  true, CheckWords: []string{"12/TB-VP", "Lịch công tác tuần", "TL. BỘ TRƯỞNG"},
			})},
			L: Label{Kind: "publish", Category: "8.2", Timing: "direction", Unit: "van-phong-bo", Target: "portal_editor", Language: "vi",
				Note: "the document is pasted into the body; no attachment"},
		},
		{
			File: "013-bc-quy-hoach-can-bo-dau-mat.eml", Client: "outlook", Received: "2026-02-05T10:10:27+07:00",
			FromName: "Lò Văn Thắng", FromAddr: moj("lvthang.tccb"),
			Subject: "Gửi báo cáo để đăng Cổng",
			Body: `Kính gửi Ban Biên tập,

Vụ Tổ chức cán bộ gửi Báo cáo số 09/BC-TCCB để Ban Biên tập đăng tải.

Trân trọng.

{{sig}}`,
			Sub: sub(0, "Vụ Tổ chức cán bộ", "Lò Văn Thắng", "Chuyên viên", "", "",
				"0917 245 306", "", list("tax_code", "citizen_id", "address"), none()),
			Docs: []*Doc{unitDoc("vu-tccb", &Doc{
				File: "BC-09-BC-TCCB.pdf", Format: "pdf-identity-h", Number: "09/BC-TCCB", Type: "Báo cáo", Signed: "2026-02-05", Secrecy: "MẬT",
				TitleLine: "BÁO CÁO", Summary: "Kết quả rà soát, bổ sung quy hoạch cán bộ lãnh đạo, quản lý giai đoạn 2026 - 2031",
				Body: []string{"Thực hiện chỉ đạo của Ban cán sự đảng Bộ, Vụ Tổ chức cán bộ đã hướng dẫn các đơn vị rà soát, bổ sung quy hoạch cán bộ lãnh đạo, quản lý cấp vụ, cục giai đoạn 2026 - 2031.",
					"Kết quả: 18/20 đơn vị đã hoàn thành hồ sơ; tổng số 142 lượt cán bộ được đề xuất bổ sung quy hoạch, trong đó 38 lượt cán bộ nữ, 21 lượt cán bộ dưới 40 tuổi. Danh sách chi tiết tại Phụ lục kèm theo.",
					"Vụ Tổ chức cán bộ kính báo cáo Ban cán sự đảng Bộ xem xét, quyết định./."},
				Authority: "", AuthHead: "VỤ TRƯỞNG", Signer: "Mai Xuân Trường",
				NoiNhan: []string{"- Ban cán sự đảng Bộ (để báo cáo);", "- Lưu: VT, TCCB (02b)."},
				Portal:  false, CheckWords: []string{"MẬT", "09/BC-TCCB", "quy hoạch cán bộ"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "vu-tccb", Target: "standing_board", Language: "vi", Grounds: list("14.2"),
				Note: "the MẬT stamp is only in the attached PDF; the mail itself says nothing of it"},
		},
		{
			File: "014-hd-ktvb-luu-hanh-noi-bo.eml", Client: "gmail", Received: "2025-11-18T15:05:12+07:00",
			FromName: "Lê Khánh Linh", FromAddr: "khanhlinh.ktvb@gmail.com",
			Subject: "Tài liệu hội nghị tập huấn kiểm tra văn bản (lưu hành nội bộ)",
			Body: `Chào Ban Biên tập,

Mình gửi Hướng dẫn số 05/HD-KTVB dùng tại Hội nghị tập huấn công tác kiểm tra, rà soát văn bản năm 2025. Tài liệu lưu hành nội bộ nhưng Lãnh đạo Cục muốn đưa tin về hội nghị, nhờ Ban xem giúp có đăng được phần nào không.

Cảm ơn nhiều!

{{sig}}`,
			Sub: sub(2, "Cục Kiểm tra văn bản và Tổ chức thi hành pháp luật", "Lê Khánh Linh", "Chuyên viên", "", "",
				"0779 651 340", "", list("tax_code", "citizen_id", "address"), none()),
			Docs: []*Doc{unitDoc("cuc-ktvb", &Doc{
				File: "HD 05 tap huan KTVB.pdf", Format: "pdf-libreoffice", Number: "05/HD-KTVB", Type: "Hướng dẫn", Signed: "2025-11-18", Circ: "LƯU HÀNH NỘI BỘ",
				TitleLine: "HƯỚNG DẪN", Summary: "Nghiệp vụ kiểm tra, rà soát văn bản quy phạm pháp luật năm 2025",
				Body: []string{"1. Văn bản thuộc đối tượng kiểm tra gồm văn bản quy phạm pháp luật và văn bản có chứa quy phạm pháp luật nhưng không được ban hành bằng hình thức văn bản quy phạm pháp luật.",
					"2. Khi phát hiện văn bản có dấu hiệu trái pháp luật, người kiểm tra lập phiếu kiểm tra, đề xuất biện pháp xử lý và thông báo cho cơ quan đã ban hành văn bản.",
					"3. Kết quả kiểm tra được cập nhật vào Cơ sở dữ liệu quốc gia về pháp luật trong thời hạn 03 ngày làm việc./."},
				Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Đàm Quang Vinh",
				NoiNhan: []string{"- Đại biểu dự Hội nghị;", "- Lưu: VT, KTVB."},
				Portal:  false, CheckWords: []string{"LƯU HÀNH NỘI BỘ", "05/HD-KTVB", "kiểm tra"},
			})},
			L: Label{Kind: "publish", Category: "8.3", Timing: "admin_document", Unit: "cuc-ktvb", Target: "standing_board", Language: "vi", Grounds: list("14.2"),
				Note: "circulation mark LƯU HÀNH NỘI BỘ in the subject and the document"},
		},
		{
			File: "015-bc-xlvphc-mat-ban-scan.eml", Client: "webmail", Received: "2026-04-14T09:02:49+07:00",
			FromName: "Nghiêm Xuân Phúc", FromAddr: moj("nxphuc.plhshc"),
			Subject: "Báo cáo tình hình thi hành pháp luật về xử lý vi phạm hành chính quý I/2026",
			Body: `Kính gửi Ban Biên tập,

Cục Pháp luật hình sự - hành chính và Quản lý xử lý vi phạm hành chính gửi bản chụp Báo cáo số 31/BC-PLHSHC để Ban Biên tập tổng hợp thông tin.

{{sig}}`,
			Sub: sub(0, "Cục PLHSHC và QLXLVPHC", "Nghiêm Xuân Phúc", "Chuyên viên chính", taxCode("807330126"), "038087011249",
				"0988 402 117", "58-60 Trần Phú, Hà Nội", none(), none()),
			Docs: []*Doc{unitDoc("cuc-plhs-hc", &Doc{
				File: "BC31-PLHSHC-scan.pdf", Format: "scan-pdf", Number: "31/BC-PLHSHC", Type: "Báo cáo", Signed: "2026-04-14", Secrecy: "MẬT", Rotate: -0.7,
				TitleLine: "BÁO CÁO", Summary: "Tình hình thi hành pháp luật về xử lý vi phạm hành chính quý I năm 2026",
				Body: []string{"Trong quý I năm 2026, các cơ quan có thẩm quyền trên toàn quốc đã phát hiện 198.452 vụ vi phạm hành chính, ban hành 186.903 quyết định xử phạt với tổng số tiền phạt hơn 1.840 tỷ đồng.",
					"Một số địa phương còn để xảy ra tình trạng ban hành quyết định xử phạt không đúng thẩm quyền, áp dụng sai mức phạt; danh sách cụ thể tại Phụ lục II kèm theo.",
					"Cục kính báo cáo Lãnh đạo Bộ./."},
				Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Châu Đức Mạnh",
				NoiNhan: []string{"- Bộ trưởng (để báo cáo);", "- Lưu: VT, QLXLVPHC."},
				Portal:  false, CheckWords: []string{"BÁO CÁO", "31/BC-PLHSHC", "vi phạm hành chính"},
			})},
			L: Label{Kind: "publish", Category: "8.3", Timing: "admin_document", Unit: "cuc-plhs-hc", Target: "standing_board", Language: "vi", Grounds: list("14.2", "14.5"),
				Note: "MẬT stamp inside an image-only scan: only OCR can see it"},
		},
		{
			File: "016-qd-ra-soat-tthc-gui-muon.eml", Client: "outlook", Received: "2026-03-12T10:40:05+07:00", Date: "2026-03-06T16:58:12+07:00",
			FromName: "Phan Thu Hằng", FromAddr: moj("pthang.ksthc"),
			Subject: "Đăng tải Quyết định 233/QĐ-KSTTHC",
			Body: `Kính gửi Ban Biên tập,

Cục Kiểm soát thủ tục hành chính gửi Quyết định số 233/QĐ-KSTTHC ngày 05/3/2026 ban hành Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2026. Do sơ suất, văn bản gửi chậm, mong Ban Biên tập thông cảm và hỗ trợ đăng tải.

{{sig}}`,
			Sub: sub(1, "Cục Kiểm soát thủ tục hành chính", "Phan Thu Hằng", "Chuyên viên", taxCode("801356022"), "034192008514",
				"0936 552 108", "Số 60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{unitDoc("cuc-ksthc", &Doc{
				File: "QD-233-QD-KSTTHC.pdf", Format: "pdf-libreoffice", Number: "233/QĐ-KSTTHC", Type: "Quyết định", Signed: "2026-03-05",
				TitleLine: "QUYẾT ĐỊNH", Summary: "Ban hành Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2026",
				Preamble: []string{"Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát thủ tục hành chính;", "Theo đề nghị của Trưởng phòng Rà soát thủ tục hành chính."},
				Body: []string{"^QUYẾT ĐỊNH:",
					"**Điều 1.** Ban hành kèm theo Quyết định này Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2026 thuộc phạm vi chức năng quản lý của Bộ Tư pháp.",
					"**Điều 2.** Quyết định này có hiệu lực kể từ ngày ký. Trưởng các phòng thuộc Cục chịu trách nhiệm thi hành Quyết định này./."},
				AuthHead: "CỤC TRƯỞNG", Signer: "Giáp Văn Hưng",
				NoiNhan: []string{"- Như Điều 2;", "- Thứ trưởng phụ trách (để báo cáo);", portalLong, "- Lưu: VT, KSTTHC."},
				Portal:  true, CheckWords: []string{"233/QĐ-KSTTHC", "rà soát, đánh giá thủ tục hành chính"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-ksthc", Target: "portal_editor", Language: "vi", Grounds: list("14.6"),
				Note: "signed Thu 05/03, received Thu 12/03: 5 working days after signing, deadline 1 working day (Điều 10 khoản 1); the Date: header says Fri 06/03 (the mail sat in the Outbox); the legal clock is the server receipt"},
		},
	}
}
