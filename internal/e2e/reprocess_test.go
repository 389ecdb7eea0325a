package e2e

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestReprocessRebuildsWithoutDoubling runs `tiepnhan reprocess` against a
// database the service has filled: every stored message is parsed again
// from its raw bytes (Điều 6 khoản 3: the raw message is the source of
// truth), and no submission is doubled.
func TestReprocessRebuildsWithoutDoubling(t *testing.T) {
	d, cfg := intakeOnDovecot(t)
	dsn := cfg.Database.URL
	cfg.UI.KeyFile = writeKeyFile(t) // the service and the command share it
	svc := startService(t, cfg)
	pool := svc.Pool
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		d.Append(t, "INBOX", simpleMessage(7000+i), time.Now())
	}
	if n := waitCount(t, pool, 5, time.Minute, `SELECT count(*) FROM submission WHERE state = 'awaiting_triage'`); n != 5 {
		t.Fatalf("%d submissions, want 5", n)
	}
	var before time.Time
	pool.QueryRow(ctx, `SELECT max(parsed_at) FROM message_parsed`).Scan(&before)

	bin := buildBinary(t)
	cmd := exec.Command(bin, "reprocess")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dsn, "TIEPNHAN_UI_KEY_FILE="+cfg.UI.KeyFile, "TIEPNHAN_LOG_LEVEL=warn")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("reprocess: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "5 thư") {
		t.Errorf("reprocess output %q does not say 5 messages were queued", out)
	}
	// Every message parsed again after the command, by the running service.
	if n := waitCount(t, pool, 5, time.Minute, `SELECT count(*) FROM message_parsed WHERE parsed_at > $1`, before); n != 5 {
		t.Fatalf("%d messages parsed again, want 5", n)
	}
	time.Sleep(2 * time.Second) // let any doubled submission show itself
	var subs int
	pool.QueryRow(ctx, `SELECT count(*) FROM submission`).Scan(&subs)
	if subs != 5 {
		t.Fatalf("%d submissions after reprocessing, want still 5", subs)
	}
}
