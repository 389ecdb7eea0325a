package main

import (
	"fmt"
	"strings"
	"time"
)

// boardMsgID is a Message-ID of a mail the Board's software sent (supplement request).
func boardMsgID(date string, n int) string {
	return fmt.Sprintf("<%s.%06d.bosung@tiepnhan.moj.gov.vn>", strings.ReplaceAll(date, "-", ""), n)
}

func replyHeaders(id string) [][2]string {
	return [][2]string{{"In-Reply-To", id}, {"References", id}}
}

func quoteRequest(ticket, when string) string {
	return fmt.Sprintf(`

Vào %s, Ban Biên tập Cổng TTĐT Bộ Tư pháp <%s> đã viết:
> Kính gửi Quý đơn vị/cá nhân,
> Ban Biên tập đã tiếp nhận thông tin gửi đăng tải (mã %s). Theo khoản 3 Điều 9 Quy chế
> ban hành kèm theo Quyết định số 1319/QĐ-BTP, đề nghị bổ sung các thông tin còn thiếu hoặc
> chưa chính xác của người gửi trong vòng 01 ngày làm việc.
> Trân trọng./.`, when, board, ticket)
}

// dsn builds a delivery status notification (RFC 3464) for a Board mail that bounced.
func dsn(mta, from, rcpt, status, diag, origID, origSubject string) func(it *Item) []byte {
	return func(it *Item) []byte {
		r := rng(it.File)
		rec := mustTime(it.Received).In(hcm)
		b := "----=_bounce_" + alnum(r, 16)
		var s strings.Builder
		fmt.Fprintf(&s, "Received: from mta1.moj.gov.vn (mta1.moj.gov.vn [192.0.2.21])\n\tby mail.moj.gov.vn (Postfix) with ESMTP id %s\n\tfor <%s>; %s (+07)\n", strings.ToUpper(hexN(r, 10)), board, rfcDate(rec, true))
		if mta == "google" {
			fmt.Fprintf(&s, "Received: from mail-sor-f69.google.com (mail-sor-f69.google.com [198.51.100.69])\n\tby mta1.moj.gov.vn (Postfix) with ESMTPS id %s\n\tfor <%s>; %s (+07)\n", strings.ToUpper(hexN(r, 10)), board, rfcDate(rec.Add(-time.Second), true))
			fmt.Fprintf(&s, "Received: by mail-sor-f69.google.com with SMTP id %s\n        for <%s>; %s (PST)\n", hexN(r, 14), board, rec.Add(-3*time.Second).In(time.FixedZone("PST", -8*3600)).Format("Mon, 02 Jan 2006 15:04:05 -0700"))
			fmt.Fprintf(&s, "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\nTo: %s\n", board)
		} else {
			fmt.Fprintf(&s, "Received: by mta1.moj.gov.vn (Postfix)\n\tid %s; %s (+07)\n", strings.ToUpper(hexN(r, 10)), rfcDate(rec.Add(-time.Second), true))
			fmt.Fprintf(&s, "From: MAILER-DAEMON@mta1.moj.gov.vn (Mail Delivery System)\nTo: %s\n", board)
		}
		fmt.Fprintf(&s, "Subject: %s\nDate: %s\nMessage-ID: <%s.%s@%s>\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n",
			it.Subject, rfcDate(rec.Add(-2*time.Second), false), rec.Format("20060102150405"), hexN(r, 8), map[bool]string{true: "mx.google.com", false: "mta1.moj.gov.vn"}[mta == "google"])
		fmt.Fprintf(&s, "Content-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"%s\"\n\nThis is a MIME-encapsulated message.\n\n--%s\n", b, b)
		fmt.Fprintf(&s, "Content-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\n%s\n\n--%s\n", it.Body, b)
		fmt.Fprintf(&s, "Content-Description: Delivery report\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; %s\nArrival-Date: %s\n\nFinal-Recipient: rfc822; %s\nOriginal-Recipient: rfc822;%s\nAction: failed\nStatus: %s\nDiagnostic-Code: smtp; %s\n\n--%s\n",
			map[bool]string{true: "googlemail.com", false: "mta1.moj.gov.vn"}[mta == "google"], rfcDate(rec.Add(-5*time.Second), false), rcpt, rcpt, status, diag, b)
		fmt.Fprintf(&s, "Content-Description: Undelivered Message Headers\nContent-Type: text/rfc822-headers\n\nFrom: Ban Bien tap Cong TTDT Bo Tu phap <%s>\nTo: <%s>\nSubject: %s\nMessage-ID: %s\nDate: %s\n\n--%s--\n",
			board, rcpt, word(origSubject, "utf-8", false), origID, rfcDate(rec.Add(-8*time.Second), false), b)
		_ = from
		return []byte(s.String())
	}
}

// itemsOther: queries (Điều 11 khoản 1), complaints (Điều 15), replies (Điều 11 khoản 2),
// auto-replies and unrelated mail.
func itemsOther() []*Item {
	p2, p8, p6, p16, p17 := pubByID(3188), pubByID(2760), pubByID(3012), pubByID(3135), pubByID(3201)
	q := func(file, client, received, name, from, subject, body, unit, lang, note string) *Item {
		return &Item{File: file, Client: client, Received: received, FromName: name, FromAddr: from, Subject: subject, Body: body,
			L: Label{Kind: "query", Unit: unit, Target: "unit", Language: lang, Note: note}}
	}
	items := []*Item{
		q("070-hoi-phieu-ly-lich-tu-phap-khong-dau.eml", "gmail", "2026-02-19T21:47:12+07:00", "Nguyen Van Hau", "nguyenvanhau1998@gmail.com",
			"hoi ve phieu ly lich tu phap so 2",
			"Kinh gui Ban bien tap,\n\nToi ten la Nguyen Van Hau, sinh nam 1998, que o Nghe An. Toi sap di xuat khau lao dong sang Nhat Ban, cong ty yeu cau phieu ly lich tu phap so 2. Cho toi hoi toi co the lam tren VNeID duoc khong, mat bao nhieu ngay va le phi bao nhieu?\n\nToi cam on.\nSDT: 0987 654 321",
			"cuc-hctp", "vi", "written without diacritics, as often typed on a phone"),
		q("071-hoi-khai-sinh-con-sinh-o-nuoc-ngoai.eml", "yahoo", "2025-09-01T10:31:40+07:00", "Trương Thị Mỹ Lệ", "mylet.truong@yahoo.com",
			"Hỏi thủ tục đăng ký khai sinh cho con sinh ở Hàn Quốc",
			"Kính gửi Ban Biên tập Cổng thông tin Bộ Tư pháp,\n\nTôi và chồng là công dân Việt Nam, con chúng tôi sinh năm 2024 tại Hàn Quốc và đã có giấy khai sinh của Hàn Quốc. Nay về nước sinh sống, xin hỏi chúng tôi làm thủ tục ghi vào sổ hộ tịch việc khai sinh ở đâu, cần giấy tờ gì, có phải hợp pháp hóa lãnh sự giấy khai sinh không?\n\nXin chân thành cảm ơn!\nTrương Thị Mỹ Lệ",
			"cuc-hctp", "vi", ""),
		q("072-hoi-tro-giup-phap-ly-nguoi-khuyet-tat.eml", "gmail", "2025-06-03T07:12:55+07:00", "Lâm Thị Hoa", "lamthihoa.bg@gmail.com",
			"Xin hỏi về trợ giúp pháp lý miễn phí",
			"Chào Ban Biên tập,\n\nCon trai tôi bị khuyết tật nặng, đang bị kiện đòi bồi thường do va chạm giao thông. Gia đình tôi thuộc hộ cận nghèo ở xã Tân Lập, tỉnh Bắc Ninh. Xin hỏi con tôi có được trợ giúp pháp lý miễn phí không và tôi cần đến đâu để yêu cầu?\n\nCảm ơn Ban Biên tập.",
			"cuc-pbgdpl", "vi", ""),
		q("073-hoi-cong-chung-hop-dong-tai-nha.eml", "outlook", "2025-10-14T12:20:09+07:00", "Đặng Quốc Việt", "dangquocviet79@outlook.com",
			"Công chứng hợp đồng mua bán nhà ngoài trụ sở",
			"Kính gửi Bộ Tư pháp,\n\nBố tôi 86 tuổi, nằm liệt giường, muốn lập hợp đồng tặng cho nhà đất cho con cháu. Xin hỏi công chứng viên có được đến nhà để công chứng không, phí có khác không? Nếu văn phòng công chứng từ chối thì tôi phản ánh với cơ quan nào?\n\nTrân trọng,\nĐặng Quốc Việt",
			"cuc-bttp", "vi", ""),
		q("074-don-thi-hanh-an-cham.eml", "gmail", "2026-03-18T09:45:31+07:00", "Hồ Văn Thanh", "hovanthanh.dn@gmail.com",
			"Khiếu nại việc chậm thi hành bản án",
			"Kính gửi Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp,\n\nTôi là người được thi hành án theo Bản án dân sự phúc thẩm số 112/2024/DS-PT về đòi nợ 850 triệu đồng. Tôi đã nộp đơn yêu cầu thi hành án từ tháng 8/2024 tại Thi hành án dân sự thành phố Đà Nẵng nhưng đến nay chưa được thi hành, dù người phải thi hành án có nhà đất. Đề nghị Bộ Tư pháp xem xét, chỉ đạo giải quyết.\n\nHồ Văn Thanh\nĐiện thoại: 0905 118 226",
			"cuc-qlthads", "vi", "called a complaint by the sender, but it concerns a judgment, not Portal content: a query for the unit, not Điều 15"),
		q("075-english-question-nationality.eml", "gmail", "2025-11-27T22:05:43+07:00", "Kevin Tran", "kevin.tran.sj@gmail.com",
			"Question about regaining Vietnamese nationality",
			"Hello,\n\nI was born in Saigon in 1975 and became a US citizen in 1995. I would like to regain Vietnamese nationality while keeping my US citizenship. Could you tell me which office handles the application, what documents are required and how long it takes?\n\nThank you very much,\nKevin Tran\nSan Jose, California",
			"cuc-hctp", "en", "English query: routed to the unit, not to the English team (not for posting)"),
		q("076-hoi-tai-khoan-dang-ky-truc-tuyen-ngan-hang.eml", "outlook", "2026-01-22T14:55:02+07:00", "Phí Thanh Loan", "loan.pt@vidubank.example.vn",
			"Vướng mắc cấp tài khoản đăng ký giao dịch bảo đảm trực tuyến",
			"Kính gửi Ban Biên tập,\n\nNgân hàng chúng tôi đã nộp hồ sơ đề nghị cấp tài khoản đăng ký trực tuyến chính thức từ ngày 05/01/2026 nhưng chưa nhận được phản hồi. Xin Ban Biên tập chuyển giúp đơn vị phụ trách để được hướng dẫn.\n\nPhí Thanh Loan\nPhòng Pháp chế - Ngân hàng TMCP Ví Dụ",
			"cuc-dkgdbd-bt", "vi", ""),
		q("077-hoi-boi-thuong-oan-sai.eml", "yahoo", "2025-09-09T16:40:20+07:00", "Lưu Văn Đức", "luuvanduc62@yahoo.com",
			"Hỏi về yêu cầu bồi thường do bị tạm giữ trái pháp luật",
			"Kính gửi Ban Biên tập,\n\nNăm 2023 tôi bị tạm giữ 7 ngày, sau đó cơ quan điều tra đình chỉ vì không có hành vi phạm tội. Xin hỏi tôi có quyền yêu cầu Nhà nước bồi thường không, gửi đơn cho cơ quan nào và thời hiệu là bao lâu?\n\nLưu Văn Đức",
			"cuc-dkgdbd-bt", "vi", ""),
		q("078-hoi-muc-phat-vi-pham-hanh-chinh.eml", "thunderbird", "2026-04-16T11:02:48+07:00", "Tống Minh Hải", "tongminhhai@fpt.example.vn",
			"Thẩm quyền xử phạt của Chủ tịch UBND xã sau sắp xếp",
			"Kính gửi Ban Biên tập,\n\nSau khi sắp xếp đơn vị hành chính, không còn cấp huyện. Xin hỏi các quyết định xử phạt vi phạm hành chính trước đây thuộc thẩm quyền Chủ tịch UBND huyện nay do ai ban hành? Có văn bản nào hướng dẫn không?\n\nTrân trọng.\nTống Minh Hải - công chức xã",
			"cuc-plhs-hc", "vi", ""),
		q("079-khong-dang-nhap-duoc-dich-vu-cong.eml", "gmail", "2025-12-29T08:12:30+07:00", "Mai Thùy Dương", "maithuyduong.hn@gmail.com",
			"Không đăng nhập được hệ thống dịch vụ công của Bộ Tư pháp",
			"Chào anh chị,\n\nTừ hôm qua em không đăng nhập được vào Cổng dịch vụ công trực tuyến của Bộ Tư pháp bằng tài khoản VNeID, hệ thống báo lỗi \"Phiên đăng nhập không hợp lệ\". Em cần nộp hồ sơ cấp phiếu lý lịch tư pháp gấp. Mong anh chị hỗ trợ.\n\nEm cảm ơn.",
			"cuc-cntt", "vi", "a request for technical support, not for posting"),
	}
	c := func(file, client, received, name, from, subject, body, about, lang, note string) *Item {
		return &Item{File: file, Client: client, Received: received, FromName: name, FromAddr: from, Subject: subject, Body: body,
			L: Label{Kind: "complaint", Target: "standing_board", Language: lang, ComplaintAbout: about, Note: note}}
	}
	items = append(items,
		c("081-phan-anh-sai-ten-chuc-danh.eml", "outlook", "2026-03-21T08:40:15+07:00", "Sở Tư pháp tỉnh Thanh Hóa", "stp@thanhhoa.example.gov.vn",
			"Đề nghị đính chính tin bài đăng ngày 20/3/2026",
			"Kính gửi Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp,\n\nNgày 20/3/2026, Cổng đăng tin \"Thứ trưởng Ngô Quang Hiển làm việc với Sở Tư pháp tỉnh Thanh Hóa\" ("+p2.Link()+"). Tin bài ghi \"Tiếp đoàn có ông Lê Văn Tùng, Giám đốc Sở Tư pháp\" là không chính xác: ông Lê Văn Tùng là Phó Giám đốc Sở, người tiếp đoàn là bà Nguyễn Thị Hạnh, Giám đốc Sở.\n\nĐề nghị Ban Biên tập đính chính thông tin trên.\n\nTrân trọng.\nVăn phòng Sở Tư pháp tỉnh Thanh Hóa",
			p2.Link(), "vi", "inaccurate content of a posted item (Điều 15 khoản 3)"),
		c("082-phan-anh-so-lieu-thads-khong-dung.eml", "webmail", "2025-07-17T14:22:36+07:00", "Phạm Hồng Nhung", moj("phnhung.thads"),
			"Phản ánh số liệu trong tin Thi hành án dân sự 6 tháng đầu năm 2025",
			"Kính gửi Ban Biên tập,\n\nTin \"Thi hành án dân sự 6 tháng đầu năm 2025: nhiều chỉ tiêu tăng so với cùng kỳ\" đăng ngày 16/7/2025 có số liệu về tiền chưa đúng: số tiền thi hành xong là 61.200 tỷ đồng nhưng tỷ lệ về tiền chưa được cập nhật theo báo cáo chính thức đã điều chỉnh ngày 16/7. Đề nghị Ban Biên tập tạm gỡ tin để Cục rà soát, gửi lại số liệu chính xác.\n\nPhạm Hồng Nhung\nVăn phòng Cục QLTHADS",
			p8.Link(), "vi", "a unit asks for a temporary takedown to verify figures"),
		c("083-tranh-chap-ban-quyen-bai-viet.eml", "gmail", "2025-12-08T10:05:57+07:00", "ThS. Khương Thị Duyên", "khuongduyen.luat@gmail.com",
			"Khiếu nại bài viết vi phạm quyền tác giả trên Cổng TTĐT Bộ Tư pháp",
			"Kính gửi Ban Biên tập,\n\nTôi là tác giả bài \"Nâng cao chất lượng trợ giúp pháp lý trong tố tụng ở Đồng bằng sông Cửu Long\" đăng trên Tạp chí Nghề Luật số 3/2025. Bài \"Trợ giúp pháp lý trong tố tụng: kinh nghiệm từ tỉnh Cà Mau\" đăng trên Cổng ngày 05/12/2025 ("+p6.Link()+") sử dụng nguyên văn khoảng hai phần ba nội dung bài của tôi mà không trích dẫn nguồn.\n\nĐề nghị Ban Biên tập gỡ bỏ bài viết và phản hồi bằng văn bản. Tôi gửi kèm bản chụp bài gốc để đối chiếu (sẽ gửi qua bưu điện).\n\nKhương Thị Duyên",
			p6.Link(), "vi", "copyright dispute: permanent takedown may follow (Điều 15 khoản 3)"),
		c("084-english-photo-copyright.eml", "thunderbird", "2026-01-23T03:12:44+07:00", "Marco Bellini", "marco.bellini@photo.example.it",
			"Unauthorised use of my photograph on moj.gov.vn",
			"Dear Editor,\n\nThe article \"Ministry of Justice reviews legal aid work in 2025\" published on 20 January 2026 ("+p16.Link()+") uses my photograph of a rural mediation session in Lao Cai without licence or credit. I hold the copyright (registered 2023). Please remove the photograph or contact me to agree a licence.\n\nRegards,\nMarco Bellini\nFreelance photographer, Milan",
			p16.Link(), "en", "English copyright complaint about a photo; sent at night"),
		c("085-van-phong-cong-chung-phan-anh-sai-su-that.eml", "outlook", "2026-03-26T09:30:08+07:00", "Văn phòng công chứng Ví Dụ", "vpcc.vidu@example.vn",
			"Phản ánh thông tin sai sự thật về Văn phòng công chứng Ví Dụ",
			"Kính gửi Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp,\n\nTin \"Tăng cường kiểm tra tổ chức hành nghề công chứng\" đăng ngày 25/3/2026 nêu Văn phòng công chứng Ví Dụ bị xử phạt vì lưu trữ hồ sơ không đúng quy định. Thông tin này không đúng sự thật: Văn phòng chúng tôi không bị xử phạt trong đợt kiểm tra quý I/2026 (kết luận kiểm tra số 14/KL-STP kèm theo). Đề nghị gỡ bỏ và cải chính.\n\nTrưởng Văn phòng\nCông chứng viên Bạch Văn Tín",
			p17.Link(), "vi", "untrue content affecting a named office"),
	)
	r := func(file, client, received, name, from, subject, body, id, replyTo, unit, target, note string) *Item {
		return &Item{File: file, Client: client, Received: received, FromName: name, FromAddr: from, Subject: subject, Body: body,
			Headers: replyHeaders(id), L: Label{Kind: "reply", Unit: unit, Target: target, Language: "vi", ReplyToItem: replyTo, Note: note}}
	}
	items = append(items,
		r("086-tra-loi-bo-sung-mst-cccd.eml", "webmail", "2026-03-05T08:35:20+07:00", "Lương Văn Tuấn", moj("lvtuan"),
			"Re: [BBT-2026-000412] Đề nghị bổ sung thông tin người gửi - Công văn 312/HCTP-HT",
			"Kính gửi Ban Biên tập,\n\nTôi xin bổ sung thông tin:\n- Mã số thuế: "+taxCode("816825374")+"\n- Số CCCD: 035083002281\n\nTrân trọng.\nLương Văn Tuấn"+quoteRequest("BBT-2026-000412", "16:02 Th 4, 04/03/2026"),
			boardMsgID("2026-03-04", 412), "002-cv-lien-thong-khai-sinh-hctp.eml", "cuc-hctp", "portal_editor", "supplies the tax code and citizen ID missing in 002"),
		r("087-tra-loi-bo-sung-dia-chi-gmail.eml", "gmail", "2026-03-17T13:02:44+07:00", "Tạ Minh Châu", "taminhchau.pbgdpl@gmail.com",
			"Re: [BBT-2026-000498] Đề nghị bổ sung thông tin người gửi",
			"Dạ em gửi bổ sung ạ:\nCCCD: 031195004472\nĐịa chỉ liên hệ: Cục PBGDPL và TGPL, số 60 Trần Phú, phường Ba Đình, Hà Nội\n\nEm cảm ơn ạ."+quoteRequest("BBT-2026-000498", "10:15, Th 3, 17 thg 3, 2026"),
			boardMsgID("2026-03-17", 498), "007-kh-tap-huan-hoa-giai-co-so.eml", "cuc-pbgdpl", "portal_editor", "Gmail reply quoting the request"),
		r("088-tra-loi-tu-dien-thoai.eml", "mobile", "2026-04-02T11:48:03+07:00", "Đinh Thị Hoa", moj("dthoa.vp"),
			"Re: [BBT-2026-000566] Đề nghị bổ sung thông tin người gửi",
			"MST "+taxCode("813590264")+", CCCD 030190008821, đ/c 60 Trần Phú. Bản PDF giấy mời em gửi sau nhé.\n\nGửi từ iPhone của tôi",
			boardMsgID("2026-04-02", 566), "029-gm-hop-bao-anh-chup.eml", "van-phong-bo", "portal_editor", "terse reply from a phone"),
		r("089-tra-loi-sua-cccd-11-so.eml", "thunderbird", "2025-12-19T15:20:31+07:00", "Thân Văn Khoa", "thanvankhoa@yahoo.com.vn",
			"Re: [BBT-2025-002215] Đề nghị bổ sung, điều chỉnh thông tin người gửi",
			"Kính gửi Ban Biên tập,\n\nTôi xin đính chính số CCCD đã gửi bị thiếu một chữ số, số đúng là: 024087003152.\n\nThân Văn Khoa"+quoteRequest("BBT-2025-002215", "19/12/2025 10:02"),
			boardMsgID("2025-12-19", 2215), "021-bc-boi-thuong-nha-nuoc-gui-muon.eml", "cuc-dkgdbd-bt", "portal_editor", "corrects the 11-digit citizen ID of 021"),
		r("090-tra-loi-bo-sung-dia-chi-so-dien-thoai.eml", "outlook", "2025-12-03T08:05:56+07:00", "Bùi Hải Yến", moj("bhyen.bttp"),
			"RE: [BBT-2025-002090] Đề nghị bổ sung thông tin người gửi - Giấy mời 18/GM-BTTP",
			"Kính gửi Ban Biên tập,\n\nEm xin bổ sung: địa chỉ liên hệ Cục Bổ trợ tư pháp, 58-60 Trần Phú, Ba Đình, Hà Nội; số điện thoại đúng là 0912 340 567 (lần trước em gõ thiếu).\n\nVề Nơi nhận, Cục sẽ lưu ý ghi Cổng TTĐT Bộ Tư pháp ở các văn bản sau.\n\nTrân trọng./."+quoteRequest("BBT-2025-002090", "Tuesday, December 2, 2025 3:01 PM"),
			boardMsgID("2025-12-02", 2090), "009-gm-hoi-nghi-cong-chung-khong-cong.eml", "cuc-bttp", "portal_editor", ""),
		r("091-tra-loi-sua-ma-so-thue.eml", "gmail", "2026-02-26T09:10:14+07:00", "Luật sư Ông Thị Ngân", "ongthingan.ls@gmail.com",
			"Re: [BBT-2026-000377] Đề nghị điều chỉnh thông tin người gửi",
			"Kính gửi Ban Biên tập,\n\nTôi xin lỗi, mã số thuế cá nhân đúng của tôi là "+taxCode("010893462")+".\n\nLS. Ông Thị Ngân"+quoteRequest("BBT-2026-000377", "Th 4, 25 thg 2, 2026 lúc 16:40"),
			boardMsgID("2026-02-25", 377), "058-bai-trao-doi-luat-su-mst-sai.eml", "cuc-bttp", "portal_editor", "corrects the tax code check digit of 058"),
	)
	a := func(file, client, received, name, from, subject, body string, hdr [][2]string, lang, note string) *Item {
		return &Item{File: file, Client: client, Received: received, FromName: name, FromAddr: from, Subject: subject, Body: body,
			Headers: hdr, PlainOnly: client == "thunderbird", L: Label{Kind: "auto_reply", Language: lang, Note: note}}
	}
	items = append(items,
		a("092-tra-loi-tu-dong-outlook.eml", "outlook", "2026-03-04T16:03:11+07:00", "Lương Văn Tuấn", moj("lvtuan"),
			"Trả lời Tự động: [BBT-2026-000412] Đề nghị bổ sung thông tin người gửi - Công văn 312/HCTP-HT",
			"Tôi đang đi công tác tại tỉnh Cà Mau từ ngày 04/3 đến hết ngày 06/3/2026 và sẽ trả lời thư khi trở về. Việc gấp xin liên hệ số máy 024 6273 9318.",
			append(replyHeaders(boardMsgID("2026-03-04", 412)), [2]string{"Auto-Submitted", "auto-replied"}, [2]string{"X-Auto-Response-Suppress", "All"}),
			"vi", "out-of-office answer to the Board's request: threads like a reply but is automatic (RFC 3834)"),
		a("093-gmail-vacation-responder.eml", "gmail", "2025-08-05T09:47:02+07:00", "Tòa soạn Tạp chí Dân chủ và Pháp luật", "toasoan.dcpl@gmail.com",
			"Đã nhận thư - Tạp chí Dân chủ và Pháp luật",
			"Tòa soạn đã nhận được thư của Quý vị. Bài viết sẽ được Hội đồng biên tập xem xét trong vòng 15 ngày làm việc. Xin cảm ơn!",
			[][2]string{{"Auto-Submitted", "auto-replied"}},
			"vi", "a Gmail vacation responder answering the Board's acknowledgement"),
		a("094-english-out-of-office.eml", "thunderbird", "2025-10-27T08:00:31+07:00", "Hélène Dupré", "helene.dupre@juriscoop.example.org",
			"Out of office: Re: Press release: seminar on judicial expertise",
			"I am out of the office until 3 November 2025 with limited access to email. For urgent matters please contact programme@juriscoop.example.org.",
			[][2]string{{"Auto-Submitted", "auto-replied"}, {"Precedence", "bulk"}, {"X-Autoreply", "yes"}},
			"en", ""),
		&Item{File: "095-dsn-bounce-postfix.eml", Client: "system", Received: "2026-02-25T16:41:20+07:00",
			FromAddr: "MAILER-DAEMON@mta1.moj.gov.vn", Subject: "Undelivered Mail Returned to Sender",
			Body: "This is the mail system at host mta1.moj.gov.vn.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\n<ongthingan.ls@gmial.com>: host gmial.com[192.0.2.250] said: 550 5.1.1\n    <ongthingan.ls@gmial.com>: Recipient address rejected: User unknown",
			Raw: dsn("postfix", "", "ongthingan.ls@gmial.com", "5.1.1", "550 5.1.1 <ongthingan.ls@gmial.com>: Recipient address rejected: User unknown",
				boardMsgID("2026-02-25", 376), "[BBT-2026-000376] Đề nghị điều chỉnh thông tin người gửi"),
			L: Label{Kind: "auto_reply", Language: "en", Note: "Postfix DSN (RFC 3464) for a supplement request sent to a mistyped address"}},
		&Item{File: "096-dsn-bounce-gmail.eml", Client: "system", Received: "2025-11-19T10:07:02+07:00",
			FromAddr: "mailer-daemon@googlemail.com", Subject: "Delivery Status Notification (Failure)",
			Body: "** Address not found **\n\nYour message wasn't delivered to nguythanhtung.hctp@gmail.com because the address couldn't be found, or is unable to receive mail.\n\nThe response from the remote server was:\n550 5.1.1 The email account that you tried to reach does not exist.",
			Raw: dsn("google", "", "nguythanhtung.hctp@gmail.com", "5.1.1", "550-5.1.1 The email account that you tried to reach does not exist.",
				boardMsgID("2025-11-19", 2101), "[BBT-2025-002101] Xác nhận đã tiếp nhận thông tin"),
			L: Label{Kind: "auto_reply", Language: "en", Note: "Gmail bounce of the Board's acknowledgement"}},
	)
	o := func(file, client, received, name, from, subject, body string, hdr [][2]string, lang, note string) *Item {
		return &Item{File: file, Client: client, Received: received, FromName: name, FromAddr: from, Subject: subject, Body: body,
			Headers: hdr, L: Label{Kind: "other", Language: lang, Note: note}}
	}
	items = append(items,
		o("097-spam-dich-vu-seo.eml", "system", "2025-09-14T02:13:45+07:00", "Dịch vụ SEO Top 1", "seo.top1.vn@mailer.example.net",
			"Đưa website cơ quan lên TOP 1 Google chỉ sau 30 ngày!!!",
			"Kính chào Quý cơ quan,\n\nChúng tôi chuyên cung cấp dịch vụ SEO tổng thể, cam kết đưa website lên TOP 1 Google chỉ sau 30 ngày, chi phí chỉ từ 2.990.000đ/tháng. ƯU ĐÃI 50% cho 10 khách hàng đầu tiên!\n\nLiên hệ ngay: 0888.xxx.xxx (Zalo)\n\nĐể ngừng nhận thư, vui lòng trả lời KHÔNG.",
			[][2]string{{"Precedence", "bulk"}, {"X-Mailer", "PHPMailer 6.8.1"}}, "vi", "Sunday 02:13, bulk mailer"),
		o("098-ban-tin-phap-luat-cong-ty-luat.eml", "system", "2026-04-01T07:00:12+07:00", "Bản tin Pháp luật - Công ty Luật Ví Dụ", "newsletter@luatvidu.example.vn",
			"Bản tin pháp luật tháng 4/2026: 15 văn bản mới có hiệu lực",
			"BẢN TIN PHÁP LUẬT THÁNG 4/2026\n\n1. Nghị định mới về đăng ký doanh nghiệp có hiệu lực từ 01/4/2026.\n2. Thông tư hướng dẫn Luật Hộ tịch được sửa đổi.\n3. Quy định mới về hóa đơn điện tử.\n\nXem chi tiết tại website của chúng tôi.\n\nBạn nhận được thư này vì đã đăng ký nhận bản tin. Hủy đăng ký: https://luatvidu.example.vn/unsubscribe",
			[][2]string{{"List-Unsubscribe", "<https://luatvidu.example.vn/unsubscribe?u=bbt>, <mailto:unsubscribe@luatvidu.example.vn>"}, {"List-Id", "Ban tin phap luat <bantin.luatvidu.example.vn>"}, {"Precedence", "bulk"}},
			"vi", "a law firm's newsletter that mentions legal topics but is not a submission"),
		o("099-lua-dao-hop-thu-day.eml", "system", "2025-11-30T23:41:09+07:00", "Quản trị hệ thống Mail", "admin-mail@moj-gov-vn.example.com",
			"[Cảnh báo] Hộp thư banbientap@moj.gov.vn đã đầy 99%",
			"Hộp thư của bạn đã sử dụng 99% dung lượng. Để tránh bị khóa, vui lòng xác minh tài khoản trong vòng 24 giờ tại liên kết sau: http://moj-gov-vn.example.com/verify\n\nBộ phận kỹ thuật",
			nil, "vi", "phishing imitating the Ministry's mail administrator"),
		o("100-thu-ca-nhan-gui-nham.eml", "gmail", "2026-02-17T19:22:08+07:00", "Nguyễn Đăng Khoa", "dangkhoa.pv@icloud.com",
			"Chúc mừng năm mới Bính Ngọ",
			"Chúc cả nhà năm mới an khang, thịnh vượng! Gửi mọi người ảnh đi chúc Tết hôm qua, ai cần ảnh gốc thì nhắn mình nhé.",
			nil, "vi", "a private greeting sent to the wrong list on a Tết holiday"),
		o("101-english-call-for-papers.eml", "system", "2025-06-18T15:30:00+07:00", "Asian Law Conference Secretariat", "cfp@asianlawconf.example.org",
			"Call for Papers: 12th Asian Conference on Law and Society",
			"Dear colleague,\n\nWe invite submissions for the 12th Asian Conference on Law and Society, Bangkok, 4-6 December 2025. Abstracts of up to 300 words are due by 31 August 2025.\n\nTo unsubscribe reply REMOVE.",
			[][2]string{{"Precedence", "bulk"}}, "en", "unrelated conference mailing"),
		o("102-thu-rong-khong-tieu-de.eml", "gmail", "2025-07-04T06:58:44+07:00", "", "vuthilan.1960@gmail.com",
			"", "", nil, "vi", "empty message, no subject, no body, no attachment"),
		o("103-chao-hang-chu-ky-so.eml", "outlook", "2026-02-02T10:10:10+07:00", "Phòng Kinh doanh - Công ty Giải pháp số Ví Dụ", "sales@giaiphapso.example.vn",
			"Giới thiệu giải pháp chữ ký số cho cơ quan nhà nước",
			"Kính gửi Quý Ban,\n\nCông ty Giải pháp số Ví Dụ xin giới thiệu giải pháp chữ ký số từ xa đáp ứng Nghị định 23/2025/NĐ-CP, tích hợp hệ thống quản lý văn bản. Chúng tôi mong được trình bày trực tiếp với Quý Ban.\n\nTrân trọng,\nPhòng Kinh doanh",
			nil, "vi", "a sales offer"),
	)
	// Sender clocks that differ from the server's (Điều 11 khoản 1: the receipt time counts).
	for _, it := range items {
		switch it.File {
		case "084-english-photo-copyright.eml":
			it.Date = "2026-01-22T21:12:37+01:00" // the same instant in the sender's zone
		case "102-thu-rong-khong-tieu-de.eml":
			it.Date = "1980-01-06T00:00:12+07:00" // a phone whose clock was reset
			it.L.Note += "; Date: header in 1980 (reset clock)"
		case "081-phan-anh-sai-ten-chuc-danh.eml":
			it.Cc = []string{addr("Văn phòng Bộ Tư pháp", moj("vanphong"), "utf-8")}
		case "091-tra-loi-sua-ma-so-thue.eml":
			it.Date = "2026-02-26T08:52:40+07:00" // clock 18 minutes slow
		}
	}
	return items
}
