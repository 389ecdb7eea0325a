package pipeline

// Memory estimates: the bytes a piece of work holds while it runs, per
// byte of raw mail (upper bounds from what each step keeps; the PDF reader
// peaks at 3 × a PDF's size, make bench-pdf). make bench-burst measures the
// peak RSS they give under a burst.
const (
	// parseFactor: the raw bytes, their sealed copy as read from the
	// database, and the decoded parts of the MIME tree.
	parseFactor = 3
	// readFactor: the above, plus the extracted texts and the PDF
	// reader's objects (up to 3 × an attachment's size).
	readFactor = 6
	// readBase: what reading holds whatever the message (the page images
	// handed to tesseract, the report).
	readBase = 4 << 20
)

// parseWeight is the budget a parse_message chunk of size raw bytes takes.
func parseWeight(size int64) int64 { return parseFactor * size }

// readWeight is the budget read_message takes for a message of size raw
// bytes.
func readWeight(size int64) int64 { return readBase + readFactor*size }
