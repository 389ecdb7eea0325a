package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func TestUnavailable(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"admin shutdown", &pgconn.PgError{Code: "57P01"}, true},
		{"connection failure", fmt.Errorf("commit: %w", &pgconn.PgError{Code: "08006"}), true},
		{"read-only standby", &pgconn.PgError{Code: "25006"}, true},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"syntax", &pgconn.PgError{Code: "42601"}, false},
		{"conn closed", fmt.Errorf("x: %w", pgconn.ErrConnClosed), true},
		{"eof mid-read", fmt.Errorf("receive: %w", io.ErrUnexpectedEOF), true},
		{"no rows", pgx.ErrNoRows, false},
		{"plain", errors.New("boom"), false},
		{"cancelled", context.Canceled, false},
	} {
		if got := Unavailable(tt.err); got != tt.want {
			t.Errorf("%s: Unavailable(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
	// A real refused connection.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := pgx.Connect(ctx, "postgres://x@127.0.0.1:1/db?sslmode=disable&connect_timeout=2")
	if err == nil || !Unavailable(err) {
		t.Errorf("refused connection: Unavailable(%v) = false", err)
	}
}
