package pipeline

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/intake"
	"github.com/moj-portal/tiepnhan/internal/jobs"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// parseChunkBytes bounds the raw bytes loaded at once by one job: the
// watcher caps a commit batch at 16 MiB, a hand-made job may list more.
const parseChunkBytes = 16 << 20

// ParseMessages parses the MIME structure of the messages of args
// (headers, text and HTML bodies, the attachment list) and records what
// each is. Ordinary, oversize and unparsable messages go on to
// create_submission (a person must see each of them); auto-replies and
// bounces (RFC 3834, RFC 3464) are recorded and go no further. A job
// carries a whole commit batch: its messages are parsed in parallel,
// outside any transaction, and saved in one transaction with the next
// stage's job, in which job.Done completes the job. job.ID names the job in the
// log.
func (d *Service) ParseMessages(ctx context.Context, args jobs.ParseMessageArgs, job Job) error {
	s := d.Store
	msgs, err := s.Messages(ctx, s.Pool, args.IDs())
	if err != nil {
		return err
	}
	if missing := len(args.IDs()) - len(msgs); missing > 0 {
		d.Log.Warn("parse_message: messages not found, skipped", "job_id", job.ID, "missing", missing)
	}
	if len(msgs) == 0 {
		return Permanent(fmt.Errorf("parse messages %v: %w", args.IDs(), intake.ErrNotFound))
	}
	parsed := make([]intake.ParsedMessage, 0, len(msgs))
	var read []postgres.MessageReading
	for len(msgs) > 0 {
		// Pure and outside the transaction: parsing holds no connection.
		n, size := 0, int64(0)
		for n < len(msgs) && (n == 0 || size+msgs[n].Size <= parseChunkBytes) {
			size += msgs[n].Size
			n++
		}
		chunk := msgs[:n]
		msgs = msgs[n:]
		ids := make([]int64, len(chunk))
		for i, m := range chunk {
			ids[i] = m.ID
		}
		release, err := d.Memory.Acquire(ctx, parseWeight(size))
		if err != nil {
			return err
		}
		raws, err := s.RawMany(ctx, s.Pool, ids)
		if err != nil {
			release()
			return err
		}
		for _, res := range d.parseAll(ctx, chunk, raws) {
			parsed, read = append(parsed, res.p), append(read, postgres.MessageReading{MessageID: res.p.MessageID, Reading: res.r})
		}
		release()
	}

	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := s.SaveParsedMany(ctx, tx, parsed); err != nil {
		return err
	}
	if err := s.SaveReadings(ctx, tx, read); err != nil {
		return err
	}
	var next []int64
	for _, p := range parsed {
		if p.Kind != intake.MessageKindAutoReply { // auto-replies: recorded, never a submission, never answered
			next = append(next, p.MessageID)
		}
	}
	if len(next) > 0 {
		if err := insert(ctx, tx, jobs.CreateSubmissionArgs{MessageIDs: next}, fmt.Sprintf("messages %v", next)); err != nil {
			return err
		}
	}
	return job.Done(ctx, tx)
}

// parseAll parses msgs on as many goroutines as there are CPUs. A message
// whose raw bytes are missing, or whose parsing panics, is recorded as
// unparsable: kept, flagged and shown to a person, never blocking the rest
// of its batch.
func (d *Service) parseAll(ctx context.Context, msgs []intake.StoredMessage, raws map[int64][]byte) []parsedMessage {
	out := make([]parsedMessage, len(msgs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(msgs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = d.parseOne(msgs[i], raws[msgs[i].ID])
			}
		}()
	}
	for i := range msgs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// parsedMessage is one message as parse_message stores it: the parsed
// message and what was read (derive.Result.Stored).
type parsedMessage struct {
	p intake.ParsedMessage
	r finding.Reading
}

func stored(res derive.Result, id int64) parsedMessage {
	p, r := res.Stored(id)
	return parsedMessage{p, r}
}

func (d *Service) parseOne(m intake.StoredMessage, raw []byte) (p parsedMessage) {
	opts := d.Derive
	opts.ReceivedAt, opts.HeaderOnly, opts.SHA256 = m.ReceivedAt, m.HeaderOnly, m.SHA256
	opts.Auth.LookupTXT = nil // DNS waits for read_message, not the intake batch
	defer func() {
		if r := recover(); r != nil {
			d.Log.Error("parse_message: parser panicked, message kept as unparsable", "message_id", m.ID, "panic", fmt.Sprint(r))
			p = stored(derive.Unparsable(fmt.Sprintf("panic: %v", r), opts), m.ID)
		}
	}()
	if raw == nil {
		d.Log.Error("parse_message: raw bytes missing, message kept as unparsable", "message_id", m.ID)
		return stored(derive.Unparsable("raw message missing", opts), m.ID)
	}
	if d.Parse != nil {
		return stored(d.Parse(raw, opts), m.ID)
	}
	return stored(derive.Envelope(raw, opts), m.ID)
}
