package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/moj-portal/tiepnhan/internal/pgcluster"
)

// pgServer creates and drops databases on some PostgreSQL server.
type pgServer interface {
	dsn(db string) string
	create(ctx context.Context, db string) error
	drop(ctx context.Context, db string) error
}

var shared struct {
	mu      sync.Mutex
	server  pgServer
	err     error // why no server could be had; cached so later tests skip fast
	cluster *pgcluster.Cluster
	dir     *workDir
}

// Main runs the tests of a package, then stops the shared PostgreSQL cluster
// (if one was started) and removes its directory. Use it as TestMain:
//
//	func TestMain(m *testing.M) { testenv.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	if err := stopShared(); err != nil {
		fmt.Fprintf(os.Stderr, "testenv: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

func stopShared() error {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	err := dropTemplate(shared.server)
	if shared.cluster != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if serr := shared.cluster.Stop(ctx); err == nil {
			err = serr
		}
		cancel()
		shared.cluster = nil
	}
	if shared.dir != nil {
		if rerr := shared.dir.remove(); err == nil {
			err = rerr
		}
		shared.dir = nil
	}
	shared.server = nil
	return err
}

// Postgres returns the DSN of a fresh, uniquely named database for this
// test, dropped (with its sessions) at cleanup. The server is DATABASE_URL
// when set and reachable, else a private cluster shared by the test binary.
// Without a server the test is skipped, or fails under CI=true.
func Postgres(t testing.TB) string {
	t.Helper()
	srv, err := sharedServer(t)
	Require(t, "PostgreSQL server", err)
	name := DatabaseName(t.Name())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := srv.create(ctx, name); err != nil {
		t.Fatalf("testenv: %v", err)
	}
	return ownDatabase(t, srv, name)
}

// ownDatabase gives database name of srv to the test: dropped (with its
// sessions) at cleanup; it returns its DSN.
func ownDatabase(t testing.TB, srv pgServer, name string) string {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := srv.drop(ctx, name); err != nil {
			t.Errorf("testenv: %v", err)
		}
	})
	return srv.dsn(name)
}

// DatabaseName derives a unique database name from a test name: "t_", the
// test name lower-cased with every other character than [a-z0-9] turned into
// "_" (at most 40 bytes), "_" and 8 random hex digits. The result is a valid
// unquoted identifier of at most 51 bytes.
func DatabaseName(testName string) string {
	var b strings.Builder
	b.WriteString("t_")
	for _, r := range strings.ToLower(testName) {
		if b.Len() >= 42 {
			break
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	var rnd [4]byte
	_, _ = rand.Read(rnd[:])
	b.WriteByte('_')
	b.WriteString(hex.EncodeToString(rnd[:]))
	return b.String()
}

// sharedServer returns the server for Postgres, starting the shared cluster
// on first use.
func sharedServer(t testing.TB) (pgServer, error) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.server != nil || shared.err != nil {
		return shared.server, shared.err
	}
	if u := os.Getenv("DATABASE_URL"); u != "" {
		ext, err := newExternal(u)
		if err == nil {
			shared.server = ext
			return ext, nil
		}
		t.Logf("testenv: DATABASE_URL is set but unusable, starting a private cluster instead: %v", err)
	}
	if _, err := pgcluster.FindBinaries(context.Background(), ""); err != nil {
		shared.err = err
		return nil, err
	}
	dir, err := newWorkDir("pg")
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir.path, NoFsync: true})
	if err != nil {
		dir.remove()
		// An installed server that does not start is a failure, not a skip.
		t.Fatalf("testenv: start the shared PostgreSQL cluster: %v", err)
	}
	shared.cluster, shared.dir = c, dir
	shared.server = clusterServer{c}
	return shared.server, nil
}

// PrivatePostgres starts a cluster of the test's own (fsync off, yet no
// committed transaction is lost when it is killed), for tests that stop,
// restart or kill PostgreSQL. It is stopped and removed at cleanup; its log
// is printed when the test fails.
func PrivatePostgres(t testing.TB) *pgcluster.Cluster {
	t.Helper()
	return PrivatePostgresWith(t, nil)
}

// PrivatePostgresWith is PrivatePostgres with extra server settings
// (pgcluster.Options.Settings), e.g. the statistics a benchmark reports.
func PrivatePostgresWith(t testing.TB, settings map[string]string) *pgcluster.Cluster {
	t.Helper()
	_, err := pgcluster.FindBinaries(context.Background(), "")
	Require(t, "PostgreSQL server binaries", err)
	dir, err := newWorkDir("pg")
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	t.Cleanup(func() {
		if err := dir.remove(); err != nil {
			t.Errorf("testenv: remove %s: %v", dir.path, err)
		}
	})
	logs := NewLogBuffer()
	logOnFailure(t, "postgres", logs)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir.path, NoFsync: true, Log: logs, Settings: settings})
	if err != nil {
		t.Fatalf("testenv: start private PostgreSQL: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := c.Stop(ctx); err != nil {
			t.Errorf("testenv: %v", err)
		}
	})
	return c
}

// clusterServer is the shared private cluster.
type clusterServer struct{ c *pgcluster.Cluster }

func (s clusterServer) dsn(db string) string { return s.c.DSN(db) }
func (s clusterServer) create(ctx context.Context, db string) error {
	return s.c.CreateDatabase(ctx, db)
}
func (s clusterServer) drop(ctx context.Context, db string) error { return s.c.DropDatabase(ctx, db) }

// external is the server named by DATABASE_URL.
type external struct {
	raw string
	url *url.URL // nil for a key=value connection string
}

func newExternal(raw string) (*external, error) {
	e := &external{raw: raw}
	if strings.HasPrefix(raw, "postgres://") || strings.HasPrefix(raw, "postgresql://") {
		u, err := url.Parse(raw)
		if err != nil {
			return nil, fmt.Errorf("parse DATABASE_URL: %w", err)
		}
		e.url = u
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, raw)
	if err != nil {
		return nil, fmt.Errorf("connect to DATABASE_URL: %w", err)
	}
	defer conn.Close(context.Background())
	var canCreate bool
	if err := conn.QueryRow(ctx, "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user").Scan(&canCreate); err != nil {
		return nil, fmt.Errorf("DATABASE_URL: check role: %w", err)
	}
	if !canCreate {
		return nil, errors.New("DATABASE_URL: the role may not create databases (needs CREATEDB)")
	}
	return e, nil
}

// dsn returns DATABASE_URL pointing at database db.
func (e *external) dsn(db string) string {
	if e.url != nil {
		u := *e.url
		u.Path = "/" + db
		u.RawPath = ""
		return u.String()
	}
	// In a key=value string a later keyword overrides an earlier one.
	return e.raw + " dbname=" + db
}

func (e *external) create(ctx context.Context, db string) error {
	return e.exec(ctx, "create database "+db, "CREATE DATABASE "+pgx.Identifier{db}.Sanitize())
}

func (e *external) drop(ctx context.Context, db string) error {
	return e.exec(ctx, "drop database "+db, "DROP DATABASE IF EXISTS "+pgx.Identifier{db}.Sanitize()+" WITH (FORCE)")
}

func (e *external) exec(ctx context.Context, what, sql string) error {
	conn, err := pgx.Connect(ctx, e.raw)
	if err != nil {
		return fmt.Errorf("%s: connect to DATABASE_URL: %w", what, err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
