package workers

import (
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// SetParser replaces derive.Envelope in parse_message (tests only).
func SetParser(d *pipeline.Service, f func(raw []byte, opts derive.Options) derive.Result) {
	d.Parse = f
}
