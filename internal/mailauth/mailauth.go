// Package mailauth tells whether a message really comes from the domain in
// its From: header (issue 12, finding 2). It reads the Authentication-Results
// (RFC 8601) that the receiving server wrote under a configured authserv-id
// and ignores every other one (anyone can write such a header); where the
// server wrote none it verifies the DKIM signatures itself (RFC 6376) and
// their DMARC alignment with From: (RFC 7489). It is pure: the DNS look-up
// is a parameter (nil: no verification of its own), and so is the message.
package mailauth

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/textproto"
	"strings"

	"github.com/emersion/go-msgauth/authres"
	"github.com/emersion/go-msgauth/dkim"
	"github.com/emersion/go-msgauth/dmarc"
	"golang.org/x/net/publicsuffix"
)

// Result is what is known of a message's authentication. SPF, DKIM and
// DMARC are RFC 8601 result values ("pass", "fail", "softfail", "neutral",
// "none", "temperror", "permerror"), empty when unknown. Trusted says the
// values come from the trusted server or from our own verification, never
// from a header the sender could write. Source is "authserv:ID",
// "verified" or "" (nothing known).
type Result struct {
	SPF     string `json:"spf"`
	DKIM    string `json:"dkim"`
	DMARC   string `json:"dmarc"`
	Trusted bool   `json:"trusted"`
	Source  string `json:"source,omitempty"`
	// Aligned says a passing SPF or DKIM identity is in the From: domain's
	// organisational domain (RFC 7489 §3.1, relaxed alignment).
	Aligned bool `json:"aligned,omitempty"`
}

// Options configure Check.
type Options struct {
	// AuthServID is the authserv-id of the receiving server whose
	// Authentication-Results are believed (RFC 8601 §2.5). Empty: none is.
	AuthServID string
	// LookupTXT resolves DNS TXT records for our own DKIM and DMARC
	// checks when the trusted server wrote no result; nil: no check.
	LookupTXT func(name string) ([]string, error)
}

// maxHeader caps the header read (a header of 1 MiB is already absurd).
const maxHeader = 1 << 20

// Check returns the authentication of raw, a whole RFC 5322 message whose
// From: address is in fromDomain.
func Check(raw []byte, fromDomain string, o Options) Result {
	fromDomain = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(fromDomain), "."))
	hdr, err := textproto.NewReader(bufio.NewReader(io.LimitReader(bytes.NewReader(raw), maxHeader))).ReadMIMEHeader()
	if err != nil && len(hdr) == 0 {
		return Result{}
	}
	if o.AuthServID != "" {
		if r, ok := fromAuthResults(hdr.Values("Authentication-Results"), o.AuthServID, fromDomain); ok {
			return r
		}
	}
	if o.LookupTXT == nil || fromDomain == "" {
		return Result{}
	}
	return verify(raw, fromDomain, o.LookupTXT)
}

// fromAuthResults reads the topmost Authentication-Results field of the
// trusted server (RFC 8601 §5: the receiving server adds it on top and
// removes any earlier one claiming its authserv-id).
func fromAuthResults(values []string, id, fromDomain string) (Result, bool) {
	for _, v := range values {
		ident, results, err := authres.Parse(v)
		if err != nil || !strings.EqualFold(strings.TrimSpace(ident), id) {
			continue
		}
		r := Result{Trusted: true, Source: "authserv:" + strings.ToLower(id)}
		for _, res := range results {
			switch x := res.(type) {
			case *authres.SPFResult:
				r.SPF = better(r.SPF, string(x.Value))
				if x.Value == authres.ResultPass && aligned(domainOf(x.From), fromDomain) {
					r.Aligned = true
				}
			case *authres.DKIMResult:
				r.DKIM = better(r.DKIM, string(x.Value))
				if x.Value == authres.ResultPass && aligned(x.Domain, fromDomain) {
					r.Aligned = true
				}
			case *authres.DMARCResult:
				r.DMARC = better(r.DMARC, string(x.Value))
			}
		}
		return r, true
	}
	return Result{}, false
}

// better keeps a pass over anything else when a method has several results
// (several DKIM signatures: one passing is enough, RFC 6376 §6.1).
func better(old, v string) string {
	if old == string(authres.ResultPass) {
		return old
	}
	return strings.ToLower(v)
}

// verify checks the DKIM signatures and their DMARC alignment with From:.
// SPF needs the connecting client's address, which a mailbox does not
// keep: it stays unknown here.
func verify(raw []byte, fromDomain string, lookup func(string) ([]string, error)) Result {
	r := Result{Trusted: true, Source: "verified", DKIM: "none"}
	vs, err := dkim.VerifyWithOptions(bytes.NewReader(raw), &dkim.VerifyOptions{LookupTXT: lookup, MaxVerifications: 5})
	if err != nil && !errors.Is(err, dkim.ErrTooManySignatures) {
		r.DKIM = "permerror"
	}
	for _, v := range vs {
		switch {
		case v.Err == nil:
			r.DKIM = "pass"
			if aligned(v.Domain, fromDomain) {
				r.Aligned = true
			}
		case dkim.IsTempFail(v.Err) && r.DKIM != "pass":
			r.DKIM = "temperror"
		case r.DKIM != "pass" && r.DKIM != "temperror":
			r.DKIM = "fail"
		}
	}
	r.DMARC = dmarcOf(fromDomain, r.Aligned, lookup)
	return r
}

// dmarcOf looks up the DMARC record of the From: domain, else of its
// organisational domain (RFC 7489 §6.6.3), and judges the message by its
// aligned DKIM pass alone.
func dmarcOf(fromDomain string, alignedPass bool, lookup func(string) ([]string, error)) string {
	opts := &dmarc.LookupOptions{LookupTXT: lookup}
	_, err := dmarc.LookupWithOptions(fromDomain, opts)
	if errors.Is(err, dmarc.ErrNoPolicy) {
		if org := orgDomain(fromDomain); org != fromDomain {
			_, err = dmarc.LookupWithOptions(org, opts)
		}
	}
	switch {
	case errors.Is(err, dmarc.ErrNoPolicy):
		return "none"
	case err != nil && dmarc.IsTempFail(err):
		return "temperror"
	case err != nil:
		return "permerror"
	case alignedPass:
		return "pass"
	default:
		return "fail"
	}
}

// Authenticated says the From: domain is proven: DMARC passes, or, where
// DMARC gave no verdict, an aligned SPF (or DKIM) passes. Only this sender
// gets automatic mail (supplement requests, acknowledgements).
func (r Result) Authenticated() bool {
	if !r.Trusted {
		return false
	}
	switch r.DMARC {
	case "pass":
		return true
	case "fail":
		return false
	}
	return r.Aligned && (r.SPF == "pass" || r.DKIM == "pass")
}

// Failed says a trusted check positively refuted the From: domain (DMARC
// fail, or SPF fail with no DKIM pass): a reply so marked never counts as
// the answer we waited for.
func (r Result) Failed() bool {
	if !r.Trusted {
		return false
	}
	return r.DMARC == "fail" || (r.SPF == "fail" && r.DKIM != "pass") || (r.DKIM == "fail" && r.SPF != "pass")
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return addr
}

// aligned is DMARC's relaxed alignment: both domains share their
// organisational domain (RFC 7489 §3.2, the public suffix list).
func aligned(d, fromDomain string) bool {
	d = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(d), "."))
	if d == "" || fromDomain == "" {
		return false
	}
	return d == fromDomain || orgDomain(d) == orgDomain(fromDomain)
}

func orgDomain(d string) string {
	if o, err := publicsuffix.EffectiveTLDPlusOne(d); err == nil {
		return o
	}
	return d
}
