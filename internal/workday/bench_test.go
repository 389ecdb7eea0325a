package workday

import (
	"math/rand/v2"
	"testing"
	"time"
)

// benchInputs are starts in 2024–2026 (any minute) and durations from half
// a working day to 250 working days (about a year).
func benchInputs() ([]time.Time, []time.Duration) {
	r := rand.New(rand.NewPCG(1, 2))
	starts := make([]time.Time, 1024)
	durs := make([]time.Duration, 1024)
	base := Date{2024, 1, 1}.Start()
	for i := range starts {
		starts[i] = base.Add(time.Duration(r.IntN(3*365*24*60)) * time.Minute)
		durs[i] = time.Duration(1+r.IntN(500)) * 4 * time.Hour
	}
	return starts, durs
}

// BenchmarkAddWorking measures one due-time computation over spans up to a
// year (goal: ≤ 2 µs).
func BenchmarkAddWorking(b *testing.B) {
	c := benchCalendar(b)
	starts, durs := benchInputs()
	for i := range starts { // warm the year tables
		c.AddWorking(starts[i], durs[i])
	}
	benchEach(b, func(i int) { c.AddWorking(starts[i], durs[i]) })
}

// BenchmarkAddDaysFromDate is the date-only variant (a signing date).
func BenchmarkAddDaysFromDate(b *testing.B) {
	c := benchCalendar(b)
	starts, durs := benchInputs()
	benchEach(b, func(i int) {
		c.AddDaysFromDate(DateOf(starts[i]), float64(durs[i])/float64(8*time.Hour))
	})
}

// BenchmarkWorkingBetween measures the elapsed-working-time computation.
func BenchmarkWorkingBetween(b *testing.B) {
	c := benchCalendar(b)
	starts, durs := benchInputs()
	ends := make([]time.Time, len(starts))
	for i := range starts {
		ends[i] = starts[i].Add(durs[i] * 3)
	}
	benchEach(b, func(i int) { c.WorkingBetween(starts[i], ends[i]) })
}

// benchCalendar is the calendar of the default configuration.
func benchCalendar(b *testing.B) *Calendar {
	c, err := New(DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// benchEach measures step, called with the index of each of the 1024
// benchInputs in turn.
func benchEach(b *testing.B, step func(i int)) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		step(i & 1023)
		i++
	}
}

// BenchmarkAddWorkingCold includes building the year tables (a fresh
// calendar each time): the first computation of a process.
func BenchmarkAddWorkingCold(b *testing.B) {
	starts, durs := benchInputs()
	b.ReportAllocs()
	for b.Loop() {
		c, _ := New(DefaultConfig())
		c.AddWorking(starts[0], durs[0])
	}
}

// BenchmarkExplain measures the (slower) explanation of a due time.
func BenchmarkExplain(b *testing.B) {
	c := benchCalendar(b)
	starts, durs := benchInputs()
	benchEach(b, func(i int) { _ = c.Explain(starts[i], durs[i]).String() })
}
