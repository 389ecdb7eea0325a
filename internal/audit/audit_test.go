package audit

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func chain(n int, key []byte) []Entry {
	var out []Entry
	var prev []byte
	at := time.Date(2026, 3, 2, 9, 0, 0, 123456000, time.UTC)
	for i := 1; i <= n; i++ {
		e := Entry{ID: int64(i * 10), At: at.Add(time.Duration(i) * time.Second), Actor: "user:lan", Action: "update",
			Table: "triage", RowID: fmt.Sprint(i), Before: []byte(`{"state": "awaiting_triage"}`), After: []byte(`{"state": "forwarded"}`),
			Seq: int64(i), KeyID: "k1"}
		e.Hash = Hash(key, prev, e.Seq, e)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func verify(es []Entry, key []byte) Report {
	v := NewVerifier(func(id string) ([]byte, error) {
		if id != "k1" {
			return nil, errors.New("unknown key " + id)
		}
		return key, nil
	})
	for _, e := range es {
		v.Add(e)
	}
	return v.Report()
}

func TestIntactChain(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	r := verify(chain(50, key), key)
	if !r.OK() || r.Sealed != 50 || r.HeadSeq != 50 || r.Head == "" {
		t.Fatalf("intact chain: %+v", r)
	}
}

func TestTamperingIsDetected(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	for _, c := range []struct {
		name   string
		change func([]Entry) []Entry
		seq    int64
	}{
		{"after image", func(es []Entry) []Entry { es[9].After = []byte(`{"state": "published"}`); return es }, 10},
		{"actor", func(es []Entry) []Entry { es[19].Actor = "user:minh"; return es }, 20},
		{"time", func(es []Entry) []Entry { es[4].At = es[4].At.Add(time.Microsecond); return es }, 5},
		{"null before", func(es []Entry) []Entry { es[2].Before = nil; return es }, 3},
		{"removed row", func(es []Entry) []Entry { return append(es[:29:29], es[30:]...) }, 30},
		{"swapped rows", func(es []Entry) []Entry {
			es[6], es[7] = es[7], es[6]
			es[6].Seq, es[7].Seq = 7, 8
			return es
		}, 7},
		{"unknown key", func(es []Entry) []Entry { es[0].KeyID = "k9"; return es }, 1},
	} {
		es := c.change(chain(40, key))
		r := verify(es, key)
		if r.OK() {
			t.Errorf("%s: not detected", c.name)
			continue
		}
		if r.Problems[0].Seq != c.seq {
			t.Errorf("%s: first problem %v, want at seq %d", c.name, r.Problems[0], c.seq)
		}
	}
}

func TestRecomputedChainWithoutKeyFails(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	forged := chain(10, []byte("attacker-does-not-have-the-key!!"))
	if verify(forged, key).OK() {
		t.Fatal("a chain rebuilt with another key verified")
	}
}

func TestCanonicalIsUnambiguous(t *testing.T) {
	a := Entry{Actor: "ab", Action: "c"}
	b := Entry{Actor: "a", Action: "bc"}
	if string(canonical(1, a)) == string(canonical(1, b)) {
		t.Fatal("field boundaries are not encoded")
	}
	n := Entry{Before: nil}
	e := Entry{Before: []byte{}}
	if string(canonical(1, n)) == string(canonical(1, e)) {
		t.Fatal("absent and empty images encode alike")
	}
}

// sealed re-links es as a chain under key (after their fields were set).
func sealed(es []Entry, key []byte) []Entry {
	var prev []byte
	for i := range es {
		es[i].Seq = int64(i + 1)
		es[i].KeyID = "k1"
		es[i].Hash = Hash(key, prev, es[i].Seq, es[i])
		prev = es[i].Hash
	}
	return es
}

// TestDatabaseRoleOfWriters: issue 12, finding 8. The role that wrote a row
// is part of its hash, and a row of a role that may not write, a person's
// action written by the owner once the service has its own role, or an
// unstamped row after stamped ones fail verification.
func TestDatabaseRoleOfWriters(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	roles := Roles{Owner: "tiepnhan_owner", Service: []string{"tiepnhan_service"}}
	run := func(es []Entry) Report {
		v := NewVerifier(func(string) ([]byte, error) { return key, nil })
		v.Roles = roles
		for _, e := range es {
			v.Add(e)
		}
		return v.Report()
	}
	base := func() []Entry {
		es := chain(5, key)
		es[0].DBRole, es[0].Actor = "", "system" // before migration 00041
		es[1].DBRole, es[1].Actor = "tiepnhan_owner", "system"
		es[2].DBRole = "tiepnhan_service"
		es[3].DBRole, es[3].Actor = "tiepnhan_owner", "cli:admin"
		es[4].DBRole = "tiepnhan_service"
		return sealed(es, key)
	}
	if r := run(base()); !r.OK() {
		t.Fatalf("legitimate writers: %v", r.Problems)
	}
	for name, change := range map[string]func(es []Entry){
		"another role":            func(es []Entry) { es[4].DBRole = "mallory" },
		"person's row by owner":   func(es []Entry) { es[4].DBRole = "tiepnhan_owner" },
		"unstamped after stamped": func(es []Entry) { es[4].DBRole = "" },
	} {
		es := base()
		change(es)
		if r := run(sealed(es, key)); r.OK() {
			t.Errorf("%s: passed verification", name)
		}
	}
	// The role is covered by the hash: changing it after sealing breaks it.
	es := base()
	es[2].DBRole = "tiepnhan_owner"
	if r := run(es); r.OK() {
		t.Error("a sealed row's role was changed and the chain still verifies")
	}
	// A person's action by the owner before the service had its own role
	// (a service that ran as the owner) is not refused.
	es = base()
	es[1].Actor = "user:lan"
	if r := run(sealed(es, key)); !r.OK() {
		t.Errorf("a person's action by the owner before any service row: %v", r.Problems)
	}
}
