package e2e

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/textproto"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// BenchmarkBurst is `make bench-burst` (issue 13, Điều 6 khoản 3): the
// mailbox receives at once BURST_MAILS mails (200) — each with a scanned
// page (OCR), one in four with a large PDF besides (BURST_PDF_MB, 8 MB of
// text pages) — while 50 people sign in at the same time. It reports the
// peak RSS of serve (VmHWM) against memory.limit_mb (BURST_LIMIT_MB, 300),
// the peak of serve and its tesseract/poppler children together (sampled),
// and how long until every item is read.
func BenchmarkBurst(b *testing.B) {
	mails := envInt("BURST_MAILS", 200)
	limitMB := envInt("BURST_LIMIT_MB", 300)
	pdfMB := envInt("BURST_PDF_MB", 8)
	const logins = 50
	for range b.N {
		runBurst(b, mails, limitMB, pdfMB, logins)
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func runBurst(b *testing.B, mails, limitMB, pdfMB, logins int) {
	ctx := context.Background()
	pg := testenv.PrivatePostgres(b)
	if err := pg.CreateDatabase(ctx, "burst"); err != nil {
		b.Fatal(err)
	}
	dsn := pg.DSN("burst")
	d := testenv.Dovecot(b, testenv.Options{})
	bin := buildBinary(b)
	keyFile := writeKeyFile(b)
	const user, password = "burst", "mật-khẩu-thử-nghiệm-đủ-dài-2026"
	add := exec.Command(bin, "user", "add", "--username", user, "--name", "Người thử tải", "--role", "admin")
	add.Env = append(os.Environ(), "DATABASE_URL="+dsn, "TIEPNHAN_UI_KEY_FILE="+keyFile, "TIEPNHAN_LOG_LEVEL=warn")
	add.Stdin = strings.NewReader(password + "\n")
	if out, err := add.CombinedOutput(); err != nil {
		b.Fatalf("user add: %v\n%s", err, out)
	}

	scan := readFile(b, filepath.Join(repoRoot(b), "internal/extract/testdata/scan.png"))
	large := largePDF(b, pdfMB<<20)
	var raws [][]byte
	for i := range mails {
		var pdf []byte
		if i%4 == 0 {
			pdf = large
		}
		raws = append(raws, burstMail(i, scan, pdf))
	}
	a := &appender{d: d}
	var total int64
	base := time.Date(2026, 3, 2, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	for i, raw := range raws {
		if err := a.append(raw, base.Add(time.Duration(i)*time.Second)); err != nil {
			b.Fatal(err)
		}
		total += int64(len(raw))
	}
	a.close()
	raws = nil

	httpAddr := fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(b))
	p := &proc{t: b, bin: bin, log: testenv.NewLogBuffer(), keyFile: keyFile, env: []string{
		"DATABASE_URL=" + dsn,
		"TIEPNHAN_IMAP_ADDR=" + d.Addr(), "TIEPNHAN_IMAP_SECURITY=none",
		"TIEPNHAN_IMAP_USERNAME=" + d.User(), "TIEPNHAN_IMAP_PASSWORD=" + d.Password(),
		"TIEPNHAN_HTTP_ADDR=" + httpAddr, "TIEPNHAN_LOG_LEVEL=warn", "TIEPNHAN_SMTP_SINK_DIR=" + b.TempDir(),
		"TIEPNHAN_MEMORY_LIMIT_MB=" + strconv.Itoa(limitMB),
		// 50 people behind the office's reverse proxy: each sign-in comes
		// from its own address (X-Forwarded-For).
		"TIEPNHAN_HTTP_TRUSTED_PROXIES=127.0.0.1", "TIEPNHAN_HTTP_METRICS_TOKEN=" + burstMetricsToken,
	}}
	defer func() {
		if b.Failed() {
			b.Logf("serve log (tail):\n%s", tail(fmt.Sprint(p.log), 6000))
		}
	}()
	b.ResetTimer()
	started := time.Now()
	p.start()
	defer p.stop()
	sampler := startRSSSampler(p)
	waitHTTP(b, "http://"+httpAddr+"/healthz", time.Minute)
	p.mu.Lock()
	atStart := statusKB(strconv.Itoa(p.cmd.Process.Pid), "VmRSS:") << 10
	p.mu.Unlock()
	loginTimes, statuses := concurrentLogins(b, "http://"+httpAddr, user, password, logins)

	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	read := waitCount(b, pool, mails, 30*time.Minute,
		`SELECT count(*) FROM river_job WHERE kind = 'read_message' AND state = 'completed'`)
	readIn := time.Since(started)
	b.StopTimer()
	peak := p.peakRSS()
	family := sampler.stop()
	if read < mails {
		dumpJobs(b, pool)
		b.Fatalf("%d of %d items read", read, mails)
	}
	var budgetPeak float64
	if body, err := httpGet("http://"+httpAddr+"/metrics", burstMetricsToken); err == nil {
		for _, l := range strings.Split(body, "\n") {
			if v, ok := strings.CutPrefix(l, "tiepnhan_reading_budget_peak_bytes "); ok {
				budgetPeak, _ = strconv.ParseFloat(v, 64)
			}
		}
	}
	sort.Slice(loginTimes, func(i, j int) bool { return loginTimes[i] < loginTimes[j] })
	mb := func(n int64) float64 { return float64(n) / (1 << 20) }
	b.ReportMetric(mb(peak), "peak_rss_MB")
	b.ReportMetric(float64(limitMB), "ceiling_MB")
	b.ReportMetric(mb(family), "peak_rss_with_children_MB")
	b.ReportMetric(readIn.Seconds(), "read_all_s")
	fmt.Printf("burst: %d mails (%.0f MB, %d with a %d MB PDF, each with a scanned page) + %d concurrent sign-ins\n",
		mails, mb(total), (mails+3)/4, pdfMB, logins)
	fmt.Printf("burst: serve RSS %.0f MB once it answered /healthz\n", mb(atStart))
	fmt.Printf("burst: serve peak RSS %.0f MB (VmHWM) against a ceiling of %d MB (memory.limit_mb); with tesseract/poppler children %.0f MB (sampled every 50 ms); reading budget peak %.0f MB\n",
		mb(peak), limitMB, mb(family), budgetPeak/(1<<20))
	fmt.Printf("burst: every item read %s after serve started; sign-ins p50 %s, max %s, answers %v\n",
		readIn.Round(time.Millisecond), loginTimes[len(loginTimes)/2].Round(time.Millisecond), loginTimes[len(loginTimes)-1].Round(time.Millisecond), statuses)
	if peak > int64(limitMB)<<20 {
		b.Errorf("serve peak RSS %.0f MB is over the ceiling of %d MB", mb(peak), limitMB)
	}
}

func readFile(b testing.TB, path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// largePDF joins copies of the text PDFs of internal/extract/testdata with
// poppler's pdfunite until the file reaches size bytes.
func largePDF(b testing.TB, size int) []byte {
	unite, err := exec.LookPath("pdfunite")
	testenv.Require(b, "pdfunite (poppler-utils)", err)
	td := filepath.Join(repoRoot(b), "internal/extract/testdata")
	srcs := []string{filepath.Join(td, "gs-quyche.pdf"), filepath.Join(td, "lo-full.pdf"), filepath.Join(td, "gs-vanban.pdf")}
	per := 0
	for _, s := range srcs {
		per += len(readFile(b, s))
	}
	var args []string
	for n := 0; n < size; n += per {
		args = append(args, srcs...)
	}
	out := filepath.Join(b.TempDir(), "large.pdf")
	if msg, err := exec.Command(unite, append(args, out)...).CombinedOutput(); err != nil {
		b.Fatalf("pdfunite: %v\n%s", err, msg)
	}
	return readFile(b, out)
}

// burstMail is a submission with a scanned page and, when pdf is set, a
// PDF annex.
func burstMail(i int, scan, pdf []byte) []byte {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part := func(ctype, name string, data []byte) {
		h := textproto.MIMEHeader{"Content-Type": {ctype}}
		if name != "" {
			h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
			h.Set("Content-Transfer-Encoding", "base64")
			pw, _ := w.CreatePart(h)
			enc := make([]byte, 0, len(data)*4/3+4)
			enc = appendBase64Lines(enc, data)
			pw.Write(enc)
			return
		}
		h.Set("Content-Transfer-Encoding", "8bit")
		pw, _ := w.CreatePart(h)
		pw.Write(data)
	}
	part("text/plain; charset=UTF-8", "", []byte(fmt.Sprintf("Kính gửi Ban Biên tập,\r\n\r\nĐơn vị gửi văn bản số %d/BC-STP kèm bản chụp để đăng tải.\r\n", i)))
	part("image/png", fmt.Sprintf("ban-chup-%d.png", i), scan)
	if pdf != nil {
		part("application/pdf", fmt.Sprintf("phu-luc-%d.pdf", i), pdf)
	}
	w.Close()
	head := fmt.Sprintf("Message-ID: <burst-%d@stp.example.vn>\r\nDate: Mon, 2 Mar 2026 09:13:00 +0700\r\n"+
		"From: \"Sở Tư pháp\" <vanthu%d@stp.example.vn>\r\nTo: banbientap@moj.gov.vn\r\n"+
		"Subject: =?UTF-8?B?%s?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=%s\r\n\r\n",
		i, i, b64(fmt.Sprintf("Văn bản số %d gửi đăng tải", i)), w.Boundary())
	return append([]byte(head), body.Bytes()...)
}

func appendBase64Lines(dst, data []byte) []byte {
	const line = 57 // 76 encoded characters per line (RFC 2045 §6.8)
	for len(data) > 0 {
		n := min(line, len(data))
		dst = append(dst, b64(string(data[:n]))...)
		dst = append(dst, '\r', '\n')
		data = data[n:]
	}
	return dst
}

func waitHTTP(b testing.TB, u string, within time.Duration) {
	end := time.Now().Add(within)
	for time.Now().Before(end) {
		if _, err := httpGet(u, ""); err == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.Fatalf("%s did not answer within %s", u, within)
}

// burstMetricsToken opens /metrics to the benchmark (http.metrics_token).
const burstMetricsToken = "burst-benchmark-metrics-token-2026"

func httpGet(u, token string) (string, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return buf.String(), fmt.Errorf("%s: %s", u, resp.Status)
	}
	return buf.String(), nil
}

// concurrentLogins signs in n times at once, each from its own client
// address (X-Forwarded-For through the trusted proxy), and returns how
// long each took until it succeeded and the count of each final answer
// (303: signed in); an answer 503 (the password-hashing limit: try again
// after Retry-After) is retried as a person would, counted under -1.
func concurrentLogins(b testing.TB, base, user, password string, n int) ([]time.Duration, map[int]int) {
	out := make([]time.Duration, n)
	status, retries := make([]int, n), make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ip := fmt.Sprintf("198.51.100.%d", i+1)
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar, Timeout: 5 * time.Minute,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			do := func(method string, body url.Values) (*http.Response, error) {
				req, _ := http.NewRequest(method, base+"/login", strings.NewReader(body.Encode()))
				req.Header.Set("X-Forwarded-For", ip)
				if body != nil {
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
				return c.Do(req)
			}
			resp, err := do(http.MethodGet, nil)
			if err != nil {
				b.Errorf("login form: %v", err)
				return
			}
			resp.Body.Close()
			u, _ := url.Parse(base + "/login")
			var csrf string
			for _, ck := range jar.Cookies(u) {
				if ck.Name == "tiepnhan_login" {
					csrf = ck.Value
				}
			}
			<-start
			t0 := time.Now()
			for {
				resp, err = do(http.MethodPost, url.Values{"csrf": {csrf}, "username": {user}, "password": {password}})
				if err != nil {
					b.Errorf("login: %v", err)
					return
				}
				resp.Body.Close()
				status[i] = resp.StatusCode
				if resp.StatusCode != http.StatusServiceUnavailable || time.Since(t0) > 5*time.Minute {
					break
				}
				// As a person would: try again when the page says so.
				retries[i]++
				wait, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
				time.Sleep(time.Duration(max(wait, 1)) * time.Second)
			}
			out[i] = time.Since(t0)
		}()
	}
	close(start)
	wg.Wait()
	counts := map[int]int{}
	for i, s := range status {
		counts[s]++
		counts[-1] += retries[i] // key -1: answers 503 that were retried
	}
	if counts[http.StatusSeeOther] == 0 {
		b.Errorf("no sign-in succeeded: %v", counts)
	}
	return out, counts
}

// rssSampler samples the resident set of serve and its direct children
// (tesseract, pdftoppm…) together.
type rssSampler struct {
	done chan struct{}
	peak chan int64
}

func startRSSSampler(p *proc) *rssSampler {
	s := &rssSampler{done: make(chan struct{}), peak: make(chan int64, 1)}
	p.mu.Lock()
	pid := p.cmd.Process.Pid
	p.mu.Unlock()
	go func() {
		var peak int64
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-s.done:
				s.peak <- peak
				return
			case <-t.C:
				peak = max(peak, familyRSS(pid))
			}
		}
	}()
	return s
}

func (s *rssSampler) stop() int64 {
	close(s.done)
	return <-s.peak
}

// familyRSS is the VmRSS of pid plus that of every process whose parent it
// is, in bytes.
func familyRSS(pid int) int64 {
	total := statusKB(strconv.Itoa(pid), "VmRSS:")
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		if d.Name()[0] < '0' || d.Name()[0] > '9' {
			continue
		}
		if statusKB(d.Name(), "PPid:") == int64(pid) {
			total += statusKB(d.Name(), "VmRSS:")
		}
	}
	return total * 1024
}

func statusKB(pid, field string) int64 {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, field); ok {
			n, _ := strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			return n
		}
	}
	return 0
}
