package classify

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/document"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

var ict = time.FixedZone("ICT", 7*3600)

var testUnits = []Unit{
	{Code: "cuc-hctp", Name: "Cục Hành chính tư pháp", Symbol: "HCTP", Aliases: []string{"HCTP"}, Email: "cuchctp@moj.gov.vn"},
	{Code: "cuc-qlthads", Name: "Cục Quản lý Thi hành án dân sự", Symbol: "QLTHADS", Aliases: []string{"THADS"}, Email: "cucqlthads@moj.gov.vn", ComponentSite: "thads.moj.gov.vn"},
	{Code: "cuc-pbgdpl", Name: "Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý", Symbol: "PBGDPL", Email: "cucpbgdpl@moj.gov.vn"},
	{Code: "van-phong-bo", Name: "Văn phòng Bộ", Symbol: "VP", Email: "vanphong@moj.gov.vn"},
	{Code: "vu-htqt", Name: "Vụ Hợp tác quốc tế", Symbol: "HTQT", Email: "htqt@moj.gov.vn"},
	{Code: "vien-clkhpl", Name: "Viện Chiến lược và Khoa học pháp lý", Symbol: "VCL"},
}

func testOptions(t testing.TB) Options {
	cal, err := workday.New(workday.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	drs, err := deadline.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	return Options{Units: testUnits, Calendar: cal, DeadlineRules: drs}
}

func doc(typ, symbol, signed, issuer string, portal bool) document.Fields {
	return document.Fields{Found: true, Type: typ, Symbol: symbol, NumberSymbol: "12/" + symbol, SignedOn: signed, Issuer: issuer, PortalRecipient: portal}
}

func TestClassifyCases(t *testing.T) {
	rs := shipped(t)
	opts := testOptions(t)
	mon := time.Date(2026, 3, 2, 9, 0, 0, 0, ict) // Monday
	for _, tc := range []struct {
		name string
		in   Input
		want Result // Kind, Category, Timing, Unit, Target, Language compared
		// grounds expected exactly
		grounds []string
	}{
		{
			name: "decision of a unit for posting",
			in: Input{Subject: "Gửi Quyết định ban hành Kế hoạch để đăng tải", Body: "Đề nghị Ban Biên tập đăng tải trên Cổng.",
				From: "nva.hctp@moj.gov.vn", ReceivedAt: mon, DocumentSource: "attachment:qd.pdf",
				Document:    doc("Quyết định", "QĐ-HCTP", "2026-02-27", "CỤC HÀNH CHÍNH TƯ PHÁP", true),
				Attachments: []Attachment{{Filename: "qd.pdf", Method: "pdf-tounicode", Text: "QUYẾT ĐỊNH Ban hành Kế hoạch đăng ký hộ tịch"}}},
			want: Result{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-hctp", Target: "portal_editor", Language: "vi"},
		},
		{
			name: "directive is direction information",
			in: Input{Subject: "Chỉ thị số 01/CT-BTP về công tác thi hành án dân sự", Body: "Cục Quản lý Thi hành án dân sự gửi Chỉ thị để đăng tải.",
				From: "vanthu.thads@moj.gov.vn", ReceivedAt: time.Date(2026, 1, 13, 9, 0, 0, 0, ict),
				Document: doc("Chỉ thị", "CT-BTP", "2026-01-12", "BỘ TƯ PHÁP", true), DocumentSource: "body"},
			want: Result{Kind: "publish", Category: "8.2", Timing: "direction", Unit: "cuc-qlthads", Target: "portal_editor", Language: "vi"},
		},
		{
			name: "news of the component site's field",
			in: Input{Subject: "Tin: Hội nghị triển khai công tác thi hành án dân sự", Body: "Sáng ngày 27/02/2026, tại Vinh, Cục Quản lý Thi hành án dân sự tổ chức Hội nghị triển khai công tác thi hành án.",
				From: "pv.thads@moj.gov.vn", ReceivedAt: mon},
			want: Result{Kind: "publish", Category: "8.3", Timing: "news_event", Unit: "cuc-qlthads", Target: "component_site", Language: "vi"},
		},
		{
			name: "late news: event on Wednesday, received Monday",
			in: Input{Subject: "Tin hội nghị tập huấn hộ tịch", Body: "Ngày 25/02/2026, Cục Hành chính tư pháp tổ chức Hội nghị tập huấn nghiệp vụ hộ tịch cho công chức cấp xã các tỉnh phía Bắc.",
				From: "a.hctp@moj.gov.vn", ReceivedAt: mon},
			want:    Result{Kind: "publish", Category: "8.3", Timing: "news_event", Unit: "cuc-hctp", Target: "portal_editor", Language: "vi"},
			grounds: []string{"14.6"},
		},
		{
			name: "citizen's question typed without diacritics",
			in:   Input{Subject: "hoi ve phieu ly lich tu phap", Body: "Cho toi hoi lam phieu ly lich tu phap so 2 mat bao nhieu ngay?", From: "x@gmail.com", ReceivedAt: mon},
			want: Result{Kind: "query", Unit: "cuc-hctp", Target: "unit", Language: "vi"},
		},
		{
			name: "complaint about a posted item",
			in: Input{Subject: "Đề nghị đính chính tin bài", Body: "Tin bài đăng ngày 20/3/2026 ghi không chính xác chức danh của ông A. Đề nghị đính chính.",
				From: "stp@example.gov.vn", ReceivedAt: mon},
			want: Result{Kind: "complaint", Target: "standing_board", Language: "vi"},
		},
		{
			name: "out-of-office",
			in:   Input{Subject: "Trả lời tự động: Re: x", Body: "Tôi đang đi công tác.", AutoSubmitted: true, AutoReason: "auto-submitted: auto-replied", ReceivedAt: mon},
			want: Result{Kind: "auto_reply", Language: "vi"},
		},
		{
			name: "newsletter is other, not an auto-reply",
			in:   Input{Subject: "Bản tin pháp luật tháng 4", Body: "Hủy đăng ký: https://x.example/unsubscribe", AutoSubmitted: true, AutoReason: "precedence: bulk", ReceivedAt: mon},
			want: Result{Kind: "other", Language: "vi"},
		},
		{
			name: "answer to our supplement request",
			in: Input{Subject: "Re: Đề nghị bổ sung thông tin", Body: "Mã số thuế: 8012345677", InReplyTo: []string{"TN-2026-000001.abc@tiepnhan.moj.gov.vn"},
				ReceivedAt: mon, Thread: &Prior{Reference: "TN-2026-000001", Kind: "publish", Unit: "cuc-hctp", Target: "portal_editor"}},
			want: Result{Kind: "reply", Unit: "cuc-hctp", Target: "portal_editor", Language: "vi"},
		},
		{
			name: "English news goes to the English team",
			in: Input{Subject: "English news for the English version", Body: "Please find below the news item. The Ministry of Justice held the meeting of the Joint Working Group on legal cooperation (international cooperation) in Ha Noi on 27 February 2026.",
				From: "a.htqt@moj.gov.vn", ReceivedAt: mon},
			want: Result{Kind: "publish", Category: "8.3", Timing: "news_event", Unit: "vu-htqt", Target: "english_team", Language: "en"},
		},
		{
			name: "secret report is quarantined for the Standing Board",
			in: Input{Subject: "Báo cáo tình hình", Body: "Gửi Ban Biên tập để đưa tin.", From: "a.thads@moj.gov.vn", ReceivedAt: time.Date(2026, 2, 12, 9, 0, 0, 0, ict),
				Document: doc("Báo cáo", "BC-QLTHADS", "2026-02-11", "CỤC QUẢN LÝ THI HÀNH ÁN DÂN SỰ", false), DocumentSource: "attachment:bc.pdf",
				Attachments: []Attachment{{Filename: "bc.pdf", Method: "pdf-tounicode", Text: "Số: 17/BC-QLTHADS\nMẬT\nBÁO CÁO"}}},
			want:    Result{Kind: "publish", Category: "8.3", Timing: "admin_document", Unit: "cuc-qlthads", Target: "standing_board", Language: "vi"},
			grounds: []string{"14.2"},
		},
		{
			name: "research article goes to the board member",
			in: Input{Subject: "Bài nghiên cứu chuyên sâu về khoa học pháp lý", Body: "Viện Chiến lược và Khoa học pháp lý gửi bài nghiên cứu chuyên sâu để đăng tải tại mục Nghiên cứu - Trao đổi.",
				From: "a.vcl@moj.gov.vn", ReceivedAt: mon},
			want: Result{Kind: "publish", Category: "8.4", Timing: "other", Unit: "vien-clkhpl", Target: "board_member", Language: "vi"},
		},
		{
			name: "scanned decision: image only",
			in: Input{Subject: "QĐ bản scan để đăng tải", Body: "Gửi bản scan Quyết định.", From: "a.hctp@moj.gov.vn", ReceivedAt: mon,
				Document: doc("Quyết định", "QĐ-HCTP", "2026-03-02", "CỤC HÀNH CHÍNH TƯ PHÁP", true), DocumentSource: "attachment:scan.pdf",
				Attachments: []Attachment{{Filename: "scan.pdf", Method: "ocr-tesseract", Images: 1, Text: strings.Repeat("QUYẾT ĐỊNH về hộ tịch ", 20)}}},
			want:    Result{Kind: "publish", Category: "8.1", Timing: "admin_document", Unit: "cuc-hctp", Target: "portal_editor", Language: "vi"},
			grounds: []string{"14.5"},
		},
		{
			name: "empty message",
			in:   Input{ReceivedAt: mon},
			want: Result{Kind: "other", Language: "vi"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Classify(rs, tc.in, opts)
			w := tc.want
			if got.Kind != w.Kind || got.Category != w.Category || got.Timing != w.Timing || got.Unit != w.Unit || got.Target != w.Target || got.Language != w.Language {
				t.Errorf("got kind=%s category=%s timing=%s unit=%s target=%s language=%s\nwant kind=%s category=%s timing=%s unit=%s target=%s language=%s",
					got.Kind, got.Category, got.Timing, got.Unit, got.Target, got.Language, w.Kind, w.Category, w.Timing, w.Unit, w.Target, w.Language)
				for _, r := range got.Reasons {
					t.Log(r.String())
				}
			}
			if tc.grounds == nil {
				tc.grounds = []string{}
			}
			if !slices.Equal(got.Screening.Grounds, tc.grounds) {
				t.Errorf("grounds %v, want %v; flags %+v", got.Screening.Grounds, tc.grounds, got.Screening.Flags)
			}
			// Every decision taken is backed by chosen evidence.
			for _, d := range []struct{ dec, val string }{{"kind", got.Kind}, {"target", got.Target}, {"unit", got.Unit}} {
				if d.val == "" {
					continue
				}
				if !slices.ContainsFunc(got.Reasons, func(r Reason) bool { return r.Decision == d.dec && r.Value == d.val && r.Chosen }) {
					t.Errorf("%s = %s has no chosen reason", d.dec, d.val)
				}
			}
		})
	}
}

func TestLateFlagHasBothInstants(t *testing.T) {
	rs := shipped(t)
	opts := testOptions(t)
	// Signed Friday 27/02/2026; due at the end of Monday 02/03; received
	// Tuesday 03/03 at 10:00.
	in := Input{Subject: "Quyết định để đăng tải", Body: "Đề nghị đăng tải.", ReceivedAt: time.Date(2026, 3, 3, 10, 0, 0, 0, ict),
		Document: doc("Quyết định", "QĐ-HCTP", "2026-02-27", "CỤC HÀNH CHÍNH TƯ PHÁP", true), DocumentSource: "body"}
	got := Classify(rs, in, opts)
	var late *Flag
	for i := range got.Screening.Flags {
		if got.Screening.Flags[i].Ground == "14.6" {
			late = &got.Screening.Flags[i]
		}
	}
	if late == nil {
		t.Fatalf("no 14.6 flag: %+v", got.Screening)
	}
	if !late.ReceivedAt.Equal(in.ReceivedAt) || late.DueAt.IsZero() || !late.DueAt.Before(in.ReceivedAt) || late.Rule != "10.1" {
		t.Errorf("flag %+v", late)
	}
	if want := time.Date(2026, 3, 2, 17, 0, 0, 0, ict); !late.DueAt.Equal(want) {
		t.Errorf("due %s, want %s", late.DueAt, want)
	}
	// Received the same Monday evening, after office hours: no working
	// minute late.
	in.ReceivedAt = time.Date(2026, 3, 2, 19, 30, 0, 0, ict)
	if g := Classify(rs, in, opts).Screening.Grounds; slices.Contains(g, "14.6") {
		t.Errorf("received 19:30 on the due day flagged late: %v", g)
	}
}

func TestSecrecyMarks(t *testing.T) {
	rs := shipped(t)
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Số: 17/BC\nMẬT\nBÁO CÁO", true},
		{"Tài liệu lưu hành nội bộ, không đăng.", true},
		{"(tài liệu không phổ biến)", true},
		{"TUYỆT MẬT", true},
		{"LUU HANH NOI BO", true},
		{"Quên mật khẩu đăng nhập", false},
		{"Luật Bảo vệ BÍ MẬT nhà nước", false},
		{"Giữ bí mật thông tin khách hàng", false},
	} {
		got := Classify(rs, Input{Subject: "Báo cáo để đăng tải", Body: tc.text}, Options{})
		if got.Screening.Quarantine != tc.want {
			t.Errorf("%q: quarantine %v, want %v (%+v)", tc.text, got.Screening.Quarantine, tc.want, got.Screening.Flags)
		}
	}
}

func TestSupplement(t *testing.T) {
	rs := shipped(t)
	in := Input{Subject: "Gửi Quyết định để đăng tải", Body: "Đề nghị đăng tải.", Document: doc("Quyết định", "QĐ-HCTP", "", "", false), DocumentSource: "body",
		Submitter: Submitter{Missing: []string{"tax_code"}, Invalid: []string{"phone"}}}
	got := Classify(rs, in, Options{})
	s := got.Supplement
	if !s.Needed() || !slices.Equal(s.Missing, []string{"tax_code"}) || !slices.Equal(s.Invalid, []string{"phone"}) || !s.PortalLine {
		t.Errorf("supplement %+v", s)
	}
	// A query is not for posting: nothing is asked (Điều 9 khoản 3 is about submissions).
	q := Classify(rs, Input{Subject: "Xin hỏi thủ tục khai sinh", Body: "Cho tôi hỏi thủ tục ở đâu?", Submitter: Submitter{Missing: []string{"name"}}}, Options{})
	if q.Kind != "query" || q.Supplement.Needed() {
		t.Errorf("query: kind %s supplement %+v", q.Kind, q.Supplement)
	}
}

func TestNearDuplicate(t *testing.T) {
	rs := shipped(t)
	opts := testOptions(t)
	text := "Ngày 11/11/2025, tại Hà Nội, Cục Hành chính tư pháp tổ chức Hội nghị tập huấn nghiệp vụ đăng ký, quản lý hộ tịch cho hơn 300 công chức tư pháp - hộ tịch cấp xã các tỉnh phía Bắc. Tại Hội nghị, các báo cáo viên đã hướng dẫn chi tiết quy trình đăng ký khai sinh, kết hôn trực tuyến."
	pub := Published{Link: "https://moj.gov.vn/x?ItemID=1", Title: "Tập huấn hộ tịch", At: time.Date(2025, 11, 12, 9, 0, 0, 0, ict), Text: "Tập huấn hộ tịch\n" + text}
	opts.Earlier = []Candidate{pub.Candidate(), {Source: "submission", Ref: "TN-1", Fingerprint: NewFingerprint("Một văn bản hoàn toàn khác về ngân sách nhà nước năm 2026 của Bộ Tư pháp, công khai dự toán theo Luật Ngân sách")}}
	in := Input{Subject: "Tin tập huấn hộ tịch", Body: "Kính gửi Ban Biên tập,\n\nEm gửi lại tin để đăng:\n\n" + text + "\n\nNguyễn Văn A\nĐT: 0912345678", ReceivedAt: time.Date(2025, 11, 12, 15, 0, 0, 0, ict)}
	got := Classify(rs, in, opts)
	var m *Match
	for _, f := range got.Screening.Flags {
		if f.Ground == "14.4" {
			m = f.Match
		}
	}
	if m == nil || m.Ref != pub.Link || m.Source != "published" || m.Containment < 0.9 {
		t.Fatalf("match %+v; flags %+v", m, got.Screening.Flags)
	}
	// The same text is not its own duplicate, nor of an item published later.
	opts.Earlier[0].At = in.ReceivedAt.Add(time.Hour)
	if g := Classify(rs, in, opts).Screening.Grounds; slices.Contains(g, "14.4") {
		t.Errorf("matched an item published after receipt: %v", g)
	}
}

// BenchmarkClassify classes a document for posting against 500 earlier
// items (the candidates an LSH query returns are far fewer).
func BenchmarkClassify(b *testing.B) {
	rs := shipped(b)
	opts := testOptions(b)
	for i := range 500 {
		opts.Earlier = append(opts.Earlier, Candidate{Source: "submission", Ref: "TN-" + strings.Repeat("x", i%7),
			Fingerprint: NewFingerprint(strings.Repeat("Cục Hành chính tư pháp hướng dẫn đăng ký hộ tịch số ", 1+i%5) + strings.Repeat("nội dung khác ", i%11))})
	}
	in := Input{Subject: "Gửi Quyết định ban hành Kế hoạch để đăng tải", Body: strings.Repeat("Đề nghị Ban Biên tập đăng tải trên Cổng. ", 20),
		From: "nva.hctp@moj.gov.vn", ReceivedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, ict), DocumentSource: "attachment:qd.pdf",
		Document:    doc("Quyết định", "QĐ-HCTP", "2026-02-27", "CỤC HÀNH CHÍNH TƯ PHÁP", true),
		Attachments: []Attachment{{Filename: "qd.pdf", Method: "pdf-tounicode", Text: strings.Repeat("QUYẾT ĐỊNH Ban hành Kế hoạch đăng ký hộ tịch năm 2026. ", 80)}}}
	for b.Loop() {
		Classify(rs, in, opts)
	}
}
