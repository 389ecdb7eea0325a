package intake

import "time"

// MailboxState is what the watcher persists per mailbox so that it resumes
// exactly where it stopped: UIDVALIDITY and the highest UID committed
// (RFC 3501 §2.3.1.1). UIDs are only meaningful under one UIDVALIDITY.
type MailboxState struct {
	ID          int64
	Account     string // user@host, to tell mailboxes of several accounts apart
	Name        string // e.g. "INBOX"
	UIDValidity uint32
	LastUID     uint32
	LastSyncAt  time.Time // last successful sync, for the stalled-intake alert
	UpdatedAt   time.Time
}
