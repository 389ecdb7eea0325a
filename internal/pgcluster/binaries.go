package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Binaries is a matched set of PostgreSQL server programs: initdb reports the
// same version as postgres.
type Binaries struct {
	// Postgres is the path of the postgres (postmaster) program.
	Postgres string
	// Initdb is the path of the initdb program.
	Initdb string
	// Version is the version postgres reports, e.g. "15.20 (Debian 15.20-0+deb12u1)".
	Version string
}

// Major returns the major version number ("15" for "15.20 (Debian …)",
// "9.6" for "9.6.24"), the form written into PG_VERSION.
func (b Binaries) Major() string {
	return majorVersion(b.Version)
}

// debianRoot is where Debian's postgresql-common installs one directory per
// major version; a variable so tests can point it elsewhere.
var debianRoot = "/usr/lib/postgresql"

// FindBinaries locates a matched postgres/initdb pair. When binDir is not
// empty only that directory is considered; otherwise PATH, then
// `pg_config --bindir`, then the highest /usr/lib/postgresql/*/bin.
func FindBinaries(ctx context.Context, binDir string) (Binaries, error) {
	var tried []string
	try := func(postgres, initdb string) (Binaries, bool) {
		b, err := checkPair(ctx, postgres, initdb)
		if err != nil {
			tried = append(tried, err.Error())
			return Binaries{}, false
		}
		return b, true
	}
	if binDir != "" {
		if b, ok := try(filepath.Join(binDir, "postgres"), filepath.Join(binDir, "initdb")); ok {
			return b, nil
		}
		return Binaries{}, fmt.Errorf("pgcluster: no usable PostgreSQL server binaries in %s: %s", binDir, strings.Join(tried, "; "))
	}
	for _, c := range candidates(ctx) {
		if b, ok := try(c[0], c[1]); ok {
			return b, nil
		}
	}
	if len(tried) == 0 {
		tried = append(tried, "postgres not on PATH, no pg_config, nothing under "+debianRoot)
	}
	return Binaries{}, fmt.Errorf("pgcluster: no usable PostgreSQL server binaries (install the Debian package postgresql): %s", strings.Join(tried, "; "))
}

// candidates lists (postgres, initdb) pairs in order of preference.
func candidates(ctx context.Context) [][2]string {
	var out [][2]string
	seen := map[[2]string]bool{}
	add := func(p, i string) {
		k := [2]string{p, i}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	if pg, err := exec.LookPath("postgres"); err == nil {
		// The initdb built together with this postgres lives beside its real
		// file; a same-named program elsewhere on PATH may be a wrapper.
		if real, err := filepath.EvalSymlinks(pg); err == nil {
			add(real, filepath.Join(filepath.Dir(real), "initdb"))
		}
		if in, err := exec.LookPath("initdb"); err == nil {
			add(pg, in)
		}
	}
	if pgc, err := exec.LookPath("pg_config"); err == nil {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		outb, err := exec.CommandContext(cctx, pgc, "--bindir").Output()
		cancel()
		if dir := strings.TrimSpace(string(outb)); err == nil && dir != "" {
			add(filepath.Join(dir, "postgres"), filepath.Join(dir, "initdb"))
		}
	}
	if dir := highestDebianBinDir(debianRoot); dir != "" {
		add(filepath.Join(dir, "postgres"), filepath.Join(dir, "initdb"))
	}
	return out
}

// highestDebianBinDir returns root/<highest major>/bin that holds a postgres
// program, or "" when there is none.
func highestDebianBinDir(root string) string {
	entries, err := os.ReadDir(root)
	if err != nil {
		return ""
	}
	type cand struct {
		dir string
		ver []int
	}
	var cs []cand
	for _, e := range entries {
		v, ok := parseNumericVersion(e.Name())
		if !ok {
			continue
		}
		dir := filepath.Join(root, e.Name(), "bin")
		if fi, err := os.Stat(filepath.Join(dir, "postgres")); err == nil && !fi.IsDir() {
			cs = append(cs, cand{dir, v})
		}
	}
	if len(cs) == 0 {
		return ""
	}
	sort.Slice(cs, func(i, j int) bool { return lessVersion(cs[j].ver, cs[i].ver) })
	return cs[0].dir
}

// parseNumericVersion parses "15" or "9.6" into its numeric components.
func parseNumericVersion(s string) ([]int, bool) {
	if s == "" {
		return nil, false
	}
	parts := strings.Split(s, ".")
	out := make([]int, 0, len(parts))
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p == "" || p[0] == '+' {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

func lessVersion(a, b []int) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}

// checkPair runs `--version` on both programs and accepts them when both are
// PostgreSQL programs of the same version.
func checkPair(ctx context.Context, postgres, initdb string) (Binaries, error) {
	pv, err := programVersion(ctx, postgres, "postgres")
	if err != nil {
		return Binaries{}, err
	}
	iv, err := programVersion(ctx, initdb, "initdb")
	if err != nil {
		return Binaries{}, err
	}
	if pv != iv {
		return Binaries{}, fmt.Errorf("%s is version %q but %s is version %q", postgres, pv, initdb, iv)
	}
	return Binaries{Postgres: postgres, Initdb: initdb, Version: pv}, nil
}

func programVersion(ctx context.Context, path, name string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if fi.IsDir() || fi.Mode().Perm()&0o111 == 0 {
		return "", fmt.Errorf("%s: not an executable file", path)
	}
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	out, err := exec.CommandContext(cctx, path, "--version").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && len(ee.Stderr) > 0 {
			return "", fmt.Errorf("%s --version: %w: %s", path, err, strings.TrimSpace(string(ee.Stderr)))
		}
		return "", fmt.Errorf("%s --version: %w", path, err)
	}
	v, err := ParseVersion(string(out), name)
	if err != nil {
		return "", fmt.Errorf("%s --version: %w", path, err)
	}
	return v, nil
}

// ParseVersion extracts the version from the output of `PROGRAM --version`,
// e.g. "postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n" yields
// "15.20 (Debian 15.20-0+deb12u1)". It fails when the output is not that of
// the named PostgreSQL program.
func ParseVersion(output, program string) (string, error) {
	line, _, _ := strings.Cut(output, "\n")
	line = strings.TrimSpace(line)
	prefix := program + " (PostgreSQL) "
	rest, ok := strings.CutPrefix(line, prefix)
	if !ok {
		return "", fmt.Errorf("unexpected version line %q, want %q followed by a version", truncate(line, 80), prefix)
	}
	rest = strings.TrimSpace(rest)
	if majorVersion(rest) == "" {
		return "", fmt.Errorf("unexpected version %q in %q", truncate(rest, 40), truncate(line, 80))
	}
	return rest, nil
}

// majorVersion returns "15" for "15.20 …", "16" for "16beta1" and "9.6" for
// "9.6.24"; "" when the text does not start with a version number.
func majorVersion(v string) string {
	if v == "" || v[0] < '0' || v[0] > '9' {
		return ""
	}
	end := 0
	for end < len(v) && (v[end] >= '0' && v[end] <= '9' || v[end] == '.') {
		end++
	}
	num := strings.Trim(v[:end], ".")
	parts := strings.Split(num, ".")
	if num == "" || parts[0] == "" {
		return ""
	}
	major, err := strconv.Atoi(parts[0])
	if err != nil {
		return ""
	}
	if major < 10 && len(parts) >= 2 && parts[1] != "" {
		return parts[0] + "." + parts[1]
	}
	return parts[0]
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
