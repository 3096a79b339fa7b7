package intents

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"sync"
)

// Pseudonyms turns identifying ids (Alexa's user, device and session ids,
// the landlord's household reference) into keyed hashes. The same input
// always gives the same pseudonym under one key, so staff can count
// households and sessions, but nobody without the key can go back from a
// pseudonym to the id, or test a guessed id against the data.
type Pseudonyms struct {
	key []byte
	// macs keeps keyed hashes for reuse: keying one costs more than the
	// hashing, and every request hashes two or three ids.
	macs sync.Pool
}

// MinKeyLen is the shortest key accepted: a key an attacker could guess
// would make the hashes reversible by trying ids.
const MinKeyLen = 32

// NewPseudonyms uses key for every pseudonym.
func NewPseudonyms(key []byte) (*Pseudonyms, error) {
	if len(key) < MinKeyLen {
		return nil, fmt.Errorf("pseudonym key is %d bytes, want at least %d", len(key), MinKeyLen)
	}
	return &Pseudonyms{key: append([]byte(nil), key...)}, nil
}

// NewPseudonymKey makes a random key, encoded as it is kept on disk or in a
// secret (base64).
func NewPseudonymKey() (string, error) {
	k := make([]byte, MinKeyLen)
	if _, err := rand.Read(k); err != nil {
		return "", fmt.Errorf("making pseudonym key: %w", err)
	}
	return base64.StdEncoding.EncodeToString(k), nil
}

// DecodePseudonymKey reads a key as NewPseudonymKey writes it.
func DecodePseudonymKey(s string) ([]byte, error) {
	k, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("pseudonym key is not base64: %w", err)
	}
	if len(k) < MinKeyLen {
		return nil, errors.New("pseudonym key is too short: make one with `openssl rand -base64 32`")
	}
	return k, nil
}

// Of returns the pseudonym of id in a namespace ("speaker", "session",
// "account", "household"), so the same string used as two kinds of id hashes apart.
// It is empty for an empty id.
func (p *Pseudonyms) Of(namespace, id string) string {
	if id == "" {
		return ""
	}
	m, ok := p.macs.Get().(*mac)
	if ok {
		m.h.Reset()
	} else {
		m = &mac{h: hmac.New(sha256.New, p.key)}
	}
	defer p.macs.Put(m)
	// One write from a reused buffer: a slice handed to the hash's
	// interface escapes, so building it fresh would allocate each time.
	m.buf = append(append(append(m.buf[:0], namespace...), 0), id...)
	m.h.Write(m.buf)
	// The sum and the text are made in the kept buffers too: the string
	// returned is the one allocation.
	m.sum = m.h.Sum(m.sum[:0])
	m.buf = append(m.buf[:0], prefix(namespace)...)
	// 16 bytes is far beyond any collision risk for a pilot's numbers.
	m.buf = hex.AppendEncode(m.buf, m.sum[:16])
	return string(m.buf)
}

// mac is a keyed hash kept for reuse, with its buffers.
type mac struct {
	h   hash.Hash
	buf []byte
	sum []byte
}

// Household is the pseudonym of a landlord's household reference.
func (p *Pseudonyms) Household(ref string) string { return p.Of("household", ref) }

// prefix tells a reader which kind of pseudonym they are looking at.
func prefix(namespace string) string {
	switch namespace {
	case "household":
		return "hh_"
	case "speaker":
		return "sp_"
	case "session":
		return "se_"
	case "account":
		return "ac_"
	}
	return namespace + "_"
}
