package finding

import (
	"time"

	"github.com/moj-portal/tiepnhan/internal/pdfsig"
)

// Signature is one digital signature of an attachment (Decree 30/2020:
// the signer's and the issuing agency's), as `inspect` prints it under
// attachments[].signatures[]. Problem is a pdfsig.Problem… code, "" when
// none; Valid false means a person must look (Điều 6 khoản 1).
type Signature struct {
	Kind            string     `json:"kind"` // signature, document_timestamp
	Signer          string     `json:"signer"`
	SignerKind      string     `json:"signer_kind"` // person, organization
	Organization    string     `json:"organization"`
	Issuer          string     `json:"issuer"`
	SignedAt        *time.Time `json:"signed_at"` // null when the signature says nothing of it
	SignedAtSource  string     `json:"signed_at_source"`
	Timestamped     bool       `json:"timestamped"`
	CoversWholeFile bool       `json:"covers_whole_file"`
	AppendedBytes   int64      `json:"appended_bytes"`
	Valid           bool       `json:"valid"`
	Trusted         bool       `json:"trusted"`
	Problem         string     `json:"problem"`
	Detail          string     `json:"detail,omitempty"`
}

// SignedFile is an attachment with its digital signatures.
type SignedFile struct {
	Filename   string
	Signatures []Signature
}

// SigningInstant is when the document was signed for issuance (Điều 10
// khoản 1, "kể từ khi văn bản được ký ban hành"): the latest valid,
// trusted signature of the attachment the document was read from — the
// issuing agency's, which comes last (Decree 30/2020/NĐ-CP). Zero when
// there is none: the date on the document is used instead.
func (r Reading) SigningInstant() time.Time {
	var at time.Time
	for _, f := range r.Signatures {
		if "attachment:"+f.Filename != r.DocumentSource {
			continue
		}
		for _, s := range f.Signatures {
			if s.Kind == pdfsig.KindSignature && s.Valid && s.Trusted && s.SignedAt != nil && s.SignedAt.After(at) {
				at = *s.SignedAt
			}
		}
	}
	return at
}
