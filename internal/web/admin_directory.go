package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/directory"
	"github.com/moj-portal/tiepnhan/internal/view"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// The directory of units and people (Điều 21 khoản 1, 5: the units update
// it yearly; Điều 11 khoản 1, 12 khoản 3, 21 khoản 6: who handles what) is
// versioned by the day each version takes effect. Administrators store a
// new version by editing the one shown, in the TOML format of the shipped
// seed (internal/directory/seed), checked by directory.Load with the line
// of each mistake; the Standing Board also records absences, which make a
// person unavailable for routing.

// directoryRow is one version in the list.
type directoryRow struct {
	Date, DateVN, Source string
	Units, People        int
	Stored               bool
	By                   string
	At                   time.Time
	InForce, Shown       bool
}

type directoryView struct {
	Rows     []directoryRow
	Shown    *directory.Directory
	TOML     string
	Absences []view.Absence
	People   []directory.Person
	CanEdit  bool
	Error    string
	Saved    string
	Today    string
}

// directoryPage shows the versions, the one asked for (?version=, else the
// one in force today) with its units, sites and people, its TOML to edit,
// and the absences from today on.
func (u *UI) directoryPage(w http.ResponseWriter, r *http.Request, rc *req) {
	u.showDirectory(w, r, rc, http.StatusOK, r.URL.Query().Get("version"), "", "")
}

func (u *UI) showDirectory(w http.ResponseWriter, r *http.Request, rc *req, status int, version, text, errMsg string) {
	ctx := r.Context()
	vs, err := u.Directory.DirectoryVersions(ctx)
	if err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	today := workday.DateOf(u.now())
	dirs := make([]*directory.Directory, len(vs))
	for i, v := range vs {
		dirs[i] = v.Dir
	}
	current := directory.At(dirs, today)
	shown := current
	for _, d := range dirs {
		if d.EffectiveFrom.String() == version {
			shown = d
		}
	}
	v := directoryView{CanEdit: rc.P.HasRole(auth.RoleAdmin), Error: errMsg, Saved: r.URL.Query().Get("saved"), Today: today.String(), Shown: shown}
	for _, x := range vs {
		v.Rows = append(v.Rows, directoryRow{Date: x.Dir.EffectiveFrom.String(), DateVN: x.Dir.EffectiveFrom.VN(), Source: x.Dir.Source,
			Units: len(x.Dir.Units), People: len(x.Dir.People), Stored: x.Stored, By: x.CreatedBy, At: x.CreatedAt,
			InForce: x.Dir == current, Shown: x.Dir == shown})
	}
	if current != nil {
		v.People = current.People
	}
	if shown != nil && v.CanEdit {
		v.TOML = text
		if v.TOML == "" {
			if v.TOML, err = directoryTOML(shown); err != nil {
				u.failErr(w, r, rc, err)
				return
			}
		}
	}
	if v.Absences, err = u.Directory.Absences(ctx, today); err != nil {
		u.failErr(w, r, rc, err)
		return
	}
	u.render(w, r, rc, status, "directory", v)
}

// directorySave stores the version posted (administrators only): a version
// with a mistake is refused with its line and the text kept to fix.
func (u *UI) directorySave(w http.ResponseWriter, r *http.Request, rc *req) {
	text := r.PostFormValue("toml")
	d, err := directory.Load(strings.NewReader(text), "danh bạ")
	if err != nil {
		var de *directory.Error
		msg := err.Error()
		if errors.As(err, &de) {
			msg = de.Error()
		}
		u.showDirectory(w, r, rc, http.StatusUnprocessableEntity, r.PostFormValue("version"), text, "Phiên bản danh bạ không hợp lệ: "+msg)
		return
	}
	if err := u.Directory.SaveDirectory(r.Context(), rc.P.Actor(), d); err != nil {
		if isUserError(err) {
			u.showDirectory(w, r, rc, http.StatusUnprocessableEntity, r.PostFormValue("version"), text, err.Error())
			return
		}
		u.failErr(w, r, rc, err)
		return
	}
	u.refreshUnits(r.Context(), true)
	http.Redirect(w, r, "/admin/directory?version="+url.QueryEscape(d.EffectiveFrom.String())+"&saved=1", http.StatusSeeOther)
}

// absenceAdd records that a person of the directory is away (routing skips
// them on those days).
func (u *UI) absenceAdd(w http.ResponseWriter, r *http.Request, rc *req) {
	f := r.PostFormValue
	from, err1 := workday.ParseDate(f("from"))
	to, err2 := workday.ParseDate(f("to"))
	if err1 != nil || err2 != nil {
		u.showDirectory(w, r, rc, http.StatusUnprocessableEntity, "", "", "ngày nghỉ phải có dạng YYYY-MM-DD")
		return
	}
	err := u.Directory.AddAbsence(r.Context(), rc.P.Actor(), view.Absence{PersonID: f("person"), From: from, To: to, Note: f("note")})
	if err != nil {
		if isUserError(err) {
			u.showDirectory(w, r, rc, http.StatusUnprocessableEntity, "", "", err.Error())
			return
		}
		u.failErr(w, r, rc, err)
		return
	}
	http.Redirect(w, r, "/admin/directory?saved=1", http.StatusSeeOther)
}

// The TOML form of a version, as internal/directory reads it (seed format).
type tomlDirectory struct {
	EffectiveFrom     string              `toml:"effective_from"`
	Source            string              `toml:"source"`
	VerifiedAddresses bool                `toml:"verified_addresses"`
	Units             map[string]tomlUnit `toml:"units"`
	Sites             map[string]tomlSite `toml:"sites,omitempty"`
	People            []tomlPerson        `toml:"people"`
}

type tomlUnit struct {
	Name          string   `toml:"name"`
	Symbol        string   `toml:"symbol,omitempty"`
	Aliases       []string `toml:"aliases"`
	Fields        []string `toml:"fields"`
	Email         string   `toml:"email,omitempty"`
	ComponentSite string   `toml:"component_site,omitempty"`
}

type tomlSite struct {
	Unit      string `toml:"unit"`
	Name      string `toml:"name"`
	TeamEmail string `toml:"team_email,omitempty"`
}

type tomlPerson struct {
	ID        string   `toml:"id"`
	Name      string   `toml:"name"`
	Email     string   `toml:"email"`
	Role      string   `toml:"role"`
	Fields    []string `toml:"fields"`
	Site      string   `toml:"site,omitempty"`
	Available bool     `toml:"available"`
}

// directoryTOML writes a version in the format directory.Load reads, so that
// an administrator edits the version in force into the next one.
func directoryTOML(d *directory.Directory) (string, error) {
	t := tomlDirectory{EffectiveFrom: d.EffectiveFrom.String(), Source: d.Source, VerifiedAddresses: d.VerifiedAddresses,
		Units: map[string]tomlUnit{}}
	for _, x := range d.Units {
		t.Units[x.Code] = tomlUnit{Name: x.Name, Symbol: x.Symbol, Aliases: nonNilStrings(x.Aliases), Fields: nonNilStrings(x.Fields),
			Email: x.Email, ComponentSite: x.ComponentSite}
	}
	if len(d.Sites) > 0 {
		t.Sites = map[string]tomlSite{}
		for _, s := range d.Sites {
			t.Sites[s.Host] = tomlSite{Unit: s.Unit, Name: s.Name, TeamEmail: s.TeamEmail}
		}
	}
	for _, p := range d.People {
		t.People = append(t.People, tomlPerson{ID: p.ID, Name: p.Name, Email: p.Email, Role: string(p.Role), Fields: nonNilStrings(p.Fields),
			Site: p.Site, Available: p.Available})
	}
	var b bytes.Buffer
	b.WriteString("# Danh bạ đơn vị, biên tập viên, thành viên Ban Biên tập (Quy chế 1319/QĐ-BTP Điều 11, 12, 21).\n" +
		"# Sửa nội dung và đổi effective_from để tạo phiên bản mới; cùng ngày thì thay phiên bản đã lưu của ngày đó.\n")
	if err := toml.NewEncoder(&b).Encode(t); err != nil {
		return "", err
	}
	return b.String(), nil
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
