package document

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Fields are the fields of an official document. The JSON names are a public
// contract (stored with each parsed attachment and served by the API).
type Fields struct {
	// Found tells whether the text looks like an official document at all.
	Found bool `json:"found"`
	// Number is the registration number as written ("1319", "08"); empty in
	// a draft whose number is left blank.
	Number string `json:"number"`
	// Year is the year group of a legal normative document's number
	// ("08/2025/TT-BTP" → 2025), 0 when the number has none.
	Year int `json:"year"`
	// Symbol is the symbol ("QĐ-BTP", "BTP-CNTT", "TT-BTP").
	Symbol string `json:"symbol"`
	// NumberSymbol is the whole "1319/QĐ-BTP" or "08/2025/TT-BTP".
	NumberSymbol string `json:"number_symbol"`
	// Type is the Vietnamese type name ("Quyết định", "Công văn", …), from the
	// title line or else from the symbol (Decree 30/2020 Appendix III).
	Type string `json:"type"`
	// Issuer is the issuing body ("CỤC CÔNG NGHỆ THÔNG TIN").
	Issuer string `json:"issuer"`
	// IssuerParent is the body above the issuer ("BỘ TƯ PHÁP").
	IssuerParent string `json:"issuer_parent"`
	// Place is the place of issue ("Hà Nội").
	Place string `json:"place"`
	// SignedOn is the date of signing, YYYY-MM-DD; Điều 10 khoản 1 counts
	// the sending deadline from it.
	SignedOn string `json:"signed_on"`
	// Summary is the trích yếu: the line(s) under the type title, or the
	// "V/v …" line(s) under a công văn's number.
	Summary string `json:"summary"`
	// Signer is the name of the person who signed.
	Signer string `json:"signer"`
	// SignerTitle is the signer's post ("THỨ TRƯỞNG").
	SignerTitle string `json:"signer_title"`
	// Authority is the signing authority: "KT.", "TL.", "TM.", "Q." or
	// "TUQ."; empty when the head signs in his own name.
	Authority string `json:"authority"`
	// AuthorityFor is the principal after the authority ("BỘ TRƯỞNG").
	AuthorityFor string `json:"authority_for"`
	// Secrecy is a secrecy or circulation mark ("MẬT", "TỐI MẬT",
	// "TUYỆT MẬT", "LƯU HÀNH NỘI BỘ", "XEM XONG TRẢ LẠI", "không phổ biến"),
	// the strictest when there are several (Điều 14 khoản 2).
	Secrecy string `json:"secrecy"`
	// Urgency is "HỎA TỐC", "THƯỢNG KHẨN" or "KHẨN".
	Urgency string `json:"urgency"`
	// Addressees is the "Kính gửi:" block, one entry per addressee.
	Addressees []string `json:"addressees"`
	// Recipients is the Nơi nhận list, one entry per line, without the
	// leading "-" and the final ";" or ".".
	Recipients []string `json:"recipients"`
	// PortalRecipient tells whether the Portal is among the recipients or
	// addressees (Điều 9 khoản 2).
	PortalRecipient bool `json:"portal_recipient"`
	// PortalForPosting tells whether the Portal is named "để đăng tải".
	PortalForPosting bool `json:"portal_for_posting"`
	// Evidence gives, for each field found (by JSON name), the source line.
	Evidence map[string]string `json:"evidence"`
}

// summaryStop ends a summary: the preamble, the articles, the issuing
// authority line, headings and lists.
var summaryStop = regexp.MustCompile(`^(?:can cu|thuc hien|xet de nghi|theo de nghi|dieu \d|chuong [ivxlc\d]|phan [ivxlc\d]|muc \d|[ivxlc]+\.|\d+\.|[a-z]\)|kinh gui|noi nhan|-|\+|bo truong|thu truong|cuc truong|vu truong|tong cuc truong|chanh van phong|giam doc|chu tich|thu tuong|vien truong|hieu truong|truong ban|uy ban nhan dan|hoi dong|chinh phu|quoc hoi|ban chap hanh|ban thuong vu|ban bien tap|tong giam doc|quyet dinh\s*:|nghi quyet\s*:)`)

// maxSummaryLines bounds the summary.
const maxSummaryLines = 4

// bodyOpening matches the first words of a body paragraph that text
// extraction may put right under the summary, without the blank line that
// the page shows as spacing: a date or a period ("Ngày 23 tháng 01 năm
// 2026, …", "Năm 2025, …", "Trong quý I năm 2026, …") or a purpose ("Để
// bảo đảm …"). A trích yếu names a matter; it does not open with these.
var bodyOpening = regexp.MustCompile(`^(?:ngay\s*\d|nam\s*\d{4}\s*,|trong\s+(?:quy|thang|nam|tuan|thoi\s+gian|nhung|dip)\b|thoi\s+gian\s+qua|hien\s+nay|vua\s+qua|sau\s+khi|nham\s|de\s+(?:bao\s+dam|dam\s+bao|trien\s+khai|thuc\s+hien|nang\s+cao|tang\s+cuong|kip\s+thoi))`)

// sentenceEnd finds the end of a sentence inside or at the end of a line: a
// period, colon or semicolon after a lower-case letter, a digit or a
// bracket. A trích yếu is a phrase without one ("TP. Hồ Chí Minh" is not a
// sentence end).
var sentenceEnd = regexp.MustCompile(`[\p{Ll}\d)”"][.:;](?:\s|$)`)

// readSummary reads the trích yếu after the title: the rest of the title
// line, then lines in the same case style up to a blank line or a stop. A
// line that holds a sentence ends it too: it is the body's first paragraph,
// which DOCX and PDF text put on the next line.
func readSummary(cells []cell, from int, first cell) (string, int) {
	var parts []string
	line := -1
	upper := false
	if first.s != "" {
		parts, line, upper = append(parts, trimSpeck(first.s)), first.line, isUpper(first.s)
	}
	for i := from; i < len(cells) && len(parts) < maxSummaryLines; i++ {
		c := cells[i]
		if c.blank() {
			if len(parts) > 0 {
				break
			}
			continue
		}
		if separatorLine.MatchString(c.s) || summaryStop.MatchString(c.f) || bodyOpening.MatchString(c.f) || isMark(c) {
			break
		}
		if len(parts) > 0 && sentenceEnd.MatchString(c.s) {
			break
		}
		if len(parts) > 0 && 5*utf8.RuneCountInString(parts[len(parts)-1]) < 3*utf8.RuneCountInString(c.s) {
			// A wrapped line fills the width before the next begins: a
			// short line followed by a much longer one ends the summary,
			// and the long one opens the body (a DOCX paragraph is one
			// line).
			break
		}
		if _, _, ok := authorityOf(c); ok {
			break
		}
		if len(parts) == 0 {
			line, upper = c.line, isUpper(c.s)
		} else if isUpper(c.s) != upper {
			break
		}
		parts = append(parts, trimSpeck(c.s))
	}
	return strings.TrimSpace(strings.Join(parts, " ")), line
}

// Parse reads the fields of an official document from plain text. It never
// fails: what it cannot find stays empty, and Found is false when the text
// does not look like an official document.
func Parse(text string) Fields {
	lines, cells := prepare(text)
	p := &fieldsReader{
		f:     Fields{Addressees: []string{}, Recipients: []string{}, Evidence: map[string]string{}},
		lines: lines, cells: cells, h: header{titleAt: -1}, dateLine: -1,
	}
	p.header()
	p.numberAndDate()
	p.issuer()
	p.typeAndSummary()
	p.marks()
	p.addresseesAndRecipients()
	p.signature()
	p.closing()
	p.f.Found = p.signals >= 3 || (p.symbol != "" && p.h.number != nil && (p.date != "" || p.title != "" || len(p.h.vv) > 0))
	return p.f
}

// fieldsReader is the state of Parse: the fields found so far, what later
// steps need of earlier ones, and the count of signals that the text is an
// official document.
type fieldsReader struct {
	f       Fields
	lines   []string
	cells   []cell
	signals int
	// body is the first cell after the header and the title.
	body int
	h    header
	// h0 is the header's first cell, -1 without a header.
	h0 int

	numberCell        cell
	symbol, annexType string
	dateLine          int
	date              string
	title             string
}

// ev records the source line of a field found.
func (p *fieldsReader) ev(key string, line int) {
	if line >= 0 && line < len(p.lines) {
		p.f.Evidence[key] = p.lines[line]
	}
}

// header reads the header (national motto, issuer, number, date, title)
// and keeps only the first document's cells.
func (p *fieldsReader) header() {
	p.h0 = headerStart(p.cells)
	if p.h0 < 0 {
		return
	}
	p.h = readHeader(p.cells, p.h0)
	p.body = p.h.end
	if p.h.national || p.h.motto {
		p.signals++
	}
	// Only the first document counts: the texts of a ZIP's members or
	// of a PDF that holds several documents come one after another.
	p.cells = p.cells[:nextDocument(p.cells, p.h.end)]
}

// numberAndDate reads the number and symbol: the header's "Số:", else the
// annex reference "(Ban hành kèm theo Quyết định số: 1319/QĐ-BTP ngày
// 12/07/2024 …)"; and the place and date of signing.
func (p *fieldsReader) numberAndDate() {
	number, year, place := "", "", ""
	if p.h.number != nil {
		p.numberCell, number, year, p.symbol = p.h.number.cell, p.h.number.number, p.h.number.year, p.h.number.symbol
	} else if c, name, ref, ok := annexRef(p.cells); ok {
		p.numberCell, number, year, p.symbol = c, ref.number, ref.year, ref.symbol
		p.annexType = name
		if ref.date != "" {
			p.dateLine, p.date = c.line, ref.date
		}
	}
	if p.symbol != "" {
		p.signals++
		p.f.Number, p.f.Symbol = number, p.symbol
		p.f.NumberSymbol = number + "/" + p.symbol
		if year != "" {
			p.f.NumberSymbol = number + "/" + year + "/" + p.symbol
			p.f.Year, _ = strconv.Atoi(year)
		}
		p.ev("number", p.numberCell.line)
		p.ev("symbol", p.numberCell.line)
		p.ev("number_symbol", p.numberCell.line)
	}
	if p.h.date != nil {
		p.dateLine, p.date, place = p.h.date.line, p.h.date.date, p.h.date.place
	}
	if p.date != "" {
		p.signals++
		p.f.SignedOn = p.date
		p.ev("signed_on", p.dateLine)
	}
	if place != "" {
		p.f.Place = place
		p.ev("place", p.dateLine)
	}
}

// issuer reads the issuing body and the body above it.
func (p *fieldsReader) issuer() {
	issuer, parent := issuerOf(p.h.issuers)
	if issuer.s == "" {
		return
	}
	p.f.Issuer = issuer.s
	p.ev("issuer", issuer.line)
	if parent.s != "" {
		p.f.IssuerParent = parent.s
		p.ev("issuer_parent", parent.line)
	}
}

// typeAndSummary reads the type and the summary: the title line, else
// the "V/v" under the number, else the type the annex reference or the
// symbol names.
func (p *fieldsReader) typeAndSummary() {
	title, titleAt, titleRest := p.h.title, p.h.titleAt, p.h.titleCell
	if p.h0 < 0 {
		title, titleAt, titleRest = titleWithoutHeader(p.cells)
	}
	p.title = title
	switch {
	case title != "":
		p.signals++
		p.f.Type = title
		p.ev("type", p.cells[titleAt].line)
		summary, line := readSummary(p.cells, titleAt+1, titleRest)
		if summary != "" {
			p.f.Summary = summary
			p.ev("summary", line)
		}
		p.body = max(p.body, titleAt+1)
	case len(p.h.vv) > 0:
		p.signals++
		parts := make([]string, len(p.h.vv))
		for i, c := range p.h.vv {
			parts[i] = c.s
		}
		p.f.Summary = strings.Join(parts, " ")
		p.ev("summary", p.h.vv[0].line)
		p.f.Type = "Công văn"
		if p.symbol != "" {
			if t := typeFromSymbol(p.symbol); t != "Công văn" {
				p.f.Type = t
			}
		}
		p.ev("type", p.h.vv[0].line)
	case p.annexType != "":
		p.f.Type = p.annexType
		p.ev("type", p.numberCell.line)
	case p.symbol != "":
		p.f.Type = typeFromSymbol(p.symbol)
		p.ev("type", p.numberCell.line)
	}
}

// titleWithoutHeader finds the title among the first lines of a text
// without a header (an annex, or text pasted without its header); at is -1
// when there is none.
func titleWithoutHeader(cells []cell) (title string, at int, rest cell) {
	for i, seen := 0, 0; i < len(cells) && seen < 30; i++ {
		if cells[i].blank() {
			continue
		}
		seen++
		if name, rest, ok := matchTitle(cells[i]); ok {
			return name, i, rest
		}
	}
	return "", -1, cell{}
}

// marks reads the stamps anywhere, alone on their line or column, the
// strictest of each kind (Điều 14 khoản 2).
func (p *fieldsReader) marks() {
	var secrecy, urgency mark
	for _, c := range append(p.cells[:len(p.cells):len(p.cells)], p.h.marks...) {
		m, ok := markOf(c)
		if !ok {
			continue
		}
		if m.urgency && m.rank > urgency.rank {
			urgency = m
			p.f.Urgency = m.value
			p.ev("urgency", c.line)
		} else if !m.urgency && m.rank > secrecy.rank {
			secrecy = m
			p.f.Secrecy = m.value
			p.ev("secrecy", c.line)
		}
	}
}

// addresseesAndRecipients reads the Kính gửi block (the document's own,
// not the greeting of an email that quotes it) and the Nơi nhận list; the
// Portal may be in either (Điều 9 khoản 2).
func (p *fieldsReader) addresseesAndRecipients() {
	addr, addrLines := addressees(p.cells, p.h.start)
	if len(addr) > 0 {
		p.f.Addressees = addr
		p.ev("addressees", addrLines[0])
	}
	recip, recipLines, open := recipients(p.cells, p.body)
	if len(recip) == 0 {
		recip, recipLines, open = unlabelledRecipients(p.cells, p.body)
	}
	if len(recip) > 0 {
		p.signals++
		p.f.Recipients = recip
		p.ev("recipients", open)
	}
	portalLine := -1
	allLines := append(addrLines[:len(addrLines):len(addrLines)], recipLines...)
	for k, it := range append(addr[:len(addr):len(addr)], recip...) {
		isPortal, post := portalMatch(it)
		if !isPortal {
			continue
		}
		line := allLines[k]
		if portalLine < 0 || (post && !p.f.PortalForPosting) {
			portalLine = line
		}
		p.f.PortalRecipient = true
		p.f.PortalForPosting = p.f.PortalForPosting || post
	}
	p.ev("portal_recipient", portalLine)
}

// signature reads the signature block.
func (p *fieldsReader) signature() {
	sig := readSignature(p.cells, p.body)
	if sig.authority != "" {
		p.f.Authority, p.f.AuthorityFor = sig.authority, sig.principal
		p.ev("authority", sig.authCell.line)
		p.ev("authority_for", sig.authCell.line)
	}
	if sig.title.s != "" {
		p.f.SignerTitle = sig.title.s
		p.ev("signer_title", sig.title.line)
	}
	if sig.name.s != "" {
		p.f.Signer = sig.name.s
		p.ev("signer", sig.name.line)
	}
	if sig.authority != "" || sig.name.s != "" {
		p.signals++
	}
}

// closing counts "./.", which closes the content (Decree 30/2020
// Appendix I, section II.7).
func (p *fieldsReader) closing() {
	for _, c := range p.cells {
		if strings.HasSuffix(c.s, "./.") || strings.HasSuffix(c.s, "/.") {
			p.signals++
			return
		}
	}
}

// addressees reads the first "Kính gửi" block from cells[from]: a list, or
// the single addressee on the line or the line after.
func addressees(cells []cell, from int) (items []string, lines []int) {
	for i := from; i < len(cells); i++ {
		loc := kinhGuiRe.FindStringIndex(cells[i].f)
		if loc == nil {
			continue
		}
		items, lines = readList(cells, i, cells[i].sub(loc[1], len(cells[i].f)).s, false)
		if len(items) == 0 {
			if j := nextText(cells, i+1); j >= 0 && len(cells[j].s) <= 160 {
				items, lines = []string{trimItem(cells[j].s)}, []int{cells[j].line}
			}
		}
		return items, lines
	}
	return nil, nil
}

// recipients reads the first non-empty Nơi nhận list from cells[from] and
// returns it with the line of its "Nơi nhận:" label.
func recipients(cells []cell, from int) (items []string, lines []int, open int) {
	for i := from; i < len(cells); i++ {
		loc := noiNhanRe.FindStringIndex(cells[i].f)
		if loc == nil || !startsUpper(cells[i].s) {
			continue
		}
		items, lines = readList(cells, i, cells[i].sub(loc[1], len(cells[i].f)).s, true)
		if len(items) > 0 {
			return items, lines, cells[i].line
		}
	}
	return nil, nil, -1
}

// luuItem matches the archive copy that ends every Nơi nhận list, "Lưu:
// VT, …" (Decree 30/2020 Appendix I, section II.9).
var luuItem = regexp.MustCompile(`^[-+•~\s]*luu\s*:?\s*(?:vt|van\s*thu|hs|ho\s*so)\b`)

// maxUnlabelledList bounds the walk back from a "Lưu" item.
const maxUnlabelledList = 24

// unlabelledRecipients reads a Nơi nhận list whose label is lost (OCR may
// read "Nơi nhận:" as noise, or drop it): the run of items that ends with
// the "- Lưu: VT, …" item, read back to its first item over the signature
// column interleaved with it. It returns the items, their lines and the
// line of the first item.
func unlabelledRecipients(cells []cell, from int) (items []string, lines []int, open int) {
	for i := from; i < len(cells); i++ {
		if !bullet(cells[i].s) || !luuItem.MatchString(cells[i].f) {
			continue
		}
		first := i
	walk:
		for j := i - 1; j >= from && j > i-maxUnlabelledList; j-- {
			c := cells[j]
			switch {
			case bullet(c.s):
				first = j
			case c.blank() || startsLower(c.s) || isUpper(c.s) || skippable(c) || personName(trimNoise(c)):
			default:
				break walk
			}
		}
		items, lines = readList(cells, first-1, "", true)
		if len(items) > 0 {
			return items, lines, cells[first].line
		}
	}
	return nil, nil, -1
}

// nextDocument returns the index of the cell where a second document starts
// after cells[from] — the Quốc hiệu in capitals or the tiêu ngữ, with the
// issuer, number and "V/v" lines that extraction may put above it — once
// the first document has ended ("./." or a Nơi nhận list); else len(cells).
func nextDocument(cells []cell, from int) int {
	ended := false
	for i := from; i < len(cells); i++ {
		c := cells[i]
		if !ended {
			ended = strings.HasSuffix(c.s, "./.") || (noiNhanRe.MatchString(c.f) && startsUpper(c.s))
			continue
		}
		if len(c.s) > maxHeaderLine {
			continue
		}
		loc := nationalRe.FindStringIndex(c.f)
		if loc == nil || !isUpper(c.span(loc[0], loc[1])) {
			loc = mottoRe.FindStringIndex(c.f)
			if loc == nil || !startsUpper(c.span(loc[0], loc[1])) {
				continue
			}
		}
		cut := i
		for j, n := i-1, 0; j >= from && n < 12; j-- {
			p := cells[j]
			if p.blank() || separatorLine.MatchString(p.s) {
				continue
			}
			if bullet(p.s) || isMark(p) || !(isUpper(p.s) || findNumber(p) != nil || isVV(p.f) || startsLower(p.s)) {
				break
			}
			cut, n = j, n+1
		}
		return cut
	}
	return len(cells)
}

// nextText returns the index of the next non-blank cell from i, or -1.
func nextText(cells []cell, i int) int {
	for ; i < len(cells); i++ {
		if !cells[i].blank() {
			return i
		}
	}
	return -1
}

// annexRef finds the reference an annex makes to the document that issues
// it: "(Ban hành kèm theo Quyết định số: 1319/QĐ-BTP ngày 12/07/2024 của Bộ
// trưởng Bộ Tư pháp)". The type name must follow "kèm theo" directly.
func annexRef(cells []cell) (cell, string, piece, bool) {
	for _, c := range cells {
		if len(c.f) > 4*maxHeaderLine {
			continue
		}
		loc := annexRe.FindStringIndex(c.f)
		if loc == nil {
			continue
		}
		rest := c.f[loc[1]:]
		for _, t := range titleNames {
			if !strings.HasPrefix(rest, t.fold+" ") {
				continue
			}
			tail := loc[1] + len(t.fold)
			m := numberRe.FindStringSubmatchIndex(c.f[tail:])
			if m == nil || strings.TrimSpace(c.f[tail:tail+m[0]]) != "" {
				break
			}
			p := piece{number: c.span(tail+m[2], tail+m[3]), symbol: c.span(tail+m[6], tail+m[7])}
			if m[4] >= 0 {
				p.year = c.span(tail+m[4], tail+m[5])
			}
			after := c.f[tail+m[1]:]
			if dl, d := findDate(after); dl != nil && strings.TrimSpace(after[:dl[0]]) == "" {
				p.date = d
			}
			return c, t.name, p, true
		}
	}
	return cell{}, "", piece{}, false
}
