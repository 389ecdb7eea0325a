package pii

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestMaskers(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"citizen", MaskCitizenID, "001203012345", "0012******45"},
		{"citizen spaced", MaskCitizenID, "001 203 012 345", "001 2** *** *45"},
		{"citizen short", MaskCitizenID, "12345", "*****"},
		{"tax", MaskTaxCode, "0100109106", "010*****06"},
		{"tax branch", MaskTaxCode, "0100109106-001", "010*****06-001"},
		{"tax citizen form", MaskTaxCode, "001203012345", "0012******45"},
		{"phone", MaskPhone, "0912345678", "091****678"},
		{"phone spaced", MaskPhone, "0912 345 678", "091* *** 678"},
		{"phone +84", MaskPhone, "+84912345678", "+849*****678"},
		{"phone landline", MaskPhone, "(024) 3762 1234", "(024) **** *234"},
		{"address", MaskAddress, "Số 60 Trần Phú, Điện Biên, Ba Đình, Hà Nội", "…, Hà Nội"},
		{"address country", MaskAddress, "12 Lê Lợi, Quận 1, TP. Hồ Chí Minh, Việt Nam", "…, TP. Hồ Chí Minh, Việt Nam"},
		{"address one part", MaskAddress, "Số 60 Trần Phú", "…"},
		{"address postcode", MaskAddress, "Số 60 Trần Phú, 100000", "…"},
		{"address empty", MaskAddress, "", ""},
		{"name", MaskName, "Nguyễn Văn An", "N. V. A."},
		{"name lower", MaskName, "đỗ thị bích", "Đ. T. B."},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("%s: mask(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// digitsLeft counts the digits that a masked value shows.
func digitsLeft(s string) int { return digitCount(s) }

// No mask shows more digits than it promises to keep.
func TestMasksKeepOnlyFewDigits(t *testing.T) {
	for _, v := range []string{"001203012345", "0912345678", "+84 912 345 678", "0100109106", "02437621234"} {
		if n := digitsLeft(MaskCitizenID(v)); n > 6 {
			t.Errorf("MaskCitizenID(%q) shows %d digits", v, n)
		}
		if n := digitsLeft(MaskPhone(v)); n > 6 {
			t.Errorf("MaskPhone(%q) shows %d digits", v, n)
		}
		if n := digitsLeft(MaskTaxCode(v)); n > 6 {
			t.Errorf("MaskTaxCode(%q) shows %d digits", v, n)
		}
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"CCCD 001203012345 của ông A", "CCCD 0012******45 của ông A"},
		{"CCCD:001203012345.", "CCCD:0012******45."},
		{"SĐT 0912 345 678, email a@b.vn", "SĐT 091* *** 678, email a@b.vn"},
		{"gọi 0912.345.678 hoặc 0912-345-678", "gọi 091*.***.678 hoặc 091*-***-678"},
		{"tel +84 912 345 678", "tel +84 9** *** 678"},
		{"tel 84912345678", "tel 849*****678"},
		{"tel 0084912345678", "tel 008*******678"},
		{"ĐT (024) 3762 1234", "ĐT (024) **** *234"},
		{"MST 0100109106-001", "MST 010*****06-001"},
		{"MST 0100109106", "MST 010****106"},
		{"CMND 123456789", "CMND 123****89"},
		{"CCCD 001 203 012 345", "CCCD 001 2** *** *45"},
		// Not personal: left alone.
		{"ngày 2024-07-12 10:30:00, uid 12345", "ngày 2024-07-12 10:30:00, uid 12345"},
		{"Số: 1319/QĐ-BTP ngày 12/07/2024", "Số: 1319/QĐ-BTP ngày 12/07/2024"},
		{"from 192.168.100.200:993", "from 192.168.100.200:993"},
		{"đã xử lý 12 345 thư", "đã xử lý 12 345 thư"},
		// A date glued to a phone does not hide the phone.
		{"ngày 12 0912 345 678", "ngày 12 091* *** 678"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// rawValues are personal numbers that must never reach a log.
var rawValues = []string{"001203012345", "0912345678", "0100109106", "912345678", "2437621234"}

// assertClean fails when out holds a raw value, with or without separators.
func assertClean(t *testing.T, out string) {
	t.Helper()
	flat := strings.NewReplacer(" ", "", ".", "", "-", "", "(", "", ")", "").Replace(out)
	for _, v := range rawValues {
		if strings.Contains(flat, v) {
			t.Errorf("raw %s in log output:\n%s", v, out)
		}
	}
}

type stringer struct{ s string }

func (s stringer) String() string { return s.s }

type valuer struct{}

func (valuer) LogValue() slog.Value { return slog.StringValue("CCCD 001203012345") }

func TestRedactingHandler(t *testing.T) {
	for _, mk := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		var buf bytes.Buffer
		log := slog.New(NewRedactingHandler(mk(&buf)))
		log = log.With("sender_phone", "0912 345 678", slog.Group("g", "cccd", "001203012345"))
		log.WithGroup("sender").Info("nhận thư từ 0912.345.678, CCCD 001203012345",
			"tax_code", "0100109106",
			"err", errors.New("invalid citizen_id 001-203-012-345"),
			"phone_int", 912345678,
			"landline", stringer{"(024) 3762 1234"},
			"valuer", valuer{},
			"struct", struct{ Phone string }{"0912345678"},
			"bytes", []byte("0912345678"),
			slog.Group("addr", "phone", "+84 912 345 678"),
			"count", 42,
		)
		out := buf.String()
		assertClean(t, out)
		for _, kept := range []string{"0012******45", "091", "count", "42", "sender"} {
			if !strings.Contains(out, kept) {
				t.Errorf("output lost %q:\n%s", kept, out)
			}
		}
	}
}

func TestHandlerEnabled(t *testing.T) {
	h := NewRedactingHandler(slog.NewTextHandler(&bytes.Buffer{}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if h.Enabled(context.Background(), slog.LevelInfo) || !h.Enabled(context.Background(), slog.LevelError) {
		t.Error("Enabled does not follow the wrapped handler")
	}
}
