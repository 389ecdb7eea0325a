package main

import (
	"encoding/xml"
	"fmt"
	"os"
	"time"
)

// pub is one item "already posted on moj.gov.vn" (fictitious content in the Portal's style).
type pub struct {
	ID    int
	Date  string // RFC 3339
	Cat   string // URL section
	Title string
	Text  string
}

func (p pub) Link() string {
	return fmt.Sprintf("https://moj.gov.vn/qt/tintuc/Pages/%s.aspx?ItemID=%d", p.Cat, p.ID)
}

var published = []pub{
	{3101, "2026-01-09T10:30:00+07:00", "hoat-dong-cua-lanh-dao-bo", "Bộ Tư pháp tổ chức Hội nghị tổng kết công tác tư pháp năm 2025",
		"Sáng ngày 08/01/2026, tại Hà Nội, Bộ Tư pháp tổ chức Hội nghị trực tuyến toàn quốc tổng kết công tác tư pháp năm 2025, triển khai nhiệm vụ năm 2026. Hội nghị được kết nối tới 34 điểm cầu tỉnh, thành phố. Năm 2025, toàn Ngành đã hoàn thành khối lượng lớn công việc xây dựng, thẩm định văn bản, góp phần tháo gỡ điểm nghẽn về thể chế."},
	{3188, "2026-03-20T16:05:00+07:00", "hoat-dong-cua-lanh-dao-bo", "Thứ trưởng Ngô Quang Hiển làm việc với Sở Tư pháp tỉnh Thanh Hóa",
		"Chiều ngày 19/3/2026, Thứ trưởng Ngô Quang Hiển và đoàn công tác của Bộ Tư pháp đã làm việc với Sở Tư pháp tỉnh Thanh Hóa về kết quả công tác tư pháp quý I. Tiếp đoàn có ông Lê Văn Tùng, Giám đốc Sở Tư pháp. Thứ trưởng đề nghị Sở tiếp tục đẩy mạnh số hóa dữ liệu hộ tịch và nâng cao chất lượng trợ giúp pháp lý."},
	{2954, "2025-11-12T09:15:00+07:00", "tin-tuc-su-kien", "Cục Hành chính tư pháp tập huấn nghiệp vụ hộ tịch cho công chức cấp xã",
		"Ngày 11/11/2025, tại Hà Nội, Cục Hành chính tư pháp tổ chức Hội nghị tập huấn nghiệp vụ đăng ký, quản lý hộ tịch cho hơn 300 công chức tư pháp - hộ tịch cấp xã của các tỉnh phía Bắc. Tại Hội nghị, các báo cáo viên đã hướng dẫn chi tiết quy trình đăng ký khai sinh, kết hôn trực tuyến, việc sử dụng phần mềm đăng ký hộ tịch điện tử dùng chung và giải đáp các vướng mắc trong thực tiễn."},
	{2901, "2025-10-16T17:20:00+07:00", "tin-tuc-su-kien", "Hội thảo Hoàn thiện pháp luật về trí tuệ nhân tạo ở Việt Nam",
		"Ngày 16/10/2025, Viện Chiến lược và Khoa học pháp lý tổ chức Hội thảo khoa học Hoàn thiện pháp luật về trí tuệ nhân tạo ở Việt Nam. Các đại biểu đã thảo luận về trách nhiệm pháp lý, bảo vệ dữ liệu cá nhân và quản lý rủi ro đối với hệ thống trí tuệ nhân tạo."},
	{3240, "2026-04-10T15:00:00+07:00", "tin-tuc-su-kien", "Khai mạc lớp bồi dưỡng kỹ năng hòa giải ở cơ sở tại Lào Cai",
		"Sáng ngày 10/4/2026, tại tỉnh Lào Cai, Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý phối hợp với Sở Tư pháp khai mạc lớp bồi dưỡng kỹ năng hòa giải ở cơ sở cho 120 hòa giải viên các xã vùng cao."},
	{3012, "2025-12-05T08:45:00+07:00", "nghien-cuu-trao-doi", "Trợ giúp pháp lý trong tố tụng: kinh nghiệm từ tỉnh Cà Mau",
		"Những năm qua, Trung tâm Trợ giúp pháp lý nhà nước tỉnh Cà Mau đã trở thành điểm sáng trong việc tham gia tố tụng. Bài viết phân tích kết quả thực hiện, nguyên nhân thành công và đề xuất giải pháp nhân rộng: ưu tiên bố trí trợ giúp viên pháp lý có kinh nghiệm cho vụ việc phức tạp, phối hợp chặt chẽ với cơ quan tiến hành tố tụng ngay từ giai đoạn điều tra, và đánh giá chất lượng vụ việc theo bộ tiêu chí thống nhất."},
	{2811, "2025-08-06T10:00:00+07:00", "tin-tuc-su-kien", "Phát động Cuộc thi viết Pháp luật với cuộc sống năm 2025",
		"Tạp chí Dân chủ và Pháp luật phát động Cuộc thi viết Pháp luật với cuộc sống năm 2025, nhận bài đến hết ngày 30/9/2025."},
	{2760, "2025-07-16T14:30:00+07:00", "thi-hanh-an-dan-su", "Thi hành án dân sự 6 tháng đầu năm 2025: nhiều chỉ tiêu tăng so với cùng kỳ",
		"Theo báo cáo sơ kết của Cục Quản lý Thi hành án dân sự, 6 tháng đầu năm 2025, toàn hệ thống đã thi hành xong 241.508 việc, đạt tỷ lệ 60,06%; thi hành xong trên 61.200 tỷ đồng, tăng so với cùng kỳ năm 2024."},
	{3150, "2026-01-28T16:40:00+07:00", "hop-tac-quoc-te", "Phiên họp lần thứ 5 Nhóm công tác chung về hợp tác pháp luật",
		"Ngày 27/01/2026, tại Hà Nội, Bộ Tư pháp Việt Nam và Bộ Tư pháp nước bạn tổ chức Phiên họp lần thứ 5 Nhóm công tác chung về hợp tác pháp luật, thống nhất Chương trình hợp tác giai đoạn 2026 - 2028."},
	{2930, "2025-11-07T11:00:00+07:00", "tin-tuc-su-kien", "Ngày Pháp luật Việt Nam 2025: lan tỏa tinh thần thượng tôn pháp luật",
		"Sáng ngày 07/11/2025, Bộ Tư pháp tổ chức Lễ hưởng ứng Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2025 với chủ đề thượng tôn pháp luật."},
	{3230, "2026-04-02T08:30:00+07:00", "to-chuc-bo-may", "Công bố Quyết định bổ nhiệm Cục trưởng Cục Bổ trợ tư pháp",
		"Ngày 01/4/2026, Bộ trưởng Bộ Tư pháp ký Quyết định số 512/QĐ-BTP bổ nhiệm ông Hồ Sỹ Nguyên giữ chức vụ Cục trưởng Cục Bổ trợ tư pháp."},
	{2860, "2025-09-15T09:00:00+07:00", "hoi-dap", "Giải đáp: thủ tục cấp Phiếu lý lịch tư pháp trực tuyến",
		"Người yêu cầu cấp Phiếu lý lịch tư pháp có thể nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia hoặc ứng dụng VNeID; thời hạn giải quyết không quá 10 ngày."},
	{2775, "2025-07-19T10:10:00+07:00", "thi-hanh-an-dan-su", "Kỷ niệm 79 năm Ngày truyền thống Thi hành án dân sự",
		"Nhân kỷ niệm 79 năm Ngày truyền thống Thi hành án dân sự (19/7/1946 - 19/7/2025), cơ quan thi hành án dân sự các địa phương đã tổ chức nhiều hoạt động thiết thực."},
	{2702, "2025-06-25T15:45:00+07:00", "nghien-cuu-trao-doi", "Một số vấn đề về hoàn thiện pháp luật đăng ký biện pháp bảo đảm",
		"Đăng ký biện pháp bảo đảm là công cụ quan trọng bảo vệ quyền của bên nhận bảo đảm. Bài viết phân tích những bất cập của quy định hiện hành về hiệu lực đối kháng, về đăng ký trực tuyến và về cơ sở dữ liệu dùng chung, từ đó kiến nghị hoàn thiện Nghị định số 99/2022/NĐ-CP theo hướng số hóa toàn trình, kết nối dữ liệu đất đai và thống nhất một đầu mối tra cứu."},
	{2650, "2025-05-15T16:00:00+07:00", "tin-tuc-su-kien", "Hội nghị trực tuyến triển khai Luật Ban hành văn bản quy phạm pháp luật năm 2025",
		"Ngày 15/5/2025, Bộ Tư pháp tổ chức Hội nghị trực tuyến toàn quốc triển khai Luật Ban hành văn bản quy phạm pháp luật năm 2025."},
	{3135, "2026-01-20T09:30:00+07:00", "english", "Ministry of Justice reviews legal aid work in 2025",
		"On 19 January 2026 the Ministry of Justice reviewed legal aid work in 2025. State legal aid centres handled more than 48,000 cases, of which over 60 per cent were representation in court proceedings."},
	{3201, "2026-03-25T10:20:00+07:00", "tin-tuc-su-kien", "Tăng cường kiểm tra tổ chức hành nghề công chứng",
		"Quý I năm 2026, Cục Bổ trợ tư pháp phối hợp kiểm tra 48 tổ chức hành nghề công chứng, trong đó Văn phòng công chứng Ví Dụ (Hà Nội) bị xử phạt vì lưu trữ hồ sơ không đúng quy định."},
	{3172, "2026-02-26T14:00:00+07:00", "tin-tuc-su-kien", "Chuyển đổi số trong công tác hộ tịch: hơn 80 triệu dữ liệu được số hóa",
		"Đến hết tháng 02/2026, cả nước đã số hóa hơn 80 triệu dữ liệu hộ tịch và cập nhật vào Cơ sở dữ liệu hộ tịch điện tử toàn quốc."},
	{3220, "2026-04-07T11:30:00+07:00", "hoat-dong-cua-lanh-dao-bo", "Hội nghị giao ban công tác tư pháp quý I năm 2026",
		"Ngày 07/4/2026, Bộ Tư pháp tổ chức Hội nghị giao ban công tác tư pháp quý I năm 2026 theo hình thức trực tuyến."},
	{3180, "2026-03-06T09:00:00+07:00", "tin-tuc-su-kien", "Đoàn Thanh niên Bộ Tư pháp ra quân Tháng Thanh niên 2026",
		"Sáng ngày 05/3/2026, Đoàn Thanh niên Bộ Tư pháp tổ chức Lễ ra quân Tháng Thanh niên năm 2026 với nhiều hoạt động tình nguyện."},
}

func pubByID(id int) pub {
	for _, p := range published {
		if p.ID == id {
			return p
		}
	}
	panic(fmt.Sprint("no published item ", id))
}

type rssItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        string `xml:"guid"`
	PubDate     string `xml:"pubDate"`
	Category    string `xml:"category"`
	Description string `xml:"description"`
}

type rss struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		Title       string    `xml:"title"`
		Link        string    `xml:"link"`
		Description string    `xml:"description"`
		Language    string    `xml:"language"`
		Items       []rssItem `xml:"item"`
	} `xml:"channel"`
}

// writePublished writes published.xml: an RSS 2.0 feed of items already on the Portal,
// some of which corpus emails re-send (Điều 14 khoản 4).
func writePublished(path string) error {
	var f rss
	f.Version = "2.0"
	f.Channel.Title = "Cổng Thông tin điện tử Bộ Tư pháp - Tin đã đăng (dữ liệu thử nghiệm)"
	f.Channel.Link = "https://moj.gov.vn"
	f.Channel.Description = "Fictitious items in the Portal's style, used to test near-duplicate screening; not real Portal content."
	f.Channel.Language = "vi"
	for _, p := range published {
		f.Channel.Items = append(f.Channel.Items, rssItem{Title: p.Title, Link: p.Link(), GUID: p.Link(),
			PubDate: mustTime(p.Date).Format(time.RFC1123Z), Category: p.Cat, Description: p.Text})
	}
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append([]byte(xml.Header), append(out, '\n')...), 0o644)
}
