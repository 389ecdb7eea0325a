package testenv

import (
	"context"
	"testing"
)

// BenchmarkPostgresDatabase measures what Postgres(t) costs each test once
// the shared cluster runs: CREATE DATABASE and DROP DATABASE … WITH (FORCE).
func BenchmarkPostgresDatabase(b *testing.B) {
	srv, err := sharedServer(b)
	Require(b, "PostgreSQL server", err)
	ctx := context.Background()
	for b.Loop() {
		name := DatabaseName(b.Name())
		if err := srv.create(ctx, name); err != nil {
			b.Fatal(err)
		}
		if err := srv.drop(ctx, name); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDovecotRestart measures stopping and starting a Dovecot with an
// LMTP listener (Restart; Dovecot(t) costs one start).
func BenchmarkDovecotRestart(b *testing.B) {
	d := Dovecot(b, Options{LMTP: true})
	for b.Loop() {
		d.Restart(b)
	}
}
