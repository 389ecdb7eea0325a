package pii

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
)

// redactingHandler wraps a slog.Handler and redacts what it is given.
type redactingHandler struct{ next slog.Handler }

// NewRedactingHandler returns a slog.Handler that passes every record to h
// after running Redact over the message and every attribute: strings,
// errors, fmt.Stringer and other values (rendered with %+v), members of
// groups and attributes added with WithAttrs. Integers of nine or more
// digits (a citizen ID or phone stored as a number) are redacted too.
// AGENTS.md: the service's handler redacts any such pattern in a log line.
func NewRedactingHandler(h slog.Handler) slog.Handler {
	return redactingHandler{next: h}
}

// Enabled reports whether the wrapped handler handles the level.
func (r redactingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return r.next.Enabled(ctx, l)
}

// Handle redacts the record and hands it to the wrapped handler.
func (r redactingHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, Redact(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return r.next.Handle(ctx, out)
}

// WithAttrs redacts attrs and returns a handler that adds them.
func (r redactingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		red[i] = redactAttr(a)
	}
	return redactingHandler{next: r.next.WithAttrs(red)}
}

// WithGroup returns a handler that opens a group.
func (r redactingHandler) WithGroup(name string) slog.Handler {
	return redactingHandler{next: r.next.WithGroup(name)}
}

// bigInt is the smallest integer with nine digits.
const bigInt = 100_000_000

// redactAttr redacts one attribute, resolving LogValuers first.
func redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, Redact(v.String()))
	case slog.KindGroup:
		members := v.Group()
		red := make([]slog.Attr, len(members))
		for i, m := range members {
			red[i] = redactAttr(m)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(red...)}
	case slog.KindInt64:
		if n := v.Int64(); n >= bigInt || n <= -bigInt {
			return slog.String(a.Key, Redact(strconv.FormatInt(n, 10)))
		}
	case slog.KindUint64:
		if n := v.Uint64(); n >= bigInt {
			return slog.String(a.Key, Redact(strconv.FormatUint(n, 10)))
		}
	case slog.KindAny:
		switch x := v.Any().(type) {
		case nil:
		case error:
			return slog.String(a.Key, Redact(x.Error()))
		case fmt.Stringer:
			return slog.String(a.Key, Redact(x.String()))
		case []byte:
			return slog.String(a.Key, Redact(string(x)))
		default:
			return slog.String(a.Key, Redact(fmt.Sprintf("%+v", x)))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
