package pgcluster

import (
	"fmt"
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
