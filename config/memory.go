package config

import "fmt"

// Memory is the ceiling of serve's memory on a small government VM.
type Memory struct {
	// LimitMB is the most memory (MiB) the process should use. It is set
	// as the Go runtime's soft memory limit (the garbage collector works
	// harder as the heap nears it) and sizes the budget of the work whose
	// memory grows with its input: parsing batches and reading
	// attachments (internal/membudget). 0 removes both bounds.
	LimitMB int `toml:"limit_mb"`
}

// ReadingShare is the part of memory.limit_mb that parsing and reading may
// hold at once; the rest is the process's base (pools, River, templates,
// classifier, about 100 MB) and the web UI's requests, the sign-ins among
// them (two argon2id checks at once, 64 MiB each).
const ReadingShare = 0.2

func defaultMemory() Memory { return Memory{LimitMB: 300} }

// LimitBytes is LimitMB in bytes (0: no limit).
func (m Memory) LimitBytes() int64 { return int64(m.LimitMB) << 20 }

// ReadingBytes is the reading budget in bytes (0: no limit).
func (m Memory) ReadingBytes() int64 { return int64(float64(m.LimitBytes()) * ReadingShare) }

func (c Config) validateMemory() []error {
	if m := c.Memory.LimitMB; m != 0 && (m < 128 || m > 1<<20) {
		return []error{fmt.Errorf("memory.limit_mb: must be 0 (no limit) or between 128 and 1048576, got %d", m)}
	}
	return nil
}
