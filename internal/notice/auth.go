package notice

import (
	"regexp"
	"strings"
)

// Authenticated reports whether the sender's From domain is authenticated
// by the Authentication-Results fields (RFC 8601) of their message, fields
// in header order (topmost first): only the topmost field whose
// authserv-id is ours counts (RFC 8601 §5: our server removes fields that
// claim its id; those further down were written by others). The domain
// passes when DMARC passed for it (header.from, RFC 7489 §11.2); without a
// DMARC result, when SPF passed for it (smtp.mailfrom, RFC 7208 §9.1). A
// DMARC result other than pass never falls back to SPF.
//
// Automatic mail goes only to such senders (issue 12): a forged From would
// otherwise turn the desk into a sender of mail to a third party.
// TODO(issue 12): sender authentication stores these results per message
// (message.auth); this check then reads them instead.
func Authenticated(fields []string, authservID, fromDomain string) bool {
	fromDomain = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(fromDomain), "."))
	if authservID == "" || fromDomain == "" {
		return false
	}
	for _, f := range fields {
		parts := strings.Split(stripComments(f), ";")
		id := strings.Fields(parts[0])
		if len(id) == 0 || !strings.EqualFold(id[0], authservID) {
			continue
		}
		spf := false
		for _, r := range parts[1:] {
			method, result, props := resinfo(r)
			switch method {
			case "dmarc":
				return result == "pass" && domainOf(props["header.from"]) == fromDomain
			case "spf":
				spf = spf || (result == "pass" && domainOf(props["smtp.mailfrom"]) == fromDomain)
			}
		}
		return spf
	}
	return false
}

var comment = regexp.MustCompile(`\([^()]*\)`)

// stripComments removes CFWS comments (RFC 5322 §3.2.2), nested ones
// from the inside out, within a bounded number of rounds.
func stripComments(s string) string {
	for i := 0; i < 8 && strings.Contains(s, "("); i++ {
		s = comment.ReplaceAllString(s, " ")
	}
	return s
}

// resinfo splits "method[/version]=result [reason=…] ptype.prop=value …".
func resinfo(r string) (method, result string, props map[string]string) {
	props = map[string]string{}
	for i, tok := range strings.Fields(r) {
		k, v, ok := strings.Cut(tok, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(k)
		if i == 0 {
			method, _, _ = strings.Cut(k, "/")
			result = strings.ToLower(v)
			continue
		}
		props[k] = strings.Trim(v, `"`)
	}
	return method, result, props
}

// domainOf is the domain of "local@domain" or of a bare domain, lower case.
func domainOf(v string) string {
	if i := strings.LastIndex(v, "@"); i >= 0 {
		v = v[i+1:]
	}
	return strings.ToLower(strings.TrimSuffix(v, "."))
}
