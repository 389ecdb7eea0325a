// Package mailparse reads one RFC 5322 message into a Message: decoded
// header fields, plain and HTML bodies, attachments (including files inside
// nested message/rfc822 parts and winmail.dat), auto-reply and bounce
// detection, and a list of Problems.
//
// The reader is tolerant and lossless in spirit: a message the service cannot
// fully parse is still returned, with each defect recorded as a Problem with
// a stable code, so that a person can look at it (the raw bytes are stored
// elsewhere). Parse fails only when the top-level header section cannot be
// read at all.
//
// # Building blocks
//
// github.com/emersion/go-message supplies charset decoding (its charset
// package registers the x/text encodings) and the unknown-charset signal
// (message.IsUnknownCharset). The MIME tree itself is split by this package
// over the in-memory message, because go-message's multipart reader gives up
// at the first malformed part header and fixes the line ending from the first
// boundary; mail from Vietnamese offices mixes both. Header sections,
// transfer encodings (RFC 2045 §6.7, §6.8), RFC 2231 parameters and TNEF
// ([MS-OXTNEF]) are read by small tolerant readers here, each fuzzed.
//
// # Paths
//
// Every part has a Path: IMAP-style section numbers inside one message
// ("1", "2", "1.2"; RFC 3501 §6.4.5), a "/" to step into a nested
// message/rfc822 ("2/1") and, for files unpacked from winmail.dat, the
// container's file name and the inner file name ("2/winmail.dat/tờ trình.pdf").
// Header problems of the top message have an empty Path.
//
// # Text
//
// All decoded text (subject, names, bodies, file names) is normalised to
// Unicode NFC: windows-1258 decodes to base letters followed by combining
// tone marks. Text in the legacy Vietnamese 8-bit encodings TCVN3 (ABC) and
// VNI, declared or hidden in Latin-1 text, is detected, flagged with the
// problem code "legacy_encoding" and converted with this package's own byte
// maps; VISCII is detected by declaration only and flagged, not converted.
//
// # Limits
//
// Every read goes through io.LimitReader with the caps in Options; a cap
// reached is a Problem ("truncated", "too_many_parts", "depth_exceeded"),
// never a failure, so the work done for any input is bounded.
package mailparse
