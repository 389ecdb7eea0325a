package derive

import (
	"strings"

	"github.com/moj-portal/tiepnhan/internal/mailparse"
)

// unpackedTNEF reports whether a is a winmail.dat container whose files
// mailparse has already unpacked ([MS-OXTNEF]): they follow it in the list,
// marked FromTNEF, under its path. Their text is read one by one, so the
// container itself is not extracted again — extraction would only flag it
// as "not unpacked, needs a person", which is not so.
func unpackedTNEF(all []mailparse.Attachment, a mailparse.Attachment) bool {
	if a.ContentType != "application/ms-tnef" && !strings.EqualFold(a.Filename, "winmail.dat") {
		return false
	}
	for _, b := range all {
		if b.FromTNEF && strings.HasPrefix(b.Path, a.Path+"/") {
			return true
		}
	}
	return false
}
