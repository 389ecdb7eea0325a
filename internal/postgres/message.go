package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/intake"
)

// ErrStaleMailbox is returned by CommitBatch when the mailbox's UIDVALIDITY in
// the database is not the one the batch was fetched under (another process
// reset it): the batch is rolled back and the watcher resyncs.
var ErrStaleMailbox = errors.New("mailbox uidvalidity changed under this batch")

// Enqueuer inserts the first pipeline job of each new message within tx, so
// that a message row never exists without its job and vice versa.
type Enqueuer func(ctx context.Context, tx pgx.Tx, messageIDs []int64) error

// CommitResult says what a batch commit did.
type CommitResult struct {
	Inserted   []int64 // ids of new message rows
	Duplicates int     // messages already stored (same UID, or same Message-ID + SHA-256)
}

// CommitBatch stores msgs (all fetched from mailbox mb under mb.UIDValidity),
// enqueues their first job and advances the mailbox's UID bookmark, in ONE
// transaction: after a crash either all of it happened or none, and the next
// sync refetches exactly what is missing. Messages already stored are skipped
// (the unique keys make every retry safe).
func (s *Store) CommitBatch(ctx context.Context, mb intake.MailboxState, msgs []intake.RawMessage, enqueue Enqueuer) (CommitResult, error) {
	var res CommitResult
	if len(msgs) == 0 {
		return res, nil
	}
	err := pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		var validity uint32
		// FOR UPDATE serialises committers of one mailbox, should two
		// processes ever overlap around a lost lock.
		if err := tx.QueryRow(ctx, `SELECT uid_validity FROM mailbox WHERE id = $1 FOR UPDATE`, mb.ID).Scan(&validity); err != nil {
			return fmt.Errorf("lock mailbox %d: %w", mb.ID, notFound(err))
		}
		if validity != mb.UIDValidity {
			return ErrStaleMailbox
		}
		n := len(msgs)
		uids := make([]int64, n)
		mids := make([]string, n)
		sums := make([]string, n)
		sizes := make([]int64, n)
		recv := make([]time.Time, n)
		hdr := make([]bool, n)
		byUID := make(map[int64]int, n)
		var maxUID uint32
		for i, m := range msgs {
			uids[i], mids[i], sums[i], sizes[i], recv[i], hdr[i] = int64(m.UID), m.MessageID, m.SHA256, m.Size, m.ReceivedAt, m.HeaderOnly
			byUID[int64(m.UID)] = i
			maxUID = max(maxUID, m.UID)
		}
		rows, err := tx.Query(ctx, `
			INSERT INTO message (mailbox_id, uid_validity, uid, message_id, sha256, size, received_at, header_only, kind)
			SELECT $1, $2, u.uid, u.mid, u.sum, u.size, u.recv, u.hdr, CASE WHEN u.hdr THEN 'oversize' ELSE 'pending' END
			FROM unnest($3::bigint[], $4::text[], $5::text[], $6::bigint[], $7::timestamptz[], $8::bool[])
			     AS u(uid, mid, sum, size, recv, hdr)
			ON CONFLICT DO NOTHING
			RETURNING id, uid`,
			mb.ID, mb.UIDValidity, uids, mids, sums, sizes, recv, hdr)
		if err != nil {
			return fmt.Errorf("insert messages: %w", err)
		}
		var copyRows [][]any
		for rows.Next() {
			var id, uid int64
			if err := rows.Scan(&id, &uid); err != nil {
				return err
			}
			res.Inserted = append(res.Inserted, id)
			// Điều 4 khoản 4: the raw bytes are stored sealed, bound to the row.
			raw, err := s.sealRaw(id, msgs[byUID[uid]].Raw)
			if err != nil {
				rows.Close()
				return fmt.Errorf("seal raw message %d: %w", id, err)
			}
			copyRows = append(copyRows, []any{id, raw, s.keyID()})
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("insert messages: %w", err)
		}
		res.Duplicates = n - len(res.Inserted)
		if len(copyRows) > 0 {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"message_raw"}, []string{"message_id", "raw", "key_id"}, pgx.CopyFromRows(copyRows)); err != nil {
				return fmt.Errorf("store raw messages: %w", err)
			}
			if err := enqueue(ctx, tx, res.Inserted); err != nil {
				return fmt.Errorf("enqueue parse jobs: %w", err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE mailbox SET last_uid = GREATEST(last_uid, $2), last_sync_at = now(), updated_at = now() WHERE id = $1`, mb.ID, maxUID); err != nil {
			return fmt.Errorf("advance uid bookmark: %w", err)
		}
		return nil
	})
	if err != nil {
		return CommitResult{}, err
	}
	return res, nil
}

// InsertManual stores a message that did not come from the mailbox (a paper
// submission's cover, an .eml given by hand: Điều 9 khoản 1) and enqueues its
// first job. A message already stored (same Message-ID and bytes) is not
// stored twice: its id is returned with inserted=false.
func (s *Store) InsertManual(ctx context.Context, m intake.RawMessage, source string, enqueue Enqueuer) (id int64, inserted bool, err error) {
	err = pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		id, inserted, err = s.InsertManualTx(ctx, tx, m, source)
		if err != nil || !inserted {
			return err
		}
		return enqueue(ctx, tx, []int64{id})
	})
	return id, inserted, err
}

// InsertManualTx is InsertManual in tx, without its job: the caller
// enqueues the first job of a message inserted (inserted=true) in tx.
func (s *Store) InsertManualTx(ctx context.Context, tx pgx.Tx, m intake.RawMessage, source string) (id int64, inserted bool, err error) {
	err = tx.QueryRow(ctx, `
		INSERT INTO message (message_id, sha256, size, received_at, header_only, source)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (message_id, sha256) DO NOTHING RETURNING id`,
		m.MessageID, m.SHA256, m.Size, m.ReceivedAt, m.HeaderOnly, source).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		err = tx.QueryRow(ctx, `SELECT id FROM message WHERE message_id = $1 AND sha256 = $2`, m.MessageID, m.SHA256).Scan(&id)
		return id, false, err
	}
	if err != nil {
		return 0, false, fmt.Errorf("insert message: %w", err)
	}
	raw, err := s.sealRaw(id, m.Raw)
	if err != nil {
		return id, false, fmt.Errorf("seal raw message %d: %w", id, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO message_raw (message_id, raw, key_id) VALUES ($1, $2, $3)`, id, raw, s.keyID()); err != nil {
		return id, false, fmt.Errorf("store raw message: %w", err)
	}
	return id, true, nil
}

const messageColumns = `id, COALESCE(mailbox_id, 0), COALESCE(uid_validity, 0), COALESCE(uid, 0), message_id, sha256, size,
	received_at, header_only, kind, flags, COALESCE(submission_id, 0), created_at`

func scanMessage(row pgx.Row) (intake.StoredMessage, error) {
	var m intake.StoredMessage
	err := row.Scan(&m.ID, &m.MailboxID, &m.UIDValidity, &m.UID, &m.MessageID, &m.SHA256, &m.Size,
		&m.ReceivedAt, &m.HeaderOnly, &m.Kind, &m.Flags, &m.SubmissionID, &m.CreatedAt)
	return m, notFound(err)
}

// Message returns the message row id.
func (s *Store) Message(ctx context.Context, q Querier, id int64) (intake.StoredMessage, error) {
	return scanMessage(q.QueryRow(ctx, `SELECT `+messageColumns+` FROM message WHERE id = $1`, id))
}

// Messages returns the message rows of ids that exist, in id order.
func (s *Store) Messages(ctx context.Context, q Querier, ids []int64) ([]intake.StoredMessage, error) {
	rows, err := q.Query(ctx, `SELECT `+messageColumns+` FROM message WHERE id = ANY($1) ORDER BY id`, ids)
	if err != nil {
		return nil, fmt.Errorf("load messages: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (intake.StoredMessage, error) { return scanMessage(r) })
	if err != nil {
		return nil, fmt.Errorf("load messages: %w", err)
	}
	return out, nil
}

// RawMany is Raw for several messages in one query, by message id; a
// message without stored bytes is absent from the map.
func (s *Store) RawMany(ctx context.Context, q Querier, ids []int64) (map[int64][]byte, error) {
	rows, err := q.Query(ctx, `SELECT message_id, raw, key_id FROM message_raw WHERE message_id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("load raw messages: %w", err)
	}
	defer rows.Close()
	out := make(map[int64][]byte, len(ids))
	for rows.Next() {
		var id int64
		var raw []byte
		var keyID string
		if err := rows.Scan(&id, &raw, &keyID); err != nil {
			return nil, fmt.Errorf("load raw messages: %w", err)
		}
		if out[id], err = s.openRaw(id, keyID, raw); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load raw messages: %w", err)
	}
	return out, nil
}

// Raw returns the exact bytes of message id, opened when they are stored
// sealed (every reader of the raw message goes through here: parsing,
// reading, forwards that attach the original unchanged, the UI download).
func (s *Store) Raw(ctx context.Context, q Querier, id int64) ([]byte, error) {
	var raw []byte
	var keyID string
	err := q.QueryRow(ctx, `SELECT raw, key_id FROM message_raw WHERE message_id = $1`, id).Scan(&raw, &keyID)
	if err != nil {
		return nil, notFound(err)
	}
	return s.openRaw(id, keyID, raw)
}

// MessageIDs lists message ids in id order after the given id, for reprocessing.
func (s *Store) MessageIDs(ctx context.Context, after int64, limit int) ([]int64, error) {
	rows, err := s.Pool.Query(ctx, `SELECT id FROM message WHERE id > $1 ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// Querier is a pool, a connection or a transaction.
type Querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}
