package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"time"

	"github.com/moj-portal/tiepnhan/internal/crypto"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// runPII manages the personal-data keys (Điều 4 khoản 4): `keygen` prints
// a new key line to append to the key file (rotation), `rewrap` re-seals
// every stored value with the file's last key, after which older keys can
// be removed.
func runPII(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "keygen" && args[0] != "rewrap") {
		fmt.Fprintln(stderr, "Usage: tiepnhan pii keygen [--id ID] >> KEYFILE\n       tiepnhan pii rewrap [--config FILE]")
		return 2
	}
	sub := args[0]
	fs := newFlags("pii "+sub, "pii "+sub+" [flags]", stdout, stderr)
	cfgPath := fs.String("config", "", "configuration file (TOML)")
	id := fs.String("id", "k"+time.Now().UTC().Format("20060102"), "id of the new key")
	if code, done := parseFlags(fs, args[1:], stdout); done {
		return code
	}
	if sub == "keygen" {
		line, err := crypto.GenerateKey(*id, rand.Reader)
		if err != nil {
			fmt.Fprintf(stderr, "tiepnhan pii keygen: %v\n", err)
			return 2
		}
		fmt.Fprintln(stdout, line)
		return 0
	}
	cfg, log, ok := loadConfigLog(*cfgPath, stderr)
	if !ok {
		return 2
	}
	pool, keys, closeDB, ok := openWithKeys(ctx, &cfg, log, "pii rewrap", stderr)
	if !ok {
		return 1
	}
	defer closeDB()
	n, err := postgres.New(pool).RewrapSubmitterData(ctx, keys)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan pii rewrap: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d value(s) re-sealed with key %s\n", n, keys.ActiveID())
	// Raw messages, bodies and attachment texts (migration 00003), and those
	// still stored in clear from before it.
	m, err := postgres.New(pool).RewrapMail(ctx, keys)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan pii rewrap: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d mail row(s) (raw message, bodies, attachment texts) sealed with key %s\n", m, keys.ActiveID())
	// The mailboxes' OAuth tokens (migration 00060).
	o, err := postgres.New(pool).RewrapOAuthTokens(ctx, keys)
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan pii rewrap: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d mailbox OAuth token(s) re-sealed with key %s\n", o, keys.ActiveID())
	return 0
}
