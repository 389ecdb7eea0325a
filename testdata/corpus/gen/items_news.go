package main

func photos(seed int, names ...string) []Photo {
	var ps []Photo
	for i, n := range names {
		ps = append(ps, Photo{Name: n, W: 1024, H: 683, Seed: seed + i})
	}
	return ps
}

// itemsNews: news of events with photos, articles, research, English items, broken attachments.
func itemsNews() []*Item {
	p3, p6, p14 := pubByID(2954), pubByID(3012), pubByID(2702)
	return []*Item{
		{
			File: "040-cv-tep-pdf-hong.eml", Client: "outlook", Received: "2025-12-16T10:25:31+07:00",
			FromName: "Văn Thị Hồng", FromAddr: moj("vthong.hvtp"),
			Subject: "Công văn 95/HVTP-ĐT về lịch thi tốt nghiệp",
			Body: `Kính gửi Ban Biên tập,

Học viện Tư pháp gửi Công văn số 95/HVTP-ĐT ngày 16/12/2025 về lịch thi tốt nghiệp lớp đào tạo nghề công chứng khóa 26 để đăng tải.

{{sig}}`,
			Sub: sub(1, "Học viện Tư pháp", "Văn Thị Hồng", "Chuyên viên", taxCode("822491035"), "036190012478",
				"0971 338 540", "Số 9 Trần Vỹ, Hà Nội", none(), none()),
			Files: []Attachment{{Name: "CV 95-HVTP-DT.pdf", ContentType: "application/pdf",
				Data: []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n4 0 obj\n<< /Length 4096 /Filter /FlateDecode >>\nstream\nx\x9c\xed\x9d")}},
			L: Label{Kind: "publish", Category: "8.3", Timing: "admin_document", Unit: "hoc-vien-tp", Target: "portal_editor", Language: "vi", Grounds: list("14.5"),
				Note: "the PDF is truncated after the first bytes of a content stream (upload cut off): unreadable"},
		},
		{
			File: "041-tin-tep-word-rong.eml", Client: "gmail", Received: "2026-02-10T15:48:09+07:00",
			FromName: "Quan Văn Thịnh", FromAddr: "quanvanthinh.tp@gmail.com",
			Subject: "Tin bài Hội nghị tập huấn công tác bồi thường nhà nước",
			Body:    "Em gửi tin bài trong file đính kèm ạ.\n\n{{sig}}",
			Sub: sub(2, "Cục Đăng ký giao dịch bảo đảm và Bồi thường nhà nước", "Quan Văn Thịnh", "", "", "", "0396 225 781", "",
				list("tax_code", "citizen_id", "address"), none()),
			Files: []Attachment{{Name: "Tin hoi nghi BTNN.docx", ContentType: contentType("x.docx"), Data: []byte{}}},
			L: Label{Kind: "publish", Category: "8.3", Timing: "news_event", Unit: "cuc-dkgdbd-bt", Target: "portal_editor", Language: "vi", Grounds: list("14.5"),
				Note: "the only attachment is an empty (0-byte) .docx and the body has no content"},
		},
		{
			File: "050-tin-hoi-nghi-thads-nghe-an.eml", Client: "webmail", Received: "2025-11-21T17:10:44+07:00",
			FromName: "Phạm Hồng Nhung", FromAddr: moj("phnhung.thads"),
			Subject: "Tin: Hội nghị triển khai công tác thi hành án dân sự tại Nghệ An",
			Body: `Kính gửi Ban Biên tập Trang TTĐT Thi hành án dân sự,

HỘI NGHỊ TRIỂN KHAI GIẢI PHÁP THI HÀNH CÁC VỤ VIỆC TRỌNG ĐIỂM TẠI NGHỆ AN

Sáng ngày 21/11/2025, tại thành phố Vinh, Cục Quản lý Thi hành án dân sự phối hợp với Thi hành án dân sự tỉnh Nghệ An tổ chức Hội nghị triển khai giải pháp thi hành các vụ việc trọng điểm, có giá trị lớn.

Phát biểu tại Hội nghị, Phó Cục trưởng Lã Văn Chiến đề nghị các Chấp hành viên tập trung xác minh điều kiện thi hành án, phối hợp chặt chẽ với ngân hàng và cơ quan đăng ký đất đai để xử lý tài sản bảo đảm.

Kèm theo tin là 02 ảnh hoạt động.

{{sig}}`,
			Sub: sub(0, "Văn phòng Cục QLTHADS", "Phạm Hồng Nhung", "Chuyên viên", taxCode("823504618"), "040192004411",
				"0967 208 441", "Số 58 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Photos: photos(501, "DSC_4821.JPG", "DSC_4830.JPG"),
			L:      Label{Kind: "publish", Category: "8.3", Timing: "news_event", EventOn: "2025-11-21", Unit: "cuc-qlthads", Target: "component_site", Language: "vi"},
		},
		{
			File: "051-tin-tap-huan-ho-tich-da-dang.eml", Client: "gmail", Received: "2025-11-19T10:05:52+07:00",
			FromName: "Ngụy Thanh Tùng", FromAddr: "nguythanhtung.hctp@gmail.com",
			Subject: "Tin tập huấn hộ tịch 11/11",
			Body: `Kính gửi Ban Biên tập,

Em gửi lại tin Hội nghị tập huấn hộ tịch để đăng:

Ngày 11/11/2025, tại Hà Nội, Cục Hành chính tư pháp tổ chức Hội nghị tập huấn nghiệp vụ đăng ký, quản lý hộ tịch cho hơn 300 công chức tư pháp - hộ tịch cấp xã các tỉnh phía Bắc. Tại Hội nghị, các báo cáo viên đã hướng dẫn chi tiết quy trình đăng ký khai sinh, kết hôn trực tuyến, việc sử dụng phần mềm đăng ký hộ tịch điện tử dùng chung và giải đáp những vướng mắc trong thực tiễn.

{{sig}}`,
			Sub: sub(2, "Cục Hành chính tư pháp", "Ngụy Thanh Tùng", "Chuyên viên", "", "", "0335 612 980", "",
				list("tax_code", "citizen_id", "address"), none()),
			Photos: photos(511, "z6043118231_hoinghi.jpg"),
			L: Label{Kind: "publish", Category: "8.3", Timing: "news_event", EventOn: "2025-11-11", Unit: "cuc-hctp", Target: "portal_editor", Language: "vi",
				Grounds: list("14.4", "14.6"), DuplicateOf: p3.Link(),
				Note: "near-duplicate of a published item (a few words changed); the event was 6 working days before receipt"},
		},
		{
			File: "052-tin-thu-truong-lam-viec-dia-phuong.eml", Client: "mobile", Received: "2026-03-26T18:02:37+07:00",
			FromName: "Phóng viên Nguyễn Đăng Khoa", FromAddr: "dangkhoa.pv@icloud.com",
			Subject: "Tin Thứ trưởng làm việc tại Quảng Ngãi",
			Body: `Ban Biên tập ơi, em gửi tin chiều nay:

THỨ TRƯỞNG TRƯƠNG MINH ĐỨC LÀM VIỆC VỚI SỞ TƯ PHÁP TỈNH QUẢNG NGÃI

Chiều ngày 26/3/2026, Thứ trưởng Trương Minh Đức đã làm việc với Sở Tư pháp tỉnh Quảng Ngãi về tình hình triển khai công tác tư pháp sau sắp xếp đơn vị hành chính. Thứ trưởng ghi nhận những kết quả tích cực của Sở trong bảo đảm hoạt động đăng ký hộ tịch, chứng thực không bị gián đoạn, đồng thời đề nghị Sở tham mưu UBND tỉnh kiện toàn đội ngũ công chức tư pháp cấp xã.

Ảnh: Đăng Khoa

{{sig}}`,
			PlainOnly: true,
			Sub: sub(2, "Cổng TTĐT Bộ Tư pháp (phóng viên)", "Nguyễn Đăng Khoa", "Phóng viên", taxCode("824617203"), "046093001552",
				"0906 118 442", "Số 60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Photos: []Photo{{Name: "IMG_2291.jpeg", W: 1024, H: 768, Seed: 521, Inline: true}, {Name: "IMG_2295.jpeg", W: 1024, H: 768, Seed: 522, Inline: true}},
			L: Label{Kind: "publish", Category: "8.3", Timing: "news_event", EventOn: "2026-03-26", Unit: "van-phong-bo", Target: "portal_editor", Language: "vi",
				Note: "a Portal reporter's news from a phone, photos inline; received after office hours"},
		},
		{
			File: "053-tin-anh-qua-nho.eml", Client: "gmail", Received: "2026-01-16T11:20:05+07:00",
			FromName: "Sầm Thị Nguyệt", FromAddr: "samnguyet.pbgdpl@gmail.com",
			Subject: "Tin: Ra mắt mô hình Tủ sách pháp luật điện tử tại xã vùng cao",
			Body: `Kính gửi Ban Biên tập,

Ngày 15/01/2026, tại xã Bản Hồ, tỉnh Lào Cai, Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý phối hợp với Sở Tư pháp ra mắt mô hình Tủ sách pháp luật điện tử phục vụ đồng bào dân tộc thiểu số. Người dân có thể quét mã QR để nghe các văn bản pháp luật được đọc bằng tiếng dân tộc.

Ảnh gửi kèm.

{{sig}}`,
			Sub: sub(2, "Cục PBGDPL và TGPL", "Sầm Thị Nguyệt", "Chuyên viên", taxCode("825720491"), "010195003368",
				"0384 667 209", "Số 60 Trần Phú, Hà Nội", none(), none()),
			Photos: []Photo{{Name: "anh.jpg", W: 40, H: 30, Seed: 531}},
			L: Label{Kind: "publish", Category: "8.3", Timing: "news_event", EventOn: "2026-01-15", Unit: "cuc-pbgdpl", Target: "portal_editor", Language: "vi",
				Grounds: list("14.5"), Note: "the only photo is 40×30 pixels"},
		},
		{
			File: "054-tin-su-kien-gui-muon.eml", Client: "webmail", Received: "2026-03-06T09:00:18+07:00", Date: "2026-03-02T17:31:05+07:00",
			FromName: "Phan Thu Hằng", FromAddr: moj("pthang.ksthc"),
			Subject: "Tin Hội nghị trực tuyến về cải cách thủ tục hành chính",
			Body: `Kính gửi Ban Biên tập,

Cục Kiểm soát thủ tục hành chính gửi tin về Hội nghị trực tuyến ngày 02/3/2026:

Sáng ngày 02/3/2026, Cục Kiểm soát thủ tục hành chính tổ chức Hội nghị trực tuyến hướng dẫn các đơn vị thuộc Bộ cắt giảm, đơn giản hóa thủ tục hành chính năm 2026. Mục tiêu là cắt giảm ít nhất 30% thời gian giải quyết và 30% chi phí tuân thủ thủ tục hành chính thuộc phạm vi quản lý của Bộ.

{{sig}}`,
			Sub: sub(1, "Cục Kiểm soát thủ tục hành chính", "Phan Thu Hằng", "Chuyên viên", taxCode("801356022"), "034192008514",
				"0936 552 108", "Số 60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Photos: photos(541, "HN truc tuyen 1.jpg"),
			L: Label{Kind: "publish", Category: "8.3", Timing: "news_event", EventOn: "2026-03-02", Unit: "cuc-ksthc", Target: "portal_editor", Language: "vi",
				Grounds: list("14.6"), Note: "event Mon 02/03, received Fri 06/03: 4 working days later, deadline 1 (Điều 10 khoản 2); Date: header on the event day, server receipt four working days later"},
		},
		{
			File: "055-english-news-working-group.eml", Client: "outlook", Received: "2026-01-28T17:12:48+07:00",
			FromName: "Diệp Minh Khôi", FromAddr: moj("dmkhoi.htqt"),
			Subject: "English news for the English version: Fifth Joint Working Group meeting",
			Body: `Dear Editorial Board,

Please find below the English news item for the English version of the Portal.

FIFTH MEETING OF THE JOINT WORKING GROUP ON LEGAL COOPERATION

Ha Noi, 28 January 2026 - The Ministry of Justice of Viet Nam and its partner ministry held the fifth meeting of their Joint Working Group on legal cooperation in Ha Noi on 27 January 2026. The two sides adopted a cooperation programme for 2026-2028 focusing on training of legal officers, exchange of experience in lawmaking and mutual legal assistance.

Two photos are attached.

Best regards,

{{sig}}`,
			Sub: sub(0, "International Cooperation Department, Ministry of Justice", "Diep Minh Khoi", "Official", "", "",
				"+84 24 6273 9456", "60 Tran Phu, Ha Noi", list("tax_code", "citizen_id"), none()),
			Photos: photos(551, "JWG5_1.jpg", "JWG5_2.jpg"),
			L: Label{Kind: "publish", Category: "8.3", Timing: "news_event", EventOn: "2026-01-27", Unit: "vu-htqt", Target: "english_team", Language: "en",
				Note: "English item for the English version (Điều 21 khoản 6); event the day before receipt"},
		},
		{
			File: "056-english-press-release-iso-8859-1.eml", Client: "system", Charset: "iso-8859-1", Received: "2025-10-24T16:44:02+07:00",
			FromName: "Hélène Dupré", FromAddr: "helene.dupre@juriscoop.example.org",
			Cc:      []string{addr("Vụ Hợp tác quốc tế", moj("htqt"), "utf-8")},
			Subject: "Press release: seminar on judicial expertise, Hanoi, 23 October 2025",
			Body: `Dear Sir or Madam,

On behalf of the Juriscoop cooperation programme, I am pleased to send you our press release on the seminar "Judicial expertise in civil proceedings: French and Vietnamese perspectives", held in Hanoi on 23 October 2025 with the Department of Judicial Support of the Ministry of Justice.

PRESS RELEASE - Hanoi, 23 October 2025. Some 80 experts, lawyers and judges discussed the independence of court-appointed experts, the costs of expertise and the use of digital evidence. The seminar is part of the 2025 cooperation plan between the programme and the Ministry of Justice.

We would be grateful if the release could be published on the English page of the Ministry's portal.

Kind regards,

{{sig}}`,
			Sub: sub(0, "Juriscoop cooperation programme", "Hélène Dupré", "Programme officer", "", "",
				"+33 1 44 55 66 77", "", list("tax_code", "citizen_id", "address"), none()),
			Photos: photos(561, "seminaire_expertise.jpg"),
			L: Label{Kind: "publish", Category: "8.3", Timing: "news_event", EventOn: "2025-10-23", Unit: "cuc-bttp", Target: "english_team", Language: "en",
				Note: "ISO-8859-1 body and RFC 2047 From (é); a foreign sender without Vietnamese tax code or citizen ID"},
		},
		{
			File: "057-bai-nghien-cuu-tai-san-so.eml", Client: "thunderbird", Received: "2025-12-10T21:30:15+07:00",
			FromName: "TS. Giang Minh Triết", FromAddr: moj("gmtriet.vien"),
			Subject: "Bài nghiên cứu: Khung pháp lý về tài sản số - kinh nghiệm quốc tế và kiến nghị",
			Body: `Kính gửi Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp,

Tôi gửi bài nghiên cứu "Khung pháp lý về tài sản số: kinh nghiệm quốc tế và kiến nghị cho Việt Nam" (khoảng 6.500 chữ, file Word đính kèm) để đăng tại chuyên mục Nghiên cứu - Trao đổi. Bài viết phân tích khái niệm tài sản số trong Bộ luật Dân sự, so sánh quy định của Liên minh châu Âu (MiCA), Singapore, Nhật Bản và đề xuất sửa đổi Luật Công nghiệp công nghệ số.

Tôi đề nghị đăng trong tháng 12/2025 nếu được.

{{sig}}`,
			Sub: sub(1, "Viện Chiến lược và Khoa học pháp lý", "Giang Minh Triết", "Nghiên cứu viên chính", taxCode("826833517"), "001080009921",
				"0913 447 205", "Ngõ 84 Ngọc Khánh, phường Giảng Võ, Hà Nội", none(), none()),
			Articles: []*Doc{{File: "Khung phap ly ve tai san so - TS Giang Minh Triet.docx", Format: "docx", Plain: true,
				Summary: "KHUNG PHÁP LÝ VỀ TÀI SẢN SỐ: KINH NGHIỆM QUỐC TẾ VÀ KIẾN NGHỊ CHO VIỆT NAM", Signer: "TS. Giang Minh Triết - Viện Chiến lược và Khoa học pháp lý",
				Body: []string{"^1. Đặt vấn đề",
					"Sự phát triển nhanh chóng của công nghệ chuỗi khối đã làm xuất hiện những loại tài sản mới: tiền mã hóa, mã thông báo không thể thay thế (NFT), tài sản mã hóa đại diện cho quyền đối với tài sản thực. Bộ luật Dân sự năm 2015 định nghĩa tài sản gồm vật, tiền, giấy tờ có giá và quyền tài sản, nhưng chưa đề cập trực tiếp tài sản số.",
					"^2. Kinh nghiệm quốc tế",
					"Liên minh châu Âu ban hành Quy định về thị trường tài sản mã hóa (MiCA), phân loại tài sản mã hóa theo chức năng và đặt ra nghĩa vụ cấp phép đối với nhà cung cấp dịch vụ. Singapore điều chỉnh thông qua Luật Dịch vụ thanh toán; Nhật Bản sửa đổi Luật Dịch vụ thanh toán từ năm 2017 để công nhận tài sản mã hóa là phương tiện thanh toán.",
					"^3. Kiến nghị",
					"Thứ nhất, bổ sung khái niệm tài sản số vào Bộ luật Dân sự. Thứ hai, xác định rõ cơ quan quản lý nhà nước và cơ chế cấp phép. Thứ ba, quy định về đăng ký biện pháp bảo đảm bằng tài sản số và về thi hành án đối với tài sản số."}}},
			L: Label{Kind: "publish", Category: "8.4", Timing: "other", Unit: "vien-clkhpl", Target: "board_member", Language: "vi",
				Note: "complex in-depth research: the board member in charge reviews it (Điều 12 khoản 3); attachment is an article, not an official document"},
		},
		{
			File: "058-bai-trao-doi-luat-su-mst-sai.eml", Client: "gmail", Received: "2026-02-25T14:16:40+07:00",
			FromName: "Luật sư Ông Thị Ngân", FromAddr: "ongthingan.ls@gmail.com",
			Subject: "Gửi bài trao đổi về hòa giải thương mại",
			Body: `Kính gửi Ban Biên tập,

Tôi là luật sư thuộc Đoàn Luật sư thành phố Hà Nội, xin gửi bài viết "Hòa giải thương mại - lựa chọn hiệu quả cho doanh nghiệp nhỏ và vừa" để Ban Biên tập xem xét đăng tải tại mục Trao đổi nghiệp vụ.

Bài viết khoảng 2.000 chữ, chưa đăng ở đâu.

{{sig}}`,
			Sub: sub(3, "Công ty Luật TNHH Ví Dụ", "Ông Thị Ngân", "Luật sư", badTaxCode("010893462"), "001185027739",
				"0989 312 604", "Tầng 5, số 12 Trần Hưng Đạo, Hoàn Kiếm, Hà Nội", none(), list("tax_code")),
			Articles: []*Doc{{File: "Bai viet hoa giai thuong mai - LS Ong Thi Ngan.docx", Format: "docx", Plain: true,
				Summary: "HÒA GIẢI THƯƠNG MẠI - LỰA CHỌN HIỆU QUẢ CHO DOANH NGHIỆP NHỎ VÀ VỪA", Signer: "Luật sư Ông Thị Ngân",
				Body: []string{"Tranh chấp thương mại giữa các doanh nghiệp nhỏ và vừa thường có giá trị không lớn nhưng kéo dài, làm phát sinh chi phí đáng kể. Nghị định số 22/2017/NĐ-CP về hòa giải thương mại đã tạo hành lang pháp lý cho phương thức giải quyết tranh chấp linh hoạt, bảo mật và tiết kiệm.",
					"Thực tiễn cho thấy số vụ việc được giải quyết bằng hòa giải thương mại còn khiêm tốn. Nguyên nhân chủ yếu là doanh nghiệp chưa hiểu rõ giá trị pháp lý của kết quả hòa giải thành và cơ chế công nhận tại Tòa án.",
					"Tác giả kiến nghị tăng cường phổ biến pháp luật về hòa giải thương mại, khuyến khích đưa điều khoản hòa giải vào hợp đồng mẫu và phát triển đội ngũ hòa giải viên có chuyên môn sâu."}}},
			L: Label{Kind: "publish", Category: "8.4", Timing: "other", Unit: "cuc-bttp", Target: "portal_editor", Language: "vi",
				Note: "tax code has a wrong check digit; the article is in a DOCX (not an official document)"},
		},
		{
			File: "059-bai-tro-giup-phap-ly-gui-lai-da-dang.eml", Client: "gmail", Received: "2026-01-07T08:55:21+07:00",
			FromName: "Thái Văn Lâm", FromAddr: "thaivanlam.tgpl@gmail.com",
			Subject: "Bài viết về trợ giúp pháp lý trong tố tụng tại Cà Mau",
			Body: `Kính gửi Ban Biên tập,

Tôi xin gửi bài viết sau để đăng tải:

TRỢ GIÚP PHÁP LÝ TRONG TỐ TỤNG: KINH NGHIỆM TỪ TỈNH CÀ MAU

Những năm qua, Trung tâm Trợ giúp pháp lý nhà nước tỉnh Cà Mau đã trở thành điểm sáng trong việc tham gia tố tụng. Bài viết phân tích kết quả thực hiện, nguyên nhân thành công và đề xuất giải pháp nhân rộng: ưu tiên bố trí trợ giúp viên pháp lý có kinh nghiệm cho vụ việc phức tạp, phối hợp chặt chẽ với cơ quan tiến hành tố tụng ngay từ giai đoạn điều tra, và đánh giá chất lượng vụ việc theo bộ tiêu chí thống nhất.

{{sig}}`,
			Sub: sub(1, "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Cà Mau", "Thái Văn Lâm", "Trợ giúp viên pháp lý", taxCode("200118354"), "096082000814",
				"0290 3831 246", "Số 5 đường Lưu Tấn Tài, phường An Xuyên, tỉnh Cà Mau", none(), none()),
			L: Label{Kind: "publish", Category: "8.4", Timing: "other", Unit: "cuc-pbgdpl", Target: "portal_editor", Language: "vi",
				Grounds: list("14.4"), DuplicateOf: p6.Link(), Note: "the article was already posted on 05/12/2025 (text identical)"},
		},
		{
			File: "060-bai-dang-ky-bien-phap-bao-dam-sua-nho.eml", Client: "outlook", Received: "2025-07-02T09:41:07+07:00",
			FromName: "Trịnh Quốc Bảo", FromAddr: moj("tqbao.dkgdbd"),
			Subject: "Bài nghiên cứu hoàn thiện pháp luật đăng ký biện pháp bảo đảm (bản sửa)",
			Body: `Kính gửi Ban Biên tập,

Tôi gửi bản sửa của bài nghiên cứu để thay thế:

MỘT SỐ VẤN ĐỀ VỀ HOÀN THIỆN PHÁP LUẬT ĐĂNG KÝ BIỆN PHÁP BẢO ĐẢM

Đăng ký biện pháp bảo đảm là công cụ quan trọng bảo vệ quyền của bên nhận bảo đảm. Bài viết phân tích những bất cập của quy định hiện hành về hiệu lực đối kháng, về đăng ký trực tuyến và về cơ sở dữ liệu dùng chung, từ đó kiến nghị hoàn thiện Nghị định số 99/2022/NĐ-CP theo hướng số hóa toàn trình, kết nối dữ liệu đất đai và thống nhất một đầu mối tra cứu thông tin.

{{sig}}`,
			Sub: sub(2, "Cục Đăng ký giao dịch bảo đảm và Bồi thường nhà nước", "Trịnh Quốc Bảo", "Chuyên viên",
				"036085001927", "036085001927", "0983 210 574", "58-60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			L: Label{Kind: "publish", Category: "8.4", Timing: "other", Unit: "cuc-dkgdbd-bt", Target: "board_member", Language: "vi",
				Grounds: list("14.4"), DuplicateOf: p14.Link(), Note: "a revised copy of a research article already posted on 25/06/2025 (two words added)"},
		},
		{
			File: "061-bai-tap-chi-boi-thuong-nha-nuoc.eml", Client: "outlook", Received: "2026-04-21T10:37:55+07:00",
			FromName: "Kim Ngọc Bích", FromAddr: moj("kimngocbich.tcdcpl"),
			Subject: "Tạp chí DCPL gửi bài chuyên sâu về trách nhiệm bồi thường của Nhà nước",
			Body: `Kính gửi Ban Biên tập Cổng TTĐT Bộ Tư pháp,

Tạp chí Dân chủ và Pháp luật trân trọng gửi bài nghiên cứu chuyên sâu "Trách nhiệm bồi thường của Nhà nước trong hoạt động tố tụng hình sự - những vấn đề lý luận và thực tiễn" của tác giả PGS.TS. Hạ Văn Tuyên để Cổng đăng tải tại mục Nghiên cứu - Trao đổi (bài đã đăng trên Tạp chí số 4/2026, Tạp chí đồng ý để Cổng đăng lại có trích nguồn).

{{sig}}`,
			Sub: sub(3, "Tạp chí Dân chủ và Pháp luật", "Kim Ngọc Bích", "Biên tập viên", taxCode("819163027"), "022188006730",
				"0356 774 120", "Số 60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			L: Label{Kind: "publish", Category: "8.4", Timing: "other", Unit: "tap-chi-dcpl", Target: "board_member", Language: "vi"},
		},
		{
			File: "062-tin-giai-bong-ban-cong-doan.eml", Client: "gmail", Received: "2026-03-28T12:05:33+07:00",
			FromName: "Công đoàn Bộ Tư pháp", FromAddr: "congdoanbotuphap@gmail.com",
			Subject: "Tin và ảnh Giải bóng bàn Công đoàn Bộ Tư pháp năm 2026",
			Body: `Kính gửi Ban Biên tập,

Sáng ngày 28/3/2026, Công đoàn Bộ Tư pháp tổ chức Giải bóng bàn chào mừng kỷ niệm 95 năm Ngày thành lập Đoàn TNCS Hồ Chí Minh với sự tham gia của 64 vận động viên đến từ 18 công đoàn bộ phận. Giải đấu diễn ra sôi nổi, đoàn kết.

{{sig}}`,
			Sub: sub(2, "Công đoàn Bộ Tư pháp", "Vương Thị Thu Hà", "Ủy viên Ban Thường vụ", taxCode("827946073"), "001187033946",
				"0946 551 083", "60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Photos: photos(621, "bongban_01.jpg", "bongban_02.jpg", "bongban_03.jpg"),
			L: Label{Kind: "publish", Category: "8.5", Timing: "news_event", EventOn: "2026-03-28", Unit: "van-phong-bo", Target: "portal_editor", Language: "vi",
				Note: "received on a Saturday, the day of the event"},
		},
		{
			File: "063-tin-hien-mau-doan-thanh-nien.eml", Client: "webmail", Received: "2025-12-12T15:33:12+07:00",
			FromName: "Đoàn Thanh niên Bộ Tư pháp", FromAddr: moj("doanthanhnien"),
			Subject: "Tin: Ngày hội hiến máu tình nguyện \"Giọt hồng Tư pháp\" 2025",
			Body: `Kính gửi Ban Biên tập,

Ngày 12/12/2025, Đoàn Thanh niên Bộ Tư pháp phối hợp với Viện Huyết học - Truyền máu Trung ương tổ chức Ngày hội hiến máu tình nguyện "Giọt hồng Tư pháp" năm 2025, thu được 215 đơn vị máu.

{{sig}}`,
			Sub: sub(1, "Đoàn Thanh niên Bộ Tư pháp", "Hầu Minh Tiến", "Phó Bí thư Đoàn", taxCode("828059431"), "001096008817",
				"0328 846 512", "60 Trần Phú, Ba Đình, Hà Nội", none(), none()),
			Photos: photos(631, "hienmau-1.jpg", "hienmau-2.jpg"),
			L:      Label{Kind: "publish", Category: "8.5", Timing: "news_event", EventOn: "2025-12-12", Unit: "van-phong-bo", Target: "portal_editor", Language: "vi"},
		},
		{
			File: "064-english-legal-aid-statistics.eml", Client: "gmail", Received: "2025-09-05T09:18:26+07:00",
			FromName: "Khoi Diep", FromAddr: "khoidiep.htqt@gmail.com",
			Subject: "For the English page: Legal aid in the first eight months of 2025",
			Body: `Dear colleagues,

Please post the following article on the English page:

LEGAL AID IN THE FIRST EIGHT MONTHS OF 2025

In the first eight months of 2025, state legal aid centres nationwide handled 31,560 cases, including 19,870 cases of representation before the courts. The Ministry of Justice continues to promote legal aid for ethnic minorities and people in remote areas.

Thanks,

{{sig}}`,
			Sub: sub(2, "International Cooperation Department", "Diep Minh Khoi", "", "", "", "0394 227 615", "",
				list("tax_code", "citizen_id", "address"), none()),
			L: Label{Kind: "publish", Category: "8.3", Timing: "other", Unit: "cuc-pbgdpl", Target: "english_team", Language: "en"},
		},
		{
			File: "065-bo-anh-tu-phap-vung-cao.eml", Client: "thunderbird", Received: "2026-04-27T16:22:10+07:00",
			FromName: "Hoàng Anh Vũ", FromAddr: "hoanganhvu.photo@outlook.com",
			Subject: "Bộ ảnh \"Tư pháp cơ sở vùng cao\" gửi Cổng",
			Body: `Kính gửi Ban Biên tập,

Tôi là cộng tác viên ảnh, xin gửi bộ ảnh "Tư pháp cơ sở vùng cao" chụp tại các xã biên giới tỉnh Hà Giang cũ (nay thuộc tỉnh Tuyên Quang) trong tháng 3/2026, ghi lại hoạt động của công chức tư pháp - hộ tịch đến từng bản làng. Tôi đồng ý để Cổng sử dụng miễn phí, ghi tên tác giả.

{{sig}}`,
			Sub: sub(1, "", "Hoàng Anh Vũ", "", "008088002714", "008088002714", "0965 207 318", "Tổ 3, phường Hà Giang 1, tỉnh Tuyên Quang",
				list("organization"), none()),
			Photos: photos(651, "TPCS_vungcao_01.jpg", "TPCS_vungcao_02.jpg", "TPCS_vungcao_03.jpg", "TPCS_vungcao_04.jpg"),
			L: Label{Kind: "publish", Category: "8.5", Timing: "other", Unit: "cuc-hctp", Target: "portal_editor", Language: "vi",
				Note: "a private photographer: no organisation; tax code given as the 12-digit ID; received on the compensatory day off 27/04/2026"},
		},
		{
			File: "066-bao-plvn-tong-hop-tin-bai.eml", Client: "outlook", Received: "2025-05-01T08:05:47+07:00",
			FromName: "Ban Thư ký tòa soạn Báo PLVN", FromAddr: moj("thukytoasoan.bplvn"),
			Subject: "Báo PLVN gửi tin, bài tổng hợp tuần 21-27/4/2025",
			Body: `Kính gửi Ban Biên tập Cổng TTĐT Bộ Tư pháp,

Báo Pháp luật Việt Nam gửi tổng hợp 05 tin, bài nổi bật trong tuần để Cổng xem xét dẫn lại tại chuyên mục Tin tức tư pháp:

1. Sửa đổi Luật Luật sư: mở rộng quyền tiếp cận hồ sơ vụ án của luật sư.
2. Thừa phát lại sau 5 năm thực hiện xã hội hóa.
3. Đấu giá tài sản trực tuyến: minh bạch, tránh thông đồng, dìm giá.
4. Giám định tư pháp: khắc phục tình trạng chậm trễ trong giám định.
5. Hỏi - đáp pháp luật về đăng ký kết hôn có yếu tố nước ngoài.

{{sig}}`,
			Sub: sub(0, "Báo Pháp luật Việt Nam", "Yên Thị Lan Hương", "Thư ký tòa soạn", taxCode("820276583"), "",
				"0918 603 227", "Số 42 Tràng Thi, Hoàn Kiếm, Hà Nội", list("citizen_id"), none()),
			L: Label{Kind: "publish", Category: "8.3", Timing: "other", Unit: "bao-plvn", Target: "portal_editor", Language: "vi",
				Note: "received on a public holiday (01/05/2025)"},
		},
	}
}
