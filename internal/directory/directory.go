// Package directory is the directory of the Ministry's units, the Portal's
// editors, the Editorial Board's members and the component sites with their
// teams (Quy chế 1319/QĐ-BTP Điều 11 khoản 1, Điều 12 khoản 3, Điều 21
// khoản 1, 5, 6): who handles what, and where a submission goes.
//
// The directory is data, versioned by the date it takes effect: the seed
// versions are embedded (seed/*.toml, from Decree 09/2026/NĐ-CP), and
// administrators store new versions in the database. Routing (Assign) is a
// pure function of a version, the people's loads and the day: by field,
// then the least loaded available person.
//
// The package is pure: no database, no clock, no globals beyond the
// embedded seed files.
package directory

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"net/mail"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/moj-portal/tiepnhan/internal/classify"
	"github.com/moj-portal/tiepnhan/internal/tomlpos"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

//go:embed seed/*.toml
var seedFS embed.FS

// Directory is one version of the directory.
type Directory struct {
	// EffectiveFrom is the first day this version applies.
	EffectiveFrom workday.Date `json:"effective_from"`
	Source        string       `json:"source"`
	// VerifiedAddresses is false while e-mail addresses are placeholders.
	VerifiedAddresses bool     `json:"verified_addresses"`
	Units             []Unit   `json:"units"`
	Sites             []Site   `json:"sites"`
	People            []Person `json:"people"`
	// File names where the version was read from (empty when from the database).
	File string `json:"-"`
}

// Unit is a unit of the Ministry.
type Unit struct {
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Symbol  string   `json:"symbol"`
	Aliases []string `json:"aliases"`
	Fields  []string `json:"fields"`
	// Email receives queries forwarded to the unit (Điều 11 khoản 1, bước 2).
	Email         string `json:"email"`
	ComponentSite string `json:"component_site,omitempty"`
}

// Site is a component site (***.moj.gov.vn) and its editorial team.
type Site struct {
	Host      string `json:"host"`
	Unit      string `json:"unit"`
	Name      string `json:"name"`
	TeamEmail string `json:"team_email"`
}

// Role is what a person does for the Portal.
type Role string

// Roles.
const (
	RoleEditor        Role = "editor"         // biên tập viên Cổng
	RoleBoardMember   Role = "board_member"   // thành viên Ban Biên tập (Điều 12 khoản 3)
	RoleEnglishTeam   Role = "english_team"   // nhóm Cổng tiếng Anh (Điều 21 khoản 6)
	RoleSiteEditor    Role = "site_editor"    // biên tập viên trang thành phần
	RoleStandingBoard Role = "standing_board" // Thường trực Ban Biên tập
)

var roles = []Role{RoleEditor, RoleBoardMember, RoleEnglishTeam, RoleSiteEditor, RoleStandingBoard}

// Person is an editor, a board member, a member of the English team or of
// a component site's team, or of the Standing Board.
type Person struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Role  Role   `json:"role"`
	// Fields are the unit codes whose fields the person handles; "*" is all.
	Fields []string `json:"fields"`
	// Site is the component site of a site editor.
	Site string `json:"site,omitempty"`
	// Available is false while the person is away for a long time; short
	// absences are kept apart (see Assign).
	Available bool `json:"available"`
}

// Handles reports whether p handles the field of unit.
func (p Person) Handles(unit string) bool {
	return slices.Contains(p.Fields, "*") || (unit != "" && slices.Contains(p.Fields, unit))
}

// Specialist reports whether p handles unit by name, not only through "*".
func (p Person) Specialist(unit string) bool { return unit != "" && slices.Contains(p.Fields, unit) }

// Error is a directory file that cannot be used: the file, the line (0 if
// unknown) and why, in Vietnamese.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

type rawDirectory struct {
	EffectiveFrom     string `toml:"effective_from"`
	Source            string `toml:"source"`
	VerifiedAddresses bool   `toml:"verified_addresses"`
	Units             map[string]struct {
		Name          string   `toml:"name"`
		Symbol        string   `toml:"symbol"`
		Aliases       []string `toml:"aliases"`
		Fields        []string `toml:"fields"`
		Email         string   `toml:"email"`
		ComponentSite string   `toml:"component_site"`
	} `toml:"units"`
	Sites map[string]struct {
		Unit      string `toml:"unit"`
		Name      string `toml:"name"`
		TeamEmail string `toml:"team_email"`
	} `toml:"sites"`
	People []struct {
		ID        string   `toml:"id"`
		Name      string   `toml:"name"`
		Email     string   `toml:"email"`
		Role      string   `toml:"role"`
		Fields    []string `toml:"fields"`
		Site      string   `toml:"site"`
		Available *bool    `toml:"available"`
	} `toml:"people"`
}

var (
	codeRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)
	hostRe = regexp.MustCompile(`^[a-z0-9-]+(\.[a-z0-9-]+)+$`)
)

// Load reads one version of the directory (TOML, see seed/). name is what
// errors call the file.
func Load(r io.Reader, name string) (*Directory, error) {
	src, err := io.ReadAll(io.LimitReader(r, 4<<20+1))
	if err != nil {
		return nil, &Error{File: name, Msg: "không đọc được tệp: " + err.Error()}
	}
	if len(src) > 4<<20 {
		return nil, &Error{File: name, Msg: "tệp lớn hơn 4 MiB"}
	}
	var raw rawDirectory
	md, err := toml.Decode(string(src), &raw)
	if err != nil {
		pe := tomlpos.DecodeError(name, err)
		return nil, &Error{File: name, Line: pe.Line, Msg: pe.Msg}
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, &Error{File: name, Line: lineOf(string(src), und[0][len(und[0])-1]), Msg: fmt.Sprintf("khóa %q không được hỗ trợ", und[0].String())}
	}
	bad := func(key, msg string) error { return &Error{File: name, Line: lineOf(string(src), key), Msg: msg} }
	d := &Directory{Source: raw.Source, VerifiedAddresses: raw.VerifiedAddresses, File: name}
	d.EffectiveFrom, err = workday.ParseDate(raw.EffectiveFrom)
	if err != nil || raw.EffectiveFrom == "" {
		return nil, bad("effective_from", fmt.Sprintf("effective_from = %q: cần ngày có hiệu lực dạng YYYY-MM-DD", raw.EffectiveFrom))
	}
	if len(raw.Units) == 0 {
		return nil, &Error{File: name, Msg: "không có đơn vị nào ([units.<mã>])"}
	}
	for code, u := range raw.Units {
		if !codeRe.MatchString(code) {
			return nil, bad(code, fmt.Sprintf("mã đơn vị %q chỉ gồm chữ thường không dấu, số và dấu gạch", code))
		}
		if strings.TrimSpace(u.Name) == "" {
			return nil, bad(code, fmt.Sprintf("đơn vị %s thiếu tên (name)", code))
		}
		if u.Email != "" {
			if _, err := mail.ParseAddress(u.Email); err != nil {
				return nil, bad(code, fmt.Sprintf("đơn vị %s: địa chỉ thư %q không hợp lệ", code, u.Email))
			}
		}
		d.Units = append(d.Units, Unit{Code: code, Name: strings.TrimSpace(u.Name), Symbol: strings.TrimSpace(u.Symbol), Aliases: nonNil(u.Aliases),
			Fields: nonNil(u.Fields), Email: strings.ToLower(strings.TrimSpace(u.Email)), ComponentSite: strings.ToLower(strings.TrimSpace(u.ComponentSite))})
	}
	sort.Slice(d.Units, func(i, j int) bool { return d.Units[i].Code < d.Units[j].Code })
	for host, s := range raw.Sites {
		host = strings.ToLower(host)
		if !hostRe.MatchString(host) {
			return nil, bad(host, fmt.Sprintf("tên trang %q không phải tên miền", host))
		}
		if d.Unit(s.Unit) == nil {
			return nil, bad(host, fmt.Sprintf("trang %s: không có đơn vị %q", host, s.Unit))
		}
		if s.TeamEmail != "" {
			if _, err := mail.ParseAddress(s.TeamEmail); err != nil {
				return nil, bad(host, fmt.Sprintf("trang %s: địa chỉ thư %q không hợp lệ", host, s.TeamEmail))
			}
		}
		d.Sites = append(d.Sites, Site{Host: host, Unit: s.Unit, Name: s.Name, TeamEmail: strings.ToLower(s.TeamEmail)})
	}
	sort.Slice(d.Sites, func(i, j int) bool { return d.Sites[i].Host < d.Sites[j].Host })
	for _, u := range d.Units {
		if u.ComponentSite != "" && d.Site(u.ComponentSite) == nil {
			return nil, bad(u.Code, fmt.Sprintf("đơn vị %s: trang thành phần %q không có trong [sites]", u.Code, u.ComponentSite))
		}
	}
	ids := map[string]bool{}
	for _, p := range raw.People {
		line := lineOfValue(string(src), "id", p.ID)
		perr := func(msg string) error { return &Error{File: name, Line: line, Msg: msg} }
		if !codeRe.MatchString(p.ID) {
			return nil, perr(fmt.Sprintf("mã người %q chỉ gồm chữ thường không dấu, số và dấu gạch", p.ID))
		}
		if ids[p.ID] {
			return nil, perr(fmt.Sprintf("trùng mã người %q", p.ID))
		}
		ids[p.ID] = true
		if _, err := mail.ParseAddress(p.Email); err != nil {
			return nil, perr(fmt.Sprintf("%s: địa chỉ thư %q không hợp lệ", p.ID, p.Email))
		}
		if !slices.Contains(roles, Role(p.Role)) {
			return nil, perr(fmt.Sprintf("%s: vai trò %q phải là editor, board_member, english_team, site_editor hoặc standing_board", p.ID, p.Role))
		}
		if len(p.Fields) == 0 {
			return nil, perr(fmt.Sprintf("%s: cần ít nhất một lĩnh vực (mã đơn vị hoặc \"*\")", p.ID))
		}
		for _, f := range p.Fields {
			if f != "*" && d.Unit(f) == nil {
				return nil, perr(fmt.Sprintf("%s: lĩnh vực %q không phải mã đơn vị", p.ID, f))
			}
		}
		if Role(p.Role) == RoleSiteEditor && d.Site(p.Site) == nil {
			return nil, perr(fmt.Sprintf("%s: biên tập viên trang thành phần cần site là một trang trong [sites]", p.ID))
		}
		avail := p.Available == nil || *p.Available
		d.People = append(d.People, Person{ID: p.ID, Name: p.Name, Email: strings.ToLower(p.Email), Role: Role(p.Role), Fields: p.Fields, Site: strings.ToLower(p.Site), Available: avail})
	}
	return d, nil
}

// Seed returns the versions embedded in the program, oldest first.
func Seed() ([]*Directory, error) {
	names, err := fs.Glob(seedFS, "seed/*.toml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []*Directory
	for _, n := range names {
		f, err := seedFS.Open(n)
		if err != nil {
			return nil, err
		}
		d, err := Load(f, path.Join("internal/directory", n))
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].EffectiveFrom.Before(out[j].EffectiveFrom) })
	return out, nil
}

// Merge lays the versions administrators stored over the seed versions
// shipped with the program: a stored version replaces a seed version of
// the same effective date. The result is ordered by effective date.
func Merge(seed, stored []*Directory) []*Directory {
	out := make([]*Directory, 0, len(seed)+len(stored))
	for _, s := range seed {
		if !slices.ContainsFunc(stored, func(v *Directory) bool { return v.EffectiveFrom == s.EffectiveFrom }) {
			out = append(out, s)
		}
	}
	out = append(out, stored...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].EffectiveFrom.Before(out[j].EffectiveFrom) })
	return out
}

// At picks the version in force on day: the latest that took effect on or
// before it, else the oldest.
func At(versions []*Directory, day workday.Date) *Directory {
	var best *Directory
	for _, v := range versions {
		if v.EffectiveFrom.Before(day) || v.EffectiveFrom == day {
			if best == nil || best.EffectiveFrom.Before(v.EffectiveFrom) {
				best = v
			}
		}
	}
	if best == nil && len(versions) > 0 {
		best = versions[0]
		for _, v := range versions {
			if v.EffectiveFrom.Before(best.EffectiveFrom) {
				best = v
			}
		}
	}
	return best
}

// Unit returns the unit with code, or nil.
func (d *Directory) Unit(code string) *Unit {
	for i := range d.Units {
		if d.Units[i].Code == code {
			return &d.Units[i]
		}
	}
	return nil
}

// Site returns the component site with host, or nil.
func (d *Directory) Site(host string) *Site {
	for i := range d.Sites {
		if d.Sites[i].Host == strings.ToLower(host) {
			return &d.Sites[i]
		}
	}
	return nil
}

// Person returns the person with id, or nil.
func (d *Directory) Person(id string) *Person {
	for i := range d.People {
		if d.People[i].ID == id {
			return &d.People[i]
		}
	}
	return nil
}

// ClassifyUnits is the directory as the classifier needs it.
func (d *Directory) ClassifyUnits() []classify.Unit {
	out := make([]classify.Unit, 0, len(d.Units))
	for _, u := range d.Units {
		out = append(out, classify.Unit{Code: u.Code, Name: u.Name, Symbol: u.Symbol, Aliases: u.Aliases, Email: u.Email, ComponentSite: u.ComponentSite})
	}
	return out
}

// UnitCodes lists the unit codes.
func (d *Directory) UnitCodes() []string {
	out := make([]string, 0, len(d.Units))
	for _, u := range d.Units {
		out = append(out, u.Code)
	}
	return out
}

// Organization returns the name of the unit that owns address (the unit's
// own address or a component site team's), for sender.Known (Điều 9
// khoản 3: the directory completes the sender data of known senders).
func (d *Directory) Organization(address string) (string, bool) {
	a := strings.ToLower(strings.TrimSpace(address))
	if p, err := mail.ParseAddress(address); err == nil {
		a = strings.ToLower(p.Address)
	}
	for _, u := range d.Units {
		if u.Email != "" && u.Email == a {
			return u.Name, true
		}
	}
	for _, s := range d.Sites {
		if s.TeamEmail != "" && s.TeamEmail == a {
			if u := d.Unit(s.Unit); u != nil {
				return u.Name, true
			}
		}
	}
	return "", false
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// lineOf finds the first line that mentions key as a table name or a key.
func lineOf(src, key string) int {
	for i, l := range strings.Split(src, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") {
			continue
		}
		if strings.Contains(t, "."+key+"]") || strings.Contains(t, `."`+key+`"]`) || strings.HasPrefix(t, key+" ") || strings.HasPrefix(t, key+"=") {
			return i + 1
		}
	}
	return 0
}

func lineOfValue(src, key, value string) int {
	for i, l := range strings.Split(src, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(l), "=")
		if ok && strings.TrimSpace(k) == key && strings.Trim(strings.TrimSpace(v), `"`) == value {
			return i + 1
		}
	}
	return 0
}
