#!/bin/sh
# Rebuilds the test files of internal/extract/testdata (see README.md).
# Run from internal/extract/testdata. Needs: python3, chromium, soffice,
# gs, pdftoppm, qpdf, img2pdf. Output of LibreOffice/Chromium differs slightly
# between versions; the tests assert behaviour, not bytes.
set -eu
export HOME="${TMPDIR:-/tmp}/lohome"; mkdir -p "$HOME"
tmp=$(mktemp -d)
python3 src/make_sources.py
ud=$(mktemp -d)
for f in vanban quyche; do
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$ud" --no-pdf-header-footer --print-to-pdf="chromium-$f.pdf" "src/$f.html"
done
soffice --headless --convert-to docx:"MS Word 2007 XML" --outdir "$tmp" src/vanban.html
soffice --headless --convert-to odt --outdir "$tmp" src/vanban.html
soffice --headless --convert-to odt --outdir "$tmp" src/quyche.html
soffice --headless --convert-to pdf --outdir "$tmp" "$tmp/vanban.docx"
soffice --headless --convert-to pdf --outdir "$tmp" "$tmp/quyche.odt"
soffice --headless --convert-to doc:"MS Word 97" --outdir "$tmp" "$tmp/vanban.docx"
soffice --headless --convert-to pdf --outdir "$tmp" full.docx
cp "$tmp/vanban.pdf" lo-vanban.pdf; cp "$tmp/quyche.pdf" lo-quyche.pdf; cp "$tmp/full.pdf" lo-full.pdf
cp "$tmp/vanban.docx" lo-vanban.docx; cp "$tmp/vanban.odt" lo-vanban.odt; cp "$tmp/vanban.doc" lo-vanban.doc
gs -q -o gs-vanban.pdf -sDEVICE=pdfwrite chromium-vanban.pdf
gs -q -o gs-quyche.pdf -sDEVICE=pdfwrite chromium-quyche.pdf
pdftoppm -r 150 -gray -png -f 1 -l 1 lo-vanban.pdf "$tmp/scan"
img2pdf "$tmp/scan-1.png" -o scan.pdf
pdftoppm -r 200 -gray -png -f 1 -l 1 -x 0 -y 0 -W 1654 -H 700 lo-vanban.pdf "$tmp/crop"
cp "$tmp/crop-1.png" scan.png
python3 src/make_pdfs.py
qpdf --encrypt "" owner 128 --use-aes=y -- chromium-vanban.pdf enc-aes128.pdf
qpdf --encrypt "" owner 256 -- chromium-vanban.pdf enc-aes256.pdf
qpdf --encrypt "secret" owner 128 --use-aes=y -- hello.pdf enc-password.pdf
rm -rf "$tmp" "$ud"
