// Package migrations holds tiepnhan's numbered SQL migrations (goose format),
// embedded in the binary and applied by `tiepnhan migrate` and at start-up.
// River's own tables are migrated separately with rivermigrate.
package migrations

import "embed"

// FS holds the *.sql migration files.
//
//go:embed *.sql
var FS embed.FS
