package app

import (
	"log/slog"

	"github.com/moj-portal/tiepnhan/internal/pii"
)

// redact wraps h so that personal data never reaches the logs (Điều 4
// khoản 4): citizen IDs, tax codes and phone numbers in any log string are
// masked.
func redact(h slog.Handler) slog.Handler { return pii.NewRedactingHandler(h) }
