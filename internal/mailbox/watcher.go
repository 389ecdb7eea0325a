package mailbox

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
	"sync"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/moj-portal/tiepnhan/internal/intake"
)

// Config says which mailbox to watch and how.
type Config struct {
	Addr     string // host:port
	Security string // "tls", "starttls" or "none"
	Mailbox  string
	Account  string // the key of the mailbox state and of the lock, e.g. user@host
	Auth     Authenticator
	// TLSConfig overrides the default TLS configuration (tests, private CAs).
	TLSConfig *tls.Config

	AfterCommit string // "none", "keyword" or "move"
	Keyword     string
	MoveTo      string

	PollInterval   time.Duration
	IdleRestart    time.Duration
	CommandTimeout time.Duration
	DialTimeout    time.Duration
	Keepalive      time.Duration
	BackoffMin     time.Duration
	BackoffMax     time.Duration
	// LockRetry is how often a process waits for another's mailbox lock.
	LockRetry time.Duration

	BatchSize       int   // messages per commit
	MaxBatchBytes   int64 // bytes per commit (default 16 MiB; two batches are in memory while fetching ahead)
	MaxMessageBytes int64 // larger messages are kept header-only and flagged
}

// Receiver is the use case of receiving a batch (pipeline.Receiver):
// Receive must store msgs, enqueue their processing and advance the
// mailbox bookmark atomically.
type Receiver interface {
	Receive(ctx context.Context, mb intake.MailboxState, msgs []intake.RawMessage) (inserted, duplicates int, err error)
}

// Sink receives what the watcher fetches (Receiver) and keeps the
// mailbox's state: its bookmark, its last sync or error.
type Sink interface {
	Receiver
	Mailbox(ctx context.Context, account, name string) (intake.MailboxState, error)
	ResetUIDValidity(ctx context.Context, mailboxID int64, old, new uint32) error
	MarkSynced(ctx context.Context, mailboxID int64, at time.Time) error
	MarkError(ctx context.Context, mailboxID int64, msg string) error
}

// Lease is a held mailbox lock; Lost is closed when it can no longer be
// trusted (its database session died).
type Lease interface {
	Lost() <-chan struct{}
	Release(ctx context.Context)
}

// Locker takes the per-mailbox lock that lets only one process watch a
// mailbox at a time. TryLock returns a nil Lease when another holds it.
type Locker interface {
	TryLock(ctx context.Context, key string) (Lease, error)
}

// Watcher keeps one mailbox drained into a Sink.
type Watcher struct {
	cfg     Config
	sink    Sink
	locker  Locker
	log     *slog.Logger
	metrics *Metrics
}

// New returns a Watcher; metrics may be nil.
func New(cfg Config, sink Sink, locker Locker, log *slog.Logger, metrics *Metrics) *Watcher {
	if cfg.MaxBatchBytes == 0 {
		cfg.MaxBatchBytes = 16 << 20
	}
	if cfg.LockRetry == 0 {
		cfg.LockRetry = 5 * time.Second
	}
	if cfg.BatchSize == 0 {
		cfg.BatchSize = 250
	}
	if metrics == nil {
		metrics = NewMetrics(nil)
	}
	return &Watcher{cfg: cfg, sink: sink, locker: locker, log: log.With("mailbox", cfg.Mailbox, "account", cfg.Account), metrics: metrics}
}

// Run watches the mailbox until ctx is cancelled: it takes the mailbox lock,
// connects, drains, then waits with IDLE (or polls), reconnecting with
// exponential backoff after any failure. It returns nil on cancellation.
func (w *Watcher) Run(ctx context.Context) error {
	backoff := w.cfg.BackoffMin
	for ctx.Err() == nil {
		lease, err := w.acquire(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			w.log.Error("mailbox lock", "err", err)
			sleep(ctx, jitter(backoff))
			backoff = min(backoff*2, w.cfg.BackoffMax)
			continue
		}
		started := time.Now()
		err = w.session(ctx, lease)
		lease.Release(context.WithoutCancel(ctx))
		if ctx.Err() != nil {
			return nil
		}
		if time.Since(started) > 2*w.cfg.BackoffMax || time.Since(started) > time.Minute {
			backoff = w.cfg.BackoffMin // it ran healthily for a while
		}
		w.metrics.Reconnects.Inc()
		if errors.Is(err, ErrConsentRevoked) {
			// RFC 6749 §5.2 invalid_grant: retrying soon cannot help; say
			// so plainly and keep trying slowly in case consent returns.
			w.metrics.ConsentRevoked.WithLabelValues(w.cfg.Account).Set(1)
			w.log.Error(ConsentRevokedVi, "err", err)
			backoff = w.cfg.BackoffMax
		} else {
			w.log.Warn("imap session ended; reconnecting", "err", err, "backoff", backoff)
		}
		sleep(ctx, jitter(backoff))
		backoff = min(backoff*2, w.cfg.BackoffMax)
	}
	return nil
}

func (w *Watcher) acquire(ctx context.Context) (Lease, error) {
	key := "mailbox:" + w.cfg.Account + "/" + w.cfg.Mailbox
	waiting := false
	for {
		lease, err := w.locker.TryLock(ctx, key)
		if err != nil {
			return nil, err
		}
		if lease != nil {
			if waiting {
				w.log.Info("mailbox lock taken over")
			}
			return lease, nil
		}
		if !waiting {
			w.log.Info("another process watches this mailbox; standing by")
			waiting = true
		}
		if !sleep(ctx, w.cfg.LockRetry) {
			return nil, ctx.Err()
		}
	}
}

// session runs one connection until it fails, the lock is lost or ctx ends.
func (w *Watcher) session(ctx context.Context, lease Lease) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go func() {
		select {
		case <-lease.Lost():
			cancel(errors.New("mailbox lock lost"))
		case <-ctx.Done():
		}
	}()

	exists := make(chan struct{}, 1)
	c, err := w.dial(ctx, exists)
	if err != nil {
		return err
	}
	defer c.Close()
	w.metrics.ConsentRevoked.WithLabelValues(w.cfg.Account).Set(0)
	// Closing the client unblocks whatever command is waiting.
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()

	mb, err := w.sink.Mailbox(ctx, w.cfg.Account, w.cfg.Mailbox)
	if err != nil {
		return fmt.Errorf("load mailbox state: %w", err)
	}
	sel, err := guarded(w, c, "SELECT", func() (*goimap.SelectData, error) { return c.Select(w.cfg.Mailbox, nil).Wait() })
	if err != nil {
		return fmt.Errorf("select %s: %w", w.cfg.Mailbox, err)
	}
	if sel.UIDValidity != mb.UIDValidity {
		if mb.UIDValidity != 0 {
			w.log.Warn("UIDVALIDITY changed: resyncing the whole mailbox, deduplicating by Message-ID and content hash",
				"old", mb.UIDValidity, "new", sel.UIDValidity)
			w.metrics.UIDValidityChanges.Inc()
		}
		if err := w.sink.ResetUIDValidity(ctx, mb.ID, mb.UIDValidity, sel.UIDValidity); err != nil {
			return err
		}
		mb.UIDValidity, mb.LastUID = sel.UIDValidity, 0
	}
	if err := w.catchUpAfterCommit(c, mb); err != nil {
		return err
	}

	canIdle := c.Caps().Has(goimap.CapIdle)
	w.log.Info("watching mailbox", "uidvalidity", mb.UIDValidity, "last_uid", mb.LastUID, "messages", sel.NumMessages, "idle", canIdle)
	for {
		if err := w.sync(ctx, c, &mb); err != nil {
			w.sink.MarkError(context.WithoutCancel(ctx), mb.ID, err.Error())
			return err
		}
		if err := w.sink.MarkSynced(ctx, mb.ID, time.Now()); err != nil {
			return fmt.Errorf("mark synced: %w", err)
		}
		w.metrics.LastSync.SetToCurrentTime()
		if canIdle {
			if err := w.idle(ctx, c, exists); err != nil {
				return err
			}
		} else if !sleep(ctx, w.cfg.PollInterval) {
			return context.Cause(ctx)
		}
		// NOOP between IDLE cycles and polls: a cheap liveness check that also
		// flushes pending untagged updates (RFC 3501 §6.1.2).
		if _, err := guarded(w, c, "NOOP", func() (struct{}, error) { return struct{}{}, c.Noop().Wait() }); err != nil {
			return fmt.Errorf("noop: %w", err)
		}
	}
}

// dial connects, reads the greeting and authenticates, under the watchdog.
func (w *Watcher) dial(ctx context.Context, exists chan<- struct{}) (*imapclient.Client, error) {
	d := &net.Dialer{Timeout: w.cfg.DialTimeout, KeepAlive: w.cfg.Keepalive}
	conn, err := d.DialContext(ctx, "tcp", w.cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("connect %s: %w", w.cfg.Addr, err)
	}
	tlsCfg := w.cfg.TLSConfig
	if tlsCfg == nil {
		host, _, _ := net.SplitHostPort(w.cfg.Addr)
		tlsCfg = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	if w.cfg.Security == "tls" {
		conn = tls.Client(conn, tlsCfg)
	}
	opts := &imapclient.Options{
		TLSConfig: tlsCfg,
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			// Runs on the reader goroutine: never block here.
			Mailbox: func(data *imapclient.UnilateralDataMailbox) {
				if data.NumMessages != nil {
					select {
					case exists <- struct{}{}:
					default:
					}
				}
			},
		},
	}
	var c *imapclient.Client
	if w.cfg.Security == "starttls" {
		c, err = guardedConn(w, conn, "STARTTLS", func() (*imapclient.Client, error) { return imapclient.NewStartTLS(conn, opts) })
		if err != nil {
			conn.Close()
			return nil, fmt.Errorf("starttls %s: %w", w.cfg.Addr, err)
		}
	} else {
		c = imapclient.New(conn, opts)
		if _, err := guarded(w, c, "greeting", func() (struct{}, error) { return struct{}{}, c.WaitGreeting() }); err != nil {
			c.Close()
			return nil, fmt.Errorf("greeting from %s: %w", w.cfg.Addr, err)
		}
	}
	if _, err := guarded(w, c, "AUTHENTICATE", func() (struct{}, error) { return struct{}{}, w.cfg.Auth.Authenticate(ctx, c) }); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// idle waits in IDLE (RFC 2177) until new mail, IdleRestart or ctx.
func (w *Watcher) idle(ctx context.Context, c *imapclient.Client, exists <-chan struct{}) error {
	cmd, err := c.Idle()
	if err != nil {
		return fmt.Errorf("idle: %w", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t := time.NewTimer(w.cfg.IdleRestart)
	defer t.Stop()
	select {
	case <-exists:
	case <-t.C:
	case err := <-done:
		return fmt.Errorf("idle ended by server: %w", err)
	case <-ctx.Done():
		return context.Cause(ctx)
	}
	// IDLE blocks other commands: end it (DONE) and wait for its tagged OK.
	if _, err := guarded(w, c, "IDLE DONE", func() (struct{}, error) {
		if err := cmd.Close(); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, <-done
	}); err != nil {
		return fmt.Errorf("end idle: %w", err)
	}
	return nil
}

// sync fetches every message above the bookmark, in batches bounded in
// count and bytes, committing each batch before fetching the next, until
// none is left.
func (w *Watcher) sync(ctx context.Context, c *imapclient.Client, mb *intake.MailboxState) error {
	start := time.Now()
	defer func() { w.metrics.SyncSeconds.Observe(time.Since(start).Seconds()) }()
	var committed []goimap.UID
	for {
		pending, err := w.newMessages(c, mb.LastUID)
		if err != nil {
			return err
		}
		if len(pending) == 0 {
			break
		}
		batches, stop := w.fetchAhead(c, w.plan(pending))
		for f := range batches {
			if f.err != nil {
				stop()
				return f.err
			}
			batch := f.msgs
			if len(batch) == 0 {
				continue // expunged meanwhile
			}
			inserted, dups, err := w.sink.Receive(ctx, *mb, batch)
			if err != nil {
				stop()
				return fmt.Errorf("commit %d messages: %w", len(batch), err)
			}
			for _, m := range batch {
				mb.LastUID = max(mb.LastUID, m.UID)
				committed = append(committed, goimap.UID(m.UID))
			}
			w.metrics.Fetched.Add(float64(len(batch)))
			w.metrics.Stored.Add(float64(inserted))
			w.metrics.Duplicates.Add(float64(dups))
			if dups > 0 {
				w.log.Info("messages already stored were skipped", "count", dups)
			}
		}
	}
	return w.afterCommit(c, committed)
}

// fetchedBatch is one fetch batch, or the error that ended fetching.
type fetchedBatch struct {
	msgs []intake.RawMessage
	err  error
}

// fetchAhead fetches the batches of chunks in order on its own goroutine,
// one batch ahead of the caller: the next batch streams from the server
// while the caller commits the current one to the database, and at most
// two batches are in memory. The channel closes after the last batch or
// after the first error. stop ends fetching early and returns once the
// goroutine no longer uses c; the caller must call it before using c again
// unless it read the channel to its end.
func (w *Watcher) fetchAhead(c *imapclient.Client, chunks [][]goimap.UID) (<-chan fetchedBatch, func()) {
	out := make(chan fetchedBatch)
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(out)
		for _, chunk := range chunks {
			msgs, err := w.fetch(c, chunk)
			select {
			case out <- fetchedBatch{msgs, err}:
			case <-quit:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	var once sync.Once
	return out, func() {
		once.Do(func() { close(quit) })
		<-done
	}
}

// pendingMessage is a UID above the bookmark with its RFC822.SIZE.
type pendingMessage struct {
	uid  goimap.UID
	size int64
}

// newMessages lists UIDs above last with their sizes, in one cheap
// "UID FETCH last+1:* (UID RFC822.SIZE)". That range always matches the
// highest message even when its UID is ≤ last (RFC 3501 §6.4.8): filter.
func (w *Watcher) newMessages(c *imapclient.Client, last uint32) ([]pendingMessage, error) {
	var set goimap.UIDSet
	set.AddRange(goimap.UID(last+1), 0) // 0 is "*"
	cmd := c.Fetch(set, &goimap.FetchOptions{UID: true, RFC822Size: true})
	wd := w.watchdog(c, "UID FETCH RFC822.SIZE")
	defer wd.stop()
	var out []pendingMessage
	for {
		msg := cmd.Next()
		if msg == nil {
			break
		}
		wd.progress()
		buf, err := msg.Collect()
		if err != nil {
			cmd.Close()
			return nil, fmt.Errorf("list new messages: %w", err)
		}
		if uint32(buf.UID) > last {
			out = append(out, pendingMessage{buf.UID, buf.RFC822Size})
		}
	}
	if err := cmd.Close(); err != nil {
		return nil, fmt.Errorf("list messages above uid %d: %w", last, err)
	}
	slices.SortFunc(out, func(a, b pendingMessage) int { return cmp.Compare(a.uid, b.uid) })
	return out, nil
}

// plan cuts pending messages into fetch batches of at most BatchSize
// messages and MaxBatchBytes bytes (oversize ones count as their header).
func (w *Watcher) plan(pending []pendingMessage) [][]goimap.UID {
	var out [][]goimap.UID
	var cur []goimap.UID
	var bytes int64
	for _, p := range pending {
		size := p.size
		if size > w.cfg.MaxMessageBytes {
			size = 256 << 10
		}
		if len(cur) > 0 && (len(cur) >= w.cfg.BatchSize || bytes+size > w.cfg.MaxBatchBytes) {
			out = append(out, cur)
			cur, bytes = nil, 0
		}
		cur = append(cur, p.uid)
		bytes += size
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// fetch streams UID, INTERNALDATE, RFC822.SIZE and BODY.PEEK[] of uids
// (RFC 3501 §6.4.5; PEEK leaves \Seen alone). A message over the size limit
// keeps only its header section. The watchdog is reset by every message.
func (w *Watcher) fetch(c *imapclient.Client, uids []goimap.UID) ([]intake.RawMessage, error) {
	set := goimap.UIDSetNum(uids...)
	section := &goimap.FetchItemBodySection{Peek: true}
	cmd := c.Fetch(set, &goimap.FetchOptions{UID: true, InternalDate: true, RFC822Size: true, BodySection: []*goimap.FetchItemBodySection{section}})
	wd := w.watchdog(c, "UID FETCH")
	defer wd.stop()
	var out []intake.RawMessage
	for {
		msg := cmd.Next()
		if msg == nil {
			break
		}
		wd.progress()
		m, err := w.readMessage(msg, wd)
		if err != nil {
			cmd.Close()
			return nil, err
		}
		if m.UID == 0 {
			continue // the server sent FETCH data we did not ask for
		}
		out = append(out, m)
	}
	if err := cmd.Close(); err != nil {
		return nil, fmt.Errorf("uid fetch: %w", err)
	}
	return out, nil
}

func (w *Watcher) readMessage(msg *imapclient.FetchMessageData, wd *watchdog) (intake.RawMessage, error) {
	var m intake.RawMessage
	haveBody := false
	for {
		item := msg.Next()
		if item == nil {
			break
		}
		switch it := item.(type) {
		case imapclient.FetchItemDataUID:
			m.UID = uint32(it.UID)
		case imapclient.FetchItemDataInternalDate:
			m.ReceivedAt = it.Time
		case imapclient.FetchItemDataRFC822Size:
			m.Size = it.Size
		case imapclient.FetchItemDataBodySection:
			if it.Literal == nil {
				continue
			}
			haveBody = true
			size := it.Literal.Size()
			if size > w.cfg.MaxMessageBytes {
				// Kept with its headers and flagged, never dropped; the rest
				// of the literal is discarded as it streams.
				buf, err := io.ReadAll(io.LimitReader(progressReader{it.Literal, wd}, 256<<10))
				if err != nil {
					return m, fmt.Errorf("read header of oversize message: %w", err)
				}
				m.Raw = intake.HeaderSection(buf, len(buf))
				m.HeaderOnly = true
				continue
			}
			buf := make([]byte, size)
			if _, err := io.ReadFull(progressReader{it.Literal, wd}, buf); err != nil {
				return m, fmt.Errorf("read message body: %w", err)
			}
			m.Raw = buf
		}
	}
	if m.UID != 0 && !haveBody {
		return m, fmt.Errorf("server sent no BODY[] for uid %d", m.UID)
	}
	if m.Size == 0 {
		m.Size = int64(len(m.Raw))
	}
	if m.ReceivedAt.IsZero() {
		return m, fmt.Errorf("server sent no INTERNALDATE for uid %d", m.UID)
	}
	m.SHA256 = intake.HashRaw(m.Raw)
	m.MessageID = intake.HeaderMessageID(intake.HeaderSection(m.Raw, 256<<10))
	return m, nil
}
