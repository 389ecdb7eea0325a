package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"html"
	"math/rand/v2"
	"mime"
	"mime/quotedprintable"
	"strings"
	"time"
	_ "time/tzdata" // America/Los_Angeles for Gmail relay dates, whatever the host has
)

const board = "banbientap@moj.gov.vn"

var hcm = time.FixedZone("+07", 7*3600)

// part is a MIME entity; headers keep the order a client writes them in.
type part struct {
	hdr      [][2]string
	body     []byte // already transfer-encoded
	preamble string
	parts    []*part
	boundary string
}

func (p *part) add(k, v string) { p.hdr = append(p.hdr, [2]string{k, v}) }

func (p *part) write(b *bytes.Buffer) {
	for _, h := range p.hdr {
		fmt.Fprintf(b, "%s: %s\n", h[0], h[1])
	}
	b.WriteString("\n")
	if len(p.parts) == 0 {
		b.Write(p.body)
		if len(p.body) > 0 && p.body[len(p.body)-1] != '\n' {
			b.WriteString("\n")
		}
		return
	}
	if p.preamble != "" {
		b.WriteString(p.preamble + "\n")
	}
	for _, c := range p.parts {
		fmt.Fprintf(b, "\n--%s\n", p.boundary)
		c.write(b)
	}
	fmt.Fprintf(b, "\n--%s--\n", p.boundary)
}

// crlf turns every line ending into CRLF (RFC 5322 §2.1).
func crlf(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
}

func qp(b []byte) []byte {
	var out bytes.Buffer
	w := quotedprintable.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func b64(data []byte) []byte {
	s := base64.StdEncoding.EncodeToString(data)
	var out bytes.Buffer
	for len(s) > 76 {
		out.WriteString(s[:76] + "\n")
		s = s[76:]
	}
	out.WriteString(s + "\n")
	return out.Bytes()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// word encodes a header text per RFC 2047 in the given charset and folds long results.
func word(s, charset string, q bool) string {
	if isASCII(s) {
		return s
	}
	enc := mime.BEncoding
	if q {
		enc = mime.QEncoding
	}
	var raw []byte
	switch strings.ToLower(charset) {
	case "windows-1258":
		raw = encode1258(s)
	case "iso-8859-1":
		raw = encodeLatin1(s)
	default:
		e := enc.Encode(charset, s)
		return strings.ReplaceAll(e, "?= =?", "?=\n =?")
	}
	return legacyWords(raw, charset, q)
}

// legacyWords encodes single-byte text as RFC 2047 words of at most 75 characters
// (RFC 2047 §2), folded one word per line; mime.WordEncoder expects UTF-8 input.
func legacyWords(raw []byte, charset string, q bool) string {
	var words []string
	prefix := "=?" + charset + "?b?"
	if q {
		prefix = "=?" + charset + "?q?"
	}
	limit := 75 - len(prefix) - 2
	var cur strings.Builder
	var chunk []byte
	flush := func() {
		if q && cur.Len() > 0 {
			words = append(words, prefix+cur.String()+"?=")
			cur.Reset()
		}
		if !q && len(chunk) > 0 {
			words = append(words, prefix+base64.StdEncoding.EncodeToString(chunk)+"?=")
			chunk = nil
		}
	}
	for _, c := range raw {
		if q {
			var t string
			switch {
			case c == ' ':
				t = "_"
			case c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!*+-/", c) >= 0):
				t = string(c)
			default:
				t = fmt.Sprintf("=%02X", c)
			}
			if cur.Len()+len(t) > limit {
				flush()
			}
			cur.WriteString(t)
		} else {
			if (len(chunk)+1+2)/3*4 > limit {
				flush()
			}
			chunk = append(chunk, c)
		}
	}
	flush()
	return strings.Join(words, "\n ")
}

func addr(name, email, charset string) string {
	if name == "" {
		return email
	}
	if isASCII(name) {
		if strings.ContainsAny(name, ",.;:()<>@\"") {
			return fmt.Sprintf("%q <%s>", name, email)
		}
		return fmt.Sprintf("%s <%s>", name, email)
	}
	return fmt.Sprintf("%s <%s>", word(name, charset, false), email)
}

// rng gives each item its own deterministic random stream.
func rng(seed string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(seed))
	return rand.New(rand.NewPCG(h.Sum64(), 1319))
}

func hexN(r *rand.Rand, n int) string {
	const hx = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = hx[r.IntN(16)]
	}
	return string(b)
}

func alnum(r *rand.Rand, n int) string {
	const al = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = al[r.IntN(len(al))]
	}
	return string(b)
}

// rfcDate formats like Postfix: "Mon,  2 Mar 2026 09:14:05 +0700".
func rfcDate(t time.Time, postfix bool) string {
	if postfix {
		return t.Format("Mon, _2 Jan 2006 15:04:05 -0700")
	}
	return t.Format("Mon, 2 Jan 2006 15:04:05 -0700")
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(fmt.Sprintf("bad time %q: %v", s, err))
	}
	return t
}

func domainOf(email string) string {
	if i := strings.LastIndexByte(email, '@'); i >= 0 {
		return strings.ToLower(email[i+1:])
	}
	return ""
}

// received builds 2–3 Received: headers, newest first; the topmost carries the Ministry
// server's receipt time (the legal clock of Điều 11 khoản 1).
func received(it *Item, r *rand.Rand) []string {
	rec := mustTime(it.Received)
	top := rec.In(hcm)
	zone := " (+07)"
	if r.IntN(6) == 0 { // some relays log in UTC
		top = rec.UTC()
		zone = " (UTC)"
	}
	qid := strings.ToUpper(hexN(r, 10))
	var hs []string
	dom := domainOf(it.FromAddr)
	switch {
	case dom == "moj.gov.vn":
		ip := fmt.Sprintf("192.0.2.%d", 100+r.IntN(150))
		hs = append(hs,
			fmt.Sprintf("from mta1.moj.gov.vn (mta1.moj.gov.vn [192.0.2.21])\n\tby mail.moj.gov.vn (Postfix) with ESMTP id %s\n\tfor <%s>; %s%s", qid, board, rfcDate(top, true), zone),
			fmt.Sprintf("from localhost (localhost [127.0.0.1])\n\tby mta1.moj.gov.vn (Postfix) with ESMTP id %s;\n\t%s (+07)", strings.ToUpper(hexN(r, 10)), rfcDate(rec.Add(-time.Duration(1+r.IntN(2))*time.Second).In(hcm), true)),
			fmt.Sprintf("from [%s] (unknown [%s])\n\tby mta1.moj.gov.vn (Postfix) with ESMTPSA id %s;\n\t%s (+07)", ip, ip, strings.ToUpper(hexN(r, 10)), rfcDate(rec.Add(-time.Duration(2+r.IntN(3))*time.Second).In(hcm), true)))
	case dom == "gmail.com":
		host := fmt.Sprintf("mail-%s%d-f%d.google.com", []string{"pj1", "ed1", "pl1", "lf1", "qt1"}[r.IntN(5)], 1+r.IntN(2), 40+r.IntN(60))
		ip := fmt.Sprintf("198.51.100.%d", 10+r.IntN(200))
		pst, err := time.LoadLocation("America/Los_Angeles") // Google's relays log Pacific time, with DST
		if err != nil {
			panic(err)
		}
		hs = append(hs,
			fmt.Sprintf("from %s (%s [%s])\n\tby mx1.moj.gov.vn (Postfix) with ESMTPS id %s\n\tfor <%s>; %s%s", host, host, ip, qid, board, rfcDate(top, true), zone),
			fmt.Sprintf("by %s with SMTP id %s-%s.%d\n        for <%s>; %s", host, hexN(r, 10), hexN(r, 8), r.IntN(9), board, rec.Add(-time.Duration(2+r.IntN(4))*time.Second).In(pst).Format("Mon, 02 Jan 2006 15:04:05 -0700 (MST)")),
			fmt.Sprintf("by 2002:a05:6a20:%s:b0:%s:%s:%s with SMTP id %s;\n        %s", hexN(r, 4), hexN(r, 3), hexN(r, 4), hexN(r, 4), hexN(r, 10), rec.Add(-time.Duration(3+r.IntN(4))*time.Second).In(pst).Format("Mon, 02 Jan 2006 15:04:05 -0700 (MST)")))
	default:
		host := "mail." + dom
		if it.Client == "yahoo" {
			host = fmt.Sprintf("sonic%d-%d.consmr.mail.sg3.yahoo.com", 300+r.IntN(50), 20+r.IntN(20))
		}
		ip := fmt.Sprintf("203.0.113.%d", 10+r.IntN(200))
		hs = append(hs,
			fmt.Sprintf("from %s (%s [%s])\n\tby mx1.moj.gov.vn (Postfix) with ESMTPS id %s\n\tfor <%s>; %s%s", host, host, ip, qid, board, rfcDate(top, true), zone),
			fmt.Sprintf("from [10.%d.%d.%d] (unknown [10.%d.%d.%d])\n\tby %s with ESMTPSA id %s;\n\t%s", r.IntN(250), r.IntN(250), r.IntN(250), r.IntN(250), r.IntN(250), r.IntN(250), host, hexN(r, 12), rfcDate(rec.Add(-time.Duration(2+r.IntN(30))*time.Second).In(hcm), false)))
	}
	return hs
}

func messageID(it *Item, r *rand.Rand) string {
	dom := domainOf(it.FromAddr)
	switch it.Client {
	case "outlook":
		return fmt.Sprintf("<%s01dc%s$%s$%s$@%s>", hexN(r, 4), hexN(r, 4), hexN(r, 8), hexN(r, 8), dom)
	case "gmail":
		return fmt.Sprintf("<CA%s+%s@mail.gmail.com>", alnum(r, 20), alnum(r, 22))
	case "thunderbird":
		return fmt.Sprintf("<%s-%s-%s-%s-%s@%s>", hexN(r, 8), hexN(r, 4), hexN(r, 4), hexN(r, 4), hexN(r, 12), dom)
	case "webmail":
		return fmt.Sprintf("<%d.%d.%d.JavaMail.zimbra@%s>", 1000000000+r.IntN(900000000), 1000000+r.IntN(9000000), mustTime(it.Received).UnixMilli()-int64(r.IntN(5000)), dom)
	case "yahoo":
		return fmt.Sprintf("<%d.%d.%d@mail.yahoo.com>", 1000000000+r.IntN(900000000), 1000000+r.IntN(9000000), mustTime(it.Received).UnixMilli())
	case "mobile":
		return fmt.Sprintf("<%s-%s-%s-%s-%s@%s>", strings.ToUpper(hexN(r, 8)), strings.ToUpper(hexN(r, 4)), strings.ToUpper(hexN(r, 4)), strings.ToUpper(hexN(r, 4)), strings.ToUpper(hexN(r, 12)), dom)
	}
	return fmt.Sprintf("<%s.%s@%s>", hexN(r, 16), hexN(r, 8), dom)
}

// textHTML renders the plain body as the HTML alternative a client writes.
func textHTML(it *Item) string {
	var b strings.Builder
	paras := strings.Split(strings.TrimSpace(it.Body), "\n\n")
	switch it.Client {
	case "outlook":
		b.WriteString("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:w=\"urn:schemas-microsoft-com:office:word\">\n<head><meta http-equiv=Content-Type content=\"text/html; charset=" + charsetOf(it) + "\">\n<meta name=Generator content=\"Microsoft Word 15 (filtered medium)\">\n<style><!--p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:\"Calibri\",sans-serif;}--></style></head>\n<body lang=EN-US link=\"#0563C1\" vlink=\"#954F72\"><div class=WordSection1>\n")
		for _, p := range paras {
			b.WriteString("<p class=MsoNormal>" + strings.ReplaceAll(html.EscapeString(p), "\n", "<br>\n") + "<o:p></o:p></p>\n<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n")
		}
		b.WriteString("</div>\n</body>\n</html>\n")
	case "gmail":
		b.WriteString("<div dir=\"ltr\">")
		for i, p := range paras {
			if i > 0 {
				b.WriteString("<div><br></div>")
			}
			b.WriteString("<div>" + strings.ReplaceAll(html.EscapeString(p), "\n", "</div><div>") + "</div>")
		}
		b.WriteString("</div>\n")
	default:
		b.WriteString("<html><body><div style=\"font-family: arial, helvetica, sans-serif; font-size: 12pt; color: #000000\">")
		for _, p := range paras {
			b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(p), "\n", "<br>") + "</p>")
		}
		b.WriteString("</div></body></html>\n")
	}
	return b.String()
}

func charsetOf(it *Item) string {
	if it.Charset != "" {
		return it.Charset
	}
	return "utf-8"
}

func encodeText(it *Item, s string) []byte {
	switch charsetOf(it) {
	case "windows-1258":
		return encode1258(s)
	case "iso-8859-1":
		return encodeLatin1(s)
	}
	return []byte(s)
}

// bodyParts returns the text part (or multipart/alternative) in the client's manner.
func bodyParts(it *Item, r *rand.Rand) *part {
	cs := charsetOf(it)
	plainCS := cs
	if it.Client == "gmail" {
		plainCS = "UTF-8"
	}
	text := &part{}
	switch it.Client {
	case "thunderbird":
		text.add("Content-Type", "text/plain; charset="+strings.ToUpper(plainCS)+"; format=flowed")
		text.add("Content-Transfer-Encoding", "8bit")
		text.body = encodeText(it, it.Body)
		if it.PlainOnly {
			return text
		}
	default:
		text.add("Content-Type", fmt.Sprintf("text/plain; charset=%q", plainCS))
		text.add("Content-Transfer-Encoding", "quoted-printable")
		text.body = qp(encodeText(it, it.Body))
	}
	if it.PlainOnly {
		return text
	}
	h := &part{}
	h.add("Content-Type", fmt.Sprintf("text/html; charset=%q", plainCS))
	h.add("Content-Transfer-Encoding", "quoted-printable")
	h.body = qp(encodeText(it, textHTML(it)))
	alt := &part{parts: []*part{text, h}, boundary: boundary(it.Client, r, 1)}
	alt.add("Content-Type", fmt.Sprintf("multipart/alternative; boundary=%q", alt.boundary))
	return alt
}

func boundary(client string, r *rand.Rand, level int) string {
	switch client {
	case "outlook":
		return fmt.Sprintf("----=_NextPart_%03d_%04X_01DC%s.%s", level, r.IntN(0xffff), strings.ToUpper(hexN(r, 4)), strings.ToUpper(hexN(r, 8)))
	case "gmail":
		return "0000000000" + hexN(r, 18)
	case "thunderbird":
		return "------------" + alnum(r, 24)
	case "webmail":
		return fmt.Sprintf("=_%s-%s-%s-%s-%s", hexN(r, 8), hexN(r, 4), hexN(r, 4), hexN(r, 4), hexN(r, 12))
	case "mobile":
		return fmt.Sprintf("Apple-Mail-%s-%s-%s-%s-%s", strings.ToUpper(hexN(r, 8)), strings.ToUpper(hexN(r, 4)), strings.ToUpper(hexN(r, 4)), strings.ToUpper(hexN(r, 4)), strings.ToUpper(hexN(r, 12)))
	}
	return "----_=_" + alnum(r, 28)
}

// plainQuotable reports whether s can stand in an RFC 2045 quoted-string as it is.
func plainQuotable(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// rfc2231 writes a parameter with RFC 2231 encoding and continuations, as Thunderbird does.
func rfc2231(param, value string) string {
	if len(value) < 60 && plainQuotable(value) {
		return fmt.Sprintf("%s=\"%s\"", param, value)
	}
	var enc strings.Builder
	for _, c := range []byte(value) {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._", c) >= 0) {
			enc.WriteByte(c)
		} else {
			fmt.Fprintf(&enc, "%%%02X", c)
		}
	}
	s := enc.String()
	var chunks []string
	first := true
	for len(s) > 0 {
		n := 60
		if n > len(s) {
			n = len(s)
		}
		for n < len(s) && n > 2 && (s[n-1] == '%' || s[n-2] == '%') { // never split a %XX
			n--
		}
		chunk := s[:n]
		s = s[n:]
		if first {
			chunk = "UTF-8''" + chunk
			first = false
		}
		chunks = append(chunks, chunk)
	}
	var parts []string
	for i, c := range chunks {
		parts = append(parts, fmt.Sprintf("%s*%d*=%s", param, i, c))
	}
	return strings.Join(parts, ";\n ")
}

// attachmentPart encodes one attachment as the client does.
func attachmentPart(it *Item, a Attachment, r *rand.Rand) *part {
	p := &part{}
	name := a.Name
	style := a.NameStyle
	if style == "" {
		switch it.Client {
		case "thunderbird":
			style = "2231"
		case "webmail":
			style = "zimbra"
		}
	}
	disp := "attachment"
	if a.Inline {
		disp = "inline"
	}
	switch style {
	case "2231":
		p.add("Content-Type", fmt.Sprintf("%s; %s", a.ContentType, rfc2231("name", name)))
		p.add("Content-Disposition", fmt.Sprintf("%s; %s", disp, rfc2231("filename", name)))
		p.add("Content-Transfer-Encoding", "base64")
	case "zimbra":
		if isASCII(name) && !strings.ContainsAny(name, " ()<>@,;:\\\"/[]?=") {
			p.add("Content-Type", fmt.Sprintf("%s; name=%s", a.ContentType, name))
			p.add("Content-Disposition", fmt.Sprintf("%s; filename=%s", disp, name))
		} else if isASCII(name) {
			p.add("Content-Type", fmt.Sprintf("%s; name=%q", a.ContentType, name))
			p.add("Content-Disposition", fmt.Sprintf("%s; filename=%q", disp, name))
		} else {
			p.add("Content-Type", fmt.Sprintf("%s; name=%q", a.ContentType, word(name, "utf-8", false)))
			p.add("Content-Disposition", fmt.Sprintf("%s; filename*=utf-8''%s", disp, strings.TrimPrefix(rfc2231("x", name), "x*0*=UTF-8''")))
		}
		p.add("Content-Transfer-Encoding", "base64")
	case "raw":
		p.add("Content-Type", fmt.Sprintf("%s; name=\"%s\"", a.ContentType, name))
		p.add("Content-Disposition", fmt.Sprintf("%s; filename=\"%s\"", disp, name))
		p.add("Content-Transfer-Encoding", "base64")
	default:
		enc := word(name, charsetOf(it), false)
		if it.Client == "gmail" {
			enc = word(name, "UTF-8", false)
		}
		if it.Client == "outlook" {
			p.add("Content-Type", fmt.Sprintf("%s;\n\tname=\"%s\"", a.ContentType, strings.ReplaceAll(enc, "\n ", "\n\t")))
			p.add("Content-Transfer-Encoding", "base64")
			p.add("Content-Disposition", fmt.Sprintf("%s;\n\tfilename=\"%s\"", disp, strings.ReplaceAll(enc, "\n ", "\n\t")))
		} else {
			p.add("Content-Type", fmt.Sprintf("%s; name=\"%s\"", a.ContentType, enc))
			p.add("Content-Disposition", fmt.Sprintf("%s; filename=\"%s\"", disp, enc))
			p.add("Content-Transfer-Encoding", "base64")
		}
	}
	if it.Client == "gmail" || a.Inline {
		id := "f_m" + strings.ToLower(alnum(r, 7)) + "0"
		p.add("Content-ID", "<"+id+">")
		p.add("X-Attachment-Id", id)
	}
	p.body = b64(a.Data)
	return p
}

// buildMessage writes the whole message in the client's manner.
func buildMessage(it *Item, atts []Attachment, inner []byte) []byte {
	r := rng(it.File)
	rec := mustTime(it.Received)
	date := rec.Add(-time.Duration(3+r.IntN(40)) * time.Second)
	if it.Date != "" {
		date = mustTime(it.Date) // kept in the sender's own zone
	} else {
		date = date.In(hcm)
	}
	cs := charsetOf(it)
	to := it.To
	if to == "" {
		to = board
		switch it.Client {
		case "outlook":
			to = addr("Ban Biên tập Cổng TTĐT Bộ Tư pháp", board, cs)
		case "thunderbird":
			to = addr("Ban Bien tap Cong TTDT", board, cs)
		}
	}
	top := &part{}
	for _, h := range received(it, r) {
		top.add("Received", h)
	}
	body := bodyParts(it, r)
	var root *part
	if len(atts) == 0 && inner == nil {
		root = body
	} else {
		root = &part{parts: []*part{body}, boundary: boundary(it.Client, r, 0)}
		root.add("Content-Type", fmt.Sprintf("multipart/mixed; boundary=%q", root.boundary))
		if it.Client == "outlook" {
			root.preamble = "This is a multi-part message in MIME format."
		}
		for _, a := range atts {
			root.parts = append(root.parts, attachmentPart(it, a, r))
		}
		if inner != nil {
			fw := &part{body: inner}
			fw.add("Content-Type", "message/rfc822")
			fw.add("Content-Disposition", "attachment")
			root.parts = append(root.parts, fw)
		}
	}
	from := addr(it.FromName, it.FromAddr, cs)
	subj := word(it.Subject, cs, cs == "windows-1258")
	if it.Client == "gmail" {
		from = addr(it.FromName, it.FromAddr, "UTF-8")
		subj = word(it.Subject, "UTF-8", false)
	}
	mid := messageID(it, r)
	var ccs []string
	for _, c := range it.Cc {
		ccs = append(ccs, c)
	}
	h := top
	extra := func() {
		for _, x := range it.Headers {
			h.add(x[0], x[1])
		}
	}
	switch it.Client {
	case "gmail":
		h.add("MIME-Version", "1.0")
		extra()
		h.add("From", from)
		h.add("Date", rfcDate(date, false))
		h.add("Message-ID", mid)
		h.add("Subject", subj)
		h.add("To", to)
		if len(ccs) > 0 {
			h.add("Cc", strings.Join(ccs, ", "))
		}
	case "thunderbird":
		h.add("Message-ID", mid)
		h.add("Date", rfcDate(date, false))
		h.add("MIME-Version", "1.0")
		h.add("User-Agent", "Mozilla Thunderbird")
		extra()
		h.add("Content-Language", "vi")
		h.add("To", to)
		if len(ccs) > 0 {
			h.add("Cc", strings.Join(ccs, ", "))
		}
		h.add("From", from)
		h.add("Subject", subj)
	case "webmail":
		h.add("Date", rfcDate(date, false)+" (ICT)")
		h.add("From", from)
		h.add("To", to)
		if len(ccs) > 0 {
			h.add("Cc", strings.Join(ccs, ", "))
		}
		h.add("Message-ID", mid)
		extra()
		h.add("Subject", subj)
		h.add("MIME-Version", "1.0")
		h.add("X-Originating-IP", fmt.Sprintf("[192.0.2.%d]", 100+r.IntN(150)))
		h.add("X-Mailer", "Zimbra 8.8.15_GA_4581 (ZimbraWebClient - GC131 (Win)/8.8.15_GA_4581)")
		h.add("Thread-Topic", word(it.Subject, "utf-8", false))
		h.add("Thread-Index", alnum(r, 28))
	case "mobile":
		h.add("From", from)
		h.add("Mime-Version", "1.0 (1.0)")
		h.add("Subject", subj)
		h.add("Date", rfcDate(date, false))
		extra()
		h.add("Message-Id", mid)
		h.add("To", to)
		h.add("X-Mailer", "iPhone Mail (22D82)")
	default: // outlook, yahoo, system
		h.add("From", from)
		h.add("To", to)
		if len(ccs) > 0 {
			h.add("Cc", strings.Join(ccs, ", "))
		}
		h.add("Subject", subj)
		h.add("Date", rfcDate(date, false))
		h.add("Message-ID", mid)
		extra()
		h.add("MIME-Version", "1.0")
		if it.Client == "outlook" {
			h.add("X-Mailer", "Microsoft Outlook 16.0")
			h.add("Thread-Index", "AQH"+alnum(r, 25)+"==")
			h.add("Content-Language", "vi")
		}
		if it.Client == "yahoo" {
			h.add("X-Mailer", "WebService/1.1.23187 YMailNorrin")
		}
	}
	h.hdr = append(h.hdr, root.hdr...)
	var b bytes.Buffer
	msg := &part{hdr: h.hdr, body: root.body, parts: root.parts, boundary: root.boundary, preamble: root.preamble}
	msg.write(&b)
	return crlf(b.Bytes())
}
