// Package smtp sends all of tiepnhan's own mail: deadline alerts and
// digests, supplement requests to authors (Điều 11 khoản 2) and forwards to
// units (Điều 11 khoản 1), through the configured relay, or writes it to a
// folder when no relay is set.
//
// Every message is marked "Auto-Submitted: auto-generated" (RFC 3834 §5)
// with "Precedence: bulk" and "X-Auto-Response-Suppress: All", so that
// out-of-office responders stay quiet, and carries the Message-ID the caller
// chose (pipeline.OutboundMessageID): a message sent twice after a crash has
// the same Message-ID both times, and the folder keeps the first copy.
//
// The per-recipient cap (Cap) is kept in PostgreSQL by the caller, in the
// sending job's transaction (postgres.Store.ReserveMail), so that every
// serve process shares it; this package only says which window it counts.
//
// Composition is github.com/emersion/go-message's (a forward carries the
// original message unchanged as message/rfc822, which it writes as it is),
// the SMTP conversation github.com/emersion/go-smtp's.
package smtp
