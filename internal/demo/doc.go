// Package demo provides the embedded default of `tiepnhan demo`: an
// in-process IMAP server (go-imap's imapserver with imapmemserver) seeded with
// sample submissions, and a local SMTP sink that writes each message to a
// folder. Both listen on loopback only. They stand in for Dovecot and Postfix
// on a machine with nothing set up; tests use the real servers.
package demo
