package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// zipBudget enforces the zip-bomb caps of one archive: member count,
// total uncompressed bytes and per-member compression ratio.
type zipBudget struct {
	o     *Options
	total int64
}

// openZip opens an archive and checks the member count cap.
func openZip(data []byte, o *Options) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fail("not a readable ZIP container", "tệp nén hỏng hoặc không đúng định dạng", err)
	}
	if len(zr.File) > o.MaxZipMembers {
		return nil, fail(fmt.Sprintf("archive has %d members, cap %d", len(zr.File), o.MaxZipMembers),
			fmt.Sprintf("tệp nén có %d tệp con, vượt giới hạn %d (nghi tệp nén độc hại)", len(zr.File), o.MaxZipMembers), ErrTooLarge)
	}
	return zr, nil
}

// read decompresses one member within the caps. The declared sizes are
// checked first, then the bytes actually produced (headers can lie); the
// ratio cap (members over 1 MiB only: XML compresses 10-30×) stops the
// inflation as soon as it is exceeded.
func (b *zipBudget) read(f *zip.File) ([]byte, error) {
	name := cleanName(f.Name)
	limit := b.o.MaxZipTotal - b.total
	if int64(b.o.MaxInputBytes) < limit {
		limit = int64(b.o.MaxInputBytes)
	}
	ratioLimit := b.o.MaxZipRatio * int64(max(f.CompressedSize64, 1))
	if ratioLimit < 1<<20 {
		ratioLimit = 1 << 20
	}
	sizeErr := func() error {
		return bombErr(name, "uncompressed size over the cap", "dung lượng giải nén vượt giới hạn")
	}
	ratioErr := func() error {
		return bombErr(name, "compression ratio over the cap", "tỷ lệ nén bất thường")
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, sizeErr()
	}
	if f.UncompressedSize64 > uint64(ratioLimit) {
		return nil, ratioErr()
	}
	eff := min(limit, ratioLimit)
	rc, err := f.Open()
	if err != nil {
		return nil, fail(fmt.Sprintf("member %q unreadable", name), fmt.Sprintf("tệp con %q không đọc được", name), err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, eff+1))
	if int64(len(data)) > eff {
		if eff == ratioLimit {
			return nil, ratioErr()
		}
		return nil, sizeErr()
	}
	if err != nil {
		return nil, fail(fmt.Sprintf("member %q corrupt", name), fmt.Sprintf("tệp con %q bị hỏng", name), err)
	}
	b.total += int64(len(data))
	return data, nil
}

func bombErr(name, en, vi string) error {
	return fail(fmt.Sprintf("member %q: %s (zip bomb?)", name, en),
		fmt.Sprintf("tệp con %q: %s (nghi tệp nén độc hại)", name, vi), ErrTooLarge)
}

// cleanName returns a member name as text: UTF-8 when flagged or valid,
// else CP437 (the ZIP default, APPNOTE 4.4.4 bit 11).
func cleanName(n string) string {
	if utf8.ValidString(n) {
		return n
	}
	if s, err := charmap.CodePage437.NewDecoder().String(n); err == nil {
		return s
	}
	return strings.ToValidUTF8(n, "?")
}

// extractZIP lists an archive's members and extracts each within caps;
// nested archives up to Options.MaxDepth.
func extractZIP(ctx context.Context, data []byte, o *Options, depth int, res *Result) error {
	res.Method = MethodZIP
	if depth >= o.MaxDepth {
		res.needsHuman("tệp nén lồng nhau quá nhiều tầng: cần người đọc")
		return fail("archive nested too deep", "tệp nén lồng nhau quá nhiều tầng", nil)
	}
	zr, err := openZip(data, o)
	if err != nil {
		res.needsHuman("tệp nén không mở được: cần người đọc")
		return err
	}
	budget := &zipBudget{o: o}
	var text strings.Builder
	for _, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		if f.FileInfo().IsDir() {
			continue
		}
		name := cleanName(f.Name)
		base := path.Base(strings.ReplaceAll(name, "\\", "/"))
		if strings.HasPrefix(name, "__MACOSX/") || base == ".DS_Store" || base == "Thumbs.db" {
			continue
		}
		m := Result{Filename: name, Method: MethodNone}
		if f.Flags&0x1 != 0 {
			m.needsHuman("tệp con được đặt mật khẩu: cần người đọc")
			m.setErr(fail("member is encrypted", "tệp con được đặt mật khẩu", nil))
			res.Members = append(res.Members, m)
			continue
		}
		body, err := budget.read(f)
		if err != nil {
			m.setErr(err)
			m.needsHuman("tệp con không giải nén được: cần người đọc")
			res.Members = append(res.Members, m)
			if errorsIsTooLarge(err) {
				res.Truncated = true
				res.Notes = append(res.Notes, "Dừng giải nén do vượt giới hạn dung lượng.")
				break
			}
			continue
		}
		m = extractAt(ctx, Input{Filename: name, Data: body}, o, depth+1)
		m.Filename = name
		res.Members = append(res.Members, m)
		if m.Text != "" {
			fmt.Fprintf(&text, "=== %s ===\n%s\n\n", name, m.Text)
		}
		if m.NeedsHuman {
			res.needsHuman("có tệp con trong tệp nén cần người đọc")
		}
		if m.Truncated {
			res.Truncated = true
		}
		res.Images.Count += m.Images.Count
		for _, t := range m.Images.Tiny {
			if len(res.Images.Tiny) < maxTinyListed {
				res.Images.Tiny = append(res.Images.Tiny, t)
			}
		}
		if text.Len() > o.MaxOutputChars*4 {
			res.Truncated = true
			break
		}
	}
	res.Text = text.String()
	return nil
}
