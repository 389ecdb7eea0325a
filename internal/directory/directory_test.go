package directory

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/moj-portal/tiepnhan/internal/workday"
)

func seed(t testing.TB) *Directory {
	t.Helper()
	vs, err := Seed()
	if err != nil {
		t.Fatal(err)
	}
	return vs[len(vs)-1]
}

// The seed holds the 20 units of testdata/corpus/units.toml (the labels'
// codes), with the same names, symbols and addresses.
func TestSeedMatchesCorpusUnits(t *testing.T) {
	d := seed(t)
	var corpus struct {
		Units map[string]struct {
			Name, Symbol, Email string
			ComponentSite       string `toml:"component_site"`
		}
	}
	if _, err := toml.DecodeFile("../../testdata/corpus/units.toml", &corpus); err != nil {
		t.Fatal(err)
	}
	if len(d.Units) != 20 || len(corpus.Units) != 20 {
		t.Fatalf("%d seed units, %d corpus units", len(d.Units), len(corpus.Units))
	}
	for code, cu := range corpus.Units {
		u := d.Unit(code)
		if u == nil {
			t.Errorf("unit %s missing from the seed", code)
			continue
		}
		if u.Name != cu.Name || u.Symbol != cu.Symbol || u.Email != cu.Email || u.ComponentSite != cu.ComponentSite {
			t.Errorf("%s: seed %+v, corpus %+v", code, *u, cu)
		}
	}
	if d.EffectiveFrom.String() != "2026-01-10" || d.VerifiedAddresses {
		t.Errorf("effective %s verified %v", d.EffectiveFrom, d.VerifiedAddresses)
	}
	if org, ok := d.Organization("Văn phòng <VANPHONG@moj.gov.vn>"); !ok || org != "Văn phòng Bộ" {
		t.Errorf("Organization = %q %v", org, ok)
	}
	if _, ok := d.Organization("someone@gmail.com"); ok {
		t.Error("unknown address found")
	}
}

func TestAt(t *testing.T) {
	old := &Directory{EffectiveFrom: workday.Date{Year: 2025, Month: 1, Day: 1}}
	cur := &Directory{EffectiveFrom: workday.Date{Year: 2026, Month: 1, Day: 10}}
	vs := []*Directory{cur, old}
	for day, want := range map[workday.Date]*Directory{
		{Year: 2026, Month: 1, Day: 9}:  old,
		{Year: 2026, Month: 1, Day: 10}: cur,
		{Year: 2027, Month: 5, Day: 1}:  cur,
		{Year: 2020, Month: 1, Day: 1}:  old, // before every version: the oldest
	} {
		if got := At(vs, day); got != want {
			t.Errorf("At(%s) = %s", day, got.EffectiveFrom)
		}
	}
	if At(nil, workday.Date{Year: 2026, Month: 1, Day: 1}) != nil {
		t.Error("At(nil) not nil")
	}
}

func TestAssign(t *testing.T) {
	d := seed(t)
	// By field: btv-02 and btv-04 handle cuc-hctp by name; btv-04 is less loaded.
	p, ok := d.Assign(RoleEditor, "cuc-hctp", "", Loads{"btv-02": 3, "btv-04": 1, "btv-05": 0}, nil)
	if !ok || p.Person.ID != "btv-04" {
		t.Fatalf("pick %+v %v", p, ok)
	}
	// Tie: the lowest id.
	if p, _ := d.Assign(RoleEditor, "cuc-hctp", "", Loads{}, nil); p.Person.ID != "btv-02" {
		t.Errorf("tie: %s", p.Person.ID)
	}
	// Both specialists away: the generalist.
	p, ok = d.Assign(RoleEditor, "cuc-hctp", "", Loads{"btv-05": 9}, map[string]bool{"btv-02": true, "btv-04": true})
	if !ok || p.Person.ID != "btv-05" || !strings.Contains(p.Reason, "chung") {
		t.Errorf("away: %+v", p)
	}
	// Site editors only of their site.
	if p, ok := d.Assign(RoleSiteEditor, "cuc-qlthads", "thads.moj.gov.vn", Loads{"thads-01": 2}, nil); !ok || p.Person.ID != "thads-02" {
		t.Errorf("site: %+v", p)
	}
	if _, ok := d.Assign(RoleSiteEditor, "cuc-qlthads", "other.moj.gov.vn", nil, nil); ok {
		t.Error("site editor of another site picked")
	}
	// Nobody available.
	away := map[string]bool{}
	for _, p := range d.People {
		away[p.ID] = true
	}
	if _, ok := d.Assign(RoleEditor, "", "", nil, away); ok {
		t.Error("picked somebody while everybody is away")
	}
	for _, target := range []string{"portal_editor", "board_member", "english_team", "component_site", "standing_board"} {
		if _, ok := RoleFor(target); !ok {
			t.Errorf("no role for %s", target)
		}
	}
	if _, ok := RoleFor("unit"); ok {
		t.Error("unit is forwarded, not assigned to a person")
	}
}

func TestLoadErrors(t *testing.T) {
	b, err := os.ReadFile("seed/2026-01-10.toml")
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	for _, tc := range []struct{ from, to, want string }{
		{`effective_from = "2026-01-10"`, `effective_from = "2026-13-45"`, "effective_from"},
		{`email = "cuchctp@moj.gov.vn"`, `email = "cuchctp at moj"`, "cuchctp at moj"},
		{`role = "board_member"`, `role = "boss"`, "boss"},
		{`fields = ["cuc-dkgdbd-bt", "cuc-plds-kt", "cuc-bttp", "cuc-plqt"]`, `fields = ["cuc-khong-co"]`, "cuc-khong-co"},
		{`unit = "cuc-qlthads"`, `unit = "cuc-x"`, "cuc-x"},
		{`id = "btv-02"`, `id = "btv-01"`, "trùng"},
		{`symbol = "HCTP"`, `symbl = "HCTP"`, "symbl"},
		// TOML errors placed by tomlpos: a syntax error and a value of
		// the wrong type, each at its line, the "toml: line N" prefix gone.
		{`symbol = "HCTP"`, `symbol = "HCTP`, "cú pháp TOML sai"},
		{`symbol = "HCTP"`, `symbol = 7`, "kiểu giá trị sai"},
	} {
		if !strings.Contains(src, tc.from) {
			t.Fatalf("%q not in the seed", tc.from)
		}
		_, err := Load(strings.NewReader(strings.Replace(src, tc.from, tc.to, 1)), "d.toml")
		var de *Error
		if !errors.As(err, &de) || de.File != "d.toml" || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s → %s: err %v", tc.from, tc.to, err)
			continue
		}
		if de.Line == 0 || strings.Contains(de.Msg, "toml: line") {
			t.Errorf("%s: no line or a raw decoder message in %v", tc.to, err)
		}
	}
}

func FuzzLoad(f *testing.F) {
	b, _ := os.ReadFile("seed/2026-01-10.toml")
	f.Add(string(b))
	f.Add("effective_from = \"2026-01-01\"\n[units.a]\nname = \"A\"\n[[people]]\nid = \"p\"\nemail = \"p@x.vn\"\nrole = \"editor\"\nfields = [\"*\"]\n")
	f.Fuzz(func(t *testing.T, src string) {
		d, err := Load(strings.NewReader(src), "f.toml")
		if err != nil {
			var de *Error
			if !errors.As(err, &de) || de.File != "f.toml" {
				t.Fatalf("error %v without the file", err)
			}
			return
		}
		for _, u := range d.Units {
			if d.Unit(u.Code) == nil {
				t.Fatal("unit not found by its code")
			}
		}
		d.Assign(RoleEditor, "a", "", nil, nil)
		_ = d.ClassifyUnits()
	})
}

// TestMerge: a stored version replaces the seed version of its date; the
// others stay, in date order.
func TestMerge(t *testing.T) {
	day := func(m time.Month) workday.Date { return workday.Date{Year: 2026, Month: m, Day: 1} }
	seedJan, seedJun := &Directory{EffectiveFrom: day(time.January)}, &Directory{EffectiveFrom: day(time.June)}
	storedJun, storedMar := &Directory{EffectiveFrom: day(time.June)}, &Directory{EffectiveFrom: day(time.March)}
	got := Merge([]*Directory{seedJan, seedJun}, []*Directory{storedJun, storedMar})
	want := []*Directory{seedJan, storedMar, storedJun}
	if !slices.Equal(got, want) {
		t.Fatalf("Merge = %v, want %v", got, want)
	}
	if At(got, day(time.July)) != storedJun {
		t.Error("the stored June version is not in force in July")
	}
	if got := Merge([]*Directory{seedJan}, nil); !slices.Equal(got, []*Directory{seedJan}) {
		t.Errorf("no stored versions: %v", got)
	}
}
