package notice

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestShippedTemplates(t *testing.T) {
	ts, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	d := Data{Reference: "TN-2026-000042", ReceivedAt: Stamp(time.Date(2026, 3, 4, 8, 42, 0, 0, time.UTC), time.FixedZone("ICT", 7*3600)),
		Deadline: &Deadline{Rule: "13.1", Article: "Điều 13 khoản 1", Due: "12:00 ngày 04/03/2026"}}
	s, b, err := ts.Render(Ack, d)
	if err != nil {
		t.Fatal(err)
	}
	if s != "[TN-2026-000042] Ban Biên tập Cổng TTĐT Bộ Tư pháp đã tiếp nhận thông tin" {
		t.Errorf("subject %q", s)
	}
	for _, want := range []string{"Mã theo dõi: TN-2026-000042", "15:42 ngày 04/03/2026", "Thời hạn xử lý: 12:00 ngày 04/03/2026 (Điều 13 khoản 1"} {
		if !strings.Contains(b, want) {
			t.Errorf("acknowledgement lacks %q:\n%s", want, b)
		}
	}
	d.Deadline = nil
	if _, b, _ := ts.Render(Ack, d); strings.Contains(b, "Thời hạn xử lý") {
		t.Errorf("a deadline line without a deadline:\n%s", b)
	}
	words, art, err := Ground("14.4")
	if err != nil || art != "khoản 4 Điều 14" {
		t.Fatalf("Ground: %q %q %v", words, art, err)
	}
	d.Ground, d.GroundArticle = words, art
	if _, b, _ := ts.Render(Refused, d); !strings.Contains(b, "theo khoản 4 Điều 14 Quy chế") || !strings.Contains(b, "đã được đăng tải trên Cổng") {
		t.Errorf("refusal:\n%s", b)
	}
	if _, _, err := Ground("14.9"); err == nil {
		t.Error("an unknown ground accepted")
	}
}

func TestOverrideDirectory(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ack.tmpl", "Subject: Đã nhận {{.Reference}}\n\nMã: {{.Reference}}\n")
	ts, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s, b, _ := ts.Render(Ack, Data{Reference: "TN-1"}); s != "Đã nhận TN-1" || b != "Mã: TN-1\n" {
		t.Errorf("override not used: %q %q", s, b)
	}
	if _, b, _ := ts.Render(Published, Data{Reference: "TN-1"}); !strings.Contains(b, "đã được đăng tải") {
		t.Error("the shipped template of another kind is not kept")
	}
	for _, c := range []struct {
		name, text string
		line       int
		msg        string
	}{
		{"published.tmpl", "Subject: x\n\nDòng 3\n{{.Referense}}\n", 4, "Referense"},
		{"published.tmpl", "Subject: x\n\nDòng 3\nDòng 4\n{{if .PortalURL}}", 5, "unexpected EOF"},
		{"refused.tmpl", "Tiêu đề: x\n\nThân\n", 1, "Subject"},
		{"refused.tmpl", "Subject: x\nThân\n", 2, "trống"},
		{"forwarded.tmpl", "Subject: {{.Unit\n\nThân\n", 1, ""},
		{"forwarded.tmpl", "Subject: {{.Deadline.Due}}\n\nThân\n", 1, "nil pointer"},
		{"tiepnhan.tmpl", "Subject: x\n\nThân\n", 0, "ack.tmpl"},
	} {
		os.RemoveAll(dir)
		os.Mkdir(dir, 0o755)
		write(c.name, c.text)
		_, err := Load(dir)
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Errorf("%q: %v, want a FileError", c.text, err)
			continue
		}
		if fe.File != filepath.Join(dir, c.name) || fe.Line != c.line || !strings.Contains(fe.Msg, c.msg) {
			t.Errorf("%q: %v, want %s line %d with %q", c.text, err, c.name, c.line, c.msg)
		}
	}
}

func FuzzSplit(f *testing.F) {
	f.Add([]byte("Subject: [{{.Reference}}] x\n\nbody\n"))
	f.Add([]byte("\ufeffsubject:x\r\n\r\nbody"))
	f.Add([]byte("Subject"))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, b, line, err := Split(src)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		if strings.Contains(s, "\n") || strings.TrimSpace(b) == "" || line != 3 {
			t.Fatalf("Split(%q) = %q, %q, %d", src, s, b, line)
		}
	})
}
