package testenv

import (
	"testing"

	"github.com/moj-portal/tiepnhan/internal/pgcluster"
)

// Loopback is the only address test servers listen on.
const Loopback = "127.0.0.1"

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	p, err := pgcluster.FreePort(Loopback)
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	return p
}
