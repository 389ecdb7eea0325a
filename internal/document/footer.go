package document

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/moj-portal/tiepnhan/internal/fold"
)

var (
	// authorityRe matches the signing authority line (Decree 30/2020
	// Article 13 and Appendix I, section II.8): "KT. BỘ TRƯỞNG",
	// "TL. BỘ TRƯỞNG", "TM. ỦY BAN NHÂN DÂN", "Q. CỤC TRƯỞNG",
	// "TUQ. BỘ TRƯỞNG". Groups: authority, principal.
	authorityRe = regexp.MustCompile(`^(tuq|kt|tl|tm|q)\s?\.\s*(\S.*)$`)
	// noiNhanRe opens the Nơi nhận list.
	noiNhanRe = regexp.MustCompile(`^noi\s*nhan\s*:?\s*`)
	// kinhGuiRe opens the "Kính gửi" block.
	kinhGuiRe = regexp.MustCompile(`^kinh\s*gui\b\s*:?\s*`)
	// portalRe finds the Portal in a recipient line (Điều 9 khoản 2): "Cổng
	// TTĐT Bộ Tư pháp", "Cổng Thông tin điện tử Bộ Tư pháp", "Cổng Thông tin
	// điện tử Bộ", "Cổng TTĐT Bộ", with or without diacritics.
	portalRe = regexp.MustCompile(`\bcong\s+(?:ttdt|tt\s*dt|tt-dt|thong\s+tin\s+dien\s+tu)\s+(?:cua\s+)?(bo\s+tu\s+phap|btp|bo)\b\s*(.*)$`)
	// positionRe finds a post in a signature title.
	positionRe = regexp.MustCompile(`\b(?:truong|pho|giam doc|chu tich|thu tuong|bi thu|chanh|tong bien tap|nguoi ky|ke toan|uy vien)\b`)
)

// authorityInside finds an authority ("KT.", "TL.", …) after other text in
// a cell.
var authorityInside = regexp.MustCompile(`\s(?:tuq|kt|tl|tm|q)\s?\.\s*\S`)

// maxFooterSplits bounds the authority matches tried in one cell.
const maxFooterSplits = 4

// splitFooter cuts the signature column off a footer line in which only a
// single space separates it from the Nơi nhận column, as OCR and some PDF
// extractors write the two-column footer (Decree 30/2020 Appendix I,
// sections II.8–9): "Nơi nhận: KT. CỤC TRƯỞNG", "- Như trên; PHÓ CỤC
// TRƯỞNG", "Nơi nhận: BỘ TRƯỞNG". The signature part must be in capitals
// and be an authority over a post or a body, or a post after a recipient
// item or the Nơi nhận label; anything else is left whole.
func splitFooter(c cell) []cell {
	if len(c.f) > maxHeaderLine || !strings.ContainsRune(c.f, ' ') {
		return []cell{c}
	}
	// The authority is in capitals: most lines have none of these.
	if strings.Contains(c.s, "KT") || strings.Contains(c.s, "TL") || strings.Contains(c.s, "TM") || strings.Contains(c.s, "Q") {
		for _, loc := range authorityInside.FindAllStringIndex(c.f, maxFooterSplits) {
			head, tail := c.sub(0, loc[0]), c.sub(loc[0]+1, len(c.f))
			_, principal, ok := authorityOf(tail)
			if !ok || head.s == "" {
				continue
			}
			if p := newCell(principal, c.line); positionRe.MatchString(p.f) || bodyStart(p) {
				return []cell{head, tail}
			}
		}
	}
	if !bullet(c.s) && !noiNhanRe.MatchString(c.f) {
		return []cell{c}
	}
	for i := 0; i+1 < len(c.f); i++ {
		if (c.f[i] != ';' && c.f[i] != ':') || c.f[i+1] != ' ' {
			continue
		}
		tail := c.sub(i+1, len(c.f))
		if isUpper(tail.s) && strings.Contains(tail.s, " ") && positionRe.MatchString(tail.f) {
			return []cell{c.sub(0, i+1), tail}
		}
	}
	return []cell{c}
}

// authorityOf reads an authority line: prefix and principal in capitals.
func authorityOf(c cell) (auth, principal string, ok bool) {
	m := authorityRe.FindStringSubmatchIndex(c.f)
	if m == nil || !isUpper(c.s) {
		return "", "", false
	}
	auth = strings.ToUpper(c.f[m[2]:m[3]]) + "."
	return auth, c.span(m[4], m[5]), true
}

// personName reports whether s looks like a signer's name: two to six words,
// each capitalised (or the whole name in capitals), letters only, not a post.
func personName(c cell) bool {
	if len(c.s) > 80 {
		return false
	}
	words := strings.Fields(c.s)
	if len(words) < 2 || len(words) > 6 {
		return false
	}
	for _, w := range words {
		first := true
		for _, r := range w {
			if !unicode.IsLetter(r) {
				return false
			}
			if first && !unicode.IsUpper(r) {
				return false
			}
			first = false
		}
	}
	if isUpper(c.s) && (positionRe.MatchString(c.f) || len(words) > 4) {
		return false
	}
	return !noiNhanRe.MatchString(c.f) && !kinhGuiRe.MatchString(c.f) && !isMark(c)
}

// skippable reports whether a cell can sit inside a signature block without
// ending it: blank lines, "(Đã ký)", seals, and the Nơi nhận column
// interleaved with it by a flattened layout.
func skippable(c cell) bool {
	if c.blank() || strings.HasPrefix(c.s, "(") || strings.HasPrefix(c.s, "[") {
		return true
	}
	if strings.HasPrefix(c.f, "da ky") || strings.HasPrefix(c.f, "ky ten") || bullet(c.s) {
		return true
	}
	return noiNhanRe.MatchString(c.f) || separatorLine.MatchString(c.s)
}

// signature is the signature block.
type signature struct {
	authority, principal string
	authCell             cell
	title, name          cell
}

// maxSignatureCells bounds the scan from a title to the signer's name.
const maxSignatureCells = 16

// readSignature finds the signature block after cells[from]: the first
// authority line, else the first capitalised post followed by a name, and
// the signer under it.
func readSignature(cells []cell, from int) (sig signature) {
	start := -1
	for i := from; i < len(cells); i++ {
		if auth, principal, ok := authorityOf(cells[i]); ok {
			sig.authority, sig.principal, sig.authCell = auth, principal, cells[i]
			start = i + 1
			break
		}
	}
	if start < 0 {
		// No authority: the head signs in his own name ("BỘ TRƯỞNG" over the
		// name). Take the last post followed by a name.
		for i := len(cells) - 1; i >= from; i-- {
			c := cells[i]
			if len(c.s) > 80 || !isUpper(c.s) || !positionRe.MatchString(c.f) {
				continue
			}
			if s := signerAfter(cells, i+1); s.name.s != "" {
				s.title = c
				return s
			}
		}
		return sig
	}
	s := signerAfter(cells, start)
	sig.title, sig.name = s.title, s.name
	return sig
}

// signerAfter reads post lines and the name that follow cells[start]. The
// name is set in ordinary capitalisation under the post in capitals (Decree
// 30/2020 Appendix I, section II.8.c): an upper-case line right under the
// post, with a capitalised name further down, is the rest of a post wrapped
// over two lines ("CỤC TRƯỞNG CỤC CÔNG NGHỆ" / "THÔNG TIN"). A lower-case
// line is the wrapped end of a recipient in the Nơi nhận column beside the
// signature and is passed over.
func signerAfter(cells []cell, start int) (sig signature) {
	end := min(len(cells), start+maxSignatureCells)
	mixed := mixedNameAfter(cells[start:end])
	prevTitle := false
	for i := start; i < end; i++ {
		c := cells[i]
		name := trimNoise(c)
		switch {
		case skippable(c):
			prevTitle = false
		case personName(name):
			if isUpper(name.s) && prevTitle && mixed[i-start] {
				sig.title = newCell(sig.title.s+" "+c.s, sig.title.line)
				continue
			}
			sig.name = name
			return sig
		case isUpper(c.s):
			// A nested authority ("TL. BỘ TRƯỞNG" / "KT. VỤ TRƯỞNG") is not
			// the post; the last post line over the name is.
			if _, _, ok := authorityOf(c); !ok {
				sig.title, prevTitle = c, true
			}
		case startsLower(c.s):
			prevTitle = false
		default:
			return signature{}
		}
	}
	return signature{}
}

// mixedNameAfter tells, for each cell, whether a person's name in ordinary
// capitalisation comes after it among cells, before anything that would end
// a signature block. One backward pass: the window is short, but Parse may
// look at many windows.
func mixedNameAfter(cells []cell) []bool {
	out := make([]bool, len(cells))
	after := false
	for k := len(cells) - 1; k >= 0; k-- {
		out[k] = after
		c := cells[k]
		name := trimNoise(c)
		switch {
		case skippable(c) || startsLower(c.s):
		case personName(name):
			if !isUpper(name.s) {
				after = true
			}
		case isUpper(c.s):
		default:
			after = false
		}
	}
	return out
}

// readList reads a block of items that starts after an opening cell: the
// text after the opening label, then one item per line starting with "-"
// (or "+", "•"), a lower-case line continuing the previous item. Cells of a
// signature interleaved with the list are skipped; the list ends at the
// "Lưu" line, at a line of prose, or after too many other lines.
func readList(cells []cell, open int, rest string, signatureOK bool) (items []string, lines []int) {
	// cut tells that the last item has no final ";" or ".": a line break
	// cut it, and a line that ends one ("TTHC);", "TW;", "Ngãi;") is its
	// rest, in whatever case it starts.
	cut := false
	add := func(s string, line int) {
		if t := trimItem(s); t != "" {
			items = append(items, t)
			lines = append(lines, line)
			cut = !endsItem(s)
		}
	}
	if rest != "" {
		for _, part := range strings.Split(rest, ";") {
			add(part, cells[open].line)
		}
		cut = cut && !endsItem(rest)
	}
	// In a Kính gửi block, an item that ends with ";" announces another,
	// which may be written without a bullet ("Kính gửi: Các đơn vị thuộc
	// Bộ;" / "Ban Biên tập Cổng Thông tin điện tử Bộ Tư pháp."). A Nơi nhận
	// list has its bullets, and a signature column may sit beside it.
	more := !signatureOK && strings.HasSuffix(rest, ";")
	others := 0
	skipped := false // a line of text was skipped since the last item
	for i := open + 1; i < len(cells) && len(items) < 100; i++ {
		c := cells[i]
		if more && !bullet(c.s) && !c.blank() && startsUpper(c.s) && len(c.s) <= 160 && !noiNhanRe.MatchString(c.f) {
			add(c.s, c.line)
			more = strings.HasSuffix(c.s, ";")
			continue
		}
		more = !signatureOK && strings.HasSuffix(c.s, ";")
		switch {
		case bullet(c.s):
			add(c.s, c.line)
			others, skipped = 0, false
			if strings.HasPrefix(strings.TrimLeft(c.f, "-+•~ "), "luu") {
				return items, lines
			}
		case len(items) > 0 && !c.blank() && ((startsLower(c.s) && (others == 0 || cut)) || (cut && !skipped && endsItem(c.s) && len(c.s) <= 80)):
			// A lower-case line goes on with the item above it, across
			// blank lines and the signature column beside it (OCR puts
			// "(để đăng" / "" / "tải);"); a line in capitals only right
			// under it, past nothing but blank lines.
			items[len(items)-1] = trimItem(items[len(items)-1] + " " + c.s)
			cut = !endsItem(c.s)
		case c.blank() && len(items) == 0:
		case signatureOK && others < 10 && (c.blank() || isUpper(c.s) || personName(c) || skippable(c)):
			others++
			skipped = skipped || !c.blank()
		default:
			return items, lines
		}
	}
	return items, lines
}

// endsItem reports whether a list line closes its item with ";" or "."
// (Decree 30/2020 Appendix I, section II.9).
func endsItem(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, ";") || strings.HasSuffix(s, ".")
}

// portalMatch reports whether a recipient names the Portal (Điều 9 khoản 2)
// and whether it is "để đăng tải". "Cổng TTĐT Bộ" must not be followed by
// another ministry's name ("Cổng TTĐT Bộ Công an").
func portalMatch(item string) (portal, posting bool) {
	f := fold.String(item)
	for off := 0; off < len(f); {
		m := portalRe.FindStringSubmatchIndex(f[off:])
		if m == nil {
			return false, false
		}
		body := f[off+m[2] : off+m[3]]
		after := f[off+m[4] : off+m[5]]
		if body != "bo" || after == "" || strings.IndexAny(after[:1], "(;,.-:") == 0 || strings.HasPrefix(after, "de ") {
			return true, strings.Contains(f, "dang tai")
		}
		off += m[1] - len(after)
	}
	return false, false
}
