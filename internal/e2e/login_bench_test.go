package e2e

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// BenchmarkLoginMemory measures the peak RSS (VmHWM) of `serve` while 50
// clients sign in at once, three times over (issue 12, finding 4: fifteen
// concurrent logins took RSS from 250 MB to 748 MB, 64 MiB per argon2id
// hash). Each client has its own address (through the trusted proxy
// header), so that the throttle lets every attempt reach the hash slots;
// the cap is the RSS of the warm service (after start-up and 50 sign-in
// pages) plus auth.DefaultPolicy.MaxHashes hashes of
// auth.DefaultParams.Memory.
func BenchmarkLoginMemory(b *testing.B) {
	dsn := testenv.Postgres(b)
	bin := buildBinary(b)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env := []string{"DATABASE_URL=" + dsn, "TIEPNHAN_HTTP_ADDR=" + addr, "TIEPNHAN_LOG_LEVEL=error",
		"TIEPNHAN_HTTP_TRUSTED_PROXIES=127.0.0.1", "TIEPNHAN_SMTP_SINK_DIR=" + b.TempDir()}
	p := &proc{t: b, bin: bin, log: &strings.Builder{}, env: env}
	p.keyFile = writeKeyFile(b)
	if out, code := runCLI(b, bin, env, "migrate"); code != 0 {
		b.Fatalf("migrate: exit %d\n%s", code, out)
	}
	const password = "mật-khẩu-đo-bộ-nhớ-2026"
	add := exec.Command(bin, "user", "add", "--username", "lan", "--name", "Lan", "--role", "standing_board")
	add.Env = append(append(os.Environ(), "TIEPNHAN_UI_KEY_FILE="+p.keyFile), env...)
	add.Stdin = strings.NewReader(password + "\n")
	if out, err := add.CombinedOutput(); err != nil {
		b.Fatalf("user add: %v\n%s", err, out)
	}
	p.start()
	defer p.stop()
	base := "http://" + addr
	for end := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(end) {
			b.Fatalf("serve did not start: %s", p.log)
		}
	}
	time.Sleep(3 * time.Second) // the start-up's own timing hash (auth.NewService)
	// The cap's base is a warm service: 50 concurrent sign-in pages served
	// (templates, sessions, database connections), no password checked.
	var warm sync.WaitGroup
	for range 50 {
		warm.Go(func() {
			if resp, err := http.Get(base + "/login"); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	warm.Wait()
	startRSS := p.status("VmRSS")
	csrfRE := regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	login := func(i int) int {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.Get(base + "/login")
		if err != nil {
			return -1
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m := csrfRE.FindSubmatch(page)
		if m == nil {
			return -2
		}
		pw := "sai-mật-khẩu-lần-" + fmt.Sprint(i)
		if i%10 == 0 {
			pw = password
		}
		req, _ := http.NewRequest("POST", base+"/login", strings.NewReader(url.Values{"csrf": {string(m[1])}, "username": {"lan"}, "password": {pw}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.%d.%d", i/250, i%250+1))
		resp, err = c.Do(req)
		if err != nil {
			return -1
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	b.ResetTimer()
	statuses := map[int]int{}
	var mu sync.Mutex
	start := time.Now()
	for round := range 3 {
		var wg sync.WaitGroup
		for i := range 50 {
			wg.Go(func() {
				s := login(round*50 + i)
				mu.Lock()
				statuses[s]++
				mu.Unlock()
			})
		}
		wg.Wait()
	}
	elapsed := time.Since(start)
	b.StopTimer()
	peak := p.status("VmHWM")
	hash := int64(auth.DefaultParams.Memory) * 1024
	limit := startRSS + int64(auth.DefaultPolicy.MaxHashes)*hash + requestAllowance
	ceiling := int64(config.Default().Memory.LimitMB) << 20
	b.ReportMetric(float64(peak)/1e6, "peak_rss_MB")
	b.ReportMetric(float64(startRSS)/1e6, "start_rss_MB")
	b.ReportMetric(float64(limit)/1e6, "cap_MB")
	fmt.Printf("login memory: 3 × 50 concurrent logins in %s, statuses %v; RSS after start %.0f MB, peak (VmHWM) %.0f MB; cap %.0f MB (start + %d × %d MiB hashes + %d MiB for the requests): %s; memory.limit_mb %d MiB: %s\n",
		elapsed.Round(time.Millisecond), statuses, float64(startRSS)/1e6, float64(peak)/1e6, float64(limit)/1e6,
		auth.DefaultPolicy.MaxHashes, auth.DefaultParams.Memory/1024, requestAllowance>>20, map[bool]string{true: "within", false: "OVER"}[peak <= limit],
		ceiling>>20, map[bool]string{true: "within", false: "OVER"}[peak <= ceiling])
}

// requestAllowance is the cap's share for handling 50 concurrent requests
// besides their password checks (connection buffers, goroutine stacks,
// form parsing, session rows): a few hundred kB measured, 8 MiB allowed.
const requestAllowance = 8 << 20

// status reads one memory line of /proc/PID/status, in bytes.
func (p *proc) status(key string) int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb * 1024
		}
	}
	return 0
}
