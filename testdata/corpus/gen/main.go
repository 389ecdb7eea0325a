// Command gen regenerates the labelled corpus of submission emails in testdata/corpus:
// it renders each official document with LibreOffice, Chromium, pdftoppm, ImageMagick and
// img2pdf, writes the .eml files as real mail clients write them, then labels.toml and
// published.xml. Tests never run it: the committed corpus is the source of truth.
//
// Usage (from the repository root): go run ./testdata/corpus/gen [-only PREFIX] [-keep]
package main

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

func main() {
	out := flag.String("out", "testdata/corpus", "corpus directory")
	only := flag.String("only", "", "build only items whose file name starts with this")
	keep := flag.Bool("keep", false, "keep the work directory")
	check := flag.Bool("verify", false, "only verify the committed corpus against labels.toml")
	ocr := flag.Bool("ocr", false, "with -verify: OCR scans and photos with tesseract and report")
	flag.Parse()
	if *check {
		if err := verify(*out, *ocr); err != nil {
			fmt.Fprintln(os.Stderr, "verify:", err)
			os.Exit(1)
		}
		return
	}
	if err := generate(*out, *only, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func allItems() []*Item {
	var items []*Item
	for _, f := range []func() []*Item{itemsDocs1, itemsDocs2, itemsDocs3, itemsDocs4, itemsNews, itemsOther} {
		items = append(items, f()...)
	}
	sort.Slice(items, func(i, j int) bool { return items[i].File < items[j].File })
	return items
}

func generate(out, only string, keep bool) error {
	items := allItems()
	seen := map[string]bool{}
	for _, it := range items {
		if seen[it.File] {
			return fmt.Errorf("duplicate file %s", it.File)
		}
		seen[it.File] = true
		if err := checkSubmitter(it.File, it.Sub); err != nil {
			return err
		}
	}
	work, err := os.MkdirTemp("", "corpus-gen-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Println("work dir:", work)
	} else {
		defer os.RemoveAll(work)
	}
	r := &renderer{work: work}
	var docs []*Doc
	for _, it := range items {
		if !strings.HasPrefix(it.File, only) {
			continue
		}
		docs = append(docs, it.Docs...)
		docs = append(docs, it.Articles...)
		if it.Forward != nil {
			docs = append(docs, it.Forward.Docs...)
		}
	}
	rendered, err := r.renderAll(docs)
	if err != nil {
		return err
	}
	for _, it := range items {
		if !strings.HasPrefix(it.File, only) {
			continue
		}
		msg, err := buildItem(r, it, rendered)
		if err != nil {
			return fmt.Errorf("%s: %w", it.File, err)
		}
		if err := os.WriteFile(filepath.Join(out, it.File), msg, 0o644); err != nil {
			return err
		}
		fmt.Printf("%-48s %7d bytes  %s\n", it.File, len(msg), weekdayNote(it.Received))
	}
	if err := writeLabels(out, items); err != nil {
		return err
	}
	return writePublished(filepath.Join(out, "published.xml"))
}

// attachmentsOf builds the attachment list of an item from its documents, photos and files.
func attachmentsOf(r *renderer, it *Item, rendered map[*Doc][]byte) ([]Attachment, error) {
	var atts []Attachment
	var zipped []Attachment
	for _, d := range append(append([]*Doc{}, it.Docs...), it.Articles...) {
		if d.Format == "body" {
			continue
		}
		data, ok := rendered[d]
		if !ok {
			return nil, fmt.Errorf("document %s not rendered", d.File)
		}
		a := Attachment{Name: d.File, ContentType: contentType(d.File), Data: data}
		if d.Format == "tnef" {
			var err error
			if a.Data, err = tnef(it.Body, []Attachment{a}); err != nil {
				return nil, err
			}
			a = Attachment{Name: "winmail.dat", ContentType: "application/ms-tnef", Data: a.Data, NameStyle: "raw"}
		}
		if it.Zip != "" {
			zipped = append(zipped, a)
			continue
		}
		atts = append(atts, a)
	}
	if it.Zip != "" {
		z, err := zipOf(zipped)
		if err != nil {
			return nil, err
		}
		atts = append(atts, Attachment{Name: it.Zip, ContentType: contentType(it.Zip), Data: z})
	}
	for _, p := range it.Photos {
		data, err := r.photo(p)
		if err != nil {
			return nil, err
		}
		atts = append(atts, Attachment{Name: p.Name, ContentType: contentType(p.Name), Data: data, Inline: p.Inline})
	}
	atts = append(atts, it.Files...)
	return atts, nil
}

func buildItem(r *renderer, it *Item, rendered map[*Doc][]byte) ([]byte, error) {
	if it.Raw != nil {
		return crlf(it.Raw(it)), nil
	}
	atts, err := attachmentsOf(r, it, rendered)
	if err != nil {
		return nil, err
	}
	var inner []byte
	if it.Forward != nil {
		fa, err := attachmentsOf(r, it.Forward, rendered)
		if err != nil {
			return nil, err
		}
		inner = buildMessage(it.Forward, fa, nil)
	}
	if it.Sub != nil && !strings.Contains(it.Body, "{{sig}}") {
		return nil, fmt.Errorf("body has no {{sig}} for its submitter")
	}
	body := it.Body
	it.Body = strings.ReplaceAll(it.Body, "{{sig}}", it.Sub.signature())
	for _, d := range it.Docs {
		if d.Format == "body" {
			it.Body = strings.ReplaceAll(it.Body, "{{doc}}", d.Text())
		}
	}
	msg := buildMessage(it, atts, inner)
	it.Body = body
	return msg, nil
}

func contentType(name string) string {
	switch strings.ToLower(extOf(name)) {
	case ".pdf":
		return "application/pdf"
	case ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ".doc":
		return "application/msword"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".zip":
		return "application/x-zip-compressed"
	case ".txt":
		return "text/plain"
	}
	return "application/octet-stream"
}

func zipOf(files []Attachment) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 8, 0, 0, 0, hcm)})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// weekdayNote prints the weekday and whether the receipt date is a day off (domain.md
// holiday table), to help whoever writes the labels; labels are not derived from it.
func weekdayNote(received string) string {
	t := mustTime(received).In(hcm)
	d := t.Format("2006-01-02")
	off := map[string]bool{}
	for _, rg := range [][2]string{{"2025-01-01", "2025-01-01"}, {"2025-01-25", "2025-02-02"}, {"2025-04-05", "2025-04-07"},
		{"2025-04-30", "2025-05-04"}, {"2025-08-30", "2025-09-02"}, {"2026-01-01", "2026-01-04"}, {"2026-02-14", "2026-02-22"},
		{"2026-04-25", "2026-04-27"}, {"2026-04-30", "2026-05-03"}} {
		a, _ := time.Parse("2006-01-02", rg[0])
		b, _ := time.Parse("2006-01-02", rg[1])
		for x := a; !x.After(b); x = x.AddDate(0, 0, 1) {
			off[x.Format("2006-01-02")] = true
		}
	}
	note := t.Format("Mon 15:04")
	switch {
	case d == "2025-04-26" || d == "2026-01-10":
		note += " make-up working Saturday"
	case off[d]:
		note += " HOLIDAY"
	case t.Weekday() == time.Saturday || t.Weekday() == time.Sunday:
		note += " weekend"
	}
	return note
}

const labelsHeader = `# Labels of the corpus: one table per .eml file, hand-set by the corpus author in
# gen/items_*.go (the truth for the tests, not computed by any classifier). See README.md.
`

func writeLabels(out string, items []*Item) error {
	labels := map[string]Label{}
	for _, it := range items {
		l := it.L
		l.ReceivedAt = it.Received
		if l.Grounds == nil {
			l.Grounds = []string{}
		}
		docs := it.Docs
		if it.Forward != nil && len(docs) == 0 {
			docs = it.Forward.Docs
		}
		if len(docs) > 0 && l.Kind != "other" {
			for i, d := range docs {
				dl := docLabel(it, d)
				if i == 0 {
					l.Document = &dl
				} else {
					l.OtherDocuments = append(l.OtherDocuments, dl)
				}
			}
		}
		if it.Sub != nil {
			l.Submitter = &SubLabel{Missing: nonNil(it.Sub.Missing), Invalid: nonNil(it.Sub.Invalid)}
		}
		labels[it.File] = l
	}
	var b bytes.Buffer
	b.WriteString(labelsHeader)
	if err := toml.NewEncoder(&b).Encode(labels); err != nil {
		return err
	}
	var back map[string]Label
	if _, err := toml.Decode(b.String(), &back); err != nil {
		return fmt.Errorf("labels.toml does not decode: %w", err)
	}
	return os.WriteFile(filepath.Join(out, "labels.toml"), b.Bytes(), 0o644)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func docLabel(it *Item, d *Doc) DocLabel {
	dl := DocLabel{NumberSymbol: d.Number, Type: d.Type, SignedOn: d.Signed, Issuer: d.IssuerName,
		Signer: d.Signer, Authority: d.Authority, Secrecy: firstNonEmpty(d.Secrecy, d.Circ), Urgency: d.Urgency,
		PortalRecipient: d.Portal, Attachment: d.File, Format: d.Format, CheckWords: nonNil(d.CheckWords)}
	if d.Format == "body" {
		dl.Attachment = ""
	}
	if d.Format == "tnef" {
		dl.Attachment = "winmail.dat"
		dl.Member = d.File
	}
	if it.Zip != "" {
		dl.Attachment = it.Zip
		dl.Member = d.File
		dl.Format = "zip"
	}
	return dl
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
