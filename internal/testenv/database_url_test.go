package testenv

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestHelperDatabaseURL is not a test: TestPostgresHonoursDatabaseURL runs
// the test binary with TESTENV_HELPER=1 and a DATABASE_URL, and this
// prints where Postgres(t) put the database.
func TestHelperDatabaseURL(t *testing.T) {
	helperOnly(t, "1")
	dsn := Postgres(t)
	conn := connectDB(t, dsn)
	var db string
	if err := conn.QueryRow(context.Background(), "SELECT current_database()").Scan(&db); err != nil {
		t.Fatal(err)
	}
	shared.mu.Lock()
	private := shared.cluster != nil
	shared.mu.Unlock()
	fmt.Printf("RESULT private=%v db=%s dsn=%s\n", private, db, dsn)
}

func runHelper(t *testing.T, databaseURL string) string {
	t.Helper()
	out := runHelperTest(t, "TestHelperDatabaseURL", "1", "DATABASE_URL="+databaseURL)
	for _, line := range strings.Split(string(out), "\n") {
		if r, ok := strings.CutPrefix(line, "RESULT "); ok {
			return r
		}
	}
	t.Fatalf("helper printed no result:\n%s", out)
	return ""
}

func TestPostgresHonoursDatabaseURL(t *testing.T) {
	server := PrivatePostgres(t)
	u, err := url.Parse(server.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	port := u.Port()

	// URL form: the database is created on that server.
	r := runHelper(t, server.DSN("postgres"))
	if !strings.Contains(r, "private=false") || !strings.Contains(r, ":"+port+"/t_testhelperdatabaseurl_") {
		t.Fatalf("with a URL DATABASE_URL: %s", r)
	}
	// key=value form.
	r = runHelper(t, fmt.Sprintf("host=127.0.0.1 port=%s user=postgres dbname=postgres sslmode=disable", port))
	if !strings.Contains(r, "private=false") || !strings.Contains(r, "port="+port) || !strings.Contains(r, "db=t_testhelperdatabaseurl_") {
		t.Fatalf("with a key=value DATABASE_URL: %s", r)
	}
	// The helper's databases were dropped at its cleanup.
	conn := connectDB(t, server.DSN("postgres"))
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM pg_database WHERE left(datname, 2) = 't_'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d test databases left on the DATABASE_URL server (%v)", n, err)
	}

	// Unreachable DATABASE_URL: a private cluster instead.
	closed := FreePort(t)
	r = runHelper(t, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable&connect_timeout=2", closed))
	if !strings.Contains(r, "private=true") {
		t.Fatalf("with an unreachable DATABASE_URL: %s", r)
	}
}

func TestExternalDSN(t *testing.T) {
	e := &external{raw: "postgres://u:p%40ss@h:5432/app?sslmode=disable"}
	e.url, _ = url.Parse(e.raw)
	if got, want := e.dsn("t_x_1"), "postgres://u:p%40ss@h:5432/t_x_1?sslmode=disable"; got != want {
		t.Errorf("dsn = %q, want %q", got, want)
	}
	kv := &external{raw: "host=h dbname=app"}
	if got, want := kv.dsn("t_x_1"), "host=h dbname=app dbname=t_x_1"; got != want {
		t.Errorf("dsn = %q, want %q", got, want)
	}
	cfg, err := pgx.ParseConfig(kv.dsn("t_x_1"))
	if err != nil || cfg.Database != "t_x_1" {
		t.Fatalf("pgx reads database %q from %q (%v): the later dbname must win", cfg.Database, kv.dsn("t_x_1"), err)
	}
}

// helperOnly skips a test that is not a test but the child process of
// another one, unless that one runs it with TESTENV_HELPER=mode.
func helperOnly(t *testing.T, mode string) {
	if os.Getenv("TESTENV_HELPER") != mode {
		t.Skip("helper process only")
	}
}

// runHelperTest runs the test named test of this test binary in a child
// process with TESTENV_HELPER=mode and env, verbose, and returns what it
// printed; the test fails if the child does.
func runHelperTest(t *testing.T, test, mode string, env ...string) []byte {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.v")
	cmd.Env = append(append(os.Environ(), "TESTENV_HELPER="+mode), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	return out
}
