package crypto

import (
	"bytes"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func ring(t testing.TB, ids ...string) (*Keyring, string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# test keys\n\n")
	for _, id := range ids {
		line, err := GenerateKey(id, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(line + "\n")
	}
	k, err := ParseKeyring(strings.NewReader(b.String()), "keys")
	if err != nil {
		t.Fatal(err)
	}
	return k, b.String()
}

func TestSealOpenRoundTrip(t *testing.T) {
	k, _ := ring(t, "k1")
	for _, v := range []string{"001203004567", "0100109106-001", "0912 345 678", "Số 5 ngõ 12 phố Hàng Bông, Hà Nội"} {
		s, err := k.Seal(v, "submitter.citizen_id:7")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(s, v) || !strings.HasPrefix(s, "k1:") {
			t.Fatalf("sealed %q = %q: want key id prefix and no clear text", v, s)
		}
		got, err := k.Open(s, "submitter.citizen_id:7")
		if err != nil || got != v {
			t.Fatalf("Open = %q, %v; want %q", got, err, v)
		}
	}
}

func TestSealIsRandomised(t *testing.T) {
	k, _ := ring(t, "k1")
	a, _ := k.Seal("001203004567", "c")
	b, _ := k.Seal("001203004567", "c")
	if a == b {
		t.Fatal("two seals of one value are equal: the nonce is not random")
	}
}

func TestOpenRejectsOtherContextAndTampering(t *testing.T) {
	k, _ := ring(t, "k1")
	s, _ := k.Seal("001203004567", "submitter.citizen_id:7")
	if _, err := k.Open(s, "submitter.citizen_id:8"); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("open in another row: err = %v, want ErrWrongKey", err)
	}
	raw := []byte(s)
	raw[len(raw)-3] ^= 1
	if _, err := k.Open(string(raw), "submitter.citizen_id:7"); err == nil {
		t.Fatal("a flipped bit opened")
	}
	if _, err := k.Open("nokey", "c"); err == nil || strings.Contains(err.Error(), "nokey") {
		t.Fatalf("value without prefix: err = %v (must fail without echoing the value)", err)
	}
	other, _ := ring(t, "k2")
	if _, err := other.Open(s, "submitter.citizen_id:7"); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("unknown key id: err = %v", err)
	}
}

func TestRotation(t *testing.T) {
	old, text := ring(t, "k1")
	s1, _ := old.Seal("0100109106", "tax")
	line, _ := GenerateKey("k2", rand.Reader)
	rotated, err := ParseKeyring(strings.NewReader(text+line+"\n"), "keys")
	if err != nil {
		t.Fatal(err)
	}
	if rotated.ActiveID() != "k2" {
		t.Fatalf("active = %s, want the last key k2", rotated.ActiveID())
	}
	if v, err := rotated.Open(s1, "tax"); err != nil || v != "0100109106" {
		t.Fatalf("old value after rotation: %q, %v", v, err)
	}
	s2, changed, err := rotated.Rewrap(s1, "tax")
	if err != nil || !changed || KeyID(s2) != "k2" {
		t.Fatalf("rewrap = %q %v %v", s2, changed, err)
	}
	if _, changed, _ := rotated.Rewrap(s2, "tax"); changed {
		t.Fatal("a value under the active key was rewrapped again")
	}
	// Once rewrapped, the old key can be dropped.
	onlyNew, _ := ParseKeyring(strings.NewReader(line+"\n"), "keys")
	if v, err := onlyNew.Open(s2, "tax"); err != nil || v != "0100109106" {
		t.Fatalf("after dropping k1: %q, %v", v, err)
	}
}

func TestEmptyValue(t *testing.T) {
	k, _ := ring(t, "k1")
	if s, _ := k.Seal("", "c"); s != "" {
		t.Fatalf("Seal(\"\") = %q", s)
	}
	if v, err := k.Open("", "c"); v != "" || err != nil {
		t.Fatalf("Open(\"\") = %q, %v", v, err)
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	good, _ := GenerateKey("a", rand.Reader)
	for _, c := range []struct{ in, want string }{
		{"", "no key"},
		{"# only a comment\n", "no key"},
		{"k1\n", "keys:1: want"},
		{"\n" + strings.Replace(good, "a ", "A ", 1), "keys:2: key id \"A\""},
		{"k1 !!!\n", "keys:1: key \"k1\" is not base64"},
		{"k1 AAAA\n", "keys:1: key \"k1\" has 3 bytes"},
		{good + "\n\n" + good + "\n", "keys:3: key id \"a\" listed twice"},
		{"abcdefghijklmnopq AAAA\n", "1 to 16 characters"},
	} {
		_, err := ParseKeyring(strings.NewReader(c.in), "keys")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseKeyring(%q) err = %v, want %q", c.in, err, c.want)
		}
	}
}

func TestLoadKeyringFileRefusesReadableFile(t *testing.T) {
	dir := t.TempDir()
	line, _ := GenerateKey("k1", rand.Reader)
	p := filepath.Join(dir, "keys")
	if err := os.WriteFile(p, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKeyringFile(p); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("mode 644: err = %v", err)
	}
	os.Chmod(p, 0o600)
	k, err := LoadKeyringFile(p)
	if err != nil || k.ActiveID() != "k1" {
		t.Fatalf("mode 600: %v", err)
	}
	if _, err := LoadKeyringFile(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("missing file loaded")
	}
}

func TestDerive(t *testing.T) {
	k, _ := ring(t, "k1", "k2")
	a, err := k.Derive("k1", "audit-chain")
	if err != nil || len(a) != 32 {
		t.Fatalf("derive: %v", err)
	}
	b, _ := k.Derive("k1", "audit-chain")
	c, _ := k.Derive("k1", "other")
	d, _ := k.Derive("k2", "audit-chain")
	if !bytes.Equal(a, b) || bytes.Equal(a, c) || bytes.Equal(a, d) {
		t.Fatal("derived keys must be stable per (key, purpose) and differ otherwise")
	}
	if bytes.Equal(a, k.secret["k1"]) {
		t.Fatal("derived key equals the encryption key")
	}
	if _, err := k.Derive("zz", "audit-chain"); err == nil {
		t.Fatal("unknown key derived")
	}
}

func FuzzParseKeyring(f *testing.F) {
	good, _ := GenerateKey("k1", rand.Reader)
	f.Add([]byte(good + "\n"))
	f.Add([]byte("# c\n\nk-2 " + strings.Repeat("A", 44) + "\n"))
	f.Add([]byte("a b c\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		k, err := ParseKeyring(bytes.NewReader(in), "fuzz")
		if err != nil {
			if k != nil {
				t.Fatal("keyring returned with an error")
			}
			return
		}
		s, err := k.Seal("001203004567", "ctx")
		if err != nil {
			t.Fatal(err)
		}
		if v, err := k.Open(s, "ctx"); err != nil || v != "001203004567" {
			t.Fatalf("round trip: %q %v", v, err)
		}
	})
}

func FuzzOpen(f *testing.F) {
	k, _ := ring(f, "k1")
	s, _ := k.Seal("0912345678", "ctx")
	f.Add(s)
	f.Add("k1:")
	f.Add("k1:AAAA")
	f.Add(":::")
	f.Fuzz(func(t *testing.T, sealed string) {
		v, err := k.Open(sealed, "ctx")
		if err != nil {
			if v != "" {
				t.Fatal("value returned with an error")
			}
			if len(sealed) > 20 && strings.Contains(err.Error(), sealed) {
				t.Fatal("error echoes the sealed value")
			}
		}
	})
}
