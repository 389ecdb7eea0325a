package classify

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func shipped(t testing.TB) *Rules {
	t.Helper()
	f, err := os.Open("../../config/classify.rules.toml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rs, err := Load(f, "config/classify.rules.toml", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestShippedRulesLoad(t *testing.T) {
	rs := shipped(t)
	if rs.Version == "" || len(rs.Rules) < 30 {
		t.Fatalf("version %q, %d rules", rs.Version, len(rs.Rules))
	}
	for _, d := range []Decision{DecideKind, DecideCategory, DecideTiming, DecideUnit, DecideComplex} {
		n := 0
		for _, r := range rs.Rules {
			if r.Decision == d {
				n++
				if r.Line == 0 {
					t.Errorf("rule %s: no line", r.ID)
				}
			}
		}
		if n == 0 {
			t.Errorf("no rule decides %s", d)
		}
	}
}

const minimal = `version = "t1"
own_domains = ["tiepnhan.moj.gov.vn"]

[defaults]
kind = "other"
category = "8.3"
timing = "other"
language = "vi"

[secrecy]
marks = ["LƯU HÀNH NỘI BỘ"]
upper_marks = ["MẬT"]

[[rule]]
id = "kind.publish"
decide = "kind"
value = "publish"
weight = 3
any = ["đăng tải"]
`

func TestLoadMinimal(t *testing.T) {
	rs, err := Load(strings.NewReader(minimal), "m.toml", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := rs.Rules[0]
	if r.Line != 14 || r.MinHits != 1 || r.MaxHits != 1 || len(r.In) != 2 {
		t.Errorf("rule = %+v", r)
	}
	if rs.Thresholds.KindMin != 2 || rs.Thresholds.DuplicateJaccard != 0.5 {
		t.Errorf("default thresholds not applied: %+v", rs.Thresholds)
	}
}

// Every bad file is rejected with the file, the line of the offending key
// and a reason that names it.
func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, edit, line, want string
	}{
		{"syntax", `any = ["đăng tải"]`, `any = ["đăng tải"`, "cú pháp TOML"},
		{"unknown decision", `decide = "kind"`, `decide = "mood"`, "decide"},
		{"value for decision", `value = "publish"`, `value = "8.9"`, "value"},
		{"zero weight", `weight = 3`, `weight = 0`, "weight"},
		{"wrong type", `weight = 3`, `weight = "ba"`, "kiểu giá trị"},
		{"bad scope", `any = ["đăng tải"]`, "any = [\"đăng tải\"]\nin = [\"header\"]", "in"},
		{"empty phrase", `any = ["đăng tải"]`, `any = ["đăng tải", " ; "]`, "any"},
		{"unknown key", `any = ["đăng tải"]`, "any = [\"đăng tải\"]\nwieght = 2", "wieght"},
		{"bad default", `kind = "other"`, `kind = "spam"`, "defaults.kind"},
		{"threshold", `[defaults]`, "[thresholds]\nduplicate_jaccard = 2\n\n[defaults]", "duplicate_jaccard"},
		{"category on kind rule", `any = ["đăng tải"]`, "any = [\"đăng tải\"]\nwhen_category = [\"8.1\"]", "when_"},
		{"no condition", `any = ["đăng tải"]`, `note = "x"`, "không có điều kiện"},
		{"no version", `version = "t1"`, `version = ""`, "version"},
		{"max hits without any", `any = ["đăng tải"]`, "when_document = true\nmax_hits = 3", "max_hits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := minimal
			if !strings.Contains(src, tc.edit) {
				t.Fatalf("edit %q not in the minimal file", tc.edit)
			}
			src = strings.Replace(src, tc.edit, tc.line, 1)
			_, err := Load(strings.NewReader(src), "rules.toml", LoadOptions{})
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want *FileError", err)
			}
			if fe.File != "rules.toml" || fe.Line == 0 {
				t.Errorf("error %q: file %q line %d", err, fe.File, fe.Line)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not name %q", err, tc.want)
			}
			lines := strings.Split(src, "\n")
			if fe.Line > len(lines) {
				t.Fatalf("line %d beyond the file", fe.Line)
			}
		})
	}
}

func TestLoadErrorLinePointsAtKey(t *testing.T) {
	src := strings.Replace(minimal, `weight = 3`, `weight = 0`, 1)
	_, err := Load(strings.NewReader(src), "r.toml", LoadOptions{})
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatal(err)
	}
	if got := strings.Split(src, "\n")[fe.Line-1]; got != "weight = 0" {
		t.Errorf("line %d is %q, want the weight line", fe.Line, got)
	}
}

func TestLoadUnknownUnit(t *testing.T) {
	src := minimal + "\n[[rule]]\nid = \"u\"\ndecide = \"unit\"\nvalue = \"cuc-khong-co\"\nany = [\"hộ tịch\"]\n"
	if _, err := Load(strings.NewReader(src), "r.toml", LoadOptions{}); err != nil {
		t.Fatalf("without a directory any unit code is accepted: %v", err)
	}
	_, err := Load(strings.NewReader(src), "r.toml", LoadOptions{Units: []string{"cuc-hctp"}})
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Msg, "danh bạ") || fe.Line != 24 {
		t.Fatalf("err = %v (line %d)", err, fe.Line)
	}
}

func TestLoadDuplicateID(t *testing.T) {
	src := minimal + "\n[[rule]]\nid = \"kind.publish\"\ndecide = \"kind\"\nvalue = \"query\"\nany = [\"hỏi\"]\n"
	_, err := Load(strings.NewReader(src), "r.toml", LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "dòng 15") {
		t.Fatalf("err = %v, want the line of the first definition", err)
	}
}

func TestLoadTooLarge(t *testing.T) {
	_, err := Load(strings.NewReader(strings.Repeat("#", MaxRulesBytes+1)), "big.toml", LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "1 MiB") {
		t.Fatalf("err = %v", err)
	}
}

func FuzzLoad(f *testing.F) {
	b, err := os.ReadFile("../../config/classify.rules.toml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	f.Add(minimal)
	f.Add(strings.Replace(minimal, "weight = 3", "weight = nan", 1))
	f.Add("[[rule]]\n[[rule]]\nid=1")
	f.Fuzz(func(t *testing.T, src string) {
		rs, err := Load(strings.NewReader(src), "f.toml", LoadOptions{Units: []string{"cuc-hctp"}})
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.File != "f.toml" || fe.Msg == "" {
				t.Fatalf("error %v is not a FileError naming the file", err)
			}
			if fe.Line < 0 || fe.Line > strings.Count(src, "\n")+1 {
				t.Fatalf("line %d outside the file", fe.Line)
			}
			return
		}
		if rs.Version == "" || len(rs.Rules) == 0 {
			t.Fatal("accepted rules without version or rules")
		}
		// Accepted rules must classify without panicking.
		Classify(rs, Input{Subject: "Xin hỏi về hộ tịch", Body: "MẬT"}, Options{})
	})
}
