package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// actor applies a person's action to an item (desk.Desk: the same use
// case as a click).
type actor interface {
	Act(ctx context.Context, p auth.Principal, id int64, c workflow.Command) error
}

// demoHistory gives the demo the past of a working week, so that its
// inbox and dashboard look like a real morning: once the sample mail is
// read and classified, the demo's staff handle most of what came in before
// today through the ordinary actions (Điều 11, 12, 14: assigned, edited,
// approved and published by two people; queries forwarded to their unit and
// answered; spam refused), leaving today's mail and a few older items open.
//
// What it fakes: the actions run at start-up, and the demo then moves the
// instant each item's posting deadline stopped back to a time of the past
// days (most before their due instant, some after), so that the dashboard
// shows work done on time and late. The audit trail records those changes
// as the demo's own ("cli:demo").
func demoHistory(ctx context.Context, log *slog.Logger, store *postgres.Store, act actor, boss auth.Principal) error {
	if err := waitSettled(ctx, store); err != nil {
		return err
	}
	editor, err := demoStaff(ctx, store, "bt.huong", "Nguyễn Thu Hương", auth.Grant{Role: auth.RoleEditor})
	if err != nil {
		return err
	}
	rows, err := store.Pool.Query(ctx, `
		SELECT t.submission_id, t.kind, t.unit, t.received_at
		FROM triage t
		WHERE t.open AND NOT t.quarantined AND t.state IN ('awaiting_triage', 'awaiting_author')
		  AND t.received_at < date_trunc('day', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') AT TIME ZONE 'Asia/Ho_Chi_Minh'
		ORDER BY t.received_at`)
	if err != nil {
		return err
	}
	type item struct {
		id         int64
		kind, unit string
		received   time.Time
	}
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (item, error) {
		var it item
		return it, r.Scan(&it.id, &it.kind, &it.unit, &it.received)
	})
	if err != nil {
		return err
	}
	rnd := mrand.New(mrand.NewPCG(7, 11)) // the same history every run
	var handled []int64
	for i, it := range items {
		if i%9 == 4 {
			continue // a few older items are still open: overdue
		}
		var steps []workflow.Command
		switch it.kind {
		case "publish":
			steps = []workflow.Command{
				{Action: workflow.ActAssign, AssigneeID: editor.AccountID},
				{Action: workflow.ActSubmit},
				{Action: workflow.ActApprove},
				{Action: workflow.ActPublish, URL: fmt.Sprintf("https://moj.gov.vn/qt/tintuc/Pages/demo-%d.aspx", it.id)},
			}
		case "query":
			if it.unit == "" {
				continue
			}
			steps = []workflow.Command{{Action: workflow.ActForward, Unit: it.unit}}
		case "other":
			steps = []workflow.Command{{Action: workflow.ActRefuse, Ground: "14.3", Note: "Không thuộc nội dung đăng tải trên Cổng (Điều 8)"}}
		default:
			continue // complaints and the rest wait for a person
		}
		ok := true
		for _, c := range steps {
			who := boss
			if c.Action == workflow.ActSubmit {
				who = editor // Điều 12: the editor submits, another person approves
			}
			if err := act.Act(ctx, who, it.id, c); err != nil {
				log.Warn("demo history: action refused", "item", it.id, "action", c.Action, "err", err)
				ok = false
				break
			}
		}
		if ok {
			handled = append(handled, it.id)
		}
	}
	// Move each handled item's stop back into the past days, four in five
	// before the due instant: one statement, so the history appears at once.
	late, salt := make([]bool, len(handled)), make([]int32, len(handled))
	for i := range handled {
		late[i], salt[i] = rnd.IntN(5) == 0, int32(rnd.IntN(10000))
	}
	if _, err := store.Pool.Exec(ctx, `
		WITH d AS (
			SELECT x.id, least(CASE WHEN u.late THEN x.due_at + interval '1 minute' * (20 + u.salt % 200)
			                        ELSE x.starts_at + (x.due_at - x.starts_at) * (0.3 + (u.salt % 60) / 100.0) END,
			                   now() - interval '1 hour') AS at
			FROM unnest($1::bigint[], $2::bool[], $3::int[]) AS u(sid, late, salt)
			JOIN deadline x ON x.submission_id = u.sid
			WHERE x.start_event = 'received' AND x.stopped_at IS NOT NULL AND x.state IN ('met', 'breached'))
		UPDATE deadline x SET stopped_at = d.at,
			state = CASE WHEN d.at <= x.due_at THEN 'met' ELSE 'breached' END,
			breached_at = CASE WHEN d.at <= x.due_at THEN NULL ELSE x.due_at END
		FROM d WHERE x.id = d.id`, handled, late, salt); err != nil {
		return fmt.Errorf("demo history: %w", err)
	}
	log.Info("demo history written", "handled", len(handled), "older_items", len(items))
	return nil
}

// demoBoss is the demo account as a principal (administrator, Standing
// Board, manager), when the demo has no history yet (nothing published).
func demoBoss(ctx context.Context, store *postgres.Store) (auth.Principal, bool) {
	var published int
	if err := store.Pool.QueryRow(ctx, `SELECT count(*) FROM triage WHERE published_at IS NOT NULL OR state <> 'awaiting_triage' AND state <> 'received' AND state <> 'awaiting_author'`).Scan(&published); err != nil || published > 0 {
		return auth.Principal{}, false
	}
	a, err := store.AccountForLogin(ctx, demoUsername)
	if err != nil {
		return auth.Principal{}, false
	}
	return auth.Principal{AccountID: a.ID, Username: a.Username, DisplayName: a.DisplayName, Now: time.Now(), Grants: []auth.Grant{
		{Role: auth.RoleAdmin}, {Role: auth.RoleStandingBoard}, {Role: auth.RoleManager},
	}}, true
}

// waitSettled waits until the demo's mail is stored, read and classified:
// no intake, reading or classification job is left, snoozed ones included
// (reading yields to intake by snoozing; a classification after the
// history would recompute its deadlines and stop them now, late) — at most
// three minutes; what is not classified by then stays for a person.
func waitSettled(ctx context.Context, store *postgres.Store) error {
	for end := time.Now().Add(3 * time.Minute); time.Now().Before(end); {
		var pending, total int
		if err := store.Pool.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM river_job WHERE state IN ('available', 'running', 'retryable', 'scheduled', 'pending')
			   AND kind IN ('parse_message', 'create_submission', 'triage_submission', 'set_deadlines', 'read_message', 'classify_submission', 'route_submission')),
			(SELECT count(*) FROM submission)`).Scan(&pending, &total); err != nil {
			return err
		}
		if pending == 0 && total > 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
	return nil
}

// demoStaff makes sure a demo staff account exists (no password: it never
// signs in) and returns it as a principal.
func demoStaff(ctx context.Context, store *postgres.Store, username, name string, grants ...auth.Grant) (auth.Principal, error) {
	a, err := store.AccountForLogin(ctx, username)
	switch {
	case err == nil:
	case errors.Is(err, auth.ErrNotFound):
		// A random password nobody knows: the account never signs in.
		raw := make([]byte, 24)
		if _, err := rand.Read(raw); err != nil {
			return auth.Principal{}, err
		}
		hash, err := auth.Hasher{}.Hash(base64.RawURLEncoding.EncodeToString(raw))
		if err != nil {
			return auth.Principal{}, err
		}
		id, err := store.CreateAccount(ctx, "cli:demo", auth.Account{Username: username, DisplayName: name, PasswordHash: hash}, grants)
		if err != nil {
			return auth.Principal{}, fmt.Errorf("demo account %s: %w", username, err)
		}
		a = auth.Account{ID: id, Username: username, DisplayName: name}
	default:
		return auth.Principal{}, err
	}
	return auth.Principal{AccountID: a.ID, Username: a.Username, DisplayName: a.DisplayName, Grants: grants, Now: time.Now()}, nil
}
