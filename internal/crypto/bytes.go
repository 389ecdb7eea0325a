package crypto

import (
	"bytes"
	"crypto/rand"
	"fmt"
)

// SealBytes encrypts binary plaintext (a raw RFC 5322 message of up to
// tens of megabytes) for context with the active key, like Seal but without
// the base64 step: the result is "<id>:" followed by nonce | ciphertext |
// tag (AES-256-GCM, NIST SP 800-38D), 29 bytes plus the key id longer than
// the plaintext. Empty plaintext seals to nil, as Seal does for "".
func (k *Keyring) SealBytes(plaintext []byte, context string) ([]byte, error) {
	if len(plaintext) == 0 {
		return nil, nil
	}
	id := k.ActiveID()
	aead := k.keys[id]
	out := make([]byte, len(id)+1+aead.NonceSize(), len(id)+1+aead.NonceSize()+len(plaintext)+aead.Overhead())
	copy(out, id)
	out[len(id)] = ':'
	nonce := out[len(id)+1:]
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal %s: %w", context, err)
	}
	return aead.Seal(out, nonce, plaintext, []byte(context)), nil
}

// OpenBytes decrypts a value sealed by SealBytes for context. Empty input
// opens to nil. Errors name the context and never contain the value.
func (k *Keyring) OpenBytes(sealed []byte, context string) ([]byte, error) {
	if len(sealed) == 0 {
		return nil, nil
	}
	id, body, err := splitBytes(sealed)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", context, err)
	}
	aead, known := k.keys[id]
	if !known {
		return nil, fmt.Errorf("open %s: key %q is not in the key file: %w", context, id, ErrWrongKey)
	}
	if len(body) < aead.NonceSize()+aead.Overhead() {
		return nil, fmt.Errorf("open %s: sealed value is too short", context)
	}
	plain, err := aead.Open(nil, body[:aead.NonceSize()], body[aead.NonceSize():], []byte(context))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", context, ErrWrongKey)
	}
	return plain, nil
}

// KeyIDBytes returns the key id a value sealed by SealBytes names, or ""
// when it does not start with a well-formed one.
func KeyIDBytes(sealed []byte) string {
	id, _, err := splitBytes(sealed)
	if err != nil {
		return ""
	}
	return id
}

// RewrapBytes re-seals a binary value with the active key when another key
// sealed it; changed says whether it did.
func (k *Keyring) RewrapBytes(sealed []byte, context string) (out []byte, changed bool, err error) {
	if len(sealed) == 0 || KeyIDBytes(sealed) == k.ActiveID() {
		return sealed, false, nil
	}
	plain, err := k.OpenBytes(sealed, context)
	if err != nil {
		return nil, false, err
	}
	out, err = k.SealBytes(plain, context)
	return out, err == nil, err
}

// splitBytes cuts "<id>:" off a sealed binary value; the id must be a valid
// key id (checkID), so that a value that is not sealed is refused early.
func splitBytes(sealed []byte) (string, []byte, error) {
	head := sealed[:min(len(sealed), maxIDLen+1)]
	i := bytes.IndexByte(head, ':')
	if i < 0 {
		return "", nil, fmt.Errorf("not a sealed value (no key id prefix)")
	}
	id := string(sealed[:i])
	if checkID(id) != nil {
		return "", nil, fmt.Errorf("not a sealed value (malformed key id)")
	}
	return id, sealed[i+1:], nil
}
