package classify

import "testing"

func TestMatchPublication(t *testing.T) {
	body := "Ngày 03/3/2026, Cục Quản lý thi hành án dân sự tổ chức hội nghị tập huấn nghiệp vụ thi hành án dân sự cho cán bộ, " +
		"chấp hành viên các tỉnh Bắc Trung Bộ tại thành phố Vinh, tỉnh Nghệ An. Hội nghị đã trao đổi về những khó khăn, vướng mắc " +
		"trong tổ chức thi hành các bản án, quyết định về kinh doanh thương mại và tín dụng ngân hàng."
	sub := NewFingerprint("Kính gửi Ban Biên tập. " + body + " Trân trọng.")
	for _, c := range []struct {
		name  string
		item  Published
		title string
		want  bool
	}{
		{"edited title, same text", Published{Title: "Tập huấn nghiệp vụ thi hành án tại Nghệ An", Text: "Tập huấn nghiệp vụ thi hành án tại Nghệ An\n" + body},
			"Tin hội nghị THADS Nghệ An", true},
		{"same title, a summary", Published{Title: "Hội nghị tập huấn nghiệp vụ thi hành án dân sự tại Nghệ An",
			Text: "Hội nghị tập huấn nghiệp vụ thi hành án dân sự tại Nghệ An\nCục Quản lý thi hành án dân sự tổ chức hội nghị tập huấn nghiệp vụ thi hành án dân sự cho cán bộ tại Vinh."},
			"Hoi nghi tap huan nghiep vu thi hanh an dan su tai Nghe An", true},
		{"another item", Published{Title: "Bộ Tư pháp triển khai công tác xây dựng pháp luật năm 2026",
			Text: "Bộ Tư pháp triển khai công tác xây dựng pháp luật năm 2026\nSáng nay, Bộ trưởng Bộ Tư pháp chủ trì hội nghị triển khai công tác năm 2026 của ngành Tư pháp với các đơn vị."},
			"Tin hội nghị THADS Nghệ An", false},
		{"a short common title", Published{Title: "Thông báo", Text: "Thông báo\nLịch tiếp công dân tháng 3."}, "Thông báo", false},
	} {
		m, ok := MatchPublication(c.item, c.title, sub)
		if ok != c.want {
			t.Errorf("%s: %+v → %v, want %v", c.name, m, ok, c.want)
		}
	}
}
