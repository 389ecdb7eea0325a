package derive

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/moj-portal/tiepnhan/config"
	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/finding"
	"github.com/moj-portal/tiepnhan/internal/learn"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// Classifier classes and screens what was derived (Điều 8, 10, 11, 13, 14,
// 15, 21): the rules in force, the directory of units, the working calendar
// and deadline rules for late submissions, and a source of earlier items
// for near-duplicates.
type Classifier struct {
	// Rules returns the rules in force; they may be reloaded while the
	// service runs.
	Rules func() *classify.Rules
	// Directory is the version of the directory of units in force.
	Directory *directory.Directory
	// Calendar and DeadlineRules compute the Điều 10 sending deadline.
	Calendar      *workday.Calendar
	DeadlineRules []deadline.Rule
	// Earlier returns the earlier submissions and published items that may
	// be near-duplicates of a text (Điều 14 khoản 4); nil skips that screen.
	Earlier func(fp classify.Fingerprint) []classify.Candidate
	// Model, when set, takes the decisions the rules leave open (issue 11);
	// MinConfidence and MinKindConfidence are its fail-safe confidences, of
	// the Điều 13 group and of the kind (classify.Options).
	Model                            *learn.Model
	MinConfidence, MinKindConfidence float64
	// Mailbox is the mailbox the message arrived in, with its routing and
	// timing defaults (classify.Mailbox); zero: none.
	Mailbox classify.Mailbox
}

// DefaultClassifier is the classifier of a program without configuration:
// the shipped rules (config/classify.rules.toml) with the embedded learned
// model, the newest seed version of the directory, the default calendar
// and deadline rules.
func DefaultClassifier() (*Classifier, error) { return defaultClassifier() }

var defaultClassifier = sync.OnceValues(func() (*Classifier, error) {
	dirs, err := directory.Seed()
	if err != nil {
		return nil, fmt.Errorf("directory seed: %w", err)
	}
	dir := dirs[len(dirs)-1]
	rs, err := classify.Load(bytes.NewReader(config.ClassifyRules), config.ClassifyRulesName, classify.LoadOptions{Units: dir.UnitCodes()})
	if err != nil {
		return nil, err
	}
	cal, err := workday.New(workday.DefaultConfig())
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	drs, err := deadline.DefaultRules()
	if err != nil {
		return nil, fmt.Errorf("deadline rules: %w", err)
	}
	m, err := learn.Default()
	if err != nil {
		return nil, fmt.Errorf("embedded model: %w", err)
	}
	return &Classifier{Rules: func() *classify.Rules { return rs }, Directory: dir, Calendar: cal, DeadlineRules: drs, Model: m}, nil
})

// ClassifyInput is what the classifier reads of a derivation; texts are
// the attachments' extracted texts by index (Result.Texts, or the stored
// attachment texts).
func ClassifyInput(r Report, texts []string) classify.Input {
	in := classify.Input{
		Subject: r.Message.Subject, Body: r.Body.Text, From: r.Message.From, FromName: r.Message.FromName,
		To: r.Message.To, Cc: r.Message.Cc, AutoSubmitted: r.Message.AutoSubmitted, AutoReason: r.Message.AutoReason,
		InReplyTo: r.Message.InReplyTo, References: r.Message.References, ReceivedAt: r.Message.ReceivedAt,
		Document: r.Document, DocumentSource: r.DocumentSource, HeaderOnly: r.Message.HeaderOnly,
		Submitter: classify.Submitter{Organization: r.Submitter.Organization, Name: r.Submitter.Name, Missing: r.Submitter.Missing, Invalid: r.Submitter.Invalid},
	}
	for i, a := range r.Attachments {
		ca := classifyAttachment(a)
		if i < len(texts) && texts[i] != "" {
			ca.Text = texts[i]
		}
		in.Attachments = append(in.Attachments, ca)
	}
	return in
}

func classifyAttachment(a Attachment) classify.Attachment {
	ca := classify.Attachment{Filename: a.Filename, ContentType: a.ContentType, Size: a.Size, Method: a.Method, Text: a.Text,
		Error: a.Error, NeedsHuman: a.NeedsHuman, HumanReason: a.HumanReason, Garbled: a.Garbled, Images: a.Images, TinyImages: a.TinyImages}
	for _, m := range a.Members {
		ca.Members = append(ca.Members, classifyAttachment(m))
	}
	return ca
}

// Classify classes and screens res, fills res.Report.Classification and
// .Screening, and returns the full result (evidence, scores, matches).
// thread is the submission a reply belongs to, when known; self is this
// submission's reference (never matched as its own duplicate).
func (c *Classifier) Classify(res *Result, thread *classify.Prior, self string) classify.Result {
	in := ClassifyInput(res.Report, res.Texts)
	in.Thread = thread
	opts := classify.Options{Calendar: c.Calendar, DeadlineRules: c.DeadlineRules, Self: self, MinConfidence: c.MinConfidence,
		MinKindConfidence: c.MinKindConfidence, Mailbox: c.Mailbox}
	if c.Model != nil {
		opts.Judge = c.Model.Judge()
	}
	if c.Directory != nil {
		opts.Units = c.Directory.ClassifyUnits()
	}
	if c.Earlier != nil {
		opts.Earlier = c.Earlier(classify.NewFingerprint(classify.ContentText(in)))
	}
	out := classify.Classify(c.Rules(), in, opts)
	Fill(&res.Report, out)
	return out
}

// Key names what a classification of res by c is computed from: the
// versions of the rules and of the model, the fail-safe confidence, the
// mailbox's defaults, the directory of units and what was read (the
// classifier's input, thread included). The same key gives the same
// decisions — the near-duplicate candidates aside, searched when the key
// is new — so the service classifies a submission once per key and reuses
// the stored result (classify_submission). The working calendar of the
// lateness screen is not part of it.
func (c *Classifier) Key(res *Result, thread *classify.Prior) string {
	in := ClassifyInput(res.Report, res.Texts)
	in.Thread = thread
	k := struct {
		Rules, Model                     string
		MinConfidence, MinKindConfidence float64
		Mailbox                          classify.Mailbox
		Directory                        *directory.Directory
		Input                            classify.Input
	}{Rules: c.Rules().Version, MinConfidence: c.MinConfidence, MinKindConfidence: c.MinKindConfidence, Mailbox: c.Mailbox, Directory: c.Directory, Input: in}
	if c.Model != nil {
		k.Model = c.Model.Version
	}
	b, err := json.Marshal(k)
	if err != nil {
		return "" // never reused
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Fill copies a classification into the report's public keys.
func Fill(r *Report, out classify.Result) {
	r.Classification, r.Screening = finding.Of(out)
}

// classifyReport runs the classifier of opts, or the default one, on a
// derivation; a classifier that cannot be built leaves a problem.
func classifyReport(res *Result, opts Options) {
	c := opts.Classifier
	if c == nil {
		var err error
		if c, err = DefaultClassifier(); err != nil {
			res.Report.Problems = append(res.Report.Problems, Problem{Code: "classify", Detail: err.Error()})
			return
		}
	}
	c.Classify(res, nil, "")
}
