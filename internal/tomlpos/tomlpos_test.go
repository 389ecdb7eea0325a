package tomlpos

import (
	"errors"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

const src = `version = "2026-04-20" # top
[thresholds]
min = 3

[[rule]]
id = "a"
[[rule]] # second
id = "b"
extra = 1
[signals]
"x" = 2
`

func TestLines(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  int
		want int
	}{
		{"entry key", EntryLine(src, "rule", 1, "id"), 8},
		{"entry header", EntryLine(src, "rule", 1, ""), 7},
		{"entry absent", EntryLine(src, "rule", 2, "id"), 0},
		{"first assignment anywhere", EntryLine(src, "", 0, "id"), 6},
		{"table key", TableLine(src, "thresholds", "min"), 3},
		{"table key absent: header", TableLine(src, "thresholds", "max"), 2},
		{"quoted key", TableLine(src, "signals", "x"), 11},
		{"top key", TopLine(src, "version"), 1},
		{"top table", TopLine(src, "signals"), 10},
		{"undecoded in an entry", KeyLine(src, toml.Key{"rule", "extra"}), 9},
		{"undecoded in a table", KeyLine(src, toml.Key{"thresholds", "min"}), 3},
		{"undecoded at the top", KeyLine(src, toml.Key{"version"}), 1},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: line %d, want %d", tc.name, tc.got, tc.want)
		}
	}
}

func TestDecodeError(t *testing.T) {
	var v struct{ Days int }
	_, err := toml.Decode("a = 1\ndays = \"x\"\n", &v)
	e := DecodeError("rules.toml", err)
	if e.Line != 2 || !strings.HasPrefix(e.Msg, "kiểu giá trị sai: ") || strings.Contains(e.Msg, "toml: line") {
		t.Errorf("type error: %+v", e)
	}
	_, err = toml.Decode("a = 1\nb = \"x\n", &v)
	e = DecodeError("rules.toml", err)
	if e.Line != 2 || !strings.HasPrefix(e.Msg, "cú pháp TOML sai: ") {
		t.Errorf("syntax error: %+v", e)
	}
	var as *Error
	if !errors.As(error(e), &as) || !strings.HasPrefix(e.Error(), "rules.toml:2: cú pháp TOML sai: ") {
		t.Errorf("Error() = %q", e.Error())
	}
	if got := (&Error{File: "f", Key: "id", Value: `""`, Msg: "m"}).Error(); got != `f: id = "": m` {
		t.Errorf("without a line: %q", got)
	}
}

// FuzzLines: the line finders never panic and return a line of the text
// (or 0) on any input.
func FuzzLines(f *testing.F) {
	f.Add(src, "rule", "id")
	f.Add("[[", "", "")
	f.Add("[a]\n=\n\"\"=1", "a", "")
	f.Fuzz(func(t *testing.T, s, table, key string) {
		n := strings.Count(s, "\n") + 1
		for _, l := range []int{EntryLine(s, table, 1, key), EntryLine(s, "", 0, key), TableLine(s, table, key), TopLine(s, key),
			KeyLine(s, toml.Key{table, key})} {
			if l < 0 || l > n {
				t.Fatalf("line %d of a %d-line text", l, n)
			}
		}
	})
}
