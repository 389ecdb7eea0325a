package sender

import (
	"regexp"
	"strings"
	"unicode"
)

// labelDef is one kind of label of a form or signature ("Họ và tên:",
// "ĐT:"), as folded alternatives. An empty key is a label of something else
// ("Email:", "Ngày cấp:") that ends the value before it.
type labelDef struct {
	key, alt string
}

// labels are the labels of a "Phiếu gửi tin bài" and of signature blocks
// for the data of Điều 9 khoản 3. Earlier entries win at the same place
// ("Địa chỉ email:" is not an address).
var labels = []labelDef{
	{"", `dia\s*chi\s*(?:e-?mail|thu\s*dien\s*tu|website|trang\s*web)|e-?mail|thu\s*dien\s*tu|fax|website|zalo|facebook|ngay\s*sinh|nam\s*sinh|gioi\s*tinh|ngay\s*cap|noi\s*cap|cap\s*ngay|so\s*tai\s*khoan|stk|ngan\s*hang|but\s*danh|ten\s*bai(?:\s*viet)?|tieu\s*de|chuyen\s*muc|the\s*loai|ghi\s*chu|quoc\s*tich|dan\s*toc`},
	// "CCCD số:", "Căn cước công dân số:" put "số" after the label.
	{keyCitizenID, `(?:so\s*(?:the\s*)?(?:cccd|can\s*cuoc(?:\s*cong\s*dan)?|dinh\s*danh(?:\s*ca\s*nhan)?|cmnd\s*/\s*cccd|cmnd|cmt)|(?:the\s*)?can\s*cuoc\s*cong\s*dan|can\s*cuoc|cmnd\s*/\s*cccd|cccd\s*/\s*cmnd|cccd|cmnd|ma\s*dinh\s*danh|dinh\s*danh\s*ca\s*nhan)(?:\s*so)?`},
	{keyTaxCode, `ma\s*so\s*thue(?:\s*ca\s*nhan)?|mst`},
	// "Đ/c:" and "ĐC:" abbreviate "Địa chỉ:" in signatures.
	{keyAddress, `dia\s*chi(?:\s*lien\s*(?:he|lac))?(?:\s*thuong\s*tru|\s*co\s*quan|\s*nha\s*rieng)?|noi\s*o(?:\s*hien\s*nay)?|cho\s*o|d\s*/\s*c|dc`},
	{keyName, `ho\s*(?:va\s*)?ten(?:\s*(?:nguoi\s*gui|tac\s*gia|nguoi\s*cung\s*cap(?:\s*thong\s*tin)?))?|ten\s*(?:nguoi\s*gui|tac\s*gia)|nguoi\s*gui|tac\s*gia|nguoi\s*cung\s*cap(?:\s*thong\s*tin)?`},
	{keyTitle, `chuc\s*vu|chuc\s*danh`},
	{keyOrganization, `(?:ten\s*)?(?:don\s*vi|co\s*quan)(?:\s*/\s*(?:to\s*chuc|don\s*vi))?(?:\s*cong\s*tac)?|to\s*chuc|noi\s*cong\s*tac`},
	// Phone labels may be followed directly by the number ("ĐT 0912 …").
	{keyPhone, `so\s*dien\s*thoai(?:\s*lien\s*he|\s*di\s*dong)?|dien\s*thoai(?:\s*lien\s*he|\s*di\s*dong|\s*co\s*quan)?|dtdd|sdt|so\s*dt|dt|mobile|di\s*dong|tel|hotline|phone`},
}

// labelRe matches any label: a boundary, the label (one capture group per
// entry of labels), an optional note in brackets ("Điện thoại (di động):"),
// then ":" — or, for a phone label, the first character of the number.
var labelRe = func() *regexp.Regexp {
	note := `\s*(?:\([^)]{0,40}\)\s*)?`
	var alts []string
	for _, l := range labels {
		end := note + `:`
		if l.key == keyPhone {
			end = note + `(?::|\.?\s*[+(0-9])`
		}
		alts = append(alts, `(`+l.alt+`)`+end)
	}
	return regexp.MustCompile(`(?:^|[^\pL\pN])(?:` + strings.Join(alts, "|") + `)`)
}()

// maxLabelsPerLine bounds the labels read from one line.
const maxLabelsPerLine = 16

// found is a label in a line: the label at f[start:], its value from
// f[value:].
type found struct {
	key          string
	start, value int
}

// listPrefix is what may stand before a label at the start of a line:
// bullets and numbering ("1.", "a)", "-", "•").
var listPrefix = regexp.MustCompile(`^[\s\-+*•·–]*(?:(?:\d{1,2}|[a-z])[.)]\s*)?[\s\-+*•·–]*$`)

// findLabels returns the labels of a line, in order, not overlapping. A
// label is taken at the start of a line (after a bullet or a number) in any
// case, or inside a line when it is capitalised ("… - ĐT: 0912 …"), so a
// sentence that says "địa chỉ:" in passing is not a form.
func findLabels(l line) []found {
	if !strings.ContainsAny(l.f, ":0123456789") {
		return nil
	}
	var out []found
	for _, m := range labelRe.FindAllStringSubmatchIndex(l.f, maxLabelsPerLine) {
		for g, def := range labels {
			start, stop := m[2+2*g], m[3+2*g]
			if start < 0 {
				continue
			}
			end := m[1]
			if def.key == keyPhone && !strings.HasSuffix(l.f[:end], ":") {
				end-- // the digit, "+" or "(" that follows a label without ":"
			}
			if listPrefix.MatchString(l.f[:start]) || startsUpper(l.span(start, stop)) {
				out = append(out, found{def.key, start, end})
			}
			break
		}
	}
	return out
}

// placeholder matches an unfilled form field ("……", "....", "___").
var placeholder = regexp.MustCompile(`^[\s.…_\-–:/x*]*$`)

// noValue matches "không", "không có", "chưa có": nothing given. It is
// matched on the lower-cased value with its diacritics, so that a name such
// as "Khổng Minh Nguyệt" (which folds to "khong …") is not read as "không";
// noValueASCII is the same for text typed without diacritics, where only the
// whole value can tell ("khong", "khong co", "chua co").
var (
	noValue      = regexp.MustCompile(`^(?:không(?:\s*có)?|chưa\s*có|n/a|none)(?:$|[^\pL\pN])`)
	noValueASCII = regexp.MustCompile(`^(?:(?:khong|khong\s+co|chua\s+co)[^\pL\pN]*$|(?:khong|chua)\s+co\s)`)
)

// cleanValue trims a value of separators and its final period.
func cleanValue(s string) string {
	s = strings.Trim(s, " ,;|-–/\t")
	s = strings.TrimSuffix(s, ".")
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	if placeholder.MatchString(s) || noValue.MatchString(lower) || (!hasDiacritics(s) && noValueASCII.MatchString(lower)) {
		return ""
	}
	return s
}

// labelledValues reads every labelled value of the text.
func labelledValues(lines []line) []candidate {
	var out []candidate
	for i, l := range lines {
		labs := findLabels(l)
		for k, lab := range labs {
			if lab.key == "" {
				continue
			}
			end := len(l.f)
			if k+1 < len(labs) {
				end = labs[k+1].start
			}
			v := cleanValue(l.span(lab.value, end))
			if v == "" && k+1 == len(labs) && i+1 < len(lines) && len(findLabels(lines[i+1])) == 0 {
				// "Họ và tên:" with the value on the next line.
				v = cleanValue(lines[i+1].s)
			}
			if v != "" {
				out = append(out, candidate{lab.key, v})
			}
		}
	}
	return out
}

// startsUpper reports whether the first letter of s is upper case.
func startsUpper(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.IsUpper(r)
		}
	}
	return false
}
