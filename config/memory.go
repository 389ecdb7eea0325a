package config

import "fmt"

// Memory is the ceiling of serve's memory on a small government VM.
type Memory struct {
	// LimitMB is the most memory (MiB) the process should use. It is set
	// as the Go runtime's soft memory limit (the garbage collector works
	// harder as the heap nears it) and sizes the budget of the work whose
	// memory grows with its input or is large: parsing batches, reading
	// attachments and checking passwords (internal/membudget). 0 removes
	// both bounds.
	LimitMB int `toml:"limit_mb"`
}

// BaseReserve is the part of memory.limit_mb the work budget leaves to the
// process's base: the binary, connection pools, River, templates and the
// classifier (85 to 100 MB of RSS once serve answers), the mailbox
// watcher's two fetch batches (2 × 16 MiB) and headroom for the garbage
// collector (make bench-burst measures the sum).
const BaseReserve = 160 << 20

// ImageReserve is the part of memory.limit_mb kept out of the Go runtime's
// soft limit: the program's code and static data, which the runtime does
// not count (31 MB of text and 5 MB of data in the serve binary), and
// memory it has freed but not yet returned to the system (make bench-burst
// peaked 4 MB over the ceiling with 48 MiB here).
const ImageReserve = 80 << 20

// MinWorkShare is the least part of memory.limit_mb given to the work
// budget when the limit is small.
const MinWorkShare = 0.3

func defaultMemory() Memory { return Memory{LimitMB: 300} }

// LimitBytes is LimitMB in bytes (0: no limit).
func (m Memory) LimitBytes() int64 { return int64(m.LimitMB) << 20 }

// RunHeadroom is what the work budget leaves above the resident memory the
// process holds once started: the mailbox watcher's two fetch batches
// (2 × 16 MiB) and headroom for the garbage collector and the web's
// requests (make bench-burst measured 57 MB above base and budget at 200
// mails on a quiet machine).
const RunHeadroom = 80 << 20

// WorkBytesAfter is WorkBytes for a process that already holds resident
// bytes (its base, measured at start): at most LimitBytes less resident
// and RunHeadroom, at least MinWorkShare of the limit (0: no limit).
func (m Memory) WorkBytesAfter(resident int64) int64 {
	w := m.WorkBytes()
	if w == 0 || resident <= 0 {
		return w
	}
	l := m.LimitBytes()
	return min(w, max(l-resident-RunHeadroom, int64(float64(l)*MinWorkShare)))
}

// RuntimeBytes is the Go runtime's soft memory limit: LimitBytes less
// ImageReserve (0: no limit).
func (m Memory) RuntimeBytes() int64 {
	l := m.LimitBytes()
	return max(l-ImageReserve, l/2)
}

// WorkBytes is the work budget in bytes (0: no limit): what parsing,
// reading and password checks (each argon2id check holds 64 MiB) may hold
// at once, memory.limit_mb less BaseReserve (at least MinWorkShare of it).
func (m Memory) WorkBytes() int64 {
	l := m.LimitBytes()
	return max(l-BaseReserve, int64(float64(l)*MinWorkShare))
}

func (c Config) validateMemory() []error {
	if m := c.Memory.LimitMB; m != 0 && (m < 128 || m > 1<<20) {
		return []error{fmt.Errorf("memory.limit_mb: must be 0 (no limit) or between 128 and 1048576, got %d", m)}
	}
	return nil
}
