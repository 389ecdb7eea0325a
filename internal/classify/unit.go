package classify

import (
	"fmt"
	"slices"
	"strings"
)

// ---- unit (the field of state management) ----

func (c *context) decideUnit() {
	s := newScore(DecideUnit)
	if t := c.in.Thread; t != nil && t.Unit != "" {
		s.add(t.Unit, "structure:thread", 100, "Điều 11 khoản 2", "đơn vị của thông tin "+t.Reference+" mà thư này trả lời")
	} else {
		c.unitSignals(s)
		c.applyRules(s)
		if noEvidence(s) {
			if v, ok := c.fromMailbox(s, "không có dấu hiệu về đơn vị"); ok {
				c.res.Unit = v
				c.finish(s, v)
				return
			}
		}
		if v, ok := c.judged(s); ok {
			c.res.Unit = v
			c.finish(s, v)
			return
		}
	}
	v, total := s.best()
	if v == "" || total < c.rs.Thresholds.UnitMin {
		if mv, ok := c.fromMailbox(s, fmt.Sprintf("điểm cao nhất (%s: %s) chưa đạt ngưỡng %s", v, num(total), num(c.rs.Thresholds.UnitMin))); ok {
			c.res.Unit = mv
			c.finish(s, mv)
			return
		}
		if v != "" {
			s.add("", "default", 0, "", fmt.Sprintf("điểm cao nhất (%s: %s) chưa đạt ngưỡng %s: chưa xác định được đơn vị", v, num(total), num(c.rs.Thresholds.UnitMin)))
		} else {
			s.add("", "default", 0, "", "không có dấu hiệu về đơn vị: chưa xác định được đơn vị")
		}
		v = ""
	}
	c.res.Unit = v
	c.finish(s, v)
}

// typeAbbrevs are the document type abbreviations of Decree 30/2020/NĐ-CP
// Appendix III and legal normative types, skipped when reading a unit from
// a document symbol ("QĐ-PBGDPL" → PBGDPL).
var typeAbbrevs = map[string]bool{}

func init() {
	for _, a := range strings.Fields("nq qd ct qc qyd tc tb hd ctr kh pa da ba bc bb ttr hđ cd bgn btt guq gm ggt gnp pg pc pb sy trs sl nd tt tb ttlt l ub kl") {
		typeAbbrevs[a] = true
	}
}

// ministry is the symbol of the Ministry itself (documents of the Ministry
// carry the drafting unit after it: "1045/BTP-XDVB").
const ministry = "btp"

func (c *context) unitSignals(s *score) {
	in := c.in
	sig := c.rs.Signals
	from := strings.ToLower(strings.TrimSpace(in.From))
	local, _, _ := strings.Cut(from, "@")
	localParts := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' || r == '-' || r == '+' })
	symParts := symbolSegments(in.Document.Symbol)
	issuer := Fold(in.Document.IssuerParent + " " + in.Document.Issuer)
	org := Fold(in.Submitter.Organization)
	subj := " " + Fold(in.Subject) + " "
	ownF := " " + Fold(in.Subject+"\n"+c.own) + " "
	for _, u := range c.opts.Units {
		name := Fold(u.Name)
		syms := unitSymbols(u)
		if sig.UnitEmail > 0 && u.Email != "" && strings.EqualFold(u.Email, from) {
			s.add(u.Code, "signal:unit_email", sig.UnitEmail, "", "thư gửi từ địa chỉ của đơn vị "+u.Email)
		}
		if sig.SenderSymbol > 0 && strings.HasSuffix(from, "@moj.gov.vn") || sig.SenderSymbol > 0 && len(localParts) > 1 {
			for _, p := range localParts {
				if slices.Contains(syms, p) {
					s.add(u.Code, "signal:sender_symbol", sig.SenderSymbol, "", fmt.Sprintf("địa chỉ người gửi %s có ký hiệu đơn vị %q", in.From, p))
					break
				}
			}
		}
		if sig.DocumentSymbol > 0 && len(symParts) > 0 && slices.Contains(syms, symParts[0]) {
			s.add(u.Code, "signal:document_symbol", sig.DocumentSymbol, "", fmt.Sprintf("ký hiệu văn bản %s", in.Document.NumberSymbol))
		}
		if sig.Issuer > 0 && issuer != "" && name != "" && (strings.Contains(issuer, name) || (len(strings.Fields(issuer)) >= 4 && strings.Contains(name, issuer))) {
			s.add(u.Code, "signal:issuer", sig.Issuer, "", "cơ quan ban hành "+strings.TrimSpace(in.Document.IssuerParent+" "+in.Document.Issuer))
		}
		if sig.Organization > 0 && org != "" && name != "" && strings.Contains(org, name) {
			s.add(u.Code, "signal:organization", sig.Organization, "Điều 9 khoản 3", "đơn vị người gửi: "+in.Submitter.Organization)
		}
		if sig.NameInText > 0 && name != "" && strings.Contains(ownF, " "+name+" ") {
			s.add(u.Code, "signal:name_in_text", sig.NameInText, "", "tên đơn vị trong thư: "+u.Name)
		}
		if sig.SymbolInText > 0 {
			for _, sy := range syms {
				if len(sy) >= 3 && strings.Contains(subj, " "+sy+" ") {
					s.add(u.Code, "signal:symbol_in_text", sig.SymbolInText, "", fmt.Sprintf("ký hiệu đơn vị %q trong tiêu đề", strings.ToUpper(sy)))
					break
				}
			}
		}
	}
}

// symbolSegments are the parts of a document symbol that may name a unit:
// type abbreviations are skipped, and the Ministry's own symbol hands over
// to the drafting unit after it.
func symbolSegments(sym string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(sym, func(r rune) bool { return r == '-' || r == '/' || r == ' ' }) {
		f := strings.ReplaceAll(Fold(p), " ", "")
		if f == "" || typeAbbrevs[f] || f == ministry {
			continue
		}
		out = append(out, f)
	}
	return out
}

func unitSymbols(u Unit) []string {
	var out []string
	for _, s := range append([]string{u.Symbol}, u.Aliases...) {
		f := strings.ReplaceAll(Fold(s), " ", "")
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}
