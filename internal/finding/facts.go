package finding

import (
	"time"

	"github.com/moj-portal/tiepnhan/internal/deadline"
	"github.com/moj-portal/tiepnhan/internal/workday"
)

// DeadlineFacts is what the deadline rules need to know of a message read
// as r and received at receivedAt (INTERNALDATE, Điều 11 khoản 1): the
// signing instant of the document (Điều 10 khoản 1 counts from it: a
// valid, trusted digital signature, SigningInstant), else its signing
// date, and the timing class — timing when it is one (the classification
// in force), else admin_document for a document with a signing date, else
// other (Điều 10 khoản 3, Điều 13 khoản 2).
func (r Reading) DeadlineFacts(receivedAt time.Time, timing string) deadline.Facts {
	f := deadline.Facts{ReceivedAt: receivedAt, Class: deadline.Other, SignedAt: r.SigningInstant()}
	if r.Document.SignedOn != "" {
		if d, err := workday.ParseDate(r.Document.SignedOn); err == nil {
			f.SignedOn = d
		}
	}
	switch c := deadline.Class(timing); c {
	case deadline.Direction, deadline.AdminDocument, deadline.NewsEvent, deadline.Other:
		f.Class = c
	default:
		if r.Document.Found && (!f.SignedOn.IsZero() || !f.SignedAt.IsZero()) {
			f.Class = deadline.AdminDocument
		}
	}
	return f
}
