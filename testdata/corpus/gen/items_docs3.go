package main

// itemsDocs3: documents in the remaining formats (PNG photo, TNEF, forwarded message, RFC 2231
// names, windows-1258 mail), signature authorities, holidays and late items.
func itemsDocs3() []*Item {
	return []*Item{
		{
			File: "017-kh-ngay-phap-luat-anh-chup.eml", Client: "mobile", Received: "2025-10-06T07:55:10+07:00",
			FromName: "Trần Thị Quỳnh Anh", FromAddr: moj("ttqanh.pbgdpl"),
			Subject: "Ảnh chụp KH hưởng ứng Ngày Pháp luật 2025",
			Body: `Gửi Ban Biên tập,
Em gửi ảnh chụp Kế hoạch 210/KH-BTP hưởng ứng Ngày Pháp luật năm 2025, bản PDF em sẽ gửi sau khi vào cơ quan ạ.

{{sig}}

Sent from my iPhone`,
			PlainOnly: true,
			Sub: sub(2, "Cục PBGDPL và TGPL", "Trần Thị Quỳnh Anh", "Chuyên viên", "", "", "0359 804 416", "",
				list("tax_code", "citizen_id", "address"), none()),
			Docs: []*Doc{ministryDoc(&Doc{
				File: "IMG_4127.PNG", Format: "png", Number: "210/KH-BTP", Type: "Kế hoạch", Signed: "2025-10-03",
				TitleLine: "KẾ HOẠCH", Summary: "Tổ chức các hoạt động hưởng ứng Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2025",
				Body: []string{"^I. MỤC ĐÍCH, YÊU CẦU",
					"Tiếp tục tạo chuyển biến mạnh mẽ trong nhận thức của cán bộ, công chức, viên chức và Nhân dân về vị trí, vai trò của pháp luật; tổ chức Ngày Pháp luật thiết thực, hiệu quả, tránh hình thức.",
					"^II. NỘI DUNG",
					"1. Tổ chức Lễ hưởng ứng Ngày Pháp luật tại trụ sở Bộ vào ngày 07/11/2025. 2. Phát động cuộc thi tìm hiểu pháp luật trực tuyến trên Cổng Thông tin điện tử Bộ Tư pháp./."},
				Authority: "KT.", AuthHead: "BỘ TRƯỞNG", SignTitle: "THỨ TRƯỞNG", Signer: "Trương Minh Đức",
				NoiNhan: []string{"- Các đơn vị thuộc Bộ;", "- Sở Tư pháp các tỉnh, thành phố;", portalFull, "- Lưu: VT, PBGDPL."},
				Portal:  true, CheckWords: []string{"KẾ HOẠCH", "210/KH-BTP", "Ngày Pháp luật"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-pbgdpl", Target: "portal_editor", Language: "vi", Grounds: list("14.5"),
				Note: "a phone photo (PNG) as the only copy; signed Friday 03/10, received Monday 07:55, within 1 working day"},
		},
		{
			File: "018-qd-bo-nhiem-cuc-truong.eml", Client: "outlook", Received: "2026-04-01T17:25:40+07:00",
			FromName: "Lò Văn Thắng", FromAddr: moj("lvthang.tccb"),
			Subject: "Quyết định bổ nhiệm Cục trưởng Cục Bổ trợ tư pháp - đăng tin",
			Body: `Kính gửi Ban Biên tập Cổng TTĐT Bộ Tư pháp,

Vụ Tổ chức cán bộ gửi Quyết định số 512/QĐ-BTP ngày 01/4/2026 của Bộ trưởng về việc bổ nhiệm Cục trưởng Cục Bổ trợ tư pháp để đăng tải thông tin tại mục Tổ chức bộ máy.

{{sig}}`,
			Sub: sub(0, "Vụ Tổ chức cán bộ", "Lò Văn Thắng", "Chuyên viên", taxCode("808412357"), "014089002376",
				"0917 245 306", "Số 60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{ministryDoc(&Doc{
				File: "QD-512-QD-BTP-bo-nhiem.pdf", Format: "pdf-identity-h", Number: "512/QĐ-BTP", Type: "Quyết định", Signed: "2026-04-01", SignedAt: "16:05:37",
				TitleLine: "QUYẾT ĐỊNH", Summary: "Về việc bổ nhiệm Cục trưởng Cục Bổ trợ tư pháp",
				Preamble: []string{"Căn cứ Nghị định số 09/2026/NĐ-CP của Chính phủ quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Tư pháp;", "Theo đề nghị của Vụ trưởng Vụ Tổ chức cán bộ."},
				Body: []string{"^QUYẾT ĐỊNH:",
					"**Điều 1.** Bổ nhiệm ông Hồ Sỹ Nguyên, Phó Cục trưởng Cục Bổ trợ tư pháp, giữ chức vụ Cục trưởng Cục Bổ trợ tư pháp, Bộ Tư pháp. Thời hạn giữ chức vụ là 05 năm kể từ ngày Quyết định có hiệu lực.",
					"**Điều 2.** Quyết định này có hiệu lực kể từ ngày 01 tháng 4 năm 2026.",
					"**Điều 3.** Chánh Văn phòng Bộ, Vụ trưởng Vụ Tổ chức cán bộ, Cục trưởng Cục Kế hoạch - Tài chính và ông Hồ Sỹ Nguyên chịu trách nhiệm thi hành Quyết định này./."},
				AuthHead: "BỘ TRƯỞNG", Signer: "Lê Hoàng Quân",
				NoiNhan: []string{"- Như Điều 3;", "- Các Thứ trưởng;", portalLong, "- Lưu: VT, TCCB."},
				Portal:  true, CheckWords: []string{"512/QĐ-BTP", "bổ nhiệm", "Cục trưởng Cục Bổ trợ tư pháp"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "vu-tccb", Target: "portal_editor", Language: "vi"},
		},
		{
			File: "019-cv-du-thao-nghi-dinh-windows-1258.eml", Client: "outlook", Charset: "windows-1258", Received: "2025-08-14T09:20:41+07:00",
			FromName: "Khổng Minh Nguyệt", FromAddr: moj("kmnguyet.plds"),
			Subject: "Đề nghị đăng tải dự thảo Nghị định hướng dẫn Luật Kinh doanh bất động sản",
			Body: `Kính gửi Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp,

Cục Pháp luật dân sự - kinh tế gửi Công văn số 145/PLDSKT-KT kèm dự thảo Nghị định để đăng tải lấy ý kiến nhân dân trong thời hạn 30 ngày.

Trân trọng cảm ơn!

{{sig}}`,
			Sub: sub(1, "Cục Pháp luật dân sự - kinh tế", "Khổng Minh Nguyệt", "Chuyên viên chính", taxCode("809155203"), "026186003119",
				"0945 663 271", "58-60 Trần Phú, phường Điện Biên, quận Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{unitDoc("cuc-plds-kt", &Doc{
				File: "CV 145-PLDSKT-KT.docx", Format: "docx", Number: "145/PLDSKT-KT", Type: "Công văn", Signed: "2025-08-14",
				VV:      "V/v đăng tải dự thảo Nghị định quy định chi tiết một số điều của Luật Kinh doanh bất động sản",
				KinhGui: []string{"Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp."},
				Body: []string{"Thực hiện nhiệm vụ được giao, Cục Pháp luật dân sự - kinh tế đã phối hợp xây dựng dự thảo Nghị định quy định chi tiết một số điều của Luật Kinh doanh bất động sản.",
					"Để lấy ý kiến rộng rãi, Cục đề nghị Ban Biên tập đăng tải dự thảo Nghị định trên Cổng Thông tin điện tử Bộ Tư pháp trong thời gian 30 ngày kể từ ngày đăng./."},
				Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Doãn Thị Lựu",
				NoiNhan: []string{"- Như trên;", "- Lưu: VT, KT."},
				Portal:  true, CheckWords: []string{"145/PLDSKT-KT", "Kinh doanh bất động sản", "Kính gửi"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-plds-kt", Target: "portal_editor", Language: "vi",
				Note: "body and RFC 2047 subject in windows-1258 (Outlook with Vietnamese encoding): decodes to decomposed tone marks"},
		},
		{
			File: "020-tb-tuyen-sinh-luat-su-hvtp.eml", Client: "gmail", Received: "2025-09-29T14:30:12+07:00",
			FromName: "Phòng Đào tạo Học viện Tư pháp", FromAddr: "daotao.hvtp@gmail.com",
			Subject: "Thông báo tuyển sinh lớp đào tạo nghề luật sư khóa 28",
			Body: `Kính gửi Ban Biên tập Cổng TTĐT Bộ Tư pháp,

Học viện Tư pháp gửi Thông báo số 75/TB-HVTP về tuyển sinh lớp đào tạo nghề luật sư khóa 28, đề nghị đăng tải để người học biết, đăng ký.

Trân trọng./.

{{sig}}`,
			Sub: sub(1, "Học viện Tư pháp", "Võ Thị Mỹ Dung", "Chuyên viên Phòng Đào tạo", taxCode("810274631"), "079191004528",
				"0903 775 918", "Số 9 Trần Vỹ, phường Phú Diễn, Hà Nội", none(), none()),
			Docs: []*Doc{unitDoc("hoc-vien-tp", &Doc{
				File: "TB 75 tuyen sinh luat su khoa 28.pdf", Format: "pdf-libreoffice", Number: "75/TB-HVTP", Type: "Thông báo", Signed: "2025-09-29",
				TitleLine: "THÔNG BÁO", Summary: "Tuyển sinh lớp đào tạo nghề luật sư khóa 28",
				Body: []string{"Học viện Tư pháp thông báo tuyển sinh lớp đào tạo nghề luật sư khóa 28 tại Hà Nội và Thành phố Hồ Chí Minh như sau:",
					"1. Đối tượng: người có bằng cử nhân luật hoặc thạc sĩ luật.",
					"2. Thời gian nhận hồ sơ: từ ngày 01/10/2025 đến hết ngày 31/10/2025, trực tuyến qua Cổng tuyển sinh của Học viện.",
					"3. Thời gian đào tạo: 12 tháng; khai giảng dự kiến tháng 12/2025./."},
				Authority: "KT.", AuthHead: "GIÁM ĐỐC", SignTitle: "PHÓ GIÁM ĐỐC", Signer: "Âu Dương Khải",
				NoiNhan: []string{"- Lãnh đạo Học viện;", portalFull, "- Lưu: VT, ĐT."},
				Portal:  true, CheckWords: []string{"THÔNG BÁO", "75/TB-HVTP", "đào tạo nghề luật sư"},
			})},
			L: Label{Kind: "publish", Category: "8.3", Timing: "admin_document", Unit: "hoc-vien-tp", Target: "portal_editor", Language: "vi"},
		},
		{
			File: "021-bc-boi-thuong-nha-nuoc-gui-muon.eml", Client: "thunderbird", Received: "2025-12-19T09:10:33+07:00",
			FromName: "Thân Văn Khoa", FromAddr: "thanvankhoa@yahoo.com.vn",
			Subject: "Báo cáo công tác bồi thường nhà nước năm 2025",
			Body: `Kính gửi Ban Biên tập,

Tôi gửi Báo cáo số 112/BC-ĐKGDBĐ ngày 10/12/2025 về công tác bồi thường nhà nước năm 2025 để đăng tải.

{{sig}}`,
			Sub: sub(2, "Cục Đăng ký giao dịch bảo đảm và Bồi thường nhà nước", "Thân Văn Khoa", "Chuyên viên", taxCode("811306248"), "02408700315",
				"0326 114 907", "Hà Nội", none(), list("citizen_id")),
			Docs: []*Doc{unitDoc("cuc-dkgdbd-bt", &Doc{
				File: "Bao cao BTNN 2025.docx", Format: "docx", Number: "112/BC-ĐKGDBĐ", Type: "Báo cáo", Signed: "2025-12-10",
				TitleLine: "BÁO CÁO", Summary: "Công tác bồi thường nhà nước năm 2025",
				Body: []string{"Năm 2025, các cơ quan giải quyết bồi thường đã thụ lý 187 vụ việc yêu cầu bồi thường, đã giải quyết xong 142 vụ việc với tổng số tiền Nhà nước phải bồi thường là 41,6 tỷ đồng.",
					"Công tác xác định trách nhiệm hoàn trả của người thi hành công vụ có chuyển biến; đã có 37 quyết định hoàn trả với số tiền 2,1 tỷ đồng./."},
				AuthHead: "CỤC TRƯỞNG", Signer: "Ninh Văn Tài",
				NoiNhan: []string{"- Bộ trưởng (để báo cáo);", "- Cổng TTĐT Bộ Tư pháp (để đăng tải);", "- Lưu: VT, BTNN."},
				Portal:  true, CheckWords: []string{"112/BC-ĐKGDBĐ", "bồi thường nhà nước"},
			})},
			L: Label{Kind: "publish", Category: "8.3", Timing: "admin_document", Unit: "cuc-dkgdbd-bt", Target: "portal_editor", Language: "vi", Grounds: list("14.6"),
				Note: "signed Wed 10/12, received Fri 19/12: 7 working days later; citizen ID has 11 digits"},
		},
		{
			File: "022-qd-tuq-danh-muc-he-thong-thong-tin.eml", Client: "webmail", Received: "2025-10-21T11:11:09+07:00",
			FromName: "Hứa Quang Minh", FromAddr: moj("hqminh.cntt"),
			Subject: "QĐ phê duyệt cấp độ an toàn hệ thống thông tin (TUQ Bộ trưởng)",
			Body: `Kính gửi Ban Biên tập,

Cục Công nghệ thông tin gửi Quyết định số 2210/QĐ-BTP phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin đối với Cổng Thông tin điện tử Bộ Tư pháp để đăng tải.

{{sig}}`,
			Sub: sub(3, "Cục Công nghệ thông tin", "Hứa Quang Minh", "Kỹ sư", taxCode("812047593"), "001092017734",
				"0123 456 7890", "Số 60 Trần Phú, Ba Đình, Hà Nội", none(), list("phone")),
			Docs: []*Doc{ministryDoc(&Doc{
				File: "QD-2210-QD-BTP.pdf", Format: "pdf-identity-h", Number: "2210/QĐ-BTP", Type: "Quyết định", Signed: "2025-10-21", SignedAt: "09:40:18",
				TitleLine: "QUYẾT ĐỊNH", Summary: "Phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin Cổng Thông tin điện tử Bộ Tư pháp",
				Preamble: []string{"Căn cứ Luật An toàn thông tin mạng ngày 19 tháng 11 năm 2015;", "Căn cứ Nghị định số 85/2016/NĐ-CP ngày 01 tháng 7 năm 2016 của Chính phủ về bảo đảm an toàn hệ thống thông tin theo cấp độ;"},
				Body: []string{"^QUYẾT ĐỊNH:",
					"**Điều 1.** Phê duyệt hồ sơ đề xuất cấp độ 3 đối với hệ thống thông tin Cổng Thông tin điện tử Bộ Tư pháp.",
					"**Điều 2.** Cục Công nghệ thông tin chịu trách nhiệm triển khai phương án bảo đảm an toàn thông tin theo hồ sơ được phê duyệt./."},
				Authority: "TUQ.", AuthHead: "BỘ TRƯỞNG", SignTitle: "CỤC TRƯỞNG CỤC CÔNG NGHỆ THÔNG TIN", Signer: "Kha Văn Định",
				NoiNhan: []string{"- Bộ trưởng (để báo cáo);", "- Bộ Công an (A05);", portalFull, "- Lưu: VT, CNTT."},
				Portal:  true, CheckWords: []string{"2210/QĐ-BTP", "TUQ. BỘ TRƯỞNG", "cấp độ an toàn"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-cntt", Target: "portal_editor", Language: "vi",
				Note: "phone uses the retired 11-digit 012x mobile prefix"},
		},
		{
			File: "023-tb-tm-hoi-dong-thi-dua.eml", Client: "outlook", Received: "2026-01-26T10:00:54+07:00",
			FromName: "Đinh Thị Hoa", FromAddr: moj("dthoa.vp"),
			Subject: "Thông báo kết quả bình xét thi đua, khen thưởng năm 2025",
			Body: `Kính gửi Ban Biên tập Cổng TTĐT Bộ,

Thường trực Hội đồng Thi đua - Khen thưởng Bộ gửi Thông báo số 16/TB-HĐTĐKT về kết quả bình xét danh hiệu thi đua năm 2025 để đăng tải, lấy ý kiến công khai trong 05 ngày làm việc.

{{sig}}`,
			Sub: sub(1, "Văn phòng Bộ (Phòng Thi đua - Khen thưởng)", "Đinh Thị Hoa", "Chuyên viên", taxCode("813590264"), "030190008821",
				"0977 006 315", "60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{{
				File: "TB-16-HDTDKT-2025.pdf", Format: "pdf-libreoffice", Parent: "BỘ TƯ PHÁP", Issuer: "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", IssuerName: "Hội đồng Thi đua - Khen thưởng Bộ Tư pháp",
				Number: "16/TB-HĐTĐKT", Type: "Thông báo", Signed: "2026-01-26",
				TitleLine: "THÔNG BÁO", Summary: "Kết quả bình xét danh hiệu thi đua và hình thức khen thưởng năm 2025",
				Body: []string{"Ngày 23 tháng 01 năm 2026, Hội đồng Thi đua - Khen thưởng Bộ Tư pháp đã họp, bình xét và thống nhất đề nghị: tặng Cờ thi đua của Bộ Tư pháp cho 12 tập thể; tặng danh hiệu Chiến sĩ thi đua ngành Tư pháp cho 25 cá nhân.",
					"Danh sách chi tiết kèm theo Thông báo này. Ý kiến phản ánh (nếu có) gửi về Văn phòng Bộ trước ngày 02/02/2026./."},
				Authority: "TM.", AuthHead: "HỘI ĐỒNG", SignTitle: "CHỦ TỊCH", Signer: "Lê Hoàng Quân",
				NoiNhan: []string{"- Thành viên Hội đồng;", "- Các đơn vị thuộc Bộ;", portalFull, "- Lưu: VT, TĐKT."},
				Portal:  true, CheckWords: []string{"16/TB-HĐTĐKT", "TM. HỘI ĐỒNG", "thi đua"},
			}},
			L: Label{Kind: "publish", Category: "8.5", Timing: "admin_document", Unit: "van-phong-bo", Target: "portal_editor", Language: "vi"},
		},
		{
			File: "024-qd-kiem-tra-van-ban-sau-tet.eml", Client: "outlook", Received: "2026-02-23T08:31:20+07:00",
			FromName: "Đàm Quang Vinh", FromAddr: moj("dqvinh.ktvb"),
			Subject: "Gửi QĐ 298/QĐ-BTP ký trước Tết để đăng tải",
			Body: `Kính gửi Ban Biên tập,

Cục Kiểm tra văn bản và Tổ chức thi hành pháp luật gửi Quyết định số 298/QĐ-BTP ngày 13/02/2026 ban hành Kế hoạch kiểm tra, xử lý, rà soát văn bản quy phạm pháp luật năm 2026 (văn bản ký chiều 13/02, trước kỳ nghỉ Tết Nguyên đán).

Chúc Ban Biên tập năm mới an khang!

{{sig}}`,
			Sub: sub(0, "Cục Kiểm tra văn bản và Tổ chức thi hành pháp luật", "Đàm Quang Vinh", "Phó Cục trưởng", taxCode("814607329"), "001078006542",
				"0913 550 824", "58-60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{ministryDoc(&Doc{
				File: "QD-298-QD-BTP-KH-kiem-tra-VB-2026.pdf", Format: "pdf-identity-h", Number: "298/QĐ-BTP", Type: "Quyết định", Signed: "2026-02-13", SignedAt: "16:48:55",
				TitleLine: "QUYẾT ĐỊNH", Summary: "Ban hành Kế hoạch kiểm tra, xử lý, rà soát, hệ thống hóa văn bản quy phạm pháp luật năm 2026",
				Preamble: []string{"Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025;", "Theo đề nghị của Cục trưởng Cục Kiểm tra văn bản và Tổ chức thi hành pháp luật."},
				Body: []string{"^QUYẾT ĐỊNH:",
					"**Điều 1.** Ban hành kèm theo Quyết định này Kế hoạch kiểm tra, xử lý, rà soát, hệ thống hóa văn bản quy phạm pháp luật năm 2026.",
					"**Điều 2.** Quyết định này có hiệu lực kể từ ngày ký.",
					"**Điều 3.** Thủ trưởng các đơn vị thuộc Bộ chịu trách nhiệm thi hành Quyết định này./."},
				Authority: "KT.", AuthHead: "BỘ TRƯỞNG", SignTitle: "THỨ TRƯỞNG", Signer: "Ngô Quang Hiển",
				NoiNhan: []string{"- Như Điều 3;", "- Bộ trưởng (để báo cáo);", portalFull, "- Lưu: VT, KTVB."},
				Portal:  true, CheckWords: []string{"298/QĐ-BTP", "kiểm tra, xử lý, rà soát", "Cổng TTĐT Bộ Tư pháp"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-ktvb", Target: "portal_editor", Language: "vi",
				Note: "signed Fri 13/02/2026, received Mon 23/02 08:31: ten calendar days but the first working day after Tết (14–22/02 off), so not late"},
		},
		{
			File: "025-cv-dieu-uoc-gui-thu-bay.eml", Client: "thunderbird", Received: "2026-03-21T20:15:44+07:00", Date: "2026-03-21T20:15:21+00:00",
			FromName: "Lạc Hồng Phong", FromAddr: moj("lhphong.plqt"),
			Subject: "Công văn về danh mục điều ước quốc tế có hiệu lực năm 2025",
			Body: `Kính gửi Ban Biên tập,

Cục Pháp luật quốc tế và Giải quyết tranh chấp đầu tư quốc tế gửi Công văn số 88/PLQT-ĐƯ ký ngày 20/3/2026 để đăng tải. Xin lỗi vì gửi vào cuối tuần.

{{sig}}`,
			Sub: sub(1, "Cục Pháp luật quốc tế và Giải quyết tranh chấp đầu tư quốc tế", "Lạc Hồng Phong", "Chuyên viên", taxCode("815740291"), "040185009127",
				"0387 460 952", "Số 60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{unitDoc("cuc-plqt", &Doc{
				File: "Công văn 88-PLQT-ĐƯ về danh mục điều ước quốc tế có hiệu lực năm 2025.pdf", Format: "pdf-libreoffice", Number: "88/PLQT-ĐƯ", Type: "Công văn", Signed: "2026-03-20",
				VV:      "V/v công bố danh mục điều ước quốc tế có hiệu lực đối với Việt Nam năm 2025",
				KinhGui: []string{"Các đơn vị thuộc Bộ Tư pháp;", "Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp."},
				Body: []string{"Theo số liệu tổng hợp, trong năm 2025 có 46 điều ước quốc tế nhân danh Nhà nước và Chính phủ có hiệu lực đối với nước Cộng hòa xã hội chủ nghĩa Việt Nam, trong đó có 9 điều ước về tương trợ tư pháp.",
					"Cục Pháp luật quốc tế và Giải quyết tranh chấp đầu tư quốc tế gửi kèm danh mục để các đơn vị biết, áp dụng và đề nghị Cổng Thông tin điện tử đăng tải./."},
				Authority: "KT.", AuthHead: "CỤC TRƯỞNG", SignTitle: "PHÓ CỤC TRƯỞNG", Signer: "Mã Thị Thanh Xuân",
				NoiNhan: []string{"- Như trên;", "- Lưu: VT, ĐƯ."},
				Portal:  true, CheckWords: []string{"88/PLQT-ĐƯ", "điều ước quốc tế", "Kính gửi"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-plqt", Target: "portal_editor", Language: "vi",
				Note: "received on a Saturday evening; long Vietnamese file name in RFC 2231 continuations (Thunderbird); sender clock on local time but zone +0000: Date: is 7 hours after the real receipt"},
		},
		{
			File: "026-tt-05-2026-ho-tich-ten-tep-dai.eml", Client: "thunderbird", Received: "2026-04-20T10:03:05+07:00",
			FromName: "Lương Văn Tuấn", FromAddr: moj("lvtuan"),
			Subject: "Thông tư 05/2026/TT-BTP sửa đổi Thông tư hướng dẫn Luật Hộ tịch",
			Body: `Kính gửi Ban Biên tập,

Cục Hành chính tư pháp gửi file Word Thông tư số 05/2026/TT-BTP ngày 20/4/2026 để đăng tải tại mục Văn bản quy phạm pháp luật.

{{sig}}`,
			Sub: sub(0, "Cục Hành chính tư pháp", "Lương Văn Tuấn", "Phó Trưởng phòng", taxCode("816825374"), "035083002281",
				"024 6273 9318", "60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{ministryDoc(&Doc{
				File: "Thông tư 05-2026-TT-BTP sửa đổi, bổ sung một số điều của Thông tư số 04-2020-TT-BTP quy định chi tiết Luật Hộ tịch.docx", Format: "docx",
				Number: "05/2026/TT-BTP", Type: "Thông tư", Signed: "2026-04-20",
				TitleLine: "THÔNG TƯ", Summary: "Sửa đổi, bổ sung một số điều của Thông tư số 04/2020/TT-BTP ngày 28 tháng 5 năm 2020 của Bộ trưởng Bộ Tư pháp quy định chi tiết thi hành một số điều của Luật Hộ tịch",
				Preamble: []string{"Căn cứ Luật Hộ tịch ngày 20 tháng 11 năm 2014;", "Theo đề nghị của Cục trưởng Cục Hành chính tư pháp;"},
				Body: []string{"**Điều 1.** Sửa đổi khoản 2 Điều 3 như sau: Việc đăng ký hộ tịch trực tuyến được thực hiện trên Cổng Dịch vụ công quốc gia; kết quả đăng ký được gửi vào kho dữ liệu điện tử của người yêu cầu.",
					"**Điều 2.** Thông tư này có hiệu lực thi hành kể từ ngày 05 tháng 6 năm 2026./."},
				Authority: "KT.", AuthHead: "BỘ TRƯỞNG", SignTitle: "THỨ TRƯỞNG", Signer: "Nguyễn Thị Phương Lan",
				NoiNhan: []string{"- Văn phòng Chính phủ;", "- Cục Kiểm tra văn bản và Tổ chức thi hành pháp luật;", "- Công báo;", portalFull, "- Lưu: VT, HCTP."},
				Portal:  true, CheckWords: []string{"05/2026/TT-BTP", "Luật Hộ tịch", "THÔNG TƯ"},
			})},
			L: Label{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-hctp", Target: "portal_editor", Language: "vi",
				Note: "a 140-character Vietnamese file name in RFC 2231 continuations"},
		},
		{
			File: "027-cong-dien-hoa-toc-bao.eml", Client: "webmail", Received: "2025-09-26T19:40:11+07:00", Date: "2025-09-27T19:39:50+07:00",
			FromName: "Văn phòng Bộ Tư pháp", FromAddr: moj("vanphong"),
			Subject: "HỎA TỐC - Công điện về chủ động ứng phó với bão số 10",
			Body: `Kính gửi Ban Biên tập,

Đề nghị đăng tải ngay Công điện số 02/CĐ-BTP ngày 26/9/2025 của Bộ trưởng Bộ Tư pháp về việc chủ động ứng phó với bão số 10.

{{sig}}`,
			Sub: sub(2, "Văn phòng Bộ", "Cao Thị Ngọc Diệp", "Chuyên viên chính", "", "001190035527",
				"0904 317 662", "60 Trần Phú, Ba Đình, Hà Nội", list("tax_code"), none()),
			Docs: []*Doc{ministryDoc(&Doc{
				File: "CD-02-CD-BTP.pdf", Format: "pdf-identity-h", Number: "02/CĐ-BTP", Type: "Công điện", Signed: "2025-09-26", SignedAt: "18:55:02", Urgency: "HỎA TỐC",
				TitleLine: "CÔNG ĐIỆN", Summary: "Về việc chủ động ứng phó với bão số 10",
				KinhGui: []string{"- Cơ quan thi hành án dân sự các tỉnh, thành phố từ Thanh Hóa đến Quảng Ngãi;", "- Sở Tư pháp các tỉnh, thành phố từ Thanh Hóa đến Quảng Ngãi."},
				Body: []string{"Thực hiện Công điện của Thủ tướng Chính phủ về việc tập trung ứng phó khẩn cấp với bão số 10, Bộ trưởng Bộ Tư pháp yêu cầu:",
					"1. Thủ trưởng các cơ quan, đơn vị chủ động phương án bảo đảm an toàn cho người, hồ sơ, tài liệu, kho vật chứng; không để xảy ra mất mát tài sản thi hành án.",
					"2. Tổ chức trực ban 24/24 giờ, báo cáo nhanh tình hình thiệt hại về Văn phòng Bộ./."},
				AuthHead: "BỘ TRƯỞNG", Signer: "Lê Hoàng Quân",
				NoiNhan: []string{"- Như trên;", "- Các Thứ trưởng;", portalFull, "- Lưu: VT, VP."},
				Portal:  true, CheckWords: []string{"CÔNG ĐIỆN", "02/CĐ-BTP", "HỎA TỐC", "bão số 10"},
			})},
			L: Label{Kind: "publish", Category: "8.2", Timing: "direction", Unit: "van-phong-bo", Target: "portal_editor", Language: "vi",
				Note: "urgent directive sent on a Friday evening, outside office hours; sender clock one day ahead (Date: Sat 27/09)"},
		},
		{
			File: "028-qd-vien-ban-scan.eml", Client: "gmail", Received: "2025-11-04T15:20:36+07:00",
			FromName: "Phòng Tổng hợp Viện CLKHPL", FromAddr: "tonghop.vienclkhpl@gmail.com",
			Subject: "QĐ thành lập Hội đồng khoa học cấp Viện năm 2025 (bản scan)",
			Body: `Kính gửi Ban Biên tập Cổng TTĐT Bộ Tư pháp,

Viện Chiến lược và Khoa học pháp lý gửi bản scan Quyết định số 45/QĐ-VCL thành lập Hội đồng khoa học cấp Viện năm 2025 để đăng tải.

{{sig}}`,
			Sub: sub(1, "Viện Chiến lược và Khoa học pháp lý", "Lục Thị Thu Thảo", "Chuyên viên", taxCode("817932045"), "019190003347",
				"0862 901 334", "Số 60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Docs: []*Doc{unitDoc("vien-clkhpl", &Doc{
				File: "scan0045.pdf", Format: "scan-pdf", Number: "45/QĐ-VCL", Type: "Quyết định", Signed: "2025-11-04", DateStyle: 1, Rotate: 1.2,
				TitleLine: "QUYẾT ĐỊNH", Summary: "Về việc thành lập Hội đồng khoa học cấp Viện năm 2025",
				Body: []string{"^VIỆN TRƯỞNG VIỆN CHIẾN LƯỢC VÀ KHOA HỌC PHÁP LÝ", "^QUYẾT ĐỊNH:",
					"**Điều 1.** Thành lập Hội đồng khoa học cấp Viện năm 2025 gồm 09 thành viên theo danh sách kèm theo.",
					"**Điều 2.** Hội đồng có nhiệm vụ tư vấn, đánh giá các đề tài khoa học cấp cơ sở và tự giải thể sau khi hoàn thành nhiệm vụ./."},
				AuthHead: "VIỆN TRƯỞNG", Signer: "Tăng Văn Hiếu",
				NoiNhan: []string{"- Như Điều 2;", portalShort, "- Lưu: VT, TH."},
				Portal:  true, CheckWords: []string{"45/QĐ-VCL", "Hội đồng khoa học"},
			})},
			L: Label{Kind: "publish", Category: "8.4", Timing: "admin_document", Unit: "vien-clkhpl", Target: "portal_editor", Language: "vi", Grounds: list("14.5")},
		},
	}
}
