package app

import (
	"log/slog"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/mailbox"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/view"
)

// newWatchers builds one watcher per mailbox of the configuration ([imap]
// and each [[mailbox]]): each with its own credentials, folder and
// timing, under its own lock ("mailbox:<account>/<folder>"), so several
// serve processes share the mailboxes without reading one twice. auth,
// when set, replaces [imap]'s authenticator (tests, the demo). The
// watchers share one set of metrics.
func (s *Service) newWatchers(cfg config.Config, auth mailbox.Authenticator, log *slog.Logger) []*mailbox.Watcher {
	var out []*mailbox.Watcher
	metrics := mailbox.NewMetrics(s.Registry)
	for n, m := range cfg.Watched() {
		a := mailboxAuth(m.IMAP, s.Store) // oauth.go
		if n == 0 && auth != nil && cfg.IMAP.Addr != "" {
			a = auth
		}
		i := m.IMAP
		out = append(out, mailbox.New(mailbox.Config{
			Addr: i.Addr, Security: i.Security, Mailbox: i.Mailbox, Account: m.Account(), Auth: a,
			AfterCommit: i.AfterCommit, Keyword: i.Keyword, MoveTo: i.MoveTo,
			PollInterval: i.PollInterval.Duration, IdleRestart: i.IdleRestart.Duration,
			CommandTimeout: i.CommandTimeout.Duration, DialTimeout: i.DialTimeout.Duration,
			Keepalive: i.Keepalive.Duration, BackoffMin: i.BackoffMin.Duration, BackoffMax: i.BackoffMax.Duration,
			BatchSize: i.BatchSize, MaxMessageBytes: cfg.Intake.MaxMessageBytes,
		}, &sink{store: s.Store, Receiver: &pipeline.Receiver{Store: s.Store, Jobs: s.River}}, &locker{url: cfg.Database.URL},
			log.With("component", "imap", "mailbox_name", m.Name), metrics))
	}
	return out
}

// mailboxNames are the mailboxes as the inbox names them.
func mailboxNames(cfg config.Config) []view.Mailbox {
	var out []view.Mailbox
	for _, m := range cfg.Watched() {
		out = append(out, view.Mailbox{Account: m.Account(), Name: m.Name})
	}
	return out
}

// mailboxDefaults are the routing and timing defaults of each mailbox that
// declares some, by the key its messages are stored under.
func mailboxDefaults(cfg config.Config) map[string]classify.Mailbox {
	out := map[string]classify.Mailbox{}
	for _, m := range cfg.Watched() {
		if d := m.Defaults(); !d.IsZero() {
			out[m.Key()] = d
		}
	}
	return out
}
