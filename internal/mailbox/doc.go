// Package imap watches the Editorial Board mailbox with the go-imap v2 client
// and hands every message, exactly once and with the server's receipt time,
// to a Sink that stores it durably.
//
// What it guards against (see ../shared/docs/pitfalls.md):
//   - go-imap has no response timeout: every command runs under a watchdog
//     that closes the connection when the server stops answering, the
//     dialer sets TCP keepalive, and a NOOP runs between IDLE cycles;
//   - "UID n:*" always returns the last message even when its UID is below
//     n (RFC 3501 §6.4.8): UIDs are filtered against the bookmark;
//   - UIDVALIDITY (RFC 3501 §2.3.1.1) is re-checked on every SELECT; on a
//     change the bookmark restarts and the store dedupes by Message-ID plus
//     content hash;
//   - MOVE is used only with the MOVE extension (RFC 6851) or UIDPLUS
//     (RFC 4315, UID EXPUNGE of our own UIDs); a bare EXPUNGE is never sent
//     and nothing is ever deleted;
//   - unilateral EXISTS arrives on the reader goroutine: it is handed off
//     through a channel without blocking.
package mailbox
