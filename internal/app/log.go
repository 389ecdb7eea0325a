package app

import (
	"io"
	"log/slog"

	"github.com/moj-portal/tiepnhan/config"
)

// NewLogger returns the service's logger: JSON or text per config, and
// wrapped so that personal data (citizen ID, tax code, phone) found in any
// log string is masked before it is written (Điều 4 khoản 4).
func NewLogger(c config.Log, w io.Writer) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	if c.Format == "text" {
		h = slog.NewTextHandler(w, opts)
	} else {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(redact(h))
}
