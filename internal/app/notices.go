package app

import (
	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/notice"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
)

// newNotices builds the notices to senders from cfg ([notices]): the
// templates (administrators' files over the shipped ones, checked now so
// that a mistake stops the start with the file and line) and the kinds
// turned on.
func newNotices(cfg config.Config) (*pipeline.NoticeDeps, error) {
	n := cfg.Notices
	ts, err := notice.Load(n.TemplateDir)
	if err != nil {
		return nil, err
	}
	return &pipeline.NoticeDeps{Templates: ts, On: map[notice.Kind]bool{
		notice.Ack: n.Acknowledge, notice.Published: n.Published, notice.Refused: n.Refused,
		notice.Forwarded: n.Forwarded, notice.SupplementMissing: n.SupplementMissing,
	}}, nil
}
