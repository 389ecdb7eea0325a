package workers

import "github.com/moj-portal/tiepnhan/internal/derive"

// SetParser replaces derive.Envelope in parse_message (tests only).
func SetParser(d *Deps, f func(raw []byte, opts derive.Options) derive.Result) { d.parse = f }
