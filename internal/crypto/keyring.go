// Package crypto encrypts the personal data that Điều 4 khoản 4 of
// Regulation 1319/QĐ-BTP keeps private — a sender's citizen ID, tax code,
// phone number and address — at rest, with AES-256-GCM (NIST SP 800-38D).
//
// Keys live in a file outside the database (a Keyring): one key per line,
// "<id> <base64 of 32 bytes>". The last key of the file seals new values;
// every key of the file opens values. A sealed value is text that starts with
// the id of its key, "<id>:<base64url(nonce | ciphertext | tag)>", so a key
// can be rotated by appending a new key, re-sealing the stored values
// (Rewrap) and only then dropping the old key.
//
// Each value is sealed for a context (for example "submitter.citizen_id:42"),
// passed to GCM as additional data: a ciphertext copied into another row or
// column does not open there.
//
// The package also derives purpose-bound keys (HKDF-SHA256, RFC 5869) from
// the keyring, for the audit trail's HMAC chain.
package crypto

import (
	"bufio"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// KeySize is the size of every key: AES-256.
const KeySize = 32

// maxIDLen bounds a key id; ids are short because each sealed value repeats it.
const maxIDLen = 16

// ErrWrongKey is returned by Open when no key of the ring opens a value: the
// key is unknown, the value was altered, or it was sealed for another context.
var ErrWrongKey = errors.New("personal data cannot be decrypted: unknown key, altered value or wrong context")

// Keyring holds the keys that seal and open personal data.
type Keyring struct {
	ids    []string // in file order; the last one seals
	keys   map[string]cipher.AEAD
	secret map[string][]byte
}

// ParseKeyring reads a key file from r; name is used in errors. Blank lines
// and lines starting with '#' are ignored. Every error names the line.
func ParseKeyring(r io.Reader, name string) (*Keyring, error) {
	k := &Keyring{keys: map[string]cipher.AEAD{}, secret: map[string][]byte{}}
	sc := bufio.NewScanner(io.LimitReader(r, 1<<20))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 2 {
			return nil, fmt.Errorf("%s:%d: want \"<id> <base64 key>\", got %d fields", name, n, len(fields))
		}
		id, enc := fields[0], fields[1]
		if err := checkID(id); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if _, dup := k.keys[id]; dup {
			return nil, fmt.Errorf("%s:%d: key id %q listed twice", name, n, id)
		}
		raw, err := base64.StdEncoding.DecodeString(enc)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: key %q is not base64: %v", name, n, id, err)
		}
		if len(raw) != KeySize {
			return nil, fmt.Errorf("%s:%d: key %q has %d bytes, want %d (AES-256)", name, n, id, len(raw), KeySize)
		}
		block, err := aes.NewCipher(raw)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		k.ids = append(k.ids, id)
		k.keys[id] = aead
		k.secret[id] = raw
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(k.ids) == 0 {
		return nil, fmt.Errorf("%s: no key (want lines \"<id> <base64 of %d bytes>\"; `tiepnhan pii keygen` writes one)", name, KeySize)
	}
	return k, nil
}

// LoadKeyringFile reads the key file at path. A file that other users may
// read is refused: the keys protect citizens' personal data.
func LoadKeyringFile(path string) (*Keyring, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("personal-data key file: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("personal-data key file: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("personal-data key file %s has mode %o: other users can read it; chmod 600 it", path, st.Mode().Perm())
	}
	return ParseKeyring(f, path)
}

func checkID(id string) error {
	if id == "" || len(id) > maxIDLen {
		return fmt.Errorf("key id %q must have 1 to %d characters", id, maxIDLen)
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("key id %q may hold only a-z, 0-9, '-' and '_'", id)
		}
	}
	return nil
}

// GenerateKey returns a new key line "<id> <base64>" for a key file, read
// from rand (crypto/rand.Reader in production).
func GenerateKey(id string, rnd io.Reader) (string, error) {
	if err := checkID(id); err != nil {
		return "", err
	}
	b := make([]byte, KeySize)
	if _, err := io.ReadFull(rnd, b); err != nil {
		return "", fmt.Errorf("read random key: %w", err)
	}
	return id + " " + base64.StdEncoding.EncodeToString(b), nil
}

// ActiveID is the id of the key that seals new values (the file's last).
func (k *Keyring) ActiveID() string { return k.ids[len(k.ids)-1] }

// IDs lists the key ids in file order.
func (k *Keyring) IDs() []string { return append([]string(nil), k.ids...) }

// Seal encrypts plaintext for context with the active key. The empty string
// seals to the empty string (nothing to protect, and "not given" stays
// visible to the sender-data check).
func (k *Keyring) Seal(plaintext, context string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	id := k.ActiveID()
	aead := k.keys[id]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("seal %s: %w", context, err)
	}
	out := aead.Seal(nonce, nonce, []byte(plaintext), []byte(context))
	return id + ":" + base64.RawURLEncoding.EncodeToString(out), nil
}

// Open decrypts a value sealed for context. The empty string opens to the
// empty string. Errors never contain the value.
func (k *Keyring) Open(sealed, context string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	id, body, ok := strings.Cut(sealed, ":")
	if !ok {
		return "", fmt.Errorf("open %s: not a sealed value (no key id prefix)", context)
	}
	aead, known := k.keys[id]
	if !known {
		return "", fmt.Errorf("open %s: key %q is not in the key file: %w", context, truncate(id), ErrWrongKey)
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return "", fmt.Errorf("open %s: sealed value is not base64url", context)
	}
	if len(raw) < aead.NonceSize()+aead.Overhead() {
		return "", fmt.Errorf("open %s: sealed value is too short", context)
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(context))
	if err != nil {
		return "", fmt.Errorf("open %s: %w", context, ErrWrongKey)
	}
	return string(plain), nil
}

// KeyID returns the key id a sealed value names ("" for the empty value).
func KeyID(sealed string) string {
	id, _, _ := strings.Cut(sealed, ":")
	return id
}

// Rewrap re-seals a value with the active key when another key sealed it;
// changed says whether it did.
func (k *Keyring) Rewrap(sealed, context string) (out string, changed bool, err error) {
	if sealed == "" || KeyID(sealed) == k.ActiveID() {
		return sealed, false, nil
	}
	plain, err := k.Open(sealed, context)
	if err != nil {
		return "", false, err
	}
	out, err = k.Seal(plain, context)
	return out, err == nil, err
}

// Derive returns a 32-byte key for purpose (e.g. "audit-chain") derived from
// key id with HKDF-SHA256 (RFC 5869), so the audit trail never uses the
// encryption key itself.
func (k *Keyring) Derive(id, purpose string) ([]byte, error) {
	secret, ok := k.secret[id]
	if !ok {
		return nil, fmt.Errorf("derive %s key: key %q is not in the key file", purpose, truncate(id))
	}
	return hkdf.Key(sha256.New, secret, nil, "tiepnhan "+purpose, 32)
}

func truncate(s string) string {
	if len(s) > maxIDLen {
		return s[:maxIDLen] + "…"
	}
	return s
}
