package classify

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Article numbers of the grounds software can see (Điều 14). 14.1 (against
// Party lines, State policy) and 14.3 (inaccurate, untrue) are for people.
const (
	GroundSecret    = "14.2"
	GroundPublished = "14.4"
	GroundQuality   = "14.5"
	GroundLate      = "14.6"
)

var groundArticles = map[string]string{
	GroundSecret: "Điều 14 khoản 2", GroundPublished: "Điều 14 khoản 4", GroundQuality: "Điều 14 khoản 5", GroundLate: "Điều 14 khoản 6",
}

func (c *context) flag(f Flag) {
	f.Article = groundArticles[f.Ground]
	if f.Evidence == nil {
		f.Evidence = []string{}
	}
	c.res.Screening.Flags = append(c.res.Screening.Flags, f)
	if !slices.Contains(c.res.Screening.Grounds, f.Ground) {
		c.res.Screening.Grounds = append(c.res.Screening.Grounds, f.Ground)
	}
}

func (c *context) screen() {
	c.res.Screening = Screening{Grounds: []string{}, Flags: []Flag{}}
	if c.res.Kind != "auto_reply" {
		c.screenSecrecy()
	}
	if c.res.Kind == "publish" {
		c.screenQuality()
		c.screenLate()
		c.screenDuplicates()
	}
	sort.Strings(c.res.Screening.Grounds)
}

// ---- 14.2 secrecy and internal-circulation marks ----

func (c *context) screenSecrecy() {
	var ev []string
	seen := map[string]bool{}
	add := func(mark, where string) {
		k := mark + "|" + where
		if !seen[k] {
			seen[k] = true
			ev = append(ev, fmt.Sprintf("dấu %q trong %s", mark, where))
		}
	}
	if m := c.in.Document.Secrecy; m != "" {
		add(m, "văn bản ("+docWhere(c.in.DocumentSource)+")")
	}
	look := func(text, where string) {
		if text == "" {
			return
		}
		h := newHaystack(text)
		for _, p := range c.rs.Secrecy.marks {
			if h.has(p) {
				add(p.src, where)
			}
		}
		for _, m := range upperMarks(text, c.rs.Secrecy.UpperMarks, c.rs.Secrecy.NotBefore) {
			add(m, where)
		}
	}
	look(c.in.Subject, "tiêu đề")
	look(c.in.Body, "nội dung thư")
	walkAttachments(c.in.Attachments, func(a Attachment) {
		look(a.Text, "tệp "+a.Filename)
	})
	if len(ev) == 0 {
		return
	}
	c.res.Screening.Quarantine = true
	c.flag(Flag{Ground: GroundSecret, Message: "có dấu độ mật hoặc phạm vi lưu hành: cách ly, không chuyển tiếp; Thường trực Ban Biên tập xác nhận", Evidence: ev})
}

func docWhere(src string) string {
	if src == "body" {
		return "nội dung thư"
	}
	if n, ok := strings.CutPrefix(src, "attachment:"); ok {
		return "tệp " + n
	}
	return src
}

// upperMarks finds marks written in capitals as whole words, not right
// after one of notBefore ("BÍ MẬT" is no mark).
func upperMarks(text string, marks, notBefore []string) []string {
	if len(marks) == 0 {
		return nil
	}
	var found []string
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) })
	for i, w := range words {
		for _, m := range marks {
			if Words(w) != Words(m) || w != strings.ToUpper(w) {
				continue
			}
			if i > 0 && slices.ContainsFunc(notBefore, func(n string) bool { return Words(n) == Words(words[i-1]) }) {
				continue
			}
			if !slices.Contains(found, m) {
				found = append(found, m)
			}
		}
	}
	return found
}

// ---- 14.5 quality of content and images ----

func (c *context) screenQuality() {
	in := c.in
	var images, unreadable, garbled, tiny []string
	photos, tinyPhotos := 0, 0
	readable := in.Document.Found && !ocrSource(in)
	walkAttachments(in.Attachments, func(a Attachment) {
		switch {
		case a.ContentType == "message/rfc822" || isReport(a.ContentType):
			return
		case strings.HasPrefix(a.Method, "ocr"):
			if len([]rune(a.Text)) >= c.rs.Thresholds.DocumentOCRChars || ("attachment:"+a.Filename == in.DocumentSource) {
				images = append(images, a.Filename)
			} else {
				photos += max(a.Images, 1)
				tinyPhotos += a.TinyImages
			}
		case a.Error != "" || a.NeedsHuman:
			why := a.Error
			if why == "" {
				why = a.HumanReason
			}
			unreadable = append(unreadable, fmt.Sprintf("%s: %s", a.Filename, why))
		case a.Garbled:
			garbled = append(garbled, a.Filename)
		default:
			if a.Images > 0 && strings.HasPrefix(a.ContentType, "image/") {
				photos += a.Images
				tinyPhotos += a.TinyImages
			} else if len(strings.TrimSpace(a.Text)) > 0 {
				readable = true
			}
		}
		if a.TinyImages > 0 && !strings.HasPrefix(a.ContentType, "image/") && !strings.HasPrefix(a.Method, "ocr") {
			tiny = append(tiny, fmt.Sprintf("%s: %d ảnh quá nhỏ", a.Filename, a.TinyImages))
		}
	})
	if len(images) > 0 {
		c.flag(Flag{Ground: GroundQuality, Message: "văn bản chỉ có dạng ảnh (bản quét hoặc ảnh chụp), không có lớp chữ: cần người kiểm tra chất lượng", Evidence: prefix("tệp ", images)})
	}
	body := len(strings.Fields(cutSignature(c.own)))
	if len(unreadable) > 0 && !readable && len(images) == 0 {
		c.flag(Flag{Ground: GroundQuality, Message: "tệp đính kèm không đọc được và không có bản đọc được khác", Evidence: unreadable})
	}
	if len(garbled) > 0 && !readable {
		c.flag(Flag{Ground: GroundQuality, Message: "chữ trong tệp bị lỗi phông (TCVN3/VNI hoặc mã hóa lạ)", Evidence: prefix("tệp ", garbled)})
	}
	if photos > 0 && tinyPhotos >= photos {
		c.flag(Flag{Ground: GroundQuality, Message: "ảnh gửi kèm quá nhỏ để đăng tải", Evidence: []string{fmt.Sprintf("%d/%d ảnh dưới kích thước tối thiểu", tinyPhotos, photos)}})
	} else if len(tiny) > 0 && !readable {
		c.flag(Flag{Ground: GroundQuality, Message: "ảnh trong tệp quá nhỏ", Evidence: tiny})
	}
	if len(in.Attachments) == 0 && body == 0 && !in.Document.Found && !in.HeaderOnly {
		c.flag(Flag{Ground: GroundQuality, Message: "không có nội dung để đăng tải (thư không có nội dung, không có tệp đính kèm)", Evidence: []string{}})
	}
}

// ocrSource: the document was read by OCR from an image.
func ocrSource(in Input) bool {
	n, ok := strings.CutPrefix(in.DocumentSource, "attachment:")
	if !ok {
		return false
	}
	for _, a := range in.Attachments {
		if a.Filename == n {
			return strings.HasPrefix(a.Method, "ocr")
		}
	}
	return false
}

func prefix(p string, xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = p + x
	}
	return out
}

// ---- 14.6 late: received after the Điều 10 sending deadline ----

func (c *context) screenLate() {
	if c.opts.Calendar == nil || len(c.opts.DeadlineRules) == 0 || c.in.ReceivedAt.IsZero() {
		return
	}
	f := deadline.Facts{Class: deadline.Class(c.res.Timing), ReceivedAt: c.in.ReceivedAt}
	var from string
	if d, err := workday.ParseDate(c.in.Document.SignedOn); err == nil && c.in.Document.SignedOn != "" {
		f.SignedOn = d
		from = "ngày ký " + d.String()
	}
	if c.res.Timing == string(deadline.NewsEvent) {
		if d, snip, ok := EventDate(c.own, c.in.ReceivedAt); ok {
			f.EventOn = d
			from = fmt.Sprintf("ngày diễn ra sự kiện %s (%q)", d, snip)
		}
	}
	for _, d := range deadline.Applicable(c.opts.Calendar, c.opts.DeadlineRules, f) {
		if d.Rule.Stop != deadline.Received || !strings.HasPrefix(d.Rule.ID, "10.") {
			continue
		}
		// Late only when working time passed between the due instant and
		// the receipt: mail arriving at 17:12 on the last day, after
		// office hours, comes in no working minute late.
		if !c.in.ReceivedAt.After(d.Due) || c.opts.Calendar.WorkingBetween(d.Due, c.in.ReceivedAt) <= 0 {
			continue
		}
		c.flag(Flag{Ground: GroundLate, Rule: d.Rule.ID, ReceivedAt: c.in.ReceivedAt, DueAt: d.Due,
			Message:  fmt.Sprintf("gửi quá thời hạn %s: hạn gửi %s, tiếp nhận %s", d.Rule.Article, viTime(d.Due), viTime(c.in.ReceivedAt)),
			Evidence: []string{"tính từ " + from}})
	}
}

func viTime(t interface{ Format(string) string }) string {
	return t.Format("15:04 02/01/2006")
}

// ---- 14.4 near-duplicate of an earlier submission or a published item ----

func (c *context) screenDuplicates() {
	if len(c.opts.Earlier) == 0 {
		return
	}
	fp := NewFingerprint(ContentText(c.in))
	th := c.rs.Thresholds
	if fp.Shingles < th.DuplicateMinShingles {
		return
	}
	var best *Match
	mine := shingles(fp.Text)
	for _, e := range c.opts.Earlier {
		if e.Ref == c.opts.Self || e.Fingerprint.Shingles < th.DuplicateMinShingles {
			continue
		}
		if !e.At.IsZero() && !c.in.ReceivedAt.IsZero() && e.At.After(c.in.ReceivedAt) {
			continue
		}
		if len(e.Fingerprint.Signature) == SignatureSize && e.Fingerprint.Estimate(fp) < minEstimate {
			continue
		}
		var j, k float64
		if e.Fingerprint.Text != "" {
			j, k = compareSets(mine, shingles(e.Fingerprint.Text))
		} else {
			j, k = Compare(fp, e.Fingerprint)
		}
		if j < th.DuplicateJaccard && k < th.DuplicateContainment {
			continue
		}
		m := &Match{Source: e.Source, Ref: e.Ref, Title: e.Title, At: e.At, Jaccard: round(j), Containment: round(k)}
		if best == nil || m.Jaccard+m.Containment > best.Jaccard+best.Containment {
			best = m
		}
	}
	if best == nil {
		return
	}
	what := "tin, bài đã đăng trên Cổng"
	if best.Source == "submission" {
		what = "thông tin đã gửi trước đó"
	}
	c.flag(Flag{Ground: GroundPublished, Match: best,
		Message:  fmt.Sprintf("gần trùng với %s: %s", what, best.Ref),
		Evidence: []string{fmt.Sprintf("độ tương đồng %.2f, tỷ lệ trùng %.2f", best.Jaccard, best.Containment), best.Title}})
}

func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
