package crypto

import (
	"bytes"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
)

func TestSealBytesRoundTripIsBinarySafe(t *testing.T) {
	k, _ := ring(t, "k1")
	raw := []byte("Subject: CCCD 001203004567\r\n\r\n\x00\xff\xfe binary \x00 tail")
	big := make([]byte, 3<<20)
	rand.Read(big)
	for _, v := range [][]byte{raw, big, {0}} {
		s, err := k.SealBytes(v, "message_raw.raw:7")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(s, []byte("k1:")) || len(s) != len(v)+3+12+16 {
			t.Fatalf("sealed %d bytes into %d, prefix %q", len(v), len(s), s[:3])
		}
		if len(v) > 16 && bytes.Contains(s, v[:16]) {
			t.Fatal("sealed value holds the clear text")
		}
		got, err := k.OpenBytes(s, "message_raw.raw:7")
		if err != nil || !bytes.Equal(got, v) {
			t.Fatalf("OpenBytes = %d bytes, %v; want the %d bytes sealed", len(got), err, len(v))
		}
		if KeyIDBytes(s) != "k1" {
			t.Fatalf("KeyIDBytes = %q", KeyIDBytes(s))
		}
	}
	if s, err := k.SealBytes(nil, "c"); s != nil || err != nil {
		t.Fatalf("SealBytes(nil) = %v, %v", s, err)
	}
	if v, err := k.OpenBytes(nil, "c"); v != nil || err != nil {
		t.Fatalf("OpenBytes(nil) = %v, %v", v, err)
	}
}

func TestOpenBytesRefusesOtherContextTamperingAndClearText(t *testing.T) {
	k, _ := ring(t, "k1")
	s, _ := k.SealBytes([]byte("Mã số thuế 0100109106"), "message_raw.raw:7")
	if _, err := k.OpenBytes(s, "message_raw.raw:8"); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("other row: err = %v, want ErrWrongKey", err)
	}
	bad := bytes.Clone(s)
	bad[len(bad)-1] ^= 1
	if _, err := k.OpenBytes(bad, "message_raw.raw:7"); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("flipped bit: err = %v", err)
	}
	other, _ := ring(t, "k2")
	if _, err := other.OpenBytes(s, "message_raw.raw:7"); !errors.Is(err, ErrWrongKey) || !strings.Contains(err.Error(), `"k1"`) {
		t.Fatalf("unknown key: err = %v", err)
	}
	// A clear RFC 5322 message is never taken for a sealed one, and the
	// error does not echo it.
	for _, clear := range []string{"Received: from mx by mx; CCCD 001203004567", "received: x", "From 001203004567", "k1:short"} {
		_, err := k.OpenBytes([]byte(clear), "c")
		if err == nil {
			t.Fatalf("%q opened", clear)
		}
		if strings.Contains(err.Error(), "001203004567") {
			t.Fatalf("error echoes the value: %v", err)
		}
		if KeyIDBytes([]byte(clear)) == "k1" && clear != "k1:short" {
			t.Fatalf("KeyIDBytes(%q) = k1", clear)
		}
	}
}

func TestRewrapBytes(t *testing.T) {
	old, text := ring(t, "k1")
	s1, _ := old.SealBytes([]byte("raw mail"), "m:1")
	line, _ := GenerateKey("k2", rand.Reader)
	rotated, err := ParseKeyring(strings.NewReader(text+line+"\n"), "keys")
	if err != nil {
		t.Fatal(err)
	}
	s2, changed, err := rotated.RewrapBytes(s1, "m:1")
	if err != nil || !changed || KeyIDBytes(s2) != "k2" {
		t.Fatalf("rewrap = %q %v %v", KeyIDBytes(s2), changed, err)
	}
	if _, changed, _ := rotated.RewrapBytes(s2, "m:1"); changed {
		t.Fatal("a value under the active key was rewrapped again")
	}
	onlyNew, _ := ParseKeyring(strings.NewReader(line+"\n"), "keys")
	if v, err := onlyNew.OpenBytes(s2, "m:1"); err != nil || string(v) != "raw mail" {
		t.Fatalf("after dropping k1: %q, %v", v, err)
	}
	if _, _, err := onlyNew.RewrapBytes(s1, "m:1"); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("rewrap of a value under a dropped key: err = %v", err)
	}
}

func BenchmarkSealBytes(b *testing.B) {
	k, _ := ring(b, "k1")
	msg := make([]byte, 64<<10) // a typical mail with a PDF
	rand.Read(msg)
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		s, err := k.SealBytes(msg, "message_raw.raw:1")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := k.OpenBytes(s, "message_raw.raw:1"); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzOpenBytes(f *testing.F) {
	k, _ := ring(f, "k1")
	s, _ := k.SealBytes([]byte("001203004567"), "ctx")
	f.Add(s)
	f.Add([]byte("k1:"))
	f.Add([]byte(":"))
	f.Add([]byte("Received: from x"))
	f.Add([]byte("abcdefghijklmnopq:xyz"))
	f.Fuzz(func(t *testing.T, sealed []byte) {
		v, err := k.OpenBytes(sealed, "ctx")
		if err != nil {
			if v != nil {
				t.Fatal("value returned with an error")
			}
			if len(sealed) > 20 && strings.Contains(err.Error(), string(sealed)) {
				t.Fatal("error echoes the sealed value")
			}
			return
		}
		if len(sealed) > 0 && KeyIDBytes(sealed) != "k1" {
			t.Fatalf("opened a value whose key id is %q", KeyIDBytes(sealed))
		}
	})
}
