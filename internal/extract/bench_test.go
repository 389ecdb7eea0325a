package extract

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/pdfsig/pdfsigtest"
)

// benchPDFs are multi-page (>= 10 pages) text PDFs of the testdata.
var benchPDFs = []string{"lo-quyche.pdf", "chromium-quyche.pdf"}

// Speed goal (issue): our PDF extraction no slower than pdftotext on the
// same multi-page PDFs. Run:
//
//	go test -run=^$ -bench='PDFExtract|Pdftotext|PDFRatio' -benchtime=20x ./internal/extract
func BenchmarkPDFExtract(b *testing.B) {
	for _, name := range benchPDFs {
		data := readTestdata(b, name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			pages := 0
			for b.Loop() {
				res := Extract(context.Background(), Input{Filename: name, Data: data}, Options{Tools: noTools()})
				if res.Err != nil || res.Method != MethodPDFToUnicode {
					b.Fatalf("%s: %v %s", name, res.Err, res.Method)
				}
				pages = res.Pages
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(pages), "ms/page")
		})
	}
}

func BenchmarkPdftotext(b *testing.B) {
	bin := requireTool(b, "pdftotext")
	for _, name := range benchPDFs {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				runPdftotextFile(b, bin, "testdata/"+name)
			}
		})
	}
}

func runPdftotextFile(b testing.TB, bin, file string) {
	if err := exec.Command(bin, "-enc", "UTF-8", "-q", file, os.DevNull).Run(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPDFRatio runs both on each file, alternating, and reports our
// time divided by pdftotext's (target <= 1.0). pdftotext reads the file
// from disk (page cache), we read it from memory as Extract does.
func BenchmarkPDFRatio(b *testing.B) {
	bin := requireTool(b, "pdftotext")
	for _, name := range benchPDFs {
		data := readTestdata(b, name)
		b.Run(name, func(b *testing.B) {
			var ours, theirs time.Duration
			for b.Loop() {
				t0 := time.Now()
				Extract(context.Background(), Input{Filename: name, Data: data}, Options{Tools: noTools()})
				t1 := time.Now()
				runPdftotextFile(b, bin, "testdata/"+name)
				ours += t1.Sub(t0)
				theirs += time.Since(t1)
			}
			ratio := float64(ours) / float64(theirs)
			b.ReportMetric(ratio, "x-pdftotext")
			b.ReportMetric(float64(ours.Microseconds())/float64(b.N)/1000, "ms-ours")
			b.ReportMetric(float64(theirs.Microseconds())/float64(b.N)/1000, "ms-pdftotext")
			b.Logf("%s: ours %.2f ms, pdftotext %.2f ms, ratio %.2f×", name,
				float64(ours.Microseconds())/float64(b.N)/1000, float64(theirs.Microseconds())/float64(b.N)/1000, ratio)
		})
	}
}

// bigPDF builds a PDF of about size bytes: pages of Vietnamese text
// (Flate-compressed content, Type0/Identity-H font with ToUnicode) each
// with an incompressible 8-bit image, like a scanned-and-OCR'd annex.
func bigPDF(size int) []byte {
	const imgSide = 240 // 240×240 gray = 57,600 bytes per page
	text := "Căn cứ Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ quy định về việc cung cấp thông tin"
	var content bytes.Buffer
	content.WriteString("q 240 0 0 240 300 50 cm /Im1 Do Q\nBT /F1 10 Tf 12 TL 40 800 Td\n")
	for i := 0; i < 50; i++ {
		content.WriteString("<")
		for _, r := range text {
			fmt.Fprintf(&content, "%04X", r)
		}
		content.WriteString("> Tj T*\n")
	}
	content.WriteString("ET\n")
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(content.Bytes())
	zw.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	img := make([]byte, imgSide*imgSide)
	for i := range img {
		img[i] = byte(rng.Uint32())
	}
	perPage := len(img) + z.Len() + 300
	pages := max(1, size/perPage)
	cmap := "1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfrange <0000> <02FF> <0000> <1E00> <1EFF> <1E00> endbfrange"
	var objs []string
	obj := func(body string, stream []byte) {
		if stream != nil {
			body += "\nstream\n" + string(stream) + "\nendstream"
		}
		objs = append(objs, body)
	}
	kids := make([]string, pages)
	for i := range kids {
		kids[i] = fmt.Sprintf("%d 0 R", 6+3*i+2) // image, content, page
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), pages), nil)
	obj("<< /Type /Font /Subtype /Type0 /BaseFont /F /Encoding /Identity-H /ToUnicode 4 0 R /DescendantFonts [5 0 R] >>", nil)
	obj(fmt.Sprintf("<< /Length %d >>", len(cmap)), []byte(cmap))
	obj("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /F /DW 500 >>", nil)
	for i := 0; i < pages; i++ {
		n := len(objs) + 1
		obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>", imgSide, imgSide, len(img)), img)
		obj(fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>", z.Len()), z.Bytes())
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>", n, n+1), nil)
	}
	return pdfsigtest.Assemble("%PDF-1.4\n", objs)
}

// peakHeap runs fn while sampling the live heap every millisecond and
// returns the highest value seen.
func peakHeap(fn func()) uint64 {
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
	return peak.Load()
}

// BenchmarkPDFPeakMemory25MB reports the peak live heap while extracting
// a generated 25 MB PDF, as a multiple of the file size (target <= 3),
// the input itself included. Run:
//
//	go test -run=^$ -bench=PDFPeakMemory25MB -benchtime=3x ./internal/extract
func BenchmarkPDFPeakMemory25MB(b *testing.B) {
	data := bigPDF(25 << 20)
	var worst float64
	var pages int
	for b.Loop() {
		runtime.GC()
		peak := peakHeap(func() {
			res := Extract(context.Background(), Input{Filename: "big.pdf", Data: data}, Options{Tools: noTools()})
			if res.Err != nil || !strings.Contains(res.Text, "Căn cứ Nghị định số 42/2022/NĐ-CP") {
				b.Fatalf("err %v", res.Err)
			}
			pages = res.Pages
		})
		if r := float64(peak) / float64(len(data)); r > worst {
			worst = r
		}
	}
	b.ReportMetric(worst, "peak-heap/size")
	b.ReportMetric(float64(len(data))/(1<<20), "MB-input")
	b.Logf("input %.1f MB, %d pages, peak heap in use %.2f× the input", float64(len(data))/(1<<20), pages, worst)
}

// TestPeakMemory25MB asserts the memory goal (skipped with -short).
func TestPeakMemory25MB(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 25 MB PDF")
	}
	data := bigPDF(25 << 20)
	runtime.GC()
	var res Result
	peak := peakHeap(func() {
		res = Extract(context.Background(), Input{Filename: "big.pdf", Data: data}, Options{Tools: noTools()})
	})
	ratio := float64(peak) / float64(len(data))
	t.Logf("input %.1f MB, %d pages, %d images, peak heap in use %.1f MB = %.2f× the input",
		float64(len(data))/(1<<20), res.Pages, res.Images.Count, float64(peak)/(1<<20), ratio)
	if res.Err != nil || res.Pages < 300 || res.Images.Count != res.Pages {
		t.Fatalf("err %v images %d pages %d", res.Err, res.Images.Count, res.Pages)
	}
	if ratio > 3 {
		t.Errorf("peak heap %.2f× the input, goal <= 3×", ratio)
	}
}
