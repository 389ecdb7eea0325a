package document

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/moj-portal/tiepnhan/internal/fold"
)

// Header anchors, matched on folded text (Decree 30/2020 Appendix I,
// section II: Quốc hiệu and tiêu ngữ, number and symbol, place and date).
var (
	// OCR may read a speck as a period between the words ("CỘNG HÒA XÃ
	// HỘI CHỦ NGHĨA. VIỆT NAM").
	nationalRe = regexp.MustCompile(`cong\s*hoa[\s.,]+xa[\s.,]+hoi[\s.,]+chu[\s.,]+nghia[\s.,]+viet[\s.,]+nam`)
	mottoRe    = regexp.MustCompile(`doc\s*lap\s*[-,.]?\s*tu\s*do\s*[-,.]?\s*hanh\s*phuc`)
	// numberRe matches "Số: 1319/QĐ-BTP", "So : 08/2025/TT-BTP", "Số:   /QĐ-BTP"
	// (a draft with the number left blank) and "Luật số: 67/2006/QH11".
	// Groups: number, year, symbol.
	numberRe = regexp.MustCompile(`\b(?:luat\s+)?so\s*:?\s*(\d{0,6})\s*/\s*(?:(\d{4})\s*/\s*)?([a-z][a-z0-9]*(?:-[a-z0-9]+)*)`)
	// dateWordsRe matches "ngày 05 tháng 01 năm 2020"; dateNumRe "ngày
	// 12/07/2024" and "05/8/2020". Groups: day, month, year.
	dateWordsRe = regexp.MustCompile(`ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})`)
	dateNumRe   = regexp.MustCompile(`(?:ngay\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b`)
	// annexRe finds the parent document of an annex: "(Ban hành kèm theo
	// Quyết định số: 1319/QĐ-BTP ngày 12/07/2024 …)".
	annexRe = regexp.MustCompile(`ban\s+hanh\s+kem\s+theo\s+`)
	// blankDateRe matches the place and date of a draft, left blank.
	blankDateRe = regexp.MustCompile(`^[^,]{2,40},\s*ngay\s*(?:thang\s*)?(?:nam\s*)?(?:\d{4})?\.?$`)
	// nationalPart matches a Quốc hiệu broken over two lines, which must not
	// be read as an issuing body.
	nationalPart = regexp.MustCompile(`^(?:cong\s*hoa\b|viet\s+nam$|xa\s+hoi\s+chu\s+nghia)`)
)

// anchorKind tells what a header piece is.
type anchorKind int

const (
	anchorNone anchorKind = iota
	anchorNational
	anchorMotto
	anchorNumber
	anchorDate
)

// piece is a cell of the header zone after anchors have been cut out of it.
type piece struct {
	cell
	kind anchorKind
	// Number anchors: number, year, symbol. Date anchors: place and the date.
	number, year, symbol string
	place, date          string
}

// splitAnchors cuts the header anchors out of a cell, so that a flattened
// line such as "BỘ TƯ PHÁP CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" or
// "Số: 12/BTP-CNTT Hà Nội, ngày 05 tháng 8 năm 2020" gives one piece per
// column, in order.
func splitAnchors(c cell) []piece {
	var out []piece
	for guard := 0; c.f != "" && guard < 16; guard++ {
		p, start, end, ok := firstAnchor(c)
		if !ok {
			break
		}
		if pre := c.sub(0, start); pre.s != "" {
			out = append(out, piece{cell: pre})
		}
		out = append(out, p)
		c = c.sub(end, len(c.f))
	}
	if c.s != "" {
		out = append(out, piece{cell: c})
	}
	return out
}

// firstAnchor finds the leftmost anchor in c and returns it with its folded
// byte range; a place-date anchor's range includes the place before it.
func firstAnchor(c cell) (p piece, start, end int, ok bool) {
	start = len(c.f) + 1
	try := func(kind anchorKind, loc []int) {
		if loc != nil && loc[0] < start {
			start, end, p.kind, ok = loc[0], loc[1], kind, true
		}
	}
	try(anchorNational, nationalRe.FindStringIndex(c.f))
	try(anchorMotto, mottoRe.FindStringIndex(c.f))
	if loc := findNumber(c); loc != nil {
		try(anchorNumber, loc)
	}
	if dp, s, e, found := findPlaceDate(c); found && s < start {
		start, end, ok = s, e, true
		p = dp
	}
	if !ok {
		return piece{}, 0, 0, false
	}
	p.cell = c.sub(start, end)
	if p.kind == anchorNumber {
		m := numberRe.FindStringSubmatchIndex(c.f[start:])
		p.number = c.span(start+m[2], start+m[3])
		if m[4] >= 0 {
			p.year = c.span(start+m[4], start+m[5])
		}
		// Keep the symbol's own spelling ("CT-TTg" has a lower-case g).
		p.symbol = c.span(start+m[6], start+m[7])
	}
	return p, start, end, true
}

// findNumber returns the range of a header "Số:" anchor. The word must be
// capitalised ("Số", "SỐ", "Luật số"), which a citation inside a sentence
// ("… Nghị định số 42/2022/NĐ-CP …") is not.
func findNumber(c cell) []int {
	for off, n := 0, 0; off < len(c.f) && n < maxAnchorTries; n++ {
		loc := numberRe.FindStringIndex(c.f[off:])
		if loc == nil {
			return nil
		}
		s, e := off+loc[0], off+loc[1]
		if startsUpper(c.span(s, min(e, s+4))) {
			return []int{s, e}
		}
		off = e
	}
	return nil
}

// maxAnchorTries bounds the matches tried per cell, so that a huge line
// costs linear time.
const maxAnchorTries = 8

// placeWindow is how far before ", ngày" a place name is looked for.
const placeWindow = 160

// findPlaceDate finds "Hà Nội, ngày 05 tháng 01 năm 2020" (or a numeric date
// after the place). A date with no place counts only when it fills the whole
// cell: a date inside a sentence is not the document's date.
func findPlaceDate(c cell) (p piece, start, end int, ok bool) {
	for off, n := 0, 0; off < len(c.f) && n < maxAnchorTries; n++ {
		loc, date := findDate(c.f[off:])
		if loc == nil {
			return piece{}, 0, 0, false
		}
		s, e := off+loc[0], off+loc[1]
		off = e
		pre := strings.TrimRight(c.f[:s], " ")
		if strings.HasSuffix(pre, ",") {
			// The place is the capitalised words just before the comma.
			ws := max(0, len(pre)-1-placeWindow)
			for ws > 0 && !utf8.RuneStart(c.f[ws]) {
				ws--
			}
			before := c.span(ws, len(pre)-1)
			words := strings.Fields(before)
			if ws > 0 && len(words) > 0 {
				words = words[1:] // may be cut
			}
			// A place in ordinary capitalisation stops at a word in
			// capitals: OCR and flattened layouts put the end of the
			// issuer's name on the same line ("PHẠM HÀNH CHÍNH Hà Nội,
			// ngày …"). "TP." and a place all in capitals are kept.
			k, mixed := 0, false
			for k < len(words) && k < 5 && placeWord(words[len(words)-1-k]) {
				w := words[len(words)-1-k]
				if capsWord(w) && mixed {
					break
				}
				mixed = mixed || !capsWord(w)
				k++
			}
			if k > 0 {
				place := strings.Join(words[len(words)-k:], " ")
				ps := strings.LastIndex(before, place)
				ps = ws + fold.ByteOffset(c.f[ws:], utf8.RuneCountInString(before[:ps]))
				return piece{kind: anchorDate, place: place, date: date}, ps, e, true
			}
		}
		if s == 0 && strings.Trim(c.f[e:], " .") == "" && strings.HasPrefix(c.f, "ngay") {
			return piece{kind: anchorDate, date: date}, s, e, true
		}
	}
	return piece{}, 0, 0, false
}

// capsWord reports whether w is a word in capitals of two letters or more
// without an abbreviation's period ("CHÍNH", not "TP." or "Hà").
func capsWord(w string) bool {
	return isUpper(w) && !strings.Contains(w, ".")
}

// placeWord reports whether w can be part of a place name: capitalised
// ("Hà", "Nội", "TP.", "Hồ").
func placeWord(w string) bool {
	return startsUpper(w) && !strings.ContainsAny(w, "/:;()")
}

// findDate finds the first valid date in folded text and returns its range
// and its ISO form. Invalid dates ("ngày 31 tháng 02 năm 2024") are skipped.
func findDate(f string) ([]int, string) {
	var best []int
	var iso string
	for _, re := range []*regexp.Regexp{dateWordsRe, dateNumRe} {
		for off, n := 0, 0; off < len(f) && n < maxAnchorTries; n++ {
			m := re.FindStringSubmatchIndex(f[off:])
			if m == nil {
				break
			}
			if m[2] > 0 && isDigit(f[off+m[2]-1]) {
				off += m[3]
				continue
			}
			if d, ok := isoDate(f[off+m[2]:off+m[3]], f[off+m[4]:off+m[5]], f[off+m[6]:off+m[7]]); ok {
				if best == nil || off+m[0] < best[0] {
					best, iso = []int{off + m[0], off + m[1]}, d
				}
				break
			}
			off += m[1]
		}
	}
	return best, iso
}

// isoDate validates day, month and year and returns YYYY-MM-DD.
func isoDate(day, month, year string) (string, bool) {
	d, err1 := strconv.Atoi(day)
	m, err2 := strconv.Atoi(month)
	y, err3 := strconv.Atoi(year)
	if err1 != nil || err2 != nil || err3 != nil || y < 1945 || y > 2200 || m < 1 || m > 12 || d < 1 {
		return "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), true
}

// header is what the header zone yields.
type header struct {
	national, motto bool
	number          *piece
	date            *piece
	issuers         []cell // upper-case body lines, top to bottom
	title           string
	titleCell       cell
	titleAt         int    // index in cells of the title, -1 if none
	vv              []cell // "V/v …" summary of a công văn
	marks           []cell // stamps cut out of flattened header lines
	start, end      int    // cells[start:end] is the header zone
}

// headerStart finds the first cell holding the Quốc hiệu, the tiêu ngữ or a
// "Số:" anchor, or -1.
func headerStart(cells []cell) int {
	for i, c := range cells {
		if len(c.s) > maxHeaderLine {
			continue
		}
		if nationalRe.MatchString(c.f) || mottoRe.MatchString(c.f) || findNumber(c) != nil {
			return i
		}
	}
	return -1
}

// maxIssuerLines bounds the upper-case lines read above the first anchor:
// a parent body and an issuer wrapped in a narrow column ("CỤC PHÁP LUẬT" /
// "QUỐC TẾ VÀ GIẢI" / "QUYẾT" / "TRANH CHẤP ĐẦU" / "TƯ QUỐC TẾ").
const maxIssuerLines = 8

// maxHeaderCells bounds the header zone; maxHeaderLine is the longest cell
// that can belong to it (a header line is short; a longer one is prose).
const (
	maxHeaderCells = 40
	maxHeaderLine  = 400
)

// readHeader reads the header zone that contains cells[h0]: the upper-case
// lines just above it (an issuer printed before the Quốc hiệu), then
// anchors, issuer lines, marks and the "V/v" summary, up to the type title,
// the "Kính gửi" block or the first line of body text.
func readHeader(cells []cell, h0 int) header {
	h := header{titleAt: -1, end: h0, start: h0}
	start := h0
	for i, n := h0-1, 0; i >= 0 && n < maxIssuerLines; i-- {
		c := cells[i]
		if c.blank() || separatorLine.MatchString(c.s) {
			continue
		}
		if !isUpper(c.s) || isMark(c) {
			break
		}
		if _, _, ok := matchTitle(c); ok {
			break
		}
		start, n = i, n+1
	}
	h.start = start
	inVV := false
	for i := start; i < len(cells) && i < h0+maxHeaderCells; i++ {
		h.end = i + 1
		c := cells[i]
		if c.blank() {
			inVV = false
			continue
		}
		if len(c.s) > maxHeaderLine {
			h.end = i
			return h
		}
		pieces := splitAnchors(c)
		// A type title stands on its own line: a piece cut from a line
		// that holds an anchor is a column of the header ("LUẬT" that ends
		// an issuer's name beside "Hà Nội, ngày …"), never the title.
		anchored := len(pieces) > 1 || (len(pieces) == 1 && pieces[0].kind != anchorNone)
		for _, p := range pieces {
			switch p.kind {
			case anchorNational:
				h.national = true
				continue
			case anchorMotto:
				h.motto = true
				continue
			case anchorNumber:
				if h.number == nil {
					h.number = &p
				}
				continue
			case anchorDate:
				if h.date == nil {
					h.date = &p
				}
				continue
			}
			switch {
			case isMark(p.cell):
				h.marks = append(h.marks, p.cell)
			case separatorLine.MatchString(p.s) || blankDateRe.MatchString(p.f) || p.f == "du thao" || p.f == "(du thao)":
			case isVV(p.f):
				h.vv, inVV = append(h.vv, p.cell), true
			case inVV && (startsLower(p.s) || !startsUpper(p.s)):
				h.vv = append(h.vv, p.cell)
			case strings.HasPrefix(p.f, "kinh gui"):
				h.end = i
				return h
			default:
				if name, rest, ok := matchTitle(p.cell); ok && !anchored {
					h.title, h.titleAt, h.titleCell = name, i, p.cell
					if rest.s != "" {
						h.titleCell = rest
					} else {
						h.titleCell = cell{}
					}
					return h
				}
				if !isUpper(p.s) {
					h.end = i
					return h
				}
				if len(h.vv) == 0 && h.number == nil && !nationalPart.MatchString(p.f) {
					h.issuers = append(h.issuers, p.cell)
				}
				inVV = false
			}
		}
	}
	return h
}

// isVV reports whether folded text opens a công văn's summary ("V/v",
// "Về việc"), Decree 30/2020 Appendix I, section II.5.b.
func isVV(f string) bool {
	return strings.HasPrefix(f, "v/v") || strings.HasPrefix(f, "ve viec ")
}

// issuerOf turns the upper-case header lines into the issuing body and its
// parent: the body is the last line, the parent the one above (Decree
// 30/2020 Appendix I, section II.2). Wrapped names are joined first: the
// header column is narrow (about 6 cm), so a long name breaks anywhere
// ("CỤC PHỔ BIẾN, GIÁO" / "DỤC PHÁP LUẬT" / "VÀ TRỢ GIÚP PHÁP LÝ"). A line
// that does not open with the kind of a body (BỘ, CỤC, VỤ, VIỆN, SỞ, …)
// continues the name above it.
func issuerOf(lines []cell) (issuer, parent cell) {
	var bodies []cell
	for _, c := range lines {
		c = trimNoise(c)
		if c.s == "" {
			continue
		}
		if n := len(bodies); n > 0 && (continues(bodies[n-1], c) || !bodyStart(c)) {
			bodies[n-1] = newCell(bodies[n-1].s+" "+c.s, bodies[n-1].line)
			continue
		}
		bodies = append(bodies, c)
	}
	switch n := len(bodies); n {
	case 0:
		return cell{}, cell{}
	case 1:
		return bodies[0], cell{}
	default:
		return bodies[n-1], bodies[n-2]
	}
}

// continues reports whether cur is the wrapped rest of the body name prev:
// "CỤC PHỔ BIẾN, GIÁO DỤC PHÁP LUẬT" / "VÀ TRỢ GIÚP PHÁP LÝ", or
// "ỦY BAN NHÂN DÂN" / "TỈNH BẮC NINH".
func continues(prev, cur cell) bool {
	if strings.HasPrefix(cur.f, "va ") || strings.HasPrefix(cur.f, "& ") || strings.HasPrefix(cur.f, "-") {
		return true
	}
	p := strings.TrimSpace(prev.f)
	if strings.HasSuffix(p, ",") || strings.HasSuffix(p, "-") || strings.HasSuffix(p, " va") {
		return true
	}
	if p == "uy ban nhan dan" || p == "hoi dong nhan dan" || p == "ubnd" || p == "hdnd" {
		for _, w := range []string{"tinh ", "thanh pho ", "tp ", "tp. ", "huyen ", "quan ", "thi xa ", "xa ", "phuong ", "thi tran "} {
			if strings.HasPrefix(cur.f, w) {
				return true
			}
		}
	}
	return false
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// bodyKinds are the words that open the name of an issuing body or of its
// parent (Decree 30/2020 Appendix I, section II.2; Law on Government
// Organisation; Decree 09/2026/NĐ-CP for the units of the Ministry), in
// capitals with diacritics. "BAN" must not match "BẢN", so they are compared
// on the original text; bodyKindsASCII serve text typed without diacritics.
var bodyKinds = []string{
	"BỘ", "CỤC", "TỔNG CỤC", "CHI CỤC", "VỤ", "VIỆN", "HỌC VIỆN", "VĂN PHÒNG", "THANH TRA",
	"BAN", "HỘI ĐỒNG", "HỘI", "HIỆP HỘI", "LIÊN ĐOÀN", "ĐOÀN", "SỞ", "PHÒNG", "TRUNG TÂM",
	"TRƯỜNG", "ĐẠI HỌC", "BÁO", "TẠP CHÍ", "NHÀ XUẤT BẢN", "ĐÀI", "CỔNG THÔNG TIN",
	"TRANG THÔNG TIN", "ỦY BAN", "UỶ BAN", "UBND", "HĐND", "CHÍNH PHỦ", "QUỐC HỘI", "THỦ TƯỚNG",
	"CHỦ TỊCH", "TÒA ÁN", "TOÀ ÁN", "CÔNG TY", "TỔNG CÔNG TY", "TẬP ĐOÀN", "CHI NHÁNH",
	"ĐẢNG ỦY", "ĐẢNG UỶ", "ĐẢNG BỘ", "CHI BỘ", "CÔNG ĐOÀN", "CƠ QUAN", "CÔNG AN", "KHO BẠC",
	"NGÂN HÀNG", "BỘ CHỈ HUY", "ĐẠI SỨ QUÁN", "LÃNH SỰ QUÁN", "TỔ CÔNG TÁC", "TỔ BIÊN TẬP",
	"HỘI ĐỒNG NHÂN DÂN", "ĐỘI",
}

var bodyKindsASCII = func() []string {
	out := make([]string, 0, len(bodyKinds))
	for _, k := range bodyKinds {
		out = append(out, fold.String(k))
	}
	return out
}()

// bodyStart reports whether a header line opens the name of a body.
func bodyStart(c cell) bool {
	s, kinds := strings.ToUpper(c.s), bodyKinds
	if !hasNonASCII(c.s) {
		s, kinds = c.f, bodyKindsASCII
	}
	for _, k := range kinds {
		if rest, ok := strings.CutPrefix(s, k); ok && (rest == "" || rest[0] == ' ') {
			return true
		}
	}
	return false
}

// hasNonASCII reports whether s has a byte outside ASCII.
func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// noiseEdges are marks that OCR leaves at the edges of a line from specks on
// the page ("'VỤ HỢP TÁC QUỐC", "BỘ TƯ PHÁP.", "“Thạch Văn Sơn").
const noiseEdges = "'‘’\"“”`"

// trimSpeck cuts single quote marks that OCR reads from specks at the start
// of a line of prose ("'Tố chức …"); double quotes may open a title there.
func trimSpeck(s string) string {
	return strings.TrimSpace(strings.TrimLeft(s, "'‘’`"))
}

// trimNoise cuts OCR specks from the edges of a header or signature line: quote
// marks on either side, and a final period, which neither a body's name nor
// a person's name ends with.
func trimNoise(c cell) cell {
	t := strings.Trim(c.s, noiseEdges+" ")
	t = strings.TrimRight(strings.TrimSuffix(t, "."), noiseEdges+" ")
	if t == c.s {
		return c
	}
	return newCell(t, c.line)
}
