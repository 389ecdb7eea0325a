package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/moj-portal/tiepnhan/internal/audit"
	"github.com/moj-portal/tiepnhan/internal/crypto"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// runAudit verifies the audit trail of Điều 6 khoản 2: `tiepnhan audit
// verify` seals what is committed but not sealed yet (unless --no-seal),
// recomputes the HMAC chain over every sealed row and reports each altered
// or removed row, and every row written by a database role that may not
// write it (issue 12 finding 8). Exit 0: intact; 1: tampering found or an error.
func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(stderr, "Usage: tiepnhan audit verify [--config FILE] [--no-seal] [--expect-head SEQ:HASH]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return 0
		}
		return 2
	}
	fs := newFlags("audit verify", "audit verify [flags]", stdout, stderr)
	cfgPath := fs.String("config", "", "configuration file (TOML)")
	noSeal := fs.Bool("no-seal", false, "do not seal pending rows first (read-only check)")
	expect := fs.String("expect-head", "", "the chain head recorded earlier (\"seq:hash\"): detects removal of the newest rows")
	if code, done := parseFlags(fs, args[1:], stdout); done {
		return code
	}
	cfg, log, ok := loadConfigLog(*cfgPath, stderr)
	if !ok {
		return 2
	}
	pool, keys, closeDB, ok := openWithKeys(ctx, &cfg, log, "audit verify", stderr)
	if !ok {
		return 1
	}
	defer closeDB()
	store := postgres.New(pool)
	if !*noSeal {
		// The verifier's read-only role (database.verifier_role) may not seal.
		if may, err := store.AuditMaySeal(ctx); err != nil {
			fmt.Fprintf(stderr, "tiepnhan audit verify: %v\n", err)
			return 1
		} else if !may {
			fmt.Fprintln(stdout, "audit chain: not sealing pending rows: this database role may only read the audit trail")
			*noSeal = true
		}
	}
	if !*noSeal {
		key, err := keys.Derive(keys.ActiveID(), audit.Purpose)
		if err == nil {
			_, err = (&audit.Sealer{Store: store, KeyID: keys.ActiveID(), Key: key}).SealAll(ctx)
		}
		if err != nil {
			fmt.Fprintf(stderr, "tiepnhan audit verify: seal pending rows: %v\n", err)
			return 1
		}
	}
	r, unsealed, err := verifyAuditChain(ctx, store, keys, true)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan audit verify: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "audit chain: %d sealed rows, head %d:%s, %d not sealed yet\n", r.Sealed, r.HeadSeq, r.Head, unsealed)
	fmt.Fprintf(stdout, "audit chain: written by database role: %s\n", byRole(r.ByRole))
	if *expect != "" && *expect != fmt.Sprintf("%d:%s", r.HeadSeq, r.Head) {
		r.Problems = append(r.Problems, audit.Problem{Seq: r.HeadSeq, Reason: "the chain does not end where it ended when --expect-head was recorded (" + *expect + "): rows were removed or rewritten"})
	}
	for _, p := range r.Problems {
		fmt.Fprintf(stdout, "TAMPERED %s\n", p)
	}
	if !r.OK() {
		fmt.Fprintf(stdout, "audit chain: %d problem(s) — the audit trail was altered (Điều 6 khoản 2)\n", len(r.Problems))
		return 1
	}
	fmt.Fprintln(stdout, "audit chain: intact")
	return 0
}

// verifyAuditChain recomputes the HMAC chain over every sealed audit row
// with the keys of the key file; it also counts the rows not sealed yet.
// With roles it also checks the database role that wrote each row against
// the roles the database lets write (the owner, the service's: issue 12
// finding 8).
func verifyAuditChain(ctx context.Context, store *postgres.Store, keys *crypto.Keyring, roles bool) (audit.Report, int64, error) {
	v := audit.NewVerifier(func(id string) ([]byte, error) { return keys.Derive(id, audit.Purpose) })
	if roles {
		var err error
		if v.Roles, err = store.AuditRoles(ctx); err != nil {
			return audit.Report{}, 0, err
		}
	}
	if err := store.AuditChain(ctx, func(e audit.Entry) error { v.Add(e); return nil }); err != nil {
		return audit.Report{}, 0, err
	}
	unsealed, err := store.AuditUnsealed(ctx)
	return v.Report(), unsealed, err
}

// byRole prints row counts by database role, largest first.
func byRole(n map[string]int64) string {
	roles := slices.Collect(maps.Keys(n))
	slices.SortFunc(roles, func(a, b string) int { return cmp.Or(cmp.Compare(n[b], n[a]), cmp.Compare(a, b)) })
	var parts []string
	for _, r := range roles {
		name := r
		if r == "" {
			name = "(not recorded: before migration 00041)"
		}
		parts = append(parts, fmt.Sprintf("%s %d", name, n[r]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
