package testenv

import (
	"os"
	"testing"
)

// InCI reports whether the tests run in continuous integration (CI=true),
// where a missing server is a failure, not a reason to skip.
func InCI() bool { return os.Getenv("CI") == "true" }

// Require stops the test when err is not nil: t.Skip locally, t.Fatal under
// CI. what names the missing thing ("dovecot", "PostgreSQL server").
func Require(t testing.TB, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if InCI() {
		t.Fatalf("%s is required under CI=true: %v", what, err)
		return
	}
	t.Skipf("%s unavailable, skipping (set CI=true to fail instead): %v", what, err)
}
