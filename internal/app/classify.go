package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/classify/rulesfile"
	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/workers"
)

// classifyParts are classification, screening and routing as the service
// runs them: the rules in force (reloaded when staff edit the file), the
// classifier derive uses when reading a message, and the workers' deps.
type classifyParts struct {
	rules      *rulesfile.Live
	classifier *derive.Classifier
	deps       *workers.ClassifyDeps
	every      time.Duration
}

// newClassify builds the classification parts from cfg ([classify],
// [smtp], [deadlines]). A rules file with an error stops the start with
// its file, line and reason.
func newClassify(cfg config.Config, log *slog.Logger) (*classifyParts, error) {
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
	wc := workday.DefaultConfig()
	if sessions, err := cfg.Deadlines.Sessions(); err == nil {
		wc.Sessions = sessions
	}
	wc.CultureDay = cfg.Deadlines.CultureDay
	cal, err := workday.New(wc)
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	drules, err := deadline.DefaultRules()
	if err != nil {
		return nil, err
	}
	if f := cfg.Deadlines.RulesFile; f != "" {
		r, err := os.Open(f)
		if err != nil {
			return nil, fmt.Errorf("deadlines.rules_file: %w", err)
		}
		drules, err = deadline.LoadRules(r, f)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("deadlines.rules_file: %w", err)
		}
	}
	sm := cfg.SMTP
	deps := &workers.ClassifyDeps{
		Rules: live.Rules, Seed: seed, Calendar: cal, DeadlineRules: drules,
		Mail: &workers.SMTPRelay{Addr: sm.Addr, Security: sm.Security, Username: sm.Username, Password: sm.Password,
			HELO: cfg.Intake.OwnDomain, Dir: sm.SinkDir},
		From: sm.From, Supplement: cfg.Classify.Supplement, ForwardQueries: cfg.Classify.ForwardQueries,
		PerRecipientPerDay: cfg.Classify.PerRecipientPerDay,
	}
	return &classifyParts{
		rules:      live,
		classifier: &derive.Classifier{Rules: live.Rules, Directory: latest, Calendar: cal, DeadlineRules: drules},
		deps:       deps,
		every:      cfg.Classify.ReloadEvery.Duration,
	}, nil
}

// start watches the rules file (changes and SIGHUP) until ctx ends.
func (c *classifyParts) start(ctx context.Context) {
	if c == nil || c.rules.Path() == "" {
		return
	}
	go c.rules.Watch(ctx, c.every)
}

// ReloadRules reloads the classification rules at once (an administrator's
// action); a file with an error is rejected and the rules in force stay.
func (s *Service) ReloadRules() error {
	if s.classify == nil {
		return nil
	}
	return s.classify.rules.Reload()
}
