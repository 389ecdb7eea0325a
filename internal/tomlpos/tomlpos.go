// Package tomlpos places the errors of the TOML files staff edit by hand
// (the official schedule, the deadline rules, the classification rules) at
// their file and line, so that whoever edited the file is told where to
// look, in Vietnamese. It is pure: text in, lines out. The line finders
// read the plain "[table]", "[[table]]", "key = value" layout those files
// are written in and return 0 for anything else (the error then names the
// file and key without a line).
package tomlpos

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Error is a file that cannot be used: the file, the line (0 if unknown),
// the key and the offending value, and why.
type Error struct {
	File  string
	Line  int
	Key   string
	Value string
	Msg   string
}

// Error formats the error as "file:line: key = value: message".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		fmt.Fprintf(&b, "%s = %s: ", e.Key, e.Value)
	}
	b.WriteString(e.Msg)
	return b.String()
}

var lineRe = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "[^"]*"\))?:?`)

// DecodeError turns an error of toml.Decode into an *Error with its line:
// a syntax error (toml.ParseError) or a value of the wrong type.
func DecodeError(file string, err error) *Error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return &Error{File: file, Line: pe.Position.Line, Msg: "cú pháp TOML sai: " + pe.Message}
	}
	msg, line := err.Error(), 0
	if m := lineRe.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimSpace(lineRe.ReplaceAllString(msg, ""))
	}
	return &Error{File: file, Line: line, Msg: "kiểu giá trị sai: " + strings.TrimPrefix(msg, "toml: ")}
}

// header reads a table header line ("[a]", "[[a]] # note"): its name and
// whether it is an array-of-tables entry; ok is false for other lines.
func header(t string) (name string, array, ok bool) {
	if !strings.HasPrefix(t, "[") {
		return "", false, false
	}
	return strings.Trim(strings.TrimSpace(strings.SplitN(t, "#", 2)[0]), "[] "), strings.HasPrefix(t, "[["), true
}

// assigns reports whether the line t assigns key.
func assigns(t, key string) bool {
	k, _, ok := strings.Cut(t, "=")
	return ok && strings.Trim(strings.TrimSpace(k), `"`) == key
}

// EntryLine is the line of key in the nth (0-based) [[table]] entry of src,
// or with key "" the entry's header line. With table "" it is the first
// line assigning key anywhere.
func EntryLine(src, table string, nth int, key string) int {
	count := -1
	in := table == ""
	for i, l := range strings.Split(src, "\n") {
		t := strings.TrimSpace(l)
		if h, array, ok := header(t); ok {
			if table == "" {
				continue
			}
			in = false
			if h == table && array {
				count++
				in = count == nth
				if in && key == "" {
					return i + 1
				}
			}
			continue
		}
		if in && key != "" && assigns(t, key) {
			return i + 1
		}
	}
	return 0
}

// EntryKeyLine is the line of key in the nth [[table]] entry, else the
// entry's header line.
func EntryKeyLine(src, table string, nth int, key string) int {
	if l := EntryLine(src, table, nth, key); l > 0 {
		return l
	}
	return EntryLine(src, table, nth, "")
}

// TableLine is the line of key inside the [table] section, the header's
// line when the key is absent, 0 without the section.
func TableLine(src, table, key string) int {
	in, head := false, 0
	for i, l := range strings.Split(src, "\n") {
		t := strings.TrimSpace(l)
		if h, array, ok := header(t); ok {
			in = h == table && !array
			if in {
				head = i + 1
			}
			continue
		}
		if in && assigns(t, key) {
			return i + 1
		}
	}
	return head
}

// TopLine is the line of a top-level key (the first assignment of it), or
// of a table of that name.
func TopLine(src, key string) int {
	for i, l := range strings.Split(src, "\n") {
		t := strings.TrimSpace(l)
		if h, _, ok := header(t); ok {
			if h == key {
				return i + 1
			}
			continue
		}
		if assigns(t, key) {
			return i + 1
		}
	}
	return 0
}

// KeyLine places a key the decoder did not expect (toml.MetaData's
// Undecoded): its last part in any [[table]] entry, else in the [table]
// section, else at the top level.
func KeyLine(src string, k toml.Key) int {
	if len(k) == 0 {
		return 0
	}
	last := k[len(k)-1]
	if len(k) >= 2 {
		// Array entries are not indexed in Undecoded: search each one.
		for n := 0; EntryLine(src, k[0], n, "") > 0; n++ {
			if l := EntryLine(src, k[0], n, last); l > 0 {
				return l
			}
		}
		if l := TableLine(src, k[0], last); l > 0 {
			return l
		}
	}
	return TopLine(src, last)
}
