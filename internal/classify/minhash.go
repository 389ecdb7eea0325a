package classify

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"strings"
	"time"
)

// Near-duplicates (Điều 14 khoản 4: content already posted on the Portal).
// Texts are folded (NFC, lower case, no diacritics, punctuation removed),
// cut into shingles of ShingleWords consecutive words, and summarised by a
// MinHash signature of SignatureSize values (Broder 1997). Locality-
// sensitive hashing groups the signature into Bands bands of Rows rows: two
// texts become candidates when one band is identical, which happens with
// probability 1-(1-J^Rows)^Bands for resemblance J (≈ 0.87 at J = 0.5 and
// 0.99 at J = 0.6 with 32 × 4). Candidates are then compared exactly on
// their shingle sets: resemblance (Jaccard) and containment of the shorter
// text in the longer.

// Signature parameters. Changing them invalidates stored fingerprints.
const (
	ShingleWords  = 3
	SignatureSize = 128
	Bands         = 32
	Rows          = SignatureSize / Bands
	// MaxFingerprintText caps the text kept for exact comparison.
	MaxFingerprintText = 60000
)

// Fingerprint is what is kept of a text to find its near-duplicates.
type Fingerprint struct {
	// Text is the folded text (capped at MaxFingerprintText bytes).
	Text string `json:"text"`
	// Shingles is the number of distinct shingles.
	Shingles int `json:"shingles"`
	// Signature is the MinHash signature; Bands the LSH band keys.
	Signature []uint32 `json:"signature"`
	Bands     []int64  `json:"bands"`
}

// NewFingerprint fingerprints a text.
func NewFingerprint(text string) Fingerprint {
	f := Fold(text)
	if len(f) > MaxFingerprintText {
		f = f[:MaxFingerprintText]
		if i := strings.LastIndexByte(f, ' '); i > 0 {
			f = f[:i]
		}
	}
	set := shingles(f)
	fp := Fingerprint{Text: f, Shingles: len(set), Signature: make([]uint32, SignatureSize)}
	for i := range fp.Signature {
		fp.Signature[i] = math.MaxUint32
	}
	for h := range set {
		for i := range fp.Signature {
			if v := uint32(mix(h ^ seeds[i])); v < fp.Signature[i] {
				fp.Signature[i] = v
			}
		}
	}
	if len(set) > 0 {
		fp.Bands = bandKeys(fp.Signature)
	}
	return fp
}

// Empty reports whether the text had no shingle at all.
func (f Fingerprint) Empty() bool { return f.Shingles == 0 }

// Estimate is the resemblance of two texts estimated from their
// signatures.
func (f Fingerprint) Estimate(g Fingerprint) float64 {
	if len(f.Signature) != SignatureSize || len(g.Signature) != SignatureSize || f.Empty() || g.Empty() {
		return 0
	}
	same := 0
	for i := range f.Signature {
		if f.Signature[i] == g.Signature[i] {
			same++
		}
	}
	return float64(same) / SignatureSize
}

// Compare gives the exact resemblance (Jaccard) and containment of two
// fingerprinted texts; without texts it falls back to the estimate.
//
// The signatures' estimate is a cheap first pass (minEstimate): texts that
// share no more than that of their hashes are not compared exactly.
func Compare(a, b Fingerprint) (jaccard, containment float64) {
	if a.Text == "" || b.Text == "" {
		e := a.Estimate(b)
		return e, e
	}
	return compareSets(shingles(a.Text), shingles(b.Text))
}

func compareSets(sa, sb map[uint64]struct{}) (jaccard, containment float64) {
	if len(sa) == 0 || len(sb) == 0 {
		return 0, 0
	}
	if len(sa) > len(sb) {
		sa, sb = sb, sa
	}
	inter := 0
	for h := range sa {
		if _, ok := sb[h]; ok {
			inter++
		}
	}
	union := len(sa) + len(sb) - inter
	return float64(inter) / float64(union), float64(inter) / float64(len(sa))
}

func shingles(folded string) map[uint64]struct{} {
	w := strings.Fields(folded)
	set := map[uint64]struct{}{}
	if len(w) == 0 {
		return set
	}
	n := ShingleWords
	if len(w) < n {
		n = len(w)
	}
	for i := 0; i+n <= len(w); i++ {
		h := fnv.New64a()
		for j := i; j < i+n; j++ {
			h.Write([]byte(w[j]))
			h.Write([]byte{0})
		}
		set[h.Sum64()] = struct{}{}
	}
	return set
}

// mix is splitmix64's finaliser: a fixed, well-spread permutation.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// seeds are fixed so that stored signatures stay comparable.
var seeds = func() [SignatureSize]uint64 {
	var s [SignatureSize]uint64
	x := uint64(0x746965706e68616e) // "tiepnhan"
	for i := range s {
		x += 0x9e3779b97f4a7c15
		s[i] = mix(x)
	}
	return s
}()

func bandKeys(sig []uint32) []int64 {
	out := make([]int64, Bands)
	buf := make([]byte, 4)
	for b := 0; b < Bands; b++ {
		h := fnv.New64a()
		h.Write([]byte{byte(b)})
		for r := 0; r < Rows; r++ {
			binary.LittleEndian.PutUint32(buf, sig[b*Rows+r])
			h.Write(buf)
		}
		out[b] = int64(h.Sum64())
	}
	return out
}

// minEstimate is the signature agreement below which two texts are not
// compared exactly: unrelated texts agree on about 0 of 128 hashes; a short
// text contained in a long one (resemblance 0.2) on about 26.
const minEstimate = 0.05

// Candidate is an earlier submission or published item that a new text may
// repeat.
type Candidate struct {
	// Source is "submission" or "published".
	Source string
	// Ref is the submission's reference or the published item's link.
	Ref         string
	Title       string
	At          time.Time
	Fingerprint Fingerprint
}

// Index finds candidates by their LSH bands, in memory.
type Index struct {
	items []Candidate
	bands map[int64][]int
}

// NewIndex makes an empty index.
func NewIndex() *Index { return &Index{bands: map[int64][]int{}} }

// Add puts a candidate in the index.
func (x *Index) Add(c Candidate) {
	i := len(x.items)
	x.items = append(x.items, c)
	for _, b := range c.Fingerprint.Bands {
		x.bands[b] = append(x.bands[b], i)
	}
}

// Len is the number of items.
func (x *Index) Len() int { return len(x.items) }

// Candidates are the items sharing at least one band with fp.
func (x *Index) Candidates(fp Fingerprint) []Candidate {
	seen := map[int]bool{}
	var out []Candidate
	for _, b := range fp.Bands {
		for _, i := range x.bands[b] {
			if !seen[i] {
				seen[i] = true
				out = append(out, x.items[i])
			}
		}
	}
	return out
}
