package derive

import (
	"bytes"
	"context"
	"strings"

	"github.com/moj-portal/tiepnhan/internal/extract"
	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/mailparse"
	"github.com/moj-portal/tiepnhan/internal/pdfsig"
	"github.com/moj-portal/tiepnhan/internal/xmlsig"
)

// Signature is one digital signature of an attachment (finding.Signature).
type Signature = finding.Signature

// Problem codes of the report for signatures: both flag the item for a
// person (Parsed turns problems into flags).
const (
	// ProblemSignatureInvalid: a signature does not verify (altered after
	// signing, broken, expired certificate…).
	ProblemSignatureInvalid = "signature_invalid"
	// ProblemSignedRevisionDiffers: the text of the file differs from the
	// text of the revision its last valid signature covers — something
	// was changed by an update appended after signing; for a signed
	// package or XML document, parts or elements are outside the signature.
	ProblemSignedRevisionDiffers = "signed_revision_differs"
)

// isPDF reports whether an attachment is a PDF: by its header (ISO
// 32000-1 §7.5.2 lets it start within the first 1024 bytes).
func isPDF(data []byte) bool {
	return bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-"))
}

// readSignatures verifies the signatures of attachment i — a PDF, a
// signed OOXML package (.docx) or a signed XML document (internal/xmlsig,
// same verdicts) — and compares the text of a PDF with the text its last
// valid signature covers. now is the receipt time: certificates are judged
// as of then when a signature says nothing of when it was made.
func readSignatures(ctx context.Context, r *Report, i int, a mailparse.Attachment, x extract.Result, opts Options) {
	var res pdfsig.Result
	switch {
	case isPDF(a.Data):
		res = pdfsig.Verify(a.Data, r.Message.ReceivedAt, opts.Signatures)
	case xmlsig.IsPackage(a.Data):
		res = xmlsig.VerifyPackage(a.Data, r.Message.ReceivedAt, opts.Signatures)
	case xmlsig.IsSignedXML(a.Data):
		res = xmlsig.VerifyXML(a.Data, r.Message.ReceivedAt, opts.Signatures)
	default:
		return
	}
	where := "attachment:" + a.Filename
	if res.Skipped != "" {
		r.Attachments[i].Notes = append(r.Attachments[i].Notes, "chữ ký số chưa được kiểm tra hết: "+res.Skipped)
	}
	if len(res.Signatures) == 0 {
		return
	}
	var revision int64 // the length the last valid signature covers
	for _, s := range res.Signatures {
		out := Signature{
			Kind: s.Kind, Signer: s.Signer, SignerKind: s.SignerKind, Organization: s.Organization, Issuer: s.Issuer,
			SignedAtSource: s.SignedAtSource, Timestamped: s.Timestamped, CoversWholeFile: s.CoversWholeFile,
			AppendedBytes: s.AppendedBytes, Valid: s.Valid, Trusted: s.Trusted, Problem: s.Problem, Detail: s.Detail,
		}
		if s.SignedAtSource != pdfsig.SourceNone && !s.SignedAt.IsZero() {
			t := s.SignedAt
			out.SignedAt = &t
		}
		r.Attachments[i].Signatures = append(r.Attachments[i].Signatures, out)
		if !s.Valid {
			r.Problems = append(r.Problems, Problem{Code: ProblemSignatureInvalid, Where: where, Detail: s.Problem + ": " + s.Detail})
			continue
		}
		revision = max(revision, s.SignedLength)
		if !s.CoversWholeFile && (s.SubFilter == xmlsig.SubFilterOOXML || s.SubFilter == xmlsig.SubFilterXML) {
			// A part of the package (or an element of the document) the
			// signature does not cover may change what a reader sees: a
			// person compares (Điều 6 khoản 1, integrity).
			r.Problems = append(r.Problems, Problem{Code: ProblemSignedRevisionDiffers, Where: where, Detail: s.Detail})
		}
	}
	if revision == 0 || revision >= int64(len(a.Data)) || x.Text == "" || strings.HasPrefix(x.Method, "ocr") {
		return
	}
	// Text read from the signed revision alone (ISO 32000-1 §7.5.6: it
	// is a complete file) against the text of the whole file.
	signed := extract.Extract(ctx, extract.Input{Filename: a.Filename, ContentType: a.ContentType, Data: a.Data[:revision]}, opts.Extract)
	if signed.Err != nil || sameText(signed.Text, x.Text) {
		return
	}
	r.Problems = append(r.Problems, Problem{Code: ProblemSignedRevisionDiffers, Where: where,
		Detail: "the text differs from the revision the last valid signature covers: an update appended after signing changed it"})
}

func sameText(a, b string) bool {
	return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}
