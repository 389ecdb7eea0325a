package jobs

import (
	"github.com/riverqueue/river"
)

// ReadMessageArgs asks for the attachments of a parsed message to be read.
type ReadMessageArgs struct {
	MessageID int64 `json:"message_id"`
}

// Kind implements river.JobArgs; it is stored in the database: never change it.
func (ReadMessageArgs) Kind() string { return "read_message" }

// QueueReading is the queue of the CPU-heavy reading jobs, sized apart
// (workers.max_readers) so that intake never waits behind a PDF or an OCR.
const QueueReading = "reading"

// InsertOpts implements river.JobArgsWithInsertOpts.
func (ReadMessageArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: QueueReading} }
