package pgcluster

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// PIDFile is the content of a data directory's postmaster.pid (PostgreSQL
// 10 and later, src/include/utils/pidfile.h): one value per line.
type PIDFile struct {
	PID       int    // line 1: postmaster PID
	DataDir   string // line 2: data directory
	StartTime int64  // line 3: start time, seconds since the epoch
	Port      int    // line 4: port
	SocketDir string // line 5: first unix socket directory ("" when none)
	Listen    string // line 6: first listen_addresses entry
	Status    string // line 8: "starting", "ready", "stopping" (absent while starting up)
}

// ParsePIDFile parses postmaster.pid. Only the PID is required: the server
// writes the remaining lines as start-up proceeds.
func ParsePIDFile(b []byte) (PIDFile, error) {
	s := string(b)
	if !utf8.ValidString(s) {
		return PIDFile{}, fmt.Errorf("postmaster.pid is not valid UTF-8")
	}
	lines := strings.Split(s, "\n")
	var pf PIDFile
	first := strings.TrimSpace(lines[0])
	pid, err := strconv.Atoi(first)
	if err != nil || pid <= 0 {
		return PIDFile{}, fmt.Errorf("postmaster.pid line 1: %q is not a process ID", truncate(first, 20))
	}
	pf.PID = pid
	get := func(i int) string {
		if i < len(lines) {
			return strings.TrimSpace(lines[i])
		}
		return ""
	}
	pf.DataDir = get(1)
	if v := get(2); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return PIDFile{}, fmt.Errorf("postmaster.pid line 3: start time %q is not a number", truncate(v, 20))
		}
		pf.StartTime = n
	}
	if v := get(3); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 65535 {
			return PIDFile{}, fmt.Errorf("postmaster.pid line 4: %q is not a TCP port", truncate(v, 20))
		}
		pf.Port = n
	}
	pf.SocketDir = get(4)
	pf.Listen = get(5)
	pf.Status = get(7)
	return pf, nil
}

func utf8Valid(s string) bool { return utf8.ValidString(s) }

// clearStalePID removes postmaster.pid when the process it names is gone or
// is not a postmaster of this data directory (a reused PID). PostgreSQL itself
// refuses to start while the named PID is alive, whatever process it is.
func (c *Cluster) clearStalePID() error {
	path := filepath.Join(c.dataDir(), "postmaster.pid")
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	pf, err := ParsePIDFile(b)
	if err != nil {
		// A torn file from a crash during start-up: PostgreSQL treats it
		// the same way.
		return os.Remove(path)
	}
	data := c.dataDir()
	if real, err := filepath.EvalSymlinks(data); err == nil {
		data = real
	}
	if ownerOf(pf.PID) == data {
		return fmt.Errorf("pgcluster: %s is in use by a running postmaster (pid %d, port %d); stop it first", c.dataDir(), pf.PID, pf.Port)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("pgcluster: remove stale %s: %w", path, err)
	}
	return nil
}

// ownerOf returns the working directory of pid (a postmaster runs in its data
// directory), or "" when the process is gone or not inspectable.
func ownerOf(pid int) string {
	if pid <= 0 {
		return ""
	}
	cwd, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/cwd")
	if err != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(cwd); err == nil {
		cwd = real
	}
	return cwd
}
