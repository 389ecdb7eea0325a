// Package smtp sends tiepnhan's own mail (deadline alerts, digests) through
// the configured relay, or writes it to a folder when no relay is set.
//
// Every message is marked "Auto-Submitted: auto-generated" (RFC 3834 §5)
// with "Precedence: bulk" and "X-Auto-Response-Suppress: All", so that
// out-of-office responders stay quiet, and carries the Message-ID the caller
// chose (workers.OutboundMessageID): a message sent twice after a crash has
// the same Message-ID both times. A per-recipient cap (a sliding window per
// process) stops a burst of alerts from flooding one mailbox; a message over
// the cap is refused with a *RateLimitError that says when to try again, and
// the caller waits rather than drops it.
//
// Composition and the SMTP conversation are github.com/wneessen/go-mail's.
package smtp
