package config

import (
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ClassifyRules is the rules file shipped with the program
// (config/classify.rules.toml): used when classify.rules_file is empty, and
// the starting point of a file staff edit.
//
//go:embed classify.rules.toml
var ClassifyRules []byte

// ClassifyRulesName is the name errors give for the embedded rules.
const ClassifyRulesName = "config/classify.rules.toml"

// Classify configures classification, screening and routing (Quy chế
// 1319/QĐ-BTP Điều 8, 10, 11, 13, 14, 15, 21).
type Classify struct {
	// RulesFile is the staff-editable rules file (format of
	// config/classify.rules.toml); empty means the shipped rules.
	RulesFile string `toml:"rules_file"`
	// ReloadEvery is how often the rules file is checked for changes (it
	// is also reloaded on SIGHUP).
	ReloadEvery Duration `toml:"reload_every"`
	// Supplement sends the author a request for missing sender data or a
	// missing Nơi nhận line (Điều 9 khoản 2, 3; Điều 11 khoản 2).
	Supplement bool `toml:"supplement"`
	// ForwardQueries forwards queries not for posting to their unit by
	// e-mail with the original attached (Điều 11 khoản 1, bước 2).
	ForwardQueries bool `toml:"forward_queries"`
	// PerRecipientPerDay caps the supplement requests and forwards sent
	// to an address that has had this many automatic messages (any kind,
	// counted in PostgreSQL by every process) since the start of the day
	// in Vietnam; 0 means no cap. Over the cap they wait for the next day.
	PerRecipientPerDay int `toml:"per_recipient_per_day"`
	// PublishedFeed is the Portal's RSS feed of published items (an
	// http(s) URL or a file), imported every FeedEvery for the
	// near-duplicate screen (Điều 14 khoản 4); empty: no import.
	PublishedFeed string   `toml:"published_feed"`
	FeedEvery     Duration `toml:"feed_every"`
	// Model turns the learned classifier on (issue 11): the model in force
	// (recorded in the database by `tiepnhan model promote`, else the
	// embedded one) takes the decisions the rules leave open.
	Model bool `toml:"model"`
	// ModelMinConfidence is the fail-safe confidence: below it, a timing
	// class the model is unsure of gets the stricter Điều 13 khoản 1
	// deadline and the flag "cần xác nhận loại thời hạn", an unsure kind
	// goes to a person instead of being forwarded.
	ModelMinConfidence float64 `toml:"model_min_confidence"`
	// ModelMinKindConfidence is the fail-safe confidence of the kind: below
	// it, a person decides where the item goes (Điều 11 khoản 1) instead of
	// the machine forwarding it. Its own threshold: an unsure kind costs a
	// person's look, an unsure timing class a deadline twice the legal one.
	ModelMinKindConfidence float64 `toml:"model_min_kind_confidence"`
}

func defaultClassify() Classify {
	return Classify{ReloadEvery: Duration{5 * time.Second}, Supplement: true, ForwardQueries: true, PerRecipientPerDay: 20,
		FeedEvery: Duration{time.Hour}, Model: true, ModelMinConfidence: 0.95, ModelMinKindConfidence: 0.7}
}

func (c Config) validateClassify() []error {
	var errs []error
	k := c.Classify
	if k.ReloadEvery.Duration < 100*time.Millisecond || k.ReloadEvery.Duration > time.Hour {
		errs = append(errs, fmt.Errorf("classify.reload_every: must be between 100ms and 1h, got %s", k.ReloadEvery.Duration))
	}
	if k.PerRecipientPerDay < 0 || k.PerRecipientPerDay > 10000 {
		errs = append(errs, fmt.Errorf("classify.per_recipient_per_day: must be between 0 and 10000, got %d", k.PerRecipientPerDay))
	}
	if k.FeedEvery.Duration < time.Minute || k.FeedEvery.Duration > 7*24*time.Hour {
		errs = append(errs, fmt.Errorf("classify.feed_every: must be between 1m and 168h, got %s", k.FeedEvery.Duration))
	}
	if f := k.PublishedFeed; f != "" && strings.Contains(f, "://") && !strings.HasPrefix(f, "https://") && !strings.HasPrefix(f, "http://") {
		errs = append(errs, fmt.Errorf("classify.published_feed: must be an http(s) URL or a file path, got %q", f))
	}
	if v := k.ModelMinConfidence; !(v >= 0.5 && v < 1) {
		errs = append(errs, fmt.Errorf("classify.model_min_confidence: must be at least 0.5 and below 1, got %v", v))
	}
	if v := k.ModelMinKindConfidence; !(v >= 0.5 && v < 1) {
		errs = append(errs, fmt.Errorf("classify.model_min_kind_confidence: must be at least 0.5 and below 1, got %v", v))
	}
	if len(ClassifyRules) == 0 {
		errs = append(errs, errors.New("classify: the shipped rules file is empty"))
	}
	return errs
}
