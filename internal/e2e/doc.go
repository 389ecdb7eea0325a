// Package e2e holds tiepnhan's end-to-end tests and benchmarks on the real
// stack: Dovecot for IMAP, PostgreSQL, River, and the tiepnhan binary itself
// for the fault-injection test. It has no non-test code of its own beyond
// the helpers below.
package e2e
