package extract

import (
	"archive/zip"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unicode"

	"github.com/moj-portal/tiepnhan/internal/testenv"
	"golang.org/x/text/unicode/norm"
)

// requireTool returns the path of an external program; it skips the test
// when missing, except under CI=true where a missing tool fails it.
func requireTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	testenv.Require(t, name, err)
	return p
}

// requireTesseractVie is requireTool for tesseract with its Vietnamese
// model (Debian: tesseract-ocr-vie).
func requireTesseractVie(t testing.TB) string {
	t.Helper()
	p := requireTool(t, "tesseract")
	var err error
	if !hasTessLang(p, "vie") {
		err = errors.New("tesseract --list-langs has no vie")
	}
	testenv.Require(t, "tesseract-ocr-vie", err)
	return p
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// noTools disables every external program.
func noTools() *Tools { return &Tools{} }

// normalizeForCompare applies NFC and collapses all whitespace runs
// (including form feeds) to one space.
func normalizeForCompare(s string) string {
	s = norm.NFC.String(s)
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// levenshtein computes the edit distance between a and b (runes) with a
// band that doubles until the result fits inside it, which makes it exact
// and O(n·d) for the nearly identical texts compared here.
func levenshtein(a, b []rune) int {
	for k := 64; ; k *= 2 {
		d := bandedLevenshtein(a, b, k)
		if d <= k {
			return d
		}
		if k > len(a)+len(b) {
			return d
		}
	}
}

func bandedLevenshtein(a, b []rune, k int) int {
	n, m := len(a), len(b)
	if abs(n-m) > k {
		return k + 1
	}
	const inf = 1 << 30
	prev := make([]int, m+1)
	cur := make([]int, m+1)
	for j := 0; j <= m; j++ {
		if j <= k {
			prev[j] = j
		} else {
			prev[j] = inf
		}
	}
	for i := 1; i <= n; i++ {
		lo, hi := max(1, i-k), min(m, i+k)
		cur[lo-1] = inf
		if i <= k {
			cur[0] = i
		}
		if hi+1 <= m {
			cur[hi+1] = inf
		}
		for j := lo; j <= hi; j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			if v := prev[j] + 1; v < c {
				c = v
			}
			if v := cur[j-1] + 1; v < c {
				c = v
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[m]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// charAccuracy is 1 - Levenshtein(got, want)/len(want) after normalising.
func charAccuracy(got, want string) float64 {
	g := []rune(normalizeForCompare(got))
	w := []rune(normalizeForCompare(want))
	if len(w) == 0 {
		if len(g) == 0 {
			return 1
		}
		return 0
	}
	return 1 - float64(levenshtein(g, w))/float64(len(w))
}

func lookPath(name string) (string, error) { return exec.LookPath(name) }

// zipWriter writes stored (uncompressed) members, so that fuzzed bytes
// reach the XML parser unchanged.
type zipWriter struct{ zw *zip.Writer }

func newZipWriter(w io.Writer) *zipWriter { return &zipWriter{zw: zip.NewWriter(w)} }

func (z *zipWriter) add(name string, body []byte) {
	w, err := z.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
	if err == nil {
		w.Write(body)
	}
}

func (z *zipWriter) close() { z.zw.Close() }
