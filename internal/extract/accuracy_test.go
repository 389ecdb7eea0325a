package extract

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// checkWords must all appear in the extracted text of every Vietnamese
// official-document PDF of testdata (they do in pdftotext's output).
var checkWords = []string{
	"văn bản", "Số", "Quyết định", "Cổng Thông tin điện tử", "Nơi nhận", "Thứ trưởng",
	"Điều", "ngày làm việc", "đăng tải", "Bộ Tư pháp", "Căn cứ", "Nghị định", "Cục trưởng",
	"Độc lập - Tự do - Hạnh phúc", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
}

// textPDFs are the PDFs with a text layer; scan.pdf and the malformed
// files are tested elsewhere.
var textPDFs = []string{
	"lo-vanban.pdf", "lo-quyche.pdf", "lo-full.pdf", "chromium-vanban.pdf", "chromium-quyche.pdf",
	"wide-bfrange.pdf", "hello.pdf",
}

func pdftotextRef(t testing.TB, bin, file string, extra ...string) string {
	t.Helper()
	args := append([]string{"-enc", "UTF-8", "-q"}, extra...)
	out, err := exec.Command(bin, append(args, file, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", file, err)
	}
	return string(out)
}

// TestAccuracyVsPdftotext measures our own text layer (pdftotext disabled
// as a fallback, so the figure is ours) against pdftotext's output.
//
// The gate (>= 99.5%) compares with `pdftotext -raw`, which keeps the
// content stream order as we do; default pdftotext re-orders blocks by its
// column heuristics (it interleaves the two cells of the "Nơi nhận" /
// signature table of an official document), so that figure is logged for
// information, not asserted.
func TestAccuracyVsPdftotext(t *testing.T) {
	bin := requireTool(t, "pdftotext")
	files := append([]string(nil), textPDFs...)
	for i := range files {
		files[i] = filepath.Join("testdata", files[i])
	}
	corpus, _ := filepath.Glob("../../testdata/corpus/*/*.pdf")
	corpus2, _ := filepath.Glob("../../testdata/corpus/*.pdf")
	files = append(files, corpus...)
	files = append(files, corpus2...)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ref := pdftotextRef(t, bin, f, "-raw")
			def := pdftotextRef(t, bin, f)
			if strings.TrimSpace(ref) == "" {
				t.Skip("no text layer according to pdftotext")
			}
			res := Extract(context.Background(), Input{Filename: filepath.Base(f), Data: data}, Options{Tools: noTools()})
			if res.Err != nil {
				t.Fatalf("Extract: %v", res.Err)
			}
			if res.Method != MethodPDF && res.Method != MethodPDFToUnicode {
				t.Fatalf("method %q, want our own text layer", res.Method)
			}
			if res.Garbled {
				t.Errorf("flagged garbled")
			}
			acc := charAccuracy(res.Text, ref)
			t.Logf("%s: character accuracy %.4f%% vs pdftotext -raw, %.4f%% vs default pdftotext (%d pages, method %s)",
				filepath.Base(f), acc*100, charAccuracy(res.Text, def)*100, res.Pages, res.Method)
			if acc < 0.995 {
				t.Errorf("accuracy %.4f < 0.995", acc)
				diffHint(t, res.Text, ref)
			}
			if strings.HasPrefix(filepath.Base(f), "hello") || strings.Contains(f, "corpus") {
				return
			}
			got := normalizeForCompare(res.Text)
			for _, w := range checkWords {
				if strings.Contains(normalizeForCompare(ref), w) && !strings.Contains(got, w) {
					t.Errorf("check word %q missing", w)
				}
			}
		})
	}
}

// diffHint logs the first differing region.
func diffHint(t *testing.T, got, want string) {
	g, w := []rune(normalizeForCompare(got)), []rune(normalizeForCompare(want))
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	from := max(0, i-40)
	t.Logf("first difference at %d:\n got: %q\nwant: %q", i, string(g[from:min(len(g), i+80)]), string(w[from:min(len(w), i+80)]))
}
