package main

// itemsDocs4: ZIP, TNEF, forwarded message, near-duplicate re-send, make-up Saturdays, late scans.
func itemsDocs4() []*Item {
	thadsFwd := &Item{
		File: "inner-thads", Client: "outlook", Received: "2025-07-08T09:02:11+07:00",
		FromName: "Phạm Hồng Nhung", FromAddr: moj("phnhung.thads"), To: addr("Văn phòng Bộ", moj("vanphong"), "utf-8"),
		Subject: "Công văn kỷ niệm 79 năm Ngày truyền thống THADS",
		Body: `Kính gửi Văn phòng Bộ,

Cục Quản lý THADS gửi Công văn số 1702/QLTHADS-VP về việc tổ chức các hoạt động kỷ niệm 79 năm Ngày truyền thống Thi hành án dân sự (19/7/1946 - 19/7/2025), nhờ Văn phòng chuyển Ban Biên tập Cổng đăng tải.

Phạm Hồng Nhung
Văn phòng Cục QLTHADS - ĐT: 0967 208 441`,
		Docs: []*Doc{unitDoc("cuc-qlthads", &Doc{
			File: "CV-1702-QLTHADS-VP.pdf", Format: "pdf-libreoffice", Number: "1702/QLTHADS-VP", Type: "Công văn", Signed: "2025-07-08",
			VV:      "V/v tổ chức các hoạt động kỷ niệm 79 năm Ngày truyền thống Thi hành án dân sự",
			KinhGui: []string{"Cơ quan thi hành án dân sự các tỉnh, thành phố."},
			Body: []string{"Hướng tới kỷ niệm 79 năm Ngày truyền thống Thi hành án dân sự (19/7/1946 - 19/7/2025), Cục Quản lý Thi hành án dân sự đề nghị cơ quan thi hành án dân sự các tỉnh, thành phố tổ chức các hoạt động kỷ niệm thiết thực, tiết kiệm; đẩy mạnh tuyên truyền trên Trang thông tin điện tử Thi hành án dân sự.",
				"Báo cáo kết quả tổ chức gửi về Cục trước ngày 25/7/2025./."},
			Authority: "TL.", AuthHead: "CỤC TRƯỞNG", SignTitle: "CHÁNH VĂN PHÒNG", Signer: "Mạc Đăng Dung",
			NoiNhan: []string{"- Như trên;", "- Lãnh đạo Cục (để báo cáo);", portalFull, "- Trang TTĐT THADS;", "- Lưu: VT, VP."},
			Portal:  true, CheckWords: []string{"1702/QLTHADS-VP", "Ngày truyền thống Thi hành án dân sự"},
		})},
	}
	dup := unitDoc("cuc-pbgdpl", &Doc{
		File: "QD-125-PBGDPL (ban chinh thuc).pdf", Format: "pdf-libreoffice", Number: "125/QĐ-PBGDPL", Type: "Quyết định",
		Signed: "2026-02-27", TitleLine: "QUYẾT ĐỊNH", Summary: "Ban hành Kế hoạch công tác phổ biến, giáo dục pháp luật năm 2026",
		Preamble: []string{"Căn cứ Luật Phổ biến, giáo dục pháp luật ngày 20 tháng 6 năm 2012;",
			"Căn cứ Quyết định số 2750/QĐ-BTP ngày 28 tháng 12 năm 2025 của Bộ trưởng Bộ Tư pháp quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý;",
			"Theo đề nghị của Trưởng phòng Phổ biến, giáo dục pháp luật."},
		Body: []string{"^QUYẾT ĐỊNH:",
			"**Điều 1.** Ban hành kèm theo Quyết định này Kế hoạch công tác phổ biến, giáo dục pháp luật năm 2026 của Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý.",
			"**Điều 2.** Quyết định này có hiệu lực kể từ ngày ký.",
			"**Điều 3.** Chánh Văn phòng Cục, Trưởng các phòng thuộc Cục và Thủ trưởng các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./."},
		Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Vũ Đình Khang",
		NoiNhan: []string{"- Như Điều 3;", "- Bộ trưởng (để báo cáo);", "- Thứ trưởng phụ trách (để báo cáo);", portalFull, "- Lưu: VT, PBGDPL."},
		Portal:  true, CheckWords: []string{"125/QĐ-PBGDPL", "Kế hoạch công tác phổ biến, giáo dục pháp luật năm 2026"},
	})
	return []*Item{
		{
			File: "029-gm-hop-bao-anh-chup.eml", Client: "mobile", Received: "2026-04-02T09:05:00+07:00",
			FromName: "Đinh Thị Hoa", FromAddr: moj("dthoa.vp"),
			Subject:   "Giấy mời họp báo quý I",
			Body:      "Ban Biên tập ơi, em gửi ảnh giấy mời họp báo chiều nay, nhờ đăng giúp và cử phóng viên dự ạ.\n\n{{sig}}\n\nGửi từ iPhone của tôi",
			PlainOnly: true,
			Sub:       sub(2, "Văn phòng Bộ", "Đinh Thị Hoa", "", "", "", "0977 006 315", "", list("tax_code", "citizen_id", "address"), none()),
			Docs: []*Doc{unitDoc("van-phong-bo", &Doc{
				File: "IMG_20260402_085512.png", Format: "png", Number: "07/GM-VP", Type: "Giấy mời", Signed: "2026-04-02",
				TitleLine: "GIẤY MỜI", Summary: "Họp báo định kỳ quý I năm 2026 của Bộ Tư pháp",
				Body: []string{"Văn phòng Bộ Tư pháp trân trọng kính mời đại diện các cơ quan báo chí dự họp báo định kỳ quý I năm 2026.",
					"**Thời gian:** 15 giờ 00, ngày 02 tháng 4 năm 2026.", "**Địa điểm:** Phòng họp số 1, trụ sở Bộ Tư pháp, số 60 Trần Phú, Hà Nội./."},
				Authority: "KT.", AuthHead: "CHÁNH VĂN PHÒNG", SignTitle: "PHÓ CHÁNH VĂN PHÒNG", Signer: "Lưu Thị Bích Hạnh",
				NoiNhan: []string{"- Như trên;", portalShort, "- Lưu: VT."},
				Portal:  true, CheckWords: []string{"GIẤY MỜI", "07/GM-VP", "Họp báo"},
			})},
			L: Label{Kind: "publish", Category: "8.3", Timing: "admin_document", Unit: "van-phong-bo", Target: "portal_editor", Language: "vi", Grounds: list("14.5")},
		},
		{
			File: "030-zip-hoi-thao-hoc-vien.eml", Client: "outlook", Received: "2025-05-20T16:10:48+07:00",
			FromName: "Võ Thị Mỹ Dung", FromAddr: moj("vtmdung.hvtp"),
			Subject: "Hồ sơ Hội thảo khoa học quốc gia về đào tạo các chức danh tư pháp",
			Body: `Kính gửi Ban Biên tập,

Học viện Tư pháp gửi tệp nén gồm Quyết định số 150/QĐ-HVTP và Kế hoạch số 20/KH-HVTP tổ chức Hội thảo khoa học quốc gia "Đổi mới đào tạo các chức danh tư pháp trong bối cảnh cải cách tư pháp", đề nghị đăng tải.

{{sig}}`,
			Sub: sub(1, "Học viện Tư pháp", "Võ Thị Mỹ Dung", "Chuyên viên", taxCode("810274631"), "079191004528",
				"0903 775 918", "Số 9 Trần Vỹ, Hà Nội", none(), none()),
			Zip: "Ho so hoi thao.zip",
			Docs: []*Doc{
				unitDoc("hoc-vien-tp", &Doc{
					File: "QD-150-QD-HVTP.pdf", Format: "pdf-libreoffice", Number: "150/QĐ-HVTP", Type: "Quyết định", Signed: "2025-05-20",
					TitleLine: "QUYẾT ĐỊNH", Summary: "Về việc tổ chức Hội thảo khoa học quốc gia về đổi mới đào tạo các chức danh tư pháp",
					Body: []string{"^GIÁM ĐỐC HỌC VIỆN TƯ PHÁP", "^QUYẾT ĐỊNH:",
						"**Điều 1.** Tổ chức Hội thảo khoa học quốc gia \"Đổi mới đào tạo các chức danh tư pháp trong bối cảnh cải cách tư pháp\" vào ngày 12/6/2025 tại Hà Nội.",
						"**Điều 2.** Giao Ban Quản lý khoa học chủ trì tổ chức Hội thảo theo Kế hoạch kèm theo./."},
					AuthHead: "GIÁM ĐỐC", Signer: "Văn Đình Lực",
					NoiNhan: []string{"- Như Điều 2;", portalFull, "- Lưu: VT, QLKH."},
					Portal:  true, CheckWords: []string{"150/QĐ-HVTP", "Hội thảo khoa học quốc gia"},
				}),
				unitDoc("hoc-vien-tp", &Doc{
					File: "KH-20-KH-HVTP.docx", Format: "docx", Number: "20/KH-HVTP", Type: "Kế hoạch", Signed: "2025-05-20",
					TitleLine: "KẾ HOẠCH", Summary: "Tổ chức Hội thảo khoa học quốc gia về đổi mới đào tạo các chức danh tư pháp",
					Body: []string{"1. Mục đích: trao đổi kinh nghiệm, đề xuất giải pháp đổi mới chương trình đào tạo thẩm phán, kiểm sát viên, luật sư, công chứng viên, thừa phát lại.",
						"2. Thành phần: khoảng 150 đại biểu từ các cơ quan tư pháp, cơ sở đào tạo luật và chuyên gia quốc tế.",
						"3. Kinh phí: từ nguồn ngân sách sự nghiệp khoa học năm 2025./."},
					Authority: "KT.", AuthHead: "GIÁM ĐỐC", SignTitle: "PHÓ GIÁM ĐỐC", Signer: "Âu Dương Khải",
					NoiNhan: []string{"- Ban Giám đốc;", portalFull, "- Lưu: VT, QLKH."},
					Portal:  true, CheckWords: []string{"20/KH-HVTP", "chức danh tư pháp"},
				}),
			},
			L: Label{Kind: "publish", Category: "8.4", Timing: "admin_document", Unit: "hoc-vien-tp", Target: "portal_editor", Language: "vi"},
		},
		{
			File: "031-zip-bao-cao-cong-chung-gui-muon.eml", Client: "gmail", Received: "2026-04-13T09:30:00+07:00",
			FromName: "Bùi Hải Yến", FromAddr: "buihaiyen.bttp@gmail.com",
			Cc:      []string{addr("Bùi Hải Yến", moj("bhyen.bttp"), "UTF-8")},
			Subject: "Báo cáo kết quả thanh tra tổ chức hành nghề công chứng quý I",
			Body: `Dạ kính gửi Ban Biên tập,

Em gửi file nén gồm Công văn 201/BTTP-CC và Báo cáo 45/BC-BTTP (ký ngày 06/4/2026) để Ban đăng tải ạ. Em xin lỗi vì gửi muộn do chờ xin ý kiến Lãnh đạo Cục.

{{sig}}`,
			Sub: sub(2, "Cục Bổ trợ tư pháp", "Bùi Hải Yến", "Chuyên viên", taxCode("804718263"), "025190007341",
				"0912 340 567", "58 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Zip: "BTTP_gui_Cong.zip",
			Docs: []*Doc{
				unitDoc("cuc-bttp", &Doc{
					File: "BC-45-BC-BTTP.docx", Format: "docx", Number: "45/BC-BTTP", Type: "Báo cáo", Signed: "2026-04-06",
					TitleLine: "BÁO CÁO", Summary: "Kết quả thanh tra, kiểm tra tổ chức hành nghề công chứng quý I năm 2026",
					Body: []string{"Trong quý I năm 2026, Cục Bổ trợ tư pháp phối hợp với Sở Tư pháp 06 tỉnh, thành phố kiểm tra 48 tổ chức hành nghề công chứng; phát hiện 11 tổ chức có vi phạm, đã xử phạt vi phạm hành chính với tổng số tiền 236 triệu đồng.",
						"Vi phạm chủ yếu là không niêm yết lịch làm việc, thủ tục công chứng, phí công chứng; lưu trữ hồ sơ không đúng quy định./."},
					Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Tôn Nữ Bảo Ngọc",
					NoiNhan: []string{"- Thứ trưởng phụ trách (để báo cáo);", portalFull, "- Lưu: VT, CC."},
					Portal:  true, CheckWords: []string{"45/BC-BTTP", "công chứng"},
				}),
				unitDoc("cuc-bttp", &Doc{
					File: "CV-201-BTTP-CC.pdf", Format: "pdf-libreoffice", Number: "201/BTTP-CC", Type: "Công văn", Signed: "2026-04-06",
					VV:        "V/v đề nghị đăng tải kết quả thanh tra, kiểm tra tổ chức hành nghề công chứng",
					KinhGui:   []string{"Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp."},
					Body:      []string{"Cục Bổ trợ tư pháp gửi kèm Báo cáo số 45/BC-BTTP ngày 06/4/2026, đề nghị Ban Biên tập đăng tải để công khai kết quả thanh tra, kiểm tra theo quy định./."},
					Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Tôn Nữ Bảo Ngọc",
					NoiNhan: []string{"- Như trên;", "- Lưu: VT, CC."},
					Portal:  true, CheckWords: []string{"201/BTTP-CC", "Kính gửi"},
				}),
			},
			L: Label{Kind: "publish", Category: "8.3", Timing: "admin_document", Unit: "cuc-bttp", Target: "portal_editor", Language: "vi", Grounds: list("14.6"),
				Note: "both documents signed Mon 06/04/2026, received Mon 13/04: 5 working days later"},
		},
		{
			File: "032-tb-lua-chon-nha-thau-winmail.eml", Client: "outlook", Received: "2025-06-11T10:44:21+07:00", PlainOnly: true,
			FromName: "Quách Thị Thu", FromAddr: moj("qtthu.khtc"),
			Subject: "Thông báo kết quả lựa chọn nhà thầu gói thầu mua sắm thiết bị CNTT",
			Body: `Kính gửi Ban Biên tập,

Cục Kế hoạch - Tài chính gửi Thông báo số 30/TB-KHTC về kết quả lựa chọn nhà thầu để đăng tải công khai.

{{sig}}`,
			Sub: sub(0, "Cục Kế hoạch - Tài chính", "Quách Thị Thu", "Phó Cục trưởng", taxCode("818054716"), "037176001845",
				"0912 078 336", "60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{unitDoc("cuc-khtc", &Doc{
				File: "TB30-KHTC.pdf", Format: "tnef", Number: "30/TB-KHTC", Type: "Thông báo", Signed: "2025-06-11",
				TitleLine: "THÔNG BÁO", Summary: "Kết quả lựa chọn nhà thầu gói thầu mua sắm thiết bị công nghệ thông tin năm 2025",
				Body: []string{"Căn cứ Luật Đấu thầu năm 2023 và Quyết định phê duyệt kết quả lựa chọn nhà thầu, Cục Kế hoạch - Tài chính thông báo:",
					"Tên gói thầu: Mua sắm thiết bị công nghệ thông tin năm 2025. Nhà thầu trúng thầu: Công ty Cổ phần Thiết bị số Ví Dụ. Giá trúng thầu: 4.286.500.000 đồng. Thời gian thực hiện hợp đồng: 60 ngày./."},
				Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Quách Thị Thu",
				NoiNhan: []string{"- Các nhà thầu tham dự;", portalFull, "- Lưu: VT, KHTC."},
				Portal:  true, CheckWords: []string{"30/TB-KHTC", "lựa chọn nhà thầu"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-khtc", Target: "portal_editor", Language: "vi",
				Note: "the PDF travels inside winmail.dat (application/ms-tnef, written per MS-OXTNEF legacy attributes)"},
		},
		{
			File: "033-cv-tam-dung-cong-trong-than-thu.eml", Client: "thunderbird", Received: "2026-04-17T17:05:10+07:00", PlainOnly: true,
			FromName: "Hứa Quang Minh", FromAddr: moj("hqminh.cntt"),
			Subject: "Thông báo tạm dừng hệ thống để bảo trì (nội dung trong thư)",
			Body: `Kính gửi Ban Biên tập,

Cục CNTT gửi nội dung Công văn số 77/CNTT-CTTĐT để đăng thông báo trên trang chủ:

{{doc}}

{{sig}}`,
			Sub: sub(3, "Cục Công nghệ thông tin", "Hứa Quang Minh", "Kỹ sư", taxCode("812047593"), "001092017734",
				"0985 212 430", "Số 60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{unitDoc("cuc-cntt", &Doc{
				File: "CV-77", Format: "body", Number: "77/CNTT-CTTĐT", Type: "Công văn", Signed: "2026-04-17",
				VV:      "V/v tạm dừng cung cấp dịch vụ công trực tuyến để bảo trì hệ thống",
				KinhGui: []string{"Các đơn vị thuộc Bộ Tư pháp."},
				Body: []string{"Để nâng cấp hạ tầng, Cục Công nghệ thông tin tạm dừng Cổng dịch vụ công trực tuyến và Cổng Thông tin điện tử Bộ Tư pháp từ 22 giờ 00 ngày 18/4/2026 đến 06 giờ 00 ngày 19/4/2026.",
					"Trong thời gian này, hồ sơ trực tuyến của người dân, doanh nghiệp sẽ được tiếp nhận sau khi hệ thống hoạt động trở lại./."},
				Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Phí Thị Hồng Vân",
				NoiNhan: []string{"- Như trên;", portalShort, "- Lưu: VT, CTTĐT."},
				Portal:  true, CheckWords: []string{"77/CNTT-CTTĐT", "tạm dừng"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-cntt", Target: "portal_editor", Language: "vi",
				Note: "the document is pasted as plain text (Thunderbird, 8bit, format=flowed)"},
		},
		{
			File: "034-qd-hoi-thao-ai-gui-muon.eml", Client: "outlook", Received: "2025-10-09T14:00:27+07:00",
			FromName: "Lục Thị Thu Thảo", FromAddr: moj("lttthao.vien"),
			Subject: "QĐ tổ chức Hội thảo Hoàn thiện pháp luật về trí tuệ nhân tạo",
			Body: `Kính gửi Ban Biên tập,

Viện Chiến lược và Khoa học pháp lý gửi Quyết định số 51/QĐ-VCL ngày 01/10/2025 về tổ chức Hội thảo khoa học để Ban Biên tập đăng tải.

{{sig}}`,
			Sub: sub(1, "Viện Chiến lược và Khoa học pháp lý", "Lục Thị Thu Thảo", "Chuyên viên", taxCode("817932045"), "019190003347",
				"0862 901 334", "Số 60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{unitDoc("vien-clkhpl", &Doc{
				File: "QD-51-QD-VCL.pdf", Format: "pdf-identity-h", Number: "51/QĐ-VCL", Type: "Quyết định", Signed: "2025-10-01", SignedAt: "11:20:07",
				TitleLine: "QUYẾT ĐỊNH", Summary: "Về việc tổ chức Hội thảo khoa học \"Hoàn thiện pháp luật về trí tuệ nhân tạo ở Việt Nam\"",
				Body: []string{"^VIỆN TRƯỞNG VIỆN CHIẾN LƯỢC VÀ KHOA HỌC PHÁP LÝ", "^QUYẾT ĐỊNH:",
					"**Điều 1.** Tổ chức Hội thảo khoa học \"Hoàn thiện pháp luật về trí tuệ nhân tạo ở Việt Nam\" vào ngày 16/10/2025 tại trụ sở Bộ Tư pháp.",
					"**Điều 2.** Phòng Nghiên cứu pháp luật kinh tế chủ trì, phối hợp các đơn vị liên quan tổ chức Hội thảo./."},
				AuthHead: "VIỆN TRƯỞNG", Signer: "Tăng Văn Hiếu",
				NoiNhan: []string{"- Như Điều 2;", portalLong, "- Lưu: VT."},
				Portal:  true, CheckWords: []string{"51/QĐ-VCL", "trí tuệ nhân tạo"},
			})},
			L: Label{Kind: "publish", Category: "8.4", Timing: "admin_document", Unit: "vien-clkhpl", Target: "portal_editor", Language: "vi", Grounds: list("14.6"),
				Note: "signed Wed 01/10/2025 11:20, received Thu 09/10: 6 working days later"},
		},
		{
			File: "035-tb-the-le-cuoc-thi-viet.eml", Client: "gmail", Received: "2025-08-05T09:45:18+07:00",
			FromName: "Tòa soạn Tạp chí Dân chủ và Pháp luật", FromAddr: "toasoan.dcpl@gmail.com",
			Subject: "Thể lệ Cuộc thi viết \"Pháp luật với cuộc sống\" năm 2025",
			Body: `Kính gửi Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp,

Tạp chí Dân chủ và Pháp luật gửi Thông báo số 12/TB-TCDCPL về Thể lệ Cuộc thi viết "Pháp luật với cuộc sống" năm 2025, kính đề nghị Ban Biên tập đăng tải để lan tỏa Cuộc thi.

{{sig}}`,
			Sub: sub(3, "Tạp chí Dân chủ và Pháp luật", "Kim Ngọc Bích", "Biên tập viên", taxCode("819163027"), "022188006730",
				"0356 774 120", "Số 60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{unitDoc("tap-chi-dcpl", &Doc{
				File: "TB12-The le cuoc thi viet 2025.pdf", Format: "pdf-libreoffice", Number: "12/TB-TCDCPL", Type: "Thông báo", Signed: "2025-08-05",
				TitleLine: "THÔNG BÁO", Summary: "Thể lệ Cuộc thi viết \"Pháp luật với cuộc sống\" năm 2025",
				Body: []string{"1. Đối tượng dự thi: công dân Việt Nam từ đủ 18 tuổi trở lên, trừ thành viên Ban Tổ chức và Ban Giám khảo.",
					"2. Tác phẩm dự thi: bài viết từ 1.500 đến 3.000 chữ, chưa đăng trên báo chí, phản ánh việc thực thi pháp luật trong đời sống.",
					"3. Thời hạn nhận bài: đến hết ngày 30/9/2025. Giải thưởng gồm 01 giải Nhất, 02 giải Nhì, 03 giải Ba và 05 giải Khuyến khích./."},
				Authority: "KT.", AuthHead: "TỔNG BIÊN TẬP", SignTitle: "PHÓ TỔNG BIÊN TẬP", Signer: "Khúc Thừa Mỹ",
				NoiNhan: []string{"- Ban Tổ chức Cuộc thi;", portalFull, "- Lưu: VT, TS."},
				Portal:  true, CheckWords: []string{"12/TB-TCDCPL", "Cuộc thi viết", "Thể lệ"},
			})},
			L: Label{Kind: "publish", Category: "8.5", Timing: "admin_document", Unit: "tap-chi-dcpl", Target: "portal_editor", Language: "vi"},
		},
		{
			File: "036-kh-ky-niem-40-nam-bao-plvn.eml", Client: "outlook", Received: "2025-08-28T11:00:03+07:00",
			FromName: "Ban Thư ký tòa soạn Báo PLVN", FromAddr: moj("thukytoasoan.bplvn"),
			Subject: "Kế hoạch tổ chức kỷ niệm 40 năm Ngày phát hành số báo đầu tiên",
			Body: `Kính gửi Ban Biên tập Cổng TTĐT Bộ Tư pháp,

Báo Pháp luật Việt Nam gửi Kế hoạch số 88/KH-BPLVN tổ chức các hoạt động kỷ niệm 40 năm Ngày phát hành số báo đầu tiên, đề nghị đăng tải.

{{sig}}`,
			Sub: sub(0, "Báo Pháp luật Việt Nam", "Yên Thị Lan Hương", "Thư ký tòa soạn", taxCode("820276583"), "",
				"0918 603 227", "Số 42 Tràng Thi, Hoàn Kiếm, Hà Nội", list("citizen_id"), none()),
			Docs: []*Doc{unitDoc("bao-plvn", &Doc{
				File: "KH 88 ky niem 40 nam.docx", Format: "docx", Number: "88/KH-BPLVN", Type: "Kế hoạch", Signed: "2025-08-28",
				TitleLine: "KẾ HOẠCH", Summary: "Tổ chức các hoạt động kỷ niệm 40 năm Ngày phát hành số báo đầu tiên của Báo Pháp luật Việt Nam",
				Body: []string{"1. Tổ chức Lễ kỷ niệm trang trọng, tiết kiệm vào tháng 10/2025 tại Hà Nội.",
					"2. Xuất bản ấn phẩm đặc biệt và chuyên trang điện tử về chặng đường 40 năm xây dựng, phát triển.",
					"3. Phát động cuộc thi ảnh \"Khoảnh khắc pháp luật\" trong cán bộ, phóng viên của Báo./."},
				Authority: "", AuthHead: "TỔNG BIÊN TẬP", Signer: "Lưu Quang Vũ",
				NoiNhan: []string{"- Lãnh đạo Bộ (để báo cáo);", portalLong, "- Lưu: VT, TKTS."},
				Portal:  true, CheckWords: []string{"88/KH-BPLVN", "kỷ niệm 40 năm"},
			})},
			L: Label{Kind: "publish", Category: "8.5", Timing: "admin_document", Unit: "bao-plvn", Target: "portal_editor", Language: "vi"},
		},
		{
			File: "037-tb-ket-qua-phien-hop-htqt-anh.eml", Client: "mobile", Received: "2026-01-28T14:10:39+07:00", PlainOnly: true,
			FromName: "Diệp Minh Khôi", FromAddr: moj("dmkhoi.htqt"),
			Subject: "TB kết quả Phiên họp Nhóm công tác chung",
			Body:    "Kính gửi Ban Biên tập,\nVụ HTQT gửi ảnh chụp Thông báo 19/TB-HTQT để đăng tin. Bản điện tử sẽ gửi bổ sung.\n\n{{sig}}",
			Sub:     sub(2, "Vụ Hợp tác quốc tế", "Diệp Minh Khôi", "Chuyên viên", "", "", "0394 227 615", "", list("tax_code", "citizen_id", "address"), none()),
			Docs: []*Doc{unitDoc("vu-htqt", &Doc{
				File: "photo_2026-01-28.png", Format: "png", Number: "19/TB-HTQT", Type: "Thông báo", Signed: "2026-01-28",
				TitleLine: "THÔNG BÁO", Summary: "Kết quả Phiên họp lần thứ 5 Nhóm công tác chung về hợp tác pháp luật",
				Body: []string{"Ngày 27/01/2026, tại Hà Nội, Bộ Tư pháp Việt Nam và Bộ Tư pháp nước bạn đã tổ chức Phiên họp lần thứ 5 Nhóm công tác chung về hợp tác pháp luật.",
					"Hai bên thống nhất Chương trình hợp tác giai đoạn 2026 - 2028, tập trung vào đào tạo cán bộ, trao đổi kinh nghiệm xây dựng pháp luật và tương trợ tư pháp./."},
				Authority: "KT.", AuthHead: "VỤ TRƯỞNG", SignTitle: "PHÓ VỤ TRƯỞNG", Signer: "Thạch Văn Sơn",
				NoiNhan: []string{"- Lãnh đạo Bộ (để báo cáo);", portalFull, "- Lưu: VT, HTQT."},
				Portal:  true, CheckWords: []string{"19/TB-HTQT", "Nhóm công tác chung"},
			})},
			L: Label{Kind: "publish", Category: "8.3", Timing: "admin_document", Unit: "vu-htqt", Target: "portal_editor", Language: "vi", Grounds: list("14.5")},
		},
		{
			File: "038-qd-ke-hoach-pbgdpl-gui-lai.eml", Client: "outlook", Received: "2026-03-03T08:20:17+07:00",
			FromName: "Đỗ Thị Thanh Mai", FromAddr: moj("dttmai.pbgdpl"),
			Subject: "Gửi lại QĐ ban hành Kế hoạch công tác PBGDPL năm 2026 (bản chính thức)",
			Body: `Kính gửi: Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp

Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý gửi lại Quyết định số 125/QĐ-PBGDPL ngày 27/02/2026 (bản chính thức, đã chỉnh sửa lỗi chính tả tại Điều 3), đề nghị Ban Biên tập đăng tải bản này thay cho bản đã gửi ngày 02/3/2026.

Trân trọng cảm ơn./.

{{sig}}`,
			Sub: sub(3, "Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý", "Đỗ Thị Thanh Mai", "Chuyên viên chính",
				taxCode("801234567"), "001188024613", "0912 486 203", "Số 60 Trần Phú, phường Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{dup},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-pbgdpl", Target: "portal_editor", Language: "vi",
				Grounds: list("14.4", "14.6"), DuplicateOf: "001-qd-ke-hoach-pbgdpl.eml",
				Note: "re-send of 001 with a small edit in Điều 3 and a new file name; signed Fri 27/02, received Tue 03/03: 2 working days after the signing date, past the 1-day deadline"},
		},
		{
			File: "039-cv-chung-thuc-ban-scan-gui-muon.eml", Client: "webmail", Received: "2026-01-05T09:00:41+07:00",
			FromName: "Lương Văn Tuấn", FromAddr: moj("lvtuan"),
			Subject: "CV hướng dẫn chứng thực bản sao điện tử từ bản chính",
			Body: `Kính gửi Ban Biên tập,

Cục Hành chính tư pháp gửi bản scan Công văn số 540/HCTP-CT ngày 22/12/2025, đề nghị đăng tải tại mục Hướng dẫn nghiệp vụ.

{{sig}}`,
			Sub: sub(0, "Cục Hành chính tư pháp", "Lương Văn Tuấn", "Phó Trưởng phòng", taxCode("816825374"), "035083002281",
				"024 6273 9318", "60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{unitDoc("cuc-hctp", &Doc{
				File: "CV540-HCTP-CT.pdf", Format: "scan-pdf", Number: "540/HCTP-CT", Type: "Công văn", Signed: "2025-12-22", Rotate: 0.4,
				VV:      "V/v hướng dẫn chứng thực bản sao điện tử từ bản chính",
				KinhGui: []string{"Sở Tư pháp các tỉnh, thành phố trực thuộc Trung ương."},
				Body: []string{"Thời gian qua, Cục Hành chính tư pháp nhận được phản ánh về việc chưa thống nhất trong chứng thực bản sao điện tử từ bản chính. Cục hướng dẫn như sau:",
					"Người thực hiện chứng thực chỉ chứng thực bản sao điện tử khi bản chính là bản giấy hợp lệ; bản sao điện tử được ký số của người có thẩm quyền và lưu trữ trên hệ thống./."},
				Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Hoàng Minh Tâm",
				NoiNhan: []string{"- Như trên;", portalFull, "- Lưu: VT, CT."},
				Portal:  true, CheckWords: []string{"540/HCTP-CT", "chứng thực bản sao điện tử"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-hctp", Target: "portal_editor", Language: "vi", Grounds: list("14.5", "14.6"),
				Note: "signed Mon 22/12/2025, received Mon 05/01/2026 after New Year (01/01 off): 8 working days later"},
		},
		{
			File: "042-chuyen-tiep-cv-ky-niem-thads.eml", Client: "thunderbird", Received: "2025-07-08T10:15:26+07:00",
			FromName: "Cao Thị Ngọc Diệp", FromAddr: moj("ctndiep.vp"),
			Subject: "Fwd: Công văn kỷ niệm 79 năm Ngày truyền thống THADS",
			Body: `Kính chuyển Ban Biên tập thư của Cục QLTHADS (đính kèm thư gốc) để đăng tải.

{{sig}}`,
			Sub: sub(2, "Văn phòng Bộ", "Cao Thị Ngọc Diệp", "Chuyên viên chính", "", "001190035527",
				"0904 317 662", "60 Trần Phú, Ba Đình, Hà Nội", list("tax_code"), none()),
			Forward: thadsFwd,
			L: Label{Kind: "publish", Category: "8.3", Timing: "admin_document", Unit: "cuc-qlthads", Target: "component_site", Language: "vi",
				Note: "the document is inside a forwarded message/rfc822 part; THADS anniversary news goes to thads.moj.gov.vn"},
		},
		{
			File: "043-tb-ket-luan-thu-truong-docx.eml", Client: "outlook", Received: "2025-05-08T15:15:02+07:00",
			FromName: "Đinh Thị Hoa", FromAddr: moj("dthoa.vp"),
			Subject: "Thông báo kết luận của Thứ trưởng tại buổi làm việc với Cục Bổ trợ tư pháp",
			Body: `Kính gửi Ban Biên tập,

Văn phòng Bộ gửi Thông báo số 52/TB-BTP ngày 08/5/2025 để đăng tải tại mục Chỉ đạo, điều hành.

{{sig}}`,
			Sub: sub(1, "Văn phòng Bộ", "Đinh Thị Hoa", "Chuyên viên", taxCode("813590264"), "030190008821",
				"0977 006 315", "60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{ministryDoc(&Doc{
				File: "TB 52-TB-BTP ket luan TT.docx", Format: "docx", Number: "52/TB-BTP", Type: "Thông báo", Signed: "2025-05-08",
				TitleLine: "THÔNG BÁO", Summary: "Kết luận của Thứ trưởng Ngô Quang Hiển tại buổi làm việc với Cục Bổ trợ tư pháp",
				Body: []string{"Ngày 06/5/2025, Thứ trưởng Ngô Quang Hiển đã làm việc với Cục Bổ trợ tư pháp về tình hình triển khai Luật Công chứng năm 2024. Thứ trưởng kết luận:",
					"1. Cục Bổ trợ tư pháp khẩn trương hoàn thiện dự thảo Thông tư hướng dẫn Luật Công chứng, trình Bộ trưởng trong tháng 6/2025.",
					"2. Phối hợp với Cục Công nghệ thông tin xây dựng cơ sở dữ liệu công chứng thống nhất toàn quốc./."},
				Authority: "TL.", AuthHead: "BỘ TRƯỞNG", SignTitle: "PHÓ CHÁNH VĂN PHÒNG", Signer: "Lưu Thị Bích Hạnh",
				NoiNhan: []string{"- Thứ trưởng Ngô Quang Hiển (để báo cáo);", "- Cục Bổ trợ tư pháp;", portalFull, "- Lưu: VT, VP."},
				Portal:  true, CheckWords: []string{"52/TB-BTP", "Kết luận của Thứ trưởng"},
			})},
			L: Label{Kind: "publish", Category: "8.2", Timing: "direction", Unit: "van-phong-bo", Target: "portal_editor", Language: "vi"},
		},
		{
			File: "044-ct-tro-giup-phap-ly-thu-bay-lam-bu.eml", Client: "webmail", Received: "2025-04-26T09:12:30+07:00",
			FromName: "Trần Thị Quỳnh Anh", FromAddr: moj("ttqanh.pbgdpl"),
			Subject: "Chỉ thị tăng cường công tác trợ giúp pháp lý (bản scan)",
			Body: `Kính gửi Ban Biên tập,

Cục PBGDPL và TGPL gửi bản scan Chỉ thị số 03/CT-BTP ngày 25/4/2025 của Bộ trưởng để đăng tải.

{{sig}}`,
			Sub: sub(3, "Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý", "Trần Thị Quỳnh Anh", "Chuyên viên", taxCode("821387402"), "001193021564",
				"0359 804 416", "Số 60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{ministryDoc(&Doc{
				File: "CT03-CT-BTP.pdf", Format: "scan-pdf", Number: "03/CT-BTP", Type: "Chỉ thị", Signed: "2025-04-25", Rotate: -1.1,
				TitleLine: "CHỈ THỊ", Summary: "Về tăng cường chất lượng, hiệu quả công tác trợ giúp pháp lý",
				Body: []string{"Để bảo đảm người được trợ giúp pháp lý được tiếp cận dịch vụ có chất lượng, Bộ trưởng Bộ Tư pháp yêu cầu:",
					"1. Trung tâm trợ giúp pháp lý nhà nước ưu tiên tham gia tố tụng trong các vụ việc phức tạp, điển hình; không để người thuộc diện được trợ giúp pháp lý bị từ chối trái quy định.",
					"2. Sở Tư pháp tăng cường kiểm tra, đánh giá chất lượng vụ việc trợ giúp pháp lý./."},
				AuthHead: "BỘ TRƯỞNG", Signer: "Lê Hoàng Quân",
				NoiNhan: []string{"- Các Thứ trưởng;", "- Sở Tư pháp các tỉnh, thành phố;", portalFull, "- Lưu: VT, PBGDPL."},
				Portal:  true, CheckWords: []string{"03/CT-BTP", "trợ giúp pháp lý"},
			})},
			L: Label{Kind: "publish", Category: "8.2", Timing: "direction", Unit: "cuc-pbgdpl", Target: "portal_editor", Language: "vi", Grounds: list("14.5"),
				Note: "received on Saturday 26/04/2025, a make-up working day"},
		},
		{
			File: "045-kh-ho-tich-anh-chup-thu-bay-lam-bu.eml", Client: "mobile", Received: "2026-01-10T10:05:12+07:00", PlainOnly: true,
			FromName: "Lương Văn Tuấn", FromAddr: moj("lvtuan"),
			Subject: "KH số hóa sổ hộ tịch 2026",
			Body:    "Gửi Ban Biên tập ảnh chụp Kế hoạch 05/KH-HCTP (ký hôm qua) để đăng tin trước.\n\n{{sig}}",
			Sub: sub(2, "Cục Hành chính tư pháp", "Lương Văn Tuấn", "Phó Trưởng phòng", "", "", "024 6273 9318", "",
				list("tax_code", "citizen_id", "address"), none()),
			Docs: []*Doc{unitDoc("cuc-hctp", &Doc{
				File: "IMG_0931.png", Format: "png", Number: "05/KH-HCTP", Type: "Kế hoạch", Signed: "2026-01-09",
				TitleLine: "KẾ HOẠCH", Summary: "Số hóa Sổ hộ tịch, dữ liệu hộ tịch năm 2026",
				Body: []string{"1. Hoàn thành số hóa 100% Sổ đăng ký khai sinh, kết hôn, khai tử còn lại tại các địa phương trước ngày 31/12/2026.",
					"2. Cập nhật dữ liệu hộ tịch đã số hóa vào Cơ sở dữ liệu hộ tịch điện tử toàn quốc, kết nối với Cơ sở dữ liệu quốc gia về dân cư./."},
				Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Hoàng Minh Tâm",
				NoiNhan: []string{"- Sở Tư pháp các tỉnh, thành phố;", portalFull, "- Lưu: VT, HT."},
				Portal:  true, CheckWords: []string{"05/KH-HCTP", "Số hóa"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-hctp", Target: "portal_editor", Language: "vi", Grounds: list("14.5"),
				Note: "received Saturday 10/01/2026, a make-up working day; signed the day before"},
		},
		{
			File: "046-bc-thong-ke-dieu-uoc-2025.eml", Client: "outlook", Received: "2026-01-15T15:30:22+07:00",
			FromName: "Lạc Hồng Phong", FromAddr: moj("lhphong.plqt"),
			Subject: "Báo cáo thống kê điều ước quốc tế năm 2025",
			Body: `Kính gửi Ban Biên tập,

Cục Pháp luật quốc tế và Giải quyết tranh chấp đầu tư quốc tế gửi Báo cáo số 07/BC-PLQT về số liệu thống kê ký kết, thực hiện điều ước quốc tế năm 2025 để đăng tải tại mục Thống kê.

{{sig}}`,
			Sub: sub(1, "Cục Pháp luật quốc tế và Giải quyết tranh chấp đầu tư quốc tế", "Lạc Hồng Phong", "Chuyên viên", taxCode("815740291"), "040185009127",
				"0387 460 952", "Số 60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{unitDoc("cuc-plqt", &Doc{
				File: "BC-07-BC-PLQT.pdf", Format: "pdf-identity-h", Number: "07/BC-PLQT", Type: "Báo cáo", Signed: "2026-01-15", SignedAt: "14:02:51",
				TitleLine: "BÁO CÁO", Summary: "Số liệu thống kê ký kết, thực hiện điều ước quốc tế năm 2025",
				Body: []string{"Năm 2025, Việt Nam đã ký kết 64 điều ước quốc tế (tăng 8 điều ước so với năm 2024), trong đó 21 điều ước song phương cấp Nhà nước, 43 điều ước cấp Chính phủ.",
					"Số thỏa thuận quốc tế do các bộ, ngành ký kết là 312 thỏa thuận. Danh mục chi tiết tại Phụ lục kèm theo./."},
				Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Mã Thị Thanh Xuân",
				NoiNhan: []string{"- Lãnh đạo Bộ (để báo cáo);", portalFull, "- Lưu: VT, ĐƯ."},
				Portal:  true, CheckWords: []string{"07/BC-PLQT", "điều ước quốc tế"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-plqt", Target: "portal_editor", Language: "vi"},
		},
		{
			File: "047-cv-lay-y-kien-du-thao-tt-mau-van-ban.eml", Client: "webmail", Received: "2026-04-29T16:30:40+07:00",
			FromName: "Mạc Thị Huyền Trang", FromAddr: moj("mthtrang.xdvb"),
			Subject: "Lấy ý kiến dự thảo Thông tư quy định mẫu văn bản trong xây dựng pháp luật",
			Body: `Kính gửi Ban Biên tập,

Vụ Công tác xây dựng văn bản QPPL gửi Công văn số 1188/BTP-XDVB kèm dự thảo Thông tư, đề nghị đăng tải lấy ý kiến (trước kỳ nghỉ lễ 30/4 - 01/5).

{{sig}}`,
			Sub: sub(1, "Vụ Công tác xây dựng văn bản quy phạm pháp luật", "Mạc Thị Huyền Trang", "Chuyên viên chính", taxCode("802517340"),
				"031189006718", "0975 334 821", "Số 60 Trần Phú, phường Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{ministryDoc(&Doc{
				File: "CV-1188-BTP-XDVB.pdf", Format: "pdf-libreoffice", Number: "1188/BTP-XDVB", Type: "Công văn", Signed: "2026-04-29",
				VV:      "V/v lấy ý kiến dự thảo Thông tư quy định mẫu văn bản trong công tác xây dựng pháp luật",
				KinhGui: []string{"- Các bộ, cơ quan ngang bộ;", "- Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương."},
				Body: []string{"Bộ Tư pháp đang xây dựng dự thảo Thông tư quy định mẫu văn bản trong công tác xây dựng pháp luật. Để hoàn thiện dự thảo, Bộ Tư pháp đề nghị Quý cơ quan nghiên cứu, góp ý và gửi về Bộ Tư pháp (qua Vụ Công tác xây dựng văn bản quy phạm pháp luật) trước ngày 29/5/2026.",
					"Dự thảo Thông tư được đăng tải trên Cổng Thông tin điện tử Bộ Tư pháp./."},
				Authority: "KT.", AuthHead: "BỘ TRƯỞNG", SignTitle: "THỨ TRƯỞNG", Signer: "Nguyễn Thị Phương Lan",
				NoiNhan: []string{"- Như trên;", "- Bộ trưởng (để báo cáo);", portalLong, "- Lưu: VT, XDVB."},
				Portal:  true, CheckWords: []string{"1188/BTP-XDVB", "dự thảo Thông tư", "Kính gửi"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "vu-xdvb", Target: "portal_editor", Language: "vi",
				Note: "received the afternoon before the 30/04–03/05/2026 holidays"},
		},
		{
			File: "048-bc-mat-dan-trong-than-thu.eml", Client: "webmail", Received: "2026-02-11T14:25:06+07:00",
			FromName: "Tống Văn Dũng", FromAddr: moj("tvdung.qlthads"),
			Subject: "Báo cáo tình hình tổ chức thi hành các vụ việc trọng điểm",
			Body: `Kính gửi Ban Biên tập,

Cục Quản lý Thi hành án dân sự gửi nội dung Báo cáo để Ban Biên tập tổng hợp, đưa tin:

{{doc}}

{{sig}}`,
			Sub: sub(1, "Cục Quản lý Thi hành án dân sự", "Tống Văn Dũng", "Chuyên viên chính", taxCode("830174502"), "036084005513",
				"0904 662 718", "Số 58 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{unitDoc("cuc-qlthads", &Doc{
				File: "BC-17", Format: "body", Number: "17/BC-QLTHADS", Type: "Báo cáo", Signed: "2026-02-11", Secrecy: "MẬT",
				TitleLine: "BÁO CÁO", Summary: "Tình hình tổ chức thi hành các vụ việc trọng điểm, liên quan đến tham nhũng, kinh tế (tài liệu không phổ biến)",
				Body: []string{"Tính đến ngày 31/01/2026, cơ quan thi hành án dân sự đang tổ chức thi hành 1.284 việc thuộc các vụ án trọng điểm, liên quan đến tham nhũng, kinh tế với tổng số tiền phải thi hành hơn 92.000 tỷ đồng.",
					"Danh sách các vụ việc đang xác minh, kê biên tài sản và kế hoạch cưỡng chế cụ thể tại Phụ lục kèm theo (không phổ biến)./."},
				Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Lã Văn Chiến",
				NoiNhan: []string{"- Ban Chỉ đạo phòng, chống tham nhũng (để báo cáo);", "- Lãnh đạo Bộ (để báo cáo);", "- Lưu: VT, NV (03b)."},
				Portal:  false, CheckWords: []string{"17/BC-QLTHADS", "MẬT", "không phổ biến"},
			})},
			L: Label{Kind: "publish", Category: "8.3", Timing: "admin_document", Unit: "cuc-qlthads", Target: "standing_board", Language: "vi", Grounds: list("14.2"),
				Note: "a secret (MẬT) report pasted into the mail body, marked 'không phổ biến'"},
		},
	}
}
