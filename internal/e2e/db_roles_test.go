package e2e

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/testenv"
)

// TestPipelineAsTheServiceRole: issue 12, finding 8. The service migrated
// by the owner (database.owner_url) and running as a role of its own —
// no DDL, no direct writes to audit_log — takes mail from Dovecot through
// the whole pipeline without a permission error, and every audit row it
// writes names its role.
func TestPipelineAsTheServiceRole(t *testing.T) {
	ctx := context.Background()
	d, cfg := intakeOnDovecot(t)
	dsn := cfg.Database.URL
	owner, err := postgres.Open(ctx, dsn, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(owner.Close)
	role := testenv.RoleName(t, owner, "e2e")
	var firstID int64
	owner.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM audit_log`).Scan(&firstID)

	// The service runs as its role; the owner migrates.
	cfg.Database.URL, cfg.Database.OwnerURL, cfg.Database.VerifierRole = testenv.DSNAs(t, dsn, role), dsn, ""
	cfg.UI.AuditSealEvery.Duration = 100 * time.Millisecond
	startService(t, cfg)

	msgs := corpus(t)
	names := make([]string, 0, len(msgs))
	for n := range msgs {
		if !derive.Envelope(msgs[n], derive.Options{}).Report.Message.AutoSubmitted {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	names = names[:8]
	base := time.Date(2026, 3, 2, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	for i, n := range names {
		d.Append(t, "INBOX", msgs[n], base.Add(time.Duration(i)*time.Minute))
	}
	if got := waitCount(t, owner, len(names), 3*time.Minute, `SELECT count(*) FROM submission WHERE state IN ('awaiting_triage', 'forwarded')`); got != len(names) {
		dumpJobs(t, owner)
		t.Fatalf("%d submissions past intake, want %d", got, len(names))
	}
	// Until the pipeline is idle: reading, classification, deadlines.
	deadline := time.Now().Add(3 * time.Minute)
	for {
		var busy int
		owner.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE state IN ('available', 'running', 'retryable', 'pending') AND kind <> 'deadline_sweep'`).Scan(&busy)
		if busy == 0 {
			break
		}
		if time.Now().After(deadline) {
			dumpJobs(t, owner)
			t.Fatalf("%d jobs still busy", busy)
		}
		time.Sleep(100 * time.Millisecond)
	}
	var denied []string
	rows, _ := owner.Query(ctx, `SELECT kind || ': ' || errors::text FROM river_job WHERE errors::text ILIKE '%permission denied%' OR state = 'discarded'`)
	for rows.Next() {
		var s string
		rows.Scan(&s)
		denied = append(denied, s)
	}
	if len(denied) > 0 {
		t.Fatalf("jobs failed as the service role:\n%s", strings.Join(denied, "\n"))
	}
	var mine, others int
	owner.QueryRow(ctx, `SELECT count(*) FILTER (WHERE db_role = $2), count(*) FILTER (WHERE db_role <> $2) FROM audit_log WHERE id > $1`, firstID, role).Scan(&mine, &others)
	if mine == 0 || others != 0 {
		t.Errorf("audit rows of the pipeline: %d by the service role, %d by others", mine, others)
	}
	t.Logf("%d audit rows written by %s", mine, role)
	if n := waitCount(t, owner, 0, 10*time.Second, `SELECT -count(*) FROM audit_log WHERE seq IS NULL`); n != 0 {
		t.Errorf("%d audit rows left unsealed by the service's sealer", -n)
	}
}
