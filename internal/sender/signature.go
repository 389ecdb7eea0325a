package sender

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/moj-portal/tiepnhan/internal/fold"
)

// signOff matches the closing of a letter before the signature block, and
// the "-- " signature delimiter (RFC 3676 §4.3).
// The closing may start with the writer's pronoun ("Em cảm ơn!", "Tôi xin
// cảm ơn", "Chúng tôi trân trọng cảm ơn") and thank someone ("Cảm ơn Ban
// Biên tập").
var signOff = regexp.MustCompile(`^(?:(?:(?:em|toi|chung\s+(?:toi|em)|minh)\s+)?(?:(?:xin\s+)?tran\s+trong(?:\s+cam\s+on|\s+kinh\s+chao)?|than\s+ai|kinh\s+thu|kinh\s+chao|(?:xin\s+)?(?:chan\s+thanh\s+)?cam\s+on(?:\s+(?:ban\s+bien\s+tap|ban|anh\s*/?\s*chi|nhieu))?)|(?:best|kind|warm)\s+regards|regards|thanks|thank\s+you|--)[\s,.!/]*$`)

// positions are posts that open a title line, lower-case with diacritics.
var positions = []string{
	"chuyên viên cao cấp", "chuyên viên chính", "chuyên viên", "cán bộ", "công chức", "viên chức",
	"nhân viên", "cán sự", "phó trưởng phòng", "trưởng phòng", "phó trưởng ban", "trưởng ban",
	"phó giám đốc", "giám đốc", "phó vụ trưởng", "vụ trưởng", "phó cục trưởng", "cục trưởng",
	"phó chánh văn phòng", "chánh văn phòng", "chánh thanh tra", "thanh tra viên", "phó chủ tịch",
	"chủ tịch", "phó tổng biên tập", "tổng biên tập", "thư ký tòa soạn", "thư ký", "kế toán",
	"phóng viên", "biên tập viên", "cộng tác viên", "giảng viên", "nghiên cứu viên", "luật sư",
	"công chứng viên", "chấp hành viên", "thẩm tra viên", "thẩm phán", "kiểm sát viên",
	"trợ giúp viên pháp lý", "tư vấn viên", "thừa phát lại", "đấu giá viên", "giáo viên",
	"sinh viên", "học viên", "trợ lý", "văn thư", "hiệu trưởng", "phó viện trưởng", "viện trưởng",
	"tổ trưởng", "đội trưởng", "chủ nhiệm", "bí thư", "ủy viên", "uỷ viên", "kỹ sư", "chuyên gia",
	"phó trưởng", "trưởng", "phó",
	// English items for the English version come with English signatures.
	"official", "officer", "programme officer", "program officer", "project officer",
	"legal officer", "press officer", "director", "deputy director", "director general",
	"deputy director general", "head", "deputy head", "specialist", "senior", "expert",
	"editor", "reporter", "journalist", "lecturer", "professor", "researcher", "lawyer",
	"attorney", "counsel", "secretary", "first secretary", "assistant", "coordinator",
	"manager", "consultant", "adviser", "advisor", "intern", "chief",
}

// organizations open the name of a unit or organisation, lower-case with
// diacritics.
var organizations = []string{
	"bộ", "vụ", "cục", "tổng cục", "chi cục", "sở", "phòng", "ban", "văn phòng", "viện",
	"học viện", "trường", "đại học", "trung tâm", "công ty", "tổng công ty", "tập đoàn",
	"ủy ban", "uỷ ban", "ubnd", "hđnd", "hội đồng", "tòa án", "toà án", "tand", "viện kiểm sát",
	"báo", "tạp chí", "đài", "thanh tra", "đoàn luật sư", "hội luật gia", "liên đoàn", "hiệp hội",
	"hội", "cơ quan", "công an", "bệnh viện", "ngân hàng", "doanh nghiệp", "hợp tác xã",
	"cổng thông tin", "trang thông tin", "đảng ủy", "tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy",
	"cổng ttđt", "trang ttđt",
}

// foldedOf folds a keyword list for text typed without diacritics. "trưởng"
// and "trường" fold alike, so "truong" is read as a post there.
func foldedOf(words []string) []string {
	out := make([]string, 0, len(words))
	for _, w := range words {
		out = append(out, fold.String(w))
	}
	return out
}

var positionsASCII, organizationsASCII = foldedOf(positions), foldedOf(organizations)

// hasDiacritics reports whether s has a non-ASCII letter.
func hasDiacritics(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// keywordAt returns the length (in bytes of the lower-cased text) of the
// keyword of list that s starts with, or 0. The keyword must end at a word
// boundary.
func keywordAt(lower string, list []string) int {
	best := 0
	for _, k := range list {
		if strings.HasPrefix(lower, k) && len(k) > best {
			if r, _ := utf8.DecodeRuneInString(lower[len(k):]); len(lower) == len(k) || !unicode.IsLetter(r) {
				best = len(k)
			}
		}
	}
	return best
}

// lists returns the keyword lists and the form of s to match them on.
func lists(s string) (lower string, pos, org []string) {
	if hasDiacritics(s) {
		return strings.ToLower(s), positions, organizations
	}
	return strings.ToLower(s), positionsASCII, organizationsASCII
}

// isPosition reports whether s starts with a post ("Chuyên viên", "Phó
// Vụ trưởng").
func isPosition(s string) bool {
	lower, pos, _ := lists(s)
	return keywordAt(lower, pos) > 0
}

// orgStart returns the byte index in s of the first capitalised word that
// opens an organisation name ("Vụ Pháp chế" in "Chuyên viên Vụ Pháp chế"),
// or -1.
func orgStart(s string) int {
	lower, _, org := lists(s)
	if len(lower) != len(s) {
		return -1 // lower-casing changed the length: offsets would not line up
	}
	for i, r := range s {
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			if unicode.IsLetter(prev) || unicode.IsDigit(prev) {
				continue
			}
		}
		if !unicode.IsUpper(r) {
			continue
		}
		if keywordAt(lower[i:], org) > 0 {
			return i
		}
	}
	return -1
}

// personName reports whether s looks like a person's name: two to six
// words, each capitalised (or the whole name in capitals), letters only,
// and not a post or an organisation.
func personName(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 6 || len(s) > 80 {
		return false
	}
	for _, w := range words {
		for k, r := range w {
			if !unicode.IsLetter(r) || (k == 0 && !unicode.IsUpper(r)) {
				return false
			}
		}
	}
	return !isPosition(s) && orgStart(s) != 0
}

// englishOrg finds the kind of an organisation in an English signature
// line, where it comes last ("International Cooperation Department, Ministry
// of Justice", "Juriscoop cooperation programme").
var englishOrg = regexp.MustCompile(`(?i)\b(?:ministry|department|agency|office|institute|university|academy|programme|program|project|embassy|consulate|association|federation|foundation|company|corporation|bar|court|centre|center|council|committee|commission|organi[sz]ation|bureau|division|firm|ltd|llc|inc|gmbh|newspaper|magazine|journal)\b`)

// englishOrgLine reports whether an unlabelled signature line names an
// organisation in English: capitalised, no digits, an organisation word.
func englishOrgLine(s string) bool {
	return !hasDiacritics(s) && startsUpper(s) && !strings.ContainsAny(s, "0123456789") && englishOrg.MatchString(s)
}

// deviceLine matches the footer a phone or a mail app adds under the
// sender's own signature ("Sent from my iPhone", "Gửi từ iPhone của tôi").
var deviceLine = regexp.MustCompile(`^(?:sent\s+from|sent\s+with|get\s+outlook\s+for|(?:duoc\s+)?gui\s+tu\s+(?:iphone|ipad|android|samsung|dien\s+thoai|thiet\s+bi|outlook|my|yahoo|gmail))\b`)

// honorific matches academic and professional prefixes before a name in a
// signature ("TS. Nguyễn Văn A", "PGS.TS. Lê B", "LS. Trần C").
var honorific = regexp.MustCompile(`^(?:(?:PGS|GS|TS|ThS|CN|KS|LS|BS|NCS)\.\s*)+`)

// addressWords suggest an unlabelled line is an address.
var addressWords = regexp.MustCompile(`(?:^|\s)(?:so nha|so \d+[a-z]?|ngo|ngach|hem|duong|pho|phuong|quan|huyen|xa|thi tran|thi xa|tinh|thanh pho|tp\.?)\s`)

// maxSignatureLines bounds a signature block.
const maxSignatureLines = 8

// signatureValues reads an unlabelled signature block after the last
// sign-off ("Trân trọng,") of the text: the name on the first line, then
// "title, organisation" lines, an organisation, a bare phone number or an
// address. Labelled parts of these lines are left to labelledValues.
func signatureValues(lines []line) []candidate {
	at := -1
	for i, l := range lines {
		if signOff.MatchString(l.f) {
			at = i
		}
	}
	if at < 0 {
		at = trailingBlock(lines)
	}
	if at < 0 {
		return nil
	}
	var out []candidate
	var orgs []string
	seen, blanks := 0, 0
	for i := at + 1; i < len(lines) && seen < maxSignatureLines; i++ {
		l := lines[i]
		if l.s == "" {
			if seen > 0 {
				blanks++
				if blanks > 1 {
					break
				}
			}
			continue
		}
		blanks = 0
		seen++
		text := l.s
		if labs := findLabels(l); len(labs) > 0 {
			text = cleanValue(l.span(0, labs[0].start))
		}
		if text == "" || strings.Contains(text, "@") || strings.Contains(strings.ToLower(text), "http") {
			continue
		}
		switch {
		case seen == 1 && personName(honorific.ReplaceAllString(text, "")):
			out = append(out, candidate{keyName, honorific.ReplaceAllString(text, "")})
		case isPosition(text):
			title, org := splitTitle(text)
			out = append(out, candidate{keyTitle, title})
			if org != "" {
				orgs = append(orgs, org)
			}
		case orgStart(text) == 0 || englishOrgLine(text):
			orgs = append(orgs, text)
		case looksLikePhone(text):
			out = append(out, candidate{keyPhone, text})
		case strings.Contains(text, ",") && addressWords.MatchString(fold.String(text)+" "):
			out = append(out, candidate{keyAddress, text})
		}
	}
	if len(orgs) > 0 {
		out = append(out, candidate{keyOrganization, strings.Join(orgs, ", ")})
	}
	return out
}

// trailingBlock finds a signature block written without a closing line: the
// last paragraph of a text, set apart from the message above it by a blank
// line, that opens with a person's name and goes on with a post, a unit or
// labelled data ("Nguyễn Văn A" / "Chuyên viên - Vụ Pháp chế" / "ĐT: …").
// It returns the index of the line before the block, or -1. A text that is
// nothing but such lines is not guessed at: there is no message to sign.
func trailingBlock(lines []line) int {
	end := len(lines) - 1
	for end >= 0 && (lines[end].s == "" || deviceLine.MatchString(lines[end].f)) {
		end--
	}
	start := end
	for start > 0 && lines[start-1].s != "" {
		start--
	}
	if start <= 0 || end-start+1 < 2 || end-start+1 > maxSignatureLines {
		return -1
	}
	message := false
	for _, l := range lines[:start] {
		if l.s != "" {
			message = true
			break
		}
	}
	if !message || !personName(honorific.ReplaceAllString(lines[start].s, "")) {
		return -1
	}
	for _, l := range lines[start+1 : end+1] {
		if len(findLabels(l)) > 0 || isPosition(l.s) || orgStart(l.s) == 0 {
			return start - 1
		}
	}
	return -1
}

// splitTitle splits "Chuyên viên, Vụ Pháp chế" or "Chuyên viên Vụ Pháp chế"
// into the title and the organisation.
func splitTitle(s string) (title, org string) {
	// The first separator ends the title: "Chuyên viên - Phòng Hộ tịch,
	// Cục Hành chính tư pháp" is a title and a unit with its parent.
	comma, dash := strings.Index(s, ","), strings.Index(s, " - ")
	seps := []string{",", " - "}
	if dash >= 0 && (comma < 0 || dash < comma) {
		seps = []string{" - ", ","}
	}
	for _, sep := range seps {
		if t, o, ok := strings.Cut(s, sep); ok && isPosition(t) {
			return strings.TrimSpace(t), cleanValue(o)
		}
	}
	lower, pos, _ := lists(s)
	n := keywordAt(lower, pos)
	if n > 0 && len(lower) == len(s) {
		if i := orgStart(s[n:]); i >= 0 {
			return strings.TrimSpace(s[:n+i]), cleanValue(s[n+i:])
		}
	}
	return s, ""
}

// looksLikePhone reports whether a line is mostly a phone number.
func looksLikePhone(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits++
		}
	}
	if digits < 9 || digits*2 < len(s) {
		return false
	}
	for _, n := range numbers(s) {
		if _, err := Phone(n); err == nil {
			return true
		}
	}
	return false
}
