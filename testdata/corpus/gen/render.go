package main

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

//go:embed templates/*.html
var templatesFS embed.FS

var (
	docTmpl     = template.Must(template.ParseFS(templatesFS, "templates/document.html"))
	articleTmpl = template.Must(template.ParseFS(templatesFS, "templates/article.html"))
)

type para struct {
	Lead, Text string
	Center     bool
}

// docView is what templates/document.html reads.
type docView struct {
	*Doc
	IssuerHTML   template.HTML
	Paras        []para
	DigitalSig   string
	SignedAtText string
	Circulation  string
}

func (d *Doc) paras() []para {
	var ps []para
	for _, b := range d.Body {
		switch {
		case strings.HasPrefix(b, "^"):
			ps = append(ps, para{Text: b[1:], Center: true})
		case strings.HasPrefix(b, "**"):
			end := strings.Index(b[2:], "**")
			ps = append(ps, para{Lead: b[2 : 2+end], Text: strings.TrimSpace(b[4+end:])})
		default:
			ps = append(ps, para{Text: b})
		}
	}
	return ps
}

// HTML renders the document as HTML (the common source of every format).
func (d *Doc) HTML() []byte {
	v := docView{Doc: d, Paras: d.paras(), Circulation: d.Circ}
	v.IssuerHTML = template.HTML(strings.ReplaceAll(template.HTMLEscapeString(d.Issuer), "\n", "<br>"))
	if d.SignedAt != "" {
		v.DigitalSig = titleCase(strings.ReplaceAll(d.Issuer, "\n", " "))
		v.SignedAtText = fmt.Sprintf("%s.%s.%s %s +07:00", d.Signed[8:10], d.Signed[5:7], d.Signed[:4], d.SignedAt)
	}
	var b bytes.Buffer
	t := docTmpl
	if d.Plain {
		t = articleTmpl
	}
	if err := t.Execute(&b, v); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// Text renders the document as plain text, as a sender pastes it into a mail body.
func (d *Doc) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\nSố: %s\n", d.Parent, strings.ReplaceAll(d.Issuer, "\n", " "), d.Number)
	if d.VV != "" {
		fmt.Fprintf(&b, "%s\n", d.VV)
	}
	for _, m := range []string{d.Secrecy, d.Urgency, d.Circ} {
		if m != "" {
			fmt.Fprintf(&b, "%s\n", m)
		}
	}
	fmt.Fprintf(&b, "\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n%s\n\n", d.PlaceDate())
	if d.TitleLine != "" {
		fmt.Fprintf(&b, "%s\n", d.TitleLine)
	}
	if d.Summary != "" {
		fmt.Fprintf(&b, "%s\n", d.Summary)
	}
	if len(d.KinhGui) > 0 {
		fmt.Fprintf(&b, "\nKính gửi: %s\n", strings.Join(d.KinhGui, "\n"))
	}
	b.WriteString("\n")
	for _, p := range d.Preamble {
		fmt.Fprintf(&b, "%s\n", p)
	}
	for _, p := range d.paras() {
		if p.Lead != "" {
			fmt.Fprintf(&b, "%s %s\n", p.Lead, p.Text)
		} else {
			fmt.Fprintf(&b, "%s\n", p.Text)
		}
	}
	b.WriteString("\n")
	if d.Authority != "" {
		fmt.Fprintf(&b, "%s ", d.Authority)
	}
	fmt.Fprintf(&b, "%s\n", d.AuthHead)
	if d.SignTitle != "" {
		fmt.Fprintf(&b, "%s\n", d.SignTitle)
	}
	fmt.Fprintf(&b, "(đã ký)\n%s\n", d.Signer)
	if len(d.NoiNhan) > 0 {
		fmt.Fprintf(&b, "\nNơi nhận:\n%s\n", strings.Join(d.NoiNhan, "\n"))
	}
	return b.String()
}

func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r := []rune(w)
		if len(r) > 0 {
			r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		}
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

func run(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return nil
}

// renderer builds attachments in a work directory.
type renderer struct {
	work string
}

func (r *renderer) path(name string) string { return filepath.Join(r.work, name) }

// renderAll produces every document's file: HTML → ODT → PDF/DOCX with LibreOffice
// (simple TrueType fonts), HTML → PDF with Chromium (Type0 Identity-H fonts), scans
// and photos from the LibreOffice PDF with pdftoppm, ImageMagick and img2pdf.
func (r *renderer) renderAll(docs []*Doc) (map[*Doc][]byte, error) {
	var htmls []string
	for _, d := range docs {
		p := r.path(d.Key() + ".html")
		if err := os.WriteFile(p, d.HTML(), 0o644); err != nil {
			return nil, err
		}
		htmls = append(htmls, p)
	}
	if len(htmls) == 0 {
		return map[*Doc][]byte{}, nil
	}
	lo := []string{"--headless", "-env:UserInstallation=file://" + r.path("lo-profile")}
	conv := func(filter string, files []string) error {
		args := append(append([]string{}, lo...), "--convert-to", filter, "--outdir", r.work)
		return run("soffice", append(args, files...)...)
	}
	if err := conv("odt:writer8", htmls); err != nil {
		return nil, err
	}
	var odts, docxs []string
	for _, d := range docs {
		odt := r.path(d.Key() + ".odt")
		if d.Format == "docx" {
			docxs = append(docxs, odt)
		} else if d.Format != "pdf-identity-h" && d.Format != "body" {
			odts = append(odts, odt)
		}
	}
	if len(odts) > 0 {
		if err := conv("pdf:writer_pdf_Export", odts); err != nil {
			return nil, err
		}
	}
	if len(docxs) > 0 {
		if err := conv("docx:MS Word 2007 XML", docxs); err != nil {
			return nil, err
		}
	}
	out := map[*Doc][]byte{}
	for _, d := range docs {
		var data []byte
		var err error
		switch d.Format {
		case "pdf-libreoffice", "tnef":
			data, err = os.ReadFile(r.path(d.Key() + ".pdf"))
		case "docx":
			data, err = os.ReadFile(r.path(d.Key() + ".docx"))
		case "pdf-identity-h":
			data, err = r.chromium(d)
		case "scan-pdf":
			data, err = r.scan(d)
		case "png":
			data, err = r.photoOfPage(d)
		case "body":
			continue
		default:
			err = fmt.Errorf("unknown format %q", d.Format)
		}
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", d.File, err)
		}
		out[d] = data
	}
	return out, nil
}

func (r *renderer) chromium(d *Doc) ([]byte, error) {
	out := r.path(d.Key() + ".chromium.pdf")
	err := run("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir="+r.path("chromium-profile"),
		"--no-pdf-header-footer", "--print-to-pdf="+out, "file://"+r.path(d.Key()+".html"))
	if err != nil {
		return nil, err
	}
	return os.ReadFile(out)
}

// scan renders each page at 150 dpi in grey, rotates it slightly, adds noise, and wraps the
// JPEG pages in an image-only PDF (no text layer).
func (r *renderer) scan(d *Doc) ([]byte, error) {
	prefix := r.path(d.Key() + "-scan")
	if err := run("pdftoppm", "-r", "150", "-gray", "-png", r.path(d.Key()+".pdf"), prefix); err != nil {
		return nil, err
	}
	pages, _ := filepath.Glob(prefix + "-*.png")
	if len(pages) == 0 {
		return nil, fmt.Errorf("no pages")
	}
	rot := d.Rotate
	if rot == 0 {
		rot = 0.6
	}
	var jpgs []string
	for _, p := range pages {
		j := strings.TrimSuffix(p, ".png") + ".jpg"
		if err := run("/usr/bin/convert", p, "-background", "white", "-rotate", fmt.Sprint(rot),
			"-attenuate", "0.35", "+noise", "Gaussian", "-blur", "0x0.5", "-level", "8%,96%",
			"-colorspace", "Gray", "-quality", "55", j); err != nil {
			return nil, err
		}
		jpgs = append(jpgs, j)
	}
	out := prefix + ".pdf"
	if err := run("img2pdf", append([]string{"--pagesize", "A4", "-o", out}, jpgs...)...); err != nil {
		return nil, err
	}
	return os.ReadFile(out)
}

// photoOfPage makes a phone-photo-like PNG of the first page: perspective, uneven light, noise.
func (r *renderer) photoOfPage(d *Doc) ([]byte, error) {
	prefix := r.path(d.Key() + "-photo")
	if err := run("pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-singlefile", "-png", r.path(d.Key()+".pdf"), prefix); err != nil {
		return nil, err
	}
	out := prefix + "-out.png"
	err := run("/usr/bin/convert", prefix+".png", "-bordercolor", "#8a7f72", "-border", "40",
		"-virtual-pixel", "background", "-background", "#6b6358",
		"-distort", "Perspective", "0,0 16,27  907,0 899,7  0,1249 4,1230  907,1249 907,1256",
		"(", "+clone", "-sparse-color", "Barycentric", "0,0 gray(92%) %w,%h gray(72%)", ")",
		"-compose", "Multiply", "-composite", "-attenuate", "0.12", "+noise", "Gaussian",
		"-colorspace", "Gray", "-depth", "8", "-colors", "64", out)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(out)
}

// photo makes a synthetic event photo (JPEG).
func (r *renderer) photo(p Photo) ([]byte, error) {
	out := r.path(fmt.Sprintf("photo-%d-%dx%d.jpg", p.Seed, p.W, p.H))
	size := fmt.Sprintf("%dx%d", p.W, p.H)
	err := run("/usr/bin/convert", "-seed", fmt.Sprint(p.Seed), "-size", size, "plasma:fractal",
		"-blur", "0x3", "-modulate", "100,70", "-quality", "72", out)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(out)
}
