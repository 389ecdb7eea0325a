package derive

import (
	"github.com/moj-portal/tiepnhan/internal/document"
	"github.com/moj-portal/tiepnhan/internal/extract"
)

// markedText is one text read from a message — an attachment, a ZIP
// member or the body — that may carry a secrecy mark.
type markedText struct {
	// where names the text for people: "tệp X", "tệp X/Y" (a member of
	// archive X), "nội dung thư".
	where string
	// source is the Report.DocumentSource value of this text when a
	// document can be read from it ("attachment:X", "body"); "" for ZIP
	// members, whose document source is the archive.
	source string
	text   string
}

// appendTexts adds the texts of one extraction: the file's own text, or
// each member's of an archive (recursively), never the archive's joined
// text (a mark must be traced to the member that carries it).
func appendTexts(out []markedText, where, source string, x extract.Result) []markedText {
	if len(x.Members) == 0 {
		if x.Text != "" {
			out = append(out, markedText{where: where, source: source, text: x.Text})
		}
		return out
	}
	for _, m := range x.Members {
		out = appendTexts(out, where+"/"+m.Filename, "", m)
	}
	return out
}

// secrecyRank orders the marks of document.Fields.Secrecy, strictest
// highest: the degrees of state secrets (Law on Protection of State
// Secrets 2018, Article 8), then the circulation marks (Decree 30/2020
// Appendix I, section II.9). Any other non-empty mark ranks lowest.
func secrecyRank(mark string) int {
	switch mark {
	case "":
		return 0
	case "TUYỆT MẬT":
		return 30
	case "TỐI MẬT":
		return 20
	case "MẬT":
		return 10
	case "TÀI LIỆU THU HỒI":
		return 3
	case "LƯU HÀNH NỘI BỘ", "XEM XONG TRẢ LẠI":
		return 2
	}
	return 1
}

// surfaceSecrecy makes doc.Secrecy the strictest secrecy mark of all the
// texts of the message (Điều 14 khoản 2 refuses a document that carries
// one, wherever it is: a secret annex in a ZIP beside an open cover
// letter must not pass as open). Each text is parsed on its own; the
// document keeps its other fields. Unless the mark is in the document's
// own text (the text named by source), its evidence names the file:
// "MẬT (tệp hoso.zip/phu-luc.pdf)".
func surfaceSecrecy(doc *document.Fields, source string, texts []markedText) {
	best := secrecyRank(doc.Secrecy)
	var at *markedText
	var atMark, atLine string
	for i := range texts {
		t := &texts[i]
		f := document.Parse(t.text)
		r := secrecyRank(f.Secrecy)
		if r == 0 || r < best {
			continue
		}
		// The strictest so far; at equal rank the document's own text
		// is preferred, else the first text.
		if r > best || at == nil || (t.source == source && at.source != source) {
			best, at, atMark, atLine = r, t, f.Secrecy, f.Evidence["secrecy"]
		}
	}
	if at == nil {
		return
	}
	if doc.Evidence == nil {
		doc.Evidence = map[string]string{}
	}
	if source != "" && at.source == source && secrecyRank(doc.Secrecy) == best {
		return // the document's own mark, from its own text
	}
	doc.Secrecy = atMark
	doc.Evidence["secrecy"] = atLine + " (" + at.where + ")"
}
