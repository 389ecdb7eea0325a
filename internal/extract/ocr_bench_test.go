//go:build unix

package extract

import (
	"syscall"
	"testing"
	"time"
)

// childCPU is the CPU time of the finished child processes (pdftoppm,
// pdfimages, tesseract): steadier than wall time on a busy machine.
func childCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkScanOCR reads testdata/scan.pdf (one 1241×1754 page at 150 ppi)
// from its embedded image and from a 300 dpi rendering:
// go test -run '^$' -bench ScanOCR -benchtime 5x ./internal/extract
func BenchmarkScanOCR(b *testing.B) {
	data := readTestdata(b, "scan.pdf")
	all := Tools{Pdftoppm: requireTool(b, "pdftoppm"), Pdfimages: requireTool(b, "pdfimages"), Tesseract: requireTesseractVie(b)}
	render := all
	render.Pdfimages = ""
	for _, bc := range []struct {
		name  string
		tools Tools
	}{{"embedded-image", all}, {"render-300dpi", render}} {
		b.Run(bc.name, func(b *testing.B) {
			cpu := childCPU()
			for b.Loop() {
				res := Extract(b.Context(), Input{Filename: "scan.pdf", Data: data}, Options{Tools: &bc.tools})
				if res.Method != MethodOCR {
					b.Fatalf("method %s err %v", res.Method, res.Err)
				}
			}
			b.ReportMetric((childCPU()-cpu).Seconds()/float64(b.N), "child-cpu-s/op")
		})
	}
}
