package notice

import (
	"fmt"
	"time"
)

// Kind is a kind of notice; its string is stored (sender_notice.kind) and
// names the template file: never change it.
type Kind string

// The kinds of notice.
const (
	Ack               Kind = "ack"                // receipt acknowledged (Điều 11 khoản 1)
	Published         Kind = "published"          // posted on the Portal (Điều 13)
	Refused           Kind = "refused"            // refused (Điều 14)
	Forwarded         Kind = "forwarded"          // forwarded to a unit (Điều 11 khoản 1, bước 2)
	SupplementMissing Kind = "supplement_missing" // the day of Điều 11 khoản 2 passed without the supplement
)

// Kinds are all the kinds, in the order a sender may receive them.
var Kinds = []Kind{Ack, Forwarded, SupplementMissing, Published, Refused}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Deadline is the deadline that applies to a submission, as a notice
// states it.
type Deadline struct {
	Rule    string // the rule's id, "13.1"
	Article string // "Điều 13 khoản 1"
	Due     string // the due instant in Vietnam time, "10:30 ngày 05/03/2026"
}

// Data is what a template may print. Every field is the Board's own text
// (or a time, a reference, a URL of the Portal): nothing the sender wrote.
type Data struct {
	Reference  string // the tracking code, "TN-2026-000042"
	ReceivedAt string // the receipt instant that starts the legal clock, Vietnam time
	// Deadline is the posting deadline that applies (nil: none, e.g. a
	// query handled by a unit).
	Deadline *Deadline
	// PortalURL is where the item was published (Published).
	PortalURL   string
	PublishedAt string
	// Ground is the Điều 14 ground in words and GroundArticle its
	// citation (Refused).
	Ground        string
	GroundArticle string
	// Unit is the unit's name from the directory (Forwarded).
	Unit string
	// SupplementAsked is when the supplement was asked for
	// (SupplementMissing).
	SupplementAsked string
}

// Stamp formats an instant as the notices write it: Vietnam time,
// "15:04 ngày 02/01/2006".
func Stamp(t time.Time, zone *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(zone).Format("15:04 ngày 02/01/2006")
}

// grounds are the refusal grounds of Điều 14, in the Regulation's words.
var grounds = map[string]string{
	"14.1": "có nội dung không phù hợp với chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước",
	"14.2": "có chứa nội dung thuộc bí mật Nhà nước, không được phép công khai theo quy định của pháp luật hoặc chỉ phổ biến trong phạm vi nội bộ theo quy định",
	"14.3": "nội dung không chính xác, không đúng sự thật",
	"14.4": "nội dung đã được đăng tải trên Cổng Thông tin điện tử Bộ Tư pháp",
	"14.5": "không bảo đảm chất lượng về mặt nội dung, hình ảnh",
	"14.6": "quá thời hạn gửi đăng tải",
}

// Ground returns the words of a Điều 14 ground ("14.3") and its citation
// ("khoản 3 Điều 14"); an unknown ground is an error.
func Ground(id string) (words, article string, err error) {
	w, ok := grounds[id]
	if !ok {
		return "", "", fmt.Errorf("notice: unknown Điều 14 ground %q", id)
	}
	return w, "khoản " + id[len("14."):] + " Điều 14", nil
}
