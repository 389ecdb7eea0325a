// Command tiepnhan runs the intake desk of the Editorial Board of the
// Ministry of Justice Portal (banbientap@moj.gov.vn) under Regulation
// 1319/QĐ-BTP. main only dispatches; each subcommand lives in its own file.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"serve", "run the IMAP watcher, the River workers and the HTTP server", runServe},
		{"demo", "run the whole service on an embedded default (private PostgreSQL, in-process IMAP seeded with sample mail)", runDemo},
		{"migrate", "apply the database migrations (ours and River's) and exit", runMigrate},
		{"reprocess", "rebuild everything derived from the stored raw messages", runReprocess},
		{"inspect", "print as JSON everything the pipeline derives from one .eml file, without a database", runInspect},
		{"calendar", "working-day calendar: add working days, check a day, list a year", runCalendar},
		{"eval", "measure classification and screening on the labelled corpus (precision and recall per label)", runEval},
		{"train", "fit the learned classifier on the labelled corpora (deterministic) and write its model file", runTrain},
		{"model", "the learned classifier in force: show, promote a candidate (if not worse on held-out), rollback", runModel},
		{"user", "accounts: add one (the first administrator: user add --role admin), lock one", runUser},
		{"audit", "verify the hash-chained audit trail (Điều 6 khoản 2)", runAudit},
		{"pii", "personal-data keys: keygen (rotation), rewrap (re-seal with the newest key)", runPII},
		{"backup", "check that a base backup (and WAL archive) restores: audit chain and sealed mail (Điều 6 khoản 3)", runBackup},
	}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, `tiepnhan — tiếp nhận thông tin gửi đăng tải Cổng TTĐT Bộ Tư pháp (Quy chế 1319/QĐ-BTP)

Usage: tiepnhan <command> [flags]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, `
Run "tiepnhan <command> --help" for the flags of a command.
Configuration: --config FILE (see config/tiepnhan.example.toml) and TIEPNHAN_* environment variables.
`)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := dispatch(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage(stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "tiepnhan: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}
