package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// Token prefixes: API keys and the party tokens of reservations and
// disputes are told apart by their first characters.
const (
	PrefixKeyToken   = "ns_"
	PrefixPartyToken = "nsp_"
)

// NewToken issues a bearer token: prefix and 32 random bytes. Only its
// hash is ever stored; the token is shown once.
func NewToken(prefix string) (token, hash string, err error) {
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", "", err
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(raw[:])
	return token, HashToken(token), nil
}

// HashToken is the stored form of a token (SHA-256, hex).
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
