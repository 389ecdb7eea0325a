package workers_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/document"
	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/workers/workerstest"
)

// TestDeadlineFactsFromTheTypedReading: the deadlines' facts come from
// what the store keeps typed of the first message (postgres.Readings), not
// from the report stored with it: a report that says another date (or
// nothing) changes nothing; the typed signing date gives the Điều 10
// class and date.
func TestDeadlineFactsFromTheTypedReading(t *testing.T) {
	p := workerstest.New(t)
	ctx := context.Background()
	received := time.Date(2026, 3, 4, 9, 0, 0, 0, workday.Zone)
	var sid, mid int64
	if err := p.Store.InTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO message (message_id, sha256, size, received_at, kind) VALUES ('r1@b.vn', 'r1', 10, $1, 'submission')
			RETURNING id`, received).Scan(&mid); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO message_parsed (message_id, subject, from_addr, derived)
			VALUES ($1, 'Công văn', 'vp@moj.gov.vn', '{"document": {"found": true, "signed_on": "2026-01-05"}}')`, mid); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO submission (reference, state, subject, from_addr, received_at, first_message_id)
			VALUES ('TN-2026-000001', 'awaiting_triage', 'Công văn', 'vp@moj.gov.vn', $1, $2) RETURNING id`, received, mid).Scan(&sid); err != nil {
			return err
		}
		return p.Store.SaveReadings(ctx, tx, []postgres.MessageReading{{MessageID: mid, Reading: finding.Reading{
			Document: document.Fields{Found: true, NumberSymbol: "12/CV-VP", SignedOn: "2026-03-02"}, DocumentSource: "body"}}})
	}); err != nil {
		t.Fatal(err)
	}
	f, err := p.Deps.Deadlines.Facts(ctx, p.Store.Pool, sid)
	if err != nil {
		t.Fatal(err)
	}
	if f.Class != deadline.AdminDocument || f.SignedOn != (workday.Date{Year: 2026, Month: 3, Day: 2}) || !f.ReceivedAt.Equal(received) {
		t.Errorf("facts %+v, want admin_document signed on 2026-03-02 (the typed reading), received %v", f, received)
	}
}
