package realcorpus

import (
	"hash/fnv"
	"net/url"
	"strings"
)

// The held-out split, fixed on 2026-12-07 before any model was trained or
// tuned (testdata/realcorpus/split.md). It depends only on an item's source
// site and publication date, so that near-copies of one page, or of one
// site's house style, cannot fall on both sides:
//
//   - the two big sites (the Portal itself and its newspaper) are split by
//     date: items published on or after DateCutoff are held out, older ones
//     and undated ones train;
//   - every other site goes whole to one side, by a hash of its host name:
//     FNV-1a 32 of the host, modulo 10, below 3 → held out (about 30 % of
//     the sites).
//
// Changing any of these constants changes the held-out set and is
// forbidden once a model has been evaluated on it; TestSplitRule checks
// every item against this rule.
const (
	DateCutoff  = "2025-07-01"
	hashBuckets = 10
	hashHeldout = 3
)

// dateSplitSites are split by date instead of as a whole.
var dateSplitSites = map[string]bool{"moj.gov.vn": true, "baophapluat.vn": true}

// SplitOf returns the split of an item from its site and publication date
// (YYYY-MM-DD or "").
func SplitOf(site, published string) string {
	if dateSplitSites[site] {
		if published != "" && published >= DateCutoff {
			return Heldout
		}
		return Train
	}
	h := fnv.New32a()
	h.Write([]byte(site))
	if h.Sum32()%hashBuckets < hashHeldout {
		return Heldout
	}
	return Train
}

// SiteOf is the source_site of a URL: its host, lower case, without port
// and without a leading "www.".
func SiteOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}
