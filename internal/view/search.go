package view

import (
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/intake"
)

// SearchQuery is a search across every item the principal may see, open
// and closed, with the inbox's filters (issue 14). An empty Text with
// Closed lists the archive.
type SearchQuery struct {
	Text                      string
	State, Kind, Timing, Unit string
	// Open: "" all items, "open" or "closed" (the archive).
	Open string
	// From, To bound the receipt instant (To exclusive); zero: unbounded.
	From, To time.Time
	// Scope, as Filter's: all units or Units; quarantined items only with
	// SeeQuarantined (Điều 14 khoản 2); a liaison only what was forwarded
	// to ForwardedUnits.
	AllUnits       bool
	Units          []string
	SeeQuarantined bool
	ForwardedUnits []string
	Offset, Limit  int
}

// SearchScopeFor scopes q for principal p: the inbox's scope for those who
// see the inbox, else the items forwarded to the units of a liaison
// (Điều 11 khoản 1 bước 2); it reports false when p may search nothing.
func SearchScopeFor(q *SearchQuery, p auth.Principal) bool {
	q.SeeQuarantined = p.Has(auth.PermViewQuarantined)
	if p.Has(auth.PermViewInbox) {
		q.AllUnits, q.Units = p.Scope(auth.PermViewInbox)
		return q.AllUnits || len(q.Units) > 0
	}
	if _, units := p.Scope(auth.PermUnitWork); len(units) > 0 {
		// A liaison sees only what was forwarded to their units, never a
		// quarantined item.
		q.AllUnits, q.ForwardedUnits, q.SeeQuarantined = true, units, false
		return true
	}
	return false
}

// SearchHit is one item found, with the passage that matched.
type SearchHit struct {
	ID         int64
	Reference  string
	Subject    string
	FromName   string
	FromAddr   string
	State      string
	Kind       string
	Timing     string
	Unit       string
	Open       bool
	ReceivedAt time.Time
	Rank       float64
	// Snippet is the best passage with the matches between Mark and
	// MarkEnd (set by the store; the page escapes the rest).
	Snippet string
}

// Marks around the matched words of a snippet: control characters that
// never occur in stored text, so the page can escape everything else.
const (
	Mark    = "\x02"
	MarkEnd = "\x03"
)

// SearchPage is one page of search results.
type SearchPage struct {
	Hits []SearchHit
	More bool // another page follows
}

// ParsedSearch is what a search text asks for: a tsquery over the
// unaccented text search configuration (words as prefixes, "quoted
// phrases" in order) and codes (tracking references, numbers and symbols)
// matched as substrings.
type ParsedSearch struct {
	TSQuery string
	Codes   []string
}

// ParseSearch reads a search text. Words match whole syllables, the last
// one typed as a prefix ("tro giup phap l" finds "trợ giúp pháp lý";
// diacritics are folded by the database's unaccent configuration);
// "quoted words" match as a phrase; a token with a
// digit and a "/" or "-" (TN-2026-000123, 125/QĐ-PBGDPL, 08/2025/TT-BTP) is a
// code. Only letters and digits reach the tsquery, so no text can inject
// tsquery syntax.
func ParseSearch(text string) ParsedSearch {
	var out ParsedSearch
	var parts []string
	last := -1 // the last bare word of parts
	text = norm.NFC.String(strings.ToLower(text))
	for i, chunk := range strings.Split(text, `"`) {
		if i%2 == 1 { // inside quotes: a phrase
			if words := searchWords(chunk); len(words) > 0 {
				parts = append(parts, strings.Join(words, " <-> "))
			}
			continue
		}
		for _, tok := range strings.Fields(chunk) {
			if code := intake.SearchCode(tok); code != "" {
				out.Codes = append(out.Codes, code)
				continue
			}
			for _, w := range searchWords(tok) {
				parts = append(parts, w)
				last = len(parts) - 1
			}
		}
	}
	// Only the last word typed is a prefix, as one types it: a Vietnamese
	// word is a syllable, and "tro:*" would also find "trong" (in) and
	// "trọng", the commonest syllables there are.
	if last >= 0 && last == len(parts)-1 {
		parts[last] += ":*"
	}
	if len(parts) > 0 {
		out.TSQuery = strings.Join(parts, " & ")
	}
	return out
}

// searchWords splits s into runs of letters and digits (combining marks
// kept with their letter).
func searchWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
}
