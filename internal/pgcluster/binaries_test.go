package pgcluster

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseVersion(t *testing.T) {
	tests := []struct {
		out, program, want, wantErr string
	}{
		{"postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n", "postgres", "15.20 (Debian 15.20-0+deb12u1)", ""},
		{"initdb (PostgreSQL) 16.4\n", "initdb", "16.4", ""},
		{"postgres (PostgreSQL) 17beta2\n", "postgres", "17beta2", ""},
		{"postgres (PostgreSQL) 9.6.24\nextra", "postgres", "9.6.24", ""},
		{"initdb (PostgreSQL) 15.20\n", "postgres", "", "want \"postgres (PostgreSQL) \""},
		{"postgres (PostgreSQL) devel\n", "postgres", "", "unexpected version"},
		{"", "postgres", "", "unexpected version line"},
		{"pg_wrapper: no clusters\n", "initdb", "", "unexpected version line"},
	}
	for _, tt := range tests {
		got, err := ParseVersion(tt.out, tt.program)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseVersion(%q, %q) error = %v, want it to contain %q", tt.out, tt.program, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseVersion(%q, %q) = %q, %v; want %q", tt.out, tt.program, got, err, tt.want)
		}
	}
}

func TestMajorVersion(t *testing.T) {
	for in, want := range map[string]string{
		"15.20 (Debian 15.20-0+deb12u1)": "15",
		"16beta1":                        "16",
		"9.6.24":                         "9.6",
		"10.1":                           "10",
		"":                               "",
		"devel":                          "",
		".5":                             "",
	} {
		if got := majorVersion(in); got != want {
			t.Errorf("majorVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseVersion(f *testing.F) {
	f.Add("postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n", "postgres")
	f.Add("initdb (PostgreSQL) 9.6.24", "initdb")
	f.Add("postgres (PostgreSQL) .\n", "postgres")
	f.Fuzz(func(t *testing.T, out, program string) {
		v, err := ParseVersion(out, program)
		if err != nil {
			return
		}
		if v == "" || majorVersion(v) == "" {
			t.Fatalf("ParseVersion(%q, %q) accepted %q without a major version", out, program, v)
		}
		if !strings.Contains(out, program+" (PostgreSQL) ") {
			t.Fatalf("ParseVersion(%q, %q) accepted output of another program", out, program)
		}
	})
}

// writeScript writes an executable shell script printing line.
func writeScript(t *testing.T, path, line string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("#!/bin/sh\necho '"+line+"'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestFindBinariesRejectsMismatchedPair(t *testing.T) {
	dir := t.TempDir()
	writeScript(t, filepath.Join(dir, "postgres"), "postgres (PostgreSQL) 15.1")
	writeScript(t, filepath.Join(dir, "initdb"), "initdb (PostgreSQL) 14.2")
	_, err := FindBinaries(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), `"15.1"`) || !strings.Contains(err.Error(), `"14.2"`) {
		t.Fatalf("FindBinaries with 15.1/14.2 = %v, want an error naming both versions", err)
	}
	writeScript(t, filepath.Join(dir, "initdb"), "initdb (PostgreSQL) 15.1")
	b, err := FindBinaries(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if b.Postgres != filepath.Join(dir, "postgres") || b.Initdb != filepath.Join(dir, "initdb") || b.Version != "15.1" || b.Major() != "15" {
		t.Fatalf("FindBinaries = %+v", b)
	}
}

func TestFindBinariesMissingDir(t *testing.T) {
	_, err := FindBinaries(context.Background(), filepath.Join(t.TempDir(), "nope"))
	if err == nil || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("FindBinaries(missing dir) = %v, want an error naming the directory", err)
	}
}

func TestHighestDebianBinDir(t *testing.T) {
	root := t.TempDir()
	for _, v := range []string{"9.6", "10", "15", "16", "common", "15.bak"} {
		if err := os.MkdirAll(filepath.Join(root, v, "bin"), 0o755); err != nil {
			t.Fatal(err)
		}
		if v != "16" { // 16 has no postgres program
			writeScript(t, filepath.Join(root, v, "bin", "postgres"), "postgres (PostgreSQL) "+v)
		}
	}
	if got, want := highestDebianBinDir(root), filepath.Join(root, "15", "bin"); got != want {
		t.Fatalf("highestDebianBinDir = %q, want %q", got, want)
	}
	if got := highestDebianBinDir(filepath.Join(root, "absent")); got != "" {
		t.Fatalf("highestDebianBinDir(absent) = %q, want \"\"", got)
	}
}

func TestFindBinariesFallsBackToDebianLayout(t *testing.T) {
	root := t.TempDir()
	for _, v := range []string{"14", "15"} {
		bin := filepath.Join(root, v, "bin")
		if err := os.MkdirAll(bin, 0o755); err != nil {
			t.Fatal(err)
		}
		writeScript(t, filepath.Join(bin, "postgres"), "postgres (PostgreSQL) "+v+".3")
		writeScript(t, filepath.Join(bin, "initdb"), "initdb (PostgreSQL) "+v+".3")
	}
	old := debianRoot
	debianRoot = root
	t.Cleanup(func() { debianRoot = old })
	t.Setenv("PATH", t.TempDir()) // nothing on PATH, no pg_config
	b, err := FindBinaries(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if b.Postgres != filepath.Join(root, "15", "bin", "postgres") || b.Version != "15.3" {
		t.Fatalf("FindBinaries = %+v, want the 15 directory", b)
	}
}

// A wrapper initdb earlier on PATH must lose to the initdb that sits beside
// the real postgres binary.
func TestFindBinariesPrefersSiblingOfRealPostgres(t *testing.T) {
	real, err := FindBinaries(context.Background(), "")
	if err != nil {
		t.Skipf("no PostgreSQL server binaries: %v", err)
	}
	fake := t.TempDir()
	if err := os.Symlink(real.Postgres, filepath.Join(fake, "postgres")); err != nil {
		t.Fatal(err)
	}
	writeScript(t, filepath.Join(fake, "initdb"), "initdb (PostgreSQL) 99.0 (wrapper)")
	t.Setenv("PATH", fake)
	b, err := FindBinaries(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	resolved, _ := filepath.EvalSymlinks(real.Postgres)
	if b.Initdb != filepath.Join(filepath.Dir(resolved), "initdb") || b.Version != real.Version {
		t.Fatalf("FindBinaries = %+v, want initdb beside %s", b, resolved)
	}
}
