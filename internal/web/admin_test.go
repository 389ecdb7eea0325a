package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
	"github.com/moj-portal/tiepnhan/internal/workflow"
)

// fakeDirectory keeps versions and absences in memory (the real one,
// desk.Desk over PostgreSQL, is tested in desk and e2e).
type fakeDirectory struct {
	mu       sync.Mutex
	versions []view.DirectoryVersion
	absences []view.Absence
	actors   []string
}

// seedVersions is the directory versions shipped with the program.
func seedVersions(t testing.TB) []*directory.Directory {
	t.Helper()
	seed, err := directory.Seed()
	if err != nil {
		t.Fatal(err)
	}
	return seed
}

func newFakeDirectory(t testing.TB) *fakeDirectory {
	f := &fakeDirectory{}
	for _, d := range seedVersions(t) {
		f.versions = append(f.versions, view.DirectoryVersion{Dir: d})
	}
	return f
}

func (f *fakeDirectory) DirectoryVersions(context.Context) ([]view.DirectoryVersion, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]view.DirectoryVersion(nil), f.versions...), nil
}

func (f *fakeDirectory) SaveDirectory(_ context.Context, actor string, d *directory.Directory) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.versions = append(f.versions, view.DirectoryVersion{Dir: d, Stored: true, CreatedBy: actor, CreatedAt: time.Now()})
	f.actors = append(f.actors, actor)
	return nil
}

func (f *fakeDirectory) Absences(context.Context, workday.Date) ([]view.Absence, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]view.Absence(nil), f.absences...), nil
}

func (f *fakeDirectory) AddAbsence(_ context.Context, actor string, a view.Absence) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.versions[0].Dir.Person(a.PersonID) == nil {
		return workflow.Invalidf("không có người %q trong danh bạ", a.PersonID)
	}
	a.CreatedBy = actor
	f.absences = append(f.absences, a)
	return nil
}

// fakeCalendar records the changes and says one deadline moved.
type fakeCalendar struct {
	mu      sync.Mutex
	days    []view.CalendarDay
	changes []view.CalendarChange
}

func (f *fakeCalendar) CalendarDays(context.Context) ([]view.CalendarDay, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]view.CalendarDay(nil), f.days...), nil
}

// CalendarYear is the built-in calendar's year (the real one adds the
// declarations: desk.Desk, tested in desk, workers and e2e).
func (f *fakeCalendar) CalendarYear(_ context.Context, y int) (workday.YearReport, error) {
	cal, err := workday.New(workday.DefaultConfig())
	if err != nil {
		return workday.YearReport{}, err
	}
	return cal.Year(y), nil
}

func (f *fakeCalendar) CalendarChanges(context.Context, int) ([]view.CalendarChange, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]view.CalendarChange(nil), f.changes...), nil
}

func (f *fakeCalendar) ChangeCalendar(_ context.Context, o view.DayOverride) (view.CalendarOutcome, error) {
	actor, day, kind, reason := o.Actor, o.Day, o.Kind, o.Reason
	f.mu.Lock()
	defer f.mu.Unlock()
	if kind != "" && reason == "" {
		return view.CalendarOutcome{}, workflow.Invalidf("ghi rõ lý do")
	}
	f.days = append(f.days, view.CalendarDay{Day: day, Kind: kind, Reason: reason, Actor: actor, UpdatedAt: time.Now()})
	f.changes = append(f.changes, view.CalendarChange{At: time.Now(), Actor: actor, Day: day, NewKind: kind, Reason: reason, Moved: 1})
	old := day.Start().Add(10 * time.Hour)
	return view.CalendarOutcome{Changed: true, Open: 3, Moved: []view.MovedDeadline{{ItemID: 7, Reference: "TN-2026-000007", Rule: "13.2",
		OldDue: old, NewDue: old.Add(24 * time.Hour), OldState: "running", NewState: "running"}}}, nil
}

// TestDirectoryTOMLRoundTrip: the version shown to edit reads back as the
// same directory (what an administrator saves unchanged is what was there).
func TestDirectoryTOMLRoundTrip(t *testing.T) {
	for _, d := range seedVersions(t) {
		roundTrip(t, d)
	}
}

// roundTrip writes version d as the directory page shows it to edit
// (directoryTOML) and fails t unless the text reads back as d (but for
// the file it was read from); it returns the text.
func roundTrip(t testing.TB, d *directory.Directory) string {
	t.Helper()
	text, err := directoryTOML(d)
	if err != nil {
		t.Fatalf("%s cannot be written: %v", d.EffectiveFrom, err)
	}
	back, err := directory.Load(strings.NewReader(text), "round-trip")
	if err != nil {
		t.Fatalf("%s does not read back: %v\n%s", d.EffectiveFrom, err, text)
	}
	d2 := *d
	back.File, d2.File = "", ""
	if !reflect.DeepEqual(*back, d2) {
		t.Fatalf("round trip of %s differs:\n%#v\n%#v", d.EffectiveFrom, *back, d2)
	}
	return text
}

var lineRE = regexp.MustCompile(`danh bạ:(\d+):`)

// TestDirectoryAdminPages: an administrator reads the version in force with
// its TOML, a version with a mistake is refused with its line and kept to
// fix, a new version is stored in their name and its new unit reaches the
// forms at once; the Standing Board reads and records absences, and may
// not store a version.
func TestDirectoryAdminPages(t *testing.T) {
	e := newEnv(t)
	fd := e.dir
	admin := e.signedIn("root", auth.Grant{Role: auth.RoleAdmin})
	board := e.signedIn("lan", auth.Grant{Role: auth.RoleStandingBoard})
	page := admin.get("/admin/directory")
	for _, want := range []string{`id="units"`, "Cục Phổ biến, giáo dục pháp luật", `name="toml"`, "effective_from = &#34;2026-01-10&#34;", "đang áp dụng"} {
		if !strings.Contains(page, want) {
			t.Fatalf("directory page lacks %q", want)
		}
	}
	text, err := directoryTOML(fd.versions[len(fd.versions)-1].Dir)
	if err != nil {
		t.Fatal(err)
	}
	// A unit without a name: refused with the line that names it.
	bad := strings.Replace(text, "effective_from = \"2026-01-10\"", "effective_from = \"2026-03-01\"", 1) + "\n[units.vu-moi]\nemail = \"vumoi@moj.gov.vn\"\n"
	resp := admin.post("/admin/directory", url.Values{"toml": {bad}})
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := lineRE.FindStringSubmatch(string(b))
	if resp.StatusCode != http.StatusUnprocessableEntity || m == nil || !strings.Contains(string(b), "vu-moi thiếu tên") || !strings.Contains(string(b), "[units.vu-moi]") {
		t.Fatalf("bad version: %d %.300s", resp.StatusCode, b)
	}
	if want := fmt.Sprint(strings.Count(bad, "\n") - 1); m[1] != want {
		t.Errorf("error on line %s, want %s (the [units.vu-moi] line)", m[1], want)
	}
	good := strings.Replace(bad, "[units.vu-moi]\n", "[units.vu-moi]\nname = \"Vụ Mới\"\n", 1)
	if resp := board.post("/admin/directory", url.Values{"toml": {good}}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("the Standing Board stored a version: %d", resp.StatusCode)
	}
	resp = admin.post("/admin/directory", url.Values{"toml": {good}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "version=2026-03-01") {
		t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if len(fd.actors) != 1 || fd.actors[0] != "user:root" || fd.versions[len(fd.versions)-1].Dir.Unit("vu-moi") == nil {
		t.Fatalf("stored %v", fd.actors)
	}
	// The forms offer the new unit (the version is in force since March).
	if inbox := board.get("/inbox"); !strings.Contains(inbox, `value="vu-moi"`) {
		t.Error("the inbox filter does not offer the unit of the new version")
	}
	// Absences: the Standing Board records one; an unknown person is refused.
	p := fd.versions[0].Dir.People[0]
	if resp := board.post("/admin/directory/absences", url.Values{"person": {p.ID}, "from": {"2026-12-01"}, "to": {"2026-12-03"}, "note": {"công tác"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("absence: %d", resp.StatusCode)
	}
	if len(fd.absences) != 1 || fd.absences[0].CreatedBy != "user:lan" || fd.absences[0].To != (workday.Date{Year: 2026, Month: 12, Day: 3}) {
		t.Fatalf("absences %+v", fd.absences)
	}
	for _, v := range []url.Values{{"person": {"ai-do"}, "from": {"2026-12-01"}, "to": {"2026-12-01"}}, {"person": {p.ID}, "from": {"1/12"}, "to": {"2026-12-01"}}} {
		resp := board.post("/admin/directory/absences", v)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("absence %v: %d", v, resp.StatusCode)
		}
	}
	if page := board.get("/admin/directory"); strings.Contains(page, `name="toml"`) || !strings.Contains(page, "công tác") {
		t.Error("the Standing Board sees the editor, or not the absence")
	}
}

// TestCalendarAdminPage: an administrator declares a day off and sees which
// deadlines moved; a bad date or a missing reason is refused; nobody else
// reaches the page.
func TestCalendarAdminPage(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn("root", auth.Grant{Role: auth.RoleAdmin})
	board := e.signedIn("lan", auth.Grant{Role: auth.RoleStandingBoard})
	resp := admin.post("/admin/calendar", url.Values{"day": {"2026-12-31"}, "kind": {"day_off"}, "reason": {"Thông báo nghỉ bù số 12/TB-VP"}})
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), "TN-2026-000007") || !strings.Contains(string(b), `id="outcome"`) || !strings.Contains(string(b), "12/TB-VP") {
		t.Fatalf("change: %d %.400s", resp.StatusCode, b)
	}
	if len(e.cal.days) != 1 || e.cal.days[0].Actor != "user:root" || e.cal.days[0].Day != (workday.Date{Year: 2026, Month: 12, Day: 31}) {
		t.Fatalf("recorded %+v", e.cal.days)
	}
	for _, v := range []url.Values{{"day": {"2026-13-45"}, "kind": {"day_off"}, "reason": {"x"}}, {"day": {"2026-12-30"}, "kind": {"working"}}} {
		resp := admin.post("/admin/calendar", v)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("calendar %v: %d", v, resp.StatusCode)
		}
	}
	if resp := board.do("GET", "/admin/calendar", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("the Standing Board reached the calendar: %d", resp.StatusCode)
	}
	if nav := admin.get("/admin/calendar"); !strings.Contains(nav, `href="/admin/calendar"`) || !strings.Contains(nav, "Thông báo nghỉ bù") {
		t.Error("calendar page without its link or its declared day")
	}
	// The year at a glance: 2026 has 250 working days, Tết Bính Ngọ off
	// from Monday 16/02 to Friday 20/02, Saturday 10/01 worked.
	y := admin.get("/admin/calendar?year=2026")
	for _, want := range []string{"Lịch làm việc năm 2026", "250 ngày làm việc", "16/02/2026</td><td class=\"nowrap\">Thứ Hai", "Tết Nguyên đán Bính Ngọ",
		"20/02/2026", `id="makeup-days"`, "10/01/2026</td><td class=\"nowrap\">Thứ Bảy", `href="/admin/calendar?year=2027#year"`} {
		if !strings.Contains(y, want) {
			t.Errorf("year 2026 lacks %q", want)
		}
	}
	if strings.Contains(y, ">21/02/2026</td>") {
		t.Error("Saturday 21/02/2026 listed among the weekdays off")
	}
	if out := admin.get("/admin/calendar?year=1800"); !strings.Contains(out, fmt.Sprintf("Lịch làm việc năm %d", time.Now().In(workday.Zone).Year())) {
		t.Error("a year out of range does not fall back to this year")
	}
}

// FuzzDirectoryTOML: whatever version directory.Load accepts, the TOML the
// directory page writes for editing reads back as the same version (an
// administrator who saves it unchanged changes nothing), and never panics.
func FuzzDirectoryTOML(f *testing.F) {
	for _, d := range seedVersions(f) {
		f.Add(roundTrip(f, d))
	}
	f.Add("effective_from = \"2026-01-01\"\n[units.a]\nname = \"A \\\"B\\\"\"\nemail = \"a@b.vn\"\nfields = [\"x\"]\n")
	f.Add("effective_from = \"2026-01-01\"\n[units.a-1]\nname = \"Đơn vị\\n#1\"\naliases = [\"]\"]\n[sites.\"x.moj.gov.vn\"]\nunit = \"a-1\"\n" +
		"[[people]]\nid = \"p\"\nname = \"'\"\nemail = \"p@b.vn\"\nrole = \"site_editor\"\nfields = [\"*\"]\nsite = \"x.moj.gov.vn\"\navailable = false\n")
	f.Fuzz(func(t *testing.T, src string) {
		d, err := directory.Load(strings.NewReader(src), "fuzz")
		if err != nil {
			return
		}
		roundTrip(t, d)
	})
}
