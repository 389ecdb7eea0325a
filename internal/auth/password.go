package auth

import (
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
)

// Hasher hashes passwords with argon2id. Params defaults to RFC 9106's
// second recommended option (64 MiB, 3 passes); tests may lower it.
type Hasher struct {
	Params *argon2id.Params
}

// DefaultParams are the production argon2id parameters (RFC 9106 §4,
// "SECOND RECOMMENDED option": t=3, m=64 MiB), 2 lanes for the 2-core host.
var DefaultParams = &argon2id.Params{Memory: 64 * 1024, Iterations: 3, Parallelism: 2, SaltLength: 16, KeyLength: 32}

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 12

// ErrWeakPassword is returned for a password shorter than MinPasswordLen.
var ErrWeakPassword = Invalidf("mật khẩu phải có ít nhất %d ký tự", MinPasswordLen)

func (h Hasher) params() *argon2id.Params {
	if h.Params != nil {
		return h.Params
	}
	return DefaultParams
}

// Hash checks the password policy and returns the encoded argon2id hash.
func (h Hasher) Hash(password string) (string, error) {
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return "", ErrWeakPassword
	}
	if len(password) > 1024 {
		return "", Invalidf("mật khẩu quá dài (tối đa 1024 byte)")
	}
	return argon2id.CreateHash(password, h.params())
}

// Verify compares password with an encoded hash in constant time. A
// malformed hash is an error, never a match.
func (h Hasher) Verify(password, hash string) (bool, error) {
	if len(password) > 1024 {
		return false, nil
	}
	return argon2id.ComparePasswordAndHash(password, hash)
}
