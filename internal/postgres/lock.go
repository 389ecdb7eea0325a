package postgres

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/periodic"
)

// Lock is a PostgreSQL session advisory lock held on a connection of its own.
// If that connection dies the server releases the lock, so Lost is closed as
// soon as a health check fails: the holder must stop the guarded work.
type Lock struct {
	conn   *pgx.Conn
	key    string
	lost   chan struct{}
	once   sync.Once
	cancel context.CancelFunc
	done   chan struct{}
}

// TryLock tries once to take the lock named key (hashed with hashtext) on a
// new connection to url. It returns (nil, nil) when another session holds it.
// Only one `serve` process may watch a given mailbox at a time.
func TryLock(ctx context.Context, url, key string, check time.Duration) (*Lock, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("lock %s: connect: %w", key, err)
	}
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(hashtext('tiepnhan:' || $1))`, key).Scan(&ok); err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("lock %s: %w", key, err)
	}
	if !ok {
		conn.Close(ctx)
		return nil, nil
	}
	hctx, cancel := context.WithCancel(context.Background())
	l := &Lock{conn: conn, key: key, lost: make(chan struct{}), cancel: cancel, done: make(chan struct{})}
	go l.watch(hctx, check)
	return l, nil
}

func (l *Lock) watch(ctx context.Context, every time.Duration) {
	defer close(l.done)
	periodic.Every(ctx, every, func() bool {
		pctx, cancel := context.WithTimeout(ctx, every)
		err := l.conn.Ping(pctx)
		cancel()
		if err != nil && ctx.Err() == nil {
			l.once.Do(func() { close(l.lost) })
			return false
		}
		return true
	})
}

// Lost is closed when the lock can no longer be trusted to be held.
func (l *Lock) Lost() <-chan struct{} { return l.lost }

// Release gives the lock up and closes its connection.
func (l *Lock) Release(ctx context.Context) {
	l.cancel()
	<-l.done
	l.conn.Exec(ctx, `SELECT pg_advisory_unlock(hashtext('tiepnhan:' || $1))`, l.key)
	l.conn.Close(ctx)
	l.once.Do(func() { close(l.lost) })
}
