package realcorpus

import (
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Minimums of the corpus as a whole (issue 11; testdata/realcorpus/split.md).
const (
	// MinItems is the floor for the corpus (testdata/realcorpus/split.md).
	MinItems        = 450
	MinHeldoutShare = 0.20
	minUnitHeldout  = 5 // a unit answering at least this many queries must appear in held-out
	dateLayout      = "2006-01-02"
)

// Check validates every item on its own against the format and the label
// vocabulary; units are the directory's unit codes. It returns every
// problem found, in item order.
func Check(items []Item, units []string) []string {
	var probs []string
	add := func(it Item, format string, args ...any) {
		probs = append(probs, it.ID+": "+fmt.Sprintf(format, args...))
	}
	ids := map[string]bool{}
	titles := map[string]string{}
	for i, it := range items {
		if !validID(it.ID) {
			add(it, "id not of the form rc-NNNN")
		}
		if ids[it.ID] {
			add(it, "duplicate id")
		}
		ids[it.ID] = true
		if i > 0 && it.ID <= items[i-1].ID {
			add(it, "not sorted by id (after %s)", items[i-1].ID)
		}
		checkSource(it, add)
		checkText(it, add)
		key := foldTitle(it.Title)
		if prev, ok := titles[key]; ok {
			add(it, "duplicate title of %s", prev)
		} else {
			titles[key] = it.ID
		}
		checkLabels(it, units, add)
		if it.Split != Train && it.Split != Heldout {
			add(it, "split %q is neither train nor heldout", it.Split)
		} else if want := SplitOf(it.SourceSite, it.Published); it.Split != want {
			add(it, "split %q, the fixed rule gives %q", it.Split, want)
		}
		checkMail(it, add)
	}
	return probs
}

func validID(id string) bool {
	if len(id) != 7 || !strings.HasPrefix(id, "rc-") {
		return false
	}
	for _, c := range id[3:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func checkSource(it Item, add func(Item, string, ...any)) {
	u, err := url.Parse(it.SourceURL)
	switch {
	case it.SourceURL == "":
		add(it, "source_url missing")
	case err != nil || u.Host == "":
		add(it, "source_url %q is not an absolute URL", it.SourceURL)
	case u.Scheme != "https":
		add(it, "source_url %q is not https", it.SourceURL)
	}
	if it.SourceSite == "" || it.SourceSite != SiteOf(it.SourceURL) {
		add(it, "source_site %q does not match the URL's host %q", it.SourceSite, SiteOf(it.SourceURL))
	}
	if _, err := time.Parse(dateLayout, it.Retrieved); err != nil {
		add(it, "retrieved %q is not a date", it.Retrieved)
	}
	if it.Published != "" {
		if _, err := time.Parse(dateLayout, it.Published); err != nil {
			add(it, "published %q is not a date", it.Published)
		} else if it.Published > it.Retrieved {
			add(it, "published %s after retrieval %s", it.Published, it.Retrieved)
		}
	}
}

func checkText(it Item, add func(Item, string, ...any)) {
	if strings.TrimSpace(it.Title) == "" {
		add(it, "title missing")
	}
	// A citizen's question may be its title alone; everything else carries
	// the first sentences of the text.
	if strings.TrimSpace(it.Lead) == "" && it.Labels.Kind != "query" {
		add(it, "lead missing")
	}
	for name, s := range map[string]string{"title": it.Title, "lead": it.Lead, "source_section": it.SourceSection,
		"from_name": it.Mail.FromName, "subject": it.Mail.Subject, "body": it.Mail.Body} {
		if !norm.NFC.IsNormalString(s) {
			add(it, "%s is not NFC", name)
		}
	}
}

func checkLabels(it Item, units []string, add func(Item, string, ...any)) {
	l := it.Labels
	if !slices.Contains(Kinds, l.Kind) {
		add(it, "kind %q not in %v", l.Kind, Kinds)
	}
	if !slices.Contains(Timings, l.Timing) {
		add(it, "timing %q not in %v", l.Timing, Timings)
	}
	if !slices.Contains(Languages, l.Language) {
		add(it, "language %q not in %v", l.Language, Languages)
	}
	if l.Unit != "" && !slices.Contains(units, l.Unit) {
		add(it, "unit %q is not a unit of the directory", l.Unit)
	}
	switch {
	case l.Kind == "publish" && !slices.Contains(Categories, l.Category):
		add(it, "publish item needs a Điều 8 category, has %q", l.Category)
	case l.Kind != "publish" && l.Category != "":
		add(it, "%s item has category %q (only items for posting have one)", l.Kind, l.Category)
	}
	// Điều 13 applies to what is posted; what is not posted is "other"
	// (the residual class of khoản 2), never a 13.1 class.
	if l.Kind != "publish" && l.Timing != "other" {
		add(it, "%s item has timing %q", l.Kind, l.Timing)
	}
	// Điều 11 khoản 1, second bullet: a query goes to the unit in charge.
	if l.Kind == "query" && l.Unit == "" {
		add(it, "query without unit")
	}
}

func checkMail(it Item, add func(Item, string, ...any)) {
	m := it.Mail
	if a, err := mail.ParseAddress(m.From); err != nil || a.Address != m.From {
		add(it, "mail.from %q is not a bare address", m.From)
	}
	if !strings.Contains(m.Body, it.Title) {
		add(it, "mail.body lacks the title")
	}
	if it.Lead != "" && !strings.Contains(m.Body, it.Lead) {
		add(it, "mail.body lacks the lead")
	}
}

// foldTitle is the key under which two titles count as the same.
func foldTitle(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// CheckSplit validates the corpus as a whole: its size, the held-out share
// and that every label value (and every unit that answers at least
// minUnitHeldout queries) appears in held-out.
func CheckSplit(items []Item) []string {
	var probs []string
	if len(items) < MinItems {
		probs = append(probs, fmt.Sprintf("%d items, at least %d needed", len(items), MinItems))
	}
	held := 0
	seen := map[string]map[string]int{}
	count := func(axis, v string) {
		if seen[axis] == nil {
			seen[axis] = map[string]int{}
		}
		seen[axis][v]++
	}
	units := map[string]int{} // queries per unit (Điều 11 khoản 1: who answers)
	for _, it := range items {
		if it.Labels.Kind == "query" {
			units[it.Labels.Unit]++
		}
		if it.Split != Heldout {
			continue
		}
		held++
		count("kind", it.Labels.Kind)
		count("timing", it.Labels.Timing)
		count("category", it.Labels.Category)
		count("language", it.Labels.Language)
		if it.Labels.Kind == "query" {
			count("unit", it.Labels.Unit)
		}
	}
	if len(items) > 0 && float64(held) < MinHeldoutShare*float64(len(items)) {
		probs = append(probs, fmt.Sprintf("held-out has %d of %d items, under %.0f%%", held, len(items), 100*MinHeldoutShare))
	}
	for _, ax := range []struct {
		name string
		vals []string
	}{{"kind", Kinds}, {"timing", Timings}, {"category", Categories}, {"language", Languages}} {
		for _, v := range ax.vals {
			if seen[ax.name][v] == 0 {
				probs = append(probs, fmt.Sprintf("no held-out item with %s %q", ax.name, v))
			}
		}
	}
	for u, n := range units {
		if u != "" && n >= minUnitHeldout && seen["unit"][u] == 0 {
			probs = append(probs, fmt.Sprintf("unit %s answers %d queries, none held out", u, n))
		}
	}
	slices.Sort(probs)
	return probs
}
