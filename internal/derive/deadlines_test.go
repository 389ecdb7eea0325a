package derive

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

var ict = workday.Zone

func TestDeadlineFacts(t *testing.T) {
	received := time.Date(2026, 3, 2, 9, 14, 5, 0, ict)
	for _, tc := range []struct {
		name     string
		found    bool
		signed   string
		timing   string
		want     deadline.Class
		wantSign bool
	}{
		{"plain mail", false, "", "", deadline.Other, false},
		{"document with a signing date", true, "2026-02-27", "", deadline.AdminDocument, true},
		{"document without a date", true, "", "", deadline.Other, false},
		{"a date but no document", false, "2026-02-27", "", deadline.Other, true},
		{"classification wins", true, "2026-02-27", "news_event", deadline.NewsEvent, true},
		{"unknown timing ignored", true, "2026-02-27", "urgent", deadline.AdminDocument, true},
		{"bad date ignored", true, "27/02/2026x", "", deadline.Other, false},
	} {
		var r Report
		r.Message.ReceivedAt = received
		r.Document.Found, r.Document.SignedOn, r.Classification.Timing = tc.found, tc.signed, tc.timing
		f := DeadlineFacts(r)
		if f.Class != tc.want || f.SignedOn.IsZero() == tc.wantSign || !f.ReceivedAt.Equal(received) {
			t.Errorf("%s: facts %+v, want class %s, signed %v", tc.name, f, tc.want, tc.wantSign)
		}
	}
}

// TestDeadlinesOfAnAdministrativeDocument: signed Friday 27/02/2026,
// received Monday 02/03/2026 09:14:05. Điều 10 khoản 1: 1 working day from
// the end of 27/02 → Monday 17:00, met by the receipt. Điều 13 khoản 1:
// 1/2 working day from 09:14:05 → 2 h 46 min to noon, 1 h 14 min 05 s from
// 13:00 → 14:14:05.
func TestDeadlinesOfAnAdministrativeDocument(t *testing.T) {
	var r Report
	r.Message.ReceivedAt = time.Date(2026, 3, 2, 9, 14, 5, 0, ict)
	r.Document.Found, r.Document.SignedOn = true, "2026-02-27"
	ds, p := Deadlines(r, DeadlineOptions{})
	if p != nil || len(ds) != 2 {
		t.Fatalf("deadlines %+v, problem %v", ds, p)
	}
	byRule := map[string]Deadline{}
	for _, d := range ds {
		byRule[d.Rule] = d
	}
	d10, d13 := byRule["10.1"], byRule["13.1"]
	if !d10.StartsAt.Equal(time.Date(2026, 2, 28, 0, 0, 0, 0, ict)) || !d10.DueAt.Equal(time.Date(2026, 3, 2, 17, 0, 0, 0, ict)) ||
		d10.State != "met" || d10.Article != "Điều 10 khoản 1" || !strings.Contains(d10.Basis, "ký ban hành") {
		t.Errorf("10.1 = %+v", d10)
	}
	if !d13.StartsAt.Equal(r.Message.ReceivedAt) || !d13.DueAt.Equal(time.Date(2026, 3, 2, 14, 14, 5, 0, ict)) || d13.State != "running" {
		t.Errorf("13.1 = %+v", d13)
	}
	if !strings.Contains(d13.Explanation, "Điều 13 khoản 1") || !strings.Contains(d13.Explanation, "Hạn: 14:14 Thứ Hai 02/03/2026") {
		t.Errorf("13.1 explanation:\n%s", d13.Explanation)
	}
	// A calendar with Monday off moves 13.1 to Tuesday.
	sched, _ := workday.EmbeddedSchedule()
	mon := workday.Date{Year: 2026, Month: 3, Day: 2}
	sched.DaysOff = append(sched.DaysOff, workday.DayOff{From: mon, To: mon, Name: "nghỉ đột xuất"})
	cfg := workday.DefaultConfig()
	cfg.Schedule = sched
	cal, err := workday.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ds, _ = Deadlines(r, DeadlineOptions{Calendar: cal})
	for _, d := range ds {
		if d.Rule == "13.1" && !d.DueAt.Equal(time.Date(2026, 3, 3, 12, 0, 0, 0, ict)) {
			t.Errorf("13.1 with Monday off due %s, want Tuesday 12:00", d.DueAt)
		}
	}
}

// TestInspectReportHasDeadlineKeys derives corpus 001 as inspect does and
// checks the JSON keys README documents.
func TestInspectReportHasDeadlineKeys(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", "001-qd-ke-hoach-pbgdpl.eml"))
	if err != nil {
		t.Fatal(err)
	}
	res := Derive(context.Background(), raw, Options{ReceivedAt: time.Date(2026, 3, 2, 9, 14, 5, 0, ict)})
	b, err := json.Marshal(res.Report)
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Deadlines []map[string]any `json:"deadlines"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Deadlines) == 0 {
		t.Fatalf("no deadlines for a document received on a working day:\n%s", b)
	}
	rules := map[string]bool{}
	for _, d := range out.Deadlines {
		for _, k := range []string{"rule", "article", "starts_at", "due_at", "basis", "state", "explanation"} {
			if _, ok := d[k]; !ok {
				t.Errorf("deadline %v lacks key %q", d, k)
			}
		}
		rules[d["rule"].(string)] = true
	}
	if !rules["13.1"] || !rules["10.1"] {
		t.Errorf("rules %v, want 10.1 and 13.1 for a signed Quyết định", rules)
	}
	// A message with no receipt time at all gets no receipt-based deadline,
	// and the list is still an array.
	env := Envelope([]byte("Subject: x\r\n\r\nbody\r\n"), Options{})
	fillDeadlines(&env.Report, DeadlineOptions{})
	if env.Report.Deadlines == nil || len(env.Report.Deadlines) != 0 {
		t.Errorf("deadlines without a receipt time: %#v", env.Report.Deadlines)
	}
}
