package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"

	"github.com/ledongthuc/pdf"
	"github.com/moj-portal/tiepnhan/internal/pdfsyntax"
)

// maxXrefObjects caps object numbers: the library allocates its xref table
// from /Size, /Index and subsection starts before any check, so a forged
// "1000000000 1" would allocate gigabytes and kill the process (an
// out-of-memory error is fatal in Go, not a recoverable panic).
const maxXrefObjects = 1 << 22

var errPreScan = errors.New("malformed PDF cross-reference data")

// preflight rejects files that would make the library allocate without
// bound before our code gets control (see maxXrefObjects). It scans with
// bytes.Index, which is fast enough for the 40 MiB input cap.
func preflight(data []byte) error {
	// /Size n (trailer or xref stream dictionary, §7.5.5, §7.5.8.2).
	for _, v := range keyValues(data, "/Size") {
		digits := leadingDigits(v)
		if n, err := strconv.ParseUint(string(digits), 10, 64); len(digits) > 0 && (err != nil || n > maxXrefObjects) {
			return fmt.Errorf("%w: /Size %s exceeds %d objects", errPreScan, trimNum(leadingDigits(v)), maxXrefObjects)
		}
	}
	// /Index [first count ...] of xref streams (§7.5.8.2).
	for _, v := range keyValues(data, "/Index") {
		if len(v) == 0 || v[0] != '[' {
			continue
		}
		end := bytes.IndexByte(v, ']')
		if end < 0 {
			end = min(len(v), 4096)
		}
		for _, f := range bytes.Fields(v[1:end]) {
			if n, err := strconv.ParseUint(string(f), 10, 64); len(leadingDigits(f)) == len(f) && (err != nil || n > maxXrefObjects) {
				return fmt.Errorf("%w: /Index entry exceeds %d objects", errPreScan, maxXrefObjects)
			}
		}
	}
	// Classic xref tables (§7.5.4): simulate the library's reading of
	// subsection headers "start count" and check each start.
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("xref"))
		if i < 0 {
			break
		}
		i += off
		off = i + 4
		if i > 0 && !pdfsyntax.IsSpace(data[i-1]) && data[i-1] != '>' || off >= len(data) || !pdfsyntax.IsSpace(data[off]) {
			continue // "startxref" or part of another word
		}
		if err := checkXrefTable(data[off:]); err != nil {
			return err
		}
	}
	return nil
}

// keyValues returns, for each occurrence of key followed by a delimiter,
// the bytes after it with leading whitespace skipped.
func keyValues(data []byte, key string) [][]byte {
	var out [][]byte
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte(key))
		if i < 0 {
			return out
		}
		off += i + len(key)
		if off < len(data) && !pdfsyntax.IsSpace(data[off]) && !pdfsyntax.IsDelim(data[off]) {
			continue // /Sizes, /Indexed ...
		}
		v := data[off:]
		for len(v) > 0 && pdfsyntax.IsSpace(v[0]) {
			v = v[1:]
		}
		out = append(out, v)
	}
}

func leadingDigits(b []byte) []byte {
	i := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return b[:i]
}

func trimNum(b []byte) string {
	if len(b) > 12 {
		return string(b[:12]) + "…"
	}
	return string(b)
}

func checkXrefTable(b []byte) error {
	fields := 0
	next := func() []byte {
		for len(b) > 0 && pdfsyntax.IsSpace(b[0]) {
			b = b[1:]
		}
		i := 0
		for i < len(b) && !pdfsyntax.IsSpace(b[i]) {
			i++
		}
		f := b[:i]
		b = b[i:]
		fields++
		return f
	}
	for fields < 1<<22 {
		startTok := next()
		if len(startTok) == 0 || bytes.HasPrefix(startTok, []byte("trailer")) {
			return nil
		}
		start, err := strconv.ParseInt(string(startTok), 10, 64)
		if err != nil {
			return nil // not a table the library would accept either
		}
		if start > maxXrefObjects {
			return fmt.Errorf("%w: xref subsection starts at object %d", errPreScan, start)
		}
		count, err := strconv.ParseInt(string(next()), 10, 64)
		if err != nil || count < 0 {
			return nil
		}
		for i := int64(0); i < count; i++ {
			if len(next()) == 0 || len(next()) == 0 || len(next()) == 0 {
				return nil
			}
		}
	}
	return nil
}

// openPDF opens data with the library, reading through a ReaderAt that
// fails once ctx is done.
func openPDF(ctx context.Context, data []byte) (r *pdf.Reader, err error) {
	if err := preflight(data); err != nil {
		return nil, err
	}
	// NewReader recovers its own panics, but be safe against future ones.
	defer recoverInto(&err)
	r, err = pdf.NewReader(&guardedReaderAt{ctx: ctx, data: data}, int64(len(data)))
	if err != nil {
		return nil, err
	}
	if err := checkXrefStreams(r); err != nil {
		return nil, err
	}
	return r, nil
}

// checkXrefStreams rejects an object stored in an object stream that is
// itself stored in an object stream (forbidden by ISO 32000-1 §7.5.7): the
// library resolves such chains recursively without a bound, and a
// self-referencing one overflows the stack, which is fatal in Go. The
// xref table is not exported, so it is read through reflection; if the
// library's layout changes the check is skipped (the pinned version is
// tested by TestXrefObjStmLoop).
func checkXrefStreams(r *pdf.Reader) (err error) {
	defer func() {
		if recover() != nil {
			err = nil // layout differs from what we expect: skip the check
		}
	}()
	x := reflect.ValueOf(r).Elem().FieldByName("xref")
	if !x.IsValid() || x.Kind() != reflect.Slice {
		return nil
	}
	n := x.Len()
	for i := 0; i < n; i++ {
		e := x.Index(i)
		if !e.FieldByName("inStream").Bool() {
			continue
		}
		sid := e.FieldByName("stream").FieldByName("id").Uint()
		if sid >= uint64(n) {
			continue // resolves to null: the library reports it
		}
		if x.Index(int(sid)).FieldByName("inStream").Bool() {
			return fmt.Errorf("%w: object stream %d is inside an object stream", errPreScan, sid)
		}
	}
	return nil
}

// objKey identifies the indirect object a Value was loaded from (direct
// objects share their container's key). The library keeps it unexported,
// so it is read through reflection; ok is false if that fails.
func objKey(v pdf.Value) (key uint64, ok bool) {
	defer func() {
		if recover() != nil {
			key, ok = 0, false
		}
	}()
	p := reflect.ValueOf(v).FieldByName("ptr")
	if !p.IsValid() {
		return 0, false
	}
	id, gen := p.FieldByName("id"), p.FieldByName("gen")
	if !id.IsValid() || !gen.IsValid() {
		return 0, false
	}
	return id.Uint()<<16 | gen.Uint(), id.Uint() != 0
}
