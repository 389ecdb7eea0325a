// Package audit is the tamper-evident audit trail of Điều 6 khoản 2 of
// Regulation 1319/QĐ-BTP ("lưu vết việc tạo, thay đổi, xóa thông tin dữ
// liệu"). Rows are written by a database trigger on every table (migration
// 00031) and by the application for events that change no row (a sign-in, a
// reveal of personal data, an export). A row is appended without a hash —
// so writers never wait on one another — and a Sealer later puts committed
// rows in a chain: each gets the next sequence number and
//
//	hash = HMAC-SHA256(key, prev_hash ‖ canonical(row))
//
// with a key derived from the personal-data key file (internal/crypto), so
// that someone who can write to the database but cannot read the key file
// cannot rebuild the chain after altering a row. Verify walks the chain and
// reports every row whose content, position or link does not match, and every
// missing sequence number (a removed row).
//
// Limits: rows not yet sealed (seconds old) are not protected by the chain;
// removing the newest sealed rows shortens the chain without breaking it —
// compare Head with a value kept elsewhere (`tiepnhan audit verify` prints
// it; --expect-head checks it) to see that.
//
// Who wrote a row (issue 12, finding 8): the actor is what the writing
// session said (the tiepnhan.actor setting), which any session can set; the
// database role that wrote the row (DBRole, stamped from session_user by
// the database, migration 00041) cannot be chosen by the writer and is part
// of the hash. Roles tells the Verifier which roles may write: the owner
// (migrations, commands run with the owner's configuration) and the
// service's roles. A row of any other role fails, and so does a person's
// action ("user:…") written by the owner once the service has its own
// role: people act only through the service.
package audit

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Purpose is the HKDF purpose string of the chain key.
const Purpose = "audit-chain"

// Entry is one row of the audit trail.
type Entry struct {
	ID     int64
	At     time.Time
	Actor  string
	Action string // insert, update, delete, or an event: login, logout, reveal, export …
	Table  string
	RowID  string
	// Before and After are the row images as PostgreSQL prints jsonb (nil
	// when absent).
	Before []byte
	After  []byte
	// DBRole is the database role of the session that wrote the row; ""
	// for rows written before it was recorded (migration 00041).
	DBRole string
	// Seal: zero Seq when not sealed yet.
	Seq   int64
	KeyID string
	Hash  []byte
}

// canonical is an unambiguous encoding of everything a row says:
// length-prefixed fields, the instant in microseconds (PostgreSQL's
// precision), the sequence number it was sealed at.
func canonical(seq int64, e Entry) []byte {
	var b bytes.Buffer
	num := func(n int64) {
		var x [8]byte
		binary.BigEndian.PutUint64(x[:], uint64(n))
		b.Write(x[:])
	}
	str := func(s []byte, present bool) {
		if !present {
			num(-1)
			return
		}
		num(int64(len(s)))
		b.Write(s)
	}
	num(seq)
	num(e.ID)
	num(e.At.UnixMicro())
	str([]byte(e.Actor), true)
	str([]byte(e.Action), true)
	str([]byte(e.Table), true)
	str([]byte(e.RowID), true)
	str(e.Before, e.Before != nil)
	str(e.After, e.After != nil)
	// Rows written before the role was recorded keep their encoding (and
	// their hashes); the length prefix keeps the two apart.
	if e.DBRole != "" {
		str([]byte(e.DBRole), true)
	}
	return b.Bytes()
}

// Hash is the chain link of e sealed at seq after prev.
func Hash(key, prev []byte, seq int64, e Entry) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(prev)
	m.Write(canonical(seq, e))
	return m.Sum(nil)
}

// Keys gives the chain key for a key id.
type Keys func(keyID string) ([]byte, error)

// Problem is one thing Verify found wrong.
type Problem struct {
	Seq    int64
	ID     int64
	Reason string
}

func (p Problem) String() string { return fmt.Sprintf("seq %d (id %d): %s", p.Seq, p.ID, p.Reason) }

// Report is what Verify found.
type Report struct {
	Sealed   int64  // rows checked in the chain
	Head     string // hex hash of the last sealed row
	HeadSeq  int64
	Problems []Problem
	// ByRole counts the rows checked by the database role that wrote them
	// ("" for rows written before roles were recorded).
	ByRole map[string]int64
}

// OK reports whether the chain is intact.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// Roles are the database roles allowed to write audit rows.
type Roles struct {
	// Owner owns the audit log (it runs the migrations).
	Owner string
	// Service are the roles allowed to write events (EXECUTE on
	// audit_write): the service's own role; empty when the service runs as
	// the owner.
	Service []string
}

// check returns why a row written by role for actor is refused, or "".
// serviceSeen tells whether a row of a service role came before.
func (r Roles) check(role, actor string, serviceSeen bool) string {
	if role == r.Owner {
		// Điều 6 khoản 2: a person's action is recorded by the service that
		// authenticated the person; the owner writing one is a hand-made row.
		if serviceSeen && strings.HasPrefix(actor, "user:") {
			return fmt.Sprintf("a person's action (%s) written by the owner role %q, not by the service", actor, role)
		}
		return ""
	}
	if slices.Contains(r.Service, role) {
		return ""
	}
	return fmt.Sprintf("written by database role %q, which is neither the owner (%s) nor a service role (%s)", role, r.Owner, strings.Join(r.Service, ", "))
}

// Verifier checks entries given in sequence order, one at a time, so that a
// chain of millions of rows needs no memory.
type Verifier struct {
	// Roles, when Owner is set, are the roles allowed to write rows.
	Roles Roles
	// ByRole counts the rows checked by the database role that wrote them
	// ("" for rows written before roles were recorded).
	ByRole map[string]int64
	keys   Keys
	// stamped: a row with a recorded role came before; serviceSeen: one of
	// a service role.
	stamped, serviceSeen bool
	prev                 []byte
	next                 int64
	r                    Report
	cache                map[string][]byte
}

// NewVerifier returns a Verifier; keys resolves key ids.
func NewVerifier(keys Keys) *Verifier {
	return &Verifier{keys: keys, next: 1, cache: map[string][]byte{}, r: Report{ByRole: map[string]int64{}}}
}

// Add checks the next sealed entry. Entries must come in increasing Seq.
func (v *Verifier) Add(e Entry) {
	if e.Seq > v.next {
		v.r.Problems = append(v.r.Problems, Problem{Seq: v.next, Reason: fmt.Sprintf("rows with seq %d to %d are missing (removed)", v.next, e.Seq-1)})
		// Whatever the removed rows hashed to is lost: the link of e cannot
		// be checked, its own content still can from here on.
		v.prev = nil
	}
	v.next = e.Seq + 1
	v.r.Sealed++
	v.r.ByRole[e.DBRole]++
	v.checkRole(e)
	key, ok := v.cache[e.KeyID]
	if !ok {
		k, err := v.keys(e.KeyID)
		if err != nil {
			v.r.Problems = append(v.r.Problems, Problem{Seq: e.Seq, ID: e.ID, Reason: "chain key: " + err.Error()})
			v.prev = e.Hash
			return
		}
		key, v.cache[e.KeyID] = k, k
	}
	if v.prev != nil || e.Seq == 1 {
		if want := Hash(key, v.prev, e.Seq, e); !hmac.Equal(want, e.Hash) {
			v.r.Problems = append(v.r.Problems, Problem{Seq: e.Seq, ID: e.ID, Reason: "hash does not match the row: its content, its place or the row before it was altered"})
		}
	}
	v.prev = e.Hash
	v.r.Head, v.r.HeadSeq = hex.EncodeToString(e.Hash), e.Seq
}

// checkRole checks who wrote e (see Roles).
func (v *Verifier) checkRole(e Entry) {
	if e.DBRole == "" {
		// Every row written since migration 00041 is stamped: an unstamped
		// row after a stamped one was written around the stamp.
		if v.stamped {
			v.r.Problems = append(v.r.Problems, Problem{Seq: e.Seq, ID: e.ID, Reason: "no database role recorded, after rows that have one: written around the audit trigger"})
		}
		return
	}
	v.stamped = true
	if v.Roles.Owner == "" {
		return
	}
	if why := v.Roles.check(e.DBRole, e.Actor, v.serviceSeen); why != "" {
		v.r.Problems = append(v.r.Problems, Problem{Seq: e.Seq, ID: e.ID, Reason: why})
	}
	if slices.Contains(v.Roles.Service, e.DBRole) {
		v.serviceSeen = true
	}
}

// Report returns what was found so far.
func (v *Verifier) Report() Report { return v.r }
