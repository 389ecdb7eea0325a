package main

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"

	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/realcorpus"
)

// Everything in this file is invented: cover notes, senders, signatures.
// The names are common given names joined at random, the addresses are
// made up (webmail for citizens, @moj.gov.vn for the Ministry's units),
// and no cover note states a fact about the text it carries.

var (
	surnames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"}
	middles  = []string{"Thị", "Văn", "Minh", "Thu", "Đức", "Ngọc", "Hữu", "Thanh", "Quang", "Hải"}
	givens   = []string{"Hà", "Lan", "Quân", "Tùng", "Hương", "Nam", "Yến", "Phúc", "Trang", "Khoa", "Linh", "Sơn", "Mai", "Đạt", "Vy"}
	webmail  = []string{"gmail.com", "gmail.com", "gmail.com", "yahoo.com.vn", "outlook.com", "hotmail.com"}
	enNames  = []string{"Program Officer", "Communications Assistant", "Legal Cooperation Officer", "Project Secretariat"}
)

// person is an invented sender name and the matching address local part.
func person(r *rand.Rand) (name, local string) {
	s, m, g := pick(r, surnames), pick(r, middles), pick(r, givens)
	name = s + " " + m + " " + g
	switch r.IntN(4) {
	case 0:
		local = fold(g + s)
	case 1:
		local = fold(g) + "." + fold(s) + fmt.Sprint(70+r.IntN(35))
	case 2:
		local = fold(s+m+g) + fmt.Sprint(r.IntN(100))
	default:
		local = fold(string([]rune(s)[0:1])+string([]rune(m)[0:1])) + fold(g)
	}
	return name, local
}

func pick(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

// fold turns a Vietnamese name into an address local part.
func fold(s string) string {
	repl := strings.NewReplacer(
		"à", "a", "á", "a", "ả", "a", "ã", "a", "ạ", "a", "ă", "a", "ằ", "a", "ắ", "a", "ẳ", "a", "ẵ", "a", "ặ", "a",
		"â", "a", "ầ", "a", "ấ", "a", "ẩ", "a", "ẫ", "a", "ậ", "a", "è", "e", "é", "e", "ẻ", "e", "ẽ", "e", "ẹ", "e",
		"ê", "e", "ề", "e", "ế", "e", "ể", "e", "ễ", "e", "ệ", "e", "ì", "i", "í", "i", "ỉ", "i", "ĩ", "i", "ị", "i",
		"ò", "o", "ó", "o", "ỏ", "o", "õ", "o", "ọ", "o", "ô", "o", "ồ", "o", "ố", "o", "ổ", "o", "ỗ", "o", "ộ", "o",
		"ơ", "o", "ờ", "o", "ớ", "o", "ở", "o", "ỡ", "o", "ợ", "o", "ù", "u", "ú", "u", "ủ", "u", "ũ", "u", "ụ", "u",
		"ư", "u", "ừ", "u", "ứ", "u", "ử", "u", "ữ", "u", "ự", "u", "ỳ", "y", "ý", "y", "ỷ", "y", "ỹ", "y", "ỵ", "y",
		"đ", "d", " ", "")
	return repl.Replace(strings.ToLower(s))
}

// rng is seeded by the item's URL and title, so an item's mail does not
// change when other items are added.
func rng(it realcorpus.Item) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(it.SourceURL + "\x00" + it.Title))
	return rand.New(rand.NewPCG(h.Sum64(), 0x7469657068616e))
}

// text is the real title and lead as they appear in the body.
func text(it realcorpus.Item) string {
	if it.Lead == "" {
		return it.Title
	}
	return it.Title + "\n\n" + it.Lead
}

func wrap(it realcorpus.Item, d *directory.Directory) realcorpus.Mail {
	r := rng(it)
	switch it.Labels.Kind {
	case "query":
		return queryMail(it, r)
	case "complaint":
		return complaintMail(it, r)
	case "other":
		return otherMail(it, r)
	}
	if it.Labels.Language == "en" {
		return englishMail(it, r, d)
	}
	return publishMail(it, r, d)
}

// unitSender is a liaison officer or the mailbox of a unit of the Ministry.
func unitSender(r *rand.Rand, u *directory.Unit) (from, name, sig string) {
	n, local := person(r)
	short := u.Name
	if u.Symbol != "" && r.IntN(2) == 0 {
		short = u.Symbol
	}
	switch r.IntN(3) {
	case 0:
		return u.Email, u.Name, u.Name
	case 1:
		return local + "@moj.gov.vn", n, n + "\n" + short
	default:
		return local + "@moj.gov.vn", n + " (" + short + ")", n + " - " + short
	}
}

// outsideSender sends news of a provincial department, a newspaper or an
// author without a unit of the Ministry.
func outsideSender(it realcorpus.Item, r *rand.Rand) (from, name, sig string) {
	n, local := person(r)
	site := it.SourceSite
	switch {
	case strings.Contains(site, "sotp") || strings.Contains(site, "sotuphap") || strings.HasPrefix(site, "stp."):
		box := pick(r, []string{"vanphong", "banbientap", "tuphap"})
		return box + "@" + site, "Văn phòng Sở Tư pháp", "Văn phòng Sở"
	case r.IntN(2) == 0:
		return local + "@" + pick(r, webmail), n, n + "\nCộng tác viên"
	default:
		return local + "@" + pick(r, webmail), "", n
	}
}

var publishNotes = map[string][]string{
	"direction": {
		"Gửi Ban Biên tập tin chỉ đạo của Lãnh đạo Bộ, nhờ đăng sớm giúp.",
		"BBT đăng giúp tin này trong buổi sáng nhé, Lãnh đạo đã duyệt.",
		"Gửi anh chị tin về ý kiến chỉ đạo, ảnh em gửi sau.",
		"Tin kết luận của Lãnh đạo Bộ, đơn vị gửi để đăng mục Chỉ đạo điều hành.",
	},
	"admin_document": {
		"Văn bản vừa ký ban hành, gửi Cổng để đăng mục Văn bản.",
		"Đơn vị gửi văn bản để đăng trên Cổng. Bản PDF có chữ ký số gửi kèm theo đường công văn.",
		"Gửi BBT nội dung văn bản, nhờ cập nhật lên Cổng.",
		"Văn bản mới, đề nghị Cổng cập nhật giúp.",
	},
	"news_event": {
		"Em gửi tin hoạt động của đơn vị, nhờ anh chị đăng giúp ạ.",
		"Gửi BBT tin sự kiện hôm nay, ảnh gửi sau.",
		"Tin hoạt động, nhờ Cổng đăng trong ngày.",
		"Chúng tôi gửi tin về hoạt động vừa diễn ra.",
		"Gửi tin bài.",
	},
	"other": {
		"Tôi xin gửi bài viết tham gia chuyên mục Nghiên cứu - Trao đổi của Cổng.",
		"Gửi Ban Biên tập bài viết, mong được xem xét đăng tải.",
		"Bài viết của đơn vị, gửi BBT biên tập.",
		"Gửi anh chị bài, có gì cần sửa anh chị báo em.",
	},
}

var greetings = []string{"Gửi Ban Biên tập,", "Kính gửi Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp,", "Chào BBT,", "Gửi anh chị Thường trực BBT,", ""}

func publishMail(it realcorpus.Item, r *rand.Rand, d *directory.Directory) realcorpus.Mail {
	var from, name, sig string
	if u := d.Unit(it.Labels.Unit); u != nil && r.IntN(5) > 0 {
		from, name, sig = unitSender(r, u)
	} else {
		from, name, sig = outsideSender(it, r)
	}
	subj := pick(r, []string{it.Title, it.Title, "Fw: " + it.Title, "", "Tin bài gửi Cổng", "gui tin", "Bài đăng Cổng TTĐT"})
	var b strings.Builder
	switch r.IntN(6) {
	case 0: // nothing but the text
		b.WriteString(text(it))
	case 1: // a bare greeting
		b.WriteString("Gửi Ban Biên tập\n\n" + text(it))
	case 2: // forwarded from a colleague
		fn, fl := person(r)
		b.WriteString(pick(r, []string{"", "Chuyển BBT.\n\n", "FYI\n\n"}))
		b.WriteString("---------- Forwarded message ---------\n")
		fmt.Fprintf(&b, "From: %s <%s@moj.gov.vn>\nSubject: %s\n\n", fn, fl, it.Title)
		b.WriteString(text(it))
		subj = "Fwd: " + it.Title
	default:
		if g := pick(r, greetings); g != "" {
			b.WriteString(g + "\n\n")
		}
		b.WriteString(pick(r, publishNotes[it.Labels.Timing]) + "\n\n")
		b.WriteString(text(it))
		b.WriteString("\n\n" + pick(r, []string{"Trân trọng./.", "Trân trọng cảm ơn!", "Cảm ơn anh chị.", "Thanks"}) + "\n" + sig)
	}
	return realcorpus.Mail{From: from, FromName: name, Subject: subj, Body: b.String()}
}

func englishMail(it realcorpus.Item, r *rand.Rand, d *directory.Directory) realcorpus.Mail {
	from, name := "htqt@moj.gov.vn", "Vụ Hợp tác quốc tế"
	if u := d.Unit("vu-htqt"); u != nil {
		from = u.Email
	}
	if r.IntN(2) == 0 {
		n, local := person(r)
		from, name = local+"@moj.gov.vn", n+" - "+pick(r, enNames)
	}
	note := pick(r, []string{
		"Dear Editorial Board,\n\nPlease find below the news item for the English version of the Portal.\n\n",
		"Dear colleagues,\n\nFor posting on the English page, thank you.\n\n",
		"Gửi BBT tin tiếng Anh để đăng trang English.\n\n",
		"",
	})
	subj := pick(r, []string{it.Title, "English news: " + it.Title, "For the English version", ""})
	return realcorpus.Mail{From: from, FromName: name, Subject: subj, Body: note + text(it) + pick(r, []string{"", "\n\nBest regards,\n" + name})}
}

func queryMail(it realcorpus.Item, r *rand.Rand) realcorpus.Mail {
	name, local := person(r)
	from := local + "@" + pick(r, webmail)
	if r.IntN(3) == 0 {
		name = ""
	}
	q := text(it)
	var body string
	switch r.IntN(7) {
	case 0:
		body = q
	case 1:
		body = "Chào Ban biên tập,\n\nCho tôi hỏi: " + q + "\n\nXin cảm ơn."
	case 2:
		body = "Kính gửi Bộ Tư pháp,\n\nTôi có thắc mắc mong được giải đáp.\n" + q + "\n\nTrân trọng,\n" + name
	case 3:
		body = "Em chào anh chị ạ. " + q + "\nEm cảm ơn ạ"
	case 4:
		body = "Tôi đọc trên mạng thấy nhiều thông tin khác nhau nên muốn hỏi cơ quan chuyên môn.\n\n" + q + "\n\nRất mong nhận được trả lời sớm."
	case 5:
		body = "Xin chào,\n" + q + "\nNhờ các anh chị hướng dẫn giúp. Cảm ơn nhiều."
	default:
		body = "Kính gửi Ban Biên tập Cổng thông tin điện tử Bộ Tư pháp\n\n" + q + "\n\n" + pick(r, []string{"Sent from my iPhone", "Gửi từ điện thoại", "Trân trọng"})
	}
	subj := pick(r, []string{it.Title, "", "Hỏi", "xin tư vấn", "Cần giúp đỡ", "hoi ve thu tuc", "Câu hỏi pháp luật", "(không có tiêu đề)"})
	return realcorpus.Mail{From: from, FromName: name, Subject: subj, Body: body}
}

func complaintMail(it realcorpus.Item, r *rand.Rand) realcorpus.Mail {
	name, local := person(r)
	from := local + "@" + pick(r, webmail)
	intro := pick(r, []string{
		"Kính gửi Ban Biên tập,\n\nBài đăng trên Cổng có nội dung không chính xác so với thông tin đính chính dưới đây. Đề nghị Ban Biên tập kiểm tra, sửa hoặc gỡ bài.\n\n",
		"Gửi BBT,\n\nCổng đăng lại thông tin sai, nguồn đã cải chính như sau:\n\n",
		"Tôi phản ánh: thông tin Cổng đã đăng là sai sự thật. Xin xem nội dung dưới đây.\n\n",
		"Kính gửi Thường trực Ban Biên tập,\n\nĐơn vị đề nghị đính chính tin đã đăng trên Cổng:\n\n",
	})
	if strings.HasPrefix(intro, "Kính gửi Thường trực") {
		from = local + "@moj.gov.vn"
	}
	subj := pick(r, []string{"Đính chính", "Phản ánh thông tin sai trên Cổng", "Re: " + it.Title, "Đề nghị gỡ bài", ""})
	return realcorpus.Mail{From: from, FromName: name, Subject: subj, Body: intro + text(it) + "\n\n" + name}
}

func otherMail(it realcorpus.Item, r *rand.Rand) realcorpus.Mail {
	box := pick(r, []string{"info", "marketing", "lienhe", "tuvan"})
	subj := pick(r, []string{it.Title, "Thư giới thiệu dịch vụ", "[Bản tin] " + it.Title, "Hợp tác truyền thông"})
	body := pick(r, []string{"Kính gửi Quý cơ quan,\n\n", "Kính chào Quý khách,\n\n", ""}) + text(it) +
		pick(r, []string{"\n\nMọi chi tiết xin liên hệ bộ phận chăm sóc khách hàng.", "\n\nNếu không muốn nhận thư này, vui lòng trả lời \"Hủy\".", ""})
	return realcorpus.Mail{From: box + "@" + it.SourceSite, FromName: "", Subject: subj, Body: body}
}
