"""Writes src/vanban.html, src/quyche.html, full.docx, bomb.docx and tiny.png.
Run from internal/extract/testdata (make_testdata.sh does)."""
import html, struct, zipfile, zlib

REG = '/work/shared/regulation/quy-che-1319-QD-BTP.txt'
lines = [l.strip() for l in open(REG, encoding='utf-8') if l.strip()]

head = '''<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>
body{font-family:"Liberation Serif","DejaVu Serif",serif;font-size:14pt;line-height:1.35;margin:0}
@page{size:A4;margin:2cm 2cm 2cm 3cm}
table.hdr{width:100%;border-collapse:collapse} table.hdr td{vertical-align:top;text-align:center;font-size:13pt}
p{margin:0 0 6pt 0;text-align:justify} .c{text-align:center} .b{font-weight:bold}
</style></head><body>
<table class="hdr"><tr><td style="width:40%"><b>BỘ TƯ PHÁP</b><br>Số: 1319/QĐ-BTP</td>
<td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b><br><i>Hà Nội, ngày 12 tháng 7 năm 2024</i></td></tr></table>
'''
tail = '''<table class="hdr"><tr><td style="text-align:left;width:50%"><b><i>Nơi nhận:</i></b><br>- Như Điều 3;<br>- Bộ trưởng (để báo cáo);<br>- Các Thứ trưởng (để biết);<br>- Cổng TTĐT Bộ Tư pháp (để đăng tải);<br>- Lưu: VT, Cục CNTT.</td>
<td><b>KT. BỘ TRƯỞNG<br>THỨ TRƯỞNG</b><br><br><br><b>Trần Tiến Dũng</b></td></tr></table>
<p>Thời hạn xử lý: 02 ngày làm việc kể từ ngày nhận đủ hồ sơ. Liên hệ: banbientap@moj.gov.vn.</p>
</body></html>'''


def body(ls):
    return '\n'.join('<p%s>%s</p>' % (' class="c b"' if l.isupper() else '', html.escape(l)) for l in ls)


i = lines.index('Nơi nhận:')
j = lines.index('QUY CHẾ')
open('src/vanban.html', 'w', encoding='utf-8').write(head + body(lines[:i]) + tail)
open('src/quyche.html', 'w', encoding='utf-8').write(
    head + body(lines[:i]) + tail + '<div style="page-break-before:always"></div>' + body(lines[j:]) + '</body></html>')

W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
     'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')


def p(t):
    return '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % t


def cell(t):
    return '<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr>%s</w:tc>' % ''.join(p(x) for x in t)


doc = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document %s><w:body>
<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="4500"/><w:gridCol w:w="4500"/></w:tblGrid>
<w:tr>%s%s</w:tr>
<w:tr>%s%s</w:tr></w:tbl>
%s
<w:p><w:r><w:t>Điều 9. Tiếp nhận</w:t></w:r><w:r><w:tab/><w:t>thông tin</w:t></w:r><w:r><w:br/><w:t xml:space="preserve">dòng mới trong cùng đoạn</w:t></w:r></w:p>
<w:p><w:r><w:t>Văn bản đề nghị đăng tải</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve"> gửi về Ban Biên tập.</w:t></w:r></w:p>
<w:p><w:r><w:t>Nội dung đã xóa:</w:t></w:r><w:del w:id="5" w:author="x"><w:r><w:delText>BỊ XÓA KHÔNG HIỆN</w:delText></w:r></w:del><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>Hộp văn bản</w:t></mc:Choice><mc:Fallback><w:t>Hộp văn bản</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="default" r:id="rIdF"/></w:sectPr>
</w:body></w:document>''' % (W, cell(['BỘ TƯ PHÁP', 'Số: 1319/QĐ-BTP']), cell(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']),
                            cell(['Nơi nhận:', '- Cổng Thông tin điện tử;']), cell(['KT. BỘ TRƯỞNG', 'THỨ TRƯỞNG']),
                            ''.join(p(x) for x in ['QUYẾT ĐỊNH', 'Về việc đăng tải thông tin trên Cổng Thông tin điện tử Bộ Tư pháp', 'Thời hạn: 02 ngày làm việc.']))
hdr = '<?xml version="1.0" encoding="UTF-8"?><w:hdr %s>%s</w:hdr>' % (W, p('Đầu trang: Ban Biên tập Cổng Thông tin điện tử'))
ftr = '<?xml version="1.0" encoding="UTF-8"?><w:ftr %s>%s</w:ftr>' % (W, p('Chân trang: Thứ trưởng ký duyệt'))
fn = ('<?xml version="1.0" encoding="UTF-8"?><w:footnotes %s><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
      '<w:footnote w:id="1">%s</w:footnote></w:footnotes>') % (W, p('Chú thích: theo Điều 9 khoản 3 Quy chế.'))
ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
      '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
      '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
drels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>'
         '<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
         '<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
with zipfile.ZipFile('full.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', ct); z.writestr('_rels/.rels', rels); z.writestr('word/_rels/document.xml.rels', drels)
    z.writestr('word/document.xml', doc); z.writestr('word/header1.xml', hdr); z.writestr('word/footer1.xml', ftr); z.writestr('word/footnotes.xml', fn)
with zipfile.ZipFile('bomb.docx', 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr('[Content_Types].xml', ct); z.writestr('_rels/.rels', rels)
    z.writestr('word/document.xml', '<?xml version="1.0"?><w:document %s><w:body><w:p><w:r><w:t>' % W + ' ' * (120 << 20) + '</w:t></w:r></w:p></w:body></w:document>')


def png(w, h):
    raw = b''.join(b'\x00' + b'\xff' * w for _ in range(h))

    def ch(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    return b'\x89PNG\r\n\x1a\n' + ch(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)) + ch(b'IDAT', zlib.compress(raw)) + ch(b'IEND', b'')


open('tiny.png', 'wb').write(png(48, 32))
