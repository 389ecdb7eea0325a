package pgcluster

import (
	"strings"
	"testing"
)

func TestParsePIDFile(t *testing.T) {
	full := "29573\n/tmp/x/data\n1795761691\n39307\n/tmp/x/run\n127.0.0.1\n  1234567    98304\nready   \n"
	pf, err := ParsePIDFile([]byte(full))
	if err != nil {
		t.Fatal(err)
	}
	want := PIDFile{PID: 29573, DataDir: "/tmp/x/data", StartTime: 1795761691, Port: 39307, SocketDir: "/tmp/x/run", Listen: "127.0.0.1", Status: "ready"}
	if pf != want {
		t.Fatalf("ParsePIDFile = %+v, want %+v", pf, want)
	}
	// Written early in start-up: only the first lines exist.
	pf, err = ParsePIDFile([]byte("42\n/d\n"))
	if err != nil || pf.PID != 42 || pf.Port != 0 || pf.Status != "" {
		t.Fatalf("ParsePIDFile(partial) = %+v, %v", pf, err)
	}
	for in, wantErr := range map[string]string{
		"":                  "line 1",
		"abc\n":             "line 1",
		"-5\n":              "line 1",
		"7\n/d\nsoon\n":     "line 3",
		"7\n/d\n1\n70000\n": "line 4",
		"7\n/d\n1\nport\n":  "line 4",
		"7\n\xff\xfe\n":     "UTF-8",
	} {
		if _, err := ParsePIDFile([]byte(in)); err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("ParsePIDFile(%q) error = %v, want it to mention %q", in, err, wantErr)
		}
	}
}

func FuzzParsePIDFile(f *testing.F) {
	f.Add([]byte("29573\n/tmp/x/data\n1795761691\n39307\n/tmp/x/run\n127.0.0.1\n  1234567    98304\nready   \n"))
	f.Add([]byte("1\n"))
	f.Add([]byte("\n\n\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		pf, err := ParsePIDFile(b)
		if err != nil {
			return
		}
		if pf.PID <= 0 || pf.Port < 0 || pf.Port > 65535 {
			t.Fatalf("ParsePIDFile(%q) accepted %+v", b, pf)
		}
	})
}
