package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/crypto"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/mailparse"
	"github.com/moj-portal/tiepnhan/internal/pdfsig/pdfsigtest"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// writeKeyFile writes a personal-data key file of one fresh key for a
// service under test (serve refuses to start without one).
func writeKeyFile(t testing.TB) string {
	t.Helper()
	line, err := crypto.GenerateKey("k1", rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "pii.keys")
	if err := os.WriteFile(p, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// restPII is one sender's personal numbers as written in a test message.
type restPII struct {
	where               string
	citizenID, taxCode  string
	phone, phoneCompact string
}

// Numbers of the corpus messages' sender blocks (body and HTML body) and
// those this test writes into subjects, a DOCX form and a PDF.
var (
	pii001   = restPII{"corpus 001 body", "001188024613", "8012345677", "0912 486 203", "0912486203"}
	pii043   = restPII{"corpus 043 body", "030190008821", "8135902649", "0977 006 315", "0977006315"}
	pii058   = restPII{"corpus 058 body", "001185027739", "0108934625", "0989 312 604", "0989312604"}
	piiSubj  = restPII{"subject of 001", "079203001234", "0312345675", "", ""}
	piiQuery = restPII{"query body and subject", "036095001122", "0106543219", "0904 556 677", "0904556677"}
	piiDOCX  = restPII{"DOCX attachment", "044188009876", "0401234563", "0935 221 144", "0935221144"}
	piiPDF   = restPII{"PDF attachment", "079301004455", "0315678901", "0903 112 233", "0903112233"}
	piiPaper = restPII{"paper registration", "038087002468", "0101243150", "0916 778 899", "0916778899"}
)

// The address of the DOCX form, as the sender-data extraction reads it.
const docxAddress = "Số 18 ngõ 34 phố Hàng Bông, phường Hoàn Kiếm, Hà Nội"

// TestPersonalDataAtRestIsSealed runs the service on Dovecot with mail
// whose body, HTML body, subject, a DOCX form and a PDF carry known citizen
// IDs, tax codes and phones (corpus 001, 043 and 058, whose sender blocks
// give them, and a citizen's question with both attachments), lets the
// whole pipeline run (parse, read, classify with fingerprints, route,
// forward the question to its unit with the original attached, supplement
// requests), then checks Điều 4 khoản 4 at rest: a pg_dump of the whole
// database — intake tables, triage and classification copies, audit trail,
// River's job args and errors — holds none of those numbers in clear, and
// the extracted address is masked too; the raw messages are sealed with the
// key file's key; yet everything reads back: the extracted texts hold the
// numbers once opened, the forward attaches the original byte for byte,
// the raw download is the message as received and reads again with
// inspect --reveal, the item page masks the numbers and the reveal of a
// Standing Board member shows them.
func TestPersonalDataAtRestIsSealed(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	pgDump, err := exec.LookPath("pg_dump")
	if err != nil {
		pgDump = "/usr/lib/postgresql/15/bin/pg_dump"
		if _, err := os.Stat(pgDump); err != nil {
			testenv.Require(t, "pg_dump", err)
		}
	}
	ctx := context.Background()
	dsn := testenv.MigratedPostgres(t, postgres.MigrateDSN)
	d := testenv.Dovecot(t, testenv.Options{})
	sink := testenv.SMTPSink(t)
	keyFile := writeKeyFile(t)
	cfg := serviceConfig(dsn, d)
	cfg.UI.KeyFile = keyFile
	cfg.SMTP.Addr, cfg.SMTP.Security = sink.Addr(), "none"
	cfg.SMTP.From = "Ban Biên tập Cổng TTĐT Bộ Tư pháp <banbientap@moj.gov.vn>"
	svc := startService(t, cfg)
	pool := svc.Pool
	u := &uiService{svc: svc, base: "http://" + svc.HTTPAddr(), keyFile: keyFile, dsn: dsn}

	c := corpus(t)
	doc001 := withSubject(c["001-qd-ke-hoach-pbgdpl.eml"], fmt.Sprintf("Gửi Quyết định 125/QĐ-PBGDPL (người gửi CCCD %s, MST %s)", piiSubj.citizenID, piiSubj.taxCode))
	query := citizenQuery(t)
	msgs := [][]byte{doc001, c["043-tb-ket-luan-thu-truong-docx.eml"], c["058-bai-trao-doi-luat-su-mst-sai.eml"], query}
	at := time.Date(2026, 3, 4, 15, 42, 37, 0, time.FixedZone("ICT", 7*3600))
	for i, m := range msgs {
		d.Append(t, "INBOX", m, at.Add(time.Duration(i)*time.Minute))
	}

	// The whole pipeline: every message read and classified, the question
	// forwarded, and no job left to run.
	if n := waitCount(t, pool, len(msgs), 5*time.Minute, `SELECT count(*) FROM classification`); n != len(msgs) {
		dumpJobs(t, pool)
		t.Fatalf("%d of %d submissions classified", n, len(msgs))
	}
	if n := waitCount(t, pool, 1, 2*time.Minute, `SELECT count(*) FROM forward WHERE sent_at IS NOT NULL`); n != 1 {
		dumpJobs(t, pool)
		t.Fatalf("%d forwards sent", n)
	}
	// A paper submission registered through the UI with a number in its
	// subject (typed by staff) and the sender data sealed by the form.
	u.account(t, "lan", "Nguyễn Thị Lan", auth.Grant{Role: auth.RoleStandingBoard})
	cl, csrf := httpClient(t, u.base, "lan")
	registerPaper(t, cl, u.base, csrf, map[string]string{"channel": "paper", "received_at": time.Now().Add(-time.Hour).Format("2006-01-02T15:04"),
		"subject": "Đơn đề nghị đăng tải của ông Trần Văn Bình, CCCD " + piiPaper.citizenID, "organization": "Hội Luật gia tỉnh Nam Định",
		"name": "Trần Văn Bình", "citizen_id": piiPaper.citizenID, "tax_code": piiPaper.taxCode, "phone": piiPaper.phone, "address": "Số 7 đường Trần Hưng Đạo, Nam Định"})
	if n := waitCount(t, pool, len(msgs)+1, 2*time.Minute, `SELECT count(*) FROM classification`); n != len(msgs)+1 {
		dumpJobs(t, pool)
		t.Fatalf("paper registration not classified (%d classifications)", n)
	}
	waitQuiet(t, pool)

	// Sealed: every raw message under the key file's key, none in clear.
	var sealedRaw, allRaw int
	pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE key_id = 'k1' AND substring(raw FROM 1 FOR 3) = 'k1:'::bytea), count(*) FROM message_raw`).Scan(&sealedRaw, &allRaw)
	if allRaw != len(msgs)+1 || sealedRaw != allRaw {
		t.Errorf("%d of %d raw messages sealed with k1 (want %d)", sealedRaw, allRaw, len(msgs)+1)
	}
	if clear, err := svc.Store.HasUnsealed(ctx); err != nil || clear {
		t.Errorf("HasUnsealed = %v, %v", clear, err)
	}

	// 1. The dump holds none of the numbers.
	dump, err := exec.Command(pgDump, "--no-owner", "-d", dsn).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	for _, table := range []string{"message_raw", "message_parsed", "attachment", "submission", "triage", "classification", "fingerprint", "forward", "audit_log", "river_job"} {
		if !bytes.Contains(dump, []byte("COPY public."+table+" ")) {
			t.Errorf("the dump has no table %s", table)
		}
	}
	if !bytes.Contains(dump, []byte("0011******13")) {
		t.Error("the dump lacks the masked citizen ID of corpus 001: was the redacted copy stored at all?")
	}
	for _, p := range []restPII{pii001, pii043, pii058, piiSubj, piiQuery, piiDOCX, piiPDF, piiPaper} {
		for _, v := range []string{p.citizenID, p.taxCode, p.phone, p.phoneCompact, plus84(p.phoneCompact)} {
			if v == "" {
				continue
			}
			if i := bytes.Index(dump, []byte(v)); i >= 0 {
				t.Errorf("pg_dump holds %q (%s) in clear: …%q…", v, p.where, dump[max(0, i-160):min(len(dump), i+40)])
			}
		}
	}
	// The address the sender-data extraction read is masked where it is
	// written (free-text addresses elsewhere cannot be found reliably).
	if i := bytes.Index(dump, []byte("ngõ 34 phố Hàng Bông")); i >= 0 {
		t.Errorf("pg_dump holds the sender's address in clear: …%q…", dump[max(0, i-160):min(len(dump), i+40)])
	}

	// 2. What was sealed reads back.
	var qsub, qmsg int64
	if err := pool.QueryRow(ctx, `SELECT s.id, s.first_message_id FROM forward f JOIN submission s ON s.id = f.submission_id`).Scan(&qsub, &qmsg); err != nil {
		t.Fatal(err)
	}
	body, texts, err := svc.Store.MessageTexts(ctx, pool, qmsg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, piiQuery.citizenID) || len(texts) != 2 || !strings.Contains(texts[0], piiDOCX.citizenID) ||
		!strings.Contains(texts[0], piiDOCX.taxCode) || !strings.Contains(texts[1], piiPDF.citizenID) || !strings.Contains(texts[1], piiPDF.taxCode) {
		t.Errorf("opened texts lack the numbers (extraction did not read them, or the sealed texts do not open): body %q, texts %q", body, texts)
	}
	// The forward attaches the original unchanged (opened before sending).
	var forwarded []byte
	for _, m := range sink.WaitMessages(t, 1) {
		p, err := mailparse.Parse(bytes.NewReader(m), mailparse.Options{})
		if err != nil {
			continue
		}
		for _, a := range p.Attachments {
			if a.ContentType == "message/rfc822" {
				forwarded = a.Data
			}
		}
	}
	if !bytes.Equal(forwarded, query) {
		t.Errorf("the forward's attached original (%d bytes) is not the message received (%d bytes)", len(forwarded), len(query))
	}

	// 3. The UI: masked on the item page, shown on reveal (audited), the raw
	// download is the message as received and inspect --reveal reads it.
	page := get(t, cl, fmt.Sprintf("%s/items/%d", u.base, qsub))
	if !strings.Contains(page, "0360******22") || strings.Contains(page, piiQuery.citizenID) || strings.Contains(page, piiDOCX.citizenID) {
		t.Errorf("item page does not show the numbers masked (masked body CCCD present: %v)", strings.Contains(page, "0360******22"))
	}
	resp, err := cl.PostForm(fmt.Sprintf("%s/items/%d/reveal", u.base, qsub), url.Values{"csrf": {csrf}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	revealed := string(b)
	if resp.StatusCode != 200 || !strings.Contains(revealed, piiQuery.citizenID) || !strings.Contains(revealed, piiQuery.taxCode) {
		t.Errorf("reveal (status %d) does not show the sender's citizen ID and tax code", resp.StatusCode)
	}
	raw := []byte(get(t, cl, fmt.Sprintf("%s/items/%d/messages/%d/raw", u.base, qsub, qmsg)))
	if !bytes.Equal(raw, query) {
		t.Fatalf("raw download of %d bytes is not the %d bytes received", len(raw), len(query))
	}
	rep := derive.Derive(ctx, raw, derive.Options{Reveal: true}).Report
	if rep.Submitter.CitizenID != piiQuery.citizenID || rep.Submitter.TaxCode != piiQuery.taxCode {
		t.Errorf("inspect --reveal of the stored message: citizen ID %q, tax code %q", rep.Submitter.CitizenID, rep.Submitter.TaxCode)
	}
}

// TestKeyFileRequiredAndRewrapCommand: outside the demo `tiepnhan serve`
// does not start without its personal-data key file (Điều 4 khoản 4) and
// says how to create one; `tiepnhan pii rewrap` after a key is appended
// re-seals the stored mail (and seals mail stored in clear before sealing
// existed) with the new key, after which the old key can be dropped.
func TestKeyFileRequiredAndRewrapCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	ctx := context.Background()
	dsn := testenv.MigratedPostgres(t, postgres.MigrateDSN)
	bin := buildBinary(t)
	missing := filepath.Join(t.TempDir(), "pii.keys")
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "TIEPNHAN_DATABASE_URL="+dsn, "TIEPNHAN_UI_KEY_FILE="+missing, "TIEPNHAN_HTTP_ADDR=127.0.0.1:0", "TIEPNHAN_LOG_LEVEL=error")
	out, err := cmd.CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 || !strings.Contains(string(out), "pii keygen") || !strings.Contains(string(out), missing) {
		t.Fatalf("serve without key file: %v\n%s", err, out)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Fatal("serve created the key file")
	}

	// Mail stored in clear (before sealing) and sealed with k1.
	pool, err := postgres.Open(ctx, dsn, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if err := postgres.Migrate(ctx, pool, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	keyFile := writeKeyFile(t)
	k1, err := crypto.LoadKeyringFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	mails := map[int64][]byte{}
	for i, keys := range []*crypto.Keyring{nil, k1} {
		s := &postgres.Store{Pool: pool, Keys: keys}
		raw := withMessageID(citizenQuery(t), fmt.Sprintf("rewrap-%d@test", i))
		id, _, err := s.InsertManual(ctx, intake.RawMessage{ReceivedAt: time.Now(), Size: int64(len(raw)), Raw: raw,
			MessageID: fmt.Sprintf("rewrap-%d@test", i), SHA256: intake.HashRaw(raw)}, "test", func(context.Context, pgx.Tx, []int64) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		p := derive.Derive(ctx, raw, derive.Options{ReceivedAt: time.Now()}).Parsed(id)
		if err := s.InTx(ctx, func(tx pgx.Tx) error { return s.SaveParsed(ctx, tx, p) }); err != nil {
			t.Fatal(err)
		}
		mails[id] = raw
	}
	line, _ := crypto.GenerateKey("k2", rand.Reader)
	f, err := os.OpenFile(keyFile, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(line + "\n")
	f.Close()
	rewrap := exec.Command(bin, "pii", "rewrap")
	rewrap.Env = append(os.Environ(), "TIEPNHAN_DATABASE_URL="+dsn, "TIEPNHAN_UI_KEY_FILE="+keyFile, "TIEPNHAN_LOG_LEVEL=error")
	out, err = rewrap.CombinedOutput()
	// Two messages: raw, bodies, two attachment texts each.
	if err != nil || !strings.Contains(string(out), "8 mail row(s)") || !strings.Contains(string(out), "key k2") {
		t.Fatalf("pii rewrap: %v\n%s", err, out)
	}
	k2only, err := crypto.ParseKeyring(strings.NewReader(line), "k2 only")
	if err != nil {
		t.Fatal(err)
	}
	s := &postgres.Store{Pool: pool, Keys: k2only}
	for id, want := range mails {
		raw, err := s.Raw(ctx, pool, id)
		if err != nil || !bytes.Equal(raw, want) {
			t.Errorf("message %d with only the new key: %d bytes, %v", id, len(raw), err)
		}
		body, texts, err := s.MessageTexts(ctx, pool, id)
		if err != nil || !strings.Contains(body, piiQuery.citizenID) || len(texts) != 2 || !strings.Contains(texts[0], piiDOCX.citizenID) {
			t.Errorf("texts of message %d with only the new key: %v", id, err)
		}
	}
	if clear, err := s.HasUnsealed(ctx); err != nil || clear {
		t.Errorf("HasUnsealed after rewrap = %v, %v", clear, err)
	}
}

// registerPaper registers a paper submission through the UI's form (Điều 9
// khoản 1), with a small PDF as its scan.
func registerPaper(t *testing.T, c *http.Client, base, csrf string, fields map[string]string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("scan", "don.pdf")
	fw.Write(pdfsigtest.Simple("DON DE NGHI DANG TAI"))
	mw.Close()
	req, _ := http.NewRequest("POST", base+"/register", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("register: %d %.300s", resp.StatusCode, b)
	}
}

// waitQuiet waits until no River job is available, running or retrying
// (scheduled deadline alerts excepted) in two polls a second apart.
func waitQuiet(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	deadline, quiet := time.Now().Add(2*time.Minute), 0
	for quiet < 2 {
		var busy int
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE state IN ('available', 'running', 'retryable', 'pending')`).Scan(&busy); err != nil {
			t.Fatal(err)
		}
		if busy == 0 {
			quiet++
		} else {
			quiet = 0
		}
		if time.Now().After(deadline) {
			dumpJobs(t, pool)
			t.Fatalf("%d jobs still to run after 2 minutes", busy)
		}
		time.Sleep(time.Second)
	}
}

// get returns the body of a GET that must answer 200.
func get(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %.300s", u, resp.StatusCode, b)
	}
	return string(b)
}

// plus84 is the international form of a Vietnamese phone number.
func plus84(compact string) string {
	if compact == "" {
		return ""
	}
	return "+84" + compact[1:]
}

// withSubject replaces the Subject header of raw (RFC 2047 encoded).
func withSubject(raw []byte, subject string) []byte {
	hdrEnd := bytes.Index(raw, []byte("\r\n\r\n"))
	lines := bytes.Split(raw[:hdrEnd], []byte("\r\n"))
	var out bytes.Buffer
	skip := false
	for _, l := range lines {
		if skip && len(l) > 0 && (l[0] == ' ' || l[0] == '\t') {
			continue
		}
		skip = len(l) >= 8 && bytes.EqualFold(l[:8], []byte("Subject:"))
		if skip {
			fmt.Fprintf(&out, "Subject: =?UTF-8?B?%s?=\r\n", b64(subject))
			continue
		}
		out.Write(l)
		out.WriteString("\r\n")
	}
	out.Write(raw[hdrEnd+2:])
	return out.Bytes()
}

// citizenQuery is a citizen's question about legal aid (forwarded to its
// unit) with personal numbers in its subject and body, a DOCX form (sender
// data of Điều 9 khoản 3) and a PDF with a text layer.
func citizenQuery(t *testing.T) []byte {
	var b bytes.Buffer
	b.WriteString("Received: from mail-sor-f41.google.com (mail-sor-f41.google.com [192.0.2.41])\r\n\tby mx.moj.gov.vn (Postfix) with ESMTPS; Wed, 4 Mar 2026 15:47:37 +0700\r\n")
	b.WriteString("From: =?UTF-8?B?" + b64("Lâm Thị Hoa") + "?= <lamthihoa.bg@gmail.com>\r\nTo: banbientap@moj.gov.vn\r\n")
	b.WriteString("Subject: =?UTF-8?B?" + b64("Xin hỏi về trợ giúp pháp lý miễn phí (CCCD "+piiQuery.citizenID+")") + "?=\r\n")
	b.WriteString("Message-ID: <pii-rest-query-1@mail.gmail.com>\r\nDate: Wed, 4 Mar 2026 15:47:00 +0700\r\nMIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: multipart/mixed; boundary=\"000000000000b0und4ry\"\r\n\r\n")
	b.WriteString("--000000000000b0und4ry\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	b.WriteString(wrap(b64("Chào Ban Biên tập,\n\nCon trai tôi bị khuyết tật nặng, đang bị kiện đòi bồi thường. Gia đình tôi thuộc hộ cận nghèo. " +
		"Xin hỏi con tôi có được trợ giúp pháp lý miễn phí không và tôi cần đến đâu để yêu cầu? Tôi gửi kèm giấy tờ.\n\n" +
		"Người hỏi: Lâm Thị Hoa\nSố CCCD: " + piiQuery.citizenID + "\nMã số thuế: " + piiQuery.taxCode + "\nĐiện thoại: " + piiQuery.phone +
		"\n\nCảm ơn Ban Biên tập.\n")))
	for _, a := range []struct {
		name, ct string
		data     []byte
	}{
		{"to-khai-nguoi-gui.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docxForm(t, []string{
			"TỜ KHAI THÔNG TIN NGƯỜI GỬI", "Họ và tên: Lâm Thị Hoa", "Số CCCD: " + piiDOCX.citizenID, "Mã số thuế: " + piiDOCX.taxCode,
			"Điện thoại: " + piiDOCX.phone, "Địa chỉ: " + docxAddress})},
		{"giay-xac-nhan.pdf", "application/pdf", pdfsigtest.Simple(
			"GIAY XAC NHAN HO CAN NGHEO", "Chu ho: Lam Thi Hoa", "So CCCD: "+piiPDF.citizenID, "Ma so thue: "+piiPDF.taxCode,
			"Dien thoai: "+piiPDF.phone)},
	} {
		fmt.Fprintf(&b, "--000000000000b0und4ry\r\nContent-Type: %s; name=\"%s\"\r\nContent-Disposition: attachment; filename=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n", a.ct, a.name, a.name)
		b.WriteString(wrap(base64.StdEncoding.EncodeToString(a.data)))
	}
	b.WriteString("--000000000000b0und4ry--\r\n")
	return b.Bytes()
}

// docxForm is a minimal WordprocessingML package (ECMA-376) with one
// paragraph per line.
func docxForm(t *testing.T, lines []string) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
	}
	var doc strings.Builder
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, l := range lines {
		doc.WriteString("<w:p><w:r><w:t>" + l + "</w:t></w:r></w:p>")
	}
	doc.WriteString("</w:body></w:document>")
	files["word/document.xml"] = doc.String()
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[name]))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
