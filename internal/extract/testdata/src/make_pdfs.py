"""Writes the hand-made PDFs: hello, kids-loop, bad-xref, huge-xref,
objstm-loop, truncated and wide-bfrange. Run from internal/extract/testdata."""
import struct, textwrap


def build(objs, xref_override=None):
    out = b'%PDF-1.5\n%\xe2\xe3\xcf\xd3\n'
    offs = {}
    for num, body in objs:
        offs[num] = len(out)
        out += b'%d 0 obj\n' % num + body + b'\nendobj\n'
    size = max(offs) + 1
    xref = len(out)
    if xref_override is not None:
        out += xref_override
    else:
        out += b'xref\n0 %d\n0000000000 65535 f \n' % size
        for i in range(1, size):
            out += b'%010d 00000 n \n' % offs.get(i, 0)
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (size, xref)
    return out


content = b'BT /F1 12 Tf 72 700 Td (Hello loop) Tj ET'
font = b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'
page = b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>'
strm = b'<< /Length %d >>\nstream\n' % len(content) + content + b'\nendstream'
base = [(1, b'<< /Type /Catalog /Pages 2 0 R >>'), (2, b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>'), (3, page), (4, font), (5, strm)]
open('hello.pdf', 'wb').write(build(base))
# /Kids of the root holds node 6, whose /Kids holds the root again.
open('kids-loop.pdf', 'wb').write(build([(1, b'<< /Type /Catalog /Pages 2 0 R >>'), (2, b'<< /Type /Pages /Kids [6 0 R 3 0 R] /Count 2 >>'),
                                         (3, page), (4, font), (5, strm), (6, b'<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>')]))
open('bad-xref.pdf', 'wb').write(build(base, xref_override=b'xref\n0 6\n0000000000 65535 f \n' + b''.join(b'%010d 00000 n \n' % (7 + i * 13) for i in range(5))))
open('huge-xref.pdf', 'wb').write(build(base[:2], xref_override=b'xref\n1000000000 1\n0000000000 65535 f \n'))
# Cross-reference stream: objects 2-5 live in object stream 5, which lives in itself.
out = b'%PDF-1.5\n'
o1 = len(out)
out += b'1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n'
xo = len(out)
rows = [(0, 0, 255), (1, o1, 0), (2, 5, 0), (2, 5, 1), (2, 5, 2), (2, 5, 0), (1, xo, 0)]
data = b''.join(struct.pack('>BHB', a, b, c) for a, b, c in rows)
out += b'6 0 obj\n<< /Type /XRef /Size 7 /W [1 2 1] /Root 1 0 R /Length %d >>\nstream\n' % len(data) + data + b'\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n' % xo
open('objstm-loop.pdf', 'wb').write(out)
d = open('lo-vanban.pdf', 'rb').read()
open('truncated.pdf', 'wb').write(d[:len(d) * 6 // 10])

# Type0 / Identity-H font, codes = Unicode code points, ToUnicode with a
# 768-code bfrange (carry into the high byte), an array bfrange and a
# ligature bfchar; no embedded font program (text extraction needs none).
reg = [l.strip() for l in open('/work/shared/regulation/quy-che-1319-QD-BTP.txt', encoding='utf-8') if l.strip()]
lines = ['BỘ TƯ PHÁP', 'Số: 1319/QĐ-BTP', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'] + reg[:14] + [
    'Nơi nhận:', '- Cổng Thông tin điện tử Bộ Tư pháp (để đăng tải);', 'KT. BỘ TRƯỞNG', 'THỨ TRƯỞNG',
    'Thời hạn: 02 ngày làm việc; file định dạng văn bản.']
wrapped = []
for l in lines:
    wrapped += textwrap.wrap(l, 80)


def enc(s):
    out, i = '', 0
    while i < len(s):
        if s[i:i + 2] == 'fi':
            out += 'FB01'; i += 2; continue
        out += '%04X' % ord(s[i]); i += 1
    return out


cmap = b'''/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
3 beginbfrange
<0000> <02FF> <0000>
<1E00> <1EFF> <1E00>
<2010> <2014> [<2010> <2011> <2012> <2013> <2014>]
endbfrange
1 beginbfchar
<FB01> <00660069>
endbfchar
endcmap
CMapName currentdict /CMap defineresource pop
end
end
'''
body = [(1, b'<< /Type /Catalog /Pages 2 0 R >>'),
        (3, b'<< /Type /Font /Subtype /Type0 /BaseFont /LiberationSerif /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>'),
        (4, b'<< /Type /Font /Subtype /CIDFontType2 /BaseFont /LiberationSerif /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 /W [32 [250]] /FontDescriptor 6 0 R >>'),
        (5, b'<< /Length %d >>\nstream\n' % len(cmap) + cmap + b'endstream'),
        (6, b'<< /Type /FontDescriptor /FontName /LiberationSerif /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>')]
kids, n = [], 7
for pl in (wrapped[:30], wrapped[30:]):
    c = ('BT /F1 11 Tf 14 TL 40 800 Td\n' + ''.join('<%s> Tj T*\n' % enc(l) for l in pl) + 'ET').encode()
    body.append((n, b'<< /Length %d >>\nstream\n' % len(c) + c + b'\nendstream'))
    body.append((n + 1, b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>' % n))
    kids.append(n + 1)
    n += 2
body.append((2, b'<< /Type /Pages /Kids [%s] /Count %d >>' % (b' '.join(b'%d 0 R' % k for k in kids), len(kids))))
body.sort()
open('wide-bfrange.pdf', 'wb').write(build(body).replace(b'%PDF-1.5', b'%PDF-1.4', 1))
