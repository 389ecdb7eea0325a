package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/classify/rulesfile"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/learn"
	"github.com/moj-portal/tiepnhan/internal/periodic"
	"github.com/moj-portal/tiepnhan/internal/pipeline"
	"github.com/moj-portal/tiepnhan/internal/postgres"
	"github.com/moj-portal/tiepnhan/internal/smtp"
)

// classifyParts are classification, screening and routing as the service
// runs them: the rules in force (reloaded when staff edit the file) and
// the workers' deps (classify_submission classes each submission; reading
// a message does not).
type classifyParts struct {
	rules     *rulesfile.Live
	deps      *pipeline.ClassifyDeps
	every     time.Duration
	feed      string
	feedEvery time.Duration
	log       *slog.Logger
}

// newClassify builds the classification parts from cfg ([classify],
// [smtp]); mailer is the service's one mailer. The lateness screen (Điều 14 khoản 6) reads the deadlines'
// calendar and rules at each job (pipeline.Service.Calendar). A rules file with an error stops the start with
// its file, line and reason.
func newClassify(cfg config.Config, mailer smtp.Sender, log *slog.Logger) (*classifyParts, error) {
	seed, err := directory.Seed()
	if err != nil {
		return nil, fmt.Errorf("directory seed: %w", err)
	}
	latest := seed[len(seed)-1]
	live, err := rulesfile.New(cfg.Classify.RulesFile, config.ClassifyRules, config.ClassifyRulesName, classify.LoadOptions{Units: latest.UnitCodes()})
	if err != nil {
		return nil, fmt.Errorf("classify.rules_file: %w", err)
	}
	live.OnReload = func(rs *classify.Rules) {
		log.Info("classification rules loaded", "file", rs.File, "version", rs.Version, "rules", len(rs.Rules))
	}
	live.OnError = func(err error) {
		log.Error("classification rules file rejected: the rules in force stay", "err", err)
	}
	deps := &pipeline.ClassifyDeps{
		Rules: live.Rules, Seed: seed, Mail: mailer, From: cfg.SMTP.From,
		Supplement: cfg.Classify.Supplement, ForwardQueries: cfg.Classify.ForwardQueries,
		MailCap:   smtp.Cap{Max: cfg.Classify.PerRecipientPerDay, Daily: true},
		Mailboxes: mailboxDefaults(cfg), // mailboxes.go
	}
	if cfg.Classify.Model {
		// Issue 11: the learned model in force decides what the rules
		// leave open (the embedded one until one is promoted).
		deps.Models, deps.MinConfidence = &pipeline.ModelSource{}, cfg.Classify.ModelMinConfidence
		deps.MinKindConfidence = cfg.Classify.ModelMinKindConfidence
		if _, err := learn.Default(); err != nil {
			return nil, fmt.Errorf("embedded classification model: %w", err)
		}
	}
	return &classifyParts{
		rules:     live,
		deps:      deps,
		every:     cfg.Classify.ReloadEvery.Duration,
		feed:      cfg.Classify.PublishedFeed,
		feedEvery: cfg.Classify.FeedEvery.Duration,
		log:       log,
	}, nil
}

// start watches the rules file (changes and SIGHUP) and imports the
// Portal's feed of published items, until ctx ends.
func (c *classifyParts) start(ctx context.Context, store *postgres.Store) {
	if c == nil {
		return
	}
	if c.rules.Path() != "" {
		go c.rules.Watch(ctx, c.every)
	}
	if c.feed != "" {
		go periodic.NowAndEvery(ctx, c.feedEvery, func() {
			if n, err := ImportFeed(ctx, store, c.feed); err != nil {
				c.log.Warn("published feed not imported", "feed", c.feed, "err", err)
			} else {
				c.log.Info("published feed imported", "feed", c.feed, "new_items", n)
			}
		})
	}
}

// ImportFeed imports the Portal's RSS feed of published items (an http(s)
// URL or a file) for the near-duplicate screen (Điều 14 khoản 4) and
// returns how many items were new.
func ImportFeed(ctx context.Context, store *postgres.Store, feed string) (int, error) {
	var r io.ReadCloser
	if strings.HasPrefix(feed, "http://") || strings.HasPrefix(feed, "https://") {
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, feed, nil)
		if err != nil {
			return 0, err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return 0, fmt.Errorf("GET %s: %s", feed, resp.Status)
		}
		r = resp.Body
	} else {
		f, err := os.Open(feed)
		if err != nil {
			return 0, err
		}
		r = f
	}
	items, err := classify.ParseFeed(r)
	r.Close()
	if err != nil {
		return 0, err
	}
	tx, err := store.Pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	n, err := store.SavePublished(ctx, tx, items, "feed", 0)
	if err != nil {
		return 0, err
	}
	// Publication seen, not typed: an open submission the Portal now
	// shows gets a proposal a person confirms (Điều 13).
	if _, err := store.ProposePublications(ctx, tx, items); err != nil {
		return 0, err
	}
	return n, tx.Commit(ctx)
}

// ReloadRules reloads the classification rules at once (an administrator's
// action); a file with an error is rejected and the rules in force stay.
func (s *Service) ReloadRules() error {
	if s.classify == nil {
		return nil
	}
	return s.classify.rules.Reload()
}
