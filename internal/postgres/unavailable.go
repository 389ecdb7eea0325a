package postgres

import (
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Unavailable reports whether err says that the database could not be
// reached or went away mid-statement (a restart, a switch to the standby),
// rather than that the statement itself failed: the same work succeeds once
// the pool reaches the (new) primary.
//
// SQLSTATE classes per PostgreSQL manual Appendix A: 08 connection
// exception, 57P01–57P03 operator intervention (admin_shutdown,
// crash_shutdown, cannot_connect_now), 25006 read_only_sql_transaction (a
// session still on a server that became, or stayed, a standby).
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		c := pgErr.Code
		return strings.HasPrefix(c, "08") || c == "57P01" || c == "57P02" || c == "57P03" || c == "25006"
	}
	var connErr *pgconn.ConnectError
	var netErr *net.OpError
	return errors.As(err, &connErr) || errors.As(err, &netErr) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		pgconn.SafeToRetry(err)
}
