package testenv

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Execer runs a statement (a *pgxpool.Pool or a *pgx.Conn).
type Execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

var roleSeq atomic.Int64

// RoleName returns a database role name unique in the cluster (roles are
// not per database) for a test of separate roles (issue 12, finding 8),
// and drops the role, with what it owns and its grants in owner's
// database, when the test ends; a role never created is no error.
func RoleName(t testing.TB, owner Execer, kind string) string {
	t.Helper()
	name := fmt.Sprintf("tn_%s_%d_%d_%d", kind, os.Getpid(), time.Now().UnixNano()%1e9, roleSeq.Add(1))
	t.Cleanup(func() {
		ctx := context.Background()
		id := pgx.Identifier{name}.Sanitize()
		owner.Exec(ctx, fmt.Sprintf(`DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '%s') THEN EXECUTE 'DROP OWNED BY %s'; END IF; END $$`,
			name, strings.ReplaceAll(id, "'", "''")))
		if _, err := owner.Exec(ctx, `DROP ROLE IF EXISTS `+id); err != nil {
			t.Errorf("drop role %s: %v", name, err)
		}
	})
	return name
}

// DSNAs is dsn logging in as role (trust authentication in tests), for a
// URL or a keyword/value connection string.
func DSNAs(t testing.TB, dsn, role string) string {
	t.Helper()
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return dsn + " user=" + role
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	return u.String()
}
