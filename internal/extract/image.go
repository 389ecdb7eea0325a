package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // register GIF for DecodeConfig
	_ "image/jpeg" // register JPEG for DecodeConfig
	_ "image/png"  // register PNG for DecodeConfig

	_ "golang.org/x/image/bmp"  // register BMP for DecodeConfig
	_ "golang.org/x/image/tiff" // register TIFF for DecodeConfig
	_ "golang.org/x/image/webp" // register WebP for DecodeConfig
)

// extractImage reports an image's pixel size (tiny images are a quality
// flag, Điều 14 khoản 5) and reads its text with tesseract when installed
// and the image is not tiny; otherwise a person must read it. Photos that
// are not documents are OCR'd too (telling them apart is not reliable
// enough); the message's OCR budget bounds the time they take.
func extractImage(ctx context.Context, data []byte, o *Options, res *Result) error {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		res.needsHuman("tệp ảnh hỏng hoặc định dạng ảnh không hỗ trợ: cần người đọc")
		return fail("image header unreadable", "tệp ảnh hỏng hoặc không đúng định dạng", err)
	}
	res.Images.add(cfg.Width, cfg.Height, 0, o.TinyImagePixels)
	if cfg.Width < o.TinyImagePixels || cfg.Height < o.TinyImagePixels {
		// Too small to hold readable text (a logo, an icon, a thumbnail):
		// reported as tiny for the Điều 14 khoản 5 screen, not OCR'd, and
		// nothing for a person to read in it.
		res.Notes = append(res.Notes, fmt.Sprintf("Ảnh %s kích thước nhỏ (%d×%d điểm ảnh), không nhận dạng ký tự.", format, cfg.Width, cfg.Height))
		return nil
	}
	if o.Tools.Tesseract == "" {
		res.needsHuman("tệp ảnh, máy chưa có công cụ nhận dạng ký tự (OCR): cần người đọc")
		return nil
	}
	txt, err := ocrImage(ctx, o, data)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, errOCRBudget) {
			res.needsHuman(humanOCRBudget) // not the file's fault: no error
			return nil
		}
		res.needsHuman("nhận dạng ký tự (OCR) trên ảnh không thành công: cần người đọc")
		return fail("OCR of image failed", "nhận dạng ký tự (OCR) thất bại", err)
	}
	res.Text = txt
	res.Method = MethodOCR
	res.Pages = 1
	res.Notes = append(res.Notes, "Văn bản lấy bằng nhận dạng ký tự (OCR) từ ảnh, có thể có lỗi.")
	return nil
}
