package web

import (
	"fmt"

	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/pdfsig"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// sigProblemLabels say what is wrong with a signature (pdfsig problem
// codes), for the badge on the item page.
var sigProblemLabels = map[string][2]string{
	pdfsig.ProblemUnreadable:       {"không đọc được chữ ký", "the signature cannot be read"},
	pdfsig.ProblemByteRange:        {"vùng dữ liệu được ký không bao trọn văn bản", "the signed bytes do not cover the document"},
	pdfsig.ProblemUnsupported:      {"định dạng chữ ký chưa hỗ trợ kiểm tra", "signature format not supported"},
	pdfsig.ProblemMalformed:        {"chữ ký hỏng", "the signature is malformed"},
	pdfsig.ProblemNoCertificate:    {"thiếu chứng thư số của người ký", "the signer's certificate is missing"},
	pdfsig.ProblemAltered:          {"nội dung đã bị sửa sau khi ký", "the content was altered after signing"},
	pdfsig.ProblemBadSignature:     {"chữ ký không khớp", "the signature does not verify"},
	pdfsig.ProblemExpired:          {"chứng thư số đã hết hạn khi ký", "the certificate had expired when signing"},
	pdfsig.ProblemNotYetValid:      {"chứng thư số chưa có hiệu lực khi ký", "the certificate was not yet valid when signing"},
	pdfsig.ProblemKeyUsage:         {"chứng thư số không dùng để ký", "the certificate is not for signing"},
	pdfsig.ProblemUpdatedAfter:     {"tệp được bổ sung sau khi ký", "the file was updated after signing"},
	pdfsig.ProblemTimestampInvalid: {"dấu thời gian không hợp lệ", "the timestamp is invalid"},
	pdfsig.ProblemNotTrusted:       {"tổ chức cấp chứng thư chưa có trong danh sách tin cậy", "issuer not in the trust store"},
	pdfsig.ProblemTSANotTrusted:    {"đơn vị cấp dấu thời gian chưa có trong danh sách tin cậy", "timestamp authority not in the trust store"},
}

// sigLine is one signature badge: OK when valid and trusted.
type sigLine struct {
	Text string
	OK   bool
}

// signatureLines describe the digital signatures of the document's
// attachments (Điều 6 khoản 1: authenticity and integrity) in one line
// each: "Văn bản có chữ ký số hợp lệ của … lúc …", or what is wrong.
func signatureLines(r *finding.Reading, lang string) []sigLine {
	if r == nil {
		return nil
	}
	var out []sigLine
	for _, a := range r.Signatures {
		for _, s := range a.Signatures {
			out = append(out, signatureLine(a.Filename, s, lang))
		}
	}
	return out
}

func signatureLine(file string, s finding.Signature, lang string) sigLine {
	who := s.Signer
	if s.Organization != "" && s.Organization != s.Signer {
		who += " (" + s.Organization + ")"
	}
	when := ""
	if s.SignedAt != nil {
		when = s.SignedAt.In(workday.Zone).Format("15:04 02/01/2006")
		if s.Timestamped {
			when += pick([2]string{" (dấu thời gian)", " (timestamped)"}, lang)
		}
	}
	var text string
	switch {
	case s.Valid && lang == "en":
		text = fmt.Sprintf("The document has a valid digital signature of %s at %s", who, when)
	case s.Valid:
		text = fmt.Sprintf("Văn bản có chữ ký số hợp lệ của %s lúc %s", who, when)
	case lang == "en":
		text = fmt.Sprintf("The digital signature of %s is not valid", who)
	default:
		text = fmt.Sprintf("Chữ ký số của %s không hợp lệ", who)
	}
	if s.Problem != "" {
		l, ok := sigProblemLabels[s.Problem]
		if !ok {
			l = [2]string{s.Problem, s.Problem}
		}
		text += " — " + pick(l, lang)
	}
	if s.Issuer != "" {
		text += pick([2]string{"; cấp bởi ", "; issued by "}, lang) + s.Issuer
	}
	text += pick([2]string{" (tệp ", " (file "}, lang) + file + ")"
	return sigLine{Text: text, OK: s.Valid && s.Trusted && s.Problem == ""}
}
