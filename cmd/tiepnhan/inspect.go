package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"github.com/moj-portal/tiepnhan/internal/derive"
	"github.com/moj-portal/tiepnhan/internal/pdfsig"
)

// runInspect prints, as JSON, everything the pipeline derives from one
// message file, without a database. The keys are documented in README.md.
func runInspect(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("inspect", "inspect FILE.eml [--received-at RFC3339] [--reveal] [--text] [--trust-store DIR] [--authserv-id ID] [--verify-dkim]", stdout, stderr)
	receivedAt := fs.String("received-at", "", "receipt time (RFC 3339); default: the topmost Received: header's date, else Date:")
	reveal := fs.Bool("reveal", false, "show personal data (tax code, citizen ID, phone, address) unmasked, in submitter and in every text")
	withText := fs.Bool("text", false, "include the extracted text of each attachment")
	trustDir := fs.String("trust-store", "", "directory of PEM root certificates digital signatures are chained to (intake.trust_store)")
	authServ := fs.String("authserv-id", "", "believe the Authentication-Results of this authserv-id (intake.authserv_id)")
	verifyDKIM := fs.Bool("verify-dkim", false, "where that server wrote none, check DKIM and DMARC over DNS (intake.verify_dkim)")
	if code, done := parseFlags(fs, reorder(args), stdout); done {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "tiepnhan inspect: cần đúng một tệp .eml (exactly one FILE.eml is needed)")
		fs.Usage()
		return 2
	}
	var opts derive.Options
	if *receivedAt != "" {
		t, err := time.Parse(time.RFC3339, *receivedAt)
		if err != nil {
			fmt.Fprintf(stderr, "tiepnhan inspect: --received-at %q: không đúng dạng RFC 3339, ví dụ 2026-03-02T09:14:05+07:00 (not RFC 3339)\n", *receivedAt)
			return 2
		}
		opts.ReceivedAt = t
	}
	opts.Reveal, opts.KeepText = *reveal, *withText
	opts.Auth.AuthServID = *authServ
	if *verifyDKIM {
		opts.Auth.LookupTXT = net.LookupTXT
	}
	if *trustDir != "" {
		roots, _, err := pdfsig.LoadRoots(os.DirFS(*trustDir))
		if err != nil {
			fmt.Fprintf(stderr, "tiepnhan inspect: --trust-store: %v\n", err)
			return 2
		}
		opts.Signatures.Roots = roots
	}
	raw, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan inspect: %v\n", err)
		return 1
	}
	res := derive.Derive(ctx, raw, opts)
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	out := res.Report
	if !*reveal {
		// Masked everywhere, not only in "submitter": the body and the
		// attachment texts carry the same numbers (Điều 4 khoản 4).
		out = res.Redacted()
	}
	if err := enc.Encode(out); err != nil {
		fmt.Fprintf(stderr, "tiepnhan inspect: %v\n", err)
		return 1
	}
	return 0
}

// reorder moves flags before positional arguments so that
// "inspect FILE --reveal" works as "inspect --reveal FILE".
func reorder(args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) > 1 && a[0] == '-' {
			flags = append(flags, a)
			if (a == "--received-at" || a == "-received-at" || a == "--trust-store" || a == "-trust-store" || a == "--authserv-id" || a == "-authserv-id") && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}
