package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/moj-portal/tiepnhan/internal/auth"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// runUser manages accounts from the command line, first of all the first
// administrator (Điều 7): `tiepnhan user add --role admin --username …`.
// The password is read from standard input (never from the command line,
// which other users can see in the process list).
func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runUserIn(ctx, args, os.Stdin, stdout, stderr)
}

func runUserIn(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "add" && args[0] != "lock" && args[0] != "-h" && args[0] != "--help") {
		fmt.Fprintln(stderr, "Usage: tiepnhan user add --username NAME --name \"Họ tên\" --role ROLE [--unit CODE] [--email ADDR] [--config FILE] < password\n       tiepnhan user lock --username NAME --reason TEXT [--config FILE]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return 0
		}
		return 2
	}
	sub := args[0]
	fs := newFlags("user "+sub, "user "+sub+" [flags]", stdout, stderr)
	cfgPath := fs.String("config", "", "configuration file (TOML)")
	username := fs.String("username", "", "login name (lower case: a-z 0-9 . _ @ -)")
	name := fs.String("name", "", "display name")
	email := fs.String("email", "", "email address")
	role := fs.String("role", "", "standing_board, editor, board_member, unit_liaison, manager or admin")
	unit := fs.String("unit", "", "unit code the role is limited to (required for unit_liaison)")
	reason := fs.String("reason", "", "why the account is locked (Điều 7 khoản 3)")
	if code, done := parseFlags(fs, args[1:], stdout); done {
		return code
	}
	cfg, log, ok := loadConfigLog(*cfgPath, stderr)
	if !ok {
		return 2
	}
	u := auth.NormalizeUsername(*username)
	if u == "" {
		fmt.Fprintln(stderr, "tiepnhan user: --username is required")
		return 2
	}
	var g auth.Grant
	var hash string
	if sub == "add" {
		r, err := auth.ParseRole(*role)
		if err != nil {
			fmt.Fprintf(stderr, "tiepnhan user add: --role: %v\n", err)
			return 2
		}
		g = auth.Grant{Role: r, Unit: *unit, Note: "tiepnhan user add"}
		if err := g.Validate(); err != nil {
			fmt.Fprintf(stderr, "tiepnhan user add: %v\n", err)
			return 2
		}
		if *name == "" {
			*name = u
		}
		line, err := bufio.NewReader(io.LimitReader(stdin, 2048)).ReadString('\n')
		if err != nil && err != io.EOF {
			fmt.Fprintf(stderr, "tiepnhan user add: read password from standard input: %v\n", err)
			return 2
		}
		hash, err = auth.Hasher{}.Hash(strings.TrimRight(line, "\r\n"))
		if err != nil {
			fmt.Fprintf(stderr, "tiepnhan user add: %v (the password is read from standard input)\n", err)
			return 2
		}
	} else if strings.TrimSpace(*reason) == "" {
		fmt.Fprintln(stderr, "tiepnhan user lock: --reason is required")
		return 2
	}
	pool, closeDB, ok := openCommandDB(ctx, &cfg, log, "user", stderr, 2, true)
	if !ok {
		return 1
	}
	defer closeDB()
	store := postgres.New(pool)
	actor := "cli:" + osUser()
	if sub == "lock" {
		acc, err := store.AccountForLogin(ctx, u)
		if err == nil {
			err = store.SetAccountState(ctx, actor, acc.ID, auth.StateLocked, *reason)
		}
		if err != nil {
			fmt.Fprintf(stderr, "tiepnhan user lock %s: %v\n", u, err)
			return 1
		}
		fmt.Fprintf(stdout, "account %s locked, its sessions ended\n", u)
		return 0
	}
	id, err := store.CreateAccount(ctx, actor, auth.Account{Username: u, DisplayName: *name, Email: *email, PasswordHash: hash}, []auth.Grant{g})
	if err != nil {
		fmt.Fprintf(stderr, "tiepnhan user add %s: %v\n", u, err)
		return 1
	}
	fmt.Fprintf(stdout, "account %s created (id %d) with role %s%s\n", u, id, g.Role, map[bool]string{true: " for unit " + g.Unit, false: ""}[g.Unit != ""])
	return 0
}

func osUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}
