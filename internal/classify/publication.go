package classify

import "strings"

// PublicationMatch is how far an item of the Portal's feed resembles a
// submission for posting: its title's words and its text's shingles.
type PublicationMatch struct {
	// Title is the resemblance (Jaccard) of the two titles' folded words.
	Title float64 `json:"title"`
	// Jaccard and Containment compare the texts (Compare): containment is
	// the share of the shorter text found in the longer (the Portal's
	// summary inside the submission, or the other way round).
	Jaccard     float64 `json:"jaccard"`
	Containment float64 `json:"containment"`
}

// Thresholds of MatchPublication.
const (
	pubTitleMin       = 0.6 // titles this alike, with some of the text
	pubTitleText      = 0.2
	pubTitleWords     = 3 // a title of fewer words proves nothing ("Thông báo")
	pubContainmentMin = 0.6
	pubMinShingles    = 12 // the near-duplicate screen's default
)

// MatchPublication reports whether item, newly seen in the Portal's feed,
// is the publication of the submission titled subTitle whose text has the
// fingerprint sub: the same title with some of the text, or most of the
// shorter text in the longer. The Portal edits what it posts (a new title,
// a shorter text), so either suffices; a person confirms (a proposal, never
// a publication by itself).
func MatchPublication(item Published, subTitle string, sub Fingerprint) (PublicationMatch, bool) {
	var m PublicationMatch
	a, b := titleWords(item.Title), titleWords(subTitle)
	m.Title = wordJaccard(a, b)
	fp := NewFingerprint(item.Text)
	if !fp.Empty() && !sub.Empty() {
		m.Jaccard, m.Containment = Compare(fp, sub)
	}
	m.Title, m.Jaccard, m.Containment = round(m.Title), round(m.Jaccard), round(m.Containment)
	byTitle := m.Title >= pubTitleMin && min(len(a), len(b)) >= pubTitleWords && m.Containment >= pubTitleText
	byText := m.Containment >= pubContainmentMin && min(fp.Shingles, sub.Shingles) >= pubMinShingles
	return m, byTitle || byText
}

// titleWords are the distinct folded words of a title, without the
// one-letter ones and punctuation.
func titleWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(Fold(s), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) {
		if len(w) > 1 {
			out[w] = true
		}
	}
	return out
}

func wordJaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
