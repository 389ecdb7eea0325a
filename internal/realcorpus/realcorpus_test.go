package realcorpus

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/moj-portal/tiepnhan/internal/directory"
)

const corpusPath = "../../testdata/realcorpus/items.jsonl"

func loadCorpus(t *testing.T) []Item {
	t.Helper()
	f, err := os.Open(corpusPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	items, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

// unitCodes are the units of the newest directory version (the 2025–2026
// reorganisation, internal/directory/seed).
func unitCodes(t *testing.T) []string {
	t.Helper()
	versions, err := directory.Seed()
	if err != nil {
		t.Fatal(err)
	}
	return versions[len(versions)-1].UnitCodes()
}

func TestCorpus(t *testing.T) {
	items := loadCorpus(t)
	for _, p := range Check(items, unitCodes(t)) {
		t.Error(p)
	}
	for _, p := range CheckSplit(items) {
		t.Error(p)
	}
}

// TestCheckCatchesBroken breaks a copy of the real corpus in one way at a
// time; each break must be reported.
func TestCheckCatchesBroken(t *testing.T) {
	good := loadCorpus(t)
	units := unitCodes(t)
	if p := Check(good, units); len(p) > 0 {
		t.Fatalf("corpus not clean: %v", p[0])
	}
	var q int // index of a query item
	for i, it := range good {
		if it.Labels.Kind == "query" {
			q = i
			break
		}
	}
	cases := []struct {
		name   string
		want   string
		mutate func(items []Item)
	}{
		{"duplicate id", "duplicate id", func(x []Item) { x[1].ID = x[0].ID }},
		{"bad id", "not of the form", func(x []Item) { x[0].ID = "item-1" }},
		{"http url", "not https", func(x []Item) { x[0].SourceURL = strings.Replace(x[0].SourceURL, "https:", "http:", 1) }},
		{"no url", "source_url missing", func(x []Item) { x[0].SourceURL = "" }},
		{"site mismatch", "source_site", func(x []Item) { x[0].SourceSite = "example.org" }},
		{"bad date", "published", func(x []Item) { x[0].Published = "14/03/2025" }},
		{"no title", "title missing", func(x []Item) { x[0].Title = " " }},
		{"duplicate title", "duplicate title", func(x []Item) { x[1].Title = strings.ToUpper(x[0].Title) }},
		{"unknown kind", "kind", func(x []Item) { x[0].Labels.Kind = "news" }},
		{"unknown timing", "timing", func(x []Item) { x[0].Labels.Timing = "13.1" }},
		{"unknown unit", "not a unit", func(x []Item) { x[0].Labels.Unit = "vu-phap-luat-dan-su" }},
		{"query with category", "has category", func(x []Item) { x[q].Labels.Category = "8.3" }},
		{"query without unit", "query without unit", func(x []Item) { x[q].Labels.Unit = "" }},
		{"bad language", "language", func(x []Item) { x[0].Labels.Language = "vn" }},
		{"bad split", "split", func(x []Item) { x[0].Split = "test" }},
		{"moved across the split", "fixed rule", func(x []Item) {
			if x[0].Split == Train {
				x[0].Split = Heldout
			} else {
				x[0].Split = Train
			}
		}},
		{"body lacks title", "lacks the title", func(x []Item) { x[0].Mail.Body = "Gửi BBT" }},
		{"bad from", "mail.from", func(x []Item) { x[0].Mail.From = "Ban Biên tập" }},
		{"not NFC", "not NFC", func(x []Item) { x[0].Lead = "Hoa\u0300 gia\u0309i" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items := append([]Item(nil), good...)
			c.mutate(items)
			probs := Check(items, units)
			if !strings.Contains(strings.Join(probs, "\n"), c.want) {
				t.Errorf("want a problem containing %q, got %v", c.want, probs)
			}
		})
	}
}

func TestCheckSplitCatchesBroken(t *testing.T) {
	good := loadCorpus(t)
	if p := CheckSplit(good); len(p) > 0 {
		t.Fatalf("corpus split not clean: %v", p)
	}
	noHeld := append([]Item(nil), good...)
	for i := range noHeld {
		noHeld[i].Split = Train
	}
	got := strings.Join(CheckSplit(noHeld), "\n")
	for _, want := range []string{"held-out has 0", `no held-out item with kind "query"`, `no held-out item with language "en"`} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q in %s", want, got)
		}
	}
	if p := CheckSplit(good[:10]); !strings.Contains(strings.Join(p, "\n"), "at least") {
		t.Errorf("a 10-item corpus passed the size check: %v", p)
	}
}

func TestSplitOf(t *testing.T) {
	if got := SplitOf("moj.gov.vn", "2025-07-01"); got != Heldout {
		t.Errorf("moj.gov.vn on the cutoff: %s", got)
	}
	if got := SplitOf("moj.gov.vn", "2025-06-30"); got != Train {
		t.Errorf("moj.gov.vn before the cutoff: %s", got)
	}
	if got := SplitOf("baophapluat.vn", ""); got != Train {
		t.Errorf("undated item of a date-split site: %s", got)
	}
	// A whole site goes to one side whatever the date.
	for _, site := range []string{"danchuphapluat.vn", "thads.moj.gov.vn", "tienphong.vn"} {
		if SplitOf(site, "2010-01-01") != SplitOf(site, "2026-12-01") {
			t.Errorf("%s split by date", site)
		}
	}
	if SiteOf("https://www.moj.gov.vn:443/qt/tintuc/Pages/a.aspx?ItemID=1") != "moj.gov.vn" {
		t.Error("SiteOf keeps www. or the port")
	}
}

func TestReadRejects(t *testing.T) {
	for name, in := range map[string]string{
		"not json":      "{id: rc-0001}\n",
		"unknown field": `{"id":"rc-0001","url":"https://moj.gov.vn/"}` + "\n",
		"trailing data": `{"id":"rc-0001"} {"id":"rc-0002"}` + "\n",
		"blank line":    `{"id":"rc-0001"}` + "\n\n",
	} {
		if _, err := Read(strings.NewReader(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzRead(f *testing.F) {
	b, err := os.ReadFile(corpusPath)
	if err != nil {
		f.Fatal(err)
	}
	first, _, _ := bytes.Cut(b, []byte("\n"))
	f.Add(string(first) + "\n")
	f.Add(`{"id":"rc-0001","labels":{"kind":"query"}}` + "\n")
	f.Fuzz(func(t *testing.T, in string) {
		items, err := Read(strings.NewReader(in))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := Write(&out, items); err != nil {
			t.Fatal(err)
		}
		again, err := Read(&out)
		if err != nil {
			t.Fatalf("re-read of written items: %v", err)
		}
		if !reflect.DeepEqual(items, again) && !(len(items) == 0 && len(again) == 0) {
			t.Fatalf("round trip changed the items")
		}
	})
}
